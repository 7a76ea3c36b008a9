"""Rule 4 — no overlap for any person, travel buffer included.

Conflicts form a graph over missions (buffers depend only on the two missions' regions). Its
interval-graph part (with the smallest buffer) is covered by cliques — one "at most one" per person
and clique, much stronger than pairwise constraints; edges that exist only because of a longer
buffer between two regions are added pairwise."""

from __future__ import annotations

import numpy as np

from ...compiled import IntArray, ProblemData
from ..variables import ModelContext


def _groups(person: IntArray, group: IntArray, pair: IntArray) -> list[IntArray]:
    """Split ``pair`` into runs of equal (group, person), keeping runs of two or more."""
    if len(pair) == 0:
        return []
    order = np.lexsort((person, group))
    g, p, pr = group[order], person[order], pair[order]
    new = np.ones(len(g), dtype=np.bool_)
    new[1:] = (g[1:] != g[:-1]) | (p[1:] != p[:-1])
    starts = np.nonzero(new)[0]
    ends = np.append(starts[1:], len(g))
    return [pr[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True) if e - s >= 2]


def conflict_sets(offsets: IntArray, people: IntArray, cliques: list[IntArray],
                  leftover: IntArray) -> list[IntArray]:
    """Sets of pair indices (same person, pairwise conflicting missions) of which at most one holds."""
    if not cliques and len(leftover) == 0:
        return []
    groups: list[IntArray] = []
    parts = list(cliques) + [e for e in leftover]
    sizes = np.array([len(c) for c in parts], dtype=np.int64)
    missions = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    group_of_mission = np.repeat(np.arange(len(parts)), sizes)
    counts = offsets[missions + 1] - offsets[missions]
    pair = np.repeat(offsets[missions], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    groups = _groups(people[pair], np.repeat(group_of_mission, counts), pair)
    return groups


def leftover_edges(ctx: ModelContext) -> IntArray:
    return leftover_edges_of(ctx.data)


def leftover_edges_of(data: ProblemData) -> IntArray:
    """Conflict edges not implied by the interval cliques (a longer buffer between two regions)."""
    edges = data.conflict_edges
    if len(edges) == 0:
        return edges
    travel = data.instance.policy.travel
    min_buffer = min([travel.same_region.buffer_minutes, travel.other_region.buffer_minutes]
                     + [p.buffer_minutes for p in travel.pairs])
    s, e = data.m_start, data.m_end
    a, b = edges[:, 0], edges[:, 1]
    first_is_a = (s[a] < s[b]) | ((s[a] == s[b]) & (a < b))
    early = np.where(first_is_a, a, b)
    late = np.where(first_is_a, b, a)
    in_interval_graph = s[late] < e[early] + min_buffer
    return edges[~in_interval_graph]


def add(ctx: ModelContext) -> None:
    data, model = ctx.data, ctx.model
    leftover = leftover_edges(ctx)
    for group in conflict_sets(ctx.pair_offsets, data.pair_amb, data.conflict_cliques, leftover):
        ctx.guard(model.add_at_most_one([ctx.pair_x[p] for p in group.tolist()]), "overlap")
    for group in conflict_sets(ctx.staff_pair_offsets, data.spair_staff, data.conflict_cliques, leftover):
        ctx.guard(model.add_at_most_one([ctx.staff_pair_x[p] for p in group.tolist()]), "overlap")
