"""Edits of a raw (JSON-decoded) year, for tests that break one field on purpose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Raw = dict[str, Any]


def setter(path: str, value: Any) -> Callable[[Raw], None]:
    """``setter("missions.0.end", "...")``: a mutation of the raw year."""

    def mutate(raw: Raw) -> None:
        *head, last = path.split(".")
        node: Any = raw
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate
