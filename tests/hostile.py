"""Hypothesis strategies for hostile input: what an attacker or a careless user feeds the tools.

Two families:

* **valid but hostile** (:func:`hostile_texts`, :func:`hostile_instances`,
  :func:`hostile_synthetic_years`): instances that the model accepts, whose free texts and tags
  are built to break writers and readers — formulas (``=cmd|...``, ``+``, ``-``, ``@``, tab, CR),
  quotes before formulas, separators ``,;``, line breaks, byte-order marks and other invisible
  characters, control characters, OOXML escapes (``_x0041_``), long and non-Latin text. Every
  format must carry them back exactly.
* **broken** documents as bytes (:func:`hostile_instance_bytes`, :func:`hostile_plan_bytes`,
  :func:`hostile_changes_bytes`, :func:`hostile_sheet_folders`): duplicate keys, deep nesting,
  non-finite and overflowing numbers, lone surrogates, bad encodings, truncation, huge cells,
  wrong types; and the other documents the commands read (:func:`hostile_actuals_bytes`,
  :func:`hostile_governance_bytes`, :func:`hostile_workbook_bytes`, :func:`hostile_feed_bytes`).
  Every command must refuse them with exit 2 (no traceback, nothing written).

Use them from any test module (``tests/`` is on ``sys.path``)::

    from hostile import hostile_instance_bytes, hostile_sheet_folders, write_files
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from strategies import instance_dicts

from ambassade_opt.model import Instance

FORMULA_HEADS = ("=", "+", "-", "@", "\t", "\r", "'=", "''+", "'", "=cmd|' /C calc'!A0", "-2+3")
AWKWARD_PIECES = (
    ",", ";", '"', "'", "\n", "\r\n", "\ufeff", "\u200b", "\u00a0", "[", "]", "{", "}", "\\",
    "_x0041_", "_x005F_", "\x00", "\x01", "\x1f", "\x7f", "\ufffe", "é", "ß", "日本", "🙂", "‮",
    "1,5", "VRAI", "true", "null", "NaN", "12/01/2027",
)
_PIECES = st.sampled_from(AWKWARD_PIECES) | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=4)


@st.composite
def hostile_texts(draw: st.DrawFn, max_pieces: int = 5) -> str:
    """Non-blank text made to break spreadsheets and CSV: a formula head, then awkward pieces."""
    head = draw(st.sampled_from(FORMULA_HEADS) | st.just(""))
    body = "".join(draw(st.lists(_PIECES, min_size=1, max_size=max_pieces)))
    text = head + body
    return text if text.strip() else text + "x"


def _tags(draw: st.DrawFn, n: int) -> list[str]:
    return draw(st.lists(hostile_texts(max_pieces=2), max_size=n, unique=True))


@st.composite
def hostile_instance_dicts(draw: st.DrawFn, max_missions: int = 4) -> dict[str, Any]:
    """A valid instance's data whose every free text and tag is hostile."""
    raw = draw(instance_dicts(plain=True, max_missions=max_missions, max_ambassadors=3, max_staff=2,
                              max_meetings=2))
    raw["name"] = draw(hostile_texts())
    for a in raw["ambassadors"]:
        a["name"] = draw(hostile_texts())
        a["motivation"] = draw(st.none() | hostile_texts())
        a["sectors"], a["themes"], a["trainings"] = _tags(draw, 2), _tags(draw, 2), _tags(draw, 2)
    for s in raw["staff"]:
        s["name"] = draw(hostile_texts())
    for m in raw["missions"]:
        m["title"] = draw(hostile_texts())
        m["sectors"], m["themes"] = _tags(draw, 2), _tags(draw, 2)
        m["requires_training"] = draw(st.none() | st.just(_tags(draw, 2)))
    for g in raw["meetings"]:
        g["topic"] = draw(hostile_texts())
        if g["themes"]:
            g["themes"] = draw(st.lists(hostile_texts(max_pieces=2), min_size=1, max_size=2, unique=True))
    return raw


