"""One module per rule family of DOMAIN.md section 3. Each ``add(ctx)`` is independent of the others
and of call order; eligibility (rule 1) is enforced by creating variables for eligible pairs only."""

from __future__ import annotations

from collections.abc import Callable

from ..variables import ModelContext
from . import group_cap, initiative, load, money, overlap, pair, pinned, seats

FAMILIES: dict[str, Callable[[ModelContext], None]] = {
    "seats": seats.add,
    "pair": pair.add,
    "overlap": overlap.add,
    "load": load.add,
    "group_cap": group_cap.add,
    "money": money.add,
    "initiative": initiative.add,
    "pinned": pinned.add,
}


def add_all(ctx: ModelContext) -> None:
    for add in FAMILIES.values():
        add(ctx)


__all__ = ["FAMILIES", "add_all"]
