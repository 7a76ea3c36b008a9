"""The problem as numbers: everything the solver, the greedy plan and the LP bound need, as numpy arrays.

Built once per instance, vectorised over ambassadors × missions (no Python loop over pairs): the
loops that remain run over people, missions or the entries people wrote down (interests,
unavailable ranges). Only *eligible* (ambassador, mission) pairs become decision variables, so rule 1
of DOMAIN.md section 3 (eligibility) is enforced here, not by a constraint.

Units are integers so that CP-SAT can use them and no rounding can ever make a plan break a rule:
money is in cents (costs rounded up, caps rounded down), workload in seconds (same), times in
minutes since the 1st of January of the instance's year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from .model import INTERVENTIONS, LEVELS, Ambassador, Instance, Mission, Staff

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

INTEREST_POINTS: dict[int, int] = {-2: 0, -1: 4, 0: 8, 1: 12, 2: 15}
DEFAULT_INTEREST_POINTS = INTEREST_POINTS[0]
ELIGIBILITY_RULES: tuple[str, ...] = ("language", "competence", "charter", "training", "availability")
_EPS = 1e-7
# Horizon of days covered by availability data: the year plus a margin for missions ending after
# midnight on the 31st of December.
_HORIZON_DAYS = 368


def cents_up(eur: float) -> int:
    """A cost in whole cents, rounded up: summing rounded-up costs never hides an overspend."""
    return math.ceil(eur * 100.0 - _EPS)


def cents_down(eur: float) -> int:
    """A cap in whole cents, rounded down."""
    return math.floor(eur * 100.0 + _EPS)


def seconds_up(hours: float) -> int:
    return math.ceil(hours * 3600.0 - 1e-6)


def seconds_down(hours: float) -> int:
    return math.floor(hours * 3600.0 + 1e-6)


class _Vocabulary:
    """Stable integer codes for strings (regions, languages, sectors...)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.codes: dict[str, int] = {}
        for v in values:
            self.code(v)

    def code(self, value: str) -> int:
        if value not in self.codes:
            self.codes[value] = len(self.codes)
        return self.codes[value]

    def __len__(self) -> int:
        return len(self.codes)

    def incidence(self, rows: Sequence[Iterable[str]]) -> BoolArray:
        """Boolean matrix rows × vocabulary: which values each row holds (vocabulary grows as needed)."""
        coded = [[self.code(v) for v in row] for row in rows]
        out = np.zeros((len(rows), max(len(self), 1)), dtype=np.bool_)
        for i, codes in enumerate(coded):
            out[i, codes] = True
        return out


def _pad(matrix: BoolArray, width: int) -> BoolArray:
    if matrix.shape[1] >= width:
        return matrix
    return np.pad(matrix, ((0, 0), (0, width - matrix.shape[1])))


def _day_index(day: date, year: int) -> int:
    return (day - date(year, 1, 1)).days


