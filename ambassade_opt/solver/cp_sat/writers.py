"""Writing a CP-SAT model's proto in bulk, from numpy arrays.

Large years have millions of literals and constraints: written one Python object at a time they
cost more time and memory than the model. These writers produce exactly what CP-SAT's own
``new_bool_var``/``add`` helpers produce (same variables, same constraints, same order), straight
into the proto.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from ...compiled import IntArray

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def new_bool_vars(model: cp_model.CpModel, count: int) -> int:
    """Append ``count`` unnamed Boolean variables; returns the first one's index."""
    variables = model.proto.variables
    first = len(variables)
    template = cp_model_helper.IntegerVariableProto()
    template.domain.extend([0, 1])
    variables.extend([template] * count)
    return first


def add_linear(
    model: cp_model.CpModel,
    variables: Sequence[int] | IntArray,
    coeffs: Sequence[int] | IntArray,
    lower: int,
    upper: int,
    enforcement: Sequence[int] = (),
) -> None:
    """``lower ≤ Σ coeffs·variables ≤ upper``, in the canonical form of ``model.add``: variables in
    increasing index order, duplicates merged, zero coefficients dropped."""
    var = np.asarray(variables, dtype=np.int64)
    coeff = np.asarray(coeffs, dtype=np.int64)
    if len(var) > 1 and not bool((var[1:] > var[:-1]).all()):
        var, where = np.unique(var, return_inverse=True)
        merged = np.zeros(len(var), dtype=np.int64)
        np.add.at(merged, where, coeff)
        coeff = merged
    if not bool(coeff.all()):
        keep = coeff != 0
        var, coeff = var[keep], coeff[keep]
    ct = model.proto.constraints.add()
    if enforcement:
        ct.enforcement_literal.extend(list(enforcement))
    ct.linear.vars.extend(var.tolist())
    ct.linear.coeffs.extend(coeff.tolist())
    ct.linear.domain.extend([max(int(lower), INT64_MIN), min(int(upper), INT64_MAX)])


def add_implications(
    model: cp_model.CpModel,
    premises: Sequence[int],
    conclusions: Sequence[int],
    enforcement: Sequence[int] = (),
) -> None:
    """``premise ⇒ conclusion`` per position (as ``add_implication``, then ``only_enforce_if``)."""
    constraints = model.proto.constraints
    extra = list(enforcement)
    for premise, conclusion in zip(premises, conclusions, strict=True):
        ct = constraints.add()
        ct.enforcement_literal.append(premise)
        if extra:
            ct.enforcement_literal.extend(extra)
        ct.bool_and.literals.append(conclusion)


def add_at_most_ones(
    model: cp_model.CpModel, literals: IntArray, offsets: IntArray, enforcement: Sequence[int] = ()
) -> None:
    """One "at most one" per group ``literals[offsets[g]:offsets[g + 1]]``."""
    constraints = model.proto.constraints
    flat = literals.tolist()
    extra = list(enforcement)
    for lo, hi in itertools.pairwise(offsets.tolist()):
        ct = constraints.add()
        if extra:
            ct.enforcement_literal.extend(extra)
        ct.at_most_one.literals.extend(flat[lo:hi])


def add_bool_or(
    model: cp_model.CpModel, literals: Sequence[int] | IntArray, enforcement: Sequence[int] = ()
) -> None:
    ct = model.proto.constraints.add()
    if enforcement:
        ct.enforcement_literal.extend(list(enforcement))
    ct.bool_or.literals.extend(np.asarray(literals, dtype=np.int64).tolist())


def set_objective(
    model: cp_model.CpModel, indices: IntArray, coeffs: IntArray, offset: int, maximize: bool
) -> None:
    """``model.maximize/minimize(Σ coeffs · literals + offset)`` written from arrays: by variable
    index, repeated variables summed, zeros left out; CP-SAT stores a maximisation negated, with a
    scaling factor of −1."""
    model.clear_objective()  # type: ignore[no-untyped-call]
    sign = -1 if maximize else 1
    unique, position = np.unique(indices, return_inverse=True)
    summed = np.zeros(len(unique), dtype=np.int64)
    np.add.at(summed, position, coeffs)
    keep = summed != 0
    objective = model.proto.objective
    objective.vars.extend(unique[keep].tolist())
    objective.coeffs.extend((sign * summed[keep]).tolist())
    objective.offset = float(sign * offset)
    objective.scaling_factor = float(sign)
