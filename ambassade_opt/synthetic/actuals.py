"""Seeded synthetic mission reports for a planned year: what happens when a plan meets the year.

:func:`synthetic_actuals` writes one report per mission of the plan, in the order of the
missions' start, and plants the deviations a settlement must catch, each with a known rate
(:class:`ActualsParams`): missions called off (some with an expense claim anyway), reports that
never came, no-shows, substitutes, overtime (hours more than 25 % above plan), over-claims
(more than 1.5 × the planned expense), reports without hours, people who came unplanned, and
reports for missions the plan left out. Everything else stays within the review thresholds:
hours within [0.9, 1.2] × plan (rounded down to the quarter hour), claims within [0.8, 1.2] ×
the planned expense. Every planted deviation is listed in :attr:`SyntheticActuals.planted` with
the ``to_review`` kind that :func:`ambassade_opt.settlement.settle` gives it, so tests can check
that none is missed.

Everything comes from ``numpy.random.default_rng(seed)``: the same year, plan, seed and
parameters give the same reports, byte for byte.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..actuals import Actuals
from ..model import Instance, Mission
from ..plan import Assignment, Plan
from ..settlement.result import ReviewKind

Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class ActualsParams(BaseModel):
    """Rates of what happens, per mission (``called_off``, ``missing_report``,
    ``unplanned``, ``uncovered_report`` among the missions the plan left out) or per planned
    person (the others). ``claim`` is the share of people present who claim their expenses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    called_off: Rate = 0.04
    called_off_claim: Rate = 0.3
    missing_report: Rate = 0.03
    no_show: Rate = 0.04
    substitute: Rate = 0.05
    overtime: Rate = 0.05
    claim: Rate = 0.7
    over_claim: Rate = 0.04
    hours_missing: Rate = 0.03
    unplanned: Rate = 0.02
    uncovered_report: Rate = 0.02


class Planted(BaseModel):
    """A deviation put there on purpose, as the settlement should list it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ReviewKind
    mission: str
    person: str | None = None


class SyntheticActuals(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actuals: Actuals
    planted: list[Planted]


def synthetic_actuals(instance: Instance, plan: Plan, seed: int = 0,
                      params: ActualsParams | None = None) -> SyntheticActuals:
    """Reports for ``plan`` of ``instance`` with planted deviations; see the module docstring."""
    maker = _Maker(instance, plan, np.random.default_rng(seed), params or ActualsParams())
    covered = plan.assignment_of()
    for m in sorted(instance.missions, key=lambda m: (m.start, m.id)):
        asg = covered.get(m.id)
        if asg is not None:
            maker.covered(m, asg)
        elif maker.draw(maker.params.uncovered_report):
            maker.uncovered(m)
    actuals = Actuals.of({"format_version": 1, "year": instance.year, "reports": maker.reports})
    return SyntheticActuals(actuals=actuals, planted=maker.planted)


class _Maker:
    def __init__(self, instance: Instance, plan: Plan, rng: np.random.Generator,
                 params: ActualsParams) -> None:
        self.instance, self.plan, self.rng, self.params = instance, plan, rng, params
        self.ambassador_ids = [a.id for a in instance.ambassadors]
        self.reports: list[dict[str, Any]] = []
        self.planted: list[Planted] = []

    def draw(self, rate: float) -> bool:
        return bool(self.rng.random() < rate)

    def plant(self, kind: ReviewKind, mission: str, person: str | None = None) -> None:
        self.planted.append(Planted(kind=kind, mission=mission, person=person))

    def _evaluation(self) -> dict[str, Any]:
        return {"rating": int(self.rng.integers(2, 6)), "audience": int(self.rng.integers(5, 200))}

    def covered(self, m: Mission, asg: Assignment) -> None:
        p = self.params
        if self.draw(p.missing_report):
            self.plant("missing_report", m.id)
            return
        if self.draw(p.called_off):
            people = []
            for aid in asg.ambassadors:
                if self.draw(p.called_off_claim):
                    claim = max(1.0, self._claim(m, aid, normal=True))  # a claim, even on a free trip
                    people.append({"id": aid, "expenses_eur": claim})
                    self.plant("called_off_claim", m.id, aid)
            self.reports.append({"mission": m.id, "held": False, "people": people})
            return
        people = self._ambassadors_present(m, asg)
        if asg.staff is not None:
            if self.draw(p.no_show):
                self.plant("no_show", m.id, asg.staff)
            else:
                people.append({"id": asg.staff})
        if self.draw(p.unplanned):
            extra = self._outsider(m, {asg.staff, *asg.ambassadors, *(str(x["id"]) for x in people)})
            if extra is not None:
                people.append(self._present(m, extra, overtime=False))
                self.plant("not_planned", m.id, extra)
        self.reports.append({"mission": m.id, "held": True, "people": people,
                             "evaluation": self._evaluation()})

    def _ambassadors_present(self, m: Mission, asg: Assignment) -> list[dict[str, Any]]:
        p = self.params
        people: list[dict[str, Any]] = []
        taken: set[str | None] = {*asg.ambassadors, asg.staff}
        for aid in asg.ambassadors:
            if self.draw(p.no_show):
                self.plant("no_show", m.id, aid)
            elif self.draw(p.substitute):
                sub = self._outsider(m, taken)
                if sub is None:
                    people.append(self._present(m, aid, overtime=False))
                    continue
                taken.add(sub)
                people.append({**self._present(m, sub, overtime=False), "substitute_for": aid})
            else:
                people.append(self._present(m, aid, overtime=self.draw(p.overtime)))
        return people

    def _present(self, m: Mission, aid: str, *, overtime: bool) -> dict[str, Any]:
        p = self.params
        planned = m.workload_hours
        person: dict[str, Any] = {"id": aid}
        if self.draw(p.hours_missing):
            if m.is_paid:
                self.plant("hours_not_reported", m.id, aid)
        elif overtime:
            person["hours"] = math.ceil(planned * float(self.rng.uniform(1.4, 2.0)) * 4) / 4
            self.plant("hours_above_plan", m.id, aid)
        else:
            person["hours"] = max(0.25, math.floor(planned * float(self.rng.uniform(0.9, 1.2)) * 4) / 4)
        if self.draw(p.over_claim):
            person["expenses_eur"] = self._claim(m, aid, normal=False)
            self.plant("claim_above_plan", m.id, aid)
        elif self.draw(p.claim):
            person["expenses_eur"] = self._claim(m, aid, normal=True)
        return person

    def _claim(self, m: Mission, aid: str, *, normal: bool) -> float:
        planned = self.instance.policy.expense_eur(self.instance.ambassador(aid), m)
        if normal:
            return math.floor(planned * float(self.rng.uniform(0.8, 1.2)) * 100) / 100
        return round(planned * float(self.rng.uniform(2.0, 4.0)) + 5.0, 2)

    def _outsider(self, m: Mission, taken: set[str | None]) -> str | None:
        """An ambassador not on the mission, preferably one who speaks its language and can do it."""
        free = [aid for aid in self.ambassador_ids if aid not in taken]
        if not free:
            return None
        able = [aid for aid in free if m.language in self.instance.ambassador(aid).languages
                and m.intervention in self.instance.ambassador(aid).competences]
        pool = able or free
        return pool[int(self.rng.integers(len(pool)))]

    def uncovered(self, m: Mission) -> None:
        aid = self._outsider(m, set())
        if aid is None:
            return
        self.plant("not_covered", m.id)
        self.plant("not_planned", m.id, aid)
        self.reports.append({"mission": m.id, "held": True,
                             "people": [self._present(m, aid, overtime=False)],
                             "evaluation": self._evaluation()})
