"""A workspace of hostile input files for the command-line fuzz test (tests/test_fuzz_commands.py).

:func:`workspaces` draws one year and every document that goes with it, each either good (the year
valid but full of hostile text; a plan, changes, reports, a governance file and an earlier feed
made for it by the library) or broken (the strategies of :mod:`hostile`): the year as JSON, a
folder of CSV sheets or an ``.xlsx`` workbook; plans with unknown ids, broken rules or from another
year. :func:`command_lines` then draws the arguments of one command, options included (good and
hostile values), with every output under ``out/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile import (
    broken_json_text,
    hostile_actuals_bytes,
    hostile_changes_bytes,
    hostile_feed_bytes,
    hostile_governance_bytes,
    hostile_instance_bytes,
    hostile_instance_dicts,
    hostile_plan_bytes,
    hostile_sheet_folders,
    hostile_synthetic_years,
    hostile_workbook_bytes,
)
from hypothesis import strategies as st

from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Assignment, Plan, Unassigned


@dataclass
class Workspace:
    """The files to write (path relative to the workspace -> bytes) and the ids they use."""

    files: dict[str, bytes] = field(default_factory=dict)
    year: str = "year.json"
    actuals: str = "actuals.json"
    missions: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    seats: dict[str, list[str]] = field(default_factory=dict)
    """People on each mission in the good plan (``suggest --seat``)."""

    def write(self, root: Path) -> None:
        for name, data in self.files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (root / "out").mkdir(exist_ok=True)


def _plan_of(instance: Instance, assignments: list[Assignment]) -> Plan:
    covered = {a.mission for a in assignments}
    left = [Unassigned(mission=m.id, reason="left out") for m in instance.missions if m.id not in covered]
    return Plan(status="feasible", assignments=assignments, unassigned=left)


def _good_plan(instance: Instance) -> Plan:
    from ambassade_opt.suggest import fill_uncovered

    return _plan_of(instance, fill_uncovered(instance, [], [m.id for m in instance.missions]))


@st.composite
def _plan_bytes(draw: st.DrawFn, instance: Instance | None, good: Plan | None) -> bytes:
    ids = tuple(m.id for m in instance.missions) if instance is not None else ("M01", "M02")
    way = draw(st.sampled_from(("good",) * 5 + ("empty", "crowded", "unknown", "twice", "other", "bytes")))
    if instance is None or good is None or way == "bytes":
        return draw(hostile_plan_bytes(ids or ("M01",)))
    if way == "good":
        return good.to_json().encode()
    if way == "empty":
        return _plan_of(instance, []).to_json().encode()
    people = [a.id for a in instance.ambassadors]
    if way == "crowded" and ids:  # everyone on the first mission: seats, load, group cap...
        return _plan_of(instance, [Assignment(mission=ids[0], ambassadors=people)]).to_json().encode()
    if way == "unknown":
        extra = Assignment(mission="NO-SUCH-MISSION", ambassadors=["NOBODY"], staff="NO-STAFF")
        return good.model_copy(update={"assignments": [*good.assignments, extra]}).to_json().encode()
    if way == "twice" and good.assignments:
        return good.model_copy(update={"assignments": good.assignments * 2}).to_json().encode()
    other = Instance.model_validate(draw(hostile_instance_dicts(max_missions=3)))
    return _good_plan(other).to_json().encode()


PARAMS = (b"[shares]\ncoverage = 0.6\n", b"[lns]\nsub_seconds = 0.1\n", b"[blocks]\nabove_pairs = 0\n",
          b"[blocks]\nblock_work = inf\n", b"[shares]\ncoverage = nan\n", b"[shares]\ncoverage = -1\n",
          b"[blocks]\nabove_pairs = 99999999999999999999999\n", b"[shares]\ncolour = 1\n", b"shares = 3\n",
          b"[[shares]]\n", b"\xff\xfe", b"x = ", b"")


def _changes_text(instance: Instance, draw: st.DrawFn) -> str:
    missions = [m.id for m in instance.missions] or ["M01"]
    people = [a.id for a in instance.ambassadors] + [s.id for s in instance.staff] or ["A01"]
    year = instance.year
    kinds = st.sampled_from((
        {"kind": "unavailable", "person": draw(st.sampled_from(people)), "start": f"{year}-06-01",
         "end": f"{year}-06-30"},
        {"kind": "remove_mission", "mission": draw(st.sampled_from(missions))},
        {"kind": "set_seats", "mission": draw(st.sampled_from(missions)), "seats_min": 1,
         "seats_max": draw(st.sampled_from((1, 2, 0, 10**6)))},
        {"kind": "move_mission", "mission": draw(st.sampled_from(missions)), "start": f"{year}-09-01T10:00",
         "end": f"{year}-09-01T12:00"},
        {"kind": "approve_mission", "mission": draw(st.sampled_from(missions)), "approved": True},
        {"kind": "set_interest", "person": draw(st.sampled_from(people)),
         "mission": draw(st.sampled_from(missions)), "level": draw(st.integers(-3, 3))},
    ))
    now = draw(st.sampled_from((None, f"{year}-07-01T00:00", f"{year + 1}-01-01T00:00", "yesterday")))
    return json.dumps({"format_version": 1, "now": now, "changes": draw(st.lists(kinds, max_size=3))})


@st.composite
def _year_files(draw: st.DrawFn) -> tuple[str, dict[str, bytes], Instance | None]:
    """(the year's path, its files, the instance when it is valid)."""
    from ambassade_opt.csv_sheets import folder_texts, workbook_data

    form = draw(st.sampled_from(("json", "json", "json", "csv", "xlsx", "bad json", "bad csv", "bad xlsx")))
    if form == "bad json":
        return "year.json", {"year.json": draw(hostile_instance_bytes())}, None
    if form == "bad csv":
        files = draw(hostile_sheet_folders())
        return "year", {f"year/{name}": data for name, data in files.items()}, None
    source = hostile_synthetic_years() if draw(st.integers(0, 2)) else hostile_instance_dicts(max_missions=4)
    raw = draw(source)
    instance = Instance.model_validate(raw)
    if form == "json":
        return "year.json", {"year.json": instance.to_json().encode()}, instance
    if form == "csv":
        dialect = draw(st.sampled_from(("excel-be", "rfc4180")))
        texts = folder_texts(instance, dialect)
        return "year", {f"year/{name}": text.encode("utf-8") for name, text in texts.items()}, instance
    book = workbook_data(instance)
    if form == "bad xlsx":
        return "year.xlsx", {"year.xlsx": draw(hostile_workbook_bytes(book))}, None
    return "year.xlsx", {"year.xlsx": book}, instance


def _governance_text(instance: Instance, plan: Plan) -> str:
    from ambassade_opt.governance import govern

    try:
        return govern(instance, plan).to_json()
    except InputError:  # the policy cannot be met by these people: a file by hand
        return json.dumps({"support_group": {"members": []}, "meetings": []})


@st.composite
def _documents(draw: st.DrawFn, instance: Instance, plan: Plan) -> dict[str, bytes]:
    """Changes, reports (JSON, a folder or a workbook), a governance file, quotas and an earlier feed."""
    from ambassade_opt.actuals.sheets import folder_files
    from ambassade_opt.actuals.workbook import workbook_bytes
    from ambassade_opt.agenda import agenda_ics, person_feed_filename
    from ambassade_opt.synthetic import synthetic_actuals

    files: dict[str, bytes] = {}
    changes = _changes_text(instance, draw)
    way = draw(st.sampled_from(("good", "good", "broken", "hostile")))
    broken = draw(broken_json_text(changes)).encode("utf-8", "surrogatepass")
    files["changes.json"] = (changes.encode() if way == "good" else draw(hostile_changes_bytes())
                             if way == "hostile" else broken)
    reports = synthetic_actuals(instance, plan, seed=draw(st.integers(0, 3))).actuals
    form = draw(st.sampled_from(("json", "json", "folder", "xlsx", "bad xlsx", "bad json", "bad bytes")))
    mission = instance.missions[0].id if instance.missions else "M01"
    person = instance.ambassadors[0].id if instance.ambassadors else "A01"
    if form == "json":
        files["actuals.json"] = reports.to_json().encode()
    elif form == "folder":
        files.update({f"actuals/{name}": data for name, data in folder_files(reports).items()})
        files["actuals.json"] = b"not the reports: the folder is"
    elif form in ("xlsx", "bad xlsx"):
        book = workbook_bytes(reports)
        files["actuals.json"] = b"not the reports: the workbook is"
        files["actuals.xlsx"] = book if form == "xlsx" else draw(hostile_workbook_bytes(book))
    elif form == "bad json":
        files["actuals.json"] = draw(broken_json_text(reports.to_json())).encode("utf-8", "surrogatepass")
    else:
        files["actuals.json"] = draw(hostile_actuals_bytes(mission, person))
    governance = _governance_text(instance, plan)
    meeting = instance.meetings[0].id if instance.meetings else "G01"
    files["gov.json"] = (governance.encode() if draw(st.integers(0, 2))
                         else draw(hostile_governance_bytes(meeting, person)))
    files["quotas.json"] = draw(st.sampled_from((
        b'{"home_region": {"BXL": [0, 1]}}', b'{"home_region": {"BXL": [5, 9]}}',
        b'{"colour": {"red": [0, 1]}}', b'{"home_region": {"BXL": [1, 0]}}',
        b'{"home_region": {"BXL": [0, 1e400]}}', b"[]",
        b'{"home_region": {"BXL": [0, 1], "BXL": [1, 2]}}')))
    feed = agenda_ics(instance, plan, public=draw(st.booleans()), stamp=None)
    files["previous.ics"] = feed.encode() if draw(st.booleans()) else draw(hostile_feed_bytes(feed))
    people = [*instance.ambassadors, *instance.staff]
    if people and draw(st.booleans()):  # an earlier per-person export in the folder agenda replaces
        person = draw(st.sampled_from(people)).id
        mine = agenda_ics(instance, plan, person=person, stamp=None)
        earlier = mine.encode() if draw(st.booleans()) else draw(hostile_feed_bytes(mine))
        files[f"out/people/{person_feed_filename(person)}"] = earlier
    return files


@st.composite
def workspaces(draw: st.DrawFn) -> Workspace:
    """A year and its documents, each good or hostile (see the module docstring)."""
    year, files, instance = draw(_year_files())
    ws = Workspace(files=dict(files), year=year)
    ws.files["params.toml"] = draw(st.sampled_from(PARAMS) | st.binary(max_size=40))
    good = _good_plan(instance) if instance is not None else None
    ws.files["plan.json"] = draw(_plan_bytes(instance, good))
    if instance is None or good is None:
        ws.files["changes.json"] = draw(hostile_changes_bytes())
        ws.files["actuals.json"] = draw(hostile_actuals_bytes())
        ws.files["gov.json"] = draw(hostile_governance_bytes())
        ws.files["quotas.json"] = b'{"home_region": {"BXL": [0, 1]}}'
        ws.files["previous.ics"] = draw(st.binary(max_size=40))
        return ws
    ws.files.update(draw(_documents(instance, good)))
    ws.actuals = ("actuals" if "actuals/reports.csv" in ws.files
                  else "actuals.xlsx" if "actuals.xlsx" in ws.files else "actuals.json")
    ws.missions = [m.id for m in instance.missions]
    ws.people = [a.id for a in instance.ambassadors] + [s.id for s in instance.staff]
    ws.seats = {a.mission: [*a.ambassadors, *([a.staff] if a.staff else [])] for a in good.assignments}
    return ws


def settings_summary(ws: Workspace) -> dict[str, Any]:
    """What a failing example was made of, for the assertion message (sizes, not contents)."""
    return {"year": ws.year, "files": {name: len(data) for name, data in sorted(ws.files.items())}}


# --------------------------------------------------------------------------------------------
# Command lines

Draw = Any  # hypothesis' data.draw


def _pick(draw: Draw, p: Paths, good: tuple[str, ...], bad: tuple[str, ...]) -> str:
    """A good value; on a command line that attacks its options (``p.attack``), maybe a hostile one."""
    values = st.sampled_from(good) | st.sampled_from(bad) if p.attack else st.sampled_from(good)
    return str(draw(values))


def _seconds(draw: Draw, p: Paths) -> str:
    return _pick(draw, p, ("0.2", "0.4"), ("nan", "inf", "-1", "0", "1e309", "x", ""))


def _maybe(draw: Draw, *args: str) -> list[str]:
    return list(args) if draw(st.booleans()) else []


def _id(draw: Draw, p: Paths, ids: list[str]) -> str:
    return _pick(draw, p, tuple(ids) or ("NOPE",), ("NOPE", "", "x" * 300))


@dataclass(frozen=True)
class Paths:
    """Where the workspace's files are, and the ids the year uses."""

    root: Path
    ws: Workspace
    attack: bool = False
    """Whether option values may be hostile too (else only the files are)."""

    @property
    def year(self) -> str:
        return str(self.root / self.ws.year)

    @property
    def plan(self) -> str:
        return str(self.root / "plan.json")

    def __truediv__(self, name: str) -> str:
        return str(self.root / name)

    def out(self, name: str) -> str:
        return str(self.root / "out" / name)


def _dask(draw: Draw, p: Paths) -> list[str]:
    """On an attacking command line, maybe a scheduler address that is not one (never a real
    address: the test must not wait for a network)."""
    if not (p.attack and draw(st.booleans())):
        return []
    return ["--dask", draw(st.sampled_from(("garbage", "", "::::")))]


def _fast(draw: Draw, p: Paths) -> list[str]:
    return ["--time-limit", _seconds(draw, p), "--workers", _pick(draw, p, ("1",), ("0", "-3", "1e3"))]


def _seed(draw: Draw, p: Paths) -> list[str]:
    return ["--seed", _pick(draw, p, ("0", "7"), ("-1", str(2**40), "x"))]


def _convert(draw: Draw, p: Paths) -> list[str]:
    to = draw(st.sampled_from(("json", "csv", "xlsx")))
    target = {"json": "y.json", "csv": "sheets", "xlsx": "y.xlsx"}[to]
    return ["convert", p.year, "--to", to, "-o", p.out(target), "--csv-dialect",
            draw(st.sampled_from(("excel-be", "rfc4180")))]


def _schema(draw: Draw, p: Paths) -> list[str]:
    kinds = ("instance", "plan", "changes", "actuals", "governance", "training")
    what = _pick(draw, p, kinds, ("nothing", ""))
    return ["schema", "--what", what, "-o", draw(st.sampled_from(("-", p.out("schema.json"))))]


def _generate(draw: Draw, p: Paths) -> list[str]:
    size = _pick(draw, p, ("S", "s"), ("XS", "", "XXL", "s m"))
    year = _pick(draw, p, ("2027", "2031"), ("1899", "9999", "x"))
    return ["generate", "--size", size, *_seed(draw, p), "--year", year, "-o", p.out("g.json"), "-q"]


def _report(draw: Draw, p: Paths) -> list[str]:
    fmt = draw(st.sampled_from(("text", "json", "html", "csv-folder")))
    target = p.out("tables" if fmt == "csv-folder" else f"report.{fmt}")
    return ["report", p.year, p.plan, "--format", fmt, "-o", target,
            "--lang", draw(st.sampled_from(("fr", "nl", "en"))), *_maybe(draw, "--include-personal")]


def _govern(draw: Draw, p: Paths) -> list[str]:
    return ["govern", p.year, *_maybe(draw, "--plan", p.plan), "-o", p.out("gov.json"), *_seed(draw, p),
            *_maybe(draw, "--relax-quotas"), *_maybe(draw, "--instance-out", p.out("applied.json")), "-q"]


def _agenda(draw: Draw, p: Paths) -> list[str]:
    if draw(st.booleans()):
        return ["agenda", p.year, p.plan, "--format", "html", "-o", p.out("agenda.html"), "-q",
                *_maybe(draw, "--public"), "--lang", draw(st.sampled_from(("fr", "nl", "en")))]
    public = _maybe(draw, "--public")
    uncovered = [] if public else _maybe(draw, "--include-uncovered")
    return ["agenda", p.year, p.plan, "-o", p.out("agenda.ics"), *public, *uncovered, "-q",
            *_maybe(draw, "--previous", p / "previous.ics"), *_maybe(draw, "--per-person", p.out("people")),
            *_maybe(draw, "--stamp", _pick(draw, p, ("2027-01-10T09:00:00",), ("soon", "2027-13-01")))]


def _replan(draw: Draw, p: Paths) -> list[str]:
    now = _pick(draw, p, ("2027-07-01T00:00",), ("July", "2027-07-01T00:00+02:00"))
    tolerance = _pick(draw, p, ("0", "0.05"), ("1", "nan", "-0.1"))
    return ["replan", p.year, p.plan, p / "changes.json", "-o", p.out("new.json"), *_fast(draw, p), "-q",
            *_maybe(draw, "--instance-out", p.out("new_year.json")), *_maybe(draw, "--now", now),
            *_maybe(draw, "--start", draw(st.sampled_from(("published", "greedy")))),
            *_maybe(draw, "--coverage-tolerance", tolerance)]


def _suggest(draw: Draw, p: Paths) -> list[str]:
    """A free seat of an open mission, or someone's seat on a covered one (or, attacking, anything)."""
    open_missions = [m for m in p.ws.missions if m not in p.ws.seats]
    if p.attack or not p.ws.missions or (draw(st.booleans()) and open_missions):
        target = ["--mission", _id(draw, p, open_missions or p.ws.missions)]
        seat = _maybe(draw, "--seat", _id(draw, p, p.ws.people)) if p.attack else []
    else:
        mission = draw(st.sampled_from(sorted(p.ws.seats) or p.ws.missions))
        target = ["--mission", mission, "--seat", draw(st.sampled_from(p.ws.seats.get(mission) or ["NOPE"]))]
        seat = []
    now = _maybe(draw, "--now", _pick(draw, p, ("2027-07-01T00:00",), ("July", "2027-07-01T00:00+02:00")))
    return ["suggest", p.year, p.plan, *target, *seat, *now, *_maybe(draw, "--json"),
            "--top", _pick(draw, p, ("1", "5"), ("0", "-1", "1e9"))]


def _admit(draw: Draw, p: Paths) -> list[str]:
    quota = _pick(draw, p, ("home_region=BXL:0:2", "languages=fr:1:3"), ("home_region=BXL", "x=y:1:0", "=::"))
    cap = _pick(draw, p, ("1", "3"), ("-1", "1e9", "x"))
    return ["admit", p.year, "--cap", cap, *_fast(draw, p), *_seed(draw, p), "-q",
            *_maybe(draw, "--quota", quota), *_maybe(draw, "--quotas", p / "quotas.json"),
            *_maybe(draw, "--min-score", _pick(draw, p, ("50",), ("101", "nan"))),
            "-o", p.out("admit.json"), *_maybe(draw, "--plan-out", p.out("admit_plan.json"))]


def _curve(draw: Draw, p: Paths) -> list[str]:
    caps = _pick(draw, p, ("1,2", "0:2:1", "3"), ("x", "1e9", "0:1000000:1", "-1", "2,2"))
    return ["curve", p.year, "--caps", caps, "--time-limit-per-point", _seconds(draw, p), "--segments", "1",
            *_maybe(draw, "--budgets", _pick(draw, p, ("none,100",), ("-5", "1e99"))), "-q",
            "-o", p.out(draw(st.sampled_from(("curve.csv", "curve.json")))),
            *_maybe(draw, "--plot", p.out("curve.png")), *_dask(draw, p)]


def _settle(draw: Draw, p: Paths) -> list[str]:
    fmt = draw(st.sampled_from(("csv", "xlsx")))
    target = p.out("settlement" if fmt == "csv" else "pay.xlsx")
    dialect = ["--csv-dialect", draw(st.sampled_from(("excel-be", "rfc4180")))] if fmt == "csv" else []
    return ["settle", p.year, p.plan, p / p.ws.actuals, "-o", target, "--format", fmt, *dialect, "-q"]


def _close_year(draw: Draw, p: Paths) -> list[str]:
    return ["close-year", p.year, p.plan, *_maybe(draw, "--actuals", p / p.ws.actuals),
            *_maybe(draw, "--governance", p / "gov.json"), "--year", _pick(draw, p, ("2028",), ("1900", "x")),
            "-o", p.out("next.json"), "-q"]


def _train(draw: Draw, p: Paths) -> list[str]:
    most = _pick(draw, p, ("1",), ("-1", "x"))
    seconds = ["--time-limit", _seconds(draw, p), "--final-time-limit", _seconds(draw, p)]
    return ["train", p.year, *_maybe(draw, "--plan", p.plan), "--max-trainings", most, *seconds,
            "-o", p.out("training.json"), "--measure-top", "1",
            *_maybe(draw, "--instance-out", p.out("trained.json")), "-q"]


COMMANDS: dict[str, Any] = {
    "validate-instance": lambda draw, p: ["validate-instance", p.year],
    "convert": _convert,
    "schema": _schema,
    "generate": _generate,
    "demo": lambda draw, p: ["demo", "--time-limit", _seconds(draw, p), "--workers", "1",
                             "-o", p.out("demo.json"), "-q"],
    "plan": lambda draw, p: ["plan", p.year, "-o", p.out("p.json"), *_fast(draw, p), *_seed(draw, p), "-q",
                             *_maybe(draw, "--mode", draw(st.sampled_from(("lexicographic", "weighted")))),
                             *_maybe(draw, "--params", p / "params.toml"), *_dask(draw, p)],
    "check": lambda draw, p: ["check", p.year, p.plan],
    "report": _report,
    "govern": _govern,
    "agenda": _agenda,
    "replan": _replan,
    "suggest": _suggest,
    "admit": _admit,
    "curve": _curve,
    "settle": _settle,
    "close-year": _close_year,
    "train": _train,
}
"""command -> (draw, Paths) -> its arguments; every command of ``ambassade-opt --help``."""