def _minutes(t: datetime, year: int) -> int:
    return int((t - datetime(year, 1, 1)).total_seconds() // 60)


@dataclass
class _People:
    """Availability of a list of people: prefix sums of unavailable days and weekday masks."""

    unavailable_prefix: NDArray[np.int32]  # people × (days + 1)
    weekday_mask: NDArray[np.int16]  # bit d set: available on weekday d

    @classmethod
    def build(cls, people: Sequence[Ambassador | Staff], year: int) -> _People:
        n = len(people)
        diff = np.zeros((n, _HORIZON_DAYS + 1), dtype=np.int32)
        for i, person in enumerate(people):
            for r in person.unavailable:
                lo = max(_day_index(r.start, year), 0)
                hi = min(_day_index(r.end, year), _HORIZON_DAYS - 1)
                if lo <= hi:
                    diff[i, lo] += 1
                    diff[i, hi + 1] -= 1
        blocked = (np.cumsum(diff, axis=1)[:, :_HORIZON_DAYS] > 0).astype(np.int32)
        prefix = np.zeros((n, _HORIZON_DAYS + 1), dtype=np.int32)
        np.cumsum(blocked, axis=1, out=prefix[:, 1:])
        masks = np.array(
            [0x7F if p.available_weekdays is None else sum(1 << d for d in set(p.available_weekdays))
             for p in people],
            dtype=np.int16,
        ).reshape(n)
        return cls(prefix, masks)

    def available(self, rows: IntArray | slice, first_day: IntArray, last_day: IntArray,
                  weekdays: NDArray[np.int16]) -> BoolArray:
        """people[rows] × missions: free on every touched day and on each touched weekday."""
        prefix = self.unavailable_prefix[rows]
        blocked_days = prefix[:, last_day + 1] - prefix[:, first_day]
        masks = self.weekday_mask[rows]
        weekday_ok = (weekdays[None, :] & ~masks[:, None]) == 0
        return (blocked_days == 0) & weekday_ok  # type: ignore[no-any-return]


@dataclass
class ProblemData:
    """The compiled problem. Indices: ambassadors ``a``, missions ``m``, staff ``s``, eligible pairs ``p``."""

    instance: Instance
    year: int
    ambassador_ids: list[str]
    mission_ids: list[str]
    staff_ids: list[str]
    # missions
    m_start: IntArray  # minutes since the 1st of January
    m_end: IntArray
    m_region: IntArray
    m_priority: IntArray
    m_seats_min: IntArray
    m_seats_max: IntArray
    m_needs_pair: BoolArray
    m_month: IntArray  # 0..11, month of the start
    m_quarter: IntArray  # 0..3
    m_workload: IntArray  # seconds of mission + preparation
    m_remuneration: IntArray  # cents per assigned ambassador
    m_staffable: BoolArray  # False for an unapproved initiative (rule 8)
    m_proposer: IntArray  # ambassador index of an initiative's proposer, -1 otherwise
    # ambassadors
    a_max_missions: IntArray
    a_max_workload: IntArray  # seconds
    a_month_cap: IntArray  # -1: no cap
    a_history: IntArray  # missions last year
    # eligible pairs, sorted by (mission, ambassador)
    pair_amb: IntArray
    pair_mis: IntArray
    pair_match: IntArray
    pair_expense: IntArray  # cents
    # eligible staff pairs (only missions that need a pair), sorted by (mission, staff)
    spair_staff: IntArray
    spair_mis: IntArray
    s_max_missions: IntArray
    # conflicts between missions for one person (rule 4): cliques (each ≥ 2 missions) and leftover edges
    conflict_cliques: list[IntArray]
    conflict_edges: IntArray  # E × 2, every conflicting pair (m1 < m2)
    # money
    remuneration_cap: int | None  # cents per ambassador
    budget_annual: int | None
    budget_quarterly: list[int] | None
    group_cap: int | None
    # forced pairs (frozen assignments): pair indices that are not eligible but must exist
    forced_pairs: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _pair_key: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _spair_key: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    # -- sizes -----------------------------------------------------------------------------
    @property
    def n_amb(self) -> int:
        return len(self.ambassador_ids)

    @property
    def n_mis(self) -> int:
        return len(self.mission_ids)

    @property
    def n_staff(self) -> int:
        return len(self.staff_ids)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_amb)

    @property
    def pair_cost(self) -> IntArray:
        """Remuneration + expense of each pair, in cents."""
        return self.m_remuneration[self.pair_mis] + self.pair_expense

    def pair_index(self, a: int, m: int) -> int:
        """Index of the pair (a, m), or -1 when a is not eligible for m."""
        key = m * max(self.n_amb, 1) + a
        i = int(np.searchsorted(self._pair_key, key))
        return i if i < len(self._pair_key) and self._pair_key[i] == key else -1

    def staff_pair_index(self, s: int, m: int) -> int:
        key = m * max(self.n_staff, 1) + s
        i = int(np.searchsorted(self._spair_key, key))
        return i if i < len(self._spair_key) and self._spair_key[i] == key else -1

    def pairs_by_mission(self) -> IntArray:
        """CSR offsets: pairs of mission m are ``offsets[m]:offsets[m + 1]``."""
        return np.searchsorted(self.pair_mis, np.arange(self.n_mis + 1))

    def staff_pairs_by_mission(self) -> IntArray:
        return np.searchsorted(self.spair_mis, np.arange(self.n_mis + 1))

    def pairs_by_ambassador(self) -> tuple[IntArray, IntArray]:
        """(order, offsets): pairs of ambassador a are ``order[offsets[a]:offsets[a + 1]]``."""
        order = np.argsort(self.pair_amb, kind="stable")
        offsets = np.searchsorted(self.pair_amb[order], np.arange(self.n_amb + 1))
        return order, offsets

    def conflict_neighbours(self) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in range(self.n_mis)]
        for m1, m2 in self.conflict_edges.tolist():
            out[m1].add(m2)
            out[m2].add(m1)
        return out

    # -- build -------------------------------------------------------------------------------
    @classmethod
    def build(cls, instance: Instance, forced: Iterable[tuple[str, str]] = (),
              chunk: int = 2048) -> ProblemData:
        """Compile ``instance``. ``forced`` (mission id, ambassador id) pairs get a variable even if
        ineligible (a frozen past assignment must stay representable)."""
        return _Builder(instance, chunk).build(list(forced))

    def eligibility_by_rule(self, missions: IntArray | None = None) -> dict[str, BoolArray]:
        """Ambassadors × missions boolean matrix per eligibility rule (for explanations and tests)."""
        return _Builder(self.instance, 0).eligibility_by_rule(missions)


