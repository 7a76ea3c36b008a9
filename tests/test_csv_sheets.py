"""The folder of CSV sheets: loading, every kind of bad sheet, and writing safely."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from ambassade_opt.csv_sheets import read_csv_folder, write_csv_folder
from ambassade_opt.errors import InputError
from ambassade_opt.formats.cells import DIALECTS, format_cell, parse_cell
from ambassade_opt.formats.columns import columns_of
from ambassade_opt.model import Ambassador, Instance, Mission


@pytest.fixture
def sheets(tiny: Instance, tmp_path: Path) -> Path:
    """The tiny year as RFC 4180 sheets (``,``, decimal points), for tests that edit cells."""
    folder = tmp_path / "year"
    write_csv_folder(tiny, folder, dialect="rfc4180")
    return folder


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """``row`` as a spreadsheet shows it: the header is row 1."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def problems(folder: Path) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        read_csv_folder(folder)
    return info.value.problems


def test_folder_layout(sheets: Path) -> None:
    assert sorted(p.name for p in sheets.iterdir()) == [
        "ambassadors.csv",
        "instance.json",
        "meetings.csv",
        "missions.csv",
        "policy.json",
        "staff.csv",
    ]
    assert json.loads((sheets / "instance.json").read_text()) == {
        "format_version": 1,
        "name": "Tiny hand-made year",
        "year": 2027,
    }
    header = read_rows(sheets / "missions.csv")[0]
    assert header == list(Mission.model_fields)
    a01 = dict(
        zip(read_rows(sheets / "ambassadors.csv")[0], read_rows(sheets / "ambassadors.csv")[1], strict=True)
    )
    assert a01["languages"] == "nl;en" and a01["competences"] == "talk;debate;informal"
    assert a01["links"] == '[{"field": "associative", "scope": "national"}]'
    assert a01["unavailable"] == "" and a01["max_per_month"] == "" and a01["charter_signed"] == "true"


def test_bad_cell_names_sheet_row_and_column(sheets: Path) -> None:
    set_cell(sheets / "missions.csv", 5, "end", "2027-04-22T09:00")
    assert problems(sheets) == [("missions.csv row 5, column end", "must be after start (2027-04-22T09:30)")]


def test_every_problem_of_every_sheet_at_once(sheets: Path) -> None:
    set_cell(sheets / "missions.csv", 2, "seats_max", "zero")
    set_cell(sheets / "missions.csv", 11, "proposed_by", "A99")
    set_cell(sheets / "ambassadors.csv", 9, "id", "A01")  # A08, whom nothing refers to
    set_cell(sheets / "ambassadors.csv", 4, "unavailable", '[{"start": "2027-07-01", "end": "2027-06-01"}]')
    set_cell(sheets / "staff.csv", 2, "languages", "fr;xx")
    set_cell(sheets / "meetings.csv", 3, "guest_seats", "-1")
    policy = json.loads((sheets / "policy.json").read_text())
    policy["support_group"]["max_size"] = 11
    (sheets / "policy.json").write_text(json.dumps(policy))
    found = dict(problems(sheets))
    assert set(found) == {
        "missions.csv row 2, column seats_max",
        "missions.csv row 11, column proposed_by",
        "ambassadors.csv row 9, column id",
        "ambassadors.csv row 4, column unavailable[0].end",
        "staff.csv row 2, column languages[1]",
        "meetings.csv row 3, column guest_seats",
        "policy.json, support_group.max_size",
    }
    assert "unknown ambassador 'A99'" in found["missions.csv row 11, column proposed_by"]
    assert "duplicate id 'A01'" in found["ambassadors.csv row 9, column id"]
    assert "(got 'zero')" in found["missions.csv row 2, column seats_max"]


def test_missing_instance_json_is_a_clear_error(sheets: Path) -> None:
    (sheets / "instance.json").unlink()
    found = problems(sheets)
    assert len(found) == 1
    assert found[0][0] == "instance.json"
    assert "format_version, name and year" in found[0][1]


def test_instance_json_fields(sheets: Path) -> None:
    (sheets / "instance.json").write_text(
        '{"format_version": 1, "name": "x", "year": "2027", "missions": []}'
    )
    found = dict(problems(sheets))
    assert set(found) == {"instance.json, year", "instance.json, missions"}


