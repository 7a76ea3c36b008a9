"""R7's online agenda as a page: the year's missions by date, with level, region and who goes.

The events are exactly those of the iCalendar feed of the same kind
(:func:`ambassade_opt.agenda.agenda_entries`), so the public page follows the public feed's rules:
covered, approved missions only; only people with ``consent_public`` named, the others counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..agenda import AgendaEntry, agenda_entries
from ..model import Instance
from ..plan import Plan
from .i18n import PageLocale
from .vocabulary import word


@dataclass(frozen=True)
class AgendaItem:
    """One mission on the page, every text translated and formatted."""

    mission: str
    day: str
    hours: str
    title: str
    level: str
    region: str
    place: str
    what: str
    people: str
    status: str
    tentative: bool


@dataclass(frozen=True)
class Month:
    heading: str
    items: list[AgendaItem]


@dataclass(frozen=True)
class Tally:
    label: str
    count: str


@dataclass
class AgendaPage:
    lang: str
    title: str
    public: bool
    intro: str
    months: list[Month]
    by_level: list[Tally]
    by_region: list[Tally]
    stamp: str | None


def agenda_page(instance: Instance, plan: Plan, loc: PageLocale, *, public: bool,
                include_uncovered: bool = False, stamp: datetime | None = None) -> AgendaPage:
    """The agenda of ``plan`` in ``loc``'s language (``public``: the page for everyone)."""
    _ = loc.gettext
    entries = agenda_entries(instance, plan, public=public, include_uncovered=include_uncovered)
    months: list[Month] = []
    for entry in entries:
        heading = loc.month(entry.start)
        heading = heading[:1].upper() + heading[1:]
        if not months or months[-1].heading != heading:
            months.append(Month(heading, []))
        months[-1].items.append(_item(entry, loc))
    levels = Counter(e.level for e in entries)
    regions = Counter(e.region for e in entries)
    title = (_("Representation agenda {year}") if public else _("Representation agenda {year} (internal)"))
    n = len(entries)
    return AgendaPage(
        lang=loc.lang,
        title=title.format(year=instance.year),
        public=public,
        intro=loc.ngettext("{count} mission where SMart is represented.",
                           "{count} missions where SMart is represented.", n).format(count=loc.number(n)),
        months=months,
        by_level=[Tally(word(loc, level), loc.number(levels[level]))
                  for level in sorted(levels, key=_level_order)],
        by_region=[Tally(region, loc.number(count)) for region, count in sorted(regions.items())],
        stamp=loc.moment(stamp) if stamp is not None else None,
    )


def _level_order(level: str) -> int:
    order = ("local", "sector", "regional", "national", "european")
    return order.index(level) if level in order else len(order)


def _item(entry: AgendaEntry, loc: PageLocale) -> AgendaItem:
    _ = loc.gettext
    return AgendaItem(
        mission=entry.mission,
        day=loc.day(entry.start),
        hours=f"{loc.time(entry.start)}–{loc.time(entry.end)}",
        title=entry.title,
        level=word(loc, entry.level),
        region=entry.region,
        place=word(loc, entry.venue),
        what=_("{intervention} for {audience} ({axis})").format(
            intervention=word(loc, entry.intervention), audience=word(loc, entry.audience),
            axis=word(loc, entry.axis)),
        people=_people(entry, loc),
        status=word(loc, entry.status),
        tentative=entry.status != "CONFIRMED",
    )


def _people(entry: AgendaEntry, loc: PageLocale) -> str:
    """Named people first, then how many others (never who they are)."""
    names = [a.name for a in entry.attendees if a.role == "ambassador"]
    staff = [a.name for a in entry.attendees if a.role == "staff"]
    parts = list(names)
    if entry.unnamed_ambassadors:
        n = entry.unnamed_ambassadors
        template = (loc.ngettext("{count} other ambassador", "{count} other ambassadors", n) if names
                    else loc.ngettext("{count} ambassador", "{count} ambassadors", n))
        parts.append(template.format(count=loc.number(n)))
    if staff:
        parts.append(loc.gettext("with {names} (SMart staff)").format(names=", ".join(staff)))
    if entry.unnamed_staff:
        parts.append(loc.ngettext("with {count} SMart staff member", "with {count} SMart staff members",
                                  entry.unnamed_staff).format(count=loc.number(entry.unnamed_staff)))
    return ", ".join(parts) if parts else "–"
