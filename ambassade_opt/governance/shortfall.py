"""Why a meeting has fewer guests than seats, in plain words (as an uncovered mission has a reason).

A seat stays empty for one of three causes, said in this order:

* the candidates are few — of the governance volunteers with the charter signed, some sit on the
  support group, some are unavailable on the meeting, some are on an overlapping mission;
* for a competence meeting (``specific``), few candidates share one of its themes;
* for a sortition meeting (``global``), the quotas allow no larger panel of the candidates.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..model import Instance, Meeting, Mission, is_available
from .candidates import overlaps
from .results import MeetingGuests
from .support_group import volunteers


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _candidates_words(instance: Instance, meeting: Meeting, n_candidates: int, members: Collection[str],
                      busy: Mapping[str, list[Mission]]) -> str:
    """``"2 candidates of the 5 volunteers with the charter signed (2 in the support group, 1
    unavailable)"``: how the volunteers became the candidates."""
    people = volunteers(instance)
    in_group = sum(1 for a in people if a.id in members)
    away = sum(1 for a in people if a.id not in members and not is_available(a, meeting.start, meeting.end))
    on_mission = sum(1 for a in people if a.id not in members and is_available(a, meeting.start, meeting.end)
                     and any(overlaps(m, meeting) for m in busy.get(a.id, ())))
    parts = [f"{in_group} in the support group" if in_group else "",
             f"{away} unavailable" if away else "",
             f"{on_mission} on an overlapping mission" if on_mission else ""]
    left_out = ", ".join(p for p in parts if p)
    head = (f"{_plural(n_candidates, 'candidate')} of the {_plural(len(people), 'volunteer')} with the "
            "charter signed")
    return f"{head} ({left_out})" if left_out else head


def shortfall_reason(instance: Instance, meeting: Meeting, record: MeetingGuests, members: Collection[str],
                     busy: Mapping[str, list[Mission]]) -> str | None:
    """Why ``record`` invites fewer guests than ``meeting.guest_seats``; None when every seat is
    filled. ``members``: the support group; ``busy``: each ambassador's missions in the plan."""
    seats = meeting.guest_seats
    if len(record.guests) >= seats:
        return None
    n = len(record.candidates)
    filled = f"{len(record.guests)} of {_plural(seats, 'seat')} filled"
    pool = _candidates_words(instance, meeting, n, members, busy)
    if meeting.kind == "specific":
        themes = ", ".join(meeting.themes)
        return f"{filled}: candidates sharing a theme ({themes}): {len(record.competence)} of {n}; {pool}"
    if n <= len(record.guests):
        return f"{filled}: {pool}"
    return f"{filled}: the quotas allow no larger panel of the {_plural(n, 'candidate')}; {pool}"
