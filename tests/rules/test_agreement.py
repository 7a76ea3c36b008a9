"""Our validator and the independent conformance checker must agree on every verdict."""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _tiny_plans import ALL_MISSIONS, instance_of, plan_dict, valid_table
from conftest import run_checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassade_opt.explain import EligibilityIndex
from ambassade_opt.model import Instance, Mission
from ambassade_opt.plan import Assignment, Plan, Unassigned
from ambassade_opt.rules.overlap import conflicts
from ambassade_opt.rules.pair import staff_problems
from ambassade_opt.scoring import Kpis, kpis, validate
from ambassade_opt.synthetic import generate

AMBASSADORS = [*(f"A{i:02d}" for i in range(1, 9)), "A99"]  # A99: an unknown id
STAFF = ["S01", "S02", "S03", "S99"]


def _verdicts(raw: dict[str, Any], plan: dict[str, Any]) -> tuple[bool, bool, dict[str, Any], Kpis]:
    with tempfile.TemporaryDirectory() as tmp:
        inst_path, plan_path = Path(tmp) / "year.json", Path(tmp) / "plan.json"
        inst_path.write_text(json.dumps(raw), encoding="utf-8")
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        figures = run_checker(inst_path, plan_path)
    inst = instance_of(raw)
    ours = Plan.model_validate(plan)
    return validate(inst, ours) == [], figures["exit_code"] == 0, figures, kpis(inst, ours)


