"""The one exception type for bad input, carrying every problem found."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Loc = tuple[str | int, ...]
# A problem before it is rendered for the user: where (as a path into the data) and what.
RawProblem = tuple[Loc, str]


def format_loc(loc: Sequence[str | int]) -> str:
    """Render a location as a user would write it: ``missions[3].end``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(input)"


class InputError(Exception):
    """Bad input: a list of ``(location, message)`` problems, all of them, not only the first.

    Deliberately not a ``ValueError``: pydantic would swallow a ``ValueError`` raised from a
    validator into its own error type and lose the locations we computed.
    """

    def __init__(self, problems: Iterable[tuple[str, str]], source: str | None = None) -> None:
        self.problems: list[tuple[str, str]] = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self, limit: int | None = 50) -> str:
        head = f"{self.source}: " if self.source else ""
        n = len(self.problems)
        lines = [f"{head}{n} problem{'s' if n != 1 else ''} in the input:"]
        shown = self.problems if limit is None else self.problems[:limit]
        lines += [f"  {loc}: {msg}" for loc, msg in shown]
        if limit is not None and n > limit:
            lines.append(f"  ... and {n - limit} more")
        return "\n".join(lines)

    @classmethod
    def from_locs(
        cls,
        problems: Iterable[RawProblem],
        source: str | None = None,
        render_loc: Callable[[Loc], str] = format_loc,
    ) -> InputError:
        """Render raw ``(path, message)`` problems, e.g. as CSV rows and columns instead of paths."""
        return cls([(render_loc(loc), msg) for loc, msg in problems], source=source)

    @classmethod
    def from_pydantic(cls, exc: object, prefix: Loc = (), source: str | None = None) -> InputError:
        return cls.from_locs(pydantic_problems(exc, prefix), source=source)


def pydantic_problems(exc: object, prefix: Loc = ()) -> list[RawProblem]:
    """The problems of a pydantic ``ValidationError``, worded for people who keep the sheets."""
    from pydantic import ValidationError

    assert isinstance(exc, ValidationError)
    problems: list[RawProblem] = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        if loc and loc[-1] == "[key]":  # pydantic's marker for a bad dict key: the key is the place
            loc = loc[:-1]
        msg = err["msg"]
        if err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] != "value_error" and "input" in err and not isinstance(err["input"], dict | list):
            msg += f" (got {_short_repr(err['input'])})"
        problems.append((loc, msg))
    return problems


def _short_repr(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
