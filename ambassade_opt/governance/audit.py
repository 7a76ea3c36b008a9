"""Audit helpers: the pool digest, per-meeting seeds, and re-running a recorded draw."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .results import SortitionAudit
from .sortition.draw import draw_index


def pool_digest(candidate_ids: Iterable[str]) -> str:
    """SHA-256 (hex) of the candidate ids, sorted and joined by a newline, in UTF-8."""
    return hashlib.sha256("\n".join(sorted(candidate_ids)).encode("utf-8")).hexdigest()


def meeting_seed(master_seed: int, meeting_id: str) -> int:
    """A meeting's own seed, derived from the master seed and the meeting id only.

    SHA-256 of ``"{master_seed}:{meeting_id}"`` feeds a ``numpy.random.SeedSequence``; the seed is
    kept below 2**53 so that any JSON reader holds it exactly. Adding or moving another meeting
    never changes this meeting's seed.
    """
    digest = hashlib.sha256(f"{master_seed}:{meeting_id}".encode()).digest()
    entropy = int.from_bytes(digest[:16], "big")
    state = np.random.SeedSequence(entropy).generate_state(1, dtype=np.uint64)
    return int(state[0]) >> 11


def redraw(audit: SortitionAudit | Mapping[str, Any]) -> list[str]:
    """Re-run a recorded draw from its seed and distribution alone.

    Accepts the typed audit or a meeting record of the governance JSON. The rule: one
    ``numpy.random.default_rng(seed).random()`` number ``u``, scaled by the sum of the
    probabilities, picks the first panel (in listed order) whose running sum exceeds it.
    """
    if isinstance(audit, SortitionAudit):
        seed = audit.seed
        entries = [(e.panel, e.probability) for e in audit.distribution]
    else:
        seed = int(audit["seed"])
        entries = [(list(e["panel"]), float(e["probability"])) for e in audit["distribution"]]
    index = draw_index([p for _, p in entries], seed)
    return sorted(entries[index][0])