@st.composite
def hostile_synthetic_years(draw: st.DrawFn) -> dict[str, Any]:
    """A small synthetic year (real-looking: seasons, regions, governance that can be met) whose
    free texts — names, titles, motivations, topics — are hostile."""
    from ambassade_opt.synthetic import YearSize, generate

    size = YearSize(n_ambassadors=draw(st.integers(4, 10)), n_missions=draw(st.integers(3, 14)))
    raw = generate(size, seed=draw(st.integers(0, 5))).model_dump(mode="json")
    raw["name"] = draw(hostile_texts())
    for person in [*raw["ambassadors"], *raw["staff"]]:
        person["name"] = draw(hostile_texts())
    for a in raw["ambassadors"]:
        a["motivation"] = draw(st.none() | hostile_texts())
    for m in raw["missions"]:
        m["title"] = draw(hostile_texts())
    for g in raw["meetings"]:
        g["topic"] = draw(hostile_texts())
    return raw


def hostile_instances(max_missions: int = 4) -> st.SearchStrategy[Instance]:
    return hostile_instance_dicts(max_missions).map(Instance.model_validate)


# --------------------------------------------------------------------------------------------
# Broken documents


def _valid_instance_text() -> st.SearchStrategy[str]:
    return instance_dicts(plain=True, max_missions=3, max_ambassadors=2).map(
        lambda raw: Instance.model_validate(raw).to_json())


BAD_NUMBERS = ("NaN", "Infinity", "-Infinity", "1e400", "-1e999", "9" * 400, str(2**63), "1e300",
               "-1", "0.5", '"12"', "true", "null", "[]", "{}")


