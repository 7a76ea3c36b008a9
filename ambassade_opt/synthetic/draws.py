"""Small drawing helpers shared by the generators, and the array types they use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def pick(rng: np.random.Generator, options: Sequence[Any], n: int) -> list[Any]:
    idx = rng.integers(0, len(options), size=n)
    return [options[int(i)] for i in idx]


def weighted(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> list[str]:
    names = [k for k, _ in table]
    p = np.array([w for _, w in table], dtype=np.float64)
    idx = rng.choice(len(names), size=n, p=p / p.sum())
    return [names[int(i)] for i in idx]


def weighted_subsets(rng: np.random.Generator, weights: FloatArray, sizes: IntArray) -> list[list[int]]:
    """For each row, ``sizes[i]`` distinct indices drawn with probabilities ``weights``
    (Gumbel top-k: one vectorised draw for every row)."""
    keys = np.log(weights)[None, :] + rng.gumbel(size=(len(sizes), len(weights)))
    order = np.argsort(-keys, axis=1, kind="stable")
    return [sorted(order[i, : sizes[i]].tolist()) for i in range(len(sizes))]


def at_hour(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(minutes=round(hour * 60))


def humanize(code: str) -> str:
    return code.replace("_", " ")


def money(x: float) -> float:
    return round(float(x), 2)
