"""Agenda feeds: parsed back with icalendar, checked for privacy, stability and time zones."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from _agenda_helpers import STAMP, attendee_names, events, hand_plan, parse, unfolded

from ambassade_opt.agenda import (
    agenda_entries,
    agenda_ics,
    build_calendar,
    mission_uid,
    person_feed_filename,
    person_feed_texts,
    person_uri,
    read_previous,
    write_agenda,
    write_person_feeds,
)
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned

BRUSSELS = ZoneInfo("Europe/Brussels")

# --------------------------------------------------------------------------------------------


def test_internal_feed_lists_covered_missions_with_everyone_named(tiny: Instance) -> None:
    plan = hand_plan(tiny)
    cal = parse(agenda_ics(tiny, plan, stamp=STAMP))
    evs = events(cal)
    assert str(cal["METHOD"]) == "PUBLISH"
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
    # A first export: made at the stamp, and every event new at that moment.
    assert m01.decoded("DTSTAMP") == STAMP
    assert m01.decoded("LAST-MODIFIED") == STAMP
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
    first_text = agenda_ics(tiny, plan, stamp=STAMP)
    first = events(parse(first_text))
    changed = plan.model_copy(deep=True)
    changed.assignments[1] = Assignment(mission="M02", ambassadors=["A01", "A06"])
    later = datetime(2026, 12, 1, 8, tzinfo=UTC)
    second_text = agenda_ics(tiny, changed, stamp=later, previous=read_previous(first_text.encode()))
    second = events(parse(second_text))
    assert set(second) == set(first)
    for uid, event in second.items():
        assert event.decoded("DTSTAMP") == later  # DTSTAMP: when this export was made
        if uid == mission_uid("M02"):
            assert int(event["SEQUENCE"]) == 1
            assert event.decoded("LAST-MODIFIED") == later
        else:
            assert int(event["SEQUENCE"]) == 0
            assert event.decoded("LAST-MODIFIED") == STAMP  # unchanged since the first export
    # Exporting the same plan again on top of that export, at the same moment, changes nothing.
    again = agenda_ics(tiny, changed, stamp=later, previous=read_previous(second_text.encode()))
    assert again == second_text
    # ...and at a later moment only DTSTAMP moves.
    latest = datetime(2027, 1, 5, 8, tzinfo=UTC)
    previous = read_previous(second_text.encode())
    third = events(parse(agenda_ics(tiny, changed, stamp=latest, previous=previous)))
    assert {e.decoded("DTSTAMP") for e in third.values()} == {latest}
    assert {uid: e.decoded("LAST-MODIFIED") for uid, e in third.items()} == {
        uid: e.decoded("LAST-MODIFIED") for uid, e in second.items()}
    assert {uid: int(e["SEQUENCE"]) for uid, e in third.items()} == {
        uid: int(e["SEQUENCE"]) for uid, e in second.items()}


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


def test_output_is_byte_identical_for_the_same_inputs_and_stamp(tiny: Instance, tmp_path: Path) -> None:
    plan = hand_plan(tiny)
    once = agenda_ics(tiny, plan, public=True, stamp=STAMP)
    assert agenda_ics(tiny, plan, public=True, stamp=STAMP) == once
    target = tmp_path / "agenda.ics"
    write_agenda(target, tiny, plan, stamp=STAMP)
    first = target.read_bytes()
    write_agenda(target, tiny, plan, stamp=STAMP)  # nothing changed, same moment
    assert target.read_bytes() == first


def test_without_a_stamp_the_export_time_is_now(tiny: Instance) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    evs = events(parse(agenda_ics(tiny, hand_plan(tiny))))
    after = datetime.now(UTC)
    assert all(before <= e.decoded("DTSTAMP") <= after for e in evs.values())
    assert all(e.decoded("LAST-MODIFIED") == e.decoded("DTSTAMP") for e in evs.values())


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


def test_person_feeds_are_rendered_before_writing_and_written_all_or_none(
    tiny: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = hand_plan(tiny)
    folder = tmp_path / "people"
    texts = person_feed_texts(folder, tiny, plan, stamp=STAMP)
    assert not folder.exists()  # rendering writes nothing
    written = write_person_feeds(folder, tiny, plan, stamp=STAMP)
    assert {p: path.read_bytes() for p, path in written.items()} == {
        p: text.encode("utf-8") for p, (_, text) in texts.items()
    }
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:  # the disk fills up at the third feed
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    fewer = hand_plan(tiny)
    fewer.assignments = fewer.assignments[1:]
    with pytest.raises(OSError, match="No space left"):
        write_person_feeds(folder, tiny, fewer, stamp=STAMP + timedelta(days=1))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before  # none replaced
