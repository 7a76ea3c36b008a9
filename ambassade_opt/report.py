"""A plan, readable: headline figures, coverage, loads, spend, why missions are left out.

* :func:`plan_frames` — the tables an analyst wants, as pandas DataFrames.
* :func:`report_data` — the same content as data (:class:`ReportData`, JSON with ``model_dump_json``).
* :func:`render_report` — a text report laid out with rich tables.

Ambassadors are named by id only unless ``include_personal=True``: names are personal data.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

from .explain import explain_unassigned
from .files import write_folder_atomic
from .formats.cells import DEFAULT_DIALECT, DIALECTS
from .formats.csv_text import table_csv_text
from .model import Instance
from .plan import Plan
from .rules import PlanView, Violation
from .rules.money import quarter_of
from .scoring import ANY_SECTOR, QUARTERS, GroupFigures, Kpis, kpis, match_points, validate

GROUPINGS: tuple[str, ...] = ("axis", "level", "region", "sector")


def _unassigned_reasons(instance: Instance, plan: Plan) -> dict[str, str]:
    """Reason per uncovered mission: the plan's own, else one computed by :mod:`explain`."""
    assigned = {a.mission for a in plan.assignments}
    given = {u.mission: u.reason for u in plan.unassigned if u.reason.strip()}
    missing = any(m.id not in assigned and m.id not in given for m in instance.missions)
    computed = explain_unassigned(instance, plan) if missing else {}
    return {m.id: given.get(m.id) or computed[m.id] for m in instance.missions if m.id not in assigned}


def plan_frames(instance: Instance, plan: Plan, include_personal: bool = False) -> dict[str, pd.DataFrame]:
    """Tables of a plan: ``assignments`` (one row per mission × person), ``unassigned``, ``loads``
    (per ambassador, with their limits), ``staff_loads``, ``costs`` (per quarter, with budgets) and
    ``kpis_axis`` / ``kpis_level`` / ``kpis_region`` / ``kpis_sector`` (coverage and spend per group).
    """
    view = PlanView.build(instance, plan)
    assignments = _assignments_frame(instance, view, include_personal)
    amb_rows = assignments[assignments["role"] == "ambassador"]
    figures = kpis(instance, plan)
    frames: dict[str, pd.DataFrame] = {
        "assignments": assignments,
        "unassigned": _unassigned_frame(instance, plan),
        "loads": _loads_frame(instance, view, amb_rows, include_personal),
        "staff_loads": _staff_loads_frame(instance, view, include_personal),
        "costs": _costs_frame(instance, amb_rows),
    }
    for grouping in GROUPINGS:
        frames[f"kpis_{grouping}"] = _kpis_frame(figures.coverage[grouping], grouping, amb_rows)
    return frames


def _assignments_frame(instance: Instance, view: PlanView, include_personal: bool) -> pd.DataFrame:
    """One row per (covered mission, person on it), missions in the instance's order, ambassadors
    first, then the staff member; money per ambassador from the policy (staff cost nothing)."""
    policy = instance.policy
    rows: list[dict[str, Any]] = []
    for m in instance.missions:
        if m.id not in view.assignment:
            continue
        base = {
            "mission": m.id, "title": m.title, "start": m.start, "end": m.end, "region": m.region,
            "level": m.level, "axis": m.axis, "intervention": m.intervention, "language": m.language,
            "sectors": ";".join(m.sectors), "priority": m.priority, "paid": m.is_paid,
            "hours": m.workload_hours,
        }
        pay = policy.remuneration_eur(m)
        for aid in view.ambassadors_on[m.id]:
            a = view.ambassadors[aid]
            fee = policy.expense_eur(a, m)
            row = {**base, "role": "ambassador", "person": aid}
            if include_personal:
                row["name"] = a.name
            row |= {"home_region": a.home_region, "match_points": match_points(instance, a, m),
                    "remuneration_eur": pay, "expense_eur": fee, "cost_eur": pay + fee}
            rows.append(row)
        sid = view.staff_on.get(m.id)
        if sid is not None:
            s = view.staff[sid]
            row = {**base, "role": "staff", "person": sid}
            if include_personal:
                row["name"] = s.name
            row |= {"home_region": s.region, "match_points": pd.NA, "remuneration_eur": 0.0,
                    "expense_eur": 0.0, "cost_eur": 0.0}
            rows.append(row)
    assignment_columns = [
        "mission", "title", "start", "end", "region", "level", "axis", "intervention", "language", "sectors",
        "priority", "paid", "hours", "role", "person", *(["name"] if include_personal else []),
        "home_region", "match_points", "remuneration_eur", "expense_eur", "cost_eur",
    ]
    assignments = pd.DataFrame(rows, columns=assignment_columns)
    if not assignments.empty:
        assignments["match_points"] = assignments["match_points"].astype("Int64")
    return assignments


