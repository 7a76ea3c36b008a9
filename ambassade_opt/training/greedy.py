"""``training_plan``: whom to give which training so that more of the year is covered (R6).

Method — greedy selection with gains measured by re-planning:

1. *Reference.* ``P₀`` is the plan given (or a plan solved now). It is re-planned on the
   coverage value alone (``solve`` in weighted mode, coverage weight 1, the others 0, started from
   ``P₀``), so that the gains below come from trainings and not from a longer search:
   ``C₀ = max(cov(P₀), cov(re-plan))`` is ``coverage_before``.
2. *Candidates.* For the current year ``I_k`` and plan ``P_k``, every (person ``a``, training
   ``t``) that unlocks uncovered missions ``U(a, t)`` under rule 1 (:mod:`.candidates`), with the
   cheap estimate ``e(a, t) = Σ_{m ∈ U(a, t)} priority(m)`` ≥ its true gain.
3. *Measure.* The ``measure_top`` candidates of highest estimate are each measured exactly as the
   reference: ``C(a, t) = cov(solve(I_k + (a, t), coverage only, hint P_k))``, and
   ``gain(a, t) = C(a, t) − C_k`` (never below 0: ``P_k`` stays valid with more trainings).
4. *Choose.* The candidate of largest measured gain (ties: larger estimate, then ids) is kept if
   its gain is positive: ``I_{k+1} = I_k + (a, t)``, ``P_{k+1}`` its plan, ``C_{k+1} = C(a, t)``;
   otherwise the selection stops. At most ``max_trainings`` steps.
5. *Final plan.* The year with every chosen training is planned once more in the usual
   lexicographic order (coverage, rotation, match, cost), started from the last measured plan,
   with ``final_time_limit``; the better of the two by coverage is attached, and its coverage is
   ``coverage_after`` ≥ ``C₀ + Σ gain``.

Each step costs ``measure_top`` solves, so the whole run costs about ``2 + N·K`` solves of the
year. Gains are exact when the coverage solves are optimal (``Measurement.status``), otherwise
lower bounds of what a longer search would find. Greedy selection is not optimal in general
(two trainings may only pay together), but each chosen training is worth its measured gain
given the ones before it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from ..scoring import refuse_broken_plan
from ..solver import SolveOptions, SolveResult, solve
from .candidates import Candidate, candidates, with_training
from .recruit import profiles_to_recruit
from .result import Measurement, TrainingPlan, TrainingSuggestion

COVERAGE_ONLY = {"coverage": 1.0, "rotation": 0.0, "match": 0.0, "cost": 0.0}


class TrainingOptions(BaseModel):
    """Tuning of :func:`training_plan`: candidates measured per step, seconds per coverage solve
    and for the final plan, the solver's seed and workers (1: reproducible)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    measure_top: int = Field(default=3, ge=1)
    time_limit: float = Field(default=10.0, gt=0)
    final_time_limit: float = Field(default=30.0, gt=0)
    seed: int = 0
    workers: int | None = Field(default=1, ge=1)


def coverage_value(instance: Instance, plan: Plan) -> int:
    """Σ priority of the missions the plan covers (DOMAIN.md section 4, first criterion)."""
    return sum(instance.mission(a.mission).priority for a in plan.assignments)


def _coverage_solve(instance: Instance, hint: Plan, options: TrainingOptions) -> SolveResult:
    return solve(instance, SolveOptions(time_limit=options.time_limit, seed=options.seed,
                                        workers=options.workers, mode="weighted", weights=COVERAGE_ONLY,
                                        hint=hint))


def _trained(instance: Instance, person: str, training: str) -> Instance:
    return instance.model_copy(update={"ambassadors": [
        with_training(a, training) if a.id == person else a for a in instance.ambassadors]})


Progress = Callable[[str], None]


