"""Plots for analysts, one function per module; each draws on ``ax`` (or a new figure) and
returns that Axes. Needs matplotlib (``pip install ambassade_opt[plot]``)."""

from __future__ import annotations

from .calendar import calendar_grid, plot_calendar
from .coverage_by import plot_coverage_by
from .coverage_curve import plot_coverage_curve
from .loads import plot_loads
from .sortition import plot_sortition, sortition_record
from .spend import plot_spend, spend_by_quarter

__all__ = [
    "calendar_grid",
    "plot_calendar",
    "plot_coverage_by",
    "plot_coverage_curve",
    "plot_loads",
    "plot_sortition",
    "plot_spend",
    "sortition_record",
    "spend_by_quarter",
]
