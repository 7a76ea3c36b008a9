from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from _tiny_plans import instance_of, mission_raw, person_raw, plan_dict, plan_of, valid_table

from ambassade_opt.explain import EligibilityIndex, explain_unassigned
from ambassade_opt.model import Ambassador, Instance, Mission, Staff
from ambassade_opt.plan import Assignment
from ambassade_opt.rules.eligibility import is_eligible
from tests.rules.test_agreement import _greedy_assignments


def _reasons(raw: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, str]:
    table = valid_table()
    for mission in drop:
        table.pop(mission)
    return explain_unassigned(instance_of(raw), plan_of(plan_dict(table)))


def test_reasons_of_the_valid_plan(tiny: Instance) -> None:
    reasons = explain_unassigned(tiny, plan_of(plan_dict()))
    assert reasons == {
        "M08": "needs a staff pair from strategy or direction, none available (none speaks en)",
        "M11": "unapproved initiative (proposed by A02)",
        # A02 already has two March missions; A04 works M02 until 17:00, M12 starts at 16:00.
        "M12": "all 2 eligible ambassadors are busy: "
        "1 at their monthly maximum, 1 already on overlapping missions",
    }


def test_accepts_a_mapping_of_assignments(tiny: Instance) -> None:
    plan = plan_of(plan_dict())
    assert explain_unassigned(tiny, plan.assignment_of()) == explain_unassigned(tiny, plan)


