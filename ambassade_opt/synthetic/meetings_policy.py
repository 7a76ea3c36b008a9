"""Support-group meetings and the year's policy (travel, pay, budgets that bind, caps, quotas)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from .calendar import Calendar
from .draws import at_hour, humanize, money
from .geography import BELGIAN_REGIONS, REGIONS, THEMES
from .people import People
from .sizes import YearSize

MEETING_TOPICS_GLOBAL: tuple[str, ...] = (
    "Annual planning of representation", "How the embassy works", "Review of the charter",
    "Evaluation of the spring missions", "Budget and pay of missions",
    "Selection criteria for new ambassadors",
    "Preparing the general assembly", "Evaluation of the year",
)
MEETING_TOPICS_SPECIFIC: tuple[str, ...] = (
    "Preparing the parliament hearings on {theme}", "Messages on {theme}", "Media training debrief: {theme}",
    "Fair season preparation: {theme}", "Position paper on {theme}",
)

TRAINING_REQUIREMENTS: dict[str, list[str]] = {
    "*": ["initial"],
    "talk": ["initial", "public_speaking"],
    "debate": ["initial", "public_speaking"],
    "institutional": ["initial", "public_speaking"],
    "media": ["initial", "media"],
}
HOURLY_RATE = 40.0
RATE_BY_INTERVENTION: dict[str, float] = {"media": 45.0, "institutional": 45.0}
SAME_REGION = (30, 10.0)
OTHER_REGION = (90, 35.0)


def _region_pairs(regions: Sequence[str]) -> list[dict[str, Any]]:
    """Travel overrides: short hops inside Belgium, long and dear trips abroad."""
    pairs: list[dict[str, Any]] = []
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            ca, cb = REGIONS[a].country, REGIONS[b].country
            if {a, b} == {"BXL", "VL"}:
                buffer, cost = 45, 20.0
            elif {a, b} == {"BXL", "WAL"}:
                buffer, cost = 60, 25.0
            elif ca == cb:
                continue  # the default other-region rule
            elif "BE" in (ca, cb):
                other = cb if ca == "BE" else ca
                buffer, cost = {"FR": (240, 140.0), "NL": (180, 90.0), "DE": (300, 160.0),
                                "ES": (600, 260.0), "IT": (600, 240.0)}[other]
            else:
                buffer, cost = 600, 250.0
            pairs.append({"a": a, "b": b, "buffer_minutes": buffer, "expense_eur": cost})
    return pairs


def _travel_expense(policy_pairs: list[dict[str, Any]], a: str, b: str) -> float:
    if a == b:
        return SAME_REGION[1]
    for p in policy_pairs:
        if {p["a"], p["b"]} == {a, b}:
            return float(p["expense_eur"])
    return OTHER_REGION[1]


@dataclass(frozen=True)
class GuestPlan:
    """Who may be invited to support-group meetings, and the region quotas of the lot."""

    volunteers: int
    max_guests: int
    min_global_seats: int
    quotas: dict[str, dict[str, list[int]]]


def guest_plan(spec: YearSize, people: People) -> GuestPlan:
    """Quotas that a draw can always meet: a region gets a minimum of one seat only when it has
    plenty of volunteers, and global meetings then have a seat for every such minimum."""
    by_region: dict[str, int] = {}
    for sheet in people.sheets:
        if sheet["governance_volunteer"] and sheet["charter_signed"]:
            by_region[sheet["home_region"]] = by_region.get(sheet["home_region"], 0) + 1
    volunteers = sum(by_region.values())
    max_guests = max(1, min(4, volunteers // 3))
    quota_regions = [r for r in BELGIAN_REGIONS if r in spec.regions]
    if volunteers < 10 or len(quota_regions) < 2:
        return GuestPlan(volunteers, max_guests, min(2, max_guests), {})
    minimums = {r: 1 if by_region.get(r, 0) >= 10 else 0 for r in quota_regions}
    min_seats = max(min(2, max_guests), sum(minimums.values()))
    max_guests = max(max_guests, min_seats)
    quotas = {"home_region": {r: [minimums[r], 2] for r in quota_regions}}
    return GuestPlan(volunteers, max_guests, min_seats, quotas)


def draw_meetings(
    rng: np.random.Generator, spec: YearSize, cal: Calendar, guests: GuestPlan
) -> list[dict[str, Any]]:
    """Monthly evening meetings of the support group (none in August), third Wednesday first."""
    n = spec.n_meetings
    months = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
    max_guests = guests.max_guests
    global_kind = rng.random(n) < 0.4
    if n >= 2:
        global_kind[0], global_kind[1] = True, False
    out: list[dict[str, Any]] = []
    for k in range(n):
        month = months[k % len(months)]
        slot = k // len(months)
        first = date(cal.year, month, 1)
        wednesday = first + timedelta(days=(2 - first.weekday()) % 7 + 7 * (2 + slot) % 28)
        while wednesday.month != month:
            wednesday -= timedelta(days=7)
        while cal.holiday["BE"][cal.index_of(wednesday)]:
            wednesday += timedelta(days=1)
        at = float(rng.choice([18.0, 18.5, 19.0]))
        start = at_hour(wednesday, at)
        if global_kind[k]:
            topic = MEETING_TOPICS_GLOBAL[int(rng.integers(len(MEETING_TOPICS_GLOBAL)))]
            themes: list[str] = []
            seats = int(rng.integers(guests.min_global_seats, max_guests + 1))
        else:
            n_themes = int(rng.integers(1, 3))
            themes = sorted({THEMES[int(i)] for i in rng.integers(0, len(THEMES), size=n_themes)})
            topic = MEETING_TOPICS_SPECIFIC[int(rng.integers(len(MEETING_TOPICS_SPECIFIC)))].format(
                theme=humanize(themes[0]))
            seats = int(rng.integers(1, min(3, max_guests) + 1))
        out.append({"start": start, "end": start + timedelta(hours=2), "topic": topic,
                    "kind": "global" if global_kind[k] else "specific", "themes": themes,
                    "guest_seats": seats})
    out.sort(key=lambda g: g["start"])
    width = max(2, len(str(n)))
    return [{"id": f"G{k + 1:0{width}d}", **g} for k, g in enumerate(out)]


def _budget(spec: YearSize, people: People, missions: list[dict[str, Any]],
            pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Annual and quarterly budgets, a share (``spec.budget_share``) of what covering every
    mission at its minimum seats would cost, so that they bind: the planner must choose. Each
    quarter gets half by its share of that cost and half evenly, plus 8 %; amounts round up to 50."""
    region_share = {r: float(np.mean([h == r for h in people.region])) for r in spec.regions}
    mean_expense = {
        m_region: sum(share * _travel_expense(pairs, r, m_region) for r, share in region_share.items())
        for m_region in spec.regions
    }
    quarter_cost = np.zeros(4)
    for m in missions:
        hours = (m["end"] - m["start"]).total_seconds() / 3600 + m["preparation_hours"]
        paid = m["paid"] if m["paid"] is not None else m["preparation_hours"] > 0
        pay = RATE_BY_INTERVENTION.get(m["intervention"], HOURLY_RATE) * hours if paid else 0.0
        expense = m["expenses_eur"] if m["expenses_eur"] is not None else mean_expense[m["region"]]
        quarter_cost[(m["start"].month - 1) // 3] += m["seats_min"] * (pay + expense)
    annual = money(math.ceil(spec.budget_share * quarter_cost.sum() / 50) * 50)
    demand = quarter_cost / max(quarter_cost.sum(), 1e-9)
    quarterly = [money(math.ceil(annual * (0.5 * d + 0.125) * 1.08 / 50) * 50) for d in demand]
    return {"annual": annual, "quarterly": quarterly}


def draw_policy(rng: np.random.Generator, spec: YearSize, people: People, staff: list[dict[str, Any]],
                missions: list[dict[str, Any]], guests: GuestPlan) -> dict[str, Any]:
    """The year's policy: caps and budgets that bind, the travel table, pay rates, the support
    group's requirements (services and regions that are present) and sortition quotas."""
    pairs = _region_pairs(spec.regions)
    staff_services = {s["service"] for s in staff}
    required_services = [s for s in ("communication", "strategy", "operations") if s in staff_services]
    present = {s["region"] for s in staff} | {a["home_region"] for a in people.sheets}
    required_regions = [r for r in BELGIAN_REGIONS if r in spec.regions and r in present]
    return {
        "group_cap": max(1, round(spec.group_cap_share * spec.n_ambassadors)),
        "max_per_month": 3,
        "training_requirements": TRAINING_REQUIREMENTS,
        "travel": {
            "same_region": {"buffer_minutes": SAME_REGION[0], "expense_eur": SAME_REGION[1]},
            "other_region": {"buffer_minutes": OTHER_REGION[0], "expense_eur": OTHER_REGION[1]},
            "pairs": pairs,
        },
        "compensation": {
            "hourly_rate": HOURLY_RATE,
            "hourly_rate_by_intervention": RATE_BY_INTERVENTION,
            "max_remuneration_per_ambassador": 1000.0,
        },
        "budget": _budget(spec, people, missions, pairs),
        "support_group": {
            "max_size": 10, "required_services": required_services, "required_regions": required_regions,
            "coordinator_service": "communication",
            "min_partners": 2 if guests.volunteers >= 10 else min(1, guests.volunteers),
            "max_partners": 5,
        },
        "sortition": {"quotas": guests.quotas, "seed": int(rng.integers(1, 10_000))},
        "objective": {"mode": "lexicographic", "weights": {}},
    }
