"""The bulk proto writers (variables.py) and array-backed stages (objective.py) write exactly what
CP-SAT's own helpers write, so that plans stay byte-identical for a seed with one worker."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.sat.python import cp_model

from ambassade_opt.compiled import ProblemData
from ambassade_opt.model import Instance
from ambassade_opt.solver.constraints import add_all
from ambassade_opt.solver.objective import Stage, build_stages, rotation_units, weighted_stage
from ambassade_opt.solver.options import SolveOptions
from ambassade_opt.solver.variables import (
    INT64_MAX,
    INT64_MIN,
    Literals,
    add_at_most_ones,
    add_bool_or,
    add_implications,
    add_linear,
    create,
    new_bool_vars,
)


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
    by_helpers.new_bool_var("r0_1")
    by_helpers.new_bool_var("r0_2")
    assert new_bool_vars(in_bulk, 2, ["r0_1", "r0_2"]) == 5
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


def test_literals_wrap_consecutive_variables() -> None:
    model = cp_model.CpModel()
    new_bool_vars(model, 3)
    lits = Literals(model, new_bool_vars(model, 4), 4)
    assert len(lits) == 4
    assert lits[0].index == 3 and lits[-1].index == 6
    assert [v.index for v in lits] == [3, 4, 5, 6]
    assert [v.index for v in lits[1:3]] == [4, 5]
    assert lits.indices.tolist() == [3, 4, 5, 6]
    with pytest.raises(IndexError):
        lits[4]


@pytest.mark.parametrize("sense", ["max", "min"])
def test_stage_expression_equals_the_weighted_sum(sense: str) -> None:
    """Objective and level row from the arrays equal those from weighted_sum over IntVars, whatever
    the order of the terms (stability terms are not sorted by index) and with repeated literals."""
    idx = np.array([4, 1, 7, 1, 0], dtype=np.int64)
    coeffs = np.array([3, -2, 5, 4, 0], dtype=np.int64)
    by_helpers, x, in_bulk = _pair(8)
    expr = cp_model.LinearExpr.weighted_sum([x[i] for i in idx.tolist()], coeffs.tolist()) + 11
    stage = Stage("s", "max" if sense == "max" else "min", in_bulk, idx, coeffs, 11)
    for model, e in ((by_helpers, expr), (in_bulk, stage.expression())):
        if sense == "max":
            model.maximize(e)
            model.add(e >= 9)
        else:
            model.minimize(e)
            model.add(e <= 9)
    assert _text(in_bulk) == _text(by_helpers)
    assert [(v.index, c) for v, c in stage.terms] == list(zip(idx.tolist(), coeffs.tolist(), strict=True))
    solution = np.array([1, 1, -1, 0, 1, 0, 0, 1])
    assert stage.value(solution) == sum(c * max(int(solution[v.index]), 0) for v, c in stage.terms) + 11


def test_weighted_stage_merges_terms_in_first_seen_order(tiny: Instance) -> None:
    data = ProblemData.build(tiny)
    model = cp_model.CpModel()
    ctx = create(model, data, SolveOptions())
    add_all(ctx)
    stages = build_stages(ctx, rotation_units(ctx))
    weighted = weighted_stage(stages, {})
    # reference: the dictionary merge of (literal, coefficient) terms
    acc: dict[int, int] = {}
    per_unit = {"coverage": 1000.0, "rotation": -10.0, "match": 1.0, "cost": -0.0001}
    scale = min(1000.0 / min(abs(v) for v in per_unit.values()), 1e6)
    for st in stages:
        factor = per_unit[st.name] * scale
        for lit, c in st.terms:
            coeff = int(np.rint(factor * c))
            if coeff:
                acc[lit.index] = acc.get(lit.index, 0) + coeff
    expected = [(i, c) for i, c in acc.items() if c != 0]
    assert [(v.index, c) for v, c in weighted.terms] == expected


def test_objective_written_from_arrays_equals_maximize_and_minimize() -> None:
    from ambassade_opt.solver.engine import set_objective
    from ambassade_opt.synthetic import generate

    data = ProblemData.build(generate("S", seed=2))
    model = cp_model.CpModel()
    ctx = create(model, data, SolveOptions())
    add_all(ctx)
    stages = build_stages(ctx, rotation_units(ctx))
    stages.append(weighted_stage(stages, {"rotation": 3.0, "cost": 0.5}))
    for stage in stages:
        (model.maximize if stage.sense == "max" else model.minimize)(stage.expression())
        expected = str(model.proto.objective)
        set_objective(model, stage)
        assert str(model.proto.objective) == expected, stage.name
