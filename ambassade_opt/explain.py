"""Why a mission is left out: a plain-words reason naming the rule that keeps it uncovered.

For every mission a plan does not assign, :func:`explain_unassigned` asks the rules in the order a
coordinator would: can the mission be covered at all (initiative approval, pins, who is eligible
filter by filter, a staff pair, a pay above the cap — each rule's :meth:`mission_problem`); then,
given the rest of the plan (a :class:`~ambassade_opt.rules.state.PlanState`), can the people it
cannot go without join it, are enough eligible people still free (the rules' incremental tests:
their caps, their other missions), does the group cap leave room, is a staff member free, does the
budget allow the cheapest team. When every rule would allow it, the seats were simply worth more
elsewhere, and :func:`suggest_cover` gives that cheapest team.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compile import compile_year
from .compiled import BoolArray, IntArray, ProblemData
from .model import Instance, Mission
from .plan import Assignment
from .rules import PlanLike, assignment_list
from .rules.base import PersonBlock
from .rules.group_cap import binding_cap
from .rules.money import cost_of
from .rules.pair import pair_needed
from .rules.registry import BY_NAME
from .rules.seats import minimum
from .rules.state import PlanState

# The order in which the rules are asked why a mission can never be covered, and why a person is busy.
STATIC_ORDER = ("initiative", "pinned", "eligibility", "pair", "money")
BUSY_ORDER = ("load", "overlap", "money")


class EligibilityIndex:
    """The compiled year, kept across calls on the same instance (rule 1 for every ambassador)."""

    def __init__(self, instance: Instance, problem: ProblemData | None = None) -> None:
        self.instance = instance
        self.problem = problem if problem is not None else compile_year(instance)
        self.ids = self.problem.ambassador_ids
        self.position = self.problem.ambassador_position

    def eligible(self, mission: Mission) -> BoolArray:
        """Who may take ``mission`` (rule 1), as a mask over the ambassadors."""
        m = self.problem.mission_position[mission.id]
        out = np.zeros(self.problem.n_amb, dtype=np.bool_)
        out[self.problem.pair_amb[self.problem.pairs_of_mission(m)]] = True
        return out


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _ordered(blocks: list[PersonBlock]) -> list[PersonBlock]:
    rank = {name: i for i, name in enumerate(BUSY_ORDER)}
    return sorted(blocks, key=lambda b: rank.get(b.rule, len(rank)))


@dataclass
class _Walk:
    problem: ProblemData
    state: PlanState

    def static(self, m: int) -> str | None:
        found = self.state.mission_problems(m, [BY_NAME[name] for name in STATIC_ORDER])
        return found[0][1] if found else None

    def assess(self, m: int) -> tuple[str, Assignment | None]:
        """The reason ``m`` stays uncovered given the plan, and — when every rule would allow it —
        the cheapest cover that keeps the plan valid."""
        problem, state = self.problem, self.state
        mission = problem.instance.missions[m]
        people = problem.pair_amb[problem.pairs_of_mission(m)]
        blocks = _ordered(state.blocks(m, people))
        free = np.ones(len(people), dtype=np.bool_)
        for b in blocks:
            free &= ~b.mask
        required, required_staff = state.required(m)
        proposer = mission.proposed_by if mission.origin == "ambassador_initiative" else None
        for a in sorted(required.tolist(), key=lambda a: problem.ambassador_ids[a] != proposer):
            obstacles = sorted(
                state.obstacles(m, a),
                key=lambda o: BUSY_ORDER.index(o.rule) if o.rule in BUSY_ORDER else len(BUSY_ORDER),
            )
            if obstacles:
                aid = problem.ambassador_ids[a]
                role = "proposer" if aid == proposer else "pinned ambassador"
                return f"{role} {aid} cannot take it ({obstacles[0].text})", None
        need = int(minimum(problem)[m])
        if int(free.sum()) < need:
            return self._busy(people, blocks, free, need), None
        cover = self._cheapest(m, people[free], required)
        if cover is None:
            cap = binding_cap(problem)
            active = self.state.plan.active_count
            active_free = int((state.plan.load[people[free]] > 0).sum())
            return (
                f"group cap reached: {active} active ambassadors of {cap}, "
                f"and {_plural(active_free, 'active one')} free for {need} seats"
            ), None
        staff = -1
        if pair_needed(mission):
            staff_or_reason = self._staff(m, required_staff)
            if isinstance(staff_or_reason, str):
                return staff_or_reason, None
            staff = staff_or_reason
        money = [text for rule, text in state.team_problems(m, cover, staff) if rule == "money"]
        if money:
            return money[0], None
        suggestion = Assignment(
            mission=mission.id,
            ambassadors=[problem.ambassador_ids[a] for a in sorted(cover)],
            staff=None if staff < 0 else problem.staff_ids[staff],
        )
        return f"not covered: the seats were worth more elsewhere (priority {mission.priority})", suggestion

    def _busy(self, people: IntArray, blocks: list[PersonBlock], free: BoolArray, need: int) -> str:
        counts: dict[str, int] = {}
        left = np.ones(len(people), dtype=np.bool_)
        for b in blocks:  # first reason wins
            hit = int((left & b.mask).sum())
            if hit:
                counts[b.reason] = counts.get(b.reason, 0) + hit
            left &= ~b.mask
        n_free, n_eligible = int(free.sum()), len(people)
        if n_free == 0 and len(counts) == 1:
            return f"all eligible ambassadors are {next(iter(counts))}"
        detail = ", ".join(f"{c} {reason}" for reason, c in counts.items())
        if n_free == 0:
            return f"all {n_eligible} eligible ambassadors are busy: {detail}"
        return f"only {n_free} of {n_eligible} eligible ambassadors are free, it needs {need}: {detail}"

    def _cheapest(self, m: int, free: IntArray, required: IntArray) -> IntArray | None:
        """The cheapest ``seats_min`` free people including the required ones, within the group
        cap: already active people first at equal cost (they use no place of the cap)."""
        problem, state = self.problem, self.state
        pool = free[~np.isin(free, required)]
        fees = cost_of(problem, pool, m)
        order = np.lexsort((pool, state.plan.load[pool] == 0, fees))
        pool, fees = pool[order], fees[order]
        need = max(int(minimum(problem)[m]) - len(required), 0)
        active = pool[state.plan.load[pool] > 0]
        inactive = pool[state.plan.load[pool] == 0]
        best: tuple[int, IntArray] | None = None
        for n_new in range(0, min(need, len(inactive)) + 1):
            n_old = need - n_new
            if n_old > len(active):
                continue
            team = np.concatenate([required, active[:n_old], inactive[:n_new]]).astype(np.int64)
            if any(rule == "group_cap" for rule, _ in state.team_problems(m, team)):
                continue
            cost = int(cost_of(problem, team, m).sum())
            if best is None or cost < best[0]:
                best = (cost, team)
        return None if best is None else best[1]

    def _staff(self, m: int, required: int) -> int | str:
        """The first free staff member fitting the pair, or why there is none."""
        problem, state = self.problem, self.state
        mission = problem.instance.missions[m]
        staff = problem.spair_staff[problem.staff_pairs_of_mission(m)]
        if required >= 0:
            staff = staff[staff == required]
        blocks = {b.rule: b.mask for b in state.staff_blocks(m, staff)}
        at_max = blocks.get("load", np.zeros(len(staff), dtype=np.bool_))
        clash = blocks.get("overlap", np.zeros(len(staff), dtype=np.bool_)) & ~at_max
        free = staff[~at_max & ~clash]
        if len(free):
            return int(free[0])
        if mission.pinned_staff is not None:
            why = "at the maximum" if at_max.any() else "already on an overlapping mission"
            return f"pinned staff {mission.pinned_staff} cannot take it ({why})"
        services = _or_list(list(mission.staff_services)) if mission.staff_services else "any service"
        fits = len(staff)
        if int(at_max.sum()) == fits:
            return f"needs a staff pair from {services}: all are at their maximum"
        if int(clash.sum()) == fits:
            return f"needs a staff pair from {services}: all are already on overlapping missions"
        return (
            f"needs a staff pair from {services}: {int(at_max.sum())} at their maximum, "
            f"{int(clash.sum())} on overlapping missions"
        )


def _walk(
    instance: Instance,
    assignments: PlanLike,
    index: EligibilityIndex | None,
    problem: ProblemData | None,
    only: str | None = None,
) -> dict[str, tuple[str, Assignment | None]]:
    problem = (
        problem if problem is not None else (index.problem if index is not None else compile_year(instance))
    )
    state = PlanState.of_assignments(problem, assignment_list(assignments))
    walk = _Walk(problem, state)
    out: dict[str, tuple[str, Assignment | None]] = {}
    for m, mission in enumerate(instance.missions):
        if state.plan.covered[m] or (only is not None and mission.id != only):
            continue
        reason = walk.static(m)
        out[mission.id] = (reason, None) if reason is not None else walk.assess(m)
    return out


def explain_unassigned(
    instance: Instance,
    assignments: PlanLike,
    index: EligibilityIndex | None = None,
    problem: ProblemData | None = None,
) -> dict[str, str]:
    """A plain-words reason for every mission that ``assignments`` leaves uncovered.

    ``assignments`` is a :class:`~ambassade_opt.plan.Plan`, a ``{mission id: Assignment}`` map or
    a list of assignments; the reasons are computed against the plan as given (its loads, busy
    hours, active group and spend), missions in instance order. Pass a prebuilt
    :class:`EligibilityIndex` (or the compiled ``problem``) to reuse it across calls.
    """
    return {mid: reason for mid, (reason, _) in _walk(instance, assignments, index, problem).items()}


def suggest_cover(
    instance: Instance, assignments: PlanLike, mission_id: str, index: EligibilityIndex | None = None
) -> Assignment | None:
    """The cheapest way to cover an uncovered mission on top of ``assignments`` without breaking a
    hard rule, or None when a rule forbids it (see :func:`explain_unassigned` for which): its
    required people (proposer, pins), then the cheapest free eligible ambassadors up to its
    minimum seats, within the group cap, plus the first free staff member where a pair is needed."""
    found = _walk(instance, assignments, index, None, only=mission_id).get(mission_id)
    return None if found is None else found[1]


__all__ = ["EligibilityIndex", "explain_unassigned", "suggest_cover"]