@st.composite
def broken_json_text(draw: st.DrawFn, valid: str) -> str:
    """``valid`` JSON text broken in one of the ways the strict reader or validation refuses."""
    way = draw(st.sampled_from(("duplicate", "deep", "number", "surrogate", "truncate", "type", "bom",
                                "garbage")))
    if way == "duplicate":
        key = draw(st.sampled_from(('"id": ', '"format_version": ', '"missions": ', '"name": ')))
        if key in valid:
            return valid.replace(key, key + "null, " + key, 1)
        return valid[:-1] + ', "x": 1, "x": 2}'
    if way == "deep":
        depth = draw(st.sampled_from((65, 1_000, 100_000)))
        return valid[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    if way == "number":
        number = draw(st.sampled_from(BAD_NUMBERS))
        target = draw(st.sampled_from(('"year": ', '"max_hours": ', '"seats_max": ', '"priority": ',
                                       '"max_missions": ', '"format_version": ')))
        if target not in valid:
            return valid.replace('"year": ', '"year": ' + number + ", \"_\": ", 1)
        head, _, tail = valid.partition(target)
        rest = tail.split(",", 1)[1] if "," in tail else "}"
        return head + target + number + "," + rest
    if way == "surrogate":
        return valid.replace('"name": "', '"name": "\\ud800', 1)
    if way == "truncate":
        return valid[: draw(st.integers(0, max(len(valid) - 1, 0)))]
    if way == "type":
        return draw(st.sampled_from(("[]", '"year"', "null", "42", "[" + valid + "]")))
    if way == "bom":
        return "\ufeff\ufeff" + valid
    return draw(st.text(max_size=50))


@st.composite
def hostile_instance_bytes(draw: st.DrawFn) -> bytes:
    """An instance file that must be refused: broken JSON text, or not UTF-8 at all."""
    if draw(st.integers(0, 9)) == 0:
        return b"\xff\xfe" + draw(st.binary(max_size=40))
    return draw(broken_json_text(draw(_valid_instance_text()))).encode("utf-8", "surrogatepass")


@st.composite
def hostile_plan_bytes(draw: st.DrawFn, mission_ids: tuple[str, ...] = ("M01", "M02")) -> bytes:
    """A plan file that must be refused (broken JSON, unknown fields, wrong types...)."""
    plan = {"format_version": 1, "status": "feasible",
            "assignments": [{"mission": m, "ambassadors": ["A01"]} for m in mission_ids[:1]],
            "unassigned": [{"mission": m, "reason": "r"} for m in mission_ids[1:]]}
    text = json.dumps(plan)
    extra = draw(st.sampled_from((
        text.replace('"status": "feasible"', '"status": "feasible", "status": "optimal"'),
        text.replace('"format_version": 1', '"format_version": 1e400'),
        text.replace('"assignments": [', '"assignments": ' + "[" * 5000, 1),
        text.replace('"A01"', '"\\udfff"'),
        text.replace('"feasible"', '"great"'),
        text[:-1] + ', "colour": "blue"}',
        text.replace('"ambassadors": ["A01"]', '"ambassadors": "A01"'),
    )))
    return draw(st.just(extra) | broken_json_text(text)).encode("utf-8", "surrogatepass")


@st.composite
def hostile_changes_bytes(draw: st.DrawFn) -> bytes:
    """A changes file that must be refused."""
    change = {"kind": "set_seats", "mission": "M01", "seats_min": 1, "seats_max": 2}
    text = json.dumps({"format_version": 1, "changes": [change]})
    extra = draw(st.sampled_from((
        text.replace('"seats_max": 2', '"seats_max": 2, "seats_max": 1'),
        text.replace('"seats_max": 2', '"seats_max": ' + "9" * 40),
        text.replace('"seats_max": 2', '"seats_max": 1e300'),
        text.replace('"seats_max": 2', '"seats_max": NaN'),
        text.replace('"set_seats"', '"explode"'),
        text.replace('"changes": [', '"changes": ' + "[" * 3000, 1),
    )))
    return draw(st.just(extra) | broken_json_text(text)).encode("utf-8", "surrogatepass")


CELL_ATTACKS = (
    "x" * 1_100_000, '[{"start": ' * 200, "1e400", "9" * 400, str(2**63), "NaN", "inf", "14,5,3",
    "maybe", "31/02/2027 25:61", '{"a": 1, "a": 2}', "\x00", "=1+1", "1" * 131_073,
)


@st.composite
def hostile_sheet_folders(draw: st.DrawFn) -> dict[str, bytes]:
    """The files (name -> bytes) of a folder of CSV sheets, broken so that loading must refuse it
    (or, for a few harmless attacks such as ``=1+1`` in a title, load it unchanged)."""
    from ambassade_opt.csv_sheets import folder_texts

    raw = draw(instance_dicts(plain=True, max_missions=3, max_ambassadors=2))
    # one id per person: the spare ambassador must not take a staff member's id
    taken = {p["id"] for p in raw["staff"]} | {m["id"] for m in raw["missions"]}
    spare = next(f"A{i}" for i in range(1, len(taken) + 2) if f"A{i}" not in taken)
    raw["ambassadors"] = raw["ambassadors"] or [{"id": spare, "name": "N", "home_region": "BXL",
                                                 "languages": ["fr"], "max_missions": 1, "max_hours": 1}]
    dialect = draw(st.sampled_from(("excel-be", "rfc4180")))
    files = {k: v.encode("utf-8") for k, v in folder_texts(Instance.model_validate(raw), dialect).items()}
    sheet = draw(st.sampled_from(("ambassadors.csv", "missions.csv", "instance.json", "policy.json")))
    text = files[sheet].decode("utf-8")
    if sheet.endswith(".json"):
        files[sheet] = draw(broken_json_text(text)).encode("utf-8", "surrogatepass")
        return files
    lines = text.split("\r\n")
    column = draw(st.integers(0, lines[0].count(";" if dialect == "excel-be" else ",")))
    attack = draw(st.sampled_from(CELL_ATTACKS) | st.sampled_from(("", "\ufeff", "\xff")))
    separator = ";" if dialect == "excel-be" else ","
    cells = (lines[1] if len(lines) > 2 else lines[0]).split(separator)
    if column < len(cells):
        cells[column] = '"' + attack.replace('"', '""') + '"'
    lines[1 if len(lines) > 2 else 0] = separator.join(cells)
    files[sheet] = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    if attack == "\xff":
        files[sheet] = b"\xff" + files[sheet]
    return files


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


# --------------------------------------------------------------------------------------------
# The other documents the commands read: reports, governance files, workbooks, earlier feeds


@st.composite
def hostile_actuals_bytes(draw: st.DrawFn, mission: str = "M01", person: str = "A01") -> bytes:
    """A mission reports file (DOMAIN.md section 9) broken in one of many ways."""
    report = {"mission": mission, "held": True, "people": [{"id": person, "hours": 2, "expenses_eur": 0}],
              "evaluation": {"rating": 4, "audience": 10, "notes": None, "follow_up": None}}
    text = json.dumps({"format_version": 1, "year": 2027, "reports": [report]})
    extra = draw(st.sampled_from((
        text.replace('"hours": 2', '"hours": 1e300'),
        text.replace('"hours": 2', '"hours": -1'),
        text.replace('"hours": 2', '"hours": NaN'),
        text.replace('"hours": 2', '"hours": 2, "hours": 3'),
        text.replace('"held": true', '"held": false'),
        text.replace('"rating": 4', '"rating": 6'),
        text.replace('"audience": 10', '"audience": ' + "9" * 30),
        text.replace(f'"id": "{person}"', '"id": "NOBODY"'),
        text.replace('"expenses_eur": 0', '"expenses_eur": 0, "substitute_for": "NOBODY"'),
        text.replace('"reports": [', '"reports": [' + json.dumps(report) + ", ", 1),
        text.replace('"year": 2027', '"year": 99999'),
    )))
    return draw(st.just(extra) | broken_json_text(text)).encode("utf-8", "surrogatepass")


@st.composite
def hostile_governance_bytes(draw: st.DrawFn, meeting: str = "G01", person: str = "A01") -> bytes:
    """A governance file (DOMAIN.md section 6) broken in one of many ways."""
    record = {"meeting": meeting, "method": "sortition", "guests": [person], "seed": 1,
              "pool_digest": "0" * 64, "probabilities": {person: 1.0},
              "distribution": [{"panel": [person], "probability": 1.0}]}
    text = json.dumps({"support_group": {"members": [person]}, "meetings": [record]})
    extra = draw(st.sampled_from((
        text.replace('"probability": 1.0', '"probability": 2'),
        text.replace('"seed": 1', '"seed": 1e400'),
        text.replace('"0000', '"zzzz', 1),
        text.replace('"sortition"', '"raffle"'),
        text.replace('"guests": [', '"guests": ' + "[" * 500, 1),
        text.replace(f'"guests": ["{person}"]', '"guests": ["NOBODY"]'),
        text.replace(f'"meeting": "{meeting}"', '"meeting": "NO-SUCH-MEETING"'),
        text[:-1] + ', "colour": "blue"}',
    )))
    return draw(st.just(extra) | broken_json_text(text)).encode("utf-8", "surrogatepass")


WORKBOOK_ATTACKS = ("1e400", "9" * 400, "NaN", "inf", "maybe", "31/02/2027 25:61", '{"a": 1, "a": 2}',
                    '[{"start": ' * 200, "=1+1", "x" * 40_000, "")


@st.composite
def hostile_workbook_bytes(draw: st.DrawFn, valid: bytes) -> bytes:
    """The ``.xlsx`` workbook ``valid`` with one cell attacked, cut short, or not a workbook at all."""
    import io

    from openpyxl import load_workbook

    way = draw(st.sampled_from(("cell", "cell", "truncate", "garbage", "empty")))
    if way == "truncate":
        return valid[: draw(st.integers(0, len(valid) - 1))]
    if way == "garbage":
        return b"PK\x03\x04" + draw(st.binary(max_size=64))
    if way == "empty":
        return b""
    book = load_workbook(io.BytesIO(valid))
    sheet = book[draw(st.sampled_from(book.sheetnames))]
    row = draw(st.integers(1, max(sheet.max_row, 1) + 1))
    column = draw(st.integers(1, max(sheet.max_column, 1) + 1))
    sheet.cell(row=row, column=column, value=draw(st.sampled_from(WORKBOOK_ATTACKS)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def hostile_feed_bytes(draw: st.DrawFn, valid: str) -> bytes:
    """An earlier agenda export (``agenda --previous``): ``valid`` broken, or some other calendar."""
    way = draw(st.sampled_from(("sequence", "date", "kind", "truncate", "uid", "two", "garbage", "deep",
                                "valid")))
    if way == "sequence":
        text = valid.replace("SEQUENCE:0", "SEQUENCE:" + draw(st.sampled_from(("-1", "9" * 30, "x", ""))))
    elif way == "date":
        text = valid.replace("DTSTART", "DTSTART;VALUE=DATE-TIME:20271345T996161\r\nX-OLD-DTSTART", 1)
    elif way == "kind":
        kind = draw(st.sampled_from(("public", "internal", "person", "weird", "")))
        text = valid.replace("X-AMBASSADE-OPT-FEED:", f"X-AMBASSADE-OPT-FEED:{kind}\r\nX-WAS:")
    elif way == "truncate":
        text = valid[: draw(st.integers(0, max(len(valid) - 1, 0)))]
    elif way == "uid":
        text = valid.replace("UID:", "UID:\r\nX-UID:", 1)
    elif way == "two":
        text = valid + valid
    elif way == "deep":
        text = valid.replace("END:VCALENDAR", "BEGIN:VEVENT\r\n" * 300 + "END:VCALENDAR")
    elif way == "garbage":
        return draw(st.binary(max_size=80))
    else:
        text = valid
    return text.encode("utf-8")
