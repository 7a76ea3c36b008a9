"""The bulk proto writers (cp_sat/writers.py) and the model's blocks of variables write exactly what
CP-SAT's own helpers write, so that plans stay byte-identical for a seed with one worker."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.sat.python import cp_model

from ambassade_opt.compile import compile_year
from ambassade_opt.model import Instance
from ambassade_opt.objectives import Terms, lexicographic, rotation_units, weighted
from ambassade_opt.solver.cp_sat.model import CpSatModel
from ambassade_opt.solver.cp_sat.writers import (
    INT64_MAX,
    INT64_MIN,
    add_at_most_ones,
    add_bool_or,
    add_implications,
    add_linear,
    new_bool_vars,
    set_objective,
)
from ambassade_opt.solver.extras import LinearRow
from ambassade_opt.synthetic import generate


def _text(model: cp_model.CpModel) -> str:
    return str(model.proto)


def _pair(n: int) -> tuple[cp_model.CpModel, list[cp_model.IntVar], cp_model.CpModel]:
    """A model built by the helpers (with its literals) and one built in bulk, same variables."""
    by_helpers = cp_model.CpModel()
    lits = [by_helpers.new_bool_var("") for _ in range(n)]
    in_bulk = cp_model.CpModel()
    assert new_bool_vars(in_bulk, n) == 0
    return by_helpers, lits, in_bulk


def test_variables_in_bulk_equal_new_bool_var() -> None:
    by_helpers, _, in_bulk = _pair(5)
    by_helpers.new_bool_var("")
    by_helpers.new_bool_var("")
    assert new_bool_vars(in_bulk, 2) == 5
    assert new_bool_vars(in_bulk, 0) == 7
    assert _text(in_bulk) == _text(by_helpers)


def test_linear_rows_take_the_canonical_form_of_model_add() -> None:
    """Sorted by variable, duplicates merged, zero coefficients dropped, bounds as written."""
    rng = np.random.default_rng(7)
    by_helpers, x, in_bulk = _pair(12)
    for trial in range(60):
        size = int(rng.integers(1, 7))
        idx = rng.integers(0, 12, size)
        coeffs = rng.integers(-3, 4, size)
        if not coeffs.any():
            coeffs[0] = 2
        rhs = int(rng.integers(-4, 5))
        expr = cp_model.LinearExpr.weighted_sum([x[i] for i in idx.tolist()], coeffs.tolist())
        guard = [int(rng.integers(0, 12))] if trial % 3 == 0 else []
        kind = trial % 3
        if kind == 0:
            ct = by_helpers.add(expr <= rhs)
            add_linear(in_bulk, idx, coeffs, INT64_MIN, rhs, guard)
        elif kind == 1:
            ct = by_helpers.add(expr >= rhs)
            add_linear(in_bulk, idx, coeffs, rhs, INT64_MAX, guard)
        else:
            ct = by_helpers.add(expr == rhs)
            add_linear(in_bulk, idx, coeffs, rhs, rhs, guard)
        if guard:
            ct.only_enforce_if(x[guard[0]])
    assert _text(in_bulk) == _text(by_helpers)


def test_boolean_constraints_equal_the_helpers() -> None:
    by_helpers, x, in_bulk = _pair(6)
    by_helpers.add_implication(x[0], x[5])
    by_helpers.add_implication(x[1], x[5]).only_enforce_if(x[4])
    by_helpers.add_at_most_one([x[3], x[1]])
    by_helpers.add_at_most_one([x[0], x[2], x[4]]).only_enforce_if(x[5])
    by_helpers.add_bool_or([x[2], x[0]]).only_enforce_if(x[1])
    add_implications(in_bulk, [0], [5])
    add_implications(in_bulk, [1], [5], [4])
    add_at_most_ones(in_bulk, np.array([3, 1]), np.array([0, 2]))
    add_at_most_ones(in_bulk, np.array([0, 2, 4]), np.array([0, 3]), [5])
    add_bool_or(in_bulk, [2, 0], [1])
    assert _text(in_bulk) == _text(by_helpers)


def test_the_model_blocks_are_consecutive_variables(tiny: Instance) -> None:
    """x, z, y, active, then the rotation units: each block one run of proto indices, in that order."""
    problem = compile_year(tiny)
    units = rotation_units(problem)
    model = CpSatModel(problem, units)
    every_unit = Terms((("unit", np.arange(units.n), np.ones(units.n, dtype=np.int64)),))
    blocks = [model.x, model.z, model.y, model.active, model.variables(every_unit)[0]]
    sizes = [problem.n_pairs, problem.n_staff_pairs, problem.n_mis, problem.n_amb, units.n]
    assert [len(b) for b in blocks] == sizes
    flat = np.concatenate(blocks)
    assert flat.tolist() == list(range(sum(sizes)))
    variables = model.model.proto.variables
    assert len(variables) == sum(sizes)
    assert all(list(v.domain) == [0, 1] for v in variables)


@pytest.mark.parametrize("sense", ["max", "min"])
def test_objective_and_level_rows_equal_the_weighted_sum(sense: str) -> None:
    """Objective and level row from the arrays equal those from weighted_sum over IntVars, whatever
    the order of the terms (stability terms are not sorted by index) and with repeated literals."""
    idx = np.array([4, 1, 7, 1, 0], dtype=np.int64)
    coeffs = np.array([3, -2, 5, 4, 0], dtype=np.int64)
    by_helpers, x, in_bulk = _pair(8)
    expr = cp_model.LinearExpr.weighted_sum([x[i] for i in idx.tolist()], coeffs.tolist()) + 11
    if sense == "max":
        by_helpers.maximize(expr)
        by_helpers.add(expr >= 9)
        add_linear(in_bulk, idx, coeffs, 9 - 11, INT64_MAX)
    else:
        by_helpers.minimize(expr)
        by_helpers.add(expr <= 9)
        add_linear(in_bulk, idx, coeffs, INT64_MIN, 9 - 11)
    set_objective(in_bulk, idx, coeffs, 11, sense == "max")
    assert _text(in_bulk) == _text(by_helpers)


@pytest.mark.parametrize("sense", ["max", "min"])
def test_a_level_row_of_the_model_equals_model_add(tiny: Instance, sense: str) -> None:
    """CpSatModel.add_rows writes a stage's level (terms with an offset, repeated variables) as
    ``model.add`` would."""
    problem = compile_year(tiny)
    model = CpSatModel(problem, rotation_units(problem))
    reference = model.model.clone()
    terms = Terms((("x", np.array([3, 0, 3]), np.array([2, 5, -1])),
                   ("y", np.array([1, 2]), np.array([4, 4]))), 6)
    row = LinearRow(terms, lower=9) if sense == "max" else LinearRow(terms, upper=9)
    model.add_rows([row])
    variables, coeffs = model.variables(terms)
    expr = cp_model.LinearExpr.weighted_sum(
        [reference.get_int_var_from_proto_index(int(v)) for v in variables], coeffs.tolist()) + 6
    reference.add(expr >= 9 if sense == "max" else expr <= 9)
    assert _text(model.model) == _text(reference)


def test_objective_written_from_arrays_equals_maximize_and_minimize() -> None:
    problem = compile_year(generate("S", seed=2))
    units = rotation_units(problem)
    model = CpSatModel(problem, units)
    stages = lexicographic(problem, None, units)
    stages.append(weighted(stages, {"rotation": 3.0, "cost": 0.5}))
    for stage in stages:
        variables, coeffs = model.variables(stage.terms)
        expr = cp_model.LinearExpr.weighted_sum(
            [model.model.get_int_var_from_proto_index(int(v)) for v in variables], coeffs.tolist())
        expr += stage.terms.offset
        (model.model.maximize if stage.sense == "max" else model.model.minimize)(expr)
        expected = str(model.model.proto.objective)
        set_objective(model.model, variables, coeffs, stage.terms.offset, stage.sense == "max")
        assert str(model.model.proto.objective) == expected, stage.name
