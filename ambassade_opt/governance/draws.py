"""Sortition for ``global`` meetings: the ambassador layer over the generic sortition core."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..model import QUOTA_FEATURES, Ambassador, Instance, Meeting
from .audit import meeting_seed, pool_digest
from .errors import QuotaInfeasible
from .results import MeetingGuests, PanelProbability, QuotaChange, SortitionAudit
from .sortition import Objective, PoolMember, QuotasInfeasible, draw_index, fair_lottery
from .sortition.pool import QuotaTable


def values_of(ambassador: Ambassador, feature: str) -> list[str]:
    """The values a person counts for under a quota feature (each value of a list field)."""
    if feature not in QUOTA_FEATURES:
        raise KeyError(f"{feature!r} is not a quota feature")
    value = getattr(ambassador, feature)
    return list(value) if isinstance(value, list) else [str(value)]


def quota_table(instance: Instance) -> dict[str, dict[str, tuple[int, int]]]:
    return {
        feature: {value: (int(b[0]), int(b[1])) for value, b in table.items()}
        for feature, table in instance.policy.sortition.quotas.items()
    }


def sortition_pool(instance: Instance, candidates: Sequence[str], drawn_cycle: Collection[str],
                   quotas: QuotaTable) -> list[PoolMember]:
    people = {a.id: a for a in instance.ambassadors}
    return [
        PoolMember.of(c, {f: values_of(people[c], f) for f in quotas}, fresh=c not in drawn_cycle)
        for c in sorted(candidates)
    ]


def _relaxed(quotas: QuotaTable, error: QuotasInfeasible) -> dict[str, dict[str, tuple[int, int]]]:
    table = {f: dict(vals) for f, vals in quotas.items()}
    for r in error.relaxations:
        lo, hi = table[r.feature][r.value]
        table[r.feature][r.value] = (r.suggested, hi) if r.bound == "min" else (lo, r.suggested)
    return table


def draw(instance: Instance, meeting: Meeting, candidates: Sequence[str], drawn_cycle: Collection[str],
         seed: int | None = None, *, master_seed: int = 0, objective: Objective = "leximin",
         relax_quotas: bool = False) -> MeetingGuests:
    """Draw the guests of a global meeting by lot, fairly and auditably.

    The lottery is leximin-fair over the quota-feasible panels of ``guest_seats`` (or the largest
    feasible size below it) that hold as many fresh candidates (not in ``drawn_cycle``) as the
    quotas allow; the panel is drawn from it with ``numpy.random.default_rng(seed)`` (default:
    :func:`meeting_seed` of ``master_seed`` and the meeting id). Infeasible quotas raise
    :class:`QuotaInfeasible` with the smallest relaxation, or, with ``relax_quotas``, are relaxed
    that way (recorded in the audit).
    """
    if seed is None:
        seed = meeting_seed(master_seed, meeting.id)
    quotas = quota_table(instance)
    pool = sortition_pool(instance, candidates, drawn_cycle, quotas)
    relaxations: list[QuotaChange] = []
    try:
        fair = fair_lottery(pool, quotas, meeting.guest_seats, objective=objective)
    except QuotasInfeasible as exc:
        where = [(f"policy.sortition.quotas.{r.feature}.{r.value}",
                  f"meeting {meeting.id}: its {len(pool)} eligible candidate(s) cannot meet the quotas; "
                  f"smallest fix: {r.describe()}") for r in exc.relaxations]
        if not relax_quotas:
            raise QuotaInfeasible(where or [("policy.sortition.quotas", f"meeting {meeting.id}: {exc}")],
                                  [r.describe() for r in exc.relaxations]) from None
        relaxations = [QuotaChange(feature=r.feature, value=r.value, written=r.current, applied=r.suggested,
                                   bound="min" if r.bound == "min" else "max") for r in exc.relaxations]
        fair = fair_lottery(pool, _relaxed(quotas, exc), meeting.guest_seats, objective=objective)
    probabilities = fair.lottery.probabilities
    panel = list(fair.lottery.panels[draw_index(probabilities, seed)])
    marginals = fair.marginals
    audit = SortitionAudit(
        meeting=meeting.id, seed=seed, pool_digest=pool_digest(candidates), candidates=sorted(candidates),
        fresh=sorted(p.id for p in pool if p.fresh), guest_seats=meeting.guest_seats, size=fair.size,
        fresh_seats=fair.fresh_seats, objective=objective,
        probabilities={c: marginals.get(c, 0.0) for c in sorted(candidates)},
        distribution=[PanelProbability(panel=list(p), probability=q)
                      for p, q in zip(fair.lottery.panels, probabilities, strict=True)],
        panel=panel, relaxations=relaxations,
    )
    return MeetingGuests(meeting=meeting.id, kind=meeting.kind, method="sortition", guests=panel,
                         candidates=sorted(candidates), audit=audit)
