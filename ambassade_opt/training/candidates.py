"""Which training of which person would unlock which uncovered missions (rule 1), cheaply.

A training ``t`` of ambassador ``a`` *unlocks* mission ``m`` when ``a`` is not eligible for ``m``
today and would be with ``t`` added to ``a.trainings`` (every other condition of rule 1 holds:
language, competence, charter, availability, not declined; ``t`` is the one required training
``a`` lacks). Only missions the current plan leaves uncovered are considered: that is where a
training can raise the coverage value. The cheap *estimate* of a candidate is the total
priority of the missions it unlocks, ``Σ_{m ∈ unlocks} priority(m)``: an upper bound on its
gain, since a plan can cover at most those missions more (other missions may have to give way
for load, overlap or budget, which only re-planning measures).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Ambassador, Instance, Mission
from ..plan import Plan
from ..rules.eligibility import eligibility_problems


@dataclass(frozen=True)
class Candidate:
    """Give ``training`` to ``person``: it unlocks ``unlocks`` (mission ids, by start)."""

    person: str
    training: str
    unlocks: tuple[str, ...]
    estimate: int  # Σ priority of the missions unlocked
    order: tuple[int, str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", (-self.estimate, self.person, self.training))


def with_training(ambassador: Ambassador, training: str) -> Ambassador:
    return ambassador.model_copy(update={"trainings": [*ambassador.trainings, training]})


def _lacking(instance: Instance, ambassador: Ambassador, mission: Mission) -> str | None:
    """The one training ``ambassador`` lacks for ``mission`` if it is all that keeps them out."""
    if (mission.language not in ambassador.languages or mission.intervention not in ambassador.competences
            or not ambassador.charter_signed):
        return None  # quick rejections before the full check
    missing = sorted(set(instance.policy.required_trainings(mission)) - set(ambassador.trainings))
    if len(missing) != 1:
        return None
    trained = with_training(ambassador, missing[0])
    return missing[0] if not eligibility_problems(instance, trained, mission) else None


def candidates(instance: Instance, plan: Plan) -> list[Candidate]:
    """Every (person, training) that unlocks an uncovered mission, best estimate first (ties by
    person id, then training)."""
    covered = {a.mission for a in plan.assignments}
    uncovered = sorted((m for m in instance.missions if m.id not in covered and _can_be_staffed(m)),
                       key=lambda m: (m.start, m.id))
    unlocks: dict[tuple[str, str], list[Mission]] = {}
    for m in uncovered:
        if not instance.policy.required_trainings(m):
            continue
        for a in instance.ambassadors:
            training = _lacking(instance, a, m)
            if training is not None:
                unlocks.setdefault((a.id, training), []).append(m)
    found = [Candidate(person=aid, training=t, unlocks=tuple(m.id for m in ms),
                       estimate=sum(m.priority for m in ms))
             for (aid, t), ms in unlocks.items()]
    return sorted(found, key=lambda c: c.order)


def _can_be_staffed(mission: Mission) -> bool:
    """An initiative waiting for approval cannot be staffed whoever is trained (rule 8)."""
    return mission.origin != "ambassador_initiative" or mission.approved