def test_eligibility_filters_in_order(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M05")["language"] = "de"
    mission_raw(tiny_raw, "M09")["intervention"] = "workshop"
    mission_raw(tiny_raw, "M09")["requires_training"] = []
    person_raw(tiny_raw, "A02")["charter_signed"] = False  # M03 then only has A06, who never signed
    mission_raw(tiny_raw, "M04")["requires_training"] = ["lobbying"]
    person_raw(tiny_raw, "A07")["available_weekdays"] = [0, 1]  # M07 is on a Saturday, A02 signed no charter
    reasons = _reasons(tiny_raw, drop=("M05", "M09", "M03", "M04", "M07"))
    assert reasons["M05"] == "nobody eligible speaks de"
    assert reasons["M09"] == "nobody eligible: 6 speak fr but none is competent for workshop"
    assert reasons["M03"] == (
        "nobody eligible: 2 speak fr and are competent for one_to_one but none has signed the charter"
    )
    assert reasons["M04"] == (
        "nobody eligible: 2 speak fr, are competent for institutional and signed the charter "
        "but none has the training lobbying"
    )
    assert reasons["M07"] == (
        "nobody eligible: 1 speaks fr, is competent for booth and trained but none is available "
        "on 2027-07-17 (Saturday)"
    )


def test_declines_are_the_last_filter(tiny_raw: dict[str, Any]) -> None:
    # M09 (media in French): A03 and A08 could take it; both said no.
    person_raw(tiny_raw, "A03")["interests"] = {"M09": -2}
    person_raw(tiny_raw, "A08")["interests"] = {"M09": -2}
    assert _reasons(tiny_raw, drop=("M09",))["M09"] == (
        "nobody eligible: 2 ambassadors could take it but they declined it (interest -2)")
    # Only A03 declines: A08 is left, one of the two seats a two-person M09 would need.
    person_raw(tiny_raw, "A08")["interests"] = {}
    mission_raw(tiny_raw, "M09").update(seats_min=2, seats_max=2)
    assert _reasons(tiny_raw, drop=("M09",))["M09"] == (
        "too few eligible: only 1 ambassador can take it, it needs 2")


def test_too_few_eligible(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A04")["unavailable"] = [{"start": "2027-03-06", "end": "2027-03-06"}]
    assert (
        _reasons(tiny_raw, drop=("M02",))["M02"]
        == "too few eligible: only 1 ambassador can take it, it needs 2"
    )


def test_proposer_comes_first(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A04")["unavailable"] = [{"start": "2027-11-20", "end": "2027-11-20"}]
    assert (
        _reasons(tiny_raw, drop=("M10",))["M10"]
        == "proposer A04 cannot take it (is unavailable on 2027-11-20)"
    )


def test_proposer_busy(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A04")["max_missions"] = 1  # M02 already uses it
    assert _reasons(tiny_raw, drop=("M10",))["M10"] == "proposer A04 cannot take it (at the yearly maximum)"


def test_pinned_ambassador_cannot(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M05")["pinned_ambassadors"] = ["A02"]
    assert (
        _reasons(tiny_raw, drop=("M05",))["M05"]
        == "pinned ambassador A02 cannot take it (is not competent for talk)"
    )


def test_all_at_yearly_maximum(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "A01")["max_missions"] = 0
    person_raw(tiny_raw, "A04")["max_missions"] = 2
    person_raw(tiny_raw, "A08")["max_hours"] = 12.5  # 12 h used; M05 takes 2 + 2
    assert _reasons(tiny_raw, drop=("M05",))["M05"] == "all eligible ambassadors are at their yearly maximum"


def test_all_on_overlapping_missions(tiny_raw: dict[str, Any]) -> None:
    # M12 moved onto M02's hours: its two eligible people are both on M02.
    mission_raw(tiny_raw, "M12")["start"] = "2027-03-06T11:00"
    person_raw(tiny_raw, "A02")["max_per_month"] = 5
    assert _reasons(tiny_raw)["M12"] == "all eligible ambassadors are already on overlapping missions"


def test_remuneration_cap(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["compensation"]["max_remuneration_per_ambassador"] = 300.0
    table = valid_table()
    table["M01"] = (["A05"], "S01")  # 220 EUR for A05, so the 260 EUR of M04 is too much for A05 and A08
    table.pop("M04")
    table["M08"] = (["A08"], None)  # not a valid plan (no staff), but A08 earns 320 EUR
    reasons = explain_unassigned(instance_of(tiny_raw), plan_of(plan_dict(table)))
    assert reasons["M04"] == "all eligible ambassadors are at their remuneration cap"


def test_a_mission_paying_more_than_the_cap_alone_says_so(tiny_raw: dict[str, Any]) -> None:
    """Drift fixed: M01 pays 220 EUR; with a 200 EUR cap nobody can take it, whatever they earned."""
    tiny_raw["policy"]["compensation"]["max_remuneration_per_ambassador"] = 200.0
    table = valid_table()
    table.pop("M01")
    reasons = explain_unassigned(instance_of(tiny_raw), plan_of(plan_dict(table)))
    assert reasons["M01"] == ("it pays 220.00 EUR per ambassador, more than the remuneration cap of "
                              "200.00 EUR on its own")


def test_group_cap(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["group_cap"] = 5  # without M05, 5 are active; only the inactive A01 is free
    person_raw(tiny_raw, "A04")["max_missions"] = 2
    person_raw(tiny_raw, "A08")["max_missions"] = 2
    reason = _reasons(tiny_raw, drop=("M05",))["M05"]
    assert reason.startswith("group cap reached: 5 active ambassadors of 5")


def test_staff_at_maximum(tiny_raw: dict[str, Any]) -> None:
    person_raw(tiny_raw, "S01")["max_missions"] = 1
    assert (
        _reasons(tiny_raw, drop=("M06",))["M06"]
        == "needs a staff pair from communication: all are at their maximum"
    )


@pytest.mark.parametrize(
    ("budget", "words"),
    [
        ({"annual": 1000.0}, "annual budget exhausted (35.00 EUR left, covering it costs at least 170.00)"),
        ({"annual": None, "quarterly": [1000.0, 400.0, 1000.0, 1000.0]}, "Q2 budget exhausted"),
        ({"annual": None}, "not covered: the seats were worth more elsewhere (priority 2)"),
    ],
)
def test_budget_and_fallback(tiny_raw: dict[str, Any], budget: dict[str, Any], words: str) -> None:
    tiny_raw["policy"]["budget"] = budget  # without M05 the plan spends 965 EUR, 330 of them in Q2
    assert _reasons(tiny_raw, drop=("M05",))["M05"].startswith(words)


def test_index_agrees_with_the_scalar_rule(tiny: Instance) -> None:
    index = EligibilityIndex(tiny)
    for m in tiny.missions:
        expected = [is_eligible(tiny, a, m) for a in tiny.ambassadors]
        assert index.eligible(m).tolist() == expected


def _big_year(n_people: int, n_missions: int, seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    regions, langs = ["BXL", "VL", "WAL"], ["fr", "nl", "en", "de"]
    kinds = ["informal", "talk", "debate", "media", "booth", "one_to_one", "institutional", "workshop"]
    people = [
        Ambassador(
            id=f"A{i:04d}",
            name="x",
            home_region=str(rng.choice(regions)),
            languages=[str(x) for x in rng.choice(langs, 2, replace=False)],
            competences=[str(x) for x in rng.choice(kinds, 3, replace=False)],  # type: ignore[misc]
            max_missions=int(rng.integers(2, 9)),
            max_hours=float(rng.integers(10, 50)),
            charter_signed=bool(rng.random() < 0.9),
            trainings=["initial"],
        )
        for i in range(n_people)
    ]
    staff = [
        Staff(
            id=f"S{i}",
            name="s",
            service="communication",
            region="BXL",
            languages=["fr", "nl", "en"],
            max_missions=30,
        )
        for i in range(10)
    ]
    missions = []
    for j in range(n_missions):
        start = datetime(2027, 1, 1, 8) + timedelta(
            days=int(rng.integers(0, 364)), hours=int(rng.integers(0, 10))
        )
        missions.append(
            Mission(
                id=f"M{j:05d}",
                title="t",
                start=start,
                end=start + timedelta(hours=int(rng.integers(1, 9))),
                region=str(rng.choice(regions)),
                level="local",
                axis="inform",
                intervention=str(rng.choice(kinds)),  # type: ignore[arg-type]
                audience="students",
                venue="online",
                language=str(rng.choice(langs[:3])),
                seats_min=1,
                seats_max=2,
                needs_staff_pair=bool(rng.random() < 0.2),
                priority=int(rng.integers(1, 6)),
            )
        )
    return Instance(
        format_version=1, name="big", year=2027, ambassadors=people, staff=staff, missions=missions
    )


def test_every_uncovered_mission_of_a_medium_year_gets_a_reason() -> None:
    inst = _big_year(250, 1200, seed=3)
    # Half the missions given to their first eligible person: a busy plan to explain the rest against.
    index = EligibilityIndex(inst)
    plan: dict[str, Assignment] = {}
    for m in inst.missions[::2]:
        eligible = np.flatnonzero(index.eligible(m))
        if eligible.size:
            plan[m.id] = Assignment(
                mission=m.id,
                ambassadors=[inst.ambassadors[int(eligible[0])].id],
                staff="S0" if m.needs_staff_pair else None,
            )
    reasons = explain_unassigned(inst, plan)
    assert set(reasons) == {m.id for m in inst.missions} - set(plan)
    assert all(reasons.values())


def test_pinned_staff_busy(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M06")["pinned_staff"] = "S01"
    person_raw(tiny_raw, "S01")["max_missions"] = 1  # M01 already uses it
    assert _reasons(tiny_raw, drop=("M06",))["M06"] == "pinned staff S01 cannot take it (at the maximum)"


def test_pinned_staff_cannot(tiny_raw: dict[str, Any]) -> None:
    mission_raw(tiny_raw, "M08")["pinned_staff"] = "S03"
    assert _reasons(tiny_raw)["M08"] == "pinned staff S03 cannot take it (does not speak en)"


def test_suggested_cover_on_the_tiny_year(tiny: Instance) -> None:
    from ambassade_opt.explain import suggest_cover
    from ambassade_opt.scoring import validate

    table = valid_table()
    table.pop("M05")
    plan = plan_of(plan_dict(table))
    cover = suggest_cover(tiny, plan, "M05")
    # A01 and A04 live in VL (10 EUR, not 25 from BXL); at equal cost the already active A04 is preferred.
    assert cover is not None and cover.ambassadors == ["A04"]
    assert suggest_cover(tiny, plan, "M11") is None  # unapproved
    table["M05"] = (cover.ambassadors, cover.staff)
    assert validate(tiny, plan_of(plan_dict(table))) == []


def test_reasons_agree_with_the_validator() -> None:
    """ "Worth more elsewhere" means a cover keeps the plan valid; "all busy" means none does."""
    from ambassade_opt.explain import suggest_cover
    from ambassade_opt.scoring import validate
    from ambassade_opt.synthetic import generate

    checked = {"fallback": 0, "busy": 0}
    for seed in (0, 1, 2):
        inst = generate("S", seed=seed)
        greedy = _greedy_assignments(inst, seed)
        keep = len(greedy)
        while keep and validate(inst, greedy[:keep]):
            keep -= 1
        plan = {a.mission: a for a in greedy[:keep]}
        assert validate(inst, plan) == []
        reasons = explain_unassigned(inst, plan)
        index = EligibilityIndex(inst)
        for mission_id, reason in reasons.items():
            mission = inst.mission(mission_id)
            if reason.startswith("not covered"):
                cover = suggest_cover(inst, plan, mission_id, index=index)
                assert cover is not None
                assert validate(inst, {**plan, mission_id: cover}) == [], mission_id
                checked["fallback"] += 1
            elif reason.startswith("all eligible ambassadors are"):
                assert suggest_cover(inst, plan, mission_id, index=index) is None
                if mission.seats_min != 1:
                    continue
                staff = inst.staff[0].id if mission.needs_staff_pair else None
                for i in np.flatnonzero(index.eligible(mission)).tolist():
                    attempt = Assignment(mission=mission_id, ambassadors=[index.ids[i]], staff=staff)
                    people = {v.person for v in validate(inst, {**plan, mission_id: attempt})}
                    assert index.ids[i] in people, mission_id
                checked["busy"] += 1
    # The synthetic years must exercise both claims, or this test proves nothing.
    assert checked["fallback"] >= 3 and checked["busy"] >= 3, checked
