"""Invitations by competence for ``specific`` meetings (R4).

A candidate qualifies with at least one of the meeting's themes. Order: most shared themes
first (the plain count: a broad profile is not penalised, as a Jaccard ratio would do); among
equals, those invited least this year (to any earlier meeting, in date order); then a seeded lot
(``numpy.random.default_rng(meeting seed)``, one uniform number per qualified candidate taken in
id order). The first ``guest_seats`` are invited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Instance, Meeting
from .results import MeetingGuests


def invite(instance: Instance, meeting: Meeting, candidates: Sequence[str],
           invited_before: Mapping[str, int], seed: int) -> MeetingGuests:
    """Guests of a competence meeting, best competence first (see the module docstring)."""
    themes = set(meeting.themes)
    people = {a.id: a for a in instance.ambassadors}
    overlap = {c: len(themes & set(people[c].themes)) for c in sorted(candidates)}
    qualified = [c for c, k in overlap.items() if k >= 1]
    lot = np.random.default_rng(seed).random(len(qualified))
    ranked = sorted(zip(qualified, lot, strict=True),
                    key=lambda cl: (-overlap[cl[0]], invited_before.get(cl[0], 0), cl[1], cl[0]))
    guests = [c for c, _ in ranked[: meeting.guest_seats]]
    return MeetingGuests(meeting=meeting.id, kind=meeting.kind, method="competence", guests=guests,
                         candidates=sorted(candidates), competence={c: overlap[c] for c in qualified})