def test_missing_required_sheet(sheets: Path) -> None:
    (sheets / "ambassadors.csv").unlink()
    found = problems(sheets)
    assert [loc for loc, _ in found] == ["ambassadors.csv"]
    assert "missing" in found[0][1]


def test_optional_files_default(sheets: Path, tiny: Instance) -> None:
    for name in ("staff.csv", "meetings.csv", "policy.json"):
        (sheets / name).unlink()
    inst = read_csv_folder(sheets)
    assert inst.staff == [] and inst.meetings == []
    assert inst.policy == Instance.model_fields["policy"].default
    assert inst.missions == tiny.missions


def test_unknown_duplicate_and_missing_columns(sheets: Path) -> None:
    rows = read_rows(sheets / "ambassadors.csv")
    rows[0][rows[0].index("max_hours")] = "max_houres"
    rows[0][rows[0].index("motivation")] = "trainings"
    write_rows(sheets / "ambassadors.csv", rows)
    found = problems(sheets)
    assert ("ambassadors.csv column max_houres", "unknown column (check the spelling)") in found
    assert ("ambassadors.csv column trainings", "the column appears twice") in found
    assert ("ambassadors.csv", "missing column max_hours") in found
    assert len(found) == 3  # the missing column is reported once, not once per row


def test_columns_in_any_order_and_optional_ones_left_out(sheets: Path, tiny: Instance) -> None:
    rows = read_rows(sheets / "meetings.csv")
    keep = ["topic", "id", "end", "start", "kind", "guest_seats", "themes"]
    index = [rows[0].index(c) for c in keep]
    write_rows(sheets / "meetings.csv", [[r[i] for i in index] for r in rows])
    assert read_csv_folder(sheets).meetings == tiny.meetings


def test_blank_rows_are_skipped_and_rows_still_counted(sheets: Path) -> None:
    rows = read_rows(sheets / "missions.csv")
    rows.insert(2, [""] * len(rows[0]))
    write_rows(sheets / "missions.csv", rows)
    set_cell(sheets / "missions.csv", 4, "language", "NL")  # M02, now on spreadsheet row 4
    assert [loc for loc, _ in problems(sheets)] == ["missions.csv row 4, column language"]


def test_row_with_too_many_cells(sheets: Path) -> None:
    rows = read_rows(sheets / "meetings.csv")
    rows[1].append("surprise")
    write_rows(sheets / "meetings.csv", rows)
    found = problems(sheets)
    assert found[0][0] == "meetings.csv row 2" and "cells" in found[0][1]


def test_nested_cell_that_is_not_json(sheets: Path) -> None:
    set_cell(sheets / "ambassadors.csv", 4, "unavailable", "2027-07-01 to 2027-08-31")
    found = problems(sheets)
    assert [loc for loc, _ in found] == ["ambassadors.csv row 4, column unavailable"]
    assert "not valid JSON" in found[0][1]


def test_bad_values_in_typed_cells(sheets: Path) -> None:
    set_cell(sheets / "ambassadors.csv", 2, "charter_signed", "maybe")
    set_cell(sheets / "ambassadors.csv", 3, "max_missions", "six")
    set_cell(sheets / "ambassadors.csv", 4, "max_hours", "12,5")
    set_cell(sheets / "ambassadors.csv", 8, "available_weekdays", "4;sat")
    set_cell(sheets / "ambassadors.csv", 5, "selection_score", "nan")
    found = dict(problems(sheets))
    assert "boolean" in found["ambassadors.csv row 2, column charter_signed"]
    assert "integer" in found["ambassadors.csv row 3, column max_missions"]
    assert "number" in found["ambassadors.csv row 4, column max_hours"]
    assert "integer" in found["ambassadors.csv row 8, column available_weekdays[1]"]
    assert "finite" in found["ambassadors.csv row 5, column selection_score"]


def test_friendly_spellings(sheets: Path) -> None:
    set_cell(sheets / "ambassadors.csv", 2, "languages", " nl ; en ;")
    set_cell(sheets / "ambassadors.csv", 2, "charter_signed", "TRUE")
    set_cell(sheets / "ambassadors.csv", 3, "consent_public", "0")
    set_cell(sheets / "missions.csv", 2, "start", " 2027-02-11 19:00 ")
    inst = read_csv_folder(sheets)
    assert inst.ambassadors[0].languages == ["nl", "en"] and inst.ambassadors[0].charter_signed
    assert inst.ambassadors[1].consent_public is False
    assert inst.missions[0].start.hour == 19


