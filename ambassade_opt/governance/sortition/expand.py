"""From a lottery over type counts to an explicit lottery over individual panels.

Exact integer arithmetic: probabilities are counted in ticks of ``1 / TICKS``. For each type the
seat-time its panels offer is dealt out round-robin (panels with the most seats of that type
first, each person at most the panel's whole weight), so that every member of the type gets the
same total up to one tick; inside each panel those shares are laid out on the seats one after
another (McNaughton's wrap-around rule), which never puts one person on two seats at a time.
Cutting each panel at every point where someone's share starts or ends yields individual panels
whose marginals are exactly the dealt shares. The number of panels stays near
``#type-panels + #people`` instead of growing with the product of type sizes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow

from .distribution import TypeLottery

TICKS = 2**48


@dataclass(frozen=True)
class Lottery:
    """Panels (sorted ids, canonical order) with their probabilities in ticks (sum ``TICKS``)."""

    panels: tuple[tuple[str, ...], ...]
    ticks: tuple[int, ...]

    @property
    def probabilities(self) -> list[float]:
        return [k / TICKS for k in self.ticks]

    def marginals(self, candidates: list[str] | None = None) -> dict[str, float]:
        mass: dict[str, int] = defaultdict(int)
        for panel, k in zip(self.panels, self.ticks, strict=True):
            for pid in panel:
                mass[pid] += k
        names = sorted(set(candidates or []) | set(mass))
        return {pid: mass.get(pid, 0) / TICKS for pid in names}


def _to_ticks(weights: np.ndarray) -> list[int]:
    raw = weights / weights.sum() * TICKS
    base = np.floor(raw).astype(np.int64)
    short = TICKS - int(base.sum())
    order = sorted(range(len(raw)), key=lambda j: (-(raw[j] - base[j]), j))
    for j in order[:short]:
        base[j] += 1
    return [int(x) for x in base]


def _deal_round_robin(caps: list[int], seats: list[int], need: list[int]) -> list[dict[int, int]] | None:
    """Shares ``y[j][i]`` of panel j's seat-time for member i, or None if round-robin gets stuck."""
    n = len(need)
    rem = list(need)
    shares: list[dict[int, int]] = [{} for _ in caps]
    pointer = 0
    for j in sorted(range(len(caps)), key=lambda j: (-seats[j], j)):
        left = seats[j] * caps[j]
        visited = 0
        while left > 0 and visited < n:
            i = pointer
            give = min(rem[i], caps[j], left)
            if give > 0:
                shares[j][i] = give
                rem[i] -= give
                left -= give
            visited += 1
            if left == 0 and give < min(rem[i] + give, caps[j]):
                break  # i still has room in the next panel: keep the pointer on it
            pointer = (pointer + 1) % n
        if left > 0:
            return None
    return shares if not any(rem) else None


def _deal_by_flow(caps: list[int], seats: list[int], need: list[int]) -> list[dict[int, int]]:
    """Exact integral transportation by maximum flow: the fallback when round-robin fails."""
    m, n = len(caps), len(need)
    flow = max_flow.SimpleMaxFlow()
    source, sink = m + n, m + n + 1
    arcs = []
    for j in range(m):
        flow.add_arc_with_capacity(source, j, seats[j] * caps[j])
        for i in range(n):
            arcs.append((j, i, flow.add_arc_with_capacity(j, m + i, caps[j])))
    for i in range(n):
        flow.add_arc_with_capacity(m + i, sink, need[i])
    if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() != sum(need):
        raise RuntimeError("cannot spread a type's seats evenly over its members")
    shares: list[dict[int, int]] = [{} for _ in caps]
    for j, i, arc in arcs:
        f = flow.flow(arc)
        if f:
            shares[j][i] = f
    return shares


SLIVER_TICKS = 1 << 8
"""Sub-panels this short (about 1e-12) only come from cut points that round-off pulled a few
ticks apart; they are merged into a neighbour, which moves a few ticks between two people of
the same type and keeps every panel's type counts."""


def _without_slivers(segments: list[tuple[tuple[str, ...], int]]) -> list[tuple[tuple[str, ...], int]]:
    kept: list[tuple[tuple[str, ...], int]] = []
    carry = 0
    for panel, length in segments:
        if length < SLIVER_TICKS:
            if kept:
                kept[-1] = (kept[-1][0], kept[-1][1] + length)
            else:
                carry += length
            continue
        kept.append((panel, length + carry))
        carry = 0
    if carry:  # every segment was a sliver: keep the longest whole
        panel = max(segments, key=lambda s: s[1])[0]
        kept.append((panel, carry))
    return kept


def expand(lottery: TypeLottery) -> Lottery:
    """Individual panels whose marginals are equal within each type (up to one tick)."""
    pool = lottery.pool
    ticks = _to_ticks(lottery.weights)
    live = [j for j, k in enumerate(ticks) if k > 0]
    # pieces[j] = (always-on members, [(start, end, member)]) in panel j's local time [0, ticks[j])
    full: dict[int, list[str]] = defaultdict(list)
    pieces: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for t in range(pool.n_types):
        used = [j for j in live if lottery.panels[j, t] > 0]
        if not used:
            continue
        members = pool.members[t]
        n = len(members)
        caps = [ticks[j] for j in used]
        seats = [int(lottery.panels[j, t]) for j in used]
        total = sum(c * s for c, s in zip(caps, seats, strict=True))
        need = [total // n + (1 if i < total % n else 0) for i in range(n)]
        shares = _deal_round_robin(caps, seats, need) or _deal_by_flow(caps, seats, need)
        for k, j in enumerate(used):
            cap = caps[k]
            pos = 0
            for i in sorted(shares[k]):
                y = shares[k][i]
                if y == cap:
                    full[j].append(members[i])
                    continue
                a = pos % cap
                if a + y <= cap:
                    pieces[j].append((a, a + y, members[i]))
                else:
                    pieces[j].append((a, cap, members[i]))
                    pieces[j].append((0, a + y - cap, members[i]))
                pos += y
    merged: dict[tuple[str, ...], int] = defaultdict(int)
    for j in live:
        cap = ticks[j]
        starts: dict[int, list[str]] = defaultdict(list)
        ends: dict[int, list[str]] = defaultdict(list)
        for a, b, pid in pieces[j]:
            starts[a].append(pid)
            ends[b].append(pid)
        cuts = sorted({0, cap} | set(starts) | set(ends))
        active: set[str] = set()
        base = full[j]
        segments: list[tuple[tuple[str, ...], int]] = []
        for b0, b1 in itertools.pairwise(cuts):
            active.difference_update(ends.get(b0, ()))
            active.update(starts.get(b0, ()))
            panel = tuple(sorted([*base, *active]))
            if len(panel) != lottery.size:
                raise RuntimeError("panel expansion produced a panel of the wrong size")
            segments.append((panel, b1 - b0))
        for panel, length in _without_slivers(segments):
            merged[panel] += length
    ordered = sorted(merged)
    return Lottery(tuple(ordered), tuple(merged[p] for p in ordered))
