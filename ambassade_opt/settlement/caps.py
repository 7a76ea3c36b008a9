"""What is above a cap is not paid: the per-ambassador remuneration cap, then the budget.

Rows are taken in the order the money was earned — by the mission's start, then mission id,
remuneration before expenses, then person — and each cap is filled first come, first served:

* **person cap** (``compensation.max_remuneration_per_ambassador``, rule 7, remuneration only):
  with ``R`` the ambassador's remuneration paid so far, a row of amount ``x`` is paid
  ``min(x, max(0, cap − R))``; the rest is not paid;
* **budget** (``budget.quarterly[q]`` of the mission's quarter, then ``budget.annual``; both on
  remuneration + expenses): what the row may still be paid after the person cap, ``y``, is
  paid ``min(y, Q_left)`` for the quarter, then ``min(·, A_left)`` for the year; what the
  budget keeps back is not paid.

Every cut is a ``to_review`` item naming the cap, with the amount kept back. All amounts are
``Decimal`` to the cent, so for every row ``paid + not_paid == amount`` exactly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from ..model import Instance
from .money import ZERO, eur, quarter, text
from .result import ExpenseRow, RemunerationRow, ReviewItem

Row = RemunerationRow | ExpenseRow


def _order(instance: Instance, row: Row) -> tuple[datetime, str, int, str]:
    return (instance.mission(row.mission).start, row.mission,
            0 if isinstance(row, RemunerationRow) else 1, row.ambassador)


def _what(row: Row) -> str:
    return "remuneration" if isinstance(row, RemunerationRow) else "expense claim"


def apply_caps(instance: Instance, remuneration: list[RemunerationRow],
               expenses: list[ExpenseRow]) -> list[ReviewItem]:
    """Set ``not_paid`` and ``paid`` on every row (in place); the review items of every cut."""
    review: list[ReviewItem] = []
    rows: list[Row] = sorted([*remuneration, *expenses], key=lambda r: _order(instance, r))
    for row in rows:
        row.not_paid, row.paid = ZERO, row.amount
    review += _person_cap(instance, [r for r in rows if isinstance(r, RemunerationRow)])
    review += _budget(instance, rows)
    return review


def _person_cap(instance: Instance, rows: list[RemunerationRow]) -> list[ReviewItem]:
    cap_value = instance.policy.compensation.max_remuneration_per_ambassador
    if cap_value is None:
        return []
    cap = eur(cap_value)
    so_far: dict[str, Decimal] = defaultdict(lambda: ZERO)
    review: list[ReviewItem] = []
    for row in rows:
        allowed = max(ZERO, cap - so_far[row.ambassador])
        cut = max(ZERO, row.amount - allowed)
        so_far[row.ambassador] += row.amount - cut
        if cut > ZERO:
            row.not_paid += cut
            row.paid = row.amount - row.not_paid
            review.append(ReviewItem(
                kind="person_cap", mission=row.mission, person=row.ambassador, not_paid=cut,
                reason=f"{row.ambassador}'s remuneration reaches the cap of {text(cap)} EUR per ambassador: "
                       f"{text(cut)} EUR of this mission's {text(row.amount)} EUR not paid"))
    return review


def _budget(instance: Instance, rows: list[Row]) -> list[ReviewItem]:
    budget = instance.policy.budget
    quarter_left = None if budget.quarterly is None else [eur(q) for q in budget.quarterly]
    annual_left = None if budget.annual is None else eur(budget.annual)
    review: list[ReviewItem] = []
    for row in rows:
        payable = row.amount - row.not_paid
        q = quarter(instance.mission(row.mission).start)
        after_quarter = payable
        if quarter_left is not None:
            after_quarter = min(payable, max(ZERO, quarter_left[q - 1]))
            quarter_left[q - 1] -= after_quarter
        pay = after_quarter
        if annual_left is not None:
            pay = min(after_quarter, max(ZERO, annual_left))
            annual_left -= pay
        cut_quarter, cut_annual = payable - after_quarter, after_quarter - pay
        row.not_paid += cut_quarter + cut_annual
        row.paid = row.amount - row.not_paid
        if cut_quarter > ZERO and budget.quarterly is not None:
            limit = text(eur(budget.quarterly[q - 1]))
            review.append(ReviewItem(
                kind="budget_quarter", mission=row.mission, person=row.ambassador, not_paid=cut_quarter,
                reason=f"the Q{q} budget of {limit} EUR is spent: {text(cut_quarter)} EUR of this "
                       f"{_what(row)} of {text(row.amount)} EUR not paid"))
        if cut_annual > ZERO and budget.annual is not None:
            review.append(ReviewItem(
                kind="budget_annual", mission=row.mission, person=row.ambassador, not_paid=cut_annual,
                reason=f"the annual budget of {text(eur(budget.annual))} EUR is spent: {text(cut_annual)} "
                       f"EUR of this {_what(row)} of {text(row.amount)} EUR not paid"))
    return review
