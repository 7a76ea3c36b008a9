"""The figures of a plan (:class:`Kpis`): what a plan file carries and a report shows.

Plain data, computed by :func:`ambassade_opt.scoring.kpis`; money in EUR with two decimals.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

ANY_SECTOR = "(any)"
QUARTERS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")


class _Figures(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class GroupFigures(_Figures):
    """Missions of one group (an axis, a level, a region, a sector, a priority) and how many are covered."""

    missions: int = 0
    covered: int = 0
    value: int = 0
    value_max: int = 0


Table = dict[str, GroupFigures]


class Kpis(_Figures):
    """* coverage — ``coverage`` {axis|level|region|sector|priority: {group: figures}} (a mission
      counts in each of its sectors; none: ``"(any)"``), ``covered_by_axis`` {axis: n};
    * fairness — ``rotation_penalty``, ``active_ambassadors`` (of ``ambassadors``), loads;
    * match — ``match_total``, ``match_mean`` per seat, ``seats_filled``;
    * staff — ``staff_pairs``, ``staff_max_load``; ``hours_total`` (ambassadors, with preparation);
    * money (EUR) — ``spend`` and its parts, ``spend_by_quarter`` {Q1..Q4}, ``spend_by_ambassador``
      (active ones), the budgets and the annual budget's share used."""

    missions: int = 0
    covered: int = 0
    coverage_ratio: float = 0.0
    coverage_value: int = 0
    coverage_value_max: int = 0
    coverage_value_ratio: float = 0.0
    covered_by_axis: dict[str, int] = {}
    coverage: dict[str, Table] = {}
    rotation_penalty: int = 0
    match_total: int = 0
    match_mean: float = 0.0
    seats_filled: int = 0
    staff_pairs: int = 0
    staff_max_load: int = 0
    ambassadors: int = 0
    active_ambassadors: int = 0
    max_load: int = 0
    mean_active_load: float = 0.0
    gini_active_load: float = 0.0
    load_histogram: dict[str, int] = {}
    hours_total: float = 0.0
    spend: float = 0.0
    remuneration: float = 0.0
    expenses: float = 0.0
    spend_by_quarter: dict[str, float] = {}
    spend_paid_missions: float = 0.0
    spend_expenses_only_missions: float = 0.0
    spend_by_ambassador: dict[str, float] = {}
    max_spend_per_ambassador: float = 0.0
    max_remuneration_per_ambassador: float = 0.0
    budget_annual: float | None = None
    budget_annual_used: float | None = None
    budget_quarterly: list[float] | None = None
