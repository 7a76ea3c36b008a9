"""Pages for people: the report of a plan and R7's online agenda as self-contained HTML.

Each page is one file with its styles and its charts (inline SVG) inside, no script and nothing
fetched from the network; it prints on A4. Texts are in French, Dutch or English (``lang``), with
numbers and dates the Belgian way in French and Dutch (:mod:`.i18n`).

* :func:`render_report_page` — headline figures, coverage per axis, level and region, loads,
  spend against the budget, why missions are left out, and the year at a glance;
* :func:`render_agenda_page` — the missions by date with level, region and who goes; the public
  page names only people who consented, like the public iCalendar feed;
* :func:`plan_summary_html` / :func:`result_summary_html` — compact tables for notebooks.
"""

from __future__ import annotations

from ..summary_html import plan_summary_html, result_summary_html
from .i18n import LANGUAGES, LOCALES, PageLocale, page_locale
from .render import render_agenda_page, render_report_page

__all__ = [
    "LANGUAGES",
    "LOCALES",
    "PageLocale",
    "page_locale",
    "plan_summary_html",
    "render_agenda_page",
    "render_report_page",
    "result_summary_html",
]
