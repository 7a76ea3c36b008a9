"""Rule 4, no overlap: one person's missions, travel buffer included, never collide.

Missions ``m1.start <= m2.start`` conflict when ``m2.start < m1.end + buffer(m1.region,
m2.region)``. Compiled, conflicts form a graph over missions. Its interval-graph part — intervals
``[start, end + smallest buffer)`` — is covered by maximal cliques, each a set of missions
pairwise in conflict whatever their regions: "at most one per person and clique" is much stronger
than pairwise constraints. Edges that exist only because of a longer buffer between two regions
(*leftover* edges) are added pairwise. The finished-plan check sorts each person's missions by start
and scans forward until the largest buffer is passed, so it stays near linear in the plan size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import IntArray, ProblemData
from ..model import Mission, Travel
from .base import Obstacle, PersonBlock, Rule, Tracker
from .core import Violation
from .encoding import CpSatSink, RowSink
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments


def conflicts(first: Mission, second: Mission, travel: Travel) -> bool:
    """Do two missions collide for one person (in either order)?"""
    m1, m2 = (first, second) if first.start <= second.start else (second, first)
    return m2.start < m1.end + timedelta(minutes=travel.buffer_minutes(m1.region, m2.region))


def conflicting_pairs(missions: list[Mission], travel: Travel) -> list[tuple[Mission, Mission]]:
    """Every colliding pair among one person's missions, earlier-starting mission first."""
    ordered = sorted(missions, key=lambda m: (m.start, m.id))
    reach = timedelta(minutes=travel.max_buffer_minutes())
    pairs: list[tuple[Mission, Mission]] = []
    for i, m1 in enumerate(ordered):
        horizon = m1.end + reach
        for m2 in ordered[i + 1 :]:
            if m2.start >= horizon:
                break
            if m2.start < m1.end + timedelta(minutes=travel.buffer_minutes(m1.region, m2.region)):
                pairs.append((m1, m2))
    return pairs


# -- compiled ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class OverlapData:
    """The conflict graph: interval cliques (CSR), leftover edges, and every mission's neighbours."""

    clique_flat: IntArray
    clique_offsets: IntArray
    leftover: IntArray  # E' × 2
    neighbour_flat: IntArray
    neighbour_offsets: IntArray

    def neighbours(self, m: int) -> IntArray:
        return self.neighbour_flat[self.neighbour_offsets[m] : self.neighbour_offsets[m + 1]]

    @property
    def n_edges(self) -> int:
        return len(self.neighbour_flat) // 2


def buffer_table(problem: ProblemData) -> IntArray:
    """Minutes of travel buffer between every two region codes."""
    travel = problem.instance.policy.travel
    n = max(len(problem.regions), 1)
    table = np.full((n, n), travel.other_region.buffer_minutes, dtype=np.int64)
    np.fill_diagonal(table, travel.same_region.buffer_minutes)
    for tp in travel.pairs:
        i, j = problem.regions.codes[tp.a], problem.regions.codes[tp.b]
        table[i, j] = table[j, i] = tp.buffer_minutes
    return table


def _edges(problem: ProblemData, buffer: IntArray) -> IntArray:
    """Every conflicting pair (m1 < m2), from the missions starting within reach of each other."""
    start, end, region = problem.m_start, problem.m_end, problem.m_region
    n = len(start)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((np.arange(n), start))
    s_sorted = start[order]
    hi = np.searchsorted(s_sorted, end[order] + int(buffer.max()), side="left")
    parts = [np.zeros((0, 2), dtype=np.int64)]
    step = 4096
    for lo in range(0, n, step):  # in blocks: memory stays proportional to the conflicts found
        i = np.arange(lo, min(lo + step, n))
        counts = np.maximum(hi[i] - i - 1, 0)
        first = np.repeat(i, counts)
        second = first + 1 + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
        m1, m2 = order[first], order[second]
        hit = start[m2] < end[m1] + buffer[region[m1], region[m2]]
        parts.append(np.stack([np.minimum(m1[hit], m2[hit]), np.maximum(m1[hit], m2[hit])], axis=1))
    edges = np.concatenate(parts)
    return np.unique(edges, axis=0) if len(edges) else edges


def _cliques(start: IntArray, ext_end: IntArray) -> tuple[IntArray, IntArray]:
    """Maximal cliques of the interval graph of [start, ext_end), as (flat, offsets): a sweep emits
    the set of open intervals just before each closing that follows an opening."""
    events = sorted(
        [(int(start[i]), 1, i) for i in range(len(start))]
        + [(int(ext_end[i]), 0, i) for i in range(len(start))]
    )
    open_set: dict[int, None] = {}
    flat: list[int] = []
    offsets = [0]
    grew = False
    for _, kind, i in events:
        if kind == 1:
            open_set[i] = None
            grew = True
            continue
        if grew and len(open_set) >= 2:
            flat.extend(sorted(open_set))
            offsets.append(len(flat))
        grew = False
        open_set.pop(i, None)
    return np.array(flat, dtype=np.int64), np.array(offsets, dtype=np.int64)


def compile_overlap(problem: ProblemData) -> OverlapData:
    buffer = buffer_table(problem)
    edges = _edges(problem, buffer)
    s, e = problem.m_start, problem.m_end
    min_buffer = int(buffer.min()) if buffer.size else 0
    if len(edges):
        flat, offsets = _cliques(s, e + min_buffer)
        a, b = edges[:, 0], edges[:, 1]
        a_first = (s[a] < s[b]) | ((s[a] == s[b]) & (a < b))
        early, late = np.where(a_first, a, b), np.where(a_first, b, a)
        leftover = edges[~(s[late] < e[early] + min_buffer)]
    else:
        flat, offsets, leftover = np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), edges
    both = np.concatenate([edges, edges[:, ::-1]]) if len(edges) else edges
    order = np.lexsort((both[:, 1], both[:, 0])) if len(both) else np.zeros(0, dtype=np.int64)
    both = both[order]
    n_offsets = (
        np.searchsorted(both[:, 0], np.arange(problem.n_mis + 1))
        if len(both)
        else np.zeros(problem.n_mis + 1, dtype=np.int64)
    )
    return OverlapData(
        flat,
        offsets,
        leftover,
        both[:, 1].astype(np.int64) if len(both) else np.zeros(0, dtype=np.int64),
        n_offsets.astype(np.int64),
    )


