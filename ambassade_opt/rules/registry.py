"""The registry of the hard rules of DOMAIN.md section 3, in the order of the section."""

from __future__ import annotations

from .base import Rule
from .eligibility import RULE as ELIGIBILITY
from .group_cap import RULE as GROUP_CAP
from .initiative import RULE as INITIATIVE
from .load import RULE as LOAD
from .money import RULE as MONEY
from .overlap import RULE as OVERLAP
from .pair import RULE as PAIR
from .pinned import RULE as PINNED
from .seats import RULE as SEATS

RULES: tuple[Rule, ...] = (ELIGIBILITY, SEATS, PAIR, OVERLAP, LOAD, GROUP_CAP, MONEY, INITIATIVE, PINNED)
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def label(name: str) -> str:
    """``overlap (rule 4)`` for a rule's name; other names (``frozen``, ``extra``) as they are."""
    rule = BY_NAME.get(name)
    return name if rule is None else rule.label
