"""Rendering pages with Jinja2: one environment per language, autoescaped, strict."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .._version import __version__
from ..model import Instance
from ..plan import Plan
from .agenda_page import agenda_page
from .i18n import page_locale, translations
from .report_page import report_page


@lru_cache(maxsize=4)
def environment(lang: str) -> Environment:
    """The template environment of ``lang``: HTML autoescaping, gettext from the catalogs."""
    env = Environment(
        loader=PackageLoader("ambassade_opt.pages", "templates"),
        autoescape=select_autoescape(["html", "css"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render_report_page(instance: Instance, plan: Plan, *, lang: str = "fr") -> str:
    """The report of ``plan`` as one self-contained HTML page in ``lang`` (fr, nl or en)."""
    loc = page_locale(lang)
    page = report_page(instance, plan, loc)
    return environment(lang).get_template("report.html").render(page=page, version=__version__)


def render_agenda_page(
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    include_uncovered: bool = False,
    lang: str = "fr",
    stamp: datetime | None = None,
) -> str:
    """R7's online agenda of ``plan`` as one self-contained HTML page; ``public``: the page for
    everyone, with the public feed's consent rules; ``stamp``: shown as the publication time."""
    if public and include_uncovered:
        raise ValueError("the public agenda lists covered missions only")
    loc = page_locale(lang)
    page = agenda_page(instance, plan, loc, public=public, include_uncovered=include_uncovered, stamp=stamp)
    return environment(lang).get_template("agenda.html").render(page=page, version=__version__)
