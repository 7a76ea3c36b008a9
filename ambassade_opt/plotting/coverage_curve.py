"""Coverage against the cap on group size, or against the budget: "how many ambassadors?"."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ._axes import axes_or_new
from ._style import readable

XAXIS_LABELS = {"cap": "group cap (ambassadors)", "budget": "annual budget (EUR)"}
SWEPT_NAMES = {"cap": "group cap", "budget": "annual budget"}


def plot_coverage_curve(
    curve: pd.DataFrame,
    *,
    x: Literal["cap", "budget"] = "cap",
    share: bool = True,
    by_axis: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw a :func:`ambassade_opt.curves.coverage_curve` table.

    ``x``: the swept parameter; with both swept, one line per value of the other. ``share``:
    coverage value as a share of the year's total (else in points). ``by_axis``: one line per
    representation axis (missions covered) instead of the total.
    """
    if x not in XAXIS_LABELS:
        raise ValueError(f"x must be 'cap' or 'budget', got {x!r}")
    if x not in curve.columns or curve[x].isna().all():
        raise ValueError(f"the curve does not vary {x!r}; columns: {', '.join(curve.columns)}")
    ax = axes_or_new(ax)
    other = "budget" if x == "cap" else "cap"
    groups = (
        [(None, curve)] if other not in curve.columns or curve[other].nunique(dropna=False) <= 1
        else list(curve.groupby(other, dropna=False, sort=True))
    )
    axis_columns = [c for c in curve.columns if c.startswith("covered_") and c != "covered_value"]
    for key, part in groups:
        part = part.sort_values(x)
        label_suffix = "" if key is None else f" ({SWEPT_NAMES[other]}: {_fmt(key, other)})"
        if by_axis:
            for column in axis_columns:
                label = readable(column.removeprefix("covered_")) + label_suffix
                ax.plot(part[x], part[column], marker="o", label=label)
        else:
            y = part["coverage_share"] * 100 if share else part["coverage_value"]
            ax.plot(part[x], y, marker="o", label=("coverage" + label_suffix) if key is not None else None)
    ax.set_xlabel(XAXIS_LABELS[x])
    if by_axis:
        ax.set_ylabel("missions covered")
    else:
        ax.set_ylabel("coverage value (% of the year)" if share else "coverage value (priority points)")
        if share:
            ax.set_ylim(0, 100)
    ax.set_title(f"Coverage against the {'group cap' if x == 'cap' else 'budget'}")
    ax.grid(True, alpha=0.3)
    if by_axis or len(groups) > 1:
        ax.legend(fontsize="small")
    return ax


def _fmt(value: object, what: str) -> str:
    """A swept value as a legend shows it; a missing one (None, NaN or pandas' NA) is no limit."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "no limit"
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        text = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
        return f"{text} EUR" if what == "budget" else text
    return str(value)