def training_plan(instance: Instance, plan: Plan | None = None, *, max_trainings: int,
                  options: TrainingOptions | None = None, progress: Progress | None = None) -> TrainingPlan:
    """The training plan of ``instance`` (see the module docstring for the method); ``progress``
    receives a line of text before each solve. A ``plan`` that breaks a hard rule of ``instance``
    is an :class:`InputError`."""
    if max_trainings < 0:
        raise InputError([("max_trainings", f"{max_trainings} is negative")])
    opts = options or TrainingOptions()
    say = progress or (lambda _line: None)
    given = plan
    if plan is None:
        say("planning the year as it is")
        plan = solve(instance, SolveOptions(time_limit=opts.final_time_limit, seed=opts.seed,
                                            workers=opts.workers)).plan
    else:
        refuse_broken_plan(instance, plan)  # its coverage would be a false "before"
    current, cov = plan, coverage_value(instance, plan)
    say(f"coverage value {cov}; re-planning for coverage alone, the reference")
    replanned = _coverage_solve(instance, plan, opts).plan
    if coverage_value(instance, replanned) > cov:
        current, cov = replanned, coverage_value(instance, replanned)
    before, year = cov, instance
    chosen: list[tuple[Candidate, int]] = []
    measurements: list[Measurement] = []
    for step in range(1, max_trainings + 1):
        best = _step(year, current, cov, opts, step, measurements, say)
        if best is None:
            break
        candidate, year, current, gain = best
        cov += gain
        chosen.append((candidate, gain))
    say(f"final plan with {len(chosen)} training(s)")
    final = solve(year, SolveOptions(time_limit=opts.final_time_limit, seed=opts.seed,
                                     workers=opts.workers, hint=current)).plan
    attached = final if coverage_value(year, final) >= cov else current
    return TrainingPlan(
        suggestions=[_suggestion(year, attached, c, gain) for c, gain in chosen],
        coverage_before=before, coverage_after=coverage_value(year, attached),
        coverage_of_given_plan=None if given is None else coverage_value(instance, given),
        plan=attached, profiles_to_recruit=profiles_to_recruit(instance), measurements=measurements)


def _step(year: Instance, current: Plan, cov: int, opts: TrainingOptions, step: int,
          measurements: list[Measurement], say: Progress) -> tuple[Candidate, Instance, Plan, int] | None:
    """Measure the best candidates of one greedy step; the one chosen, or None to stop."""
    best: tuple[Candidate, Instance, Plan, int] | None = None
    first = len(measurements)
    for candidate in candidates(year, current)[:opts.measure_top]:
        say(f"step {step}: measuring {candidate.training} for {candidate.person} "
            f"(unlocks {len(candidate.unlocks)} mission(s), priority {candidate.estimate})")
        trained = _trained(year, candidate.person, candidate.training)
        result = _coverage_solve(trained, current, opts)
        new_cov = coverage_value(trained, result.plan)
        gain = max(0, new_cov - cov)
        measurements.append(Measurement(step=step, person=candidate.person, training=candidate.training,
                                        estimate=candidate.estimate, coverage=max(new_cov, cov), gain=gain,
                                        status=result.status, chosen=False))
        if gain > 0 and (best is None or gain > best[3]):
            best = (candidate, trained, result.plan if new_cov > cov else current, gain)
    if best is None:
        return None
    for i in range(first, len(measurements)):
        m = measurements[i]
        if (m.person, m.training) == (best[0].person, best[0].training):
            measurements[i] = m.model_copy(update={"chosen": True})
    return best


def _suggestion(year: Instance, plan: Plan, candidate: Candidate, gain: int) -> TrainingSuggestion:
    """``by``: the first mission that needs the training in the attached plan, or the first one
    it unlocks, whichever is earlier."""
    dates: list[date] = [year.mission(m).start.date() for m in candidate.unlocks]
    for asg in plan.assignments:
        m = year.mission(asg.mission)
        if candidate.person in asg.ambassadors and candidate.training in year.policy.required_trainings(m):
            dates.append(m.start.date())
    return TrainingSuggestion(person=candidate.person, training=candidate.training, by=min(dates),
                              unlocks=list(candidate.unlocks), gain=gain)
