import csv
import io
import json
from pathlib import Path

import pandas as pd
from _tiny_plans import plan_dict, plan_of, valid_table

from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.report import plan_frames, render_report, report_data, write_csv_folder


def test_text_report_shows_the_headline(tiny: Instance) -> None:
    text = render_report(tiny, plan_of(plan_dict()))
    assert "valid: every hard rule holds" in text
    assert "9 / 12 (75%)" in text and "28 / 36" in text
    assert "1135.00 of 1800.00" in text
    for heading in ("Coverage per axis", "Coverage per level", "Coverage per region", "Spend per quarter"):
        assert heading in text
    assert "Busiest ambassadors" in text and "A08" in text
    assert "Lotte" not in text  # names are personal data


def test_report_lists_violations(tiny: Instance) -> None:
    table = valid_table()
    table["M03"] = (["A04"], None)
    text = render_report(tiny, plan_of(plan_dict(table)))
    assert "NOT VALID" in text and "eligibility: M03: ambassador A04 does not speak fr" in text


def test_missing_reasons_are_explained(tiny: Instance) -> None:
    data = plan_dict()
    data["unassigned"] = [u for u in data["unassigned"] if u["mission"] != "M11"]
    report = report_data(tiny, plan_of(data))
    assert report.unassigned["M11"].startswith("unapproved initiative")
    assert not report.valid  # M11 listed nowhere
    assert report.unassigned_summary["left out in a test"] == 2
    assert json.loads(report.model_dump_json())["kpis"]["covered"] == report.kpis.covered


def test_frames(tiny: Instance) -> None:
    frames = plan_frames(tiny, plan_of(plan_dict()))
    assignments = frames["assignments"]
    assert len(assignments) == 13  # 10 ambassador seats + 3 staff pairs
    assert set(assignments["role"]) == {"ambassador", "staff"}
    assert "name" not in assignments.columns
    amb = assignments[assignments["role"] == "ambassador"]
    assert amb["cost_eur"].sum() == 1135.0
    assert amb.loc[(amb["mission"] == "M03") & (amb["person"] == "A02"), "match_points"].item() == 100
    loads = frames["loads"].set_index("ambassador")
    assert loads.loc["A08", "missions"] == 2 and loads.loc["A08", "hours"] == 12.0
    assert loads.loc["A08", "max_missions"] == 4
    assert list(frames["costs"]["spend_eur"]) == [275.0, 500.0, 10.0, 350.0]
    axis = frames["kpis_axis"].set_index("axis")
    assert axis.loc["defend", "covered"] == 2 and axis.loc["defend", "value_max"] == 15
    sector = frames["kpis_sector"].set_index("sector")
    assert sector.loc["music", "seats"] == 3  # M02 (two seats) and M07
    assert frames["kpis_region"]["spend_eur"].sum() == 1135.0
    assert list(frames["unassigned"]["mission"]) == ["M08", "M11", "M12"]


def test_frames_with_names_and_empty_plan(tiny: Instance) -> None:
    named = plan_frames(tiny, plan_of(plan_dict()), include_personal=True)
    assert "Lotte" in set(named["loads"]["name"])
    empty = plan_frames(tiny, plan_of(plan_dict({})))
    assert empty["assignments"].empty and len(empty["unassigned"]) == 12
    assert empty["costs"]["spend_eur"].sum() == 0.0
    assert (empty["kpis_axis"]["seats"] == 0).all()


def test_csv_folder(tiny: Instance, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    written = write_csv_folder(plan_frames(tiny, plan_of(plan_dict())), folder)
    assert {p.name for p in written} >= {"assignments.csv", "loads.csv", "costs.csv", "kpis_sector.csv"}
    assert (folder / "assignments.csv").read_bytes().startswith("\ufeffmission;".encode())
    back = pd.read_csv(folder / "assignments.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert len(back) == 13
    loads = pd.read_csv(folder / "loads.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert loads["hours"].dtype == "float64" and loads["missions"].dtype == "int64"
    write_csv_folder(plan_frames(tiny, plan_of(plan_dict())), folder, dialect="rfc4180")
    assert len(pd.read_csv(folder / "assignments.csv")) == 13


def test_csv_folder_escapes_formulas_but_not_numbers(tiny: Instance, tmp_path: Path) -> None:
    tiny.missions[0].title = "=HYPERLINK(\"http://evil.example\", \"click\")"
    tiny.missions[1].title = "@SUM(A1)"
    frames = plan_frames(tiny, plan_of(plan_dict()))
    frames["numbers"] = pd.DataFrame({"delta": [-3, 2], "note": ["-3", "+1"]})
    write_csv_folder(frames, tmp_path, dialect="rfc4180")
    rows = list(csv.reader(io.StringIO((tmp_path / "assignments.csv").read_text(encoding="utf-8"))))
    titles = {r[0]: r[1] for r in rows[1:]}
    assert titles["M01"] == "'=HYPERLINK(\"http://evil.example\", \"click\")"
    assert titles["M02"] == "'@SUM(A1)"
    numbers = list(csv.reader(io.StringIO((tmp_path / "numbers.csv").read_text(encoding="utf-8"))))
    assert numbers[1:] == [["-3", "'-3"], ["2", "'+1"]]


def test_reasons_are_grouped_by_rule_without_ids_or_counts() -> None:
    from ambassade_opt.report import _reason_kind

    assert _reason_kind("all 3 eligible ambassadors are busy: 2 at their monthly maximum") == (
        "all eligible ambassadors are busy")
    assert _reason_kind("proposer A0012 cannot take it (unavailable)") == "proposer cannot take it"
    assert _reason_kind("Q3 budget exhausted (12.50 EUR left)") == "Q3 budget exhausted"
    # Counts inside the sentence stay as "n", so the category reads as a sentence.
    reason = "only 1 of 2 eligible ambassadors are free, it needs 2: 1 at their yearly maximum"
    assert _reason_kind(reason) == "only n of n eligible ambassadors are free, it needs n"
    assert _reason_kind("2 pinned ambassadors for 1 seats") == "n pinned ambassadors for n seats"


def test_a_year_without_missions_or_people_gives_empty_tables_not_a_crash() -> None:
    """Found by the command fuzz test: the per-group tables of a year with no mission in a group."""
    from ambassade_opt.pages import render_report_page
    from ambassade_opt.report import plan_frames

    empty = Instance.model_validate({"format_version": 1, "name": "empty", "year": 2027, "ambassadors": [],
                                     "staff": [], "missions": [], "meetings": [], "policy": {}})
    frames = plan_frames(empty, Plan(status="feasible"))
    for grouping in ("axis", "level", "region", "sector"):
        table = frames[f"kpis_{grouping}"]
        assert {"covered", "missions", "coverage_ratio", "seats", "spend_eur"} <= set(table.columns)
        assert (table["covered"] == 0).all()
    assert "<html" in render_report_page(empty, Plan(status="feasible"), lang="en")
