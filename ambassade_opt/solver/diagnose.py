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
    rule_of = {lit: name for name, lit in model.rule_literals.items()}
    every = sorted([*rule_of, *model.pin_literals, *model.frozen_literals])

    def infeasible(assumed: list[int]) -> list[int] | None:
        model.model.clear_assumptions()
        model.model.add_assumptions([cp_model.IntVar(model.model.proto, i) for i in assumed])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = ctx.options.seed
        solver.parameters.max_time_in_seconds = time_limit
        if solver.solve(model.model) != cp_model.INFEASIBLE:
            return None
        return [int(i) for i in solver.sufficient_assumptions_for_infeasibility()]

    core = infeasible(every)
    if core is None:
        return [PinConflict(mission="-", person=None, rule="unknown",
                            message="the plan is infeasible but no conflict could be isolated in time")]
    for i in sorted(core):  # shrink the core: drop each member that is not needed
        trial = [j for j in core if j != i]
        smaller = infeasible(trial) if trial else None
        if smaller is not None:
            core = smaller if len(smaller) < len(trial) else trial
    rule = ", ".join(label(rule_of[i]) for i in core if i in rule_of) or "extra constraints"
    culprits: list[tuple[str, str | None, str]] = []  # mission id, person id, how it is named
    for i in core:
        if i in model.pin_literals:
            mission_index, who_index, staff = model.pin_literals[i]
            who = (problem.staff_ids if staff else problem.ambassador_ids)[who_index]
            mid = problem.mission_ids[mission_index]
            culprits.append((mid, who, f"{who} on {mid}"))
        elif i in model.frozen_literals:
            frozen_id = problem.mission_ids[model.frozen_literals[i]]
            culprits.append((frozen_id, None, f"frozen {frozen_id}"))
    if not culprits:  # no pin, no frozen mission: the callers' requirements themselves
        against = "" if rule == "extra constraints" else f" with {rule}"
        return [PinConflict(mission="-", person=None, rule=rule,
                            message=f"the solve's requirements cannot hold together{against}")]
    out = []
    for mission, person, name in culprits:
        others = [n for _, _, n in culprits if n != name]
        with_others = f" together with {', '.join(others)}" if others else ""
        what = f"pin of {name}" if person is not None else name
        out.append(PinConflict(mission=mission, person=person, rule=rule,
                               message=f"{what}{with_others} breaks {rule}"))
    return out
