"""Rule 1, eligibility: language, competence, charter, trainings, availability, not declined.

Ambassador *a* may take mission *m* when ``m.language in a.languages``, ``m.intervention in
a.competences``, ``a.charter_signed``, the required trainings (``m.requires_training``, else
``policy.training_requirements[m.intervention]``, else ``[...]["*"]``) are all in
``a.trainings``, *a* is available on every date *m* touches and on its weekdays, and
``a.interests[m.id] != -2`` (a volunteer is never sent where they said no).

Compiled, the rule *is* the list of eligible pairs: the solver creates variables for those pairs
only, so neither back-end needs a constraint for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import BoolArray, IntArray, MissionDays, PeopleCalendar, ProblemData, pad, shared_incidence
from ..compiled.vocabulary import Vocabulary
from ..model import INTERVENTIONS, Ambassador, Instance, Mission, Staff, touched_dates
from .base import PersonBlock, Rule, Tracker
from .core import Violation
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DECLINED = -2


def unavailability(person: Ambassador | Staff, mission: Mission) -> str | None:
    """Why ``person`` cannot be there, in words, or None when available on every touched date."""
    for day in touched_dates(mission.start, mission.end):
        if person.available_weekdays is not None and day.weekday() not in person.available_weekdays:
            return f"does not take missions on {WEEKDAY_NAMES[day.weekday()]}s ({day.isoformat()})"
        if any(r.contains(day) for r in person.unavailable):
            return f"is unavailable on {day.isoformat()}"
    return None


def declined(ambassador: Ambassador, mission: Mission) -> bool:
    """Interest −2: the ambassador said no to this mission."""
    return ambassador.interests.get(mission.id) == DECLINED


def eligibility_problems(instance: Instance, ambassador: Ambassador, mission: Mission) -> list[str]:
    """Every reason why ``ambassador`` may not take ``mission``; empty when eligible."""
    problems: list[str] = []
    if mission.language not in ambassador.languages:
        problems.append(f"does not speak {mission.language}")
    if mission.intervention not in ambassador.competences:
        problems.append(f"is not competent for {mission.intervention}")
    if not ambassador.charter_signed:
        problems.append("has not signed the charter")
    missing = sorted(set(instance.policy.required_trainings(mission)) - set(ambassador.trainings))
    if missing:
        problems.append(f"lacks training {', '.join(missing)}")
    absent = unavailability(ambassador, mission)
    if absent is not None:
        problems.append(absent)
    if declined(ambassador, mission):
        problems.append("declined this mission (interest -2)")
    return problems


def is_eligible(instance: Instance, ambassador: Ambassador, mission: Mission) -> bool:
    return not eligibility_problems(instance, ambassador, mission)


# -- compiled ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class EligibilityData:
    """Rule 1 as arrays: one row per ambassador, one code per mission."""

    speaks: BoolArray  # ambassadors × languages
    mission_language: IntArray
    competent: BoolArray  # ambassadors × interventions
    intervention: IntArray
    charter: BoolArray
    lacks: np.ndarray  # ambassadors × trainings, 1 where the training is missing (int32)
    requires: np.ndarray  # missions × trainings (int32)
    calendar: PeopleCalendar
    days: MissionDays
    declined_keys: IntArray  # sorted m · n_ambassadors + a of every interest −2

    @classmethod
    def of(cls, instance: Instance, days: MissionDays) -> EligibilityData:
        ambs, missions = instance.ambassadors, instance.missions
        languages = Vocabulary()
        speaks = languages.incidence([a.languages for a in ambs])
        mission_language = np.array([languages.code(m.language) for m in missions], dtype=np.int64)
        speaks = pad(speaks, max(len(languages), 1))
        code = {c: i for i, c in enumerate(INTERVENTIONS)}
        competent = np.zeros((len(ambs), len(INTERVENTIONS)), dtype=np.bool_)
        for i, a in enumerate(ambs):
            competent[i, [code[c] for c in a.competences]] = True
        requires, has = shared_incidence(
            [instance.policy.required_trainings(m) for m in missions], [a.trainings for a in ambs]
        )
        mission_code = {m.id: i for i, m in enumerate(missions)}
        n = max(len(ambs), 1)
        keys = sorted(
            mission_code[mid] * n + i
            for i, a in enumerate(ambs)
            for mid, level in a.interests.items()
            if level == DECLINED
        )
        return cls(
            speaks,
            mission_language,
            competent,
            np.array([code[m.intervention] for m in missions], dtype=np.int64),
            np.array([a.charter_signed for a in ambs], dtype=np.bool_),
            (~has).astype(np.int32),
            requires.astype(np.int32),
            PeopleCalendar.of(ambs, instance.year),
            days,
            np.array(keys, dtype=np.int64),
        )

    def filters(self, cols: IntArray) -> list[tuple[str, BoolArray]]:
        """Ambassadors × ``cols`` boolean matrix of each filter of rule 1, in the rule's order."""
        n_amb = len(self.charter)
        not_declined = np.ones((n_amb, len(cols)), dtype=np.bool_)
        if len(self.declined_keys):
            m, a = np.divmod(self.declined_keys, max(n_amb, 1))
            where = np.isin(m, cols)
            col_of = {c: j for j, c in enumerate(np.asarray(cols).tolist())}
            for mm, aa in zip(m[where].tolist(), a[where].tolist(), strict=True):
                not_declined[aa, col_of[mm]] = False
        return [
            ("language", self.speaks[:, self.mission_language[cols]]),
            ("competence", self.competent[:, self.intervention[cols]]),
            ("charter", np.repeat(self.charter[:, None], len(cols), axis=1)),
            ("training", (self.lacks @ self.requires[cols].T) == 0),
            ("availability", self.calendar.available(self.days.subset(cols))),
            ("declined", not_declined),
        ]

    def eligible_pairs(self, n_missions: int, chunk: int = 2048) -> tuple[IntArray, IntArray]:
        """(ambassador, mission) index arrays of the eligible pairs, in mission-major order, built
        ``chunk`` missions at a time (memory stays proportional to ambassadors × chunk)."""
        step = chunk if chunk > 0 else max(n_missions, 1)
        ambs_out: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        mis_out: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        for lo in range(0, n_missions, step):
            cols = np.arange(lo, min(lo + step, n_missions))
            ok = np.logical_and.reduce([mask for _, mask in self.filters(cols)])
            mis_local, amb = np.nonzero(ok.T)
            ambs_out.append(amb.astype(np.int64))
            mis_out.append(cols[mis_local].astype(np.int64))
        return np.concatenate(ambs_out), np.concatenate(mis_out)


