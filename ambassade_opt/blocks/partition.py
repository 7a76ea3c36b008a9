"""The blocks of one sweep: a partition of the people and of the missions into parts small enough
to solve well, the same for a given seed, sweep and plan wherever it is computed.

Sweeps take turns among three ways to cut (see :func:`sweep_kinds`):

* ``region`` — people by home region, missions by region, each group cut into ``k`` blocks: its
  missions in ``k`` runs of consecutive start times (the cut points move from sweep to sweep), its
  people and staff in ``k`` random parts;
* ``schedules`` — people by home region cut into random parts, each block with every mission its
  people hold (their whole year can be rearranged) and a run of the region's uncovered missions;
* ``language`` — as ``region``, by one of the languages people speak (in turn), so that people who
  travel or speak several languages meet other missions.

Every person and every mission is in exactly one block of a sweep.
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..model import Ambassador, Instance, Mission, Staff
from ..solver.params import BlockParams


@dataclass(frozen=True)
class Block:
    """``people`` and ``staff`` may take new missions among ``missions`` in this block only."""

    name: str
    people: frozenset[str]
    staff: frozenset[str]
    missions: tuple[str, ...]


def sweep_kinds(params: BlockParams) -> tuple[str, ...]:
    """The ways to cut, in the order the sweeps take them."""
    return ("region", *(["schedules"] if params.whole_schedules else []),
            *(["language"] if params.alternate_languages else []))


def _key_kind(sweep: int, params: BlockParams) -> str:
    kinds = sweep_kinds(params)
    return kinds[sweep % len(kinds)]


def _person_key(person: Ambassador | Staff, kind: str, sweep: int) -> str:
    if kind in ("region", "schedules"):
        return person.home_region if isinstance(person, Ambassador) else person.region
    languages = sorted(person.languages)
    return languages[(sweep // 2) % len(languages)] if languages else "(none)"


def _mission_key(mission: Mission, kind: str) -> str:
    return mission.language if kind == "language" else mission.region


def _rng(seed: int, sweep: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, sweep, zlib.crc32(key.encode("utf-8"))])


def _split(ids: list[str], parts: int, rng: np.random.Generator) -> list[list[str]]:
    order = [ids[i] for i in rng.permutation(len(ids))]
    return [order[j::parts] for j in range(parts)]


def _runs(missions: list[Mission], parts: int, sweep: int) -> list[list[str]]:
    """``parts`` runs of consecutive start times; the first starts further on each sweep."""
    ordered = sorted(missions, key=lambda m: (m.start, m.id))
    n = len(ordered)
    if n == 0:
        return [[] for _ in range(parts)]
    shift = (sweep * n) // (2 * parts) % n if parts > 1 else 0
    rotated = ordered[shift:] + ordered[:shift]
    return [[m.id for m in rotated[j * n // parts:(j + 1) * n // parts]] for j in range(parts)]


def sweep_blocks(instance: Instance, sweep: int, seed: int, params: BlockParams,
                 holders: Mapping[str, str] | None = None) -> list[Block]:
    """The blocks of sweep ``sweep`` (see the module docstring), in a fixed order. ``holders``:
    the first ambassador on each covered mission (the plan; needed by ``schedules`` sweeps)."""
    kind = _key_kind(sweep, params)
    holders = holders or {}
    people: dict[str, list[str]] = defaultdict(list)
    staff: dict[str, list[str]] = defaultdict(list)
    missions: dict[str, list[Mission]] = defaultdict(list)
    for a in instance.ambassadors:
        people[_person_key(a, kind, sweep)].append(a.id)
    for s in instance.staff:
        staff[_person_key(s, kind, sweep)].append(s.id)
    held: dict[str, list[str]] = defaultdict(list)
    for m in instance.missions:
        if kind == "schedules" and m.id in holders:
            held[holders[m.id]].append(m.id)
        else:
            missions[_mission_key(m, kind)].append(m)
    blocks: list[Block] = []
    for key in sorted(set(people) | set(missions) | set(staff)):
        load = sum(len(held[p]) for p in people[key]) + len(missions[key])
        parts = max(1, math.ceil(len(people[key]) / params.people_per_block),
                    math.ceil(load / params.missions_per_block))
        rng = _rng(seed, sweep, key)
        groups, staff_groups = _split(people[key], parts, rng), _split(staff[key], parts, rng)
        for j, run in enumerate(_runs(missions[key], parts, sweep)):
            own = [mid for p in sorted(groups[j]) for mid in held[p]]
            blocks.append(Block(f"{kind} {key} {j + 1}/{parts}", frozenset(groups[j]),
                                frozenset(staff_groups[j]), (*own, *run)))
    return blocks
