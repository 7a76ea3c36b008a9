"""The report page of a plan: headline figures, coverage, loads, spend, what is left out, charts.

Everything shown comes from the library's report functions — :func:`ambassade_opt.report.
report_data` (KPIs, violations, reasons and their grouping) and :func:`~ambassade_opt.report.
plan_frames` (loads, staff loads, spend per quarter and per group) — formatted for one language.
Ambassadors appear by id only, as in the text report: names are personal data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..figures import Kpis
from ..model import Instance
from ..plan import Plan
from ..report import plan_frames, report_data
from .charts import (
    BarRow,
    Chart,
    DayCount,
    QuarterBar,
    calendar_chart,
    coverage_chart,
    histogram_chart,
    spend_chart,
)
from .i18n import PageLocale
from .vocabulary import GROUPINGS, reason_kind, word

BUSIEST = 10  # ambassadors listed in the loads table


@dataclass(frozen=True)
class Figure:
    """One headline figure: what it is, its value, and the value it is measured against."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Table:
    """A table of formatted cells; the first column names the row, the others are figures."""

    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    table: Table
    chart: Chart | None = None


@dataclass
class ReportPage:
    """What the report template shows, every text already translated and formatted."""

    lang: str
    title: str
    status: str
    valid: bool
    violations: list[str]
    headline: list[Figure]
    coverage: list[Section]
    loads: list[Section]
    budget_used: float | None
    budget_line: str
    spend: Section
    reasons: Table
    left_out: Table
    calendar: Chart
    notes: list[str] = field(default_factory=list)


def report_page(instance: Instance, plan: Plan, loc: PageLocale) -> ReportPage:
    """Gather and format the report of ``plan`` for the year ``instance`` in ``loc``'s language."""
    _ = loc.gettext
    data = report_data(instance, plan)
    frames = plan_frames(instance, plan)
    k = data.kpis
    violations = [f"{v.rule}: {v.message}" for v in data.violations]
    annual = k.budget_annual
    return ReportPage(
        lang=loc.lang,
        title=_("{name}: plan for {year}").format(name=instance.name, year=instance.year),
        status=word(loc, plan.status),
        valid=not violations,
        violations=violations,
        headline=_headline(k, loc),
        coverage=[_coverage(k, frames, grouping, loc) for grouping in GROUPINGS],
        loads=_loads(k, frames, loc),
        budget_used=(k.spend / annual) if annual else None,
        budget_line=(_("{spend} spent of an annual budget of {budget} ({share})").format(
            spend=loc.money(k.spend), budget=loc.money(annual), share=loc.percent(k.spend, annual))
            if annual else _("{spend} spent; no annual budget is set").format(spend=loc.money(k.spend))),
        spend=_spend(frames, loc),
        reasons=_reasons(data.unassigned_summary, loc),
        left_out=_left_out(instance, data.unassigned, loc),
        calendar=_calendar(instance, plan, loc),
    )


def _headline(k: Kpis, loc: PageLocale) -> list[Figure]:
    _ = loc.gettext
    n = loc.number
    annual = k.budget_annual
    return [
        Figure(_("Missions covered"), f"{n(k.covered)} / {n(k.missions)}",
               loc.percent(k.covered, k.missions)),
        Figure(_("Coverage value"), f"{n(k.coverage_value)} / {n(k.coverage_value_max)}",
               _("priority points ({share})").format(
                   share=loc.percent(k.coverage_value, k.coverage_value_max))),
        Figure(_("Active ambassadors"), f"{n(k.active_ambassadors)} / {n(k.ambassadors)}"),
        Figure(_("Most missions for one ambassador"), n(k.max_load),
               _("{mean} on average per active ambassador (Gini {gini})").format(
                   mean=n(k.mean_active_load, 2), gini=n(k.gini_active_load, 3))),
        Figure(_("Spend"), loc.money(k.spend),
               _("of {budget} ({share})").format(budget=loc.money(annual),
                                                  share=loc.percent(k.spend, annual))
               if annual else _("no annual budget")),
        Figure(_("Remuneration"), loc.money(k.remuneration)),
        Figure(_("Expenses"), loc.money(k.expenses)),
        Figure(_("Match points"), n(k.match_total),
               _("{mean} per seat").format(mean=n(k.match_mean, 1))),
        Figure(_("Rotation penalty"), n(k.rotation_penalty)),
        Figure(_("Staff pairs"), n(k.staff_pairs)),
    ]


def _coverage(k: Kpis, frames: dict[str, Any], grouping: str, loc: PageLocale) -> Section:
    _ = loc.gettext
    table = frames[f"kpis_{grouping}"].to_dict("records")
    spend_of = {str(r[grouping]): float(r["spend_eur"]) for r in table}
    rows: list[list[str]] = []
    bars: list[BarRow] = []
    for key, row in k.coverage[grouping].items():
        if not row.missions:
            continue
        label = word(loc, key)
        share = loc.percent(row.covered, row.missions)
        rows.append([label, loc.number(row.missions), loc.number(row.covered), share,
                     f"{loc.number(row.value)} / {loc.number(row.value_max)}",
                     loc.money(spend_of.get(key, 0.0))])
        bars.append(BarRow(label, row.missions, row.covered,
                           f"{loc.number(row.covered)} / {loc.number(row.missions)} ({share})"))
    title = _(GROUPINGS[grouping])
    columns = [_("group"), _("missions"), _("covered"), _("share"), _("priority points"), _("spend")]
    chart = coverage_chart(title, bars, _("missions in the inventory"), _("missions covered"))
    return Section(Table(title, columns, rows), chart)


