"""Languages of the pages: translations from the package's gettext catalogs, Belgian formats.

Texts are written in English in the templates and the code (marked with ``_``/``N_``) and
translated through the message catalogs ``locale/<lang>/LC_MESSAGES/messages.po`` shipped with
the package. The ``.po`` files are read at run time with Babel and compiled in memory, so a
fresh ``pip install -e .`` needs no build step. Numbers, amounts, percentages and dates follow
the CLDR conventions of ``fr_BE`` and ``nl_BE`` (``1 234,50 €``, ``€ 1.234,50``); English pages
use ``en_GB``.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import Translations

Lang = Literal["fr", "nl", "en"]
LANGUAGES: tuple[str, ...] = get_args(Lang)
LOCALES: dict[str, str] = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
BRUSSELS = ZoneInfo("Europe/Brussels")


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English: the texts as written)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()
    source = resources.files(__package__).joinpath("locale", lang, "LC_MESSAGES", "messages.po")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=LOCALES[lang])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


@dataclass(frozen=True)
class PageLocale:
    """Translation and formatting for one page language."""

    lang: str

    @property
    def locale(self) -> Locale:
        return Locale.parse(LOCALES[self.lang])

    def gettext(self, message: str) -> str:
        return translations(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.lang).ngettext(singular, plural, n)

    def number(self, value: float | int, decimals: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def money(self, value: float) -> str:
        return format_currency(value, "EUR", locale=self.locale)

    def percent(self, part: float, whole: float) -> str:
        """``part / whole`` as a whole percentage; a dash when ``whole`` is 0."""
        if not whole:
            return "–"
        return format_percent(part / whole, locale=self.locale)

    def day(self, moment: date | datetime, style: Literal["full", "long", "medium", "short"] = "full") -> str:
        return format_date(moment, format=style, locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(moment, format="HH:mm", locale=self.locale)

    def moment(self, moment: datetime) -> str:
        """A date and time in Brussels time (a naive moment is taken as Brussels time already)."""
        if moment.tzinfo is not None:
            moment = moment.astimezone(BRUSSELS).replace(tzinfo=None)
        return format_datetime(moment, format="d MMM y, HH:mm", locale=self.locale)

    def month(self, moment: date | datetime) -> str:
        """The month and year, as a heading ("février 2027")."""
        return format_date(moment, format="LLLL y", locale=self.locale)

    def weekday_initials(self) -> list[str]:
        """Short weekday names, Monday first."""
        names = self.locale.days["format"]["abbreviated"]
        return [str(names[i]) for i in range(7)]

    def month_abbreviations(self) -> list[str]:
        names = self.locale.months["stand-alone"]["abbreviated"]
        return [str(names[i]) for i in range(1, 13)]


def page_locale(lang: str) -> PageLocale:
    """The :class:`PageLocale` of ``lang`` (fr, nl or en); :class:`ValueError` for another."""
    translations(lang)  # fails early on an unknown language
    return PageLocale(lang)
