"""Which pin breaks which rule.

Cheap checks first (:func:`pin_problems`: eligibility, seats, pair, initiative — the rules a single
pin can break on its own). When the model is still infeasible, :func:`diagnose` rebuilds it with one
assumption literal per pin, per frozen mission and per rule family, asks CP-SAT for sufficient
assumptions for infeasibility and shrinks that core by deletion: what is left names the pins and the
rules that cannot hold together.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..compiled import ProblemData
from ..errors import InputError
from ..model import Instance
from ..plan import Assignment
from ..rules.eligibility import eligibility_problems
from ..rules.pair import staff_problems
from .constraints import FAMILIES
from .constraints import pinned as pinned_rule
from .options import SolveOptions
from .result import PinConflict
from .variables import RULE_FAMILIES, create

RULE_NUMBER = {"eligibility": 1, "seats": 2, "pair": 3, "overlap": 4, "load": 5, "group_cap": 6,
               "money": 7, "initiative": 8, "pinned": 9, "frozen": 0, "extra": 0}


def rule_name(family: str) -> str:
    n = RULE_NUMBER.get(family, 0)
    return f"{family} (rule {n})" if n else family


def frozen_problems(instance: Instance, fixed: dict[str, Assignment | None]) -> list[PinConflict]:
    """Frozen missions must name known missions and people (else bad input)."""
    problems: list[tuple[str, str]] = []
    missions = {m.id for m in instance.missions}
    amb = {a.id for a in instance.ambassadors}
    staff = {s.id for s in instance.staff}
    for mid, asg in sorted(fixed.items()):
        if mid not in missions:
            problems.append((f"fixed[{mid}]", "unknown mission"))
            continue
        if asg is None:
            continue
        for a in asg.ambassadors:
            if a not in amb:
                problems.append((f"fixed[{mid}].ambassadors", f"unknown ambassador {a!r}"))
        if asg.staff is not None and asg.staff not in staff:
            problems.append((f"fixed[{mid}].staff", f"unknown staff member {asg.staff!r}"))
    if problems:
        raise InputError(problems)
    return []


def pin_problems(data: ProblemData, fixed: dict[str, Assignment | None]) -> list[PinConflict]:
    """Pins that break a rule on their own, found without a solve."""
    inst = data.instance
    out: list[PinConflict] = []
    amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
    staff = {sid: i for i, sid in enumerate(data.staff_ids)}
    for m, mission in enumerate(inst.missions):
        pins = list(mission.pinned_ambassadors)
        if not pins and mission.pinned_staff is None:
            continue
        first_pinned = pins[0] if pins else mission.pinned_staff
        if mission.id in fixed and fixed[mission.id] is None:
            out.append(PinConflict(mission=mission.id, person=first_pinned,
                                   rule="frozen", message="the mission is frozen unassigned but has pins"))
        if not data.m_staffable[m]:
            out.append(PinConflict(mission=mission.id, person=first_pinned,
                                   rule=rule_name("initiative"),
                                   message="pinned on an ambassador initiative that is not approved"))
        if len(pins) > mission.seats_max:
            out.append(PinConflict(mission=mission.id, person=pins[-1], rule=rule_name("seats"),
                                   message=f"{len(pins)} pinned ambassadors, seats_max is "
                                           f"{mission.seats_max}"))
        for aid in pins:
            if data.pair_index(amb[aid], m) < 0:
                problems = eligibility_problems(inst, inst.ambassador(aid), mission)
                why = "; ".join(problems) or "is not eligible"
                out.append(PinConflict(mission=mission.id, person=aid, rule=rule_name("eligibility"),
                                       message=f"pinned ambassador {aid} {why}"))
        if mission.needs_staff_pair and not any(
                data.staff_pair_index(s, m) >= 0 for s in range(data.n_staff)):
            out.append(PinConflict(mission=mission.id, person=first_pinned,
                                   rule=rule_name("pair"),
                                   message="the mission needs a staff pair and no staff member is eligible"))
        elif mission.pinned_staff is not None and data.staff_pair_index(staff[mission.pinned_staff], m) < 0:
            why = "; ".join(staff_problems(inst.staff_member(mission.pinned_staff), mission))
            out.append(PinConflict(mission=mission.id, person=mission.pinned_staff, rule=rule_name("pair"),
                                   message=f"pinned staff {mission.pinned_staff} {why}"))
        proposer = int(data.m_proposer[m])
        if data.m_staffable[m] and proposer >= 0 and data.pair_index(proposer, m) < 0:
            out.append(PinConflict(mission=mission.id, person=first_pinned,
                                   rule=rule_name("initiative"),
                                   message=f"the proposer {mission.proposed_by} cannot take the initiative, "
                                           "so it cannot be staffed"))
    return out


def diagnose(instance: Instance, data: ProblemData, options: SolveOptions,
             forced: list[tuple[str, str]], time_limit: float = 20.0) -> list[PinConflict]:
    model = cp_model.CpModel()
    ctx = create(model, data, options, diagnose=True)
    pin_lits: dict[pinned_rule.Pin, cp_model.IntVar] = {}
    for pin in pinned_rule.pins(ctx):
        pin_lits[pin] = model.new_bool_var(f"pin_{pin.mission}_{pin.person}_{int(pin.staff)}")
    for name, add in FAMILIES.items():
        if name == "pinned":
            pinned_rule.add(ctx, pin_lits)
        else:
            add(ctx)
    frozen_lits: dict[str, cp_model.IntVar] = {}
    mis = {mid: i for i, mid in enumerate(data.mission_ids)}
    amb = {aid: i for i, aid in enumerate(data.ambassador_ids)}
    staff = {sid: i for i, sid in enumerate(data.staff_ids)}
    for mid, asg in sorted(options.fixed.items()):
        lit = frozen_lits[mid] = model.new_bool_var(f"frozen_{mid}")
        m = mis[mid]
        if asg is None:
            model.add(ctx.covered[m] == 0).only_enforce_if(lit)
            continue
        keep = {data.pair_index(amb[a], m) for a in asg.ambassadors}
        for p in ctx.mission_pairs(m):
            model.add(ctx.pair_x[p] == (1 if p in keep else 0)).only_enforce_if(lit)
        sp = None if asg.staff is None else data.staff_pair_index(staff[asg.staff], m)
        for p in ctx.mission_staff_pairs(m):
            model.add(ctx.staff_pair_x[p] == (1 if p == sp else 0)).only_enforce_if(lit)
        model.add(ctx.covered[m] == 1).only_enforce_if(lit)
    for extra in options.extra_constraints:
        extra(ctx)
    labels: dict[int, tuple[str, object]] = {}
    for fam in RULE_FAMILIES:
        labels[ctx.family_literals[fam].index] = ("family", fam)
    for pin, lit in pin_lits.items():
        labels[lit.index] = ("pin", pin)
    for mid, lit in frozen_lits.items():
        labels[lit.index] = ("frozen", mid)
    all_lits = {**{v.index: v for v in ctx.family_literals.values()},
                **{v.index: v for v in pin_lits.values()},
                **{v.index: v for v in frozen_lits.values()}}

    def infeasible(assumed: list[int]) -> list[int] | None:
        model.clear_assumptions()
        model.add_assumptions([all_lits[i] for i in assumed])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = options.seed
        solver.parameters.max_time_in_seconds = time_limit
        if solver.solve(model) != cp_model.INFEASIBLE:
            return None
        return [int(i) for i in solver.sufficient_assumptions_for_infeasibility()]

    core = infeasible(sorted(all_lits))
    if core is None:
        return [PinConflict(mission="-", person=None, rule="unknown",
                            message="the plan is infeasible but no conflict could be isolated in time")]
    # shrink the core: drop each member that is not needed
    for i in sorted(core):
        trial = [j for j in core if j != i]
        smaller = infeasible(trial) if trial else None
        if smaller is not None:
            core = smaller if len(smaller) < len(trial) else trial
    families = [str(labels[i][1]) for i in core if labels[i][0] == "family"]
    rule = ", ".join(rule_name(f) for f in families) or "extra constraints"
    conflicts: list[PinConflict] = []
    culprits = [labels[i] for i in core if labels[i][0] != "family"]
    names = []
    for kind, what in culprits:
        if kind == "pin":
            assert isinstance(what, pinned_rule.Pin)
            who = data.staff_ids[what.person] if what.staff else data.ambassador_ids[what.person]
            names.append(f"{who} on {data.mission_ids[what.mission]}")
        else:
            names.append(f"frozen {what}")
    for (kind, what), name in zip(culprits, names, strict=True):
        others = [n for n in names if n != name]
        with_others = f" together with {', '.join(others)}" if others else ""
        if kind == "pin":
            assert isinstance(what, pinned_rule.Pin)
            who = data.staff_ids[what.person] if what.staff else data.ambassador_ids[what.person]
            conflicts.append(PinConflict(mission=data.mission_ids[what.mission], person=who, rule=rule,
                                         message=f"pin of {name}{with_others} breaks {rule}"))
        else:
            conflicts.append(PinConflict(mission=str(what), person=None, rule=rule,
                                         message=f"{name}{with_others} breaks {rule}"))
    return conflicts
