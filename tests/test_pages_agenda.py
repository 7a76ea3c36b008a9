"""The agenda page: valid HTML, Belgian dates, and exactly the public feed's consent rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _agenda_helpers import attendee_names, events, parse, valid_plan
from _html_checks import elements, no_network, parse_strict, visible_text
from click.testing import CliRunner

from ambassade_opt.agenda import agenda_ics
from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.pages import render_agenda_page

NOT_CONSENTING = ("Mehdi", "Jonas", "Pieter", "Amina", "Hugo")


def _event_blocks(page: str) -> list[str]:
    tree = parse_strict(page)
    return [" ".join("".join(e.itertext()).split()) for e in elements(tree, "article")]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_public_page_follows_the_public_feed(tiny: Instance, lang: str) -> None:
    plan = valid_plan()
    page = render_agenda_page(tiny, plan, public=True, lang=lang)
    tree = parse_strict(page)
    no_network(page, tree)
    feed = events(parse(agenda_ics(tiny, plan, public=True)))
    titles = [e.findtext(".//div[@class='title']") for e in elements(tree, "article")]
    assert sorted(titles) == sorted(str(e["SUMMARY"]) for e in feed.values())
    text = visible_text(page)
    named = {name for e in feed.values() for name in attendee_names(e)}
    assert named == {"Claire", "Lotte", "Nadia", "Elise"}
    assert all(name in text for name in named)
    assert not any(name in text for name in NOT_CONSENTING)
    assert not any(f"A0{i}" in text for i in range(1, 9))  # no ids either
    assert "Unapproved proposal" not in text and "European cooperative forum panel" not in text


def test_public_page_counts_the_unnamed(tiny: Instance) -> None:
    blocks = _event_blocks(render_agenda_page(tiny, valid_plan(), public=True, lang="fr"))
    debate = next(b for b in blocks if "Debate on the artist status" in b)
    assert "jeudi 11 février 2027, 19:00–21:30" in debate
    assert "Qui y va : 1 ambassadeur, avec Nadia (personnel de SMart)" in debate
    fair = next(b for b in blocks if "Music fair stand (day 1)" in b)
    assert "Qui y va : 2 ambassadeurs" in fair
    assert "Niveau : sectoriel" in fair and "Région : VL" in fair and "salon" in fair
    nl = _event_blocks(render_agenda_page(tiny, valid_plan(), public=True, lang="nl"))
    assert any("donderdag 11 februari 2027, 19:00–21:30" in b for b in nl)
    assert any("Wie gaat: 2 ambassadeurs" in b for b in nl)


def test_internal_page_names_everyone_and_shows_the_gaps(tiny: Instance) -> None:
    page = render_agenda_page(tiny, valid_plan(), include_uncovered=True, lang="fr",
                              stamp=datetime(2027, 1, 10, 9, tzinfo=UTC))
    text = visible_text(page)
    assert "Hugo" in text and "Jonas" in text
    assert "Agenda de représentation 2027 (interne)" in text
    blocks = _event_blocks(page)
    assert len(blocks) == 12
    assert sum("pas encore pourvue" in b for b in blocks) == 3
    assert "Publié le 10 janv. 2027, 10:00." in text  # 09:00 UTC is 10:00 in Brussels
    with pytest.raises(ValueError, match="covered missions only"):
        render_agenda_page(tiny, valid_plan(), public=True, include_uncovered=True)


def test_page_texts_are_escaped(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["ambassadors"][0]["name"] = "<img src=x onerror=alert(1)>"  # A01 consents
    tiny_raw["missions"][4]["title"] = "</article><script>x()</script>"  # M05
    tiny = Instance.model_validate(tiny_raw)
    page = render_agenda_page(tiny, valid_plan(), public=True, lang="en")
    tree = parse_strict(page)
    assert not elements(tree, "script") and not elements(tree, "img")
    assert "</article><script>x()</script>" in visible_text(page)


def test_cli_agenda_html(tiny_path: Path, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    valid_plan().save(plan_path)
    out = tmp_path / "agenda.html"
    runner = CliRunner()
    result = runner.invoke(main, ["agenda", str(tiny_path), str(plan_path), "--format", "html", "--public",
                                  "--lang", "nl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{out}: public agenda page (nl)\n"
    text = visible_text(out.read_text(encoding="utf-8"))
    assert "Vertegenwoordigingsagenda 2027" in text and "Mehdi" not in text
    quiet = runner.invoke(main, ["agenda", str(tiny_path), str(plan_path), "--format", "html", "--public",
                                 "--lang", "nl", "-o", str(tmp_path / "quiet.html"), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "quiet.html").is_file()
    bad = runner.invoke(main, ["agenda", str(tiny_path), str(plan_path), "--format", "html",
                               "--per-person", str(tmp_path / "people"), "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and not (tmp_path / "x.html").exists()
