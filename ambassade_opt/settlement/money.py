"""Exact money for the settlement: ``Decimal`` euros with two decimals, never float sums.

Amounts given in EUR with two decimals (the instance's money, the claims) are exact decimals
once read through ``str`` (the model keeps them to the cent). A computed amount such as
rate × hours is rounded once, to the cent, halves up (``ROUND_HALF_UP``, as a payslip does);
sums of rounded amounts are then exact, so every total is the sum of its rows.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..model import Ambassador, Instance, Mission

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def eur(amount: float | int | str | Decimal) -> Decimal:
    """An amount in EUR to the cent (halves up)."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def exact(value: float | int) -> Decimal:
    """A number from a file as the decimal it was written as (``2.3`` is 2.3, not 2.2999...)."""
    return Decimal(str(value))


def workload_hours(mission: Mission) -> Decimal:
    """Mission plus preparation hours, exactly (the duration in seconds over 3,600)."""
    seconds = int((mission.end - mission.start).total_seconds())
    return Decimal(seconds) / Decimal(3600) + exact(mission.preparation_hours)


def rate(instance: Instance, mission: Mission) -> Decimal:
    """The hourly rate of rule 7: by intervention, else the policy's."""
    return eur(instance.policy.compensation.rate(mission.intervention))


def planned_remuneration(instance: Instance, mission: Mission) -> Decimal:
    """Rule 7 with the plan's hours: rate × (duration + preparation) if paid, else 0."""
    if not mission.is_paid:
        return ZERO
    return eur(rate(instance, mission) * workload_hours(mission))


def planned_expense(instance: Instance, ambassador: Ambassador, mission: Mission) -> Decimal:
    """Rule 7's expense: the mission's ``expenses_eur``, else the travel table."""
    return eur(instance.policy.expense_eur(ambassador, mission))


def quarter(when: datetime) -> int:
    """1..4, the quarter of a mission's start (rule 7's quarterly budget)."""
    return (when.month - 1) // 3 + 1


def text(amount: Decimal) -> str:
    """``1234.50``: two decimals, a point, no thousands separator (for CSV files)."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):f}"
