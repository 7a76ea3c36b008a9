"""Every rule of DOMAIN.md section 2, broken once, on the tiny year: the error names the field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from raw_edits import setter
from strategies import instance_dicts

from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance

Raw = dict[str, Any]


def problems_of(raw: Raw | str) -> list[tuple[str, str]]:
    text = raw if isinstance(raw, str) else json.dumps(raw)
    with pytest.raises(InputError) as info:
        Instance.from_json(text)
    return info.value.problems


def deleter(path: str) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        *head, last = path.split(".")
        node: Any = raw
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return mutate


def both(*mutations: Callable[[Raw], None]) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        for m in mutations:
            m(raw)

    return mutate


def duplicate_pair(raw: Raw) -> None:
    raw["policy"]["travel"]["pairs"].append({"a": "VL", "b": "BXL", "buffer_minutes": 10, "expense_eur": 1.0})


# (case id, mutation, expected location, expected words in the message)
CASES: list[tuple[str, Callable[[Raw], None], str, str]] = [
    # unknown fields, everywhere
    ("unknown top-level field", setter("colour", 1), "colour", "unknown field"),
    (
        "unknown ambassador field",
        setter("ambassadors.0.max_mission", 3),
        "ambassadors[0].max_mission",
        "unknown field",
    ),
    (
        "unknown nested field",
        setter("policy.travel.same_region.buffer", 3),
        "policy.travel.same_region.buffer",
        "unknown field",
    ),
    ("missing required field", deleter("ambassadors.0.name"), "ambassadors[0].name", "required"),
    ("format_version 2", setter("format_version", 2), "format_version", "1"),
    ("year out of range", setter("year", 20270), "year", "less than"),
    # ids
    ("empty id", setter("missions.2.id", ""), "missions[2].id", "empty"),
    ("id with spaces around", setter("ambassadors.2.id", " A03"), "ambassadors[2].id", "spaces"),
    ("id of the wrong type", setter("ambassadors.2.id", 3), "ambassadors[2].id", "string"),
    ("duplicate ambassador id", setter("ambassadors.1.id", "A01"), "ambassadors[1].id", "duplicate id 'A01'"),
    ("duplicate mission id", setter("missions.4.id", "M01"), "missions[4].id", "duplicate id 'M01'"),
    ("duplicate meeting id", setter("meetings.2.id", "G01"), "meetings[2].id", "duplicate id"),
    ("staff id of an ambassador", setter("staff.1.id", "A05"), "staff[1].id", "one id per person"),
    # references
    (
        "dangling proposed_by",
        setter("missions.9.proposed_by", "A99"),
        "missions[9].proposed_by",
        "unknown ambassador 'A99'",
    ),
    (
        "proposed_by names staff",
        setter("missions.9.proposed_by", "S01"),
        "missions[9].proposed_by",
        "staff member",
    ),
    (
        "dangling pinned ambassador",
        setter("missions.5.pinned_ambassadors", ["A02", "A77"]),
        "missions[5].pinned_ambassadors[1]",
        "unknown ambassador 'A77'",
    ),
    (
        "pinned ambassador is staff",
        setter("missions.5.pinned_ambassadors", ["S02"]),
        "missions[5].pinned_ambassadors[0]",
        "staff member",
    ),
    (
        "dangling pinned staff",
        setter("missions.0.pinned_staff", "S09"),
        "missions[0].pinned_staff",
        "unknown staff member 'S09'",
    ),
    (
        "pinned staff is an ambassador",
        setter("missions.0.pinned_staff", "A01"),
        "missions[0].pinned_staff",
        "an ambassador",
    ),
    (
        "dangling interest key",
        setter("ambassadors.1.interests", {"M99": 1}),
        "ambassadors[1].interests.M99",
        "unknown mission 'M99'",
    ),
    # mission sheet
    (
        "initiative without proposer",
        setter("missions.9.proposed_by", None),
        "missions[9].proposed_by",
        "must name its proposer",
    ),
    (
        "pinned staff without pair",
        setter("missions.1.pinned_staff", "S02"),
        "missions[1].pinned_staff",
        "needs_staff_pair",
    ),
    (
        "pinned staff pair explicitly false",
        both(setter("missions.0.needs_staff_pair", False), setter("missions.0.pinned_staff", "S01")),
        "missions[0].pinned_staff",
        "needs_staff_pair",
    ),
    (
        "more pins than seats",
        setter("missions.5.pinned_ambassadors", ["A01", "A02", "A03", "A05"]),
        "missions[5].pinned_ambassadors",
        "seats_max is 3",
    ),
    (
        "pinned twice",
        setter("missions.5.pinned_ambassadors", ["A02", "A02"]),
        "missions[5].pinned_ambassadors",
        "listed twice",
    ),
    (
        "end before start",
        setter("missions.0.end", "2027-02-11T18:00"),
        "missions[0].end",
        "must be after start (2027-02-11T19:00)",
    ),
    ("end equal to start", setter("missions.0.end", "2027-02-11T19:00"), "missions[0].end", "after start"),
    (
        "mission of 17 hours",
        setter("missions.0.end", "2027-02-12T12:00"),
        "missions[0].end",
        "more than the 16 h",
    ),
    (
        "start with a UTC offset",
        setter("missions.0.start", "2027-02-11T19:00+01:00"),
        "missions[0].start",
        "local time",
    ),
    ("start not a time", setter("missions.0.start", "11/02/2027 19h"), "missions[0].start", "datetime"),
    (
        "mission outside the year",
        both(setter("missions.0.start", "2026-12-31T19:00"), setter("missions.0.end", "2026-12-31T21:00")),
        "missions[0].start",
        "not in year 2027",
    ),
    ("seats_min 0", setter("missions.1.seats_min", 0), "missions[1].seats_min", "greater than or equal to 1"),
    (
        "seats_max below seats_min",
        setter("missions.1.seats_max", 1),
        "missions[1].seats_max",
        "below seats_min 2",
    ),
    ("priority 0", setter("missions.1.priority", 0), "missions[1].priority", "greater than or equal to 1"),
    ("priority 6", setter("missions.1.priority", 6), "missions[1].priority", "less than or equal to 5"),
    ("level not in the list", setter("missions.1.level", "planet"), "missions[1].level", "'european'"),
    ("axis not in the list", setter("missions.1.axis", "sell"), "missions[1].axis", "'defend'"),
    (
        "intervention not in the list",
        setter("missions.1.intervention", "dance"),
        "missions[1].intervention",
        "'workshop'",
    ),
    ("audience not in the list", setter("missions.1.audience", "kids"), "missions[1].audience", "'press'"),
    ("venue not in the list", setter("missions.1.venue", "beach"), "missions[1].venue", "'online'"),
    ("origin not in the list", setter("missions.1.origin", "mine"), "missions[1].origin", "smart_request"),
    ("mission language not ISO", setter("missions.2.language", "xx"), "missions[2].language", "ISO 639-1"),
    ("mission language in capitals", setter("missions.2.language", "FR"), "missions[2].language", "'fr'"),
    ("mission language empty", setter("missions.2.language", ""), "missions[2].language", "ISO 639-1"),
    ("mission region empty", setter("missions.2.region", ""), "missions[2].region", "empty"),
    ("mission region blank", setter("missions.2.region", "  "), "missions[2].region", "empty"),
    ("mission title empty", setter("missions.2.title", ""), "missions[2].title", "empty"),
    (
        "negative preparation",
        setter("missions.2.preparation_hours", -1),
        "missions[2].preparation_hours",
        "greater than or equal to 0",
    ),
    (
        "negative expenses",
        setter("missions.2.expenses_eur", -5.0),
        "missions[2].expenses_eur",
        "greater than or equal to 0",
    ),
    ("paid as a string", setter("missions.2.paid", "yes"), "missions[2].paid", "boolean"),
    (
        "duplicated theme",
        setter("missions.3.themes", ["social_economy", "social_economy"]),
        "missions[3].themes",
        "listed twice",
    ),
    ("empty sector", setter("missions.3.sectors", [""]), "missions[3].sectors[0]", "empty"),
    # meetings
    (
        "meeting end before start",
        setter("meetings.0.end", "2027-01-20T17:00"),
        "meetings[0].end",
        "must be after start (2027-01-20T18:00)",
    ),
    (
        "meeting outside the year",
        both(setter("meetings.2.start", "2028-01-02T18:00"), setter("meetings.2.end", "2028-01-02T20:00")),
        "meetings[2].start",
        "not in year 2027",
    ),
    (
        "negative guest seats",
        setter("meetings.0.guest_seats", -1),
        "meetings[0].guest_seats",
        "greater than or equal to 0",
    ),
    ("meeting kind unknown", setter("meetings.0.kind", "social"), "meetings[0].kind", "'global'"),
    ("specific meeting without themes", setter("meetings.1.themes", []), "meetings[1].themes", "competence"),
    # identification sheet
    (
        "language not ISO 639-1",
        setter("ambassadors.0.languages", ["nl", "xx"]),
        "ambassadors[0].languages[1]",
        "ISO 639-1",
    ),
    ("language of three letters", setter("staff.0.languages", ["fra"]), "staff[0].languages[0]", "ISO 639-1"),
    (
        "duplicated language",
        setter("ambassadors.0.languages", ["nl", "nl"]),
        "ambassadors[0].languages",
        "'nl' is listed twice",
    ),
    ("home region empty", setter("ambassadors.0.home_region", ""), "ambassadors[0].home_region", "empty"),
    ("name blank", setter("ambassadors.0.name", " "), "ambassadors[0].name", "empty"),
    (
        "competence unknown",
        setter("ambassadors.0.competences", ["talk", "singing"]),
        "ambassadors[0].competences[1]",
        "'workshop'",
    ),
    (
        "link field unknown",
        setter("ambassadors.0.links", [{"field": "family", "scope": "national"}]),
        "ambassadors[0].links[0].field",
        "'associative'",
    ),
    (
        "link scope unknown",
        setter("ambassadors.0.links", [{"field": "political", "scope": "galactic"}]),
        "ambassadors[0].links[0].scope",
        "'international'",
    ),
    (
        "negative max_missions",
        setter("ambassadors.0.max_missions", -1),
        "ambassadors[0].max_missions",
        "greater than or equal to 0",
    ),
    (
        "max_missions as a string",
        setter("ambassadors.0.max_missions", "6"),
        "ambassadors[0].max_missions",
        "integer",
    ),
    (
        "max_missions fractional",
        setter("ambassadors.0.max_missions", 6.5),
        "ambassadors[0].max_missions",
        "integer",
    ),
    (
        "negative max_hours",
        setter("ambassadors.0.max_hours", -0.5),
        "ambassadors[0].max_hours",
        "greater than or equal to 0",
    ),
    (
        "negative max_per_month",
        setter("ambassadors.0.max_per_month", -1),
        "ambassadors[0].max_per_month",
        "greater than or equal to 0",
    ),
    (
        "weekday 7",
        setter("ambassadors.6.available_weekdays", [4, 7]),
        "ambassadors[6].available_weekdays[1]",
        "less than or equal to 6",
    ),
    (
        "weekday -1",
        setter("ambassadors.6.available_weekdays", [-1]),
        "ambassadors[6].available_weekdays[0]",
        "greater than or equal to 0",
    ),
    (
        "weekday twice",
        setter("ambassadors.6.available_weekdays", [4, 4]),
        "ambassadors[6].available_weekdays",
        "listed twice",
    ),
    (
        "unavailable range reversed",
        setter("ambassadors.2.unavailable.0.end", "2027-06-30"),
        "ambassadors[2].unavailable[0].end",
        "is before start (2027-07-01)",
    ),
    (
        "staff unavailable reversed",
        setter("staff.2.unavailable.0.start", "2027-10-16"),
        "staff[2].unavailable[0].end",
        "is before start",
    ),
    (
        "unavailable not a date",
        setter("ambassadors.2.unavailable.0.start", "1 July"),
        "ambassadors[2].unavailable[0].start",
        "date",
    ),
    (
        "interest 3",
        setter("ambassadors.1.interests.M03", 3),
        "ambassadors[1].interests.M03",
        "less than or equal to 2",
    ),
    (
        "interest -3",
        setter("ambassadors.1.interests.M03", -3),
        "ambassadors[1].interests.M03",
        "greater than or equal to -2",
    ),
    (
        "selection score 101",
        setter("ambassadors.0.selection_score", 101),
        "ambassadors[0].selection_score",
        "less than or equal to 100",
    ),
    (
        "selection score negative",
        setter("ambassadors.0.selection_score", -1),
        "ambassadors[0].selection_score",
        "greater than or equal to 0",
    ),
    (
        "history negative",
        setter("ambassadors.3.history.missions_last_year", -2),
        "ambassadors[3].history.missions_last_year",
        "greater than or equal to 0",
    ),
    (
        "charter as a number",
        setter("ambassadors.0.charter_signed", 1),
        "ambassadors[0].charter_signed",
        "boolean",
    ),
    ("staff service empty", setter("staff.0.service", ""), "staff[0].service", "empty"),
    (
        "staff max_missions negative",
        setter("staff.0.max_missions", -1),
        "staff[0].max_missions",
        "greater than or equal to 0",
    ),
    # policy
    (
        "travel pair of one region",
        setter("policy.travel.pairs.0.b", "BXL"),
        "policy.travel.pairs[0].b",
        "two different regions",
    ),
    ("travel pair given twice", duplicate_pair, "policy.travel.pairs", "both give"),
    (
        "travel pair missing a field",
        deleter("policy.travel.pairs.0.expense_eur"),
        "policy.travel.pairs[0].expense_eur",
        "required",
    ),
    (
        "buffer above 720",
        setter("policy.travel.same_region.buffer_minutes", 721),
        "policy.travel.same_region.buffer_minutes",
        "less than or equal to 720",
    ),
    (
        "negative buffer",
        setter("policy.travel.pairs.0.buffer_minutes", -1),
        "policy.travel.pairs[0].buffer_minutes",
        "greater than or equal to 0",
    ),
    (
        "support group above 10",
        setter("policy.support_group.max_size", 11),
        "policy.support_group.max_size",
        "less than or equal to 10",
    ),
    (
        "partners min above max",
        setter("policy.support_group.min_partners", 4),
        "policy.support_group.max_partners",
        "below min_partners 4",
    ),
    (
        "partners fill the group",
        both(setter("policy.support_group.min_partners", 6), setter("policy.support_group.max_partners", 6)),
        "policy.support_group.min_partners",
        "coordinator",
    ),
    (
        "quota min above max",
        setter("policy.sortition.quotas.home_region.BXL", [2, 1]),
        "policy.sortition.quotas.home_region.BXL",
        "min 2 is above max 1",
    ),
    (
        "quota of three numbers",
        setter("policy.sortition.quotas.home_region.BXL", [0, 1, 2]),
        "policy.sortition.quotas.home_region.BXL",
        "at most 2",
    ),
    (
        "quota on a non-string field",
        setter("policy.sortition.quotas.max_hours", {"10": [0, 1]}),
        "policy.sortition.quotas.max_hours",
        "home_region",
    ),
    (
        "negative seed",
        setter("policy.sortition.seed", -1),
        "policy.sortition.seed",
        "greater than or equal to 0",
    ),
    (
        "quarterly of three numbers",
        setter("policy.budget.quarterly", [1.0, 2.0, 3.0]),
        "policy.budget.quarterly",
        "4 amounts",
    ),
    (
        "negative annual budget",
        setter("policy.budget.annual", -1),
        "policy.budget.annual",
        "greater than or equal to 0",
    ),
    ("group cap negative", setter("policy.group_cap", -1), "policy.group_cap", "greater than or equal to 0"),
    (
        "policy max_per_month negative",
        setter("policy.max_per_month", -1),
        "policy.max_per_month",
        "greater than or equal to 0",
    ),
    (
        "training table key unknown",
        setter("policy.training_requirements.singing", ["initial"]),
        "policy.training_requirements.singing",
        "'*'",
    ),
    (
        "rate for an unknown intervention",
        setter("policy.compensation.hourly_rate_by_intervention.dance", 9.0),
        "policy.compensation.hourly_rate_by_intervention.dance",
        "'workshop'",
    ),
    (
        "negative hourly rate",
        setter("policy.compensation.hourly_rate", -1),
        "policy.compensation.hourly_rate",
        "greater than or equal to 0",
    ),
    (
        "objective mode unknown",
        setter("policy.objective.mode", "random"),
        "policy.objective.mode",
        "weighted",
    ),
    (
        "objective weight unknown",
        setter("policy.objective.weights", {"fun": 1.0}),
        "policy.objective.weights.fun",
        "'cost'",
    ),
]


@pytest.mark.parametrize(("mutate", "location", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_rule_names_the_field(
    tiny_raw: Raw, mutate: Callable[[Raw], None], location: str, words: str
) -> None:
    raw = copy.deepcopy(tiny_raw)
    mutate(raw)
    problems = problems_of(raw)
    matching = [msg for loc, msg in problems if loc.startswith(location)]
    assert matching, f"no problem at {location}: {problems}"
    assert any(words in msg for msg in matching), f"{words!r} not in {matching}"


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_numbers_must_be_finite(tiny_raw: Raw, number: str) -> None:
    tiny_raw["ambassadors"][0]["max_hours"] = "@@"
    tiny_raw["policy"]["budget"]["annual"] = "@@"
    text = json.dumps(tiny_raw).replace('"@@"', number)
    locations = {loc for loc, msg in problems_of(text) if "finite" in msg}
    assert locations == {"ambassadors[0].max_hours", "policy.budget.annual"}


def test_tiny_year_is_valid(tiny_raw: Raw) -> None:
    inst = Instance.from_json(json.dumps(tiny_raw))
    assert len(inst.ambassadors) == 8


def test_every_problem_is_reported_at_once(tiny_raw: Raw) -> None:
    """Structural problems in some entities, and cross-entity problems among the others."""
    tiny_raw["missions"][0]["end"] = "2027-02-11T18:00"  # structural
    tiny_raw["ambassadors"][2]["selection_score"] = 200  # structural
    tiny_raw["policy"]["support_group"]["max_size"] = 12  # structural
    tiny_raw["missions"][4]["pinned_ambassadors"] = ["A42"]  # dangling, in a valid mission
    tiny_raw["ambassadors"][1]["interests"] = {"M77": 1}  # dangling, in a valid ambassador
    tiny_raw["staff"][0]["id"] = "A01"  # one id per person
    tiny_raw["meetings"][0]["start"] = "2026-12-01T10:00"  # outside the year
    tiny_raw["meetings"][0]["end"] = "2026-12-01T11:00"
    locations = {loc for loc, _ in problems_of(tiny_raw)}
    assert locations == {
        "missions[0].end",
        "ambassadors[2].selection_score",
        "policy.support_group.max_size",
        "missions[4].pinned_ambassadors[0]",
        "ambassadors[1].interests.M77",
        "staff[0].id",
        "meetings[0].start",
    }


def test_a_reference_to_a_broken_entity_is_not_called_dangling(tiny_raw: Raw) -> None:
    tiny_raw["ambassadors"][3]["max_hours"] = "forty"  # A04, who proposed M10
    problems = problems_of(tiny_raw)
    assert [loc for loc, _ in problems] == ["ambassadors[3].max_hours"]


def test_cross_checks_skip_what_they_cannot_judge(tiny_raw: Raw) -> None:
    tiny_raw["year"] = "2027"  # wrong type: no year check, no false alarms about every mission
    tiny_raw["missions"] = {"M01": {}}  # not a list: references into it are not judged
    locations = {loc for loc, _ in problems_of(tiny_raw)}
    assert locations == {"year", "missions"}


def test_python_construction_checks_references_too(tiny_raw: Raw) -> None:
    tiny_raw["missions"][9]["proposed_by"] = "A99"
    with pytest.raises(InputError) as info:
        Instance.model_validate(tiny_raw)
    assert info.value.problems == [("missions[9].proposed_by", "unknown ambassador 'A99'")]


def test_not_json_at_all() -> None:
    assert problems_of("{not json")[0][0] == "(file)"
    assert "JSON object" in problems_of("[1, 2]")[0][1]


def test_error_text_lists_every_problem(tiny_raw: Raw) -> None:
    tiny_raw["missions"][0]["end"] = "2027-02-11T18:00"
    tiny_raw["missions"][1]["seats_max"] = 1
    with pytest.raises(InputError) as info:
        Instance.from_json(json.dumps(tiny_raw), source="year.json")
    text = str(info.value)
    assert text.startswith("year.json: 2 problems in the input:")
    assert "missions[0].end: must be after start (2027-02-11T19:00)" in text
    assert "missions[1].seats_max: 1 is below seats_min 2" in text


def test_empty_motivation_means_none(tiny_raw: Raw) -> None:
    tiny_raw["ambassadors"][0]["motivation"] = ""
    assert Instance.from_json(json.dumps(tiny_raw)).ambassadors[0].motivation is None


def test_omitted_defaults(tiny_raw: Raw) -> None:
    minimal = {
        "format_version": 1,
        "name": "minimal",
        "year": 2027,
        "ambassadors": [
            {
                "id": "A",
                "name": "N",
                "home_region": "BXL",
                "languages": ["fr"],
                "max_missions": 1,
                "max_hours": 4,
            }
        ],
        "missions": [
            {
                "id": "M",
                "title": "T",
                "start": "2027-03-01T10:00",
                "end": "2027-03-01T12:00",
                "region": "BXL",
                "level": "local",
                "axis": "inform",
                "intervention": "talk",
                "audience": "students",
                "venue": "online",
                "language": "fr",
                "seats_min": 1,
                "seats_max": 1,
                "priority": 3,
            }
        ],
    }
    inst = Instance.from_json(json.dumps(minimal))
    assert inst.staff == [] and inst.meetings == []
    assert inst.policy.support_group.max_size == 10
    assert inst.missions[0].origin == "smart_request" and inst.missions[0].approved
    assert not inst.ambassadors[0].consent_public and inst.policy.travel.buffer_minutes("a", "b") == 90


def test_money_is_taken_to_the_cent(tiny_raw: Raw) -> None:
    tiny_raw["policy"]["budget"]["annual"] = 1800 * 1.1  # 1980.0000000000002
    tiny_raw["missions"][0]["expenses_eur"] = 12.345678
    inst = Instance.from_json(json.dumps(tiny_raw))
    assert inst.policy.budget.annual == 1980.0
    assert inst.missions[0].expenses_eur == 12.35


def test_every_list_may_be_omitted() -> None:
    inst = Instance.from_json('{"format_version": 1, "name": "empty year", "year": 2027}')
    assert inst.ambassadors == [] and inst.missions == []
    person = {"id": "A", "name": "N", "home_region": "BXL", "max_missions": 1, "max_hours": 4}
    raw = {"format_version": 1, "name": "x", "year": 2027, "ambassadors": [person]}
    assert Instance.from_json(json.dumps(raw)).ambassadors[0].languages == []


@settings(max_examples=40, deadline=None)
@given(instance_dicts(plain=True), st.data())
def test_one_broken_entity_gives_exactly_its_own_problem(raw: Raw, data: st.DataObject) -> None:
    """Cross-entity checks over the valid rest never blame others for the broken one."""
    text = Instance.model_validate(raw).to_json()
    doc = json.loads(text)
    candidates = [
        ("ambassadors", "max_missions", "many"),
        ("staff", "max_missions", -1),
        ("missions", "priority", 9),
        ("meetings", "guest_seats", "two"),
    ]
    options = [(name, i, field, bad) for name, field, bad in candidates for i in range(len(doc[name]))]
    if not options:
        return
    name, index, field, bad = data.draw(st.sampled_from(options))
    doc[name][index][field] = bad
    assert [loc for loc, _ in problems_of(doc)] == [f"{name}[{index}].{field}"]