def filter_counts(problem: ProblemData, m: int) -> list[tuple[str, int]]:
    """How many ambassadors are left after each filter of rule 1 for mission ``m``, in order."""
    data = problem.part(EligibilityData)
    left = np.ones(problem.n_amb, dtype=np.bool_)
    out = []
    for name, mask in data.filters(np.array([m])):
        left &= mask[:, 0]
        out.append((name, int(left.sum())))
    return out


def eligible_people(problem: ProblemData, m: int) -> IntArray:
    """The ambassadors who may take mission ``m`` (its pairs)."""
    return problem.pair_amb[problem.pairs_of_mission(m)]


# -- the rule ---------------------------------------------------------------------------------
class _Tracker(Tracker):
    rule = "eligibility"

    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        mask = self.problem.pair_indices(people, m) < 0
        return [PersonBlock(self.rule, "not eligible", mask)] if mask.any() else []


class Eligibility(Rule):
    name = "eligibility"
    number = 1
    title = "eligibility"

    def violations(self, view: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for mission_id, people in view.ambassadors_on.items():
            mission = view.missions[mission_id]
            for aid in people:
                for problem in eligibility_problems(view.instance, view.ambassadors[aid], mission):
                    out.append(
                        Violation(
                            rule="eligibility",
                            mission=mission_id,
                            person=aid,
                            message=f"{mission_id}: ambassador {aid} {problem}",
                        )
                    )
        return out

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        from .seats import minimum

        return shortfall(problem, m, int(minimum(problem)[m]))


def shortfall(problem: ProblemData, m: int, needed: int) -> str | None:
    """Why fewer than ``needed`` ambassadors can ever take mission ``m``, filter by filter."""
    mission = problem.instance.missions[m]
    counts = dict(filter_counts(problem, m))
    n_lang, n_comp, n_charter = counts["language"], counts["competence"], counts["charter"]
    n_trained, n_free, n_willing = counts["training"], counts["availability"], counts["declined"]
    lang, kind = mission.language, mission.intervention

    def speak(n: int) -> str:
        return f"{n} speak{'s' if n == 1 else ''} {lang}"

    def are(n: int) -> str:
        return "is" if n == 1 else "are"

    if n_lang == 0:
        return f"nobody eligible speaks {lang}"
    if n_comp == 0:
        return f"nobody eligible: {speak(n_lang)} but none is competent for {kind}"
    if n_charter == 0:
        return (
            f"nobody eligible: {speak(n_comp)} and {are(n_comp)} competent for {kind} "
            f"but none has signed the charter"
        )
    if n_trained == 0:
        required = ", ".join(sorted(problem.instance.policy.required_trainings(mission)))
        return (
            f"nobody eligible: {speak(n_charter)}, {are(n_charter)} competent for {kind} and signed "
            f"the charter but none has the training {required}"
        )
    if n_free == 0:
        day = mission.start.date()
        return (
            f"nobody eligible: {speak(n_trained)}, {are(n_trained)} competent for {kind} and trained "
            f"but none is available on {day.isoformat()} ({WEEKDAY_NAMES[day.weekday()]})"
        )
    if n_willing == 0:
        return (
            f"nobody eligible: {_plural(n_free, 'ambassador')} could take it but "
            f"{'they' if n_free > 1 else 'that one'} declined it (interest -2)"
        )
    if n_willing < needed:
        return f"too few eligible: only {_plural(n_willing, 'ambassador')} can take it, it needs {needed}"
    return None


def _plural(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"


RULE = Eligibility()
