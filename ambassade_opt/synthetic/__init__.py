"""Seeded synthetic mission years that look like SMart's: S, M, L, XL and custom sizes.

A year has seasons (busy spring and autumn, quiet summer and Christmas, nothing on public
holidays), the June general assembly in Brussels, multi-day autumn fairs, parliament hearings and
European forums that need a staff pair, short media slots, ambassador initiatives (some not
approved), monthly support-group meetings, and a policy whose budgets and caps bind, so that a
planner has to choose. Everything comes from ``numpy.random.default_rng`` seeded with ``seed``:
the same arguments give the same JSON bytes.

Eligibility is kept realistic (1–3 languages, 2–4 of the 8 competences per person, trainings and
charter mostly but not always in place, weekday limits, summer absences), so only a modest share
of (ambassador, mission) pairs is eligible; :func:`eligibility_stats` measures that share.

The modules, each importing only those listed before it: :mod:`.draws` (drawing helpers),
:mod:`.geography`, :mod:`.sizes`, :mod:`.calendar`, :mod:`.kinds`, :mod:`.people`,
:mod:`.missions`, :mod:`.meetings_policy`, :mod:`.generator` (:func:`generate`), :mod:`.stats`;
:mod:`.actuals` (:func:`synthetic_actuals`, mission reports for a planned year) imports none of them.
"""

from .actuals import ActualsParams, Planted, SyntheticActuals, synthetic_actuals
from .calendar import belgian_public_holidays
from .generator import generate
from .geography import REGIONS, RegionProfile
from .sizes import SIZES, YearSize, resolve_size
from .stats import EligibilityStats, eligibility_stats

__all__ = [
    "REGIONS",
    "SIZES",
    "ActualsParams",
    "EligibilityStats",
    "Planted",
    "RegionProfile",
    "SyntheticActuals",
    "YearSize",
    "belgian_public_holidays",
    "eligibility_stats",
    "generate",
    "resolve_size",
    "synthetic_actuals",
]
