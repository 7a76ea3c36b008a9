"""Each rule family of DOMAIN.md section 3, alone: one plan it must forbid, one it must allow."""

from __future__ import annotations

from tests.solver_helpers import family_allows, mission, year

A = [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}]


def test_seats_forbids_partial_staffing_and_allows_min_to_max() -> None:
    inst = year(A, [mission("M1", 1, seats_min=2, seats_max=2)])
    assert not family_allows(inst, "seats", {"M1": ["A1"]})
    assert not family_allows(inst, "seats", {"M1": ["A1", "A2", "A3"]})
    assert family_allows(inst, "seats", {"M1": ["A1", "A2"]})
    assert family_allows(inst, "seats", {})


def test_seats_ties_people_to_coverage() -> None:
    inst = year(A, [mission("M1", 1)])
    assert family_allows(inst, "seats", {"M1": ["A1"]})


def test_pair_needs_exactly_one_eligible_staff_member() -> None:
    staff = [{"id": "S1", "service": "strategy"}, {"id": "S2", "service": "communication"}]
    inst = year(A, [mission("M1", 1, needs_staff_pair=True, staff_services=["communication"])], staff)
    assert not family_allows(inst, "pair", {"M1": ["A1"]})  # no staff
    assert not family_allows(inst, "pair", {"M1": ["A1"]}, {"M1": "S1"})  # wrong service: no variable
    assert family_allows(inst, "pair", {"M1": ["A1"]}, {"M1": "S2"})


def test_pair_forbids_staff_on_uncovered_mission() -> None:
    inst = year(A, [mission("M1", 1, needs_staff_pair=True)], [{"id": "S1"}])
    assert not family_allows(inst, "pair", {}, {"M1": "S1"})
    assert family_allows(inst, "pair", {})


def test_overlap_forbids_missions_within_the_travel_buffer() -> None:
    # M2 starts 60 min after M1 ends, in another region (buffer 90): conflict; M3 is 120 min after.
    missions = [mission("M1", 1, "10:00", "12:00"), mission("M2", 1, "13:00", "14:00", region="VL"),
                mission("M3", 1, "14:00", "15:00", region="VL")]
    inst = year(A, missions)
    assert not family_allows(inst, "overlap", {"M1": ["A1"], "M2": ["A1"]})
    assert family_allows(inst, "overlap", {"M1": ["A1"], "M3": ["A1"]})
    assert family_allows(inst, "overlap", {"M1": ["A1"], "M2": ["A2"]})


