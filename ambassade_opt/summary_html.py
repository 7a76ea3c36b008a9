"""Compact HTML summaries of a plan and of a solve result, for notebooks' ``_repr_html_``.

A table of the status, each objective stage (value, bound, gap, status, what stopped it) and the
headline KPIs. Every text is escaped (ids, titles and reasons come from input files). English,
like the library's other notebook output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .figures import Kpis
    from .plan import Plan
    from .records import StageRecord
    from .solver import SolveResult

_STYLE = "border-collapse:collapse;font-size:0.9em"
_CELL = "padding:1px 8px;border-bottom:1px solid #ddd;text-align:{align}"


@dataclass(frozen=True)
class StageLine:
    """One objective stage as shown: name, value, bound, relative gap, status, stop reason."""

    name: str
    objective: float | None
    bound: float | None
    gap: float | None
    status: str
    stopped_by: str | None
    seconds: float | None = None


def _number(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.{decimals}f}".replace(",", " ")


def _gap(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f} %"


def _row(cells: Sequence[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    out = []
    for i, cell in enumerate(cells):
        style = _CELL.format(align="left" if i == 0 else "right")
        out.append(f'<{tag} style="{style}">{escape(cell)}</{tag}>')
    return "<tr>" + "".join(out) + "</tr>"


def _stage_lines(stages: Sequence[StageRecord]) -> list[StageLine]:
    """The stages of a plan's solver record."""
    return [StageLine(s.name, s.objective, s.bound, s.gap, s.status, s.stopped_by, s.seconds) for s in stages]


def _stages_table(stages: Sequence[StageLine]) -> str:
    if not stages:
        return ""
    timed = any(s.seconds is not None for s in stages)
    head = ["stage", "value", "bound", "gap", "status", "stopped by", *(["seconds"] if timed else [])]
    rows = [_row(head, header=True)]
    for s in stages:
        cells = [s.name, _number(s.objective), _number(s.bound), _gap(s.gap), s.status, s.stopped_by or "–"]
        if timed:
            cells.append("–" if s.seconds is None else f"{s.seconds:.1f}")
        rows.append(_row(cells))
    return f'<table style="{_STYLE}">' + "".join(rows) + "</table>"


def _kpi_rows(kpis: Kpis | None) -> list[tuple[str, str]]:
    """Headline figures of the plan, as (label, value); none when they were not computed."""
    if kpis is None:
        return []

    def pair(label: str, part: float, whole: float) -> tuple[str, str]:
        share = f" ({100 * part / whole:.0f} %)" if whole else ""
        return label, f"{_number(part)} / {_number(whole)}{share}"

    annual = kpis.budget_annual
    return [
        pair("missions covered", kpis.covered, kpis.missions),
        pair("coverage value", kpis.coverage_value, kpis.coverage_value_max),
        pair("active ambassadors", kpis.active_ambassadors, kpis.ambassadors),
        ("spend (EUR)", _number(kpis.spend) + (f" of {_number(annual)}" if annual else "")),
        ("rotation penalty", _number(kpis.rotation_penalty)),
        ("match points", _number(kpis.match_total)),
    ]


def _summary(title: str, status: str, extra: Sequence[tuple[str, str]], stages: Sequence[StageLine],
             kpis: Kpis | None) -> str:
    facts = [("status", status), *extra, *_kpi_rows(kpis)]
    table = f'<table style="{_STYLE}">' + "".join(_row([k, v]) for k, v in facts) + "</table>"
    return (f'<div class="ambassade-opt-summary"><strong>{escape(title)}</strong>{table}'
            f"{_stages_table(stages)}</div>")


def plan_summary_html(plan: Plan) -> str:
    """A compact HTML table of ``plan``: status, assignments, objective stages, headline KPIs."""
    extra = [("assignments", _number(len(plan.assignments))), ("left out", _number(len(plan.unassigned)))]
    return _summary("Plan", plan.status, extra, _stage_lines(plan.solver.stages), plan.kpis)


def result_summary_html(result: SolveResult) -> str:
    """A compact HTML table of a solve result: status, times, stages with their gaps, conflicts
    and the plan's headline KPIs."""
    stages = _stage_lines(result.stages)
    extra = [("build / solve (s)", f"{result.build_seconds:.1f} / {result.solve_seconds:.1f}"),
             ("assignments", _number(len(result.plan.assignments)))]
    extra += [("conflict", f"{c.mission} {c.person or '-'} [{c.rule}] {c.message}") for c in result.conflicts]
    return _summary("Solve result", result.status, extra, stages, result.plan.kpis)