def conflict_runs(data: OverlapData, offsets: IntArray, people: IntArray) -> tuple[IntArray, IntArray]:
    """Sets of pair indices (one person, pairwise conflicting missions) of which at most one holds,
    as (flat, offsets): one set per (clique or leftover edge, person) with two pairs or more.
    ``offsets`` are the CSR offsets of the pairs by mission, ``people`` each pair's person."""
    sizes = np.concatenate([np.diff(data.clique_offsets), np.full(len(data.leftover), 2)]).astype(np.int64)
    missions = np.concatenate([data.clique_flat, data.leftover.reshape(-1)]).astype(np.int64)
    if len(missions) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    group_of_mission = np.repeat(np.arange(len(sizes)), sizes)
    counts = offsets[missions + 1] - offsets[missions]
    pair = np.repeat(offsets[missions], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    group, person = np.repeat(group_of_mission, counts), people[pair]
    order = np.lexsort((person, group))
    g, p, pr = group[order], person[order], pair[order]
    new = np.ones(len(g), dtype=np.bool_)
    new[1:] = (g[1:] != g[:-1]) | (p[1:] != p[:-1])
    starts = np.nonzero(new)[0]
    lengths = np.diff(np.append(starts, len(g)))
    keep = lengths >= 2
    starts, lengths = starts[keep], lengths[keep]
    run_offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=run_offsets[1:])
    within = np.arange(run_offsets[-1]) - np.repeat(run_offsets[:-1], lengths)
    return pr[np.repeat(starts, lengths) + within], run_offsets


# -- the rule ---------------------------------------------------------------------------------
class _Tracker(Tracker):
    rule = "overlap"

    def __init__(self, problem: ProblemData, plan: Assignments) -> None:
        super().__init__(problem, plan)
        self.data = problem.part(OverlapData)

    def _busy(self, m: int, n_people: int, staff: bool) -> np.ndarray:
        busy = np.zeros(n_people, dtype=np.bool_)
        for n in self.data.neighbours(m).tolist():
            if staff:
                if self.plan.staff[n] >= 0:
                    busy[self.plan.staff[n]] = True
            else:
                busy[self.plan.team[n]] = True
        return busy

    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        mask = self._busy(m, self.problem.n_amb, staff=False)[people]
        return [PersonBlock(self.rule, "already on overlapping missions", mask)] if mask.any() else []

    def staff_blocks(self, m: int, staff: IntArray) -> list[PersonBlock]:
        mask = self._busy(m, self.problem.n_staff, staff=True)[staff]
        return [PersonBlock(self.rule, "on overlapping missions", mask)] if mask.any() else []

    def obstacle(self, m: int, person: int, staff: bool) -> Obstacle | None:
        mine = self.plan.of_staff[person] if staff else self.plan.of_ambassador[person]
        near = set(self.data.neighbours(m).tolist())
        clash = tuple(n for n in mine if n in near)
        if not clash:
            return None
        return Obstacle(
            self.rule,
            "already on an overlapping mission",
            f"overlaps {self.problem.mission_ids[m]}",
            clash,
            all_of=True,
        )


class Overlap(Rule):
    name = "overlap"
    number = 4
    title = "no overlap"

    def compile(self, problem: ProblemData) -> OverlapData:
        return compile_overlap(problem)

    def violations(self, view: PlanView) -> list[Violation]:
        travel = view.instance.policy.travel
        out: list[Violation] = []
        for kind, table in (("ambassador", view.missions_of_ambassador), ("staff", view.missions_of_staff)):
            for person, missions in table.items():
                for m1, m2 in conflicting_pairs(missions, travel):
                    buffer = travel.buffer_minutes(m1.region, m2.region)
                    out.append(
                        Violation(
                            rule="overlap",
                            mission=m1.id,
                            other_mission=m2.id,
                            person=person,
                            message=(
                                f"{kind} {person}: {m1.id} (ends {m1.end:%Y-%m-%d %H:%M}, {m1.region}) and "
                                f"{m2.id} (starts {m2.start:%H:%M}, {m2.region}) overlap with the "
                                f"{buffer} min travel buffer"
                            ),
                        )
                    )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem, data = sink.problem, sink.problem.part(OverlapData)
        flat, bounds = conflict_runs(data, problem.mission_offsets, problem.pair_amb)
        sink.at_most_one_runs(sink.x[flat], bounds)
        flat, bounds = conflict_runs(data, problem.staff_mission_offsets, problem.spair_staff)
        sink.at_most_one_runs(sink.z[flat], bounds)

    def highs(self, sink: RowSink) -> None:
        problem, data = sink.problem, sink.problem.part(OverlapData)
        for cols, offsets, people in (
            (sink.x, problem.mission_offsets, problem.pair_amb),
            (sink.z, problem.staff_mission_offsets, problem.spair_staff),
        ):
            flat, bounds = conflict_runs(data, offsets, people)
            n = len(bounds) - 1
            if n:
                sink.rows(np.repeat(np.arange(n), np.diff(bounds)), cols[flat], 1.0, -np.inf, 1.0, n)

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)


RULE = Overlap()
