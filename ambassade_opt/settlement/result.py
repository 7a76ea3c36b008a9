"""The settlement's tables as typed rows, with DataFrame views and the files they are written to.

Amounts are ``Decimal`` euros with two decimals (see :mod:`.money`): the DataFrame views keep them
as ``Decimal`` objects so that sums stay exact (``frame["paid"].astype(float)`` for plots).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal, get_args

import pandas as pd
from pydantic import BaseModel, ConfigDict

from .money import ZERO
from .output import Table, write_tables

ReviewKind = Literal[
    "hours_above_plan", "claim_above_plan", "person_cap", "budget_quarter", "budget_annual",
    "not_planned", "missing_report", "not_covered", "no_show", "hours_not_reported",
    "called_off_claim", "staff_claim", "max_hours",
]
REVIEW_KINDS: tuple[str, ...] = get_args(ReviewKind)
TotalLevel = Literal["ambassador", "quarter", "year"]
TABLES: tuple[str, ...] = ("remuneration", "expenses", "totals", "to_review")


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RemunerationRow(_Row):
    """One ambassador on one paid mission held: ``amount`` = ``rate`` × ``hours_reported``.

    ``hours_reported`` is what the report says, or the planned hours when the report gives none
    (``hours_as_planned``). ``not_paid`` is what a cap or the budget keeps back; ``paid`` the rest.
    """

    mission: str
    date: date
    quarter: int
    ambassador: str
    hours_planned: Decimal
    hours_reported: Decimal
    hours_as_planned: bool
    rate: Decimal
    amount: Decimal
    not_paid: Decimal = ZERO
    paid: Decimal = ZERO


class ExpenseRow(_Row):
    """One expense claim of an ambassador, beside the expense rule 7 planned for them there."""

    mission: str
    date: date
    quarter: int
    ambassador: str
    planned: Decimal
    claimed: Decimal
    not_paid: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        return self.claimed


class TotalRow(_Row):
    """The sum of the rows of one ambassador, one quarter (of the missions' start) or the year.

    ``amount`` = ``remuneration`` + ``expenses`` (as reported), ``paid`` = ``amount`` − ``not_paid``;
    ``planned`` is the plan's spend for the same scope (rule 7); ``limit`` the cap that applies:
    ``max_remuneration_per_ambassador`` (on remuneration only), ``budget.quarterly[q]``,
    ``budget.annual`` (``None``: no limit).
    """

    level: TotalLevel
    key: str
    remuneration: Decimal
    expenses: Decimal
    amount: Decimal
    not_paid: Decimal
    paid: Decimal
    planned: Decimal
    limit: Decimal | None


class ReviewItem(_Row):
    """Something a person must look at, and why; ``not_paid`` is the money it kept back, if any."""

    kind: ReviewKind
    mission: str | None
    person: str | None
    reason: str
    not_paid: Decimal = ZERO


class Settlement(BaseModel):
    """What SMart pays for the year's missions (DOMAIN.md section 9)."""

    model_config = ConfigDict(extra="forbid")

    remuneration: list[RemunerationRow]
    expenses: list[ExpenseRow]
    totals: list[TotalRow]
    to_review: list[ReviewItem]

    def total(self, level: TotalLevel = "year", key: str = "year") -> TotalRow:
        return next(t for t in self.totals if t.level == level and t.key == key)

    @property
    def paid(self) -> Decimal:
        return self.total().paid

    def review_of(self, kind: str) -> list[ReviewItem]:
        return [r for r in self.to_review if r.kind == kind]

    def frame(self, table: str) -> pd.DataFrame:
        """One of ``remuneration``, ``expenses``, ``totals``, ``to_review`` as a DataFrame
        (amounts as exact ``Decimal`` objects, dates as ``datetime64``)."""
        if table not in TABLES:
            raise KeyError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        rows: list[_Row] = getattr(self, table)
        model: type[_Row] = _MODELS[table]
        frame = pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))
        if "date" in frame:
            frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.frame(name) for name in TABLES}

    def table(self, name: str) -> Table:
        """Header and cells of a table as written to a file (``None`` for an empty cell)."""
        model = _MODELS[name]
        header = list(model.model_fields)
        rows: list[_Row] = getattr(self, name)
        return header, [[getattr(r, c) for c in header] for r in rows]

    def tables(self) -> dict[str, Table]:
        """The four tables as written to files, in the order of ``TABLES``."""
        return {name: self.table(name) for name in TABLES}

    def write(self, path: str | Path, format: Literal["csv", "xlsx"] = "csv",
              dialect: str = "excel-be") -> list[Path]:
        """Write the four tables: CSV files in the folder ``path`` (``dialect``: ``excel-be``, for
        Excel in Belgium, or ``rfc4180``), or one workbook (a sheet per table) at ``path`` (a name
        ending in ``.xlsx``) or in the folder ``path``. All or nothing; returns the files written."""
        return write_tables(self.tables(), path, format, dialect)


_MODELS: dict[str, type[_Row]] = {
    "remuneration": RemunerationRow, "expenses": ExpenseRow, "totals": TotalRow, "to_review": ReviewItem,
}
