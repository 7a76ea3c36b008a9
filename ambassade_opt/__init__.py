"""ambassade_opt — plan SMart's member-ambassador missions with OR-Tools CP-SAT.

The public API is what ``__all__`` lists; everything else is internal and may change.

    from ambassade_opt import Instance, solve, validate, govern
    year = Instance.load("year.json")
    result = solve(year, time_limit=30, seed=1)
    print(result.summary())
    assert validate(year, result.plan) == []

Names are imported on first use, so ``import ambassade_opt`` stays cheap for services that only
need the model (the solver, plotting and Dask pull in heavy libraries).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # the domain model and its formats
    "InputError": "errors",
    "Instance": "model",
    "Ambassador": "model",
    "Staff": "model",
    "Mission": "model",
    "Meeting": "model",
    "Policy": "model",
    "Plan": "plan",
    "Assignment": "plan",
    "Unassigned": "plan",
    "read_csv_folder": "csv_sheets",
    "write_csv_folder": "csv_sheets",
    "read_workbook": "csv_sheets",
    "write_workbook": "csv_sheets",
    "generate": "synthetic",
    "YearSize": "synthetic",
    "SIZES": "synthetic",
    # planning
    "solve": "planning",
    "SolveOptions": "solver",
    "SolveResult": "solver",
    "StageResult": "solver",
    "ProgressEvent": "solver",
    # checking and scoring
    "validate": "scoring",
    "kpis": "scoring",
    "match_points": "scoring",
    "MatchWeights": "scoring",
    "Violation": "rules",
    "explain_unassigned": "explain",
    "plan_frames": "report",
    "render_report": "report",
    # governance
    "govern": "governance",
    "compose_support_group": "governance",
    "invite": "governance",
    "draw": "governance",
    "redraw": "governance",
    "GovernanceResult": "governance",
    # changes during the year
    "Changes": "changes",
    "apply_changes": "changes",
    "replan": "replan",
    "ReplanResult": "replan",
    "suggest": "suggest",
    "Suggestion": "suggest",
    # the year as it is lived: reports, pay, next year, training
    "Actuals": "actuals",
    "check_actuals": "actuals",
    "read_actuals_folder": "actuals",
    "write_actuals_folder": "actuals",
    "settle": "settlement",
    "Settlement": "settlement",
    "close_year": "close_year",
    "NextYear": "close_year",
    "training_plan": "training",
    "TrainingOptions": "training",
    "TrainingPlan": "training",
    "profiles_to_recruit": "training",
    "synthetic_actuals": "synthetic",
    "ActualsParams": "synthetic",
    # for analysts
    "coverage_curve": "curves",
    "smallest_cap_reaching": "curves",
    "dask_client": "clusters",
    "what_if": "sweeps",
    "same_results": "sweeps",
    "admit": "admit",
    "AdmissionResult": "admit",
    "agenda_ics": "agenda",
    "write_agenda": "agenda",
    "write_person_feeds": "agenda",
    # plots (matplotlib, imported on first use)
    "plot_calendar": "plotting",
    "plot_coverage_by": "plotting",
    "plot_coverage_curve": "plotting",
    "plot_loads": "plotting",
    "plot_sortition": "plotting",
    "plot_spend": "plotting",
}

__all__ = [
    "SIZES",
    "Actuals",
    "ActualsParams",
    "AdmissionResult",
    "Ambassador",
    "Assignment",
    "Changes",
    "GovernanceResult",
    "InputError",
    "Instance",
    "MatchWeights",
    "Meeting",
    "Mission",
    "NextYear",
    "Plan",
    "Policy",
    "ProgressEvent",
    "ReplanResult",
    "Settlement",
    "SolveOptions",
    "SolveResult",
    "Staff",
    "StageResult",
    "Suggestion",
    "TrainingOptions",
    "TrainingPlan",
    "Unassigned",
    "Violation",
    "YearSize",
    "__version__",
    "admit",
    "agenda_ics",
    "apply_changes",
    "check_actuals",
    "close_year",
    "compose_support_group",
    "coverage_curve",
    "dask_client",
    "draw",
    "explain_unassigned",
    "generate",
    "govern",
    "invite",
    "kpis",
    "match_points",
    "plan_frames",
    "plot_calendar",
    "plot_coverage_by",
    "plot_coverage_curve",
    "plot_loads",
    "plot_sortition",
    "plot_spend",
    "profiles_to_recruit",
    "read_actuals_folder",
    "read_csv_folder",
    "read_workbook",
    "redraw",
    "render_report",
    "replan",
    "same_results",
    "settle",
    "smallest_cap_reaching",
    "solve",
    "suggest",
    "synthetic_actuals",
    "training_plan",
    "validate",
    "what_if",
    "write_actuals_folder",
    "write_agenda",
    "write_csv_folder",
    "write_person_feeds",
    "write_workbook",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ambassade_opt' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .actuals import Actuals, check_actuals, read_actuals_folder, write_actuals_folder
    from .admit import AdmissionResult, admit
    from .agenda import agenda_ics, write_agenda, write_person_feeds
    from .changes import Changes, apply_changes
    from .close_year import NextYear, close_year
    from .clusters import dask_client
    from .csv_sheets import read_csv_folder, read_workbook, write_csv_folder, write_workbook
    from .curves import coverage_curve, smallest_cap_reaching
    from .errors import InputError
    from .explain import explain_unassigned
    from .governance import (
        GovernanceResult,
        compose_support_group,
        draw,
        govern,
        invite,
        redraw,
    )
    from .model import Ambassador, Instance, Meeting, Mission, Policy, Staff
    from .plan import Assignment, Plan, Unassigned
    from .planning import solve
    from .plotting import (
        plot_calendar,
        plot_coverage_by,
        plot_coverage_curve,
        plot_loads,
        plot_sortition,
        plot_spend,
    )
    from .replan import ReplanResult, replan
    from .report import plan_frames, render_report
    from .rules import Violation
    from .scoring import MatchWeights, kpis, match_points, validate
    from .settlement import Settlement, settle
    from .solver import ProgressEvent, SolveOptions, SolveResult, StageResult
    from .suggest import Suggestion, suggest
    from .sweeps import same_results, what_if
    from .synthetic import SIZES, ActualsParams, YearSize, generate, synthetic_actuals
    from .training import TrainingOptions, TrainingPlan, profiles_to_recruit, training_plan
