"""``settle`` (DOMAIN.md section 9): remuneration, expenses, totals and what to review, exact to the cent."""

from .compute import settle, totals
from .result import (
    REVIEW_KINDS,
    ExpenseRow,
    RemunerationRow,
    ReviewItem,
    ReviewKind,
    Settlement,
    TotalRow,
)

__all__ = [
    "REVIEW_KINDS", "ExpenseRow", "RemunerationRow", "ReviewItem", "ReviewKind", "Settlement", "TotalRow",
    "settle", "totals",
]