class _Builder:
    def __init__(self, instance: Instance, chunk: int) -> None:
        self.inst = instance
        self.chunk = chunk
        self.year = instance.year
        ambs, missions = instance.ambassadors, instance.missions
        self.regions = _Vocabulary()
        for a in ambs:
            self.regions.code(a.home_region)
        for s in instance.staff:
            self.regions.code(s.region)
        for m in missions:
            self.regions.code(m.region)
        for tp in instance.policy.travel.pairs:
            self.regions.code(tp.a)
            self.regions.code(tp.b)
        languages = _Vocabulary()
        a_lang = languages.incidence([a.languages for a in ambs])
        s_lang = languages.incidence([s.languages for s in instance.staff])
        m_lang_code = np.array([languages.code(m.language) for m in missions], dtype=np.int64)
        width = max(len(languages), 1)
        self.a_lang, self.s_lang = _pad(a_lang, width), _pad(s_lang, width)
        self.m_lang = m_lang_code
        comp_codes = {c: i for i, c in enumerate(INTERVENTIONS)}
        self.a_comp = np.zeros((len(ambs), len(INTERVENTIONS)), dtype=np.bool_)
        for i, a in enumerate(ambs):
            self.a_comp[i, [comp_codes[c] for c in a.competences]] = True
        self.m_interv = np.array([comp_codes[m.intervention] for m in missions], dtype=np.int64)
        self.a_charter = np.array([a.charter_signed for a in ambs], dtype=np.bool_)
        trainings = _Vocabulary()
        m_req = trainings.incidence([instance.policy.required_trainings(m) for m in missions])
        a_tr = trainings.incidence([a.trainings for a in ambs])
        width = max(len(trainings), 1)
        self.m_req = _pad(m_req, width).astype(np.int32)
        self.a_lacks = (~_pad(a_tr, width)).astype(np.int32)
        self.people = _People.build(ambs, self.year)
        self.staff_people = _People.build(instance.staff, self.year)
        first, last, wd = [], [], []
        for m in missions:
            d0 = m.start.date()
            d1 = (m.end - timedelta(microseconds=1)).date()
            first.append(_day_index(d0, self.year))
            last.append(min(_day_index(d1, self.year), _HORIZON_DAYS - 1))
            mask, cur = 0, d0
            while cur <= d1:
                mask |= 1 << cur.weekday()
                cur += timedelta(days=1)
            wd.append(mask)
        self.m_first = np.array(first, dtype=np.int64)
        self.m_last = np.array(last, dtype=np.int64)
        self.m_weekdays = np.array(wd, dtype=np.int16).reshape(len(missions))

    # -- eligibility -------------------------------------------------------------------------
    def eligibility_by_rule(self, missions: IntArray | None = None) -> dict[str, BoolArray]:
        cols = np.arange(len(self.inst.missions)) if missions is None else np.asarray(missions)
        n_amb = len(self.inst.ambassadors)
        return {
            "language": self.a_lang[:, self.m_lang[cols]],
            "competence": self.a_comp[:, self.m_interv[cols]],
            "charter": np.repeat(self.a_charter[:, None], len(cols), axis=1),
            "training": (self.a_lacks @ self.m_req[cols].T) == 0,
            "availability": self.people.available(
                slice(0, n_amb), self.m_first[cols], self.m_last[cols], self.m_weekdays[cols]
            ),
        }

    def _eligible_pairs(self) -> tuple[IntArray, IntArray]:
        """(ambassador, mission) index arrays of eligible pairs, in mission-major order."""
        n_mis = len(self.inst.missions)
        step = self.chunk if self.chunk > 0 else max(n_mis, 1)
        ambs_out: list[IntArray] = []
        mis_out: list[IntArray] = []
        for lo in range(0, n_mis, step):
            cols = np.arange(lo, min(lo + step, n_mis))
            rules = self.eligibility_by_rule(cols)
            ok = rules["language"] & rules["competence"] & rules["charter"]
            ok &= rules["training"]
            ok &= rules["availability"]
            mis_local, amb = np.nonzero(ok.T)
            ambs_out.append(amb.astype(np.int64))
            mis_out.append(cols[mis_local].astype(np.int64))
        if not ambs_out:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(ambs_out), np.concatenate(mis_out)

    def _staff_pairs(self, needs_pair: BoolArray) -> tuple[IntArray, IntArray]:
        inst = self.inst
        staff = inst.staff
        cols = np.nonzero(needs_pair)[0]
        if not staff or len(cols) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        services = _Vocabulary([s.service for s in staff])
        s_service = np.array([services.code(s.service) for s in staff], dtype=np.int64)
        allowed = services.incidence([inst.missions[m].staff_services for m in cols.tolist()])
        any_service = np.array([not inst.missions[m].staff_services for m in cols.tolist()], dtype=np.bool_)
        service_ok = allowed[:, s_service].T | any_service[None, :]
        ok = service_ok & self.s_lang[:, self.m_lang[cols]]
        ok &= self.staff_people.available(
            slice(0, len(staff)), self.m_first[cols], self.m_last[cols], self.m_weekdays[cols]
        )
        mis_local, st = np.nonzero(ok.T)
        return st.astype(np.int64), cols[mis_local].astype(np.int64)

    # -- match -------------------------------------------------------------------------------
    def _match(self, pa: IntArray, pm: IntArray) -> IntArray:
        inst = self.inst
        ambs, missions = inst.ambassadors, inst.missions
        sectors = _Vocabulary()
        m_sec = sectors.incidence([m.sectors for m in missions])
        a_sec = sectors.incidence([a.sectors for a in ambs])
        w = max(len(sectors), 1)
        m_sec, a_sec = _pad(m_sec, w), _pad(a_sec, w)
        themes = _Vocabulary()
        m_th = themes.incidence([m.themes for m in missions])
        a_th = themes.incidence([a.themes for a in ambs])
        w = max(len(themes), 1)
        m_th, a_th = _pad(m_th, w), _pad(a_th, w)
        points = np.zeros(len(pa), dtype=np.int64)
        step = 1 << 18
        m_no_sector: BoolArray = np.logical_not(m_sec.any(axis=1))
        m_theme_n = m_th.sum(axis=1).astype(np.int64)
        for lo in range(0, len(pa), step):
            a, m = pa[lo:lo + step], pm[lo:lo + step]
            sector_ok = m_no_sector[m] | (a_sec[a] & m_sec[m]).any(axis=1)
            shared = (a_th[a] & m_th[m]).sum(axis=1).astype(np.int64)
            n_th = m_theme_n[m]
            theme_pts = np.where(n_th == 0, 25, (25 * shared) // np.maximum(n_th, 1))
            points[lo:lo + step] = 30 * sector_ok + theme_pts
        level_code = {lv: i for i, lv in enumerate(LEVELS)}
        m_level = np.array([level_code[m.level] for m in missions], dtype=np.int64)
        a_nat = np.array([any(lk.scope in ("national", "international") for lk in a.links) for a in ambs],
                         dtype=np.bool_)
        a_int = np.array([any(lk.scope == "international" for lk in a.links) for a in ambs], dtype=np.bool_)
        lvl = m_level[pm]
        level_ok = (lvl <= level_code["regional"]) | ((lvl == level_code["national"]) & a_nat[pa]) | (
            (lvl == level_code["european"]) & a_int[pa]
        )
        a_reg = np.array([self.regions.code(a.home_region) for a in ambs], dtype=np.int64)
        m_reg = np.array([self.regions.code(m.region) for m in missions], dtype=np.int64)
        points += 15 * level_ok + 15 * (a_reg[pa] == m_reg[pm])
        # Interests are sparse (what people wrote down): look them up by pair key.
        n_amb = max(len(ambs), 1)
        mission_code = {m.id: i for i, m in enumerate(missions)}
        keys, vals = [], []
        for i, a_ in enumerate(ambs):
            for mid, level in a_.interests.items():
                keys.append(mission_code[mid] * n_amb + i)
                vals.append(INTEREST_POINTS[level])
        interest = np.full(len(pa), DEFAULT_INTEREST_POINTS, dtype=np.int64)
        if keys:
            k = np.array(keys, dtype=np.int64)
            v = np.array(vals, dtype=np.int64)
            order = np.argsort(k)
            k, v = k[order], v[order]
            pk = pm * n_amb + pa
            pos = np.minimum(np.searchsorted(k, pk), len(k) - 1)
            hit = k[pos] == pk
            interest[hit] = v[pos[hit]]
        return points + interest

    # -- conflicts ---------------------------------------------------------------------------
    def _conflicts(self, start: IntArray, end: IntArray, region: IntArray) -> tuple[list[IntArray], IntArray]:
        travel = self.inst.policy.travel
        names = list(self.regions.codes)
        n_reg = max(len(names), 1)
        buffer = np.full((n_reg, n_reg), travel.other_region.buffer_minutes, dtype=np.int64)
        np.fill_diagonal(buffer, travel.same_region.buffer_minutes)
        for tp in travel.pairs:
            i, j = self.regions.codes[tp.a], self.regions.codes[tp.b]
            buffer[i, j] = buffer[j, i] = tp.buffer_minutes
        n = len(start)
        if n < 2:
            return [], np.zeros((0, 2), dtype=np.int64)
        order = np.lexsort((np.arange(n), start))
        s_sorted = start[order]
        reach = end[order] + int(buffer.max())
        hi = np.searchsorted(s_sorted, reach, side="left")  # candidates j in (i, hi)
        counts = np.maximum(hi - np.arange(n) - 1, 0)
        first = np.repeat(np.arange(n), counts)
        offs = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        second = first + 1 + offs
        m1, m2 = order[first], order[second]
        # m1 starts no later than m2 (sorted), so the rule reads: m2.start < m1.end + buffer.
        conflict = start[m2] < end[m1] + buffer[region[m1], region[m2]]
        m1, m2 = m1[conflict], m2[conflict]
        edges = np.stack([np.minimum(m1, m2), np.maximum(m1, m2)], axis=1)
        edges = np.unique(edges, axis=0) if len(edges) else edges.reshape(0, 2)
        cliques = self._cliques(start, end, int(buffer.min()), edges)
        return cliques, edges.astype(np.int64)

    @staticmethod
    def _cliques(start: IntArray, end: IntArray, min_buffer: int, edges: IntArray) -> list[IntArray]:
        """Maximal cliques of the interval graph of [start, end + smallest buffer): each one is a set
        of missions pairwise in conflict whatever their regions, so "at most one per person" holds
        for the whole set. A sweep emits the set of open intervals just before each closing."""
        n = len(start)
        if len(edges) == 0:
            return []
        ext_end = end + min_buffer
        events = sorted([(int(start[i]), 1, i) for i in range(n)]
                        + [(int(ext_end[i]), 0, i) for i in range(n)])
        open_set: dict[int, None] = {}
        cliques: list[IntArray] = []
        grew = False
        for _, kind, i in events:
            if kind == 1:
                open_set[i] = None
                grew = True
            else:
                if grew and len(open_set) >= 2:
                    cliques.append(np.array(sorted(open_set), dtype=np.int64))
                grew = False
                open_set.pop(i, None)
        return cliques

    # -- everything ----------------------------------------------------------------------------
    def build(self, forced: list[tuple[str, str]]) -> ProblemData:
        inst, year = self.inst, self.year
        missions, ambs, staff = inst.missions, inst.ambassadors, inst.staff
        policy = inst.policy
        n_amb = len(ambs)
        amb_code = {a.id: i for i, a in enumerate(ambs)}
        start = np.array([_minutes(m.start, year) for m in missions], dtype=np.int64)
        end = np.array([_minutes(m.end, year) for m in missions], dtype=np.int64)
        # Times with seconds are rounded outward so that a conflict is never missed.
        end_exact = np.array([(m.end - datetime(year, 1, 1)).total_seconds() / 60 for m in missions])
        end = np.where(end < end_exact, end + 1, end).astype(np.int64)
        region = np.array([self.regions.code(m.region) for m in missions], dtype=np.int64)
        needs_pair = np.array([m.needs_staff_pair for m in missions], dtype=np.bool_)
        pa, pm = self._eligible_pairs()
        n_key = max(n_amb, 1)
        forced_key = np.zeros(0, dtype=np.int64)
        if forced:
            mission_code = {m.id: i for i, m in enumerate(missions)}
            fa = np.array([amb_code[a] for _, a in forced], dtype=np.int64)
            fm = np.array([mission_code[m] for m, _ in forced], dtype=np.int64)
            forced_key = fm * n_key + fa
            pa, pm = np.concatenate([pa, fa]), np.concatenate([pm, fm])
        key, uniq = np.unique(pm * n_key + pa, return_index=True)
        pa, pm = pa[uniq], pm[uniq]
        forced_idx = np.unique(np.searchsorted(key, forced_key)).astype(np.int64)
        sa, sm = self._staff_pairs(needs_pair)
        skey = sm * max(len(staff), 1) + sa
        sorder = np.argsort(skey, kind="stable")
        sa, sm, skey = sa[sorder], sm[sorder], skey[sorder]

        a_home = np.array([self.regions.code(a.home_region) for a in ambs], dtype=np.int64)
        travel = policy.travel
        n_reg = max(len(self.regions), 1)
        expense_table = np.full((n_reg, n_reg), cents_up(travel.other_region.expense_eur), dtype=np.int64)
        np.fill_diagonal(expense_table, cents_up(travel.same_region.expense_eur))
        for tp in travel.pairs:
            i, j = self.regions.codes[tp.a], self.regions.codes[tp.b]
            expense_table[i, j] = expense_table[j, i] = cents_up(tp.expense_eur)
        m_fixed_expense = np.array(
            [-1 if m.expenses_eur is None else cents_up(m.expenses_eur) for m in missions],
                                   dtype=np.int64)
        pair_expense = np.where(m_fixed_expense[pm] >= 0, m_fixed_expense[pm],
                                expense_table[a_home[pa], region[pm]])

        cliques, edges = self._conflicts(start, end, region)
        comp, budget = policy.compensation, policy.budget
        return ProblemData(
            instance=inst,
            year=year,
            ambassador_ids=[a.id for a in ambs],
            mission_ids=[m.id for m in missions],
            staff_ids=[s.id for s in staff],
            m_start=start,
            m_end=end,
            m_region=region,
            m_priority=np.array([m.priority for m in missions], dtype=np.int64),
            m_seats_min=np.array([m.seats_min for m in missions], dtype=np.int64),
            m_seats_max=np.array([m.seats_max for m in missions], dtype=np.int64),
            m_needs_pair=needs_pair,
            m_month=np.array([m.start.month - 1 for m in missions], dtype=np.int64),
            m_quarter=np.array([(m.start.month - 1) // 3 for m in missions], dtype=np.int64),
            m_workload=np.array([seconds_up(m.workload_hours) for m in missions], dtype=np.int64),
            m_remuneration=np.array([cents_up(policy.remuneration_eur(m)) for m in missions], dtype=np.int64),
            m_staffable=np.array([_staffable(m) for m in missions], dtype=np.bool_),
            m_proposer=np.array(
                [amb_code[m.proposed_by] if m.origin == "ambassador_initiative" and m.proposed_by else -1
                 for m in missions], dtype=np.int64),
            a_max_missions=np.array([a.max_missions for a in ambs], dtype=np.int64),
            a_max_workload=np.array([seconds_down(a.max_hours) for a in ambs], dtype=np.int64),
            a_month_cap=np.array([-1 if policy.month_cap(a) is None else policy.month_cap(a) for a in ambs],
                                 dtype=np.int64),
            a_history=np.array([a.history.missions_last_year for a in ambs], dtype=np.int64),
            pair_amb=pa,
            pair_mis=pm,
            pair_match=self._match(pa, pm),
            pair_expense=pair_expense.astype(np.int64),
            spair_staff=sa,
            spair_mis=sm,
            s_max_missions=np.array([s.max_missions for s in staff], dtype=np.int64),
            conflict_cliques=cliques,
            conflict_edges=edges,
            remuneration_cap=None if comp.max_remuneration_per_ambassador is None
            else cents_down(comp.max_remuneration_per_ambassador),
            budget_annual=None if budget.annual is None else cents_down(budget.annual),
            budget_quarterly=None if budget.quarterly is None else [cents_down(q) for q in budget.quarterly],
            group_cap=policy.group_cap,
            forced_pairs=forced_idx,
            _pair_key=key,
            _spair_key=skey,
        )


def _staffable(m: Mission) -> bool:
    return not (m.origin == "ambassador_initiative" and not m.approved)
