"""The synthetic year generator: determinism, sizes, validity and realism of the years."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest

from ambassade_opt.model import MAX_MISSION_HOURS, Instance, is_available
from ambassade_opt.synthetic import (
    SIZES,
    YearSize,
    belgian_public_holidays,
    eligibility_stats,
    generate,
    resolve_size,
)


@pytest.fixture(scope="module")
def year_s() -> Instance:
    return generate("S", seed=7)


@pytest.fixture(scope="module")
def year_m() -> Instance:
    return generate("M", seed=11)


# -- determinism and sizes ---------------------------------------------------------------------


def test_same_seed_same_bytes_and_other_seed_differs() -> None:
    first = generate("S", seed=42).to_json()
    assert generate("S", seed=42).to_json() == first
    assert generate("S", seed=43).to_json() != first


def test_same_seed_same_bytes_for_a_custom_size() -> None:
    size = YearSize(n_ambassadors=6, n_missions=15)
    assert generate(size, seed=5).to_json() == generate(size, seed=5).to_json()


@pytest.mark.parametrize("label", ["S", "M"])
def test_sizes_are_exactly_as_specified(label: str) -> None:
    inst = generate(label, seed=1)
    spec = SIZES[label]
    assert (len(inst.ambassadors), len(inst.missions)) == {"S": (40, 150), "M": (250, 1200)}[label]
    assert len(inst.staff) == spec.n_staff
    assert len(inst.meetings) == spec.n_meetings


def test_preset_sizes_match_the_specification() -> None:
    wanted = {"S": (40, 150), "M": (250, 1_200), "L": (1_500, 8_000), "XL": (6_000, 40_000)}
    assert {k: (v.n_ambassadors, v.n_missions) for k, v in SIZES.items()} == wanted
    assert set(SIZES["XL"].regions) > {"BXL", "VL", "WAL"}  # a multi-country network
    assert SIZES["XL"].countries[0] == "BE" and len(SIZES["XL"].countries) >= 5
    assert SIZES["M"].countries == ["BE"]


def test_size_names_resolve_case_insensitively_and_unknown_ones_are_refused() -> None:
    assert resolve_size("xl") is SIZES["XL"]
    with pytest.raises(ValueError, match="unknown size"):
        resolve_size("XXL")


def test_generated_year_survives_a_strict_json_round_trip(year_m: Instance) -> None:
    text = year_m.to_json()
    assert Instance.from_json(text).to_json() == text


@pytest.mark.parametrize("seed", range(25))
def test_tiny_random_years_validate(seed: int) -> None:
    n_amb = 1 + seed % 9
    n_mis = 1 + (seed * 7) % 30
    inst = generate(YearSize(n_ambassadors=n_amb, n_missions=n_mis), seed=seed)
    assert (len(inst.ambassadors), len(inst.missions)) == (n_amb, n_mis)
    Instance.from_json(inst.to_json())


def test_unknown_region_in_a_custom_size_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region"):
        YearSize(n_ambassadors=5, n_missions=5, regions=("BXL", "MARS"))


# -- realism -----------------------------------------------------------------------------------


def test_everything_happens_within_the_year_and_lasts_at_most_16_hours(year_m: Instance) -> None:
    for m in year_m.missions:
        assert m.start.year == year_m.year and m.end.year == year_m.year
        assert 1 <= m.hours <= 8 <= MAX_MISSION_HOURS
        assert 0 <= m.preparation_hours <= 6
    assert all(g.start.year == year_m.year for g in year_m.meetings)


def test_no_mission_on_a_belgian_public_holiday(year_m: Instance) -> None:
    holidays = set(belgian_public_holidays(year_m.year))
    belgian = [m for m in year_m.missions if m.region in {"BXL", "VL", "WAL"}]
    on_holiday = [m.id for m in belgian if m.start.date() in holidays]
    assert not on_holiday


def test_belgian_holidays_of_2027() -> None:
    days = belgian_public_holidays(2027)
    assert date(2027, 3, 29) in days  # Easter Monday
    assert date(2027, 5, 6) in days  # Ascension
    assert date(2027, 5, 17) in days  # Whit Monday
    assert date(2027, 7, 21) in days and len(days) == 10


def test_seasons_quiet_summer_and_busy_spring_and_autumn(year_m: Instance) -> None:
    per_month = Counter(m.start.month for m in year_m.missions)
    summer = per_month[7] + per_month[8]
    spring = per_month[3] + per_month[4] + per_month[5]
    autumn = per_month[9] + per_month[10] + per_month[11]
    assert summer * 3 < spring and summer * 3 < autumn
    christmas = [m for m in year_m.missions if (m.start.month, m.start.day) >= (12, 22)]
    assert len(christmas) < per_month[11] / 10


def test_general_assembly_in_june_in_brussels_with_several_seats(year_s: Instance) -> None:
    ga = [m for m in year_s.missions if m.title.startswith("General assembly")]
    assert ga
    assert all(m.start.month == 6 and m.region == "BXL" for m in ga)
    assert max(m.seats_max for m in ga) >= 3 and max(m.seats_min for m in ga) >= 2


@pytest.mark.parametrize("label", ["M", "L"])
def test_one_general_assembly_day_whose_desks_grow_with_the_network(label: str) -> None:
    size = SIZES[label].model_copy(update={"n_missions": 1_200})
    ga = [m for m in generate(size, seed=1).missions if m.title.startswith("General assembly")]
    assert len({m.start.date() for m in ga}) == 1 and 2 <= len(ga) <= 5
    assert max(m.seats_min for m in ga) == min(2 + size.n_ambassadors // 500, 8)


def test_fairs_in_autumn_on_consecutive_days(year_m: Instance) -> None:
    fairs = [m for m in year_m.missions if m.venue == "fair"]
    assert len(fairs) >= 0.05 * len(year_m.missions)
    series: dict[str, list[tuple[int, date]]] = defaultdict(list)
    for m in fairs:
        match = re.fullmatch(r"(.*) \(day (\d+)/(\d+)\)", m.title)
        assert match, m.title
        series[match.group(1)].append((int(match.group(2)), m.start.date()))
        assert 9 <= m.start.month <= 11 and m.intervention == "booth"
    assert any(len(days) >= 2 for days in series.values())
    for days in series.values():
        days.sort()
        assert [k for k, _ in days] == list(range(1, len(days) + 1))
        assert all(b - a == timedelta(days=1) for (_, a), (_, b) in pairwise(days))


def test_about_fifteen_percent_of_people_away_for_weeks_in_summer(year_m: Instance) -> None:
    july, august_end = date(year_m.year, 7, 1), date(year_m.year, 8, 31)

    def away(ranges: list[tuple[date, date]]) -> bool:
        return any(s <= august_end and e >= july for s, e in ranges)

    def long_away(ranges: list[tuple[date, date]]) -> bool:
        return any(s <= august_end and e >= july and (e - s).days >= 6 for s, e in ranges)

    people = [*year_m.ambassadors, *year_m.staff]
    ranges = [[(r.start, r.end) for r in p.unavailable] for p in people]
    assert 0.13 <= sum(map(away, ranges)) / len(people) <= 0.17
    assert sum(map(long_away, ranges)) == sum(map(away, ranges))  # weeks, not days
    amb_ranges = [[(r.start, r.end) for r in a.unavailable] for a in year_m.ambassadors]
    assert 0.14 <= sum(map(away, amb_ranges)) / len(amb_ranges) <= 0.16
    assert any(a.unavailable and not away(r) for a, r in zip(year_m.ambassadors, amb_ranges, strict=True))
    assert any(a.available_weekdays is not None for a in year_m.ambassadors)


def test_regions_speak_their_languages(year_m: Instance) -> None:
    by_region: dict[str, Counter[str]] = defaultdict(Counter)
    for m in year_m.missions:
        if m.level != "european":
            by_region[m.region][m.language] += 1
    assert set(by_region) == {"BXL", "VL", "WAL"}
    assert by_region["VL"].most_common(1)[0][0] == "nl"
    assert by_region["WAL"].most_common(1)[0][0] == "fr"
    assert {"fr", "nl"} <= set(by_region["BXL"])
    assert set(by_region["VL"]) <= {"nl", "en"} and set(by_region["WAL"]) <= {"fr", "de"}
    for a in year_m.ambassadors:
        assert 1 <= len(a.languages) <= 3
        assert 2 <= len(a.competences) <= 4
        native = {"VL": {"nl"}, "WAL": {"fr", "de"}, "BXL": {"fr", "nl"}}[a.home_region]
        assert native & set(a.languages)


def test_institutional_and_defend_missions_have_a_staff_pair(year_m: Instance) -> None:
    hearings = [m for m in year_m.missions if "hearing" in m.title]
    assert hearings
    for m in hearings:
        assert m.intervention == "institutional" and m.axis == "defend" and m.venue == "official"
        assert set(m.staff_services) <= {"strategy", "direction"}
        assert m.language != "en" and m.start.month not in (7, 8)  # parliaments sit in their languages
        if m.title.startswith("Federal Parliament"):
            assert (m.region, m.level) == ("BXL", "national")
        else:
            assert m.level == "regional"
    for m in year_m.missions:
        if m.intervention == "institutional" or m.axis == "defend":
            assert m.needs_staff_pair and m.staff_services
    services = {s.service for s in year_m.staff}
    assert services == {"communication", "strategy", "operations", "advice", "direction"}
    assert {s.region for s in year_m.staff} == {"BXL", "VL", "WAL"}


def test_european_forums_are_in_english_in_brussels(year_m: Instance) -> None:
    forums = [m for m in year_m.missions if m.level == "european"]
    assert forums and all(m.language == "en" and m.region == "BXL" for m in forums)


def test_media_slots_are_short(year_m: Instance) -> None:
    media = [m for m in year_m.missions if m.intervention == "media"]
    assert media and all(m.hours <= 1.5 for m in media)


def test_initiatives_name_their_proposer_and_some_await_approval(year_m: Instance) -> None:
    initiatives = [m for m in year_m.missions if m.origin == "ambassador_initiative"]
    assert initiatives
    assert any(not m.approved for m in initiatives)
    assert sum(m.approved for m in initiatives) > len(initiatives) / 2
    for m in initiatives:
        assert m.proposed_by is not None
        assert year_m.ambassador(m.proposed_by).interests.get(m.id) == 2


def test_people_sheets_are_varied_but_mostly_ready(year_m: Instance) -> None:
    ambs = year_m.ambassadors
    signed = sum(a.charter_signed for a in ambs) / len(ambs)
    trained = sum("initial" in a.trainings for a in ambs) / len(ambs)
    consent = sum(a.consent_public for a in ambs) / len(ambs)
    assert 0.8 <= signed < 1.0 and 0.75 <= trained < 1.0 and 0.35 <= consent <= 0.65
    assert any(a.interests for a in ambs) and any(a.links for a in ambs)
    assert any(a.history.drawn_this_cycle for a in ambs) and any(a.history.missions_last_year for a in ambs)
    assert all(re.fullmatch(r"\S+ [A-Z]\.", a.name) for a in ambs)


def test_meetings_are_monthly_evenings_of_both_kinds(year_s: Instance) -> None:
    assert {g.start.month for g in year_s.meetings} == set(range(1, 13)) - {8}
    assert {g.kind for g in year_s.meetings} == {"specific", "global"}
    for g in year_s.meetings:
        assert g.start.hour >= 18 and g.guest_seats >= 1
        assert (g.kind == "specific") == bool(g.themes)


def test_policy_binds(year_m: Instance) -> None:
    policy = year_m.policy
    assert policy.group_cap is not None and policy.group_cap < len(year_m.ambassadors)
    full_cost = sum(
        m.seats_min * (policy.remuneration_eur(m) + (m.expenses_eur if m.expenses_eur is not None else 10.0))
        for m in year_m.missions
    )
    assert policy.budget.annual is not None and policy.budget.annual < 0.8 * full_cost
    assert policy.budget.quarterly is not None and len(policy.budget.quarterly) == 4
    assert policy.compensation.max_remuneration_per_ambassador is not None
    assert policy.travel.pairs and policy.sortition.quotas.get("home_region")
    assert policy.support_group.required_services and policy.support_group.max_size <= 10


def test_eligibility_stats_agrees_with_the_rule_applied_pair_by_pair(year_s: Instance) -> None:
    stats = eligibility_stats(year_s)
    assert stats.eligible == _slow_eligible(year_s)
    assert 0.01 < stats.density < 0.2  # moderate: the planner's model stays small


def test_xl_regions_bring_their_own_languages() -> None:
    size = SIZES["XL"].model_copy(update={"n_ambassadors": 120, "n_missions": 400, "n_staff": 20})
    inst = generate(size, seed=3)
    assert {a.home_region for a in inst.ambassadors} >= {"FR", "ES", "IT", "DE", "NL"}
    langs = {(m.region, m.language) for m in inst.missions}
    assert ("ES", "es") in langs and ("IT", "it") in langs and ("DE", "de") in langs


def test_same_bytes_across_processes_with_different_string_hashing() -> None:
    code = "from ambassade_opt.synthetic import generate; print(generate('S', seed=9).to_json(), end='')"
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        cmd = [sys.executable, "-c", code]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == generate("S", seed=9).to_json()


def test_a_leap_year_works_and_keeps_its_landmarks() -> None:
    inst = generate("S", seed=2, year=2028)
    assert inst.year == 2028 and all(m.start.year == 2028 for m in inst.missions)
    assert any(m.title.startswith("General assembly") and m.start.month == 6 for m in inst.missions)


def test_sortition_quotas_can_always_be_met_by_global_meetings(year_m: Instance) -> None:
    quotas = year_m.policy.sortition.quotas["home_region"]
    least = sum(lo for lo, _ in quotas.values())
    most = sum(hi for _, hi in quotas.values())
    volunteers = Counter(
        a.home_region for a in year_m.ambassadors if a.governance_volunteer and a.charter_signed
    )
    for g in year_m.meetings:
        if g.kind == "global":
            assert least <= g.guest_seats <= most
    for region, (lo, _) in quotas.items():
        assert lo == 0 or volunteers[region] >= 10


def test_support_group_requirements_can_be_met(year_s: Instance) -> None:
    sg = year_s.policy.support_group
    services = {s.service for s in year_s.staff}
    assert set(sg.required_services) <= services and sg.coordinator_service in services
    homes = {s.region for s in year_s.staff} | {
        a.home_region for a in year_s.ambassadors if a.governance_volunteer and a.charter_signed
    }
    assert set(sg.required_regions) <= homes
    volunteers = sum(a.governance_volunteer and a.charter_signed for a in year_s.ambassadors)
    assert sg.min_partners <= min(sg.max_partners, volunteers)
    assert len(sg.required_services) + sg.min_partners <= sg.max_size


def test_proposers_can_do_what_they_propose(year_m: Instance) -> None:
    for m in year_m.missions:
        if m.proposed_by is not None:
            proposer = year_m.ambassador(m.proposed_by)
            assert m.language in proposer.languages and m.intervention in proposer.competences
            assert proposer.charter_signed and m.region == proposer.home_region


def _slow_eligible(inst: Instance) -> int:
    return sum(
        m.language in a.languages
        and m.intervention in a.competences
        and a.charter_signed
        and set(inst.policy.required_trainings(m)) <= set(a.trainings)
        and is_available(a, m.start, m.end)
        for a in inst.ambassadors
        for m in inst.missions
    )


def test_eligibility_stats_on_the_hand_made_year(tiny: Instance) -> None:
    stats = eligibility_stats(tiny)
    assert stats.eligible == _slow_eligible(tiny)
    assert stats.pairs == len(tiny.ambassadors) * len(tiny.missions)


def test_eligibility_stats_checks_every_day_a_mission_touches(tiny: Instance) -> None:
    raw = tiny.to_dict()
    # M02 (VL, nl, booth) now runs past midnight into a day on which its only fit is away.
    raw["missions"][1]["start"] = "2027-03-06T20:00:00"
    raw["missions"][1]["end"] = "2027-03-07T02:00:00"
    before = eligibility_stats(Instance.model_validate(raw))
    raw["ambassadors"][3]["unavailable"] = [{"start": "2027-03-07", "end": "2027-03-07"}]
    after = Instance.model_validate(raw)
    assert eligibility_stats(after).eligible == _slow_eligible(after) == before.eligible - 1
