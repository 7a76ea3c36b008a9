"""Ranked replacements for one mission or one freed seat, fast enough to use on the phone.

No solver runs here. For a mission (or the seat someone just left) every eligible person is
costed against the published plan:

* **match** points of the person for the mission (ambassadors; staff have none);
* **money**: what the budget pays more (remuneration + expenses, minus what the moves save);
* **rotation delta**: change of the fair-rotation penalty Σ T(T−1)/2 (DOMAIN.md section 4);
* **moves**: the other missions the person would have to leave because of an overlap (travel
  buffer included), ``max_missions``, ``max_hours``, the month cap or the remuneration cap — and
  whether leaving keeps that mission covered or leaves it uncovered (too few people left, a
  staff pair gone, or an initiative without its proposer);
* **budget headroom** left in the year and in the mission's quarter after the change.

Ranking: feasible choices first; then the least coverage value lost to moves (Σ priority of the
missions a move leaves uncovered), no move before moves; then match points (best first), smaller
rotation delta, lower cost, id. Money and rotation deltas are against the plan with the freed seat
already empty. A choice is *feasible* when
applying it with :func:`apply_suggestion`, moves included, keeps every hard rule; so the first
suggestion, when feasible, can be applied as it is. Where the mission needs more people than one
to be covered (an uncovered mission with ``seats_min`` > 1, pinned people, an initiative's
proposer, a staff pair), each suggestion also names the ``team`` and ``staff`` that complete it,
picked among people who need no move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import InputError
from .model import Ambassador, Instance, Mission, Staff
from .plan import Assignment, DiffEntry, Plan, Unassigned
from .rules.core import HOURS_TOLERANCE, MONEY_TOLERANCE_EUR
from .rules.eligibility import eligibility_problems
from .rules.money import quarter_of
from .rules.overlap import conflicts
from .rules.pair import staff_problems
from .scoring import kpis, match_points, rotation_penalty

Role = Literal["ambassador", "staff"]
MoveEffect = Literal["seat_freed", "mission_uncovered"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Move(_Out):
    """A mission the suggested person must leave, and what that does to it."""

    mission: str
    person: str
    effect: MoveEffect
    why: str


class Suggestion(_Out):
    """One ranked choice for a mission or a freed seat."""

    mission: str
    seat: str | None
    person: str
    role: Role
    match: int | None
    money_eur: float
    rotation_delta: int
    coverage_lost: int
    moves: list[Move]
    team: list[str]
    staff: str | None
    budget_headroom_eur: float | None
    quarter_headroom_eur: float | None
    feasible: bool
    blockers: list[str]

    def summary(self) -> str:
        head = f"{self.person} ({self.role})"
        if self.match is not None:
            head += f" match {self.match}"
        parts = [head, f"{self.money_eur:+.2f} EUR", f"rotation {self.rotation_delta:+d}"]
        if self.team:
            parts.append(f"with {', '.join(self.team)}")
        if self.staff is not None and self.role == "ambassador":
            parts.append(f"staff {self.staff}")
        if self.coverage_lost:
            parts.append(f"coverage value -{self.coverage_lost}")
        if self.moves:
            parts.append("moves: " + "; ".join(f"{mv.person} leaves {mv.mission} ({mv.why}"
                                                + (", mission uncovered)" if mv.effect == "mission_uncovered"
                                                   else ")") for mv in self.moves))
        if self.budget_headroom_eur is not None:
            parts.append(f"budget left {self.budget_headroom_eur:.2f} EUR")
        if not self.feasible:
            parts.append("NOT POSSIBLE: " + "; ".join(self.blockers))
        return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# The plan as mutable bookkeeping


@dataclass
class _State:
    instance: Instance
    now: datetime | None
    missions: dict[str, Mission]
    ambassadors: dict[str, Ambassador]
    staff: dict[str, Staff]
    on: dict[str, list[str]] = field(default_factory=dict)
    staff_on: dict[str, str | None] = field(default_factory=dict)
    of_ambassador: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    of_staff: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    remuneration: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    spend: float = 0.0
    spend_quarter: list[float] = field(default_factory=lambda: [0.0] * 4)

    @classmethod
    def build(cls, instance: Instance, assignments: Iterable[Assignment], now: datetime | None) -> _State:
        state = cls(instance, now, {m.id: m for m in instance.missions},
                    {a.id: a for a in instance.ambassadors}, {s.id: s for s in instance.staff})
        for asg in assignments:
            m = state.missions.get(asg.mission)
            if m is not None:
                people = [aid for aid in dict.fromkeys(asg.ambassadors) if aid in state.ambassadors]
                _book_assignment(state, asg.model_copy(update={"ambassadors": people}), m)
        return state

    def cost(self, aid: str, m: Mission) -> float:
        policy = self.instance.policy
        return policy.remuneration_eur(m) + policy.expense_eur(self.ambassadors[aid], m)

    def frozen(self, m: Mission) -> bool:
        return self.now is not None and m.start < self.now

    def pinned_on(self, person: str, m: Mission) -> bool:
        return person in m.pinned_ambassadors or person == m.pinned_staff

    def leaving_uncovers(self, person: str, m: Mission, role: Role) -> bool:
        if role == "staff":
            return True
        left = len(self.on.get(m.id, [])) - 1
        return left < m.seats_min or (m.origin == "ambassador_initiative" and m.proposed_by == person)


# --------------------------------------------------------------------------------------------
# Costing one choice


@dataclass
class _Option:
    person: str
    role: Role
    match: int | None
    moves: list[Move] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    team: list[str] = field(default_factory=list)
    staff: str | None = None
    money: float = 0.0
    rotation: int = 0
    quarter_money: list[float] = field(default_factory=lambda: [0.0] * 4)
    joins: list[str] = field(default_factory=list)  # ambassadors who become active


class _Leaver:
    """Chooses which missions a person leaves, and books what leaving them releases."""

    def __init__(self, state: _State, person: str, role: Role, target: Mission) -> None:
        self.state, self.person, self.role, self.target = state, person, role, target
        self.moves: list[Move] = []
        self.blockers: list[str] = []
        self.uncovered: set[str] = set()
        self.left: set[str] = set()

    def can_leave(self, m: Mission) -> str | None:
        st = self.state
        if st.frozen(m):
            return f"{m.id} already started"
        if st.pinned_on(self.person, m):
            return f"pinned on {m.id}"
        if st.leaving_uncovers(self.person, m, self.role) and (m.pinned_ambassadors or m.pinned_staff):
            return f"{m.id} would be uncovered but has pinned people"
        return None

    def leave(self, m: Mission, why: str) -> bool:
        obstacle = self.can_leave(m)
        if obstacle is not None:
            self.blockers.append(f"must leave {m.id} ({why}) but {obstacle}")
            return False
        uncovers = self.state.leaving_uncovers(self.person, m, self.role)
        self.moves.append(Move(mission=m.id, person=self.person, why=why,
                               effect="mission_uncovered" if uncovers else "seat_freed"))
        self.left.add(m.id)
        if uncovers:
            self.uncovered.add(m.id)
        return True

    def pick(self, pool: list[Mission], why: str) -> bool:
        """Leave the least harmful mission of ``pool``: one that stays covered, then the lowest
        priority, then the latest."""
        usable = [m for m in pool if m.id not in self.left and self.can_leave(m) is None]
        if not usable:
            self.blockers.append(f"{why}, and no mission can be left to make room")
            return False
        usable.sort(key=lambda m: (self.state.leaving_uncovers(self.person, m, self.role), m.priority,
                                   -m.start.timestamp(), m.id))
        return self.leave(usable[0], why)


def _ambassador_option(state: _State, a: Ambassador, target: Mission, *, allow_moves: bool) -> _Option:
    policy = state.instance.policy
    option = _Option(a.id, "ambassador", match_points(state.instance, a, target))
    leaver = _Leaver(state, a.id, "ambassador", target)
    travel = policy.travel
    own = [state.missions[mid] for mid in state.of_ambassador.get(a.id, [])]
    for other in own:
        if conflicts(other, target, travel):
            leaver.leave(other, f"overlaps {target.id}")

    def kept() -> list[Mission]:
        return [m for m in own if m.id not in leaver.left]

    while not leaver.blockers and len(kept()) + 1 > a.max_missions:
        leaver.pick(kept(), f"max_missions {a.max_missions}")
    while not leaver.blockers and (
        sum(m.workload_hours for m in kept()) + target.workload_hours > a.max_hours + HOURS_TOLERANCE
    ):
        leaver.pick(kept(), f"max_hours {a.max_hours:g}")
    cap = policy.month_cap(a)
    if cap is not None:
        month = (target.start.year, target.start.month)
        while not leaver.blockers and (
            sum(1 for m in kept() if (m.start.year, m.start.month) == month) + 1 > cap
        ):
            same_month = [m for m in kept() if (m.start.year, m.start.month) == month]
            leaver.pick(same_month, f"{cap} missions per month")
    rem_cap = policy.compensation.max_remuneration_per_ambassador
    pay = policy.remuneration_eur(target)
    if rem_cap is not None:
        while not leaver.blockers and (
            sum(policy.remuneration_eur(m) for m in kept()) + pay > rem_cap + MONEY_TOLERANCE_EUR
        ):
            paid = [m for m in kept() if m.is_paid]
            leaver.pick(paid, f"remuneration cap {rem_cap:.2f} EUR")
    if leaver.moves and not allow_moves:
        leaver.blockers.append("would have to leave other missions")
    option.moves, option.blockers = leaver.moves, leaver.blockers

    # Money and rotation, moves included.
    load = len(own)
    option.rotation = rotation_penalty(a.history.missions_last_year, load - len(leaver.left) + 1) \
        - rotation_penalty(a.history.missions_last_year, load)
    _book(state, option, a.id, target, +1)
    for mid in leaver.left:
        m = state.missions[mid]
        if mid in leaver.uncovered:
            for released in state.on.get(mid, []):
                _book(state, option, released, m, -1)
                if released != a.id:
                    option.rotation += _rotation_drop(state, released)
        else:
            _book(state, option, a.id, m, -1)
    if not own:
        option.joins.append(a.id)
    return option


def _rotation_drop(state: _State, aid: str) -> int:
    a = state.ambassadors[aid]
    load = len(state.of_ambassador.get(aid, []))
    return rotation_penalty(a.history.missions_last_year, load - 1) - rotation_penalty(
        a.history.missions_last_year, load)


def _book(state: _State, option: _Option, aid: str, m: Mission, sign: int) -> None:
    cost = state.cost(aid, m)
    option.money += sign * cost
    option.quarter_money[quarter_of(m.start.month)] += sign * cost


def _staff_option(state: _State, s: Staff, target: Mission, *, allow_moves: bool) -> _Option:
    option = _Option(s.id, "staff", None)
    leaver = _Leaver(state, s.id, "staff", target)
    own = [state.missions[mid] for mid in state.of_staff.get(s.id, [])]
    for other in own:
        if conflicts(other, target, state.instance.policy.travel):
            leaver.leave(other, f"overlaps {target.id}")
    while not leaver.blockers and len([m for m in own if m.id not in leaver.left]) + 1 > s.max_missions:
        leaver.pick([m for m in own if m.id not in leaver.left], f"max_missions {s.max_missions}")
    if leaver.moves and not allow_moves:
        leaver.blockers.append("would have to leave other missions")
    option.moves, option.blockers = leaver.moves, leaver.blockers
    for mid in leaver.uncovered:
        m = state.missions[mid]
        for released in state.on.get(mid, []):
            _book(state, option, released, m, -1)
            option.rotation += _rotation_drop(state, released)
    return option


# --------------------------------------------------------------------------------------------
# Completing a mission that needs more than one person


def _complete(state: _State, option: _Option, target: Mission, present: list[str],
              candidates: list[Ambassador], free_staff: str | None, need_staff: bool) -> None:
    """Add the people without whom the mission cannot be covered, each needing no move."""
    chosen = [*present, option.person] if option.role == "ambassador" else list(present)
    required = [*target.pinned_ambassadors]
    if target.origin == "ambassador_initiative" and target.proposed_by is not None:
        required.append(target.proposed_by)
    busy = {mid for mv in option.moves for mid in (mv.mission,)}
    for aid in dict.fromkeys(required):
        if aid in chosen:
            continue
        _add_team_member(state, option, target, state.ambassadors[aid], chosen, busy, required=True)
    by_quality = sorted(candidates, key=lambda c: (-match_points(state.instance, c, target), c.id))
    for cand in by_quality:
        if len(chosen) >= target.seats_min or option.blockers:
            break
        if cand.id not in chosen:
            _add_team_member(state, option, target, cand, chosen, busy, required=False)
    if len(chosen) < target.seats_min and not option.blockers:
        option.blockers.append(f"only {len(chosen)} of the {target.seats_min} people needed are free")
    if len(chosen) > target.seats_max:
        option.blockers.append(f"{len(chosen)} people needed, more than seats_max {target.seats_max}")
    if need_staff and option.role == "ambassador" and not option.blockers:
        if free_staff is None:
            option.blockers.append("no staff member who fits the pair is free")
        option.staff = free_staff


def _free_staff(state: _State, target: Mission, fitting: list[Staff]) -> str | None:
    """The staff pair to bring along: the pinned one, else the least busy who needs no move."""
    pool = [s for s in fitting if target.pinned_staff in (None, s.id)]
    for s in sorted(pool, key=lambda s: (len(state.of_staff.get(s.id, [])), s.id)):
        if not _staff_option(state, s, target, allow_moves=False).blockers:
            return s.id
    return None


def _add_team_member(state: _State, option: _Option, target: Mission, a: Ambassador, chosen: list[str],
                     busy: set[str], *, required: bool) -> None:
    problems = eligibility_problems(state.instance, a, target)
    extra = _ambassador_option(state, a, target, allow_moves=False) if not problems else None
    if problems or extra is None or extra.blockers:
        if required:
            why = "; ".join(problems) if problems else "; ".join(extra.blockers if extra else [])
            option.blockers.append(f"{a.id} must be on {target.id} but {why}")
        return
    chosen.append(a.id)
    option.team.append(a.id)
    option.money += extra.money
    option.rotation += extra.rotation
    option.joins += extra.joins
    for q in range(4):
        option.quarter_money[q] += extra.quarter_money[q]


# --------------------------------------------------------------------------------------------
# The entry point


def suggest(instance: Instance, plan: Plan, mission_id: str, *, top: int = 5, seat: str | None = None,
            now: datetime | None = None) -> list[Suggestion]:
    """The ``top`` best choices for ``mission_id`` (or for the seat ``seat`` leaves on it).

    ``seat``: the id of a person now on the mission whose place is to be filled (an ambassador
    or the staff pair); without it, the mission gets one more ambassador (a covered mission with a
    free seat) or its first people (an uncovered mission). ``now``: missions that started before it
    are never proposed as moves; by default, the ``now`` of the re-plan that made ``plan``, if any.
    """
    if now is None:
        now = _replan_now(plan)
    target = _target(instance, mission_id)
    assignment = plan.assignment_of().get(mission_id)
    present = list(dict.fromkeys(assignment.ambassadors)) if assignment is not None else []
    staff_now = assignment.staff if assignment is not None else None
    role: Role = "ambassador"
    if seat is not None:
        if seat in target.pinned_ambassadors or seat == target.pinned_staff:
            raise InputError([("seat", f"{seat!r} is pinned on {mission_id!r}: change the pin first")])
        if seat in present:
            present.remove(seat)
        elif seat == staff_now:
            role, staff_now = "staff", None
        else:
            raise InputError([("seat", f"{seat!r} is not on mission {mission_id!r} in the plan")])
    elif assignment is not None and len(present) >= target.seats_max:
        raise InputError([("mission", f"{mission_id!r} already has its {target.seats_max} seats filled; "
                                      "name the seat to replace")])
    if target.origin == "ambassador_initiative" and not target.approved:
        raise InputError([("mission", f"{mission_id!r} is an initiative that is not approved: it cannot "
                                      "be staffed")])

    others = [asg for asg in plan.assignments if asg.mission != mission_id]
    base = [*others, Assignment(mission=mission_id, ambassadors=present, staff=staff_now)]
    state = _State.build(instance, base, now)
    if not present and staff_now is None:
        del state.on[mission_id]
        del state.staff_on[mission_id]
    need_staff = target.needs_staff_pair and staff_now is None

    # The person leaving the seat is not offered back: they are leaving for a reason.
    eligible = [a for a in instance.ambassadors
                if a.id not in present and a.id != seat and not eligibility_problems(instance, a, target)]
    fitting_staff = [s for s in instance.staff if s.id != seat and not staff_problems(s, target)]
    options: list[_Option] = []
    free_staff = _free_staff(state, target, fitting_staff) if need_staff else None
    if role == "ambassador":
        free_now = [a for a in eligible
                    if not _ambassador_option(state, a, target, allow_moves=False).blockers]
        for a in eligible:
            option = _ambassador_option(state, a, target, allow_moves=True)
            if not option.blockers:
                _complete(state, option, target, present, [c for c in free_now if c.id != a.id],
                          free_staff, need_staff)
            options.append(option)
    else:
        for s in fitting_staff:
            option = _staff_option(state, s, target, allow_moves=True)
            if not option.blockers and len(present) < target.seats_min:
                option.blockers.append(f"{target.id} has {len(present)} ambassadors, fewer than seats_min")
            options.append(option)

    suggestions = sorted((_finish(state, o, target, seat) for o in options), key=_rank)
    return suggestions[:max(top, 0)]


def _replan_now(plan: Plan) -> datetime | None:
    recorded = plan.run.get("replan", {}).get("now") if isinstance(plan.run.get("replan"), dict) else None
    try:
        return datetime.fromisoformat(recorded) if isinstance(recorded, str) else None
    except ValueError:
        return None


def _target(instance: Instance, mission_id: str) -> Mission:
    for m in instance.missions:
        if m.id == mission_id:
            return m
    raise InputError([("mission", f"unknown mission {mission_id!r}")])


def _finish(state: _State, option: _Option, target: Mission, seat: str | None) -> Suggestion:
    policy = state.instance.policy
    blockers = list(option.blockers)
    budget = policy.budget
    headroom = None if budget.annual is None else budget.annual - (state.spend + option.money)
    if headroom is not None and headroom < -MONEY_TOLERANCE_EUR:
        blockers.append(f"annual budget exceeded by {-headroom:.2f} EUR")
    quarter_headroom = None
    if budget.quarterly is not None:
        for q in range(4):
            left = budget.quarterly[q] - (state.spend_quarter[q] + option.quarter_money[q])
            if q == quarter_of(target.start.month):
                quarter_headroom = left
            if left < -MONEY_TOLERANCE_EUR and option.quarter_money[q] > 0:
                blockers.append(f"Q{q + 1} budget exceeded by {-left:.2f} EUR")
    cap = policy.group_cap
    if cap is not None and option.joins:
        active = sum(1 for mids in state.of_ambassador.values() if mids)
        if active + len(set(option.joins)) > cap:
            blockers.append(f"group_cap {cap}: {len(set(option.joins))} more active ambassador(s) "
                            f"than the {cap - active} places left")
    return Suggestion(
        mission=target.id, seat=seat, person=option.person, role=option.role, match=option.match,
        money_eur=round(option.money, 2), rotation_delta=option.rotation,
        coverage_lost=sum(state.missions[mv.mission].priority for mv in option.moves
                          if mv.effect == "mission_uncovered"),
        moves=option.moves,
        team=option.team, staff=option.staff,
        budget_headroom_eur=None if headroom is None else round(headroom, 2),
        quarter_headroom_eur=None if quarter_headroom is None else round(quarter_headroom, 2),
        feasible=not blockers, blockers=blockers,
    )


def apply_suggestion(instance: Instance, plan: Plan, suggestion: Suggestion) -> Plan:
    """The plan with ``suggestion`` applied (seat freed, moves made, people added), with a diff.

    The result is no longer a proven optimum: its status becomes ``feasible`` (or stays
    ``infeasible``/``unknown``); its KPIs are recomputed.
    """
    before = {a.mission: a for a in plan.assignments}
    after: dict[str, Assignment | None] = {mid: a.model_copy(deep=True) for mid, a in before.items()}
    why: dict[str, str] = {}
    target = suggestion.mission

    def drop(mid: str, person: str) -> None:
        asg = after.get(mid)
        if asg is None:
            return
        if asg.staff == person:
            asg.staff = None
        asg.ambassadors = [x for x in asg.ambassadors if x != person]

    if suggestion.seat is not None:
        drop(target, suggestion.seat)
        why[target] = f"{suggestion.seat} replaced by {suggestion.person}"
    for mv in suggestion.moves:
        if mv.effect == "mission_uncovered":
            after[mv.mission] = None
            why[mv.mission] = f"{mv.person} moved to {target} ({mv.why}); mission left uncovered"
        else:
            drop(mv.mission, mv.person)
            why[mv.mission] = f"{mv.person} moved to {target} ({mv.why})"
    asg = after.get(target) or Assignment(mission=target, ambassadors=[], staff=None)
    newcomers = [suggestion.person] if suggestion.role == "ambassador" else []
    asg.ambassadors = [*asg.ambassadors, *newcomers, *suggestion.team]
    if suggestion.role == "staff":
        asg.staff = suggestion.person
    elif suggestion.staff is not None:
        asg.staff = suggestion.staff
    after[target] = asg
    why.setdefault(target, f"{suggestion.person} added")

    order = [m.id for m in instance.missions]
    assignments = [a for mid in order if (a := after.get(mid)) is not None]
    old_reasons = {u.mission: u.reason for u in plan.unassigned}
    unassigned = [Unassigned(mission=mid, reason=why.get(mid) or old_reasons.get(mid, "not covered"))
                  for mid in order if after.get(mid) is None]
    diff = list(plan.diff or [])
    for mid in sorted(why, key=order.index):
        old, new = before.get(mid), after.get(mid)
        diff.append(DiffEntry(mission=mid, before=_view(old), after=_view(new), why=why[mid]))
    result = Plan(status="feasible" if plan.status == "optimal" else plan.status,
                  assignments=assignments, unassigned=unassigned, solver=plan.solver, run=plan.run,
                  diff=diff)
    result.kpis = kpis(instance, result)
    return result


def _view(asg: Assignment | None) -> dict[str, object] | None:
    return None if asg is None else {"ambassadors": list(asg.ambassadors), "staff": asg.staff}


# --------------------------------------------------------------------------------------------
# Filling uncovered missions without touching anyone else


def fill_uncovered(instance: Instance, assignments: Iterable[Assignment], mission_ids: Iterable[str], *,
                   now: datetime | None = None) -> list[Assignment]:
    """Cover as many of ``mission_ids`` (in the order given) as possible, moving nobody.

    Each mission gets its best no-move suggestion (with its team and staff pair) when one is
    feasible; the bookkeeping is updated in place, so this is one pass over the missions rather
    than one :func:`suggest` per mission. Returns the assignments, old and new; every one of them
    keeps the hard rules if the ones given did.
    """
    base = list(assignments)
    state = _State.build(instance, base, now)
    result = {a.mission: a for a in base}
    missions = {m.id: m for m in instance.missions}
    for mid in mission_ids:
        target = missions[mid]
        if mid in result or (target.origin == "ambassador_initiative" and not target.approved):
            continue
        if state.frozen(target):
            continue
        eligible = [a for a in instance.ambassadors if not eligibility_problems(instance, a, target)]
        free = [a for a in eligible if not _ambassador_option(state, a, target, allow_moves=False).blockers]
        fitting = [s for s in instance.staff if not staff_problems(s, target)]
        free_staff = _free_staff(state, target, fitting) if target.needs_staff_pair else None
        best: Suggestion | None = None
        for a in free:
            option = _ambassador_option(state, a, target, allow_moves=False)
            _complete(state, option, target, [], [c for c in free if c.id != a.id], free_staff,
                      target.needs_staff_pair)
            candidate = _finish(state, option, target, None)
            if candidate.feasible and (best is None or _rank(candidate) < _rank(best)):
                best = candidate
        if best is None:
            continue
        people = [best.person, *best.team]
        asg = Assignment(mission=mid, ambassadors=people, staff=best.staff)
        result[mid] = asg
        _book_assignment(state, asg, target)
    order = [m.id for m in instance.missions]
    return [result[mid] for mid in order if mid in result]


def _rank(s: Suggestion) -> tuple[bool, int, bool, int, int, float, str]:
    return (not s.feasible, s.coverage_lost, bool(s.moves), -(s.match or 0), s.rotation_delta, s.money_eur,
            s.person)


def _book_assignment(state: _State, asg: Assignment, m: Mission) -> None:
    policy = state.instance.policy
    state.on[m.id] = list(asg.ambassadors)
    state.staff_on[m.id] = asg.staff
    pay = policy.remuneration_eur(m)
    for aid in asg.ambassadors:
        state.of_ambassador[aid].append(m.id)
        state.remuneration[aid] += pay
        cost = pay + policy.expense_eur(state.ambassadors[aid], m)
        state.spend += cost
        state.spend_quarter[quarter_of(m.start.month)] += cost
    if asg.staff is not None:
        state.of_staff[asg.staff].append(m.id)
