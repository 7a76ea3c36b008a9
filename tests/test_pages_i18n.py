"""The message catalogs: every text of the pages is translated in French and Dutch, with its
placeholders, and formats follow the Belgian conventions."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import ambassade_opt.pages
from ambassade_opt.pages import page_locale

PAGES = Path(ambassade_opt.pages.__file__).parent
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extracted() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PAGES), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {}}
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]+\}|%\([a-z_]+\)[ds]", text))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_text_is_translated_with_its_placeholders(lang: str) -> None:
    with (PAGES / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    messages = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    wanted = extracted()
    assert len(wanted) > 100
    missing = sorted(wanted - set(messages))
    assert missing == []
    for key in wanted:
        message = messages[key]
        assert not message.fuzzy, key
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(strings), key
        for string in strings:
            assert placeholders(string) == placeholders(ids[-1]), (key, string)


def test_belgian_formats() -> None:
    fr, nl, en = page_locale("fr"), page_locale("nl"), page_locale("en")
    assert fr.number(1234.5, 2).replace("\u202f", " ") == "1 234,50"
    assert nl.number(1234.5, 2) == "1.234,50"
    assert en.number(1234.5, 2) == "1,234.50"
    assert fr.money(1234.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert nl.money(1234.5).replace("\xa0", " ") == "€ 1.234,50"
    moment = datetime(2027, 2, 11, 19, 0)
    assert fr.day(moment) == "jeudi 11 février 2027"
    assert nl.day(moment) == "donderdag 11 februari 2027"
    assert fr.time(moment) == nl.time(moment) == "19:00"
    assert fr.percent(3, 4).replace("\xa0", " ") == "75 %" and nl.percent(3, 4) == "75%"
    assert fr.percent(1, 0) == "–"
    with pytest.raises(ValueError, match="unknown language"):
        page_locale("de")
