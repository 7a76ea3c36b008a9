"""pandas DataFrame views of an :class:`~ambassade_opt.model.Instance`, for analysts.

One row per entity (``ambassadors``, ``staff``, ``missions``, ``meetings``) with typed columns:
fixed vocabularies (level, axis, intervention, ...) as categoricals in the order of DOMAIN.md,
times as ``datetime64``, optional numbers as nullable ``Int64``/``Float64``, list fields as Python
lists. Long tables (one row per pair) for what is nested: ``links``, ``unavailability``,
``interests``, ``memberships`` (who holds which language, sector, theme, ...), plus the policy's
``travel``, ``quotas`` and ``training_requirements`` tables.

Personal data: names and free-text motivations are left out unless ``include_personal=True``.
For exports that must not even carry person ids, pass ``pseudonym_key``: every person id, in
every frame, becomes a keyed hash (HMAC-SHA256), the same across frames and calls with the same
key, so tables still join, and not reversible without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from .model import (
    AUDIENCES,
    AXES,
    INTERVENTIONS,
    LEVELS,
    LINK_FIELDS,
    LINK_SCOPES,
    MEETING_KINDS,
    ORIGINS,
    QUOTA_FEATURES,
    VENUES,
    Instance,
)

PERSONAL_COLUMNS: tuple[str, ...] = ("name", "motivation")
MEMBERSHIP_FIELDS: tuple[str, ...] = ("languages", "sectors", "themes", "competences", "trainings")

PersonIds = Callable[[str | None], str | None]


def pseudonym(person_id: str, key: str) -> str:
    """A stable, keyed stand-in for a person id: ``P-`` and 12 hex digits."""
    digest = hmac.new(key.encode("utf-8"), person_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"P-{digest[:12]}"


def _person_ids(pseudonym_key: str | None) -> PersonIds:
    if pseudonym_key is None:
        return lambda pid: pid
    key = pseudonym_key
    return lambda pid: None if pid is None else pseudonym(pid, key)


def _category(values: Iterable[Any], categories: Sequence[str]) -> pd.Categorical:
    return pd.Categorical(list(values), categories=list(categories))


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


# --------------------------------------------------------------------------------------------
# One row per entity


def ambassadors(
    inst: Instance, include_personal: bool = False, pseudonym_key: str | None = None
) -> pd.DataFrame:
    """One row per identification sheet; ``month_cap`` is the cap that applies (own or policy)."""
    pid = _person_ids(pseudonym_key)
    rows = []
    for a in inst.ambassadors:
        row: dict[str, Any] = {"id": pid(a.id)}
        if include_personal:
            row["name"] = a.name
        row.update(
            home_region=a.home_region,
            languages=list(a.languages),
            sectors=list(a.sectors),
            themes=list(a.themes),
            competences=list(a.competences),
            trainings=list(a.trainings),
            n_links=len(a.links),
            max_missions=a.max_missions,
            max_hours=a.max_hours,
            max_per_month=a.max_per_month,
            month_cap=inst.policy.month_cap(a),
            available_weekdays=None if a.available_weekdays is None else list(a.available_weekdays),
            unavailable_days=sum((r.end - r.start).days + 1 for r in a.unavailable),
            charter_signed=a.charter_signed,
            governance_volunteer=a.governance_volunteer,
            consent_public=a.consent_public,
            selection_score=a.selection_score,
            missions_last_year=a.history.missions_last_year,
            drawn_this_cycle=a.history.drawn_this_cycle,
            n_interests=len(a.interests),
        )
        if include_personal:
            row["motivation"] = a.motivation
        rows.append(row)
    columns = ["id", *(["name"] if include_personal else []), "home_region", "languages", "sectors",
               "themes", "competences", "trainings", "n_links", "max_missions", "max_hours",
               "max_per_month", "month_cap", "available_weekdays", "unavailable_days", "charter_signed",
               "governance_volunteer", "consent_public", "selection_score", "missions_last_year",
               "drawn_this_cycle", "n_interests", *(["motivation"] if include_personal else [])]
    df = _frame(rows, columns)
    return df.astype({
        "max_missions": "int64", "max_hours": "float64", "max_per_month": "Int64", "month_cap": "Int64",
        "unavailable_days": "int64", "charter_signed": "bool", "governance_volunteer": "bool",
        "consent_public": "bool", "selection_score": "Float64", "missions_last_year": "int64",
        "drawn_this_cycle": "bool", "n_links": "int64", "n_interests": "int64",
    })


def staff(inst: Instance, include_personal: bool = False, pseudonym_key: str | None = None) -> pd.DataFrame:
    pid = _person_ids(pseudonym_key)
    rows = []
    for s in inst.staff:
        row: dict[str, Any] = {"id": pid(s.id)}
        if include_personal:
            row["name"] = s.name
        row.update(
            service=s.service,
            region=s.region,
            languages=list(s.languages),
            max_missions=s.max_missions,
            available_weekdays=None if s.available_weekdays is None else list(s.available_weekdays),
            unavailable_days=sum((r.end - r.start).days + 1 for r in s.unavailable),
            consent_public=s.consent_public,
        )
        rows.append(row)
    columns = ["id", *(["name"] if include_personal else []), "service", "region", "languages",
               "max_missions", "available_weekdays", "unavailable_days", "consent_public"]
    return _frame(rows, columns).astype(
        {"max_missions": "int64", "unavailable_days": "int64", "consent_public": "bool"}
    )


def missions(inst: Instance, pseudonym_key: str | None = None) -> pd.DataFrame:
    """One row per mission sheet, with what follows from the policy: ``required_trainings``,
    ``is_paid``, ``remuneration_eur`` (per ambassador), ``month``, ``quarter`` (1-4)."""
    pid = _person_ids(pseudonym_key)
    ms = inst.missions
    df = pd.DataFrame({
        "id": pd.Series([m.id for m in ms], dtype="str"),
        "title": pd.Series([m.title for m in ms], dtype="str"),
        "start": pd.to_datetime(pd.Series([m.start for m in ms], dtype="object")),
        "end": pd.to_datetime(pd.Series([m.end for m in ms], dtype="object")),
        "hours": pd.Series([m.hours for m in ms], dtype="float64"),
        "preparation_hours": pd.Series([m.preparation_hours for m in ms], dtype="float64"),
        "workload_hours": pd.Series([m.workload_hours for m in ms], dtype="float64"),
        "region": pd.Series([m.region for m in ms], dtype="str"),
        "level": _category((m.level for m in ms), LEVELS),
        "axis": _category((m.axis for m in ms), AXES),
        "intervention": _category((m.intervention for m in ms), INTERVENTIONS),
        "audience": _category((m.audience for m in ms), AUDIENCES),
        "venue": _category((m.venue for m in ms), VENUES),
        "language": pd.Series([m.language for m in ms], dtype="str"),
        "sectors": [list(m.sectors) for m in ms],
        "themes": [list(m.themes) for m in ms],
        "seats_min": pd.Series([m.seats_min for m in ms], dtype="int64"),
        "seats_max": pd.Series([m.seats_max for m in ms], dtype="int64"),
        "needs_staff_pair": pd.Series([m.needs_staff_pair for m in ms], dtype="bool"),
        "staff_services": [list(m.staff_services) for m in ms],
        "paid": pd.Series([m.paid for m in ms], dtype="boolean"),
        "is_paid": pd.Series([m.is_paid for m in ms], dtype="bool"),
        "remuneration_eur": pd.Series([inst.policy.remuneration_eur(m) for m in ms], dtype="float64"),
        "expenses_eur": pd.Series([m.expenses_eur for m in ms], dtype="Float64"),
        "required_trainings": [list(inst.policy.required_trainings(m)) for m in ms],
        "origin": _category((m.origin for m in ms), ORIGINS),
        "proposed_by": [pid(m.proposed_by) for m in ms],
        "approved": pd.Series([m.approved for m in ms], dtype="bool"),
        "priority": pd.Series([m.priority for m in ms], dtype="int64"),
        "pinned_ambassadors": [[pid(p) for p in m.pinned_ambassadors] for m in ms],
        "pinned_staff": [pid(m.pinned_staff) for m in ms],
    })
    df["month"] = pd.Series([m.start.month for m in ms], dtype="int64")
    df["quarter"] = pd.Series([(m.start.month - 1) // 3 + 1 for m in ms], dtype="int64")
    df["weekday"] = pd.Series([m.start.weekday() for m in ms], dtype="int64")
    return df


def meetings(inst: Instance) -> pd.DataFrame:
    gs = inst.meetings
    return pd.DataFrame({
        "id": pd.Series([g.id for g in gs], dtype="str"),
        "start": pd.to_datetime(pd.Series([g.start for g in gs], dtype="object")),
        "end": pd.to_datetime(pd.Series([g.end for g in gs], dtype="object")),
        "hours": pd.Series([g.hours for g in gs], dtype="float64"),
        "topic": pd.Series([g.topic for g in gs], dtype="str"),
        "kind": _category((g.kind for g in gs), MEETING_KINDS),
        "themes": [list(g.themes) for g in gs],
        "guest_seats": pd.Series([g.guest_seats for g in gs], dtype="int64"),
    })


# --------------------------------------------------------------------------------------------
# Long tables


def links(inst: Instance, pseudonym_key: str | None = None) -> pd.DataFrame:
    """One row per link of an ambassador (field and scope, R5)."""
    pid = _person_ids(pseudonym_key)
    rows = [(pid(a.id), link.field, link.scope) for a in inst.ambassadors for link in a.links]
    df = pd.DataFrame(rows, columns=["ambassador", "field", "scope"])
    df["field"] = _category(df["field"], LINK_FIELDS)
    df["scope"] = _category(df["scope"], LINK_SCOPES)
    return df


def unavailability(inst: Instance, pseudonym_key: str | None = None) -> pd.DataFrame:
    """One row per unavailable range of a person; ``role`` is ``ambassador`` or ``staff``."""
    pid = _person_ids(pseudonym_key)
    rows: list[tuple[str | None, str, Any, Any, int]] = []
    for role, people in (("ambassador", inst.ambassadors), ("staff", inst.staff)):
        for person in people:
            rows += [(pid(person.id), role, r.start, r.end, (r.end - r.start).days + 1)
                     for r in person.unavailable]
    df = pd.DataFrame(rows, columns=["person", "role", "start", "end", "days"])
    df["role"] = _category(df["role"], ("ambassador", "staff"))
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    return df.astype({"days": "int64"})


def interests(inst: Instance, pseudonym_key: str | None = None) -> pd.DataFrame:
    """One row per self-selection signal (R4): ambassador, mission, interest −2..2."""
    pid = _person_ids(pseudonym_key)
    rows = [(pid(a.id), mission_id, level)
            for a in inst.ambassadors for mission_id, level in a.interests.items()]
    return pd.DataFrame(rows, columns=["ambassador", "mission", "interest"]).astype({"interest": "int64"})


def memberships(inst: Instance, pseudonym_key: str | None = None) -> pd.DataFrame:
    """Who holds what: one row per (person, field, value), for ``languages``, ``sectors``,
    ``themes``, ``competences``, ``trainings`` (and ``home_region``/``region``, ``service``)."""
    pid = _person_ids(pseudonym_key)
    rows: list[tuple[str | None, str, str, str]] = []
    for a in inst.ambassadors:
        rows.append((pid(a.id), "ambassador", "home_region", a.home_region))
        for field_name in MEMBERSHIP_FIELDS:
            rows += [(pid(a.id), "ambassador", field_name, str(v)) for v in getattr(a, field_name)]
    for s in inst.staff:
        rows.append((pid(s.id), "staff", "region", s.region))
        rows.append((pid(s.id), "staff", "service", s.service))
        rows += [(pid(s.id), "staff", "languages", v) for v in s.languages]
    df = pd.DataFrame(rows, columns=["person", "role", "field", "value"])
    df["role"] = _category(df["role"], ("ambassador", "staff"))
    return df


def travel(inst: Instance) -> pd.DataFrame:
    """Buffer and expense between every two regions that appear in the instance (both ways)."""
    regions = sorted(
        {a.home_region for a in inst.ambassadors} | {s.region for s in inst.staff}
        | {m.region for m in inst.missions}
        | {r for p in inst.policy.travel.pairs for r in (p.a, p.b)}
    )
    t = inst.policy.travel
    rows = [(a, b, t.buffer_minutes(a, b), t.expense_eur(a, b)) for a in regions for b in regions]
    return pd.DataFrame(rows, columns=["from_region", "to_region", "buffer_minutes", "expense_eur"]).astype(
        {"buffer_minutes": "int64", "expense_eur": "float64"}
    )


def quotas(inst: Instance) -> pd.DataFrame:
    """Sortition quotas: one row per (feature, value) with its ``min`` and ``max`` guests."""
    rows = [(feature, value, lo, hi)
            for feature, table in inst.policy.sortition.quotas.items()
            for value, (lo, hi) in table.items()]
    df = pd.DataFrame(rows, columns=["feature", "value", "min", "max"])
    df["feature"] = _category(df["feature"], QUOTA_FEATURES)
    return df.astype({"min": "int64", "max": "int64"})


def training_requirements(inst: Instance) -> pd.DataFrame:
    """The policy table: one row per (intervention or ``*``, training)."""
    rows = [(key, training) for key, trainings in inst.policy.training_requirements.items()
            for training in trainings]
    return pd.DataFrame(rows, columns=["intervention", "training"])


def all_frames(inst: Instance, include_personal: bool = False,
               pseudonym_key: str | None = None) -> dict[str, pd.DataFrame]:
    """Every view, by name; what a notebook or an export to Parquet/Excel wants."""
    return {
        "ambassadors": ambassadors(inst, include_personal, pseudonym_key),
        "staff": staff(inst, include_personal, pseudonym_key),
        "missions": missions(inst, pseudonym_key),
        "meetings": meetings(inst),
        "links": links(inst, pseudonym_key),
        "unavailability": unavailability(inst, pseudonym_key),
        "interests": interests(inst, pseudonym_key),
        "memberships": memberships(inst, pseudonym_key),
        "travel": travel(inst),
        "quotas": quotas(inst),
        "training_requirements": training_requirements(inst),
    }
