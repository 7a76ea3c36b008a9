"""The one exception type for bad input, carrying every problem found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Loc = tuple[str | int, ...]


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
    def from_pydantic(cls, exc: object, prefix: Loc = (), source: str | None = None) -> InputError:
        from pydantic import ValidationError

        assert isinstance(exc, ValidationError)
        problems = []
        for err in exc.errors(include_url=False):
            loc = prefix + tuple(err["loc"])
            msg = err["msg"]
            if err["type"] == "value_error":
                msg = msg.removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling)"
            elif err["type"] != "missing" and "input" in err and not isinstance(err["input"], dict | list):
                shown = repr(err["input"])
                msg += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
            problems.append((format_loc(loc), msg))
        return cls(problems, source=source)