CORRUPTIONS: dict[str, Any] = {
    "valid": lambda t: None,
    "wrong language": lambda t: t.__setitem__("M03", (["A04"], None)),
    "too few seats": lambda t: t.__setitem__("M02", (["A02"], None)),
    "no staff": lambda t: t.__setitem__("M01", (["A08"], None)),
    "overlap": lambda t: t.__setitem__("M12", (["A02"], None)),
    "unapproved": lambda t: t.__setitem__("M11", (["A02"], None)),
    "proposer missing": lambda t: t.__setitem__("M10", (["A01"], None)),
    "group cap": lambda t: t.__setitem__("M05", (["A05"], None)),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_hand_corruptions_agree(tiny_raw: dict[str, Any], name: str) -> None:
    table = valid_table()
    CORRUPTIONS[name](table)
    ours, theirs, _, _ = _verdicts(tiny_raw, plan_dict(table))
    assert ours is theirs
    assert ours is (name == "valid")


@pytest.mark.parametrize(("person", "mission", "valid"), [
    ("A07", "M07", False),  # A07 is on M07 and declined it
    ("A07", "M12", True),  # a decline of a mission one is not on breaks nothing
])
def test_declines_agree(tiny_raw: dict[str, Any], person: str, mission: str, valid: bool) -> None:
    next(a for a in tiny_raw["ambassadors"] if a["id"] == person)["interests"][mission] = -2
    ours, theirs, figures, _ = _verdicts(tiny_raw, plan_dict())
    assert (ours, theirs) == (valid, valid), figures["violation_lines"]
    if not valid:
        assert figures["violation_lines"] == [f"VIOLATION {mission}: ambassador {person} declined this "
                                              "mission (interest -2)"]


def test_figures_agree_on_the_valid_plan(tiny_raw: dict[str, Any]) -> None:
    _, _, figures, ours = _verdicts(tiny_raw, plan_dict())
    for key in (
        "missions",
        "covered",
        "coverage_value",
        "coverage_value_max",
        "rotation_penalty",
        "match_total",
        "spend",
        "active_ambassadors",
        "max_load",
        "gini_active_load",
        "covered_by_axis",
    ):
        expected = figures[key]
        got = getattr(ours, key)
        if key == "covered_by_axis":
            got = {k: v for k, v in got.items() if v}
        assert got == expected, key


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    table = valid_table()
    # Dropping a mission keeps a plan valid; the other moves usually break it: a mix of both verdicts.
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "drop", "drop", "add", "remove", "staff", "cover", "swap"]))
        mission = draw(st.sampled_from(ALL_MISSIONS))
        people, staff = table.get(mission, ([], None))
        if op == "add":
            people = [*people, draw(st.sampled_from(AMBASSADORS))]
        elif op == "remove" and people:
            people = people[:-1]
        elif op == "staff":
            staff = draw(st.sampled_from([None, *STAFF]))
        elif op == "swap" and people:
            people = [draw(st.sampled_from(AMBASSADORS)), *people[1:]]
        if op == "drop":
            table.pop(mission, None)
        elif op == "cover" and mission not in table:
            table[mission] = ([draw(st.sampled_from(AMBASSADORS))], draw(st.sampled_from([None, *STAFF])))
        elif mission in table or op in ("add", "staff"):
            table[mission] = (list(dict.fromkeys(people)), staff)
    policy: dict[str, Any] = {
        "group_cap": draw(st.sampled_from([6, 6, None, 5, 7])),
        "max_per_month": draw(st.sampled_from([2, 2, None, 1])),
        "budget": {
            "annual": draw(st.sampled_from([1800.0, 1800.0, None, 1000.0, 1135.0])),
            "quarterly": draw(
                st.sampled_from([None, None, [275.0, 500.0, 10.0, 350.0], [300.0, 400.0, 100.0, 400.0]])
            ),
        },
        # Sometimes a pin (valid or not) and an initiative's approval flipped.
        "pin": draw(
            st.sampled_from(
                [None, None, None, ("M05", "A01"), ("M05", "A04"), ("M12", "A04"), ("M02", "A02")]
            )
        ),
        "pin_staff": draw(
            st.sampled_from([None, None, None, ("M01", "S01"), ("M01", "S03"), ("M06", "S01")])
        ),
        "flip_approval": draw(st.sampled_from([None, None, "M10", "M11"])),
        # Sometimes a decline (rule 1) of a mission the person is, or is not, planned on.
        "decline": draw(st.sampled_from([None, None, ("A07", "M07"), ("A03", "M09"), ("A02", "M12")])),
    }
    return policy, table


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=perturbed())
def test_random_perturbations_agree(
    tiny_raw: dict[str, Any], case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    policy, table = case
    raw = json.loads(json.dumps(tiny_raw))
    raw["policy"]["group_cap"] = policy["group_cap"]
    raw["policy"]["max_per_month"] = policy["max_per_month"]
    raw["policy"]["budget"] = policy["budget"]
    missions = {m["id"]: m for m in raw["missions"]}
    if policy["pin"] is not None:
        missions[policy["pin"][0]]["pinned_ambassadors"] = [policy["pin"][1]]
    if policy["pin_staff"] is not None:
        missions[policy["pin_staff"][0]]["pinned_staff"] = policy["pin_staff"][1]
    if policy["flip_approval"] is not None:
        missions[policy["flip_approval"]]["approved"] = not missions[policy["flip_approval"]]["approved"]
    if policy["decline"] is not None:
        person, mission = policy["decline"]
        next(a for a in raw["ambassadors"] if a["id"] == person)["interests"][mission] = -2
    ours, theirs, figures, _ = _verdicts(raw, plan_dict(table))
    assert ours is theirs, figures


# --- synthetic years ---------------------------------------------------------------------------


def _greedy_assignments(inst: Instance, seed: int) -> list[Assignment]:
    """A quick plan keeping rules 1-5, 8 and 9 (money and group cap are left to chance)."""
    rng = np.random.default_rng(seed)
    index = EligibilityIndex(inst)
    travel = inst.policy.travel
    busy: dict[str, list[Mission]] = defaultdict(list)
    month: Counter[tuple[str, int]] = Counter()
    hours: Counter[str] = Counter()
    out: list[Assignment] = []
    people = {a.id: a for a in inst.ambassadors}

    def free(pid: str, m: Mission, limit: int, cap: int | None, max_hours: float | None) -> bool:
        if len(busy[pid]) >= limit or (cap is not None and month[(pid, m.start.month)] >= cap):
            return False
        if max_hours is not None and hours[pid] + m.workload_hours > max_hours:
            return False
        return not any(conflicts(m, other, travel) for other in busy[pid])

    for k in rng.permutation(len(inst.missions)).tolist():
        m = inst.missions[k]
        if m.origin == "ambassador_initiative" and not m.approved:
            continue
        eligible = [index.ids[i] for i in rng.permutation(np.flatnonzero(index.eligible(m))).tolist()]
        first = [*([m.proposed_by] if m.proposed_by else []), *m.pinned_ambassadors]
        chosen: list[str] = []
        for pid in [*dict.fromkeys(first), *eligible]:
            a = people[pid]
            if (
                pid not in chosen
                and len(chosen) < m.seats_min
                and pid in eligible
                and free(pid, m, a.max_missions, inst.policy.month_cap(a), a.max_hours)
            ):
                chosen.append(pid)
        if len(chosen) < m.seats_min or not set(first) <= set(chosen):
            continue
        staff = None
        if m.needs_staff_pair:
            options = [
                s
                for s in inst.staff
                if not staff_problems(s, m) and free(s.id, m, s.max_missions, None, None)
            ]
            options = [s for s in options if m.pinned_staff in (None, s.id)]
            if not options:
                continue
            staff = options[0].id
            busy[staff].append(m)
        for pid in chosen:
            busy[pid].append(m)
            month[(pid, m.start.month)] += 1
            hours[pid] += m.workload_hours
        out.append(Assignment(mission=m.id, ambassadors=chosen, staff=staff))
    return out


@pytest.fixture(scope="module")
def synthetic_year() -> tuple[Instance, list[Assignment]]:
    inst = generate("S", seed=5)
    return inst, _greedy_assignments(inst, seed=5)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    keep=st.floats(0.1, 1.0),
    op=st.sampled_from(["none", "none", "add", "swap", "staff"]),
    pick=st.integers(0, 10**6),
)
def test_synthetic_plans_agree(
    synthetic_year: tuple[Instance, list[Assignment]], keep: float, op: str, pick: int
) -> None:
    inst, greedy = synthetic_year
    kept = [a.model_copy(deep=True) for a in greedy[: max(1, int(keep * len(greedy)))]]
    target = kept[pick % len(kept)]
    other = inst.ambassadors[pick % len(inst.ambassadors)].id
    if op == "add" and other not in target.ambassadors:
        target.ambassadors.append(other)
    elif op == "swap":
        target.ambassadors[0] = other
    elif op == "staff":
        target.staff = inst.staff[pick % len(inst.staff)].id if target.staff is None else None
    covered = {a.mission for a in kept}
    plan = Plan(
        status="feasible",
        assignments=kept,
        unassigned=[Unassigned(mission=m.id, reason="test") for m in inst.missions if m.id not in covered],
    )
    with tempfile.TemporaryDirectory() as tmp:
        inst_path, plan_path = Path(tmp) / "year.json", Path(tmp) / "plan.json"
        inst.save(inst_path)
        plan.save(plan_path)
        figures = run_checker(inst_path, plan_path)
    ours = validate(inst, plan)
    assert (ours == []) is (figures["exit_code"] == 0), (figures["violation_lines"], ours)
    mine = kpis(inst, plan)
    for key in (
        "covered",
        "coverage_value",
        "rotation_penalty",
        "match_total",
        "active_ambassadors",
        "max_load",
    ):
        assert getattr(mine, key) == figures[key], key
    assert mine.spend == pytest.approx(figures["spend"], abs=0.01)
    assert mine.gini_active_load == pytest.approx(figures["gini_active_load"], abs=1e-4)


