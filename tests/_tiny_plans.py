"""Hand-built plans for tests/data/tiny_year.json, shared by the rule, scoring and report tests.

VALID_ASSIGNMENTS keeps every hard rule (the conformance checker agrees); tests corrupt a copy.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan

VALID_ASSIGNMENTS: dict[str, tuple[list[str], str | None]] = {
    "M01": (["A08"], "S01"),
    "M02": (["A02", "A04"], None),
    "M03": (["A02"], None),
    "M04": (["A08"], "S03"),
    "M05": (["A01"], None),
    "M06": (["A03"], "S01"),
    "M07": (["A07"], None),
    "M09": (["A03"], None),
    "M10": (["A04"], None),
}
ALL_MISSIONS = [f"M{i:02d}" for i in range(1, 13)]


def plan_dict(assignments: dict[str, tuple[list[str], str | None]] | None = None) -> dict[str, Any]:
    """A plan as raw JSON data; missions not in ``assignments`` are unassigned with a reason."""
    table = copy.deepcopy(VALID_ASSIGNMENTS if assignments is None else assignments)
    return {
        "format_version": 1,
        "status": "feasible",
        "assignments": [{"mission": m, "ambassadors": list(a), "staff": s} for m, (a, s) in table.items()],
        "unassigned": [
            {"mission": m, "reason": "left out in a test"} for m in ALL_MISSIONS if m not in table
        ],
    }


def valid_table() -> dict[str, tuple[list[str], str | None]]:
    return copy.deepcopy(VALID_ASSIGNMENTS)


def plan_of(data: dict[str, Any]) -> Plan:
    return Plan.model_validate(data)


def instance_of(raw: dict[str, Any]) -> Instance:
    return Instance.from_json(json.dumps(raw))


def mission_raw(raw: dict[str, Any], mission_id: str) -> dict[str, Any]:
    return next(m for m in raw["missions"] if m["id"] == mission_id)  # type: ignore[no-any-return]


def person_raw(raw: dict[str, Any], person_id: str) -> dict[str, Any]:
    people = raw["ambassadors"] + raw["staff"]
    return next(p for p in people if p["id"] == person_id)  # type: ignore[no-any-return]
