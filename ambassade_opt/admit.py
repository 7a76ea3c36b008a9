"""Admission of volunteers into the ambassador group (R1): a numeric limit, objective criteria.

From the candidates' identification sheets and the year's mission inventory, choose at most
``group_cap`` people — optionally only those whose ``selection_score`` reaches a minimum, and with
quotas on the admitted pool (e.g. at least two people living in each region) — so that the year
plan covers as much as it can. The engine is the planner itself, not a proxy score: the year is
planned with ``policy.group_cap = group_cap`` and the quotas added as constraints on the planner's
"ambassador is active" literals, and the admitted pool is the set of people the best plan uses.
Ties between equally good pools are broken by the planner's later stages (fair rotation, match,
cost), so admission favours a pool in which the work is spread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import InputError
from .files import write_text_atomic
from .model import QUOTA_FEATURES, Ambassador, Instance
from .plan import Plan, PlanStatus, Unassigned

if TYPE_CHECKING:
    from .solver import ProgressEvent, Requirement, StageResult

Quotas = Mapping[str, Mapping[str, Sequence[int]]]
# Why nobody is admitted when the solve gives no plan: proven impossible, or none found in time.
_NO_PLAN: dict[str, str] = {
    "infeasible": "no plan of the year keeps the cap, the quotas and the pins together",
    "unknown": "no plan was found within the time limit; a longer search may admit them",
}


class QuotaCount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feature: str
    value: str
    min: int
    max: int
    admitted: int
    candidates: int


class AdmissionResult(BaseModel):
    """Who is admitted, who is not and why, and the year plan that justifies the choice."""

    model_config = ConfigDict(extra="forbid")

    status: PlanStatus
    group_cap: int
    min_selection_score: float | None
    admitted: list[str]
    not_admitted: dict[str, str]  # candidate id -> reason
    unused_seats: int
    quotas: list[QuotaCount]
    coverage_value: int
    coverage_value_max: int
    coverage_share: float
    missions_covered: int
    missions: int
    plan: Plan

    def to_json(self, indent: int | None = 1, *, include_plan: bool = True) -> str:
        data = self.model_dump(mode="json", exclude=None if include_plan else {"plan"})
        return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"

    def save(self, path: str | Path, *, include_plan: bool = True) -> None:
        write_text_atomic(path, self.to_json(include_plan=include_plan))

    def summary(self) -> str:
        lines = [
            f"admitted {len(self.admitted)} of {len(self.admitted) + len(self.not_admitted)} candidates "
            f"(cap {self.group_cap}); plan {self.status}: {self.missions_covered}/{self.missions} missions, "
            f"coverage value {self.coverage_value}/{self.coverage_value_max} ({self.coverage_share:.1%})",
        ]
        for q in self.quotas:
            lines.append(f"  quota {q.feature}={q.value}: {q.admitted} admitted in [{q.min}, {q.max}] "
                         f"({q.candidates} candidates)")
        return "\n".join(lines)


def _holds(ambassador: Ambassador, feature: str, value: str) -> bool:
    held = getattr(ambassador, feature)
    return held == value if isinstance(held, str) else value in held


def _keeps_admission_rules(
    active: set[str],
    excluded: set[str],
    quota_members: Mapping[tuple[str, str], list[int]],
    quotas: Quotas,
    pool: Sequence[Ambassador],
) -> bool:
    if active & excluded:
        return False
    for (feature, value), members in quota_members.items():
        low, high = quotas[feature][value]
        if not low <= sum(1 for i in members if pool[i].id in active) <= high:
            return False
    return True


def _not_needed(candidate: Ambassador, proven: bool) -> str:
    """Why a candidate the plan does not use is left out; only a proof says "not needed"."""
    score = "" if candidate.selection_score is None else f" (selection score {candidate.selection_score:g})"
    if proven:
        return ("not needed: without them the plan within the cap covers as much, with the highest total "
                f"selection score (proven){score}")
    return f"not used by the best plan found within the time limit{score}; a longer search may admit them"


def check_quotas(quotas: Quotas) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for feature, table in quotas.items():
        if feature not in QUOTA_FEATURES:
            problems.append((f"quotas.{feature}", f"not an ambassador field holding strings "
                                                  f"(one of {', '.join(QUOTA_FEATURES)})"))
            continue
        for value, bounds in table.items():
            where = f"quotas.{feature}.{value}"
            if len(bounds) != 2 or not all(isinstance(b, int) and b >= 0 for b in bounds):
                problems.append((where, "expected [min, max], two whole numbers >= 0"))
            elif bounds[0] > bounds[1]:
                problems.append((where, f"min {bounds[0]} is above max {bounds[1]}"))
    return problems


def _as_instance(
    source: Instance | Sequence[Ambassador] | str | Path, inventory: Instance | None
) -> Instance:
    if isinstance(source, Instance):
        if inventory is not None:
            raise ValueError("give the inventory only with a list of candidates")
        return source
    if isinstance(source, str | Path):
        if inventory is not None:
            raise ValueError("give the inventory only with a list of candidates")
        return Instance.load(source)
    if inventory is None:
        raise InputError([("inventory", "candidates need the year's instance (missions, staff, policy)")])
    candidates = list(source)
    ids = {a.id for a in candidates}
    # An initiative can only be carried by its proposer: without them it leaves the planned year.
    missions = [
        m.model_copy(update={"pinned_ambassadors": [p for p in m.pinned_ambassadors if p in ids]})
        for m in inventory.missions if m.proposed_by is None or m.proposed_by in ids
    ]
    data = inventory.model_dump(mode="python")
    data["ambassadors"] = [a.model_dump(mode="python") for a in candidates]
    data["missions"] = [m.model_dump(mode="python") for m in missions]
    try:
        return Instance.model_validate(data)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, source="candidates") from None


def admit(
    instance_or_candidates: Instance | Sequence[Ambassador] | str | Path,
    group_cap: int,
    *,
    min_selection_score: float | None = None,
    quotas: Quotas | None = None,
    inventory: Instance | None = None,
    time_limit: float | None = 10.0,
    seed: int = 0,
    workers: int | None = 1,
    progress: Callable[[ProgressEvent], None] | None = None,
    stop: threading.Event | None = None,
) -> AdmissionResult:
    """Choose at most ``group_cap`` candidates that let the year plan cover the most.

    ``instance_or_candidates``: a year (its ambassadors are the candidates), a path to one, or a
    list of identification sheets with ``inventory`` giving missions, staff and policy (its
    initiatives proposed by someone who is not a candidate are then left out of the year).
    ``min_selection_score``: candidates below it, or without a score, are not considered.
    ``quotas``: ``{feature: {value: [min, max]}}`` on the admitted pool, features as in
    ``policy.sortition.quotas`` (a person counts for each value they hold; quotas no pool within
    the cap meets: :class:`InputError` with the smallest fix). ``workers=1`` (default): the same
    choice for a seed. ``time_limit``: wall seconds for the solve, its build included.
    ``progress``/``stop``: as in ``SolveOptions`` (``stop`` set: the best choice found so far).
    """
    from .scoring import kpis
    from .solver import SolveOptions, solve

    year = _as_instance(instance_or_candidates, inventory)
    quotas = quotas or {}
    _check_arguments(quotas, group_cap, min_selection_score)
    pool, left_out = _candidate_pool(year, min_selection_score)
    planned = _planned_year(year, {a.id for a in pool}, group_cap)
    _refuse_unreachable_quotas(planned, pool, quotas, group_cap)
    quota_members = _quota_members(pool, quotas)
    # One worker: the work limit, not the clock, decides; the time limit still bounds the wall time.
    options = SolveOptions(seed=seed, workers=workers, time_limit=time_limit,
                           requirements=_admission_requirements(left_out, quota_members, quotas, pool),
                           preferred=_preferred(pool), progress=progress, stop=stop)
    result = solve(planned, options)
    used = {aid for a in result.plan.assignments for aid in a.ambassadors}
    keeps_rules = _keeps_admission_rules(used, set(left_out), quota_members, quotas, pool)
    plan, status, active = _checked_plan(year, result.plan, result.status, keeps_rules)
    admitted = [a.id for a in pool if a.id in active]
    figures = kpis(planned, plan)
    return AdmissionResult(
        status=status,
        group_cap=group_cap,
        min_selection_score=min_selection_score,
        admitted=admitted,
        not_admitted=_not_admitted(year, pool, active, status, _proven(result.stages), left_out),
        unused_seats=max(0, group_cap - len(admitted)),
        quotas=_quota_counts(quota_members, quotas, pool, active),
        coverage_value=figures.coverage_value,
        coverage_value_max=figures.coverage_value_max,
        coverage_share=figures.coverage_value_ratio,
        missions_covered=figures.covered,
        missions=len(year.missions),
        plan=plan,
    )


def _quota_members(pool: Sequence[Ambassador], quotas: Quotas) -> dict[tuple[str, str], list[int]]:
    """(feature, value) of each quota → the indices in ``pool`` of the people who hold that value."""
    return {
        (feature, value): [i for i, a in enumerate(pool) if _holds(a, feature, value)]
        for feature, table in quotas.items() for value in table
    }


def _refuse_unreachable_quotas(planned: Instance, pool: Sequence[Ambassador], quotas: Quotas,
                               group_cap: int) -> None:
    """:class:`InputError` naming the smallest fix when no admitted pool of at most ``group_cap``
    can meet ``quotas``, before any solve.

    Only people eligible for at least one mission of ``planned`` can be admitted (the admitted pool
    is the plan's active people), so only they count towards a minimum. The check is the
    sortition panel model (:mod:`.governance.sortition.feasibility`) with the pool as candidates
    and the cap as the panel's largest size; the fixes are its smallest relaxation of the quota
    bounds and, where raising the cap alone would do, the smallest such cap.
    """
    if not any(bounds[0] > 0 for table in quotas.values() for bounds in table.values()):
        return  # maxima alone are met by admitting nobody of those values
    from .compile import compile_year
    from .governance.draws import values_of
    from .governance.sortition import (
        PoolMember,
        TypedPool,
        largest_feasible_size,
        minimal_relaxation,
        smallest_feasible_size,
    )

    problem = compile_year(planned)
    eligible = {problem.ambassador_ids[a] for a in set(problem.pair_amb.tolist())}
    able = [a for a in pool if a.id in eligible]
    table = {f: {v: (int(b[0]), int(b[1])) for v, b in values.items()} for f, values in quotas.items()}
    typed = TypedPool.build([PoolMember.of(a.id, {f: values_of(a, f) for f in table}) for a in able], table)
    if largest_feasible_size(typed, group_cap) is not None:
        return
    _, relaxations = minimal_relaxation(typed, group_cap)
    why = (f"no pool of at most {group_cap} of the {len(pool)} candidates meets the quotas ({len(able)} of "
           "them can take a mission of the year)")
    problems = [(f"quotas.{r.feature}.{r.value}", f"{why}; smallest fix: {r.describe()}")
                for r in relaxations]
    needed = smallest_feasible_size(typed)
    if needed is not None:
        problems.append(("group_cap", f"{why}; or raise the cap from {group_cap} to {needed}"))
    raise InputError(problems or [("quotas", why)])


def _preferred(pool: Sequence[Ambassador]) -> dict[str, int]:
    """The selection committee's scores (rounded) of the pool: among pools of equal coverage, they
    decide (R1's objective criteria). People without a score, or a score of 0, are not listed."""
    return {a.id: round(a.selection_score) for a in pool if a.selection_score}


def _proven(stages: Sequence[StageResult]) -> bool:
    """Whether the coverage and selection stages of the solve were proven optimal."""
    return all(s.status == "optimal" for s in stages if s.name in ("coverage", "selection"))


def _not_admitted(year: Instance, pool: Sequence[Ambassador], active: set[str], status: PlanStatus,
                  proven: bool, left_out: Mapping[str, str]) -> dict[str, str]:
    """Why each candidate not admitted is not, in the year's order: ``left_out`` (by the minimum
    selection score) or, for the pool, no plan at all, or not used by the best plan (not needed
    when the plan is ``proven``: see :func:`_not_needed`)."""
    reasons = dict(left_out)
    for a in pool:
        if a.id not in active:
            reasons[a.id] = (_NO_PLAN[status] if status in _NO_PLAN else _not_needed(a, proven))
    return {a.id: reasons[a.id] for a in year.ambassadors if a.id in reasons}


def _quota_counts(quota_members: Mapping[tuple[str, str], list[int]], quotas: Quotas,
                  pool: Sequence[Ambassador], active: set[str]) -> list[QuotaCount]:
    """Per quota (in the order of ``quotas``): its bounds, its admitted (active) members and its
    candidates (members of ``pool``)."""
    return [
        QuotaCount(feature=feature, value=value, min=quotas[feature][value][0], max=quotas[feature][value][1],
                   admitted=sum(1 for i in members if pool[i].id in active), candidates=len(members))
        for (feature, value), members in quota_members.items()
    ]


def _check_arguments(quotas: Quotas, group_cap: int, min_selection_score: float | None) -> None:
    """:class:`InputError` naming every bad argument: the quotas (:func:`check_quotas`), a cap that
    is not a whole number >= 0, a minimum score outside 0..100."""
    problems = check_quotas(quotas)
    if not isinstance(group_cap, int) or group_cap < 0:
        problems.append(("group_cap", f"{group_cap!r} is not a whole number >= 0"))
    if min_selection_score is not None and not 0 <= min_selection_score <= 100:
        problems.append(("min_selection_score", f"{min_selection_score!r} is not in 0..100"))
    if problems:
        raise InputError(problems)


def _candidate_pool(year: Instance,
                    min_selection_score: float | None) -> tuple[list[Ambassador], dict[str, str]]:
    """The candidates considered (in the year's order) and, for those left out by the minimum
    selection score, why."""
    not_admitted: dict[str, str] = {}
    pool: list[Ambassador] = []
    for a in year.ambassadors:
        if min_selection_score is not None and a.selection_score is None:
            not_admitted[a.id] = "no selection score"
        elif min_selection_score is not None and a.selection_score is not None \
                and a.selection_score < min_selection_score:
            not_admitted[a.id] = f"selection score {a.selection_score:g} below {min_selection_score:g}"
        else:
            pool.append(a)
    return pool, not_admitted


def _planned_year(year: Instance, pool_ids: set[str], group_cap: int) -> Instance:
    """The year to plan: ``policy.group_cap`` set to ``group_cap``, re-validated.

    People left out stay in the planned year (initiatives and interests name them) but may take
    no mission; their pins are dropped rather than made impossible."""
    missions = [
        m.model_copy(update={"pinned_ambassadors": [p for p in m.pinned_ambassadors if p in pool_ids]})
        if any(p not in pool_ids for p in m.pinned_ambassadors) else m
        for m in year.missions
    ]
    planned = year.model_copy(update={
        "missions": missions,
        "policy": year.policy.model_copy(update={"group_cap": group_cap}),
    })
    return Instance.model_validate(planned.model_dump(mode="python"))


def _admission_requirements(excluded: Collection[str], quota_members: Mapping[tuple[str, str], list[int]],
                            quotas: Quotas, pool: Sequence[Ambassador]) -> list[Requirement]:
    """The planner's extra constraints: nobody ``excluded`` is active, and each quota's members
    (indices into ``pool``) have between its min and max active people."""
    from .solver import ActiveBetween

    rules: list[Requirement] = [ActiveBetween(tuple(sorted(excluded)), 0, 0)] if excluded else []
    for (feature, value), members in quota_members.items():
        low, high = quotas[feature][value]
        rules.append(ActiveBetween(tuple(pool[i].id for i in members), low, high))
    return rules


def _checked_plan(year: Instance, plan: Plan, status: PlanStatus,
                  keeps_rules: bool) -> tuple[Plan, PlanStatus, set[str]]:
    """The plan, its status and the active ambassadors, once the admission rules are re-checked
    on the plan itself (``keeps_rules``): a plan that breaks them (the planner may fall back on
    its constructive start, which knows nothing of extra constraints) is no admission, whatever
    status it came with (``unknown``: nothing proves that no admission exists). An infeasible
    or unknown plan leaves every mission unassigned and nobody active."""
    if status not in _NO_PLAN and not keeps_rules:
        status = "unknown"  # the search ended on a start that ignores the admission rules: no proof
    if status in _NO_PLAN:
        reason = _NO_PLAN[status]
        plan = Plan(
            status=status,
            unassigned=[Unassigned(mission=m.id, reason=reason) for m in year.missions],
            solver=plan.solver,
            run=plan.run,
        )
        return plan, status, set()
    return plan, status, {aid for a in plan.assignments for aid in a.ambassadors}
