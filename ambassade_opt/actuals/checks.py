"""Mission reports against the year and its plan: every reference must make sense.

:func:`actuals_problems` lists, with their place in the file (``reports[3].people[1].substitute_for``):

* the reports' ``year`` is the instance's;
* each report names a mission of the year, and each person an ambassador or a staff member;
* hours are reported for ambassadors only;
* a substitute replaces someone the plan put on that mission, of the same kind (an ambassador
  for an ambassador, a staff member for a staff member), who is not reported there too; the
  substitute was not planned there themselves;

plus what the file gets wrong on its own (:func:`~ambassade_opt.actuals.model.internal_problems`).
What is allowed but must be looked at (someone reported who was neither planned nor a substitute,
a report for a mission the plan left out, a claim far above plan, ...) is not an error: the
settlement lists it in ``to_review``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError, Loc, RawProblem, format_loc
from ..model import Instance
from ..plan import Assignment, Plan
from .model import Actuals, MissionReport, ReportedPerson, internal_problems


def actuals_problems(instance: Instance, plan: Plan, actuals: Actuals) -> list[RawProblem]:
    """Every problem of ``actuals`` against ``instance`` and ``plan``, as raw ``(path, message)``."""
    problems = list(internal_problems(actuals))
    if actuals.year != instance.year:
        problems.append((("year",), f"{actuals.year} is not the year of the instance ({instance.year})"))
    missions = {m.id for m in instance.missions}
    ambassadors = {a.id for a in instance.ambassadors}
    staff = {s.id for s in instance.staff}
    planned = plan.assignment_of()
    for i, report in enumerate(actuals.reports):
        if report.mission not in missions:
            problems.append((("reports", i, "mission"), f"unknown mission {report.mission!r}"))
        for j, person in enumerate(report.people):
            where: Loc = ("reports", i, "people", j)
            if person.id not in ambassadors and person.id not in staff:
                problems.append(((*where, "id"), f"unknown person {person.id!r}"))
            elif person.id in staff and person.hours is not None:
                problems.append(((*where, "hours"),
                                 f"{person.id!r} is a staff member: hours are reported for ambassadors only"))
            if person.substitute_for is not None:
                why = _substitute_problem(report, person, planned.get(report.mission),
                                          lambda pid: "ambassador" if pid in ambassadors
                                          else "staff member" if pid in staff else None)
                if why is not None:
                    problems.append(((*where, "substitute_for"), why))
    return problems


def _substitute_problem(report: MissionReport, person: ReportedPerson, planned: Assignment | None,
                        kind_of: Callable[[str], str | None]) -> str | None:
    """Why ``person`` cannot be the substitute they say they are, or None."""
    replaced = person.substitute_for
    assert replaced is not None
    if kind_of(replaced) is None:
        return f"unknown person {replaced!r}"
    on_plan = [] if planned is None else [*planned.ambassadors, *([planned.staff] if planned.staff else [])]
    shown = ", ".join(on_plan) if on_plan else "nobody: the plan left the mission out"
    if replaced not in on_plan:
        return f"{replaced!r} was not planned on {report.mission} (planned: {shown})"
    if person.id in on_plan:
        return f"{person.id!r} was planned on {report.mission} themselves: they replace nobody"
    mine, theirs = kind_of(person.id), kind_of(replaced)
    if mine is not None and mine != theirs:
        return (f"{person.id!r} is {_a(mine)} and {replaced!r} {_a(theirs or '?')}: a substitute replaces "
                "someone of the same kind")
    if report.person(replaced) is not None:
        return f"{replaced!r} is reported on this mission too: they were not replaced"
    return None


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def check_actuals(instance: Instance, plan: Plan, actuals: Actuals, *,
                  source: str | None = None, render_loc: Callable[[Loc], str] = format_loc) -> None:
    """Raise :class:`InputError` listing every problem of ``actuals`` against the year and its plan
    (the plan is first checked against the year)."""
    plan.check_references(instance)
    problems = actuals_problems(instance, plan, actuals)
    if problems:
        raise InputError.from_locs(problems, source, render_loc)
