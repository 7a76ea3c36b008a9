"""Mission reports (DOMAIN.md section 9): the model, its checks against the year and the plan,
and its sheets."""

from .checks import actuals_problems, check_actuals
from .model import Actuals, Evaluation, MissionReport, ReportedPerson, internal_problems

__all__ = [
    "Actuals", "Evaluation", "MissionReport", "ReportedPerson", "actuals_problems", "check_actuals",
    "internal_problems",
]
