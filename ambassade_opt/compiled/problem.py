"""The compiled problem: every index, time and amount the rules, objectives and engines share.

Built once per instance by :func:`ambassade_opt.compile.compile_year`. Indices: ambassadors
``a``, missions ``m``, staff ``s``, eligible (ambassador, mission) pairs ``p``, eligible (staff,
mission) pairs ``q``. Only eligible pairs exist (rule 1 and the staff part of rule 3 are enforced
by the pair lists themselves), so every array is proportional to the pairs, never to
ambassadors × missions.

The data of each hard rule (seats, loads, caps, budgets, buffers, the group cap...) is not a field
here: each rule module compiles its own *part*, stored in :attr:`ProblemData.parts` and read back
with :meth:`ProblemData.part` by that module alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np

from ..model import Instance
from .calendar import MissionDays
from .units import IntArray
from .vocabulary import Vocabulary

T = TypeVar("T")


def _empty() -> IntArray:
    return np.zeros(0, dtype=np.int64)


@dataclass(eq=False)
class ProblemData:
    """An instance as numbers (see the module docstring)."""

    instance: Instance
    year: int
    ambassador_ids: list[str]
    mission_ids: list[str]
    staff_ids: list[str]
    regions: Vocabulary
    # missions: minutes since the 1st of January (ends rounded up), region codes, priorities
    m_start: IntArray
    m_end: IntArray
    m_region: IntArray
    m_priority: IntArray
    days: MissionDays
    # ambassadors
    a_home: IntArray  # region code
    a_history: IntArray  # missions last year
    # eligible pairs, sorted by (mission, ambassador); eligible staff pairs, by (mission, staff)
    pair_amb: IntArray
    pair_mis: IntArray
    spair_staff: IntArray
    spair_mis: IntArray
    # amounts in cents (rule 7's definitions, also the cost objective's terms)
    m_remuneration: IntArray = field(default_factory=_empty)  # per assigned ambassador
    pair_expense: IntArray = field(default_factory=_empty)
    pair_match: IntArray = field(default_factory=_empty)  # match points (objective 3)
    # pairs that are not eligible but must exist (a frozen past assignment)
    forced_pairs: IntArray = field(default_factory=_empty)
    parts: dict[type, object] = field(default_factory=dict)

    # -- sizes -------------------------------------------------------------------------------
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
    def n_staff_pairs(self) -> int:
        return len(self.spair_staff)

    # -- parts -------------------------------------------------------------------------------
    def part(self, kind: type[T]) -> T:
        """The compiled data of one rule (or objective), by its type."""
        found = self.parts[kind]
        assert isinstance(found, kind)
        return found

    # -- lookups -----------------------------------------------------------------------------
    @cached_property
    def pair_cost(self) -> IntArray:
        """Remuneration + expense of each pair, in cents (computed once, after the compile step)."""
        return self.m_remuneration[self.pair_mis] + self.pair_expense

    @cached_property
    def _pair_key(self) -> IntArray:
        return self.pair_mis * max(self.n_amb, 1) + self.pair_amb

    @cached_property
    def _spair_key(self) -> IntArray:
        return self.spair_mis * max(self.n_staff, 1) + self.spair_staff

    def pair_index(self, a: int, m: int) -> int:
        """Index of the pair (a, m), or -1 when a is not eligible for m."""
        return int(self.pair_indices(np.array([a]), m)[0])

    def pair_indices(self, people: IntArray, m: int) -> IntArray:
        """Pair index of each (people[i], m), -1 where there is none."""
        return _lookup(self._pair_key, m * max(self.n_amb, 1) + np.asarray(people, dtype=np.int64))

    def staff_pair_index(self, s: int, m: int) -> int:
        """Index of the staff pair (s, m), or -1 when s cannot be m's pair."""
        return int(_lookup(self._spair_key, np.array([m * max(self.n_staff, 1) + s]))[0])

    @cached_property
    def mission_offsets(self) -> IntArray:
        """CSR offsets: the pairs of mission m are ``mission_offsets[m]:mission_offsets[m + 1]``."""
        return np.searchsorted(self.pair_mis, np.arange(self.n_mis + 1))

    @cached_property
    def staff_mission_offsets(self) -> IntArray:
        """CSR offsets of the staff pairs of each mission."""
        return np.searchsorted(self.spair_mis, np.arange(self.n_mis + 1))

    @cached_property
    def ambassador_pairs(self) -> tuple[IntArray, IntArray]:
        """(order, offsets): the pairs of ambassador a are ``order[offsets[a]:offsets[a + 1]]``."""
        order = np.argsort(self.pair_amb, kind="stable")
        offsets = np.searchsorted(self.pair_amb[order], np.arange(self.n_amb + 1))
        return order, offsets

    def pairs_of_mission(self, m: int) -> IntArray:
        return np.arange(self.mission_offsets[m], self.mission_offsets[m + 1])

    def staff_pairs_of_mission(self, m: int) -> IntArray:
        return np.arange(self.staff_mission_offsets[m], self.staff_mission_offsets[m + 1])

    def pairs_of_ambassador(self, a: int) -> IntArray:
        order, offsets = self.ambassador_pairs
        return order[offsets[a] : offsets[a + 1]]

    @cached_property
    def mission_position(self) -> dict[str, int]:
        return {mid: i for i, mid in enumerate(self.mission_ids)}

    @cached_property
    def ambassador_position(self) -> dict[str, int]:
        return {aid: i for i, aid in enumerate(self.ambassador_ids)}

    @cached_property
    def staff_position(self) -> dict[str, int]:
        return {sid: i for i, sid in enumerate(self.staff_ids)}


def _lookup(sorted_keys: IntArray, keys: IntArray) -> IntArray:
    if len(sorted_keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[pos] == keys, pos, -1).astype(np.int64)
