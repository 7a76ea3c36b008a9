"""Which pins, frozen missions and rules cannot hold together, when no plan keeps them all.

The CP-SAT model is rebuilt with one assumption literal per rule, per pin and per frozen mission;
CP-SAT returns sufficient assumptions for infeasibility, and that core is shrunk by deletion:
what is left names the pins and the rules at fault.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..rules.registry import label
from .cp_sat.model import CpSatModel
from .engines.base import SolveContext
from .result import PinConflict


def diagnose(ctx: SolveContext, time_limit: float = 20.0) -> list[PinConflict]:
    problem = ctx.problem
    model = CpSatModel(problem, ctx.units, diagnose=True)
    model.fix_frozen(ctx.frozen)
    model.add_rows(ctx.requirements)
    labels: dict[int, tuple[str, object]] = {lit: ("rule", name) for name, lit in model.rule_literals.items()}
    labels.update({lit: ("pin", pin) for lit, pin in model.pin_literals.items()})
    labels.update({lit: ("frozen", m) for lit, m in model.frozen_literals.items()})

    def infeasible(assumed: list[int]) -> list[int] | None:
        model.model.clear_assumptions()  # type: ignore[no-untyped-call]
        model.model.add_assumptions([cp_model.IntVar(model.model.proto, i) for i in assumed])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = ctx.options.seed
        solver.parameters.max_time_in_seconds = time_limit
        if solver.solve(model.model) != cp_model.INFEASIBLE:
            return None
        return [int(i) for i in solver.sufficient_assumptions_for_infeasibility()]

    core = infeasible(sorted(labels))
    if core is None:
        return [PinConflict(mission="-", person=None, rule="unknown",
                            message="the plan is infeasible but no conflict could be isolated in time")]
    for i in sorted(core):  # shrink the core: drop each member that is not needed
        trial = [j for j in core if j != i]
        smaller = infeasible(trial) if trial else None
        if smaller is not None:
            core = smaller if len(smaller) < len(trial) else trial
    rules = [str(labels[i][1]) for i in core if labels[i][0] == "rule"]
    rule = ", ".join(label(r) for r in rules) or "extra constraints"
    culprits = [labels[i] for i in core if labels[i][0] != "rule"]
    names = [_name(ctx, kind, what) for kind, what in culprits]
    out = []
    for (kind, what), name in zip(culprits, names, strict=True):
        others = [n for n in names if n != name]
        with_others = f" together with {', '.join(others)}" if others else ""
        if kind == "pin":
            m, person, staff = what  # type: ignore[misc]
            who = (problem.staff_ids if staff else problem.ambassador_ids)[person]
            out.append(PinConflict(mission=problem.mission_ids[m], person=who, rule=rule,
                                   message=f"pin of {name}{with_others} breaks {rule}"))
        else:
            out.append(PinConflict(mission=problem.mission_ids[int(what)], person=None, rule=rule,  # type: ignore[call-overload]
                                   message=f"{name}{with_others} breaks {rule}"))
    return out


def _name(ctx: SolveContext, kind: str, what: object) -> str:
    problem = ctx.problem
    if kind == "pin":
        m, person, staff = what  # type: ignore[misc]
        who = (problem.staff_ids if staff else problem.ambassador_ids)[person]
        return f"{who} on {problem.mission_ids[m]}"
    return f"frozen {problem.mission_ids[int(what)]}"  # type: ignore[call-overload]
