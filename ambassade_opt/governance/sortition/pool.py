"""A generic sortition pool: people described by feature values, and quotas on those values.

Nothing here knows about ambassadors: the benchmark builds pools straight from feature dicts,
the governance layer builds them from identification sheets.

People who hold exactly the same quota values (and the same rotation status) are
interchangeable for every quota-feasible panel, so the lottery is computed on these *types*
(usually far fewer than people) and only expanded to individual panels at the end. By symmetry
the leximin-fair probabilities are equal within a type, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

QuotaTable = Mapping[str, Mapping[str, tuple[int, int]]]
"""``{feature: {value: (min, max)}}``: seats held by people holding ``value`` for ``feature``."""


@dataclass(frozen=True)
class PoolMember:
    """One person of a pool. ``fresh`` is False for someone already drawn in the rotation cycle."""

    id: str
    features: Mapping[str, frozenset[str]]
    fresh: bool = True

    @staticmethod
    def of(person_id: str, features: Mapping[str, str | Iterable[str]], fresh: bool = True) -> PoolMember:
        """Build from plain values: a string, or an iterable of strings (a person counts for each)."""
        norm = {
            f: frozenset([v]) if isinstance(v, str) else frozenset(v) for f, v in features.items()
        }
        return PoolMember(person_id, norm, fresh)


@dataclass(frozen=True)
class QuotaKey:
    feature: str
    value: str
    lo: int
    hi: int

    @property
    def label(self) -> str:
        return f"{self.feature}={self.value}"


@dataclass
class TypedPool:
    """People grouped into types; ``holds[t, q]`` is 1 when type ``t`` counts for quota ``q``."""

    keys: list[QuotaKey]
    holds: npt.NDArray[np.int64]  # types x quota keys
    fresh: npt.NDArray[np.bool_]  # per type
    members: list[list[str]]  # sorted ids per type
    sizes: npt.NDArray[np.int64] = field(init=False)

    def __post_init__(self) -> None:
        self.sizes = np.array([len(m) for m in self.members], dtype=np.int64)

    @property
    def n_types(self) -> int:
        return len(self.members)

    @property
    def n_people(self) -> int:
        return int(self.sizes.sum())

    def type_of(self) -> dict[str, int]:
        return {pid: t for t, ids in enumerate(self.members) for pid in ids}

    @classmethod
    def build(cls, pool: Sequence[PoolMember], quotas: QuotaTable) -> TypedPool:
        ids = [p.id for p in pool]
        if len(set(ids)) != len(ids):
            raise ValueError("a pool lists the same person twice")
        keys = [
            QuotaKey(feature, value, int(lo), int(hi))
            for feature in sorted(quotas)
            for value, (lo, hi) in sorted(quotas[feature].items())
        ]
        groups: dict[tuple[tuple[bool, ...], bool], list[str]] = {}
        for person in pool:
            signature = tuple(k.value in person.features.get(k.feature, frozenset()) for k in keys)
            groups.setdefault((signature, person.fresh), []).append(person.id)
        # Fresh types first, then by signature: a stable, input-order-free numbering.
        order = sorted(groups, key=lambda g: (not g[1], g[0]))
        holds = np.array([[int(b) for b in g[0]] for g in order], dtype=np.int64)
        holds = holds.reshape(len(order), len(keys))
        fresh = np.array([g[1] for g in order], dtype=bool)
        members = [sorted(groups[g]) for g in order]
        return cls(keys=keys, holds=holds, fresh=fresh, members=members)