def _loads(k: Kpis, frames: dict[str, Any], loc: PageLocale) -> list[Section]:
    _ = loc.gettext
    counts = {int(key): int(count) for key, count in k.load_histogram.items()}
    histogram = [(str(load), counts.get(load, 0)) for load in range(max(counts, default=0) + 1)]
    chart = histogram_chart(_("Ambassadors per number of missions"), histogram, _("missions in the year"),
                            _("ambassadors"), loc.number)
    hist_table = Table(_("Ambassadors per number of missions"), [_("missions"), _("ambassadors")],
                       [[key, loc.number(count)] for key, count in histogram])
    loads = frames["loads"].to_dict("records")
    loads.sort(key=lambda r: (-int(r["missions"]), str(r["ambassador"])))
    busiest = [[str(r["ambassador"]), f"{loc.number(r['missions'])} / {loc.number(r['max_missions'])}",
                f"{loc.number(r['hours'], 1)} / {loc.number(r['max_hours'], 1)}", loc.money(r["spend_eur"])]
               for r in loads[:BUSIEST] if r["missions"]]
    busy_table = Table(_("Busiest ambassadors (by id)"),
                       [_("ambassador"), _("missions / maximum"), _("hours / maximum"), _("spend")], busiest)
    staff = [[str(r["staff"]), word(loc, str(r["service"])),
              f"{loc.number(r['missions'])} / {loc.number(r['max_missions'])}"]
             for r in frames["staff_loads"].to_dict("records")]
    staff_table = Table(_("Staff members (by id)"),
                        [_("staff member"), _("service"), _("missions / maximum")], staff)
    return [Section(hist_table, chart), Section(busy_table), Section(staff_table)]


def _spend(frames: dict[str, Any], loc: PageLocale) -> Section:
    _ = loc.gettext
    rows: list[list[str]] = []
    bars: list[QuarterBar] = []
    for r in frames["costs"].to_dict("records"):
        raw = r["budget_eur"]
        budget = float(raw) if isinstance(raw, int | float) and raw == raw else None  # NaN: no budget
        rows.append([str(r["quarter"]), loc.number(r["missions"]), loc.money(r["remuneration_eur"]),
                     loc.money(r["expenses_eur"]), loc.money(r["spend_eur"]),
                     loc.money(budget) if budget is not None else "–",
                     loc.percent(r["spend_eur"], budget) if budget else "–"])
        bars.append(QuarterBar(str(r["quarter"]), float(r["remuneration_eur"]), float(r["expenses_eur"]),
                               float(budget) if budget is not None else None))
    title = _("Spend per quarter")
    columns = [_("quarter"), _("missions"), _("remuneration"), _("expenses"), _("spend"), _("budget"),
               _("used")]
    texts = {"remuneration": _("remuneration"), "expenses": _("expenses"), "budget": _("quarterly budget"),
             "unit": "€"}
    chart = spend_chart(title, bars, lambda x: loc.number(x), texts)
    return Section(Table(title, columns, rows), chart)


def _reasons(summary: dict[str, int], loc: PageLocale) -> Table:
    _ = loc.gettext
    rows = [[reason_kind(loc, kind), loc.number(count)] for kind, count in summary.items()]
    return Table(_("Why missions are left out"), [_("reason"), _("missions")], rows)


def _left_out(instance: Instance, reasons: dict[str, str], loc: PageLocale) -> Table:
    _ = loc.gettext
    missions = {m.id: m for m in instance.missions}
    ordered = sorted(reasons, key=lambda mid: (missions[mid].start, mid))
    rows = [[mid, missions[mid].title, loc.day(missions[mid].start, "medium").replace(" ", "\u00a0"),
             missions[mid].region,
             word(loc, missions[mid].level), reasons[mid]] for mid in ordered]
    return Table(_("Missions left out"), [_("mission"), _("title"), _("date"), _("region"), _("level"),
                                          _("reason")], rows)


def _calendar(instance: Instance, plan: Plan, loc: PageLocale) -> Chart:
    _ = loc.gettext
    covered = {a.mission for a in plan.assignments}
    total: Counter[Any] = Counter()
    done: Counter[Any] = Counter()
    for m in instance.missions:
        total[m.start.date()] += 1
        done[m.start.date()] += m.id in covered
    days = [DayCount(day, total[day], done[day]) for day in sorted(total)]

    def describe(d: DayCount) -> str:
        return _("{day}: {covered} of {missions} covered").format(
            day=loc.day(d.day, "medium"), covered=loc.number(d.covered), missions=loc.number(d.missions))

    return calendar_chart(_("The year at a glance"), instance.year, days, loc.weekday_initials(),
                          loc.month_abbreviations(), describe,
                          {"all": _("every mission covered"), "some": _("some missions covered"),
                           "none": _("no mission covered")})
