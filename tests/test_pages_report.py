"""The report page: valid HTML, the figures of the plan, Belgian formats, three languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _html_checks import elements, no_network, parse_strict, visible_text
from _tiny_plans import plan_dict, plan_of, valid_table
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.pages import render_report_page


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    tiny = Instance.load(Path(__file__).parent / "data" / "tiny_year.json")
    plan = plan_of(plan_dict())
    return {lang: render_report_page(tiny, plan, lang=lang) for lang in ("fr", "nl", "en")}


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_report_page_is_strict_self_contained_html(pages: dict[str, str], lang: str) -> None:
    tree = parse_strict(pages[lang])
    no_network(pages[lang], tree)
    assert tree.tag == "html" and tree.get("lang") == lang
    assert len(elements(tree, "svg")) >= 6  # hatch patterns + 3 coverage, loads, spend, calendar charts
    assert elements(tree, "style")


def test_french_report_shows_the_figures_the_belgian_way(pages: dict[str, str]) -> None:
    text = visible_text(pages["fr"])
    for expected in ("Tiny hand-made year : plan 2027", "Chiffres clés", "9 / 12", "75 %", "28 / 36",
                     "1 135,00 €", "sur 1 800,00 € (63 %)", "Couverture par axe", "Couverture par niveau",
                     "Couverture par région", "promouvoir", "informer", "défendre", "Charges",
                     "Dépenses par trimestre", "Pourquoi des missions ne sont pas couvertes",
                     "toutes les règles strictes sont respectées", "L’année en un coup d’œil",
                     "6 mars 2027", "Music fair stand (day 2)"):
        assert expected in text, expected
    assert "1,135" not in text and "1.135" not in text


def test_dutch_and_english_reports(pages: dict[str, str]) -> None:
    nl = visible_text(pages["nl"])
    for expected in ("Kerncijfers", "Dekking per as", "promoten", "€ 1.135,00", "van € 1.800,00 (63%)",
                     "Uitgaven per kwartaal", "Waarom opdrachten niet gedekt zijn", "6 mrt 2027"):
        assert expected in nl, expected
    en = visible_text(pages["en"])
    for expected in ("Headline figures", "Coverage per axis", "€1,135.00", "Why missions are left out"):
        assert expected in en, expected


def _rows(table: Any) -> list[list[str]]:
    return [["".join(c.itertext()).strip() for c in row] for row in table.iter("tr")]


def test_report_page_shows_the_left_out_missions_grouped(pages: dict[str, str]) -> None:
    tree = parse_strict(pages["fr"])
    tables = {t.findtext("caption"): t for t in elements(tree, "table") if t.findtext("caption")}
    left_out = _rows(tables["Missions non couvertes"])[1:]
    assert [r[0] for r in left_out] == ["M12", "M08", "M11"]  # in date order
    assert all(r[-1] == "left out in a test" for r in left_out)
    section = next(e for e in elements(tree, "section") if e.get("id") == "left-out")
    grouped = _rows(elements(section, "table")[0])
    assert grouped == [["raison", "missions"], ["left out in a test", "3"]]


def test_reasons_computed_by_the_library_are_grouped(tiny: Instance) -> None:
    data = plan_dict()
    data["unassigned"] = []  # the report asks explain_unassigned for the reasons
    tree = parse_strict(render_report_page(tiny, plan_of(data), lang="en"))
    section = next(e for e in elements(tree, "section") if e.get("id") == "left-out")
    grouped = _rows(elements(section, "table")[0])[1:]
    assert sum(int(count) for _, count in grouped) == 3
    assert ["unapproved initiative", "1"] in grouped
    detail = _rows(elements(section, "table")[1])
    assert any(r[0] == "M11" and r[-1] == "unapproved initiative (proposed by A02)" for r in detail)


@pytest.mark.parametrize(("lang", "kind"), [("fr", "initiative non approuvée"),
                                            ("nl", "niet-goedgekeurd initiatief")])
def test_kinds_of_reason_are_translated(tiny: Instance, lang: str, kind: str) -> None:
    data = plan_dict()
    data["unassigned"] = []
    tree = parse_strict(render_report_page(tiny, plan_of(data), lang=lang))
    section = next(e for e in elements(tree, "section") if e.get("id") == "left-out")
    grouped = _rows(elements(section, "table")[0])[1:]
    assert [kind, "1"] in grouped
    assert not any(row[0] == "unapproved initiative" for row in grouped)


def test_report_page_names_nobody(pages: dict[str, str]) -> None:
    for page in pages.values():
        text = visible_text(page)
        assert not any(name in text for name in ("Lotte", "Mehdi", "Claire", "Jonas", "Hugo", "Nadia"))
        assert "A08" in text  # ambassadors by id


def test_report_page_lists_violations_escaped(tiny_raw: dict[str, Any]) -> None:
    for m in tiny_raw["missions"]:
        if m["id"] == "M03":
            m["title"] = "<script>alert('x')</script> & <b>bold</b>"
    tiny = Instance.model_validate(tiny_raw)
    table = valid_table()
    table["M03"] = (["A04"], None)  # A04 does not speak French
    table.pop("M09")
    page = render_report_page(tiny, plan_of(plan_dict(table)), lang="fr")
    tree = parse_strict(page)
    assert not elements(tree, "script") and not elements(tree, "b")
    text = visible_text(page)
    assert "2 infractions aux règles strictes" in text
    assert "eligibility: M03: ambassador A04 does not speak fr" in text
    assert "Radio interview on freelance work" in text  # M09 is now left out


def test_cli_report_html(tiny_path: Path, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan_dict()), encoding="utf-8")
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tiny_path), str(plan_path), "--format", "html",
                                  "--lang", "nl",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Dekking per regio" in out.read_text(encoding="utf-8")
    quiet = runner.invoke(main, ["report", str(tiny_path), str(plan_path), "--format", "html", "-q",
                                 "-o", str(tmp_path / "quiet.html")])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert "Couverture par région" in (tmp_path / "quiet.html").read_text(encoding="utf-8")
    bad = runner.invoke(main, ["report", str(tiny_path), str(plan_path), "--format", "html", "--lang", "de",
                               "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and not (tmp_path / "x.html").exists()
    personal = runner.invoke(main, ["report", str(tiny_path), str(plan_path), "--format", "html",
                                    "--include-personal", "-o", str(tmp_path / "y.html")])
    assert personal.exit_code == 2 and not (tmp_path / "y.html").exists()
