"""Missions a solve must keep exactly as given (a re-plan's past), in index form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..compiled import IntArray, ProblemData
from ..errors import InputError
from ..model import Instance
from ..plan import Assignment


def forced_pairs(fixed: Mapping[str, Assignment | None]) -> list[tuple[str, str]]:
    """(mission id, ambassador id) of every frozen assignment, to compile as pairs even if they are
    no longer eligible (what happened, happened)."""
    return [(mid, a) for mid, asg in sorted(fixed.items()) if asg is not None for a in asg.ambassadors]


def check_references(instance: Instance, fixed: Mapping[str, Assignment | None]) -> None:
    """Frozen missions must name known missions and people (else bad input)."""
    problems: list[tuple[str, str]] = []
    missions = {m.id for m in instance.missions}
    amb = {a.id for a in instance.ambassadors}
    staff = {s.id for s in instance.staff}
    for mid, asg in sorted(fixed.items()):
        if mid not in missions:
            problems.append((f"fixed[{mid}]", "unknown mission"))
            continue
        if asg is None:
            continue
        problems += [
            (f"fixed[{mid}].ambassadors", f"unknown ambassador {a!r}")
            for a in asg.ambassadors
            if a not in amb
        ]
        if asg.staff is not None and asg.staff not in staff:
            problems.append((f"fixed[{mid}].staff", f"unknown staff member {asg.staff!r}"))
    if problems:
        raise InputError(problems)


@dataclass(frozen=True)
class Frozen:
    """``pairs[m]``: the pairs mission m keeps (sorted); ``staff[m]``: its staff pair (−1: none);
    ``blocked``: missions kept uncovered; ``order``: the frozen missions in the caller's order."""

    pairs: dict[int, IntArray] = field(default_factory=dict)
    staff: dict[int, int] = field(default_factory=dict)
    blocked: frozenset[int] = frozenset()
    order: tuple[int, ...] = ()

    @classmethod
    def of(cls, problem: ProblemData, fixed: Mapping[str, Assignment | None]) -> Frozen:
        """Every frozen person must have a pair: compile ``problem`` with :func:`forced_pairs`."""
        mis, amb, staff = problem.mission_position, problem.ambassador_position, problem.staff_position
        pairs: dict[int, IntArray] = {}
        staff_pairs: dict[int, int] = {}
        blocked: set[int] = set()
        for mid, asg in fixed.items():
            m = mis[mid]
            if asg is None:
                blocked.add(m)
                continue
            pairs[m] = np.unique(
                problem.pair_indices(np.array([amb[a] for a in asg.ambassadors], dtype=np.int64), m)
            )
            staff_pairs[m] = -1 if asg.staff is None else problem.staff_pair_index(staff[asg.staff], m)
        return cls(pairs, staff_pairs, frozenset(blocked), tuple(mis[mid] for mid in fixed))

    @property
    def missions(self) -> set[int]:
        return set(self.pairs) | set(self.blocked)

    def __bool__(self) -> bool:
        return bool(self.order)

    def fixings(self, problem: ProblemData) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """(pair indices, their 0/1 values, staff pair indices, their values): every pair of a frozen
        mission, in or out."""
        p_idx: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        p_val: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        s_idx: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        s_val: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        for m in sorted(self.missions):
            mine = problem.pairs_of_mission(m)
            p_idx.append(mine)
            p_val.append(np.isin(mine, self.pairs.get(m, np.zeros(0, dtype=np.int64))).astype(np.int64))
            smine = problem.staff_pairs_of_mission(m)
            s_idx.append(smine)
            s_val.append((smine == self.staff.get(m, -1)).astype(np.int64))
        return np.concatenate(p_idx), np.concatenate(p_val), np.concatenate(s_idx), np.concatenate(s_val)


NOTHING_FROZEN = Frozen()
