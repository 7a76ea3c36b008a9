"""``settle``: what SMart pays for the missions of a year, from the plan and the mission reports.

Rule 7 with what was reported (DOMAIN.md section 9):

* **remuneration** — one row per ambassador on a paid mission that was held:
  ``amount = rate × hours_reported`` (to the cent), ``hours_reported`` = the report's hours, or the
  planned ``duration + preparation`` when the report gives none (flagged ``hours_not_reported``);
* **expenses** — one row per claim (``expenses_eur > 0``) of an ambassador, held or called off,
  beside rule 7's planned expense for that person there;
* **caps** — the person cap and the budget keep back what is above them (:mod:`.caps`);
* **totals** — per ambassador, per quarter of the missions' start and for the year, each the
  exact sum of its rows, beside the plan's spend and the limit that applies;
* **to_review** — every deviation a person must look at: hours above plan by more than 25 %
  (``hours_above_plan``, any held mission), a claim above 1.5 × the planned expense
  (``claim_above_plan``), a cap or budget that kept money back (``person_cap``,
  ``budget_quarter``, ``budget_annual``), someone reported who was neither planned nor a
  substitute (``not_planned``), a mission the plan covered without a report
  (``missing_report``), a report for a mission the plan did not cover (``not_covered``); and,
  because nothing is dropped silently: a planned person absent without a substitute
  (``no_show``), a paid mission without hours (``hours_not_reported``), a claim on a mission
  called off (``called_off_claim``, paid), a staff member's claim (``staff_claim``: staff cost
  nothing to this budget, so it is not in ``expenses``), and reported hours above an
  ambassador's ``max_hours`` (``max_hours``, paid: the money cap is the remuneration cap).

Staff are never paid here. The reports are checked first (:func:`check_actuals`): bad reports
raise :class:`~ambassade_opt.errors.InputError` with every problem.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from ..actuals import Actuals, MissionReport, ReportedPerson, check_actuals
from ..errors import Loc, format_loc
from ..model import Ambassador, Instance, Mission
from ..plan import Plan
from .caps import apply_caps
from .money import (
    ZERO,
    eur,
    exact,
    planned_expense,
    planned_remuneration,
    quarter,
    rate,
    text,
    workload_hours,
)
from .result import REVIEW_KINDS, ExpenseRow, RemunerationRow, ReviewItem, Settlement, TotalRow

HOURS_TOLERANCE = Decimal("1.25")  # hours above plan by more than 25 % are reviewed (DOMAIN.md)
CLAIM_TOLERANCE = Decimal("1.5")  # a claim above 1.5 × the planned expense is reviewed (DOMAIN.md)


def settle(instance: Instance, plan: Plan, actuals: Actuals, *, source: str | None = None,
           render_loc: Callable[[Loc], str] = format_loc) -> Settlement:
    """The settlement of ``actuals`` for ``plan`` of ``instance``; see the module docstring."""
    check_actuals(instance, plan, actuals, source=source, render_loc=render_loc)
    ledger = _Ledger(instance, plan)
    for report in sorted(actuals.reports, key=lambda r: (instance.mission(r.mission).start, r.mission)):
        ledger.report(report)
    reported = {r.mission for r in actuals.reports}
    for asg in plan.assignments:
        if asg.mission not in reported:
            who = ", ".join([*asg.ambassadors, *([asg.staff] if asg.staff else [])])
            ledger.flag("missing_report", asg.mission, None,
                        f"{asg.mission} was planned ({who}) and has no report: held or called off?")
    ledger.review += apply_caps(instance, ledger.remuneration, ledger.expenses)
    ledger.hours_caps()
    return Settlement(remuneration=ledger.remuneration, expenses=ledger.expenses,
                      totals=totals(instance, plan, ledger.remuneration, ledger.expenses),
                      to_review=sorted(ledger.review, key=ledger.review_order))


class _Ledger:
    """The rows and review items of the reports, before the caps."""

    def __init__(self, instance: Instance, plan: Plan) -> None:
        self.instance = instance
        self.planned = plan.assignment_of()
        self.staff = {s.id for s in instance.staff}
        self.remuneration: list[RemunerationRow] = []
        self.expenses: list[ExpenseRow] = []
        self.review: list[ReviewItem] = []
        self.hours: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def flag(self, kind: str, mission: str | None, person: str | None, reason: str) -> None:
        self.review.append(ReviewItem.model_validate(
            {"kind": kind, "mission": mission, "person": person, "reason": reason}))

    def review_order(self, item: ReviewItem) -> tuple[datetime, str, str, int]:
        start = self.instance.mission(item.mission).start if item.mission else datetime.max
        return (start, item.mission or "", item.person or "", REVIEW_KINDS.index(item.kind))

    def report(self, report: MissionReport) -> None:
        m = self.instance.mission(report.mission)
        asg = self.planned.get(m.id)
        on_plan = [] if asg is None else [*asg.ambassadors, *([asg.staff] if asg.staff else [])]
        if asg is None:
            state = "held" if report.held else "called off"
            self.flag("not_covered", m.id, None,
                      f"{m.id} has a report ({state}) but the plan did not cover it")
        for p in report.people:
            if p.id not in on_plan and p.substitute_for is None:
                self.flag("not_planned", m.id, p.id,
                          f"{p.id} is reported on {m.id} but was neither planned there nor a substitute")
            if p.id in self.staff:
                if p.expenses_eur > 0:
                    self.flag("staff_claim", m.id, p.id,
                              f"{p.id} (staff) claims {text(eur(p.expenses_eur))} EUR on {m.id}: staff "
                              "expenses are not paid from the ambassadors' budget (not in expenses)")
                continue
            ambassador = self.instance.ambassador(p.id)
            if report.held:
                self._work(m, ambassador, p)
            if p.expenses_eur > 0:
                self._claim(m, ambassador, p, report.held)
        if report.held:
            replaced = {p.substitute_for for p in report.people}
            for pid in on_plan:
                if report.person(pid) is None and pid not in replaced:
                    self.flag("no_show", m.id, pid,
                              f"{pid} was planned on {m.id} and is not reported there, nor replaced")

    def _work(self, m: Mission, ambassador: Ambassador, p: ReportedPerson) -> None:
        planned_hours = workload_hours(m)
        hours = planned_hours if p.hours is None else exact(p.hours)
        self.hours[ambassador.id] += hours
        if p.hours is not None and hours > planned_hours * HOURS_TOLERANCE:
            above = (hours / planned_hours - 1) * 100 if planned_hours > 0 else Decimal(100)
            self.flag("hours_above_plan", m.id, ambassador.id,
                      f"{ambassador.id} reported {_hours(hours)} h on {m.id}, {above:.0f} % above the "
                      f"{_hours(planned_hours)} h planned (more than 25 %)")
        if not m.is_paid:
            return
        if p.hours is None:
            self.flag("hours_not_reported", m.id, ambassador.id,
                      f"{ambassador.id}'s report on {m.id} gives no hours: paid as planned "
                      f"({_hours(planned_hours)} h)")
        hourly = rate(self.instance, m)
        self.remuneration.append(RemunerationRow(
            mission=m.id, date=m.start.date(), quarter=quarter(m.start), ambassador=ambassador.id,
            hours_planned=planned_hours.quantize(Decimal("0.01")), hours_reported=hours,
            hours_as_planned=p.hours is None, rate=hourly, amount=eur(hourly * hours)))

    def _claim(self, m: Mission, ambassador: Ambassador, p: ReportedPerson, held: bool) -> None:
        planned = planned_expense(self.instance, ambassador, m)
        claimed = eur(p.expenses_eur)
        if claimed > planned * CLAIM_TOLERANCE:
            times = f"{claimed / planned:.1f} ×" if planned > 0 else "while nothing was"
            self.flag("claim_above_plan", m.id, ambassador.id,
                      f"{ambassador.id} claims {text(claimed)} EUR on {m.id}, {times} the {text(planned)} "
                      "EUR planned (more than 1.5 ×)")
        if not held:
            self.flag("called_off_claim", m.id, ambassador.id,
                      f"{ambassador.id} claims {text(claimed)} EUR on {m.id}, which was called off (paid)")
        self.expenses.append(ExpenseRow(
            mission=m.id, date=m.start.date(), quarter=quarter(m.start), ambassador=ambassador.id,
            planned=planned, claimed=claimed))

    def hours_caps(self) -> None:
        for aid in sorted(self.hours):
            cap = exact(self.instance.ambassador(aid).max_hours)
            if self.hours[aid] > cap:
                self.flag("max_hours", None, aid,
                          f"{aid} worked {_hours(self.hours[aid])} h on the missions held, above their "
                          f"max_hours of {_hours(cap)} h (paid: only the remuneration cap keeps money back)")


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def totals(instance: Instance, plan: Plan, remuneration: list[RemunerationRow],
           expenses: list[ExpenseRow]) -> list[TotalRow]:
    """Per ambassador (by id: everyone planned or paid), per quarter (1..4) and for the year: sums
    of the rows, exactly."""
    planned_by: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for asg in plan.assignments:
        m = instance.mission(asg.mission)
        for aid in asg.ambassadors:
            cost = planned_remuneration(instance, m) + planned_expense(instance, instance.ambassador(aid), m)
            for scope in (("ambassador", aid), ("quarter", f"Q{quarter(m.start)}"), ("year", "year")):
                planned_by[scope] += cost
    policy = instance.policy
    cap = policy.compensation.max_remuneration_per_ambassador
    people = sorted({r.ambassador for r in remuneration} | {e.ambassador for e in expenses}
                    | {key for level, key in planned_by if level == "ambassador"})
    out = [_total("ambassador", aid, [r for r in remuneration if r.ambassador == aid],
                  [e for e in expenses if e.ambassador == aid], planned_by, cap) for aid in people]
    for q in range(1, 5):
        limit = None if policy.budget.quarterly is None else policy.budget.quarterly[q - 1]
        out.append(_total("quarter", f"Q{q}", [r for r in remuneration if r.quarter == q],
                          [e for e in expenses if e.quarter == q], planned_by, limit))
    out.append(_total("year", "year", remuneration, expenses, planned_by, policy.budget.annual))
    return out


def _total(level: str, key: str, remuneration: Iterable[RemunerationRow], expenses: Iterable[ExpenseRow],
           planned_by: dict[tuple[str, str], Decimal], limit: float | None) -> TotalRow:
    rem, exp = list(remuneration), list(expenses)
    rows: list[RemunerationRow | ExpenseRow] = [*rem, *exp]
    return TotalRow.model_validate({
        "level": level, "key": key,
        "remuneration": sum((r.amount for r in rem), ZERO), "expenses": sum((e.claimed for e in exp), ZERO),
        "amount": sum((r.amount for r in rows), ZERO), "not_paid": sum((r.not_paid for r in rows), ZERO),
        "paid": sum((r.paid for r in rows), ZERO), "planned": planned_by[(level, key)],
        "limit": None if limit is None else eur(limit),
    })
