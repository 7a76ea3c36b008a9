"""Why a mission is left out: a plain-words reason naming the rule that keeps it uncovered.

For every mission a plan does not assign, :func:`explain_unassigned` walks the hard rules in the
order a coordinator would: is the mission allowed at all (initiative approval), can its proposer
and its pinned people take it, who is eligible (language, competence, charter, training,
availability — counting the people left after each filter), is there a staff pair; then, given the
rest of the plan, are the eligible people still free (yearly and monthly maximum, overlapping
missions, remuneration cap), does the group cap or the budget stop it. When every rule would
allow it, the seats were simply worth more elsewhere.

Per-person data is precomputed once into numpy arrays (one row per ambassador), so each mission
costs a handful of vectorised operations: fast enough for 1,200 missions × 250 ambassadors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from .model import Ambassador, Instance, Mission, Staff, touched_dates
from .plan import Assignment
from .rules import MONEY_TOLERANCE_EUR, PlanLike, PlanView
from .rules.core import HOURS_TOLERANCE
from .rules.eligibility import eligibility_problems
from .rules.money import quarter_of
from .rules.pair import staff_problems

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_MICROSECOND = timedelta(microseconds=1)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _or_list(items: Iterable[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


class _Calendar:
    """Availability of a list of people as a (person × day) matrix over the missions' dates."""

    def __init__(self, people: Sequence[Ambassador | Staff], first: date, last: date) -> None:
        self.first = first
        n_days = (last - first).days + 1
        self.absent = np.zeros((len(people), n_days), dtype=np.bool_)
        self.weekday_ok = np.ones((len(people), 7), dtype=np.bool_)
        for i, person in enumerate(people):
            if person.available_weekdays is not None:
                self.weekday_ok[i, :] = False
                self.weekday_ok[i, list(person.available_weekdays)] = True
            for r in person.unavailable:
                lo = max((r.start - first).days, 0)
                hi = min((r.end - first).days, n_days - 1)
                if lo <= hi:
                    self.absent[i, lo:hi + 1] = True

    def available(self, start: datetime, end: datetime, among: BoolArray | None = None) -> BoolArray:
        """Who is available on every date ``start``–``end`` touches (only rows ``among``, if given)."""
        days = touched_dates(start, end)
        cols = [(d - self.first).days for d in days]
        weekdays = sorted({d.weekday() for d in days})
        rows = np.flatnonzero(among) if among is not None else np.arange(self.absent.shape[0])
        works = np.all(self.weekday_ok[rows][:, weekdays], axis=1)
        absent = np.any(self.absent[rows][:, cols], axis=1)
        out = np.zeros(self.absent.shape[0], dtype=np.bool_)
        out[rows] = works & ~absent
        return out


