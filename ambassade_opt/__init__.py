"""ambassade_opt — plan SMart's member-ambassador missions with OR-Tools CP-SAT.

The public API is listed in ``__all__``; everything else is internal.
"""

from ._version import __version__
from .errors import InputError
from .model import (
    Ambassador,
    Instance,
    Meeting,
    Mission,
    Policy,
    Staff,
)
from .plan import Assignment, Plan, Unassigned

__all__ = [
    "Ambassador",
    "Assignment",
    "InputError",
    "Instance",
    "Meeting",
    "Mission",
    "Plan",
    "Policy",
    "Staff",
    "Unassigned",
    "__version__",
]
