"""Rule 4 — no overlap for any person, travel buffer included.

Conflicts form a graph over missions (buffers depend only on the two missions' regions). Its
interval-graph part (with the smallest buffer) is covered by cliques — one "at most one" per person
and clique, much stronger than pairwise constraints; edges that exist only because of a longer
buffer between two regions are added pairwise."""

from __future__ import annotations

import numpy as np

from ...compiled import IntArray, ProblemData
from ..variables import ModelContext, add_at_most_ones


def _runs(person: IntArray, group: IntArray, pair: IntArray) -> tuple[IntArray, IntArray]:
    """Runs of equal (group, person) in ``pair``, keeping runs of two or more, as (flat pairs,
    offsets): run r is ``flat[offsets[r]:offsets[r + 1]]``."""
    if len(pair) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    order = np.lexsort((person, group))
    g, p, pr = group[order], person[order], pair[order]
    new = np.ones(len(g), dtype=np.bool_)
    new[1:] = (g[1:] != g[:-1]) | (p[1:] != p[:-1])
    starts = np.nonzero(new)[0]
    lengths = np.diff(np.append(starts, len(g)))
    keep = lengths >= 2
    starts, lengths = starts[keep], lengths[keep]
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], lengths)
    return pr[np.repeat(starts, lengths) + within], offsets


def conflict_runs(offsets: IntArray, people: IntArray, cliques: list[IntArray],
                  leftover: IntArray) -> tuple[IntArray, IntArray]:
    """:func:`conflict_sets` as (flat pair indices, offsets), without one array per set."""
    if not cliques and len(leftover) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    parts = list(cliques) + [e for e in leftover]
    sizes = np.array([len(c) for c in parts], dtype=np.int64)
    missions = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    group_of_mission = np.repeat(np.arange(len(parts)), sizes)
    counts = offsets[missions + 1] - offsets[missions]
    pair = np.repeat(offsets[missions], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    return _runs(people[pair], np.repeat(group_of_mission, counts), pair)


def conflict_sets(offsets: IntArray, people: IntArray, cliques: list[IntArray],
                  leftover: IntArray) -> list[IntArray]:
    """Sets of pair indices (same person, pairwise conflicting missions) of which at most one holds."""
    flat, bounds = conflict_runs(offsets, people, cliques, leftover)
    return np.split(flat, bounds[1:-1]) if len(flat) else []


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
    guard = ctx.enforcement("overlap")
    leftover = leftover_edges(ctx)
    flat, bounds = conflict_runs(ctx.pair_offsets, data.pair_amb, data.conflict_cliques, leftover)
    add_at_most_ones(model, ctx.pair_index[flat], bounds, guard)
    flat, bounds = conflict_runs(ctx.staff_pair_offsets, data.spair_staff, data.conflict_cliques, leftover)
    add_at_most_ones(model, ctx.staff_pair_index[flat], bounds, guard)
