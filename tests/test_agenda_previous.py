"""What a new export takes from the previous one: revisions only, never its words or its secrets."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _agenda_helpers import STAMP, events, parse, unfolded, valid_plan

from ambassade_opt.agenda import (
    CANCELLED_SUMMARY,
    FEED_PROPERTY,
    agenda_entries,
    agenda_ics,
    build_calendar,
    count_events,
    mission_uid,
    person_feed_filename,
    person_feed_filenames,
    read_previous,
)
from ambassade_opt.agenda.previous import MAX_PREVIOUS_BYTES
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Unassigned

LATER = datetime(2027, 2, 1, 9, tzinfo=UTC)
UNCOVERED = ("M08", "M11", "M12")  # M11 is an initiative the support group did not approve


def legacy(text: str) -> str:
    """A feed as exports before the feed-kind property were written."""
    return re.sub(rf"{FEED_PROPERTY}:[a-z]+\r\n", "", text)


def test_a_public_feed_over_a_legacy_internal_one_republishes_nothing(tiny: Instance) -> None:
    plan = valid_plan()
    internal = legacy(agenda_ics(tiny, plan, include_uncovered=True, stamp=STAMP))
    assert "Unapproved proposal" in unfolded(internal)  # the internal feed shows the gaps
    public = agenda_ics(tiny, plan, public=True, stamp=LATER, previous=read_previous(internal.encode()))
    evs = events(parse(public))
    assert sorted(evs) == sorted(mission_uid(a.mission) for a in plan.assignments)
    assert {str(e["STATUS"]) for e in evs.values()} == {"CONFIRMED"}
    flat = unfolded(public)
    for mission in UNCOVERED:
        assert mission_uid(mission) not in flat
        assert tiny.mission(mission).title not in flat


def test_cancellations_never_copy_text_from_the_earlier_file(tiny: Instance) -> None:
    plan = valid_plan()
    first = agenda_ics(tiny, plan, public=True, stamp=STAMP)
    # Someone edited the published file: titles that are not the instance's must not come back.
    forged = first.replace(f"SUMMARY:{tiny.mission('M05').title}", "SUMMARY:Forged secret title")
    assert forged != first
    dropped = plan.model_copy(deep=True)
    dropped.assignments = [a for a in dropped.assignments if a.mission != "M05"]
    dropped.unassigned.append(Unassigned(mission="M05", reason="organiser cancelled"))
    second = agenda_ics(tiny, dropped, public=True, stamp=LATER, previous=read_previous(forged.encode()))
    cancelled = events(parse(second))[mission_uid("M05")]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == tiny.mission("M05").title
    assert str(cancelled["CLASS"]) == "PUBLIC" and int(cancelled["SEQUENCE"]) == 1
    assert "Forged" not in unfolded(second)


def test_a_mission_removed_or_withdrawn_is_cancelled_without_its_title(tiny_raw: dict[str, Any]) -> None:
    tiny = Instance.model_validate(tiny_raw)
    plan = valid_plan()
    first = agenda_ics(tiny, plan, public=True, stamp=STAMP)
    # M05 leaves the inventory; M10 (an initiative) loses its approval.
    tiny_raw["missions"] = [m for m in tiny_raw["missions"] if m["id"] != "M05"]
    for m in tiny_raw["missions"]:
        if m["id"] == "M10":
            m["approved"] = False
    after = Instance.model_validate(tiny_raw)
    later_plan = plan.model_copy(deep=True)
    later_plan.assignments = [a for a in later_plan.assignments if a.mission not in ("M05", "M10")]
    later_plan.unassigned = [u for u in later_plan.unassigned if u.mission != "M05"]
    later_plan.unassigned.append(Unassigned(mission="M10", reason="withdrawn"))
    second = agenda_ics(after, later_plan, public=True, stamp=LATER, previous=read_previous(first.encode()))
    evs = events(parse(second))
    for mission in ("M05", "M10"):
        event = evs[mission_uid(mission)]
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["SUMMARY"]) == CANCELLED_SUMMARY
        assert event.decoded("DTSTART").replace(tzinfo=None) == tiny.mission(mission).start
        assert "DESCRIPTION" not in event and "ATTENDEE" not in event
    assert tiny.mission("M05").title not in unfolded(second)
    assert tiny.mission("M10").title not in unfolded(second)


def test_the_public_agenda_never_lists_an_unapproved_mission(tiny: Instance) -> None:
    plan = valid_plan()
    plan.assignments.append(Assignment(mission="M11", ambassadors=["A02"]))  # breaks rule 8
    public = agenda_entries(tiny, plan, public=True)
    assert "M11" not in {e.mission for e in public}
    assert "M11" in {e.mission for e in agenda_entries(tiny, plan)}  # internal: what the plan says


def test_a_feed_of_another_kind_is_not_continued(tiny: Instance) -> None:
    plan = valid_plan()
    internal = read_previous(agenda_ics(tiny, plan, stamp=STAMP).encode())
    assert internal.kind == "internal"
    with pytest.raises(InputError, match="internal agenda"):
        build_calendar(tiny, plan, public=True, previous=internal)
    public = read_previous(agenda_ics(tiny, plan, public=True, stamp=STAMP).encode())
    with pytest.raises(InputError, match="public agenda"):
        build_calendar(tiny, plan, previous=public)


def test_a_mission_assigned_twice_is_bad_input(tiny: Instance) -> None:
    plan = valid_plan()
    plan.assignments.append(Assignment(mission="M05", ambassadors=["A01"]))
    with pytest.raises(InputError, match=r"plan.assignments\[9\].mission"):
        agenda_entries(tiny, plan)


def test_events_are_counted_from_the_calendar(tiny: Instance) -> None:
    plan = valid_plan()
    calendar = build_calendar(tiny, plan, include_uncovered=True, stamp=STAMP)
    assert dict(count_events(calendar)) == {"CONFIRMED": 9, "TENTATIVE": 3}


def test_previous_export_keeps_no_titles(tiny: Instance) -> None:
    feed = read_previous(agenda_ics(tiny, valid_plan(), stamp=STAMP).encode())
    dumped = feed.model_dump_json()
    assert all(m.title not in dumped for m in tiny.missions)


def test_feed_file_names_are_bounded_distinct_and_safe() -> None:
    long_a, long_b = "A" * 400, "A" * 399 + "B"
    assert person_feed_filename("A01") == "A01.ics"
    assert person_feed_filename("../x") == "..%2Fx.ics"
    names = [person_feed_filename(p) for p in (long_a, long_b, "é" * 300)]
    assert len(set(names)) == 3
    assert all(len(n.encode()) <= 255 and "/" not in n for n in names)
    assert person_feed_filename(long_a).startswith("AAAA")  # still readable
    assert "+" not in person_feed_filename("a+b")  # so a hashed name never equals a plain one
    by_case = person_feed_filenames(["ab", "AB", "cd"])
    assert by_case["cd"] == "cd.ics"
    assert len({n.casefold() for n in by_case.values()}) == 3


def test_a_previous_export_is_read_only_from_a_regular_file_of_bounded_size(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    huge = tmp_path / "huge.ics"
    with open(huge, "wb") as sparse:  # a hole: no disk used
        sparse.truncate(MAX_PREVIOUS_BYTES + 1)
    started = time.monotonic()
    for source, words in [(Path("/dev/zero"), "not a regular file"), (pipe, "not a regular file"),
                          (huge, f"larger than the limit of {MAX_PREVIOUS_BYTES:,} bytes")]:
        with pytest.raises(InputError, match=words) as caught:
            read_previous(source)
        assert str(source) in caught.value.render()
    assert time.monotonic() - started < 5  # neither read to the end nor waiting for a writer
