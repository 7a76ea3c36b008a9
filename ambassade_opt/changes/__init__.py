"""Changes during the year (DOMAIN.md section 8): cancellations, new or moved missions, new people,
the support group's decisions on initiatives and the ambassadors' changes of heart.

A changes file is validated like an instance: unknown fields are errors, every reference is
checked, and every problem is reported with its location, e.g.
``changes[2].mission: unknown mission 'M999'``. Changes apply **in order**: a mission added by
``changes[0]`` may be moved by ``changes[3]``; a mission removed by ``changes[1]`` is unknown
afterwards.

:func:`apply_changes` returns a new, re-validated :class:`~ambassade_opt.model.Instance`; the
instance given is never modified.

The package: :mod:`.kinds` (the file and its kinds of change), :mod:`.checks` (references against
an instance), :mod:`.apply` (the new instance, the missions touched).
"""

from .apply import apply_changes, mission_reason, touched_missions
from .checks import change_problems, check_changes
from .kinds import (
    CHANGE_KINDS,
    AddAmbassador,
    AddMission,
    AddStaff,
    ApproveMission,
    Change,
    ChangeKind,
    Changes,
    MoveMission,
    RemoveMission,
    SetInterest,
    SetSeats,
    Unavailable,
)

__all__ = [
    "CHANGE_KINDS", "AddAmbassador", "AddMission", "AddStaff", "ApproveMission", "Change", "ChangeKind",
    "Changes", "MoveMission", "RemoveMission", "SetInterest", "SetSeats", "Unavailable", "apply_changes",
    "change_problems", "check_changes", "mission_reason", "touched_missions",
]
