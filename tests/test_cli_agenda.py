"""``ambassade-opt agenda`` on the command line: publishing, revisions, refusals, hostile files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _agenda_helpers import events, hand_plan, parse, unfolded, valid_plan
from click.testing import CliRunner, Result

from ambassade_opt.agenda import FEED_PROPERTY, mission_uid
from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned

STAMP = "2027-01-10T09:00:00+00:00"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["agenda", *(str(a) for a in args)])


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    valid_plan().save(path)
    return path


def test_cli_writes_public_and_personal_feeds(tiny: Instance, tiny_path: Path, plan_path: Path,
                                             tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    people = tmp_path / "people"
    result = run(tiny_path, plan_path, "-o", out, "--public", "--per-person", people)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    flat = unfolded(text)
    assert "Mehdi" not in flat and "Jonas" not in flat and "Hugo" not in flat  # no consent
    assert "Claire" in flat and "Lotte" in flat
    assert len(events(parse(text))) == 9
    assert f"{out}: public agenda, 9 events (9 confirmed)" in result.output
    assert len(list(people.glob("*.ics"))) == len(tiny.ambassadors) + len(tiny.staff)
    quiet = run(tiny_path, plan_path, "-o", out, "--public", "--per-person", people, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_cli_bad_input_exits_2_and_writes_nothing(tiny_path: Path, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    Plan(status="feasible", assignments=[Assignment(mission="M99", ambassadors=["A01"])]).save(plan_path)
    out = tmp_path / "agenda.ics"
    people = tmp_path / "people"
    result = run(tiny_path, plan_path, "-o", out, "--per-person", people)
    assert result.exit_code == 2
    assert "M99" in result.output
    assert not out.exists() and not people.exists()
    result = run(tiny_path, plan_path)
    assert result.exit_code == 2 and "--per-person" in result.output
    result = run(tiny_path, tmp_path / "missing.json", "-o", out)
    assert result.exit_code == 2 and not out.exists()


def test_cli_stamp_is_the_export_time_and_re_exports_revise_only_what_changed(
    tiny_path: Path, plan_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.ics"
    base = [tiny_path, plan_path, "-o", out]
    assert run(*base, "--stamp", STAMP).exit_code == 0
    first = out.read_bytes()
    assert run(*base, "--stamp", STAMP).exit_code == 0
    assert out.read_bytes() == first  # nothing changed, same moment: same bytes
    # Without --stamp: DTSTAMP is now, LAST-MODIFIED stays when the event did not change.
    before = datetime.now(UTC).replace(microsecond=0)
    assert run(*base).exit_code == 0
    evs = events(parse(out.read_text(encoding="utf-8")))
    assert all(e.decoded("DTSTAMP") >= before for e in evs.values())
    assert {e.decoded("LAST-MODIFIED") for e in evs.values()} == {datetime.fromisoformat(STAMP)}
    # One mission dropped: cancelled, the others keep SEQUENCE 0.
    plan = valid_plan()
    plan.assignments = [a for a in plan.assignments if a.mission != "M10"]
    plan.unassigned.append(Unassigned(mission="M10", reason="left out in a test"))
    plan.save(plan_path)
    result = run(*base, "--stamp", "2027-02-01T10:00:00+01:00")
    assert result.exit_code == 0, result.output
    assert "9 events (8 confirmed, 1 cancelled)" in result.output
    evs = events(parse(out.read_text(encoding="utf-8")))
    assert {uid: int(e["SEQUENCE"]) for uid, e in evs.items()} == {
        mission_uid(a.mission): int(a.mission == "M10") for a in valid_plan().assignments
    }
    assert str(evs[mission_uid("M10")]["STATUS"]) == "CANCELLED"
    assert evs[mission_uid("M10")].decoded("LAST-MODIFIED") == datetime(2027, 2, 1, 9, tzinfo=UTC)
    assert run(*base, "--fresh").exit_code == 0
    assert {int(e["SEQUENCE"]) for e in events(parse(out.read_text(encoding="utf-8"))).values()} == {0}
    bad = run(*base, "--stamp", "yesterday")
    assert bad.exit_code == 2 and "stamp" in bad.output


def test_cli_refuses_to_publish_a_plan_that_breaks_hard_rules(tiny: Instance, tiny_path: Path,
                                                              tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    hand_plan(tiny).save(plan_path)  # A02 is not competent for debates, M01 has too many ambassadors...
    out = tmp_path / "agenda.ics"
    people = tmp_path / "people"
    result = run(tiny_path, plan_path, "-o", out, "--public", "--per-person", people)
    no_traceback(result)
    assert result.exit_code == 1
    assert "eligibility: M01: ambassador A02 is not competent for debate" in result.output
    assert "seats: M01: 2 ambassadors, needs 1" in result.output
    assert "violation" in result.output
    assert not out.exists() and not people.exists()


def test_cli_never_writes_duplicate_uids(tiny_path: Path, tmp_path: Path) -> None:
    data = json.loads(valid_plan().to_json())
    data["assignments"].append({"mission": "M05", "ambassadors": ["A01"], "staff": None})
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "agenda.ics"
    result = run(tiny_path, plan_path, "-o", out)
    no_traceback(result)
    assert result.exit_code == 1 and "M05 is listed 2 times" in result.output
    assert not out.exists()


def _summary_title_instance(tiny_raw: dict[str, Any], tmp_path: Path) -> Path:
    for m in tiny_raw["missions"]:
        if m["id"] == "M05":
            m["title"] = "Talk\nBEGIN:VEVENT\nBEGIN:VEVENT; END:VEVENT, BEGIN:VEVENT"
    path = tmp_path / "year.json"
    path.write_text(json.dumps(tiny_raw), encoding="utf-8")
    return path


def test_cli_summary_counts_events_not_text(
    tiny_raw: dict[str, Any], plan_path: Path, tmp_path: Path
) -> None:
    year = _summary_title_instance(tiny_raw, tmp_path)
    out = tmp_path / "agenda.ics"
    result = run(year, plan_path, "-o", out, "--public")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("BEGIN:VEVENT") > 9  # the trap is set
    assert "public agenda, 9 events (9 confirmed)" in result.output
    assert len(events(parse(out.read_text(encoding="utf-8")))) == 9


MALFORMED_FEEDS = {
    "not iCalendar": b"this is not a calendar\n",
    "binary": b"\xff\xfe\x00\x01\x02",
    "json": b'{"calendar": []}',
    "empty": b"",
    "two calendars": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "broken date": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mission-M01@x\r\nDTSTART:garbage\r\n"
                    b"END:VEVENT\r\nEND:VCALENDAR\r\n"),
    "broken sequence": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mission-M01@x\r\n"
                        b"DTSTART:20270101T100000Z\r\nSEQUENCE:abc\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    "no start": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mission-M01@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "no uid": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20270101T100000Z\r\n"
               b"END:VEVENT\r\nEND:VCALENDAR\r\n"),
    "unfinished": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n",
    "event alone": b"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\n",
    "unknown kind": f"BEGIN:VCALENDAR\r\n{FEED_PROPERTY}:secret\r\nEND:VCALENDAR\r\n".encode(),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_FEEDS))
def test_cli_malformed_previous_feed_exits_2_and_keeps_it(
    case: str, tiny_path: Path, plan_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.ics"
    out.write_bytes(MALFORMED_FEEDS[case])
    result = run(tiny_path, plan_path, "-o", out)
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert str(out) in result.output and "error:" in result.output
    assert out.read_bytes() == MALFORMED_FEEDS[case]  # the earlier file is untouched
    other = tmp_path / "other.ics"
    result = run(tiny_path, plan_path, "-o", other, "--previous", out)
    assert result.exit_code == 2 and not other.exists()


def test_cli_public_feed_over_an_internal_one_is_refused_and_leaves_it(
    tiny_path: Path, plan_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.ics"
    assert run(tiny_path, plan_path, "-o", out, "--include-uncovered", "--stamp", STAMP).exit_code == 0
    internal = out.read_bytes()
    result = run(tiny_path, plan_path, "-o", out, "--public")
    no_traceback(result)
    assert result.exit_code == 2 and "internal agenda" in result.output
    assert out.read_bytes() == internal
    # --fresh replaces it knowingly, without reading it.
    assert run(tiny_path, plan_path, "-o", out, "--public", "--fresh").exit_code == 0
    evs = events(parse(out.read_text(encoding="utf-8")))
    assert {str(e["STATUS"]) for e in evs.values()} == {"CONFIRMED"}


def test_cli_long_ids_get_short_distinct_feed_files(tiny_raw: dict[str, Any], plan_path: Path,
                                                    tmp_path: Path) -> None:
    template = dict(tiny_raw["ambassadors"][0])
    template["interests"] = {}
    long_ids = ["A" * 300, "A" * 299 + "B", "é" * 200, "ab", "AB", "x/../../etc"]
    for pid in long_ids:
        tiny_raw["ambassadors"].append({**template, "id": pid, "name": "Long " + pid[:5]})
    year = tmp_path / "year.json"
    year.write_text(json.dumps(tiny_raw), encoding="utf-8")
    people = tmp_path / "people"
    result = run(year, plan_path, "--per-person", people)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    files = sorted(people.iterdir())
    assert len(files) == len(tiny_raw["ambassadors"]) + len(tiny_raw["staff"])
    assert all(f.parent == people for f in files)
    assert all(len(f.name.encode()) <= 255 for f in files)
    assert len({f.name.casefold() for f in files}) == len(files)  # distinct even ignoring case
    # Each file is that person's own feed (its calendar name holds the id).
    names = {str(parse(f.read_text(encoding="utf-8"))["X-WR-CALNAME"]) for f in files}
    assert all(any(f"({pid})" in n for n in names) for pid in long_ids)
    # A second export finds each file again as its previous export.
    assert run(year, plan_path, "--per-person", people).exit_code == 0
    assert sorted(people.iterdir()) == files
