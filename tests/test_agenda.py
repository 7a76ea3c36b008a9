"""Agenda feeds: parsed back with icalendar, checked for privacy, stability and time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from ambassade_opt.agenda import (
    agenda_entries,
    agenda_ics,
    build_calendar,
    mission_uid,
    person_feed_filename,
    person_uri,
    read_previous,
    write_agenda,
    write_person_feeds,
)
from ambassade_opt.cli import main
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned

BRUSSELS = ZoneInfo("Europe/Brussels")


def hand_plan(tiny: Instance) -> Plan:
    """A plan on the tiny year; validity does not matter to the agenda, only who goes where."""
    assignments = [
        Assignment(mission="M01", ambassadors=["A02", "A03"], staff="S01"),
        Assignment(mission="M02", ambassadors=["A01", "A04"]),
        Assignment(mission="M05", ambassadors=["A04"]),
        Assignment(mission="M08", ambassadors=["A02"], staff="S02"),
        Assignment(mission="M10", ambassadors=["A04"]),
    ]
    covered = {a.mission for a in assignments}
    unassigned = [Unassigned(mission=m.id, reason="nobody eligible is free") for m in tiny.missions
                  if m.id not in covered]
    return Plan(status="feasible", assignments=assignments, unassigned=unassigned,
                run={"finished_at": "2026-11-20T09:15:00+00:00"})


def parse(text: str) -> Calendar:
    calendar = Calendar.from_ical(text)
    assert isinstance(calendar, Calendar)
    return calendar


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def unfolded(text: str) -> str:
    """The feed with folded lines joined and text escapes undone, so a name split across a
    75-octet fold or written with an escaped comma is still found."""
    joined = text.replace("\r\n ", "").replace("\r\n\t", "")
    return joined.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")


def attendee_names(event: object) -> list[str]:
    raw = event.get("ATTENDEE", [])  # type: ignore[attr-defined]
    items = raw if isinstance(raw, list) else [raw]
    return sorted(str(a.params["CN"]) for a in items)


# --------------------------------------------------------------------------------------------


def test_internal_feed_lists_covered_missions_with_everyone_named(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    cal = parse(agenda_ics(tiny, plan))
    evs = events(cal)
    assert sorted(evs) == sorted(mission_uid(a.mission) for a in plan.assignments)
    m01 = evs[mission_uid("M01")]
    assert attendee_names(m01) == ["Claire", "Mehdi", "Nadia"]
    assert str(m01["STATUS"]) == "CONFIRMED"
    assert str(m01["SUMMARY"]) == tiny.mission("M01").title
    mission = tiny.mission("M01")
    start = m01.decoded("DTSTART")
    assert start.tzinfo is not None and start.replace(tzinfo=None) == mission.start
    assert m01["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert m01.decoded("DTEND").replace(tzinfo=None) == mission.end
    location = str(m01["LOCATION"])
    assert mission.region in location and "Conference" in location
    assert "Mehdi" in str(m01["DESCRIPTION"])
    # No clock: the stamp comes from the plan's run record.
    assert m01.decoded("DTSTAMP") == datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    assert int(m01["SEQUENCE"]) == 0
    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Brussels"]


def test_public_feed_names_only_people_who_consented(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    text = agenda_ics(tiny, plan, public=True)
    evs = events(parse(text))
    m01 = evs[mission_uid("M01")]
    assert attendee_names(m01) == ["Claire", "Nadia"]  # Mehdi (A02) did not consent
    assert "1 other ambassador" in str(m01["DESCRIPTION"])
    m08 = evs[mission_uid("M08")]
    assert attendee_names(m08) == ["Koen"]
    assert "1 ambassador" in str(m08["DESCRIPTION"])
    flat = unfolded(text)
    assert "Mehdi" not in flat and "A02" not in flat
    assert "Claire" in flat
    assert all(str(e["CLASS"]) == "PUBLIC" for e in evs.values())


def test_public_feed_hides_staff_without_consent(tiny_raw: dict[str, object]) -> None:
    tiny_raw["staff"][0]["consent_public"] = False  # type: ignore[index]
    inst = Instance.model_validate(tiny_raw)
    flat = unfolded(agenda_ics(inst, hand_plan(inst), public=True))
    assert "Nadia" not in flat
    assert "1 staff member" in flat


def test_uncovered_missions_are_tentative_in_the_internal_feed_only(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    evs = events(parse(agenda_ics(tiny, plan, include_uncovered=True)))
    assert len(evs) == len(tiny.missions)
    for u in plan.unassigned:
        event = evs[mission_uid(u.mission)]
        assert str(event["STATUS"]) == "TENTATIVE"
        assert "ATTENDEE" not in event
        assert u.reason in str(event["DESCRIPTION"])
    with pytest.raises(ValueError, match="covered missions only"):
        agenda_ics(tiny, plan, public=True, include_uncovered=True)


def test_re_export_after_one_change_keeps_every_other_uid_and_revision(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    first_text = agenda_ics(tiny, plan)
    first = events(parse(first_text))
    changed = plan.model_copy(deep=True)
    changed.assignments[1] = Assignment(mission="M02", ambassadors=["A01", "A06"])
    changed.run = {"finished_at": "2026-12-01T08:00:00+00:00"}
    second_text = agenda_ics(tiny, changed, previous=read_previous(first_text.encode()))
    second = events(parse(second_text))
    assert set(second) == set(first)
    for uid, event in second.items():
        if uid == mission_uid("M02"):
            assert int(event["SEQUENCE"]) == 1
            assert event.decoded("DTSTAMP") == datetime(2026, 12, 1, 8, tzinfo=UTC)
        else:
            assert int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTAMP") == first[uid].decoded("DTSTAMP")
    # Exporting the same plan again on top of that export changes nothing at all.
    again = agenda_ics(tiny, changed, previous=read_previous(second_text.encode()))
    assert again == second_text


def test_a_dropped_mission_is_cancelled_once_then_leaves_the_feed(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    first_text = agenda_ics(tiny, plan)
    dropped = plan.model_copy(deep=True)
    dropped.assignments = [a for a in dropped.assignments if a.mission != "M05"]
    dropped.unassigned.append(Unassigned(mission="M05", reason="cancelled by the organiser"))
    second_text = agenda_ics(tiny, dropped, previous=read_previous(first_text.encode()))
    cancelled = events(parse(second_text))[mission_uid("M05")]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 1
    assert cancelled.decoded("DTSTART").replace(tzinfo=None) == tiny.mission("M05").start
    third = events(parse(agenda_ics(tiny, dropped, previous=read_previous(second_text.encode()))))
    assert mission_uid("M05") not in third


def test_output_is_byte_identical_for_the_same_inputs(tiny: Instance, tmp_path: Path) -> None:
    plan = hand_plan(tiny)
    assert agenda_ics(tiny, plan, public=True) == agenda_ics(tiny, plan, public=True)
    target = tmp_path / "agenda.ics"
    write_agenda(target, tiny, plan)
    first = target.read_bytes()
    write_agenda(target, tiny, plan, stamp=datetime(2030, 1, 1, tzinfo=UTC))  # nothing changed
    assert target.read_bytes() == first
    stamp = datetime(2026, 5, 4, 12, tzinfo=UTC)
    no_record = plan.model_copy(update={"run": {}})
    explicit = events(parse(agenda_ics(tiny, no_record, stamp=stamp)))
    assert {e.decoded("DTSTAMP") for e in explicit.values()} == {stamp}
    fallback = events(parse(agenda_ics(tiny, no_record)))
    assert {e.decoded("DTSTAMP") for e in fallback.values()} == {datetime(tiny.year, 1, 1, tzinfo=UTC)}


def test_vtimezone_matches_the_tz_database_all_year(tiny: Instance) -> None:
    cal = parse(agenda_ics(tiny, hand_plan(tiny)))
    own_tz = cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    moment = datetime(tiny.year, 1, 1, 0, 30)
    while moment.year == tiny.year:
        if BRUSSELS.utcoffset(moment) != BRUSSELS.utcoffset(moment.replace(fold=1)):
            moment += timedelta(hours=1)  # skip the ambiguous and missing hours themselves
            continue
        assert own_tz.utcoffset(moment) == BRUSSELS.utcoffset(moment), moment
        moment += timedelta(hours=5)


def test_per_person_feeds_hold_exactly_each_persons_missions(tiny: Instance, tmp_path: Path) -> None:
    plan = hand_plan(tiny)
    written = write_person_feeds(tmp_path / "people", tiny, plan)
    people = [a.id for a in tiny.ambassadors] + [s.id for s in tiny.staff]
    assert sorted(written) == sorted(people)
    for person in people:
        path = written[person]
        assert path.name == person_feed_filename(person)
        evs = events(parse(path.read_text(encoding="utf-8")))
        expected = {a.mission for a in plan.assignments
                    if person in a.ambassadors or a.staff == person}
        assert set(evs) == {mission_uid(m, person) for m in expected}
    # Team-mates are named in a personal feed even without public consent: they meet.
    a03 = events(parse(written["A03"].read_text(encoding="utf-8")))
    assert attendee_names(a03[mission_uid("M01", "A03")]) == ["Claire", "Mehdi", "Nadia"]


def test_uids_are_distinct_and_escaped() -> None:
    assert mission_uid("M1") != mission_uid("M1", "A1")
    assert mission_uid("a b") != mission_uid("a_b")
    assert " " not in mission_uid("a b@c") and mission_uid("a b@c").count("@") == 1
    assert person_feed_filename("../x") == "..%2Fx.ics"


def test_plan_naming_unknown_people_is_bad_input(tiny: Instance) -> None:
    plan = Plan(status="feasible", assignments=[Assignment(mission="M99", ambassadors=["A77"])])
    with pytest.raises(InputError, match="M99"):
        agenda_entries(tiny, plan)
    with pytest.raises(InputError, match="person"):
        agenda_entries(tiny, hand_plan(tiny), person="nobody")


def test_build_calendar_accepts_a_stamp_in_local_time(tiny: Instance) -> None:
    cal = build_calendar(tiny, hand_plan(tiny), stamp=datetime(2026, 7, 1, 12, 0))
    stamps = {e.decoded("DTSTAMP") for e in cal.walk("VEVENT")}
    assert stamps == {datetime(2026, 7, 1, 10, 0, tzinfo=UTC)}


# -- command line -----------------------------------------------------------------------------


def test_cli_writes_public_and_personal_feeds(tiny: Instance, tiny_path: Path, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    hand_plan(tiny).save(plan_path)
    out = tmp_path / "agenda.ics"
    people = tmp_path / "people"
    result = CliRunner().invoke(main, ["agenda", str(tiny_path), str(plan_path), "-o", str(out),
                                       "--public", "--per-person", str(people)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Mehdi" not in unfolded(text)
    assert len(events(parse(text))) == 5
    assert len(list(people.glob("*.ics"))) == len(tiny.ambassadors) + len(tiny.staff)


def test_cli_bad_input_exits_2_and_writes_nothing(tiny_path: Path, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    Plan(status="feasible", assignments=[Assignment(mission="M99", ambassadors=["A01"])]).save(plan_path)
    out = tmp_path / "agenda.ics"
    people = tmp_path / "people"
    runner = CliRunner()
    result = runner.invoke(main, ["agenda", str(tiny_path), str(plan_path), "-o", str(out),
                                  "--per-person", str(people)])
    assert result.exit_code == 2
    assert "M99" in result.output
    assert not out.exists() and not people.exists()
    result = runner.invoke(main, ["agenda", str(tiny_path), str(plan_path)])
    assert result.exit_code == 2 and "--per-person" in result.output
    result = runner.invoke(main, ["agenda", str(tiny_path), str(tmp_path / "missing.json"), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()


# -- a generated year, planned by the solver ------------------------------------------------------


def test_public_agenda_of_a_generated_year_names_nobody_without_consent(tmp_path: Path) -> None:
    from ambassade_opt.solver import SolveOptions, solve
    from ambassade_opt.sweeps import deterministic_limits
    from ambassade_opt.synthetic import generate

    year = generate("S", seed=5)
    # Staff consent by default; withdraw it for half of them so that rule is exercised too.
    staff = [s.model_copy(update={"consent_public": i % 2 == 0}) for i, s in enumerate(year.staff)]
    year = year.model_copy(update={"staff": staff})
    plan = solve(year, SolveOptions(workers=1, seed=0, **deterministic_limits(0.4))).plan
    public = tmp_path / "public.ics"
    write_agenda(public, year, plan, public=True)
    flat = unfolded(public.read_text(encoding="utf-8"))
    internal = unfolded(agenda_ics(year, plan))

    people = [(p.name, p.consent_public) for p in [*year.ambassadors, *year.staff]]
    consenting = {name for name, ok in people if ok}
    hidden = [name for name, ok in people if not ok and name not in consenting]
    planned = {pid for a in plan.assignments for pid in [*a.ambassadors, a.staff] if pid is not None}
    hidden_on_plan = [p.name for p in [*year.ambassadors, *year.staff]
                      if p.id in planned and not p.consent_public]
    assert len(hidden_on_plan) >= 3  # the check below is not vacuous
    assert all(name in internal for name in hidden_on_plan)  # ...and the internal feed names them
    leaked = [name for name in hidden if name in flat]
    assert leaked == []
    # Nor are they identified by id or by their attendee URI.
    for p in [*year.ambassadors, *year.staff]:
        if not p.consent_public:
            assert person_uri(p.id) not in flat
    assert len(events(parse(public.read_text(encoding="utf-8")))) == len(plan.assignments)


def test_cli_re_export_over_the_same_file_revises_only_what_changed(
    tiny: Instance, tiny_path: Path, tmp_path: Path
) -> None:
    plan = hand_plan(tiny)
    plan_path = tmp_path / "plan.json"
    plan.save(plan_path)
    out = tmp_path / "agenda.ics"
    runner = CliRunner()
    base = ["agenda", str(tiny_path), str(plan_path), "-o", str(out)]
    assert runner.invoke(main, base).exit_code == 0
    first = out.read_bytes()
    assert runner.invoke(main, base).exit_code == 0
    assert out.read_bytes() == first  # nothing changed: same bytes
    plan.assignments[2] = Assignment(mission="M05", ambassadors=["A01"])
    plan.save(plan_path)
    result = runner.invoke(main, [*base, "--stamp", "2026-12-24T10:00:00+01:00"])
    assert result.exit_code == 0, result.output
    evs = events(parse(out.read_text(encoding="utf-8")))
    assert {uid: int(e["SEQUENCE"]) for uid, e in evs.items()} == {
        mission_uid(a.mission): int(a.mission == "M05") for a in plan.assignments
    }
    assert evs[mission_uid("M05")].decoded("DTSTAMP") == datetime(2026, 12, 24, 9, tzinfo=UTC)
    assert runner.invoke(main, [*base, "--fresh"]).exit_code == 0
    assert {int(e["SEQUENCE"]) for e in events(parse(out.read_text(encoding="utf-8"))).values()} == {0}
    bad = runner.invoke(main, [*base, "--stamp", "yesterday"])
    assert bad.exit_code == 2 and "stamp" in bad.output