def _unassigned_frame(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per uncovered mission, in the instance's order, with the reason it is left out."""
    reasons = _unassigned_reasons(instance, plan)
    missions = {m.id: m for m in instance.missions}
    return pd.DataFrame(
        [{"mission": mid, "title": missions[mid].title, "start": missions[mid].start,
          "region": missions[mid].region, "axis": missions[mid].axis, "priority": missions[mid].priority,
          "reason": reason} for mid, reason in reasons.items()],
        columns=["mission", "title", "start", "region", "axis", "priority", "reason"],
    )


def _loads_frame(instance: Instance, view: PlanView, amb_rows: pd.DataFrame,
                 include_personal: bool) -> pd.DataFrame:
    """One row per ambassador: missions, hours and the busiest month against their limits, and
    what they earn and cost (sums of ``amb_rows``, the ambassadors' rows of the assignments)."""
    policy = instance.policy
    spend_by = amb_rows.groupby("person")["cost_eur"].sum()
    pay_by = amb_rows.groupby("person")["remuneration_eur"].sum()
    load_rows = []
    for a in instance.ambassadors:
        ms = view.missions_of_ambassador.get(a.id, [])
        per_month = Counter(m.start.month for m in ms)
        load: dict[str, Any] = {"ambassador": a.id}
        if include_personal:
            load["name"] = a.name
        load |= {
            "home_region": a.home_region, "missions": len(ms), "max_missions": a.max_missions,
            "hours": sum(m.workload_hours for m in ms), "max_hours": a.max_hours,
            "busiest_month": max(per_month.values(), default=0), "month_cap": policy.month_cap(a),
            "missions_last_year": a.history.missions_last_year,
            "remuneration_eur": float(pay_by.get(a.id, 0.0)), "spend_eur": float(spend_by.get(a.id, 0.0)),
        }
        load_rows.append(load)
    loads = pd.DataFrame(load_rows)
    if not loads.empty:
        loads["month_cap"] = loads["month_cap"].astype("Int64")
    return loads


def _staff_loads_frame(instance: Instance, view: PlanView, include_personal: bool) -> pd.DataFrame:
    """One row per staff member: missions against their limit."""
    return pd.DataFrame(
        [{"staff": s.id, **({"name": s.name} if include_personal else {}), "service": s.service,
          "missions": len(view.missions_of_staff.get(s.id, [])), "max_missions": s.max_missions}
         for s in instance.staff],
        columns=["staff", *(["name"] if include_personal else []), "service", "missions", "max_missions"],
    )


def _costs_frame(instance: Instance, amb_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per quarter (of the missions' start): missions, seats and spend of the ambassadors'
    rows of the assignments, split into paid and expenses-only missions, with the quarter's budget."""
    budget = instance.policy.budget
    cost_rows = []
    for q, label in enumerate(QUARTERS):
        in_quarter = np.array([quarter_of(ts.month) == q for ts in amb_rows["start"]], dtype=np.bool_)
        in_q = amb_rows.loc[in_quarter]
        paid = in_q["paid"].astype(bool)
        cost_rows.append({
            "quarter": label,
            "missions": int(in_q["mission"].nunique()),
            "seats": len(in_q),
            "remuneration_eur": float(in_q["remuneration_eur"].sum()),
            "expenses_eur": float(in_q["expense_eur"].sum()),
            "spend_eur": float(in_q["cost_eur"].sum()),
            "paid_missions_eur": float(in_q.loc[paid, "cost_eur"].sum()),
            "expenses_only_missions_eur": float(in_q.loc[~paid, "cost_eur"].sum()),
            "budget_eur": budget.quarterly[q] if budget.quarterly is not None else None,
        })
    return pd.DataFrame(cost_rows)


def _kpis_frame(coverage: dict[str, GroupFigures], grouping: str, amb_rows: pd.DataFrame) -> pd.DataFrame:
    """Coverage per group of ``grouping`` (``coverage``: the KPIs' figures per group), with its
    ratios and the seats and spend of the ambassadors' rows in the group (a mission of several
    sectors counts in each; one of none in :data:`ANY_SECTOR`)."""
    rows = [row.model_dump() for row in coverage.values()]
    columns = list(GroupFigures.model_fields)
    table = pd.DataFrame(rows, columns=columns, index=pd.Index(list(coverage), name=grouping))
    table["coverage_ratio"] = (table["covered"] / table["missions"]).round(4)
    table["value_ratio"] = (table["value"] / table["value_max"]).round(4)
    if amb_rows.empty:
        table["seats"] = 0
        table["spend_eur"] = 0.0
    else:
        keyed = amb_rows
        if grouping == "sector":
            keyed = amb_rows.assign(sector=amb_rows["sectors"].map(
                lambda s: s.split(";") if s else [ANY_SECTOR])).explode("sector")
        grouped = keyed.groupby(grouping)
        table["seats"] = grouped.size().reindex(table.index, fill_value=0).astype(int)
        table["spend_eur"] = grouped["cost_eur"].sum().reindex(table.index, fill_value=0.0).round(2)
    return table.reset_index()


def _reason_kind(reason: str) -> str:
    """The rule part of a reason, without its figures: groups "Q2 budget exhausted (12 EUR left…)".

    Ids (letters with digits, "A0012") vary from mission to mission and are left out, and so is
    the count in "all 3 eligible ..."; other counts become "n", so a sentence built around them
    stays readable ("only n of n eligible ambassadors are free, it needs n"); quarters (Q1–Q4) are
    part of the rule and stay.
    """
    head = re.split(r"[:(]", reason, maxsplit=1)[0].strip()
    general = re.sub(r"\b(?!Q[1-4]\b)(?=[\w.]*[A-Za-z_])\w*\d[\w.]*", "", head)
    general = re.sub(r"\ball \d+\b", "all", general)
    general = re.sub(r"\b\d+(?:[.,]\d+)?\b", "n", general)
    return " ".join(general.split()) or reason


class ReportData(BaseModel):
    """Everything the text report shows: the plan's figures, its broken rules, why each uncovered
    mission is left out (``unassigned``: mission → reason) and how many missions each kind of
    reason leaves out (``unassigned_summary``, most frequent first)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    year: int
    status: str
    valid: bool
    violations: list[Violation]
    kpis: Kpis
    unassigned: dict[str, str]
    unassigned_summary: dict[str, int]


def report_data(instance: Instance, plan: Plan) -> ReportData:
    """Everything the text report shows (see :class:`ReportData`)."""
    violations = validate(instance, plan)
    reasons = _unassigned_reasons(instance, plan)
    return ReportData(
        name=instance.name, year=instance.year, status=plan.status, valid=not violations,
        violations=violations, kpis=kpis(instance, plan), unassigned=reasons,
        unassigned_summary=dict(Counter(_reason_kind(r) for r in reasons.values()).most_common()),
    )


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(str(x) for x in row))
    return table


def _pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.0f}%" if whole else "-"


def _busiest(instance: Instance, plan: Plan, top: int) -> list[list[str]]:
    """The most loaded ambassadors, by id (never by name), with their limits."""
    view = PlanView.build(instance, plan)
    policy = instance.policy
    ranked = sorted(view.missions_of_ambassador.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    rows = []
    for aid, missions in ranked:
        a = view.ambassadors[aid]
        hours = sum(m.workload_hours for m in missions)
        spend = sum(policy.remuneration_eur(m) + policy.expense_eur(a, m) for m in missions)
        rows.append([aid, f"{len(missions)} / {a.max_missions}", f"{hours:.1f} / {a.max_hours:g}",
                     f"{spend:.2f}"])
    return rows


def render_report(instance: Instance, plan: Plan, width: int = 100, max_violations: int = 20,
                  top: int = 5) -> str:
    """The plan as a text report (rich tables, no colour codes); ``top`` busiest ambassadors shown."""
    data = report_data(instance, plan)
    k = data.kpis
    violations = data.violations
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, force_terminal=False, highlight=False)

    console.print(f"[bold]{instance.name}[/bold] — plan for {instance.year} ({plan.status})")
    if violations:
        console.print(f"NOT VALID: {len(violations)} violation(s)")
    else:
        console.print("valid: every hard rule holds")
    annual = k.budget_annual
    budget = f" of {annual:.2f} ({_pct(k.spend, annual)})" if annual else ""
    headline = [
        ["missions covered", f"{k.covered} / {k.missions} ({_pct(k.covered, k.missions)})"],
        ["coverage value", f"{k.coverage_value} / {k.coverage_value_max}"
                           f" ({_pct(k.coverage_value, k.coverage_value_max)})"],
        ["active ambassadors", f"{k.active_ambassadors} / {k.ambassadors}"],
        ["loads (active)",
         f"max {k.max_load}, mean {k.mean_active_load:.2f}, Gini {k.gini_active_load:.3f}"],
        ["rotation penalty", str(k.rotation_penalty)],
        ["match points", f"{k.match_total} (mean {k.match_mean:.1f} per seat)"],
        ["spend (EUR)", f"{k.spend:.2f}{budget}"],
        ["  remuneration / expenses", f"{k.remuneration:.2f} / {k.expenses:.2f}"],
        ["staff pairs", str(k.staff_pairs)],
    ]
    console.print(_table("Headline", ["figure", "value"], headline))

    for grouping in ("axis", "level", "region"):
        rows = [[key, f"{row.covered} / {row.missions}", f"{row.value} / {row.value_max}",
                 _pct(row.value, row.value_max)]
                for key, row in k.coverage[grouping].items() if row.missions]
        console.print(_table(f"Coverage per {grouping}", [grouping, "covered", "value", "value %"], rows))

    hist = [[load, count] for load, count in k.load_histogram.items()]
    console.print(_table("Loads: ambassadors per number of missions", ["missions", "ambassadors"], hist))
    busiest = _busiest(instance, plan, top)
    if busiest:
        console.print(_table(f"Busiest ambassadors (top {len(busiest)})",
                             ["ambassador", "missions", "hours", "spend (EUR)"], busiest))

    quarterly = instance.policy.budget.quarterly
    spend_rows = [[q, f"{x:.2f}", f"{quarterly[i]:.2f}" if quarterly is not None else "-"]
                  for i, (q, x) in enumerate(k.spend_by_quarter.items())]
    console.print(_table("Spend per quarter (EUR)", ["quarter", "spend", "budget"], spend_rows))

    if data.unassigned_summary:
        rows = [[kind, str(n)] for kind, n in data.unassigned_summary.items()]
        console.print(_table("Why missions are left out", ["reason", "missions"], rows))
    if violations:
        console.print("[bold]Violations[/bold]")
        for v in violations[:max_violations]:
            console.print(f"  {v.rule}: {v.message}", markup=False)
        if len(violations) > max_violations:
            console.print(f"  ... and {len(violations) - max_violations} more")
    return buffer.getvalue()


def frames_csv_texts(frames: dict[str, pd.DataFrame], dialect: str = DEFAULT_DIALECT) -> dict[str, str]:
    """File name -> CSV text of each frame.

    ``dialect``: ``excel-be`` (``;``, UTF-8 with a byte-order mark, decimal commas, ``DD/MM/YYYY``)
    or ``rfc4180``. Text that a spreadsheet would run as a formula (a title starting with ``=``...)
    is escaped with a leading quote; numbers stay numbers.
    """
    chosen = DIALECTS[dialect]
    return {
        f"{name}.csv": table_csv_text([str(c) for c in frame.columns],
                                      [list(row) for row in frame.itertuples(index=False, name=None)],
                                      chosen)
        for name, frame in frames.items()
    }


def write_csv_folder(
    frames: dict[str, pd.DataFrame], folder: str | Path, dialect: str = DEFAULT_DIALECT
) -> list[Path]:
    """One CSV file per frame in ``folder`` (created if needed, see :func:`frames_csv_texts`), all
    written or none (:func:`ambassade_opt.files.write_folder_atomic`)."""
    return write_folder_atomic(folder, frames_csv_texts(frames, dialect))


__all__ = ["GROUPINGS", "ReportData", "Violation", "frames_csv_texts", "plan_frames", "render_report",
           "report_data", "write_csv_folder"]