def test_json_list_cells(sheets: Path) -> None:
    set_cell(sheets / "missions.csv", 2, "requires_training", "[]")
    set_cell(sheets / "missions.csv", 3, "themes", '["smart_services", "a;b"]')
    inst = read_csv_folder(sheets)
    assert inst.missions[0].requires_training == []
    assert inst.missions[1].requires_training is None
    assert inst.missions[1].themes == ["smart_services", "a;b"]


def test_belgian_excel_export(sheets: Path, tiny: Instance) -> None:
    """Semicolon-separated, with a byte-order mark: what a spreadsheet in a Belgian locale saves."""
    for name in ("ambassadors.csv", "missions.csv"):
        rows = read_rows(sheets / name)
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        (sheets / name).write_bytes(out.getvalue().encode("utf-8-sig"))
    assert read_csv_folder(sheets) == tiny


def test_not_utf8(sheets: Path) -> None:
    set_cell(sheets / "missions.csv", 2, "pinned_staff", "S03")
    path = sheets / "staff.csv"
    path.write_bytes(path.read_bytes().replace(b"Elise", "Élise".encode("latin-1")))
    found = problems(sheets)
    assert len(found) == 1  # and S03, pinned on M01, is not called unknown for want of the sheet
    assert found[0][0] == "staff.csv" and "UTF-8" in found[0][1]


def test_policy_json_problems(sheets: Path) -> None:
    (sheets / "policy.json").write_text('{"travel": {"pairs": [{"a": "VL", "b": "VL"}]}')
    found = problems(sheets)
    assert found[0][0] == "policy.json" and "not valid JSON" in found[0][1]
    (sheets / "policy.json").write_text(
        '{"travel": {"pairs": [{"a": "VL", "b": "VL", "buffer_minutes": 9, '
        '"expense_eur": 1}]}, "groupcap": 3}'
    )
    assert {loc for loc, _ in problems(sheets)} == {"policy.json, travel.pairs[0].b", "policy.json, groupcap"}


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_csv_folder(tmp_path / "nothing")


def test_cells_round_trip_awkward_lists() -> None:
    themes = next(c for c in columns_of(Mission) if c.name == "themes")
    training = next(c for c in columns_of(Mission) if c.name == "requires_training")
    weekdays = next(c for c in columns_of(Ambassador) if c.name == "available_weekdays")
    rfc = DIALECTS["rfc4180"]
    for column, value in [
        (themes, ["a;b", "c"]),
        (themes, [" padded"]),
        (themes, ["[x"]),
        (themes, ["x", "y"]),
        (training, []),
        (weekdays, [0, 6]),
        (weekdays, []),
    ]:
        cell = format_cell(column, value, rfc)
        assert parse_cell(column, cell) == value, (value, cell)
    assert format_cell(themes, ["x", "y"], rfc) == "x;y"
    assert format_cell(themes, [], rfc) == ""
    assert format_cell(training, [], rfc) == "[]" and format_cell(training, None, rfc) == ""


# --------------------------------------------------------------------------------------------
# Writing


def test_writing_into_an_existing_folder_keeps_other_files(sheets: Path, tiny: Instance) -> None:
    (sheets / "README.txt").write_text("notes")
    write_csv_folder(tiny, sheets, dialect="rfc4180")
    assert (sheets / "README.txt").read_text() == "notes"
    assert not [p for p in sheets.iterdir() if p.name.startswith(".")]


def test_output_that_is_a_file(tiny: Instance, tmp_path: Path) -> None:
    target = tmp_path / "year.csv"
    target.write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        write_csv_folder(tiny, target)
    assert target.read_text() == "x"


def test_failure_while_writing_changes_nothing(
    sheets: Path, tiny: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name: p.read_bytes() for p in sheets.iterdir()}
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    changed = tiny.model_copy(update={"name": "changed"})
    with pytest.raises(OSError):
        write_csv_folder(changed, sheets)
    assert {p.name: p.read_bytes() for p in sheets.iterdir()} == before
    calls["n"] = 0
    with pytest.raises(OSError):
        write_csv_folder(changed, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()