class EligibilityIndex:
    """Rule 1 for every ambassador at once, filter by filter (also reusable by other modules)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        people = instance.ambassadors
        self.ids = [a.id for a in people]
        self.position = {aid: i for i, aid in enumerate(self.ids)}
        n = len(people)
        self._speaks: dict[str, BoolArray] = {}
        self._can: dict[str, BoolArray] = {}
        self._trained: dict[str, BoolArray] = {}
        for i, a in enumerate(people):
            for lang in a.languages:
                self._speaks.setdefault(lang, np.zeros(n, dtype=np.bool_))[i] = True
            for comp in a.competences:
                self._can.setdefault(comp, np.zeros(n, dtype=np.bool_))[i] = True
            for training in a.trainings:
                self._trained.setdefault(training, np.zeros(n, dtype=np.bool_))[i] = True
        self.charter = np.array([a.charter_signed for a in people], dtype=np.bool_)
        self._none = np.zeros(n, dtype=np.bool_)
        self._all = np.ones(n, dtype=np.bool_)
        dates = [d for m in instance.missions for d in (m.start.date(), (m.end - _MICROSECOND).date())]
        first, last = (min(dates), max(dates)) if dates else (date(instance.year, 1, 1),) * 2
        self.calendar = _Calendar(people, first, last)
        self.staff_calendar = _Calendar(instance.staff, first, last)
        self.people = {a.id: a for a in people}
        regions = sorted({m.region for m in instance.missions} | {a.home_region for a in people})
        self.region_code = {r: k for k, r in enumerate(regions)}
        self.home = np.array([self.region_code[a.home_region] for a in people], dtype=np.int64)
        travel = instance.policy.travel
        self.travel_expense = np.array(
            [[travel.expense_eur(r1, r2) for r2 in regions] for r1 in regions], dtype=np.float64
        ).reshape(len(regions), len(regions))

    def speaks(self, language: str) -> BoolArray:
        return self._speaks.get(language, self._none)

    def competent(self, intervention: str) -> BoolArray:
        return self._can.get(intervention, self._none)

    def trained(self, trainings: Iterable[str]) -> BoolArray:
        mask = self._all
        for t in set(trainings):
            mask = mask & self._trained.get(t, self._none)
        return mask

    def stages(self, mission: Mission) -> list[tuple[str, BoolArray]]:
        """The cumulative masks after each eligibility filter, in the order of DOMAIN.md rule 1."""
        required = self.instance.policy.required_trainings(mission)
        s1 = self.speaks(mission.language)
        s2 = s1 & self.competent(mission.intervention)
        s3 = s2 & self.charter
        s4 = s3 & self.trained(required)
        s5 = self.calendar.available(mission.start, mission.end, among=s4)
        return [("language", s1), ("competence", s2), ("charter", s3), ("training", s4),
                ("availability", s5)]

    def eligible(self, mission: Mission) -> BoolArray:
        return self.stages(mission)[-1][1]

    def expenses(self, mission: Mission) -> FloatArray:
        """Expense of ``mission`` for every ambassador (its own figure, else the travel table)."""
        if mission.expenses_eur is not None:
            return np.full(len(self.ids), mission.expenses_eur, dtype=np.float64)
        column: FloatArray = self.travel_expense[self.home, self.region_code[mission.region]]
        return column


def _static_reason(index: EligibilityIndex, mission: Mission, stages: dict[str, BoolArray]) -> str | None:
    """Why nobody (or too few) can take ``mission`` whatever the rest of the plan."""
    instance = index.instance
    if mission.origin == "ambassador_initiative" and not mission.approved:
        return f"unapproved initiative (proposed by {mission.proposed_by})"
    # The people a mission cannot go without come first: without them, nobody else helps.
    people = index.people
    if mission.origin == "ambassador_initiative" and mission.proposed_by is not None:
        problems = eligibility_problems(instance, people[mission.proposed_by], mission)
        if problems:
            return f"proposer {mission.proposed_by} cannot take it ({problems[0]})"
    for aid in mission.pinned_ambassadors:
        problems = eligibility_problems(instance, people[aid], mission)
        if problems:
            return f"pinned ambassador {aid} cannot take it ({problems[0]})"
    if len(mission.pinned_ambassadors) > mission.seats_max:
        return f"{len(mission.pinned_ambassadors)} pinned ambassadors for {mission.seats_max} seats"
    n_lang = int(stages["language"].sum())
    n_comp = int(stages["competence"].sum())
    n_charter = int(stages["charter"].sum())
    n_trained = int(stages["training"].sum())
    n_free = int(stages["availability"].sum())
    lang, kind = mission.language, mission.intervention

    def speak(n: int) -> str:
        return f"{n} speak{'s' if n == 1 else ''} {lang}"

    def are(n: int) -> str:
        return "is" if n == 1 else "are"

    if n_lang == 0:
        return f"nobody eligible speaks {lang}"
    if n_comp == 0:
        return f"nobody eligible: {speak(n_lang)} but none is competent for {kind}"
    if n_charter == 0:
        return (f"nobody eligible: {speak(n_comp)} and {are(n_comp)} competent for {kind} "
                f"but none has signed the charter")
    if n_trained == 0:
        required = ", ".join(sorted(instance.policy.required_trainings(mission)))
        return (f"nobody eligible: {speak(n_charter)}, {are(n_charter)} competent for {kind} and signed "
                f"the charter but none has the training {required}")
    if n_free == 0:
        day = mission.start.date()
        return (f"nobody eligible: {speak(n_trained)}, {are(n_trained)} competent for {kind} and trained "
                f"but none is available on {day.isoformat()} ({WEEKDAYS[day.weekday()]})")
    if n_free < mission.seats_min:
        return (f"too few eligible: only {_plural(n_free, 'ambassador')} can take it, "
                f"it needs {mission.seats_min}")
    if mission.needs_staff_pair:
        return _staff_static_reason(instance, mission)
    return None


def _staff_static_reason(instance: Instance, mission: Mission) -> str | None:
    services = _or_list(mission.staff_services) if mission.staff_services else "any service"
    if mission.pinned_staff is not None:
        pinned = next(s for s in instance.staff if s.id == mission.pinned_staff)
        problems = staff_problems(pinned, mission)
        if problems:
            return f"pinned staff {pinned.id} cannot take it ({problems[0]})"
        return None
    in_service = [s for s in instance.staff
                  if not mission.staff_services or s.service in mission.staff_services]
    if not in_service:
        return f"needs a staff pair from {services}, there is no such staff member"
    speaking = [s for s in in_service if mission.language in s.languages]
    if not speaking:
        return f"needs a staff pair from {services}, none available (none speaks {mission.language})"
    if all(staff_problems(s, mission) for s in speaking):
        return (f"needs a staff pair from {services}, none available "
                f"(none is free on {mission.start.date().isoformat()})")
    return None


class _Busy:
    """Where the plan already sends each person, as time intervals sorted by start."""

    def __init__(self, rows: list[tuple[int, Mission]], base: datetime, region_code: dict[str, int]) -> None:
        rows = sorted(rows, key=lambda r: (r[1].start, r[0]))
        self.base = base
        self.person = np.array([p for p, _ in rows], dtype=np.int64)
        self.start = np.array([(m.start - base) // _MICROSECOND for _, m in rows], dtype=np.int64)
        self.end = np.array([(m.end - base) // _MICROSECOND for _, m in rows], dtype=np.int64)
        self.region = np.array([region_code[m.region] for _, m in rows], dtype=np.int64)

    def clashing(self, mission: Mission, buffer_us: IntArray, code: int, max_length_us: int,
                 max_buffer_us: int, n_people: int) -> BoolArray:
        """People with a mission colliding with ``mission`` (travel buffer included)."""
        start = (mission.start - self.base) // _MICROSECOND
        end = (mission.end - self.base) // _MICROSECOND
        lo = int(np.searchsorted(self.start, start - max_length_us - max_buffer_us, side="left"))
        hi = int(np.searchsorted(self.start, end + max_buffer_us, side="left"))
        out = np.zeros(n_people, dtype=np.bool_)
        if lo >= hi:
            return out
        s, e, r, p = self.start[lo:hi], self.end[lo:hi], self.region[lo:hi], self.person[lo:hi]
        before = s <= start
        hit = np.where(before, start < e + buffer_us[r, code], s < end + buffer_us[code, r])
        out[p[hit]] = True
        return out


def _busy_reason_phrase(reason: str) -> str:
    return {
        "yearly": "at their yearly maximum",
        "monthly": "at their monthly maximum",
        "overlap": "already on overlapping missions",
        "remuneration": "at their remuneration cap",
    }[reason]


_SINGULAR = {
    "yearly": "at the yearly maximum",
    "monthly": "at the monthly maximum",
    "overlap": "already on an overlapping mission",
    "remuneration": "at the remuneration cap",
}


class _PlanState:
    """Loads, hours, money and busy intervals the plan already commits, per person."""

    def __init__(self, index: EligibilityIndex, view: PlanView) -> None:
        instance = index.instance
        policy = instance.policy
        n = len(index.ids)
        self.index = index
        self.load = np.zeros(n, dtype=np.int64)
        self.hours = np.zeros(n, dtype=np.float64)
        self.remuneration = np.zeros(n, dtype=np.float64)
        self.month_load = np.zeros((n, 13), dtype=np.int64)
        self.spend_quarter = [0.0, 0.0, 0.0, 0.0]
        self.spend = 0.0
        amb_rows: list[tuple[int, Mission]] = []
        for mission_id, people in view.ambassadors_on.items():
            m = view.missions[mission_id]
            pay = policy.remuneration_eur(m)
            for aid in people:
                i = index.position[aid]
                self.load[i] += 1
                self.hours[i] += m.workload_hours
                self.remuneration[i] += pay
                self.month_load[i, m.start.month] += 1
                cost = pay + policy.expense_eur(view.ambassadors[aid], m)
                self.spend += cost
                self.spend_quarter[quarter_of(m.start.month)] += cost
                amb_rows.append((i, m))
        self.max_missions = np.array([a.max_missions for a in instance.ambassadors], dtype=np.int64)
        self.max_hours = np.array([a.max_hours for a in instance.ambassadors], dtype=np.float64)
        caps = [policy.month_cap(a) for a in instance.ambassadors]
        self.month_cap = np.array([np.iinfo(np.int64).max if c is None else c for c in caps], dtype=np.int64)
        self.active = self.load > 0

        self.staff_ids = [s.id for s in instance.staff]
        staff_pos = {sid: j for j, sid in enumerate(self.staff_ids)}
        self.staff_load = np.zeros(len(self.staff_ids), dtype=np.int64)
        staff_rows: list[tuple[int, Mission]] = []
        for mission_id, sid in view.staff_on.items():
            j = staff_pos[sid]
            self.staff_load[j] += 1
            staff_rows.append((j, view.missions[mission_id]))
        self.staff_max = np.array([s.max_missions for s in instance.staff], dtype=np.int64)

        regions = sorted({m.region for m in instance.missions})
        self.region_code = {r: k for k, r in enumerate(regions)}
        travel = policy.travel
        self.buffer_us = np.array(
            [[travel.buffer_minutes(r1, r2) * 60_000_000 for r2 in regions] for r1 in regions], dtype=np.int64
        ).reshape(len(regions), len(regions))
        self.max_buffer_us = travel.max_buffer_minutes() * 60_000_000
        self.max_length_us = max(((m.end - m.start) // _MICROSECOND for m in instance.missions), default=0)
        base = datetime(instance.year, 1, 1)
        self.amb_busy = _Busy(amb_rows, base, self.region_code)
        self.staff_busy = _Busy(staff_rows, base, self.region_code)

    def blocking(self, mission: Mission, candidates: BoolArray) -> dict[str, BoolArray]:
        """For each load/overlap/money reason, who among ``candidates`` it blocks (first reason wins)."""
        policy = self.index.instance.policy
        n = len(self.index.ids)
        rows = np.flatnonzero(candidates)  # only the candidates: a few dozen of thousands
        yearly = (self.load[rows] + 1 > self.max_missions[rows]) | (
            self.hours[rows] + mission.workload_hours > self.max_hours[rows] + HOURS_TOLERANCE)
        monthly = self.month_load[rows, mission.start.month] + 1 > self.month_cap[rows]
        overlap = self.amb_busy.clashing(mission, self.buffer_us, self.region_code[mission.region],
                                         self.max_length_us, self.max_buffer_us, n)[rows]
        cap = policy.compensation.max_remuneration_per_ambassador
        pay = policy.remuneration_eur(mission)
        if cap is None:
            remuneration = np.zeros(rows.size, dtype=np.bool_)
        else:
            remuneration = self.remuneration[rows] + pay > cap + MONEY_TOLERANCE_EUR
        out: dict[str, BoolArray] = {}
        left = np.ones(rows.size, dtype=np.bool_)
        for name, mask in (("yearly", yearly), ("monthly", monthly), ("overlap", overlap),
                           ("remuneration", remuneration), ("free", np.zeros(rows.size, dtype=np.bool_))):
            full = np.zeros(n, dtype=np.bool_)
            full[rows] = left & ~mask if name == "free" else left & mask
            out[name] = full
            left = left & ~mask
        return out

    def staff_free(self, mission: Mission, instance: Instance) -> tuple[int, int, int, str | None]:
        """Staff fitting the pair: how many fit, how many are at their maximum, how many overlap,
        and the first free one (None if none)."""
        fits = np.array([
            (mission.pinned_staff is None or s.id == mission.pinned_staff) and not staff_problems(s, mission)
            for s in instance.staff
        ], dtype=np.bool_)
        if not fits.size:
            return 0, 0, 0, None
        at_max = fits & (self.staff_load + 1 > self.staff_max)
        clash = fits & ~at_max & self.staff_busy.clashing(
            mission, self.buffer_us, self.region_code[mission.region], self.max_length_us,
            self.max_buffer_us, len(self.staff_ids))
        free = np.flatnonzero(fits & ~at_max & ~clash)
        first = self.staff_ids[int(free[0])] if free.size else None
        return int(fits.sum()), int(at_max.sum()), int(clash.sum()), first


def _assess(state: _PlanState, mission: Mission, eligible: BoolArray) -> tuple[str, Assignment | None]:
    """The reason ``mission`` stays uncovered given the plan, and — when every rule would allow
    it — the cheapest cover that keeps the plan valid."""
    index = state.index
    instance = index.instance
    policy = instance.policy
    blocks = state.blocking(mission, eligible)
    free = blocks["free"]
    required = list(mission.pinned_ambassadors)
    if mission.origin == "ambassador_initiative" and mission.proposed_by is not None:
        required = [mission.proposed_by, *[a for a in required if a != mission.proposed_by]]
    for aid in required:
        i = index.position[aid]
        if not free[i]:
            why = next(_SINGULAR[k] for k in _SINGULAR if blocks[k][i])
            role = "proposer" if aid == mission.proposed_by else "pinned ambassador"
            return f"{role} {aid} cannot take it ({why})", None
    n_eligible = int(eligible.sum())
    n_free = int(free.sum())
    if n_free < mission.seats_min:
        counts = {k: int(blocks[k].sum()) for k in _SINGULAR if blocks[k].any()}
        if n_free == 0 and len(counts) == 1:
            (only,) = counts
            return f"all eligible ambassadors are {_busy_reason_phrase(only)}", None
        detail = ", ".join(f"{c} {_busy_reason_phrase(k)}" for k, c in counts.items())
        if n_free == 0:
            return f"all {n_eligible} eligible ambassadors are busy: {detail}", None
        return (f"only {n_free} of {n_eligible} eligible ambassadors are free, it needs "
                f"{mission.seats_min}: {detail}"), None

    cover = _cheapest_cover(state, mission, free, required)
    if cover is None:
        cap = policy.group_cap
        active_now = int(state.active.sum())
        active_free = int((free & state.active).sum())
        return (f"group cap reached: {active_now} active ambassadors of {cap}, "
                f"and {_plural(active_free, 'active one')} free for {mission.seats_min} seats"), None
    cheapest, people = cover

    staff: str | None = None
    if mission.needs_staff_pair:
        fits, at_max, clash, staff = state.staff_free(mission, instance)
        if staff is None:
            if mission.pinned_staff is not None:
                why = "at the maximum" if at_max else "already on an overlapping mission"
                return f"pinned staff {mission.pinned_staff} cannot take it ({why})", None
            services = _or_list(mission.staff_services) if mission.staff_services else "any service"
            if at_max == fits:
                return f"needs a staff pair from {services}: all are at their maximum", None
            if clash == fits:
                return f"needs a staff pair from {services}: all are already on overlapping missions", None
            return (f"needs a staff pair from {services}: {at_max} at their maximum, "
                    f"{clash} on overlapping missions"), None

    budget = policy.budget
    if budget.annual is not None and state.spend + cheapest > budget.annual + MONEY_TOLERANCE_EUR:
        left = max(budget.annual - state.spend, 0.0)
        return (f"annual budget exhausted ({left:.2f} EUR left, covering it costs at least "
                f"{cheapest:.2f})"), None
    if budget.quarterly is not None:
        q = quarter_of(mission.start.month)
        if state.spend_quarter[q] + cheapest > budget.quarterly[q] + MONEY_TOLERANCE_EUR:
            left = max(budget.quarterly[q] - state.spend_quarter[q], 0.0)
            return (f"Q{q + 1} budget exhausted ({left:.2f} EUR left, covering it costs at least "
                    f"{cheapest:.2f})"), None
    suggestion = Assignment(mission=mission.id, ambassadors=[index.ids[i] for i in people], staff=staff)
    return f"not covered: the seats were worth more elsewhere (priority {mission.priority})", suggestion


def _cheapest_cover(state: _PlanState, mission: Mission, free: BoolArray,
                    required: list[str]) -> tuple[float, list[int]] | None:
    """The cheapest ``seats_min`` free people including ``required``, within the group cap:
    (cost, ambassador indices), or None when the group cap leaves too few people."""
    index = state.index
    fees = index.expenses(mission)
    forced = [index.position[aid] for aid in required]
    forced_mask = np.zeros(len(index.ids), dtype=np.bool_)
    forced_mask[forced] = True
    need = max(mission.seats_min - len(forced), 0)
    pool = free & ~forced_mask

    def by_fee(mask: BoolArray) -> list[int]:
        """Cheapest first; ties by position so that the choice is deterministic."""
        rows = np.flatnonzero(mask)
        return [int(i) for i in rows[np.argsort(fees[rows], kind="stable")]]

    active = by_fee(pool & state.active)
    inactive = by_fee(pool & ~state.active)
    cap = index.instance.policy.group_cap
    room = len(active) + len(inactive)
    if cap is not None:
        newcomers = sum(1 for i in forced if not state.active[i])
        room = cap - int(state.active.sum()) - newcomers
        if room < 0:
            return None
    best: tuple[float, list[int]] | None = None
    for n_new in range(0, min(need, len(inactive), room) + 1):
        n_old = need - n_new
        if n_old > len(active):
            continue
        chosen = active[:n_old] + inactive[:n_new]
        cost = float(fees[chosen].sum()) if chosen else 0.0
        if best is None or cost < best[0]:
            best = (cost, chosen)
    if best is None:
        return None
    seats = len(forced) + need
    pay = index.instance.policy.remuneration_eur(mission)
    return pay * seats + float(fees[forced].sum()) + best[0], sorted(forced + best[1])


def _walk(instance: Instance, assignments: PlanLike, index: EligibilityIndex | None,
          only: str | None = None) -> dict[str, tuple[str, Assignment | None]]:
    view = PlanView.build(instance, assignments)
    index = index if index is not None else EligibilityIndex(instance)
    state: _PlanState | None = None
    out: dict[str, tuple[str, Assignment | None]] = {}
    for mission in instance.missions:
        if mission.id in view.assignment or (only is not None and mission.id != only):
            continue
        stages = dict(index.stages(mission))
        reason = _static_reason(index, mission, stages)
        if reason is not None:
            out[mission.id] = (reason, None)
            continue
        if state is None:
            state = _PlanState(index, view)
        out[mission.id] = _assess(state, mission, stages["availability"])
    return out


def explain_unassigned(
    instance: Instance, assignments: PlanLike, index: EligibilityIndex | None = None, problem: object = None
) -> dict[str, str]:
    """A plain-words reason for every mission that ``assignments`` leaves uncovered.

    ``assignments`` is a :class:`~ambassade_opt.plan.Plan`, a ``{mission id: Assignment}`` map or
    a list of assignments. The reasons are computed against the plan as given (its loads, busy
    hours, active group and spend); missions are listed in instance order. Pass a prebuilt
    :class:`EligibilityIndex` to reuse it across calls on the same instance.
    """
    return {mid: reason for mid, (reason, _) in _walk(instance, assignments, index).items()}


def suggest_cover(
    instance: Instance, assignments: PlanLike, mission_id: str, index: EligibilityIndex | None = None
) -> Assignment | None:
    """The cheapest way to cover an uncovered mission on top of ``assignments`` without breaking a
    hard rule, or None when a rule forbids it (see :func:`explain_unassigned` for which).

    Only the mission's minimum seats are filled: its required people (proposer, pins) and then the
    cheapest free eligible ambassadors, within the group cap; plus the first free staff member
    where a pair is needed. Adding it to a valid plan gives a valid plan.
    """
    found = _walk(instance, assignments, index, only=mission_id).get(mission_id)
    return None if found is None else found[1]


__all__ = ["EligibilityIndex", "explain_unassigned", "suggest_cover"]
