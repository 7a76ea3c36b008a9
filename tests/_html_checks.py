"""Strict HTML checks shared by the page tests: parse with html5lib in strict mode, and check
that every element the templates open is closed (html5lib would silently close a forgotten tag)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import html5lib

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[int, int]]] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.problems.append(f"self-closing <{tag}/> at {self.getpos()}")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag of void element </{tag}> at {self.getpos()}")
            return
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else None
            self.problems.append(f"</{tag}> at {self.getpos()} closes {opened}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][0] not in ("style", "title"):
            self.text.append(data)


def parse_strict(page: str) -> Any:
    """The page's DOM (xml.etree); fails on any HTML5 parse error or any unclosed element."""
    balance = _Balance()
    balance.feed(page)
    balance.close()
    assert balance.problems == [], balance.problems[:5]
    assert balance.stack == [], f"unclosed: {balance.stack[:5]}"
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def visible_text(page: str) -> str:
    """The text of the page with every kind of space (U+00A0, U+202F, ...) made a plain space."""
    balance = _Balance()
    balance.feed(page)
    balance.close()
    text = " ".join(balance.text)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def elements(tree: Any, tag: str) -> list[Any]:
    """Elements named ``tag`` in any namespace (html5lib puts SVG in the SVG namespace)."""
    return [e for e in tree.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == tag]


def no_network(page: str, tree: Any) -> None:
    """Nothing in the page is fetched: no script, no stylesheet link, no remote URL."""
    assert not elements(tree, "script") and not elements(tree, "link") and not elements(tree, "img")
    assert not elements(tree, "iframe") and not elements(tree, "object")
    without_namespace = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in without_namespace and "https://" not in without_namespace
    assert "@import" not in page
