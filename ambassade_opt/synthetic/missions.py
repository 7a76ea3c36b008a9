"""Mission sheets: the general assembly, fairs, hearings, forums, ambassador initiatives and
the ordinary kinds, dated on the calendar and numbered in time order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from .calendar import ANY_DAY, SEASON, Calendar
from .draws import IntArray, at_hour, humanize, weighted
from .geography import EAST_BELGIAN_CITIES, REGIONS, SECTORS, THEMES
from .kinds import ASSEMBLY_ROLES, FAIR_NAMES, FORUM, HEARING, ORDINARY_KINDS, Kind
from .people import People
from .sizes import YearSize

OUTSIDE_REQUESTS: tuple[str, ...] = ("institutional", "media")
FAIR_SHARE, HEARING_SHARE, FORUM_SHARE, INITIATIVE_SHARE = 0.07, 0.03, 0.02, 0.06


def _special_counts(n: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    remaining = n
    # One assembly a year; bigger networks staff more of its roles, with more seats each.
    for name, want in (("ga", min(len(ASSEMBLY_ROLES), max(1, n // 250))), ("fair", round(FAIR_SHARE * n)),
                       ("hearing", round(HEARING_SHARE * n)), ("forum", round(FORUM_SHARE * n)),
                       ("initiative", round(INITIATIVE_SHARE * n))):
        counts[name] = min(want, remaining)
        remaining -= counts[name]
    counts["ordinary"] = remaining
    return counts


def _mission(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sectors": [], "themes": [], "needs_staff_pair": False, "staff_services": [],
        "preparation_hours": 0.0, "paid": None, "expenses_eur": None, "requires_training": None,
        "origin": "smart_request", "proposed_by": None, "approved": True,
        "pinned_ambassadors": [], "pinned_staff": None,
    }
    base.update(fields)
    return base


@dataclass(frozen=True)
class _KindDraws:
    """The draws behind ``n`` missions of one kind, one entry per mission (indexes into the
    kind's tuples where named ``*_idx``)."""

    days: IntArray
    hours: list[float]
    starts: list[float]
    preps: list[float]
    seat_idx: list[int]
    priorities: list[int]
    pair_draw: list[bool]
    axis_idx: list[int]
    level_idx: list[int]
    audience_idx: list[int]
    venue_idx: list[int]
    title_idx: list[int]
    city_draw: list[int]
    sectors: list[list[str]]
    themes: list[list[str]]


class MissionFactory:
    """Draws mission sheets of each kind; all randomness flows from one generator."""

    def __init__(self, rng: np.random.Generator, spec: YearSize, cal: Calendar) -> None:
        self.rng, self.spec, self.cal = rng, spec, cal
        self.regions = list(spec.regions)
        w = np.array([REGIONS[r].weight for r in self.regions])
        self.region_p = w / w.sum()
        self.brussels = "BXL" if "BXL" in self.regions else self.regions[0]

    def _regions(self, n: int) -> list[str]:
        idx = self.rng.choice(len(self.regions), size=n, p=self.region_p)
        return [self.regions[int(i)] for i in idx]

    def _languages(self, regions: Sequence[str]) -> list[str]:
        """One mission language per region, drawn in one go per region."""
        out = [""] * len(regions)
        rows_of: dict[str, list[int]] = {}
        for i, r in enumerate(regions):
            rows_of.setdefault(r, []).append(i)
        for region, rows in rows_of.items():
            for i, lang in zip(rows, weighted(self.rng, REGIONS[region].mission_languages, len(rows)),
                               strict=True):
                out[i] = lang
        return out

    def _city(self, region: str, language: str, draw: int = -1) -> str:
        cities = EAST_BELGIAN_CITIES if region == "WAL" and language == "de" else REGIONS[region].cities
        if draw < 0:
            draw = int(self.rng.integers(len(cities)))
        return cities[draw % len(cities)]

    def _topics(self, n: int) -> tuple[list[list[str]], list[list[str]]]:
        """Sectors (none = any sector) and one or two themes per mission."""
        rng = self.rng
        n_sec = rng.choice([0, 1, 2], size=n, p=[0.35, 0.5, 0.15])
        n_th = rng.choice([1, 2], size=n, p=[0.6, 0.4])
        sec = rng.integers(0, len(SECTORS), size=(n, 2))
        th = rng.integers(0, len(THEMES), size=(n, 2))
        sectors = [sorted({SECTORS[j] for j in sec[i, : n_sec[i]].tolist()}) for i in range(n)]
        themes = [sorted({THEMES[j] for j in th[i, : n_th[i]].tolist()}) for i in range(n)]
        return sectors, themes

    def of_kind(self, kind: Kind, n: int, *, regions: Sequence[str] | None = None,
                languages: Sequence[str] | None = None, levels: Sequence[str] | None = None,
                places: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """``n`` missions of a kind; regions, languages, levels and places (the ``{parliament}``
        of a title) may be given per mission, else they are drawn."""
        if n <= 0:
            return []
        regions = list(regions) if regions is not None else self._regions(n)
        languages = list(languages) if languages is not None else self._languages(regions)
        d = self._kind_draws(kind, n, regions)
        return [
            self._kind_sheet(
                kind, d, i, regions[i], languages[i],
                level=levels[i] if levels is not None else kind.levels[d.level_idx[i]],
                parliament=places[i] if places is not None else REGIONS[regions[i]].parliament,
            )
            for i in range(n)
        ]

    def _kind_draws(self, kind: Kind, n: int, regions: Sequence[str]) -> _KindDraws:
        """The draws for ``n`` missions of a kind held in ``regions``: days on each country's
        calendar, then every other choice, one vectorised draw each."""
        rng = self.rng
        days = np.zeros(n, dtype=np.int64)
        by_country: dict[str, list[int]] = {}
        for i, r in enumerate(regions):
            by_country.setdefault(REGIONS[r].country, []).append(i)
        for country, rows in by_country.items():
            days[rows] = self.cal.sample_days(rng, len(rows), country, kind.months, kind.weekdays)
        hours = rng.choice(kind.hours, size=n).tolist()
        starts = rng.choice(kind.starts, size=n).tolist()
        preps = rng.choice(kind.preparation, size=n).tolist()
        seat_idx = rng.integers(0, len(kind.seats), size=n).tolist()
        priorities = rng.choice(kind.priorities, size=n).tolist()
        pair_draw = (rng.random(n) < kind.pair_share).tolist()
        axis_idx = rng.integers(0, len(kind.axes), size=n).tolist()
        level_idx = rng.integers(0, len(kind.levels), size=n).tolist()
        audience_idx = rng.integers(0, len(kind.audiences), size=n).tolist()
        venue_idx = rng.integers(0, len(kind.venues), size=n).tolist()
        title_idx = rng.integers(0, len(kind.titles), size=n).tolist()
        city_draw = rng.integers(0, 1 << 30, size=n).tolist()
        sectors, themes = self._topics(n)
        return _KindDraws(days, hours, starts, preps, seat_idx, priorities, pair_draw, axis_idx,
                          level_idx, audience_idx, venue_idx, title_idx, city_draw, sectors, themes)

    def _kind_sheet(self, kind: Kind, d: _KindDraws, i: int, region: str, language: str, *,
                    level: str, parliament: str) -> dict[str, Any]:
        """Mission ``i`` of a kind from its draws (no further randomness)."""
        sectors, themes = d.sectors[i], d.themes[i]
        axis = kind.axes[d.axis_idx[i]]
        # Defending the cooperative before authorities is never done alone (R7 pairs).
        pair = axis == "defend" or kind.intervention == "institutional" or d.pair_draw[i]
        services = list(kind.pair_services) if pair else []
        if pair and not services:
            services = ["strategy", "communication"]
        start = at_hour(self.cal.date_of(int(d.days[i])), d.starts[i])
        end = start + timedelta(minutes=round(d.hours[i] * 60))
        sector_word = humanize(sectors[0] if sectors else "creative")
        title = kind.titles[d.title_idx[i]].format(
            city=self._city(region, language, d.city_draw[i]), theme=humanize(themes[0]),
            sector=sector_word, Sector=sector_word.capitalize(), parliament=parliament)
        smin, smax = kind.seats[d.seat_idx[i]]
        venue = kind.venues[d.venue_idx[i]]
        return _mission(
            title=title, start=start, end=end, region=region, level=level, axis=axis,
            intervention=kind.intervention, audience=kind.audiences[d.audience_idx[i]],
            venue=venue, language=language, sectors=sectors, themes=themes, seats_min=smin,
            seats_max=smax, needs_staff_pair=pair, staff_services=services,
            preparation_hours=float(d.preps[i]), expenses_eur=0.0 if venue == "online" else None,
            priority=int(d.priorities[i]), _kind=kind.name,
        )

    def hearings(self, n: int) -> list[dict[str, Any]]:
        """Parliament hearings: the federal one in Brussels, the regional parliaments in their
        language (a few in German in the east), the national parliaments abroad."""
        rng = self.rng
        regions: list[str] = []
        languages: list[str] = []
        levels: list[str] = []
        places: list[str] = []
        federal_draw = rng.random(n).tolist()
        for region in self._regions(n):
            profile = REGIONS[region]
            if profile.country == "BE" and federal_draw[len(regions)] < 0.35 and "BXL" in self.regions:
                region, level, place = "BXL", "national", "Federal Parliament"
                language = "fr" if rng.random() < 0.6 else "nl"
            else:
                level = "regional" if profile.country == "BE" else "national"
                language = weighted(rng, profile.native_languages, 1)[0]
                place = profile.parliament
                if region == "WAL" and language == "de":
                    place = "Parliament of the German-speaking Community"
            regions.append(region)
            languages.append(language)
            levels.append(level)
            places.append(place)
        return self.of_kind(HEARING, n, regions=regions, languages=languages, levels=levels, places=places)

    def general_assembly(self, n: int) -> list[dict[str, Any]]:
        """The June general assembly in Brussels: a Tuesday in the third week of June."""
        cal = self.cal
        june15 = date(cal.year, 6, 15)
        day = june15 + timedelta(days=(1 - june15.weekday()) % 7)
        big = self.spec.n_ambassadors
        seats_min = int(min(2 + big // 500, 8))
        out = []
        for k, (title, intervention, at, length, lang, services) in enumerate(ASSEMBLY_ROLES[:n]):
            desk = k < 2  # the welcome desks are the big multi-seat missions
            start = at_hour(day, at)
            out.append(_mission(
                title=title, start=start, end=start + timedelta(hours=length), region=self.brussels,
                level="national", axis="inform", intervention=intervention, audience="partners",
                venue="smart_premises", language=lang, themes=["cooperative_model"],
                seats_min=seats_min if desk else 1,
                seats_max=2 * seats_min if desk else max(3, seats_min),
                needs_staff_pair=bool(services), staff_services=services,
                preparation_hours=1.0 if intervention != "informal" else 0.0,
                requires_training=[] if intervention == "informal" else None,
                priority=5, _kind="ga"))
        return out

    def fairs(self, n: int) -> list[dict[str, Any]]:
        """Multi-day autumn fairs: one booth mission per day on consecutive days, ending on a Sunday."""
        cal, rng = self.cal, self.rng
        out: list[dict[str, Any]] = []
        sundays = [d for d in range(cal.n_days)
                   if cal.weekday[d] == 6 and 9 <= cal.month[d] + 1 <= 11
                   and (cal.month[d] + 1 != 9 or cal.date_of(d).day >= 14)
                   and (cal.month[d] + 1 != 11 or cal.date_of(d).day <= 29)]
        series = 0
        while len(out) < n:
            region = self._regions(1)[0]
            country = REGIONS[region].country
            length = min(int(rng.choice([2, 3, 4], p=[0.3, 0.45, 0.25])), n - len(out))
            for _ in range(20):
                last = sundays[int(rng.integers(len(sundays)))]
                first = last - length + 1
                if not cal.holiday[country][first:last + 1].any():
                    break
            language = REGIONS[region].native_languages[0][0] if region != "BXL" else (
                "fr" if rng.random() < 0.6 else "nl")
            name = FAIR_NAMES[int(rng.integers(len(FAIR_NAMES)))]
            sector = SECTORS[int(rng.integers(len(SECTORS)))]
            city = self._city(region, language)
            smin, smax = [(1, 2), (2, 3), (2, 4)][int(rng.integers(3))]
            open_at = float(rng.choice([9.5, 10.0]))
            series += 1
            for k in range(length):
                start = at_hour(cal.date_of(first + k), open_at)
                out.append(_mission(
                    title=f"{name} {city} #{series}: SMart stand (day {k + 1}/{length})",
                    start=start, end=start + timedelta(hours=8), region=region, level="sector",
                    axis="promote", intervention="booth",
                    audience="professionals" if k < length - 1 else "general_public",
                    venue="fair", language=language, sectors=[sector], themes=["smart_services"],
                    seats_min=smin, seats_max=smax, priority=4 if k == 0 else 3, _kind="fair"))
        return out

    def initiatives(self, n: int, people: People) -> list[dict[str, Any]]:
        """Missions proposed by ambassadors themselves; a quarter await approval."""
        rng, cal = self.rng, self.cal
        # Hearings and media slots come from outside; ambassadors propose talks, stands, meetups.
        proposes = np.array([any(c not in OUTSIDE_REQUESTS for c in comps) for comps in people.competences],
                            dtype=np.bool_)
        candidates = np.flatnonzero(people.charter & proposes)
        if n <= 0 or candidates.size == 0:
            return []
        proposers = rng.choice(candidates, size=n)
        approved = rng.random(n) < 0.75
        out: list[dict[str, Any]] = []
        for i in range(n):
            a = int(proposers[i])
            sheet = people.sheets[a]
            comps = [c for c in people.competences[a] if c not in OUTSIDE_REQUESTS]
            intervention = comps[int(rng.integers(len(comps)))]
            region = people.region[a]
            language = people.languages[a][0]
            country = REGIONS[region].country
            days = cal.sample_days(rng, 8, country, SEASON, ANY_DAY)
            day = int(days[0])
            for d in days:  # the proposer picks a day they can make
                when = cal.date_of(int(d))
                weekdays = sheet["available_weekdays"]
                if (weekdays is None or when.weekday() in weekdays) and not any(
                        r["start"] <= when <= r["end"] for r in sheet["unavailable"]):
                    day = int(d)
                    break
            at = float(rng.choice([10.0, 14.0, 18.0, 19.0]))
            length = float(rng.choice([1.5, 2.0, 3.0]))
            prep = float(rng.choice([0.0, 1.0, 2.0, 3.0]))
            sectors = list(sheet["sectors"][:1])
            themes = list(sheet["themes"][:1])
            start = at_hour(cal.date_of(day), at)
            out.append(_mission(
                title=f"Ambassador proposal: {humanize(intervention)} on {humanize(themes[0])} "
                      f"({self._city(region, language)})",
                start=start, end=start + timedelta(hours=length), region=region, level="local",
                axis="promote", intervention=intervention, audience="professionals",
                venue="other", language=language, sectors=sectors, themes=themes,
                seats_min=1, seats_max=int(rng.choice([1, 2])), preparation_hours=prep,
                origin="ambassador_initiative", proposed_by=sheet["id"], approved=bool(approved[i]),
                priority=int(rng.choice([1, 2, 3])), _kind="initiative"))
        return out


def draw_missions(
    rng: np.random.Generator, spec: YearSize, cal: Calendar, people: People
) -> list[dict[str, Any]]:
    factory = MissionFactory(rng, spec, cal)
    counts = _special_counts(spec.n_missions)
    missions = factory.general_assembly(counts["ga"])
    missions += factory.fairs(counts["fair"])
    missions += factory.hearings(counts["hearing"])
    n_forums = counts["forum"]
    missions += factory.of_kind(FORUM, n_forums, regions=[factory.brussels] * n_forums,
                                languages=["en"] * n_forums)
    missions += factory.initiatives(counts["initiative"], people)
    shares = np.array([k.share for k in ORDINARY_KINDS])
    per_kind = np.bincount(rng.choice(len(ORDINARY_KINDS), size=counts["ordinary"], p=shares / shares.sum()),
                           minlength=len(ORDINARY_KINDS))
    for kind, k in zip(ORDINARY_KINDS, per_kind, strict=True):
        missions += factory.of_kind(kind, int(k))
    tie_break = rng.permutation(len(missions))
    order = sorted(range(len(missions)), key=lambda i: (missions[i]["start"], int(tie_break[i])))
    width = max(4, len(str(len(missions))))
    ordered = []
    for rank, i in enumerate(order):
        m = missions[i]
        m.pop("_kind")
        ordered.append({"id": f"M{rank + 1:0{width}d}", **m})
    return ordered
