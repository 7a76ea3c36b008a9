"""Click parameter types for numbers: finite, in a sane range, and named in every refusal.

click's own ``FloatRange`` lets ``nan`` and ``inf`` through (every comparison with ``nan`` is false),
and its ``IntRange`` takes any size of integer. The types here refuse both; a refusal is a usage
error (exit 2) whose message names the option. The shared instances (:data:`TIME_LIMIT`,
:data:`WORKERS`, :data:`SEED`, ...) keep the same option meaning the same range in every command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import click

# A week: longer than any useful solve, short enough that no timer overflows.
MAX_SECONDS = 7 * 24 * 3600.0
# CP-SAT takes a 32-bit random seed.
MAX_SEED = 2**31 - 1
MAX_WORKERS = 256
# A year of SMart's network has at most tens of thousands of people; amounts in euros below 10^9.
MAX_PEOPLE = 1_000_000
MAX_EUROS = 1e9


class FiniteFloat(click.ParamType[float]):
    """A finite decimal number in ``[low, high]`` (``low_open``/``high_open`` exclude the bound)."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None, *, low_open: bool = False,
                 high_open: bool = False) -> None:
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float) and math.isfinite(value):
            number = value
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if not self.contains(number):
            self.fail(f"{value} is not {self.describe()}", param, ctx)
        return number

    def contains(self, number: float) -> bool:
        above_low = self.low is None or number > self.low or (number == self.low and not self.low_open)
        below_high = self.high is None or number < self.high or (number == self.high and not self.high_open)
        return above_low and below_high

    def describe(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return " and ".join(parts) if parts else "a number"


class BoundedInt(click.IntRange):
    """click's ``IntRange`` with both bounds required, so no option takes an unbounded integer."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__(min=low, max=high)


TIME_LIMIT = FiniteFloat(0, MAX_SECONDS, low_open=True)
WORK_LIMIT = TIME_LIMIT
# The API's default (``SolveOptions.time_limit``; kept equal by a test, the solver is imported lazily).
DEFAULT_TIME_LIMIT = 60.0
TIME_LIMIT_HELP = "wall seconds for the whole solve, the model build included"
WORK_LIMIT_HELP = ("deterministic work of a one-worker run, in nominal seconds (default: the time limit): "
                   "the same plan on any machine unless --time-limit stops it first")
WORKERS = BoundedInt(1, MAX_WORKERS)
SEED = BoundedInt(0, MAX_SEED)
SCORE = FiniteFloat(0, 100)
SHARE = FiniteFloat(0, 1, high_open=True)
HEADCOUNT = BoundedInt(0, MAX_PEOPLE)


@dataclass(frozen=True)
class ListSpec:
    """What a :class:`NumberList` accepts: integers or decimals in ``[low, high]``, at most
    ``max_values`` of them in all (ranges included), and ``none`` for "no limit" when allowed."""

    integers: bool
    low: float
    high: float
    max_values: int = 200
    allow_none: bool = True


class NumberList(click.ParamType[list[float | int | None]]):
    """``10,20,30``, inclusive ranges ``10:40:5``, and ``none``: a list of numbers (``None`` = none).

    A range's length is computed from its bounds before a single value is built, so ``0:1e9:1``
    is refused at once instead of filling the memory.
    """

    name = "list"

    def __init__(self, spec: ListSpec) -> None:
        self.spec = spec

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, list):
            return value
        values: list[float | int | None] = []
        for part in (p.strip() for p in str(value).split(",")):
            if not part:
                continue
            if part.lower() == "none" and self.spec.allow_none:
                values.append(None)
            elif ":" in part:
                values.extend(self._range(part, len(values), param, ctx))
            else:
                values.append(self._number(part, param, ctx))
            if len(values) > self.spec.max_values:
                self.fail(f"more than {self.spec.max_values} values", param, ctx)
        if not values:
            self.fail("no value given", param, ctx)
        return values

    def _number(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> float | int:
        kind = "a whole number" if self.spec.integers else "a number"
        try:
            exact = Decimal(text)
        except InvalidOperation:
            self.fail(f"{text!r} is not {kind}, 'none' or START:STOP:STEP", param, ctx)
        if not exact.is_finite() or (self.spec.integers and exact != exact.to_integral_value()):
            self.fail(f"{text!r} is not {kind}", param, ctx)
        if not self.spec.low <= exact <= self.spec.high:
            self.fail(f"{text} is not between {self.spec.low:g} and {self.spec.high:g}", param, ctx)
        return int(exact) if self.spec.integers else float(exact)

    def _range(self, text: str, already: int, param: click.Parameter | None,
               ctx: click.Context | None) -> list[float | int]:
        pieces = text.split(":")
        if len(pieces) != 3:
            self.fail(f"{text!r}: a range is START:STOP:STEP", param, ctx)
        start, stop, step = (self._number(p.strip(), param, ctx) for p in pieces)
        if step <= 0:
            self.fail(f"{text!r}: the step must be positive", param, ctx)
        steps = (Decimal(str(stop)) - Decimal(str(start))) / Decimal(str(step))
        if steps < 0:
            self.fail(f"{text!r}: the range is empty (STOP below START)", param, ctx)
        if already + steps + 1 > self.spec.max_values:
            self.fail(f"{text!r} has {steps + 1:,.0f} values; at most {self.spec.max_values} in all",
                      param, ctx)
        count = math.floor(steps) + 1
        if self.spec.integers:
            return [int(start) + i * int(step) for i in range(count)]
        # Decimal arithmetic: 0.1:0.3:0.1 gives 0.1, 0.2, 0.3 (floats would miss the last one).
        first, increment = Decimal(str(start)), Decimal(str(step))
        return [float(first + i * increment) for i in range(count)]


CAPS = NumberList(ListSpec(integers=True, low=0, high=MAX_PEOPLE))
BUDGETS = NumberList(ListSpec(integers=False, low=0, high=MAX_EUROS))