@st.composite
def shifted_year(draw: st.DrawFn) -> dict[str, Any]:
    """The tiny year with missions moved and people away: time-of-day and buffer edge cases."""
    raw = json.loads(TINY_TEXT)
    missions = {m["id"]: m for m in raw["missions"]}
    for _ in range(draw(st.integers(1, 4))):
        # Missions sharing a person in the valid plan (A02, A08, A03, A04, S01): moving one next to
        # the other's end is where travel buffers bite; midnight is where dates change.
        moved, anchor = draw(st.sampled_from(SHARED_PERSON))
        mission = missions[moved]
        base = (
            datetime.fromisoformat(missions[anchor]["end"]) if draw(st.booleans()) else datetime(2027, 6, 1)
        )
        start = base + timedelta(minutes=draw(st.integers(-180, 180)))
        if start.year != 2027:
            continue
        mission["start"] = start.isoformat()
        mission["end"] = (start + timedelta(minutes=draw(st.integers(15, 16 * 60)))).isoformat()
        mission["region"] = draw(st.sampled_from(["BXL", "VL", "WAL"]))
    for _ in range(draw(st.integers(0, 2))):
        person = draw(st.sampled_from(raw["ambassadors"] + raw["staff"]))
        day = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
        person["unavailable"] = [*person["unavailable"], {"start": day.isoformat(), "end": day.isoformat()}]
    return raw  # type: ignore[no-any-return]


SHARED_PERSON = [
    ("M03", "M02"),
    ("M04", "M01"),
    ("M09", "M06"),
    ("M10", "M02"),
    ("M06", "M01"),
    ("M01", "M06"),
]
TINY_TEXT = (Path(__file__).parent.parent / "data" / "tiny_year.json").read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(raw=shifted_year())
def test_moved_missions_agree(raw: dict[str, Any]) -> None:
    ours, theirs, figures, _ = _verdicts(raw, plan_dict())
    assert ours is theirs, figures["violation_lines"]