def test_overlap_uses_same_region_buffer_and_applies_to_staff() -> None:
    missions = [mission("M1", 1, "10:00", "12:00", needs_staff_pair=True),
                mission("M2", 1, "12:20", "13:00", needs_staff_pair=True),
                mission("M3", 1, "12:30", "13:00", needs_staff_pair=True)]
    inst = year(A, missions, [{"id": "S1"}, {"id": "S2"}])
    assert not family_allows(inst, "overlap", {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1", "M2": "S1"})
    assert family_allows(inst, "overlap", {"M1": ["A1"], "M3": ["A1"]}, {"M1": "S1", "M3": "S1"})


def test_load_caps_missions_hours_and_months() -> None:
    missions = [mission(f"M{d}", d) for d in (1, 3, 5)]
    inst = year([{"id": "A1", "max_missions": 2}, {"id": "A2", "max_hours": 4.5},
                 {"id": "A3", "max_per_month": 1}], missions)
    assert not family_allows(inst, "load", {"M1": ["A1"], "M3": ["A1"], "M5": ["A1"]})
    assert family_allows(inst, "load", {"M1": ["A1"], "M3": ["A1"]})
    assert not family_allows(inst, "load", {"M1": ["A2"], "M3": ["A2"], "M5": ["A2"]})  # 6 h > 4.5
    assert family_allows(inst, "load", {"M1": ["A2"], "M3": ["A2"]})
    assert not family_allows(inst, "load", {"M1": ["A3"], "M3": ["A3"]})  # two in March
    assert family_allows(inst, "load", {"M1": ["A3"]})


def test_load_policy_month_cap_applies_when_own_cap_is_null() -> None:
    inst = year([{"id": "A1"}], [mission("M1", 1), mission("M2", 3)], policy={"max_per_month": 1})
    assert not family_allows(inst, "load", {"M1": ["A1"], "M2": ["A1"]})
    assert family_allows(inst, "load", {"M1": ["A1"]})


def test_load_caps_staff_missions() -> None:
    missions = [mission("M1", 1, needs_staff_pair=True), mission("M2", 3, needs_staff_pair=True)]
    inst = year(A, missions, [{"id": "S1", "max_missions": 1}])
    assert not family_allows(inst, "load", {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1", "M2": "S1"})
    assert family_allows(inst, "load", {"M1": ["A1"], "M2": ["A2"]}, {"M1": "S1"})


def test_group_cap_counts_distinct_active_ambassadors() -> None:
    inst = year(A, [mission("M1", 1), mission("M2", 3)], policy={"group_cap": 1})
    assert not family_allows(inst, "group_cap", {"M1": ["A1"], "M2": ["A2"]})
    assert family_allows(inst, "group_cap", {"M1": ["A1"], "M2": ["A1"]})


def test_money_remuneration_cap_and_budgets() -> None:
    paid = {"preparation_hours": 1.0}  # 3 h × 40 EUR = 120 EUR
    missions = [mission("M1", 1, **paid), mission("M2", 3, **paid), mission("M3", 5)]
    inst = year(A, missions, policy={"compensation": {"max_remuneration_per_ambassador": 200}})
    assert not family_allows(inst, "money", {"M1": ["A1"], "M2": ["A1"]})
    assert family_allows(inst, "money", {"M1": ["A1"], "M2": ["A2"]})
    # expenses: 10 EUR same region; annual budget 139.99 < 120 + 10 + 10
    inst = year(A, missions, policy={"budget": {"annual": 139.99}})
    assert not family_allows(inst, "money", {"M1": ["A1"], "M3": ["A2"], "M2": ["A3"]})
    assert family_allows(inst, "money", {"M1": ["A1"]})
    # quarterly: Q1 holds all three missions (March)
    inst = year(A, missions, policy={"budget": {"quarterly": [20, 1000, 1000, 1000]}})
    assert not family_allows(inst, "money", {"M1": ["A1"]})
    assert family_allows(inst, "money", {"M3": ["A1"]})


def test_money_expense_uses_travel_table_and_fixed_expenses() -> None:
    missions = [mission("M1", 1, region="WAL"), mission("M2", 3, expenses_eur=0.0, region="WAL")]
    inst = year(A, missions, policy={"budget": {"annual": 30}})
    assert not family_allows(inst, "money", {"M1": ["A1"]})  # 35 EUR other region
    assert family_allows(inst, "money", {"M2": ["A1"]})


def test_initiative_needs_approval_and_its_proposer() -> None:
    missions = [mission("M1", 1, origin="ambassador_initiative", proposed_by="A1"),
                mission("M2", 3, origin="ambassador_initiative", proposed_by="A1", approved=False)]
    inst = year(A, missions)
    assert not family_allows(inst, "initiative", {"M1": ["A2"]})
    assert family_allows(inst, "initiative", {"M1": ["A1"]})
    assert not family_allows(inst, "initiative", {"M2": ["A1"]})
    assert family_allows(inst, "initiative", {})


def test_pinned_people_must_be_assigned() -> None:
    missions = [mission("M1", 1, seats_max=2, pinned_ambassadors=["A2"], needs_staff_pair=True,
                        pinned_staff="S2")]
    inst = year(A, missions, [{"id": "S1"}, {"id": "S2"}])
    assert not family_allows(inst, "pinned", {"M1": ["A1"]}, {"M1": "S2"})
    assert not family_allows(inst, "pinned", {"M1": ["A2"]}, {"M1": "S1"})
    assert family_allows(inst, "pinned", {"M1": ["A2", "A1"]}, {"M1": "S2"})


def test_eligibility_creates_no_variable_for_ineligible_pairs() -> None:
    people = [{"id": "A1", "languages": ["nl"]}, {"id": "A2", "competences": ["booth"]},
              {"id": "A3", "charter_signed": False}, {"id": "A4", "trainings": []},
              {"id": "A5", "unavailable": [{"start": "2027-03-01", "end": "2027-03-01"}]},
              {"id": "A6", "available_weekdays": [0, 1, 2]}, {"id": "A7"}]
    # 2027-03-01 is a Monday; talk needs 'initial' (policy) — A4 lacks it
    inst = year(people, [mission("M1", 1)], policy={"training_requirements": {"talk": ["initial"]}})
    for a in ("A1", "A2", "A3", "A4", "A5"):
        assert not family_allows(inst, "seats", {"M1": [a]}), a
    assert family_allows(inst, "seats", {"M1": ["A6"]})
    assert family_allows(inst, "seats", {"M1": ["A7"]})
    inst = year(people, [mission("M1", 4)])  # Thursday: A6 not available
    assert not family_allows(inst, "seats", {"M1": ["A6"]})
