"""Stable integer codes for the strings of an instance (regions, languages, sectors...)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .units import BoolArray


class Vocabulary:
    """Codes in order of first appearance; the vocabulary grows as new values are coded."""

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
        """Boolean matrix rows × vocabulary: which values each row holds."""
        coded = [[self.code(v) for v in row] for row in rows]
        out = np.zeros((len(rows), max(len(self), 1)), dtype=np.bool_)
        for i, codes in enumerate(coded):
            out[i, codes] = True
        return out


def pad(matrix: BoolArray, width: int) -> BoolArray:
    """``matrix`` with zero columns added up to ``width``."""
    if matrix.shape[1] >= width:
        return matrix
    return np.pad(matrix, ((0, 0), (0, width - matrix.shape[1])))


def shared_incidence(
    rows_a: Sequence[Iterable[str]], rows_b: Sequence[Iterable[str]]
) -> tuple[BoolArray, BoolArray]:
    """Two incidence matrices over one vocabulary, of equal width."""
    vocabulary = Vocabulary()
    a, b = vocabulary.incidence(rows_a), vocabulary.incidence(rows_b)
    width = max(len(vocabulary), 1)
    return pad(a, width), pad(b, width)
