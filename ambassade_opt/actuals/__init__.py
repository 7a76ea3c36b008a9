"""Mission reports (DOMAIN.md section 9): the model, its checks against the year and the plan,
and its sheets."""

from .checks import actuals_problems, check_actuals
from .model import (
    Actuals,
    Evaluation,
    LoadedActuals,
    MissionReport,
    ReportedPerson,
    internal_problems,
    load_actuals,
    load_actuals_folder,
    load_actuals_workbook,
    read_actuals_folder,
    read_actuals_workbook,
)
from .sheets import write_actuals_folder
from .workbook import write_actuals_workbook

__all__ = [
    "Actuals", "Evaluation", "LoadedActuals", "MissionReport", "ReportedPerson", "actuals_problems",
    "check_actuals", "internal_problems", "load_actuals", "load_actuals_folder", "load_actuals_workbook",
    "read_actuals_folder", "read_actuals_workbook", "write_actuals_folder", "write_actuals_workbook",
]
