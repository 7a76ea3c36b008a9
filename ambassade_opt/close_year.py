"""``close_year``: next year's instance, with this year's history carried over (DOMAIN.md section 9).

The same people and policy; for every ambassador:

* ``history.missions_last_year`` — the missions they took part in this year. Mission by mission:
  where a report exists, the ambassadors it names if the mission was held (none if it was called
  off; substitutes and people who came unplanned count, no-shows do not); where there is no
  report (or no reports at all), the ambassadors the plan put there;
* ``history.drawn_this_cycle`` — the sortition cycle replayed: it starts from this year's
  ``drawn_this_cycle``; the sortition meetings of this year's governance files are taken in date
  order, each adding its guests; whenever every governance volunteer who could be drawn
  (``governance_volunteer`` and ``charter_signed``, and not in a support group of the files:
  members are never guests) has been drawn, the cycle restarts with nobody drawn. The result is
  true for those drawn in the cycle still running;
* ``unavailable`` cleared (also for staff), ``interests`` cleared (they name this year's missions);

and no missions and no meetings: the coordinator adds the new inventory. The result is
validated as an instance before it is returned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .actuals import Actuals, check_actuals
from .errors import InputError
from .governance.file_format import GovernanceFile
from .governance.results import GovernanceResult
from .model import Instance
from .plan import Plan


class NextYear(BaseModel):
    """Next year's instance and what was carried over."""

    model_config = ConfigDict(extra="forbid")

    instance: Instance
    missions_last_year: dict[str, int]
    from_reports: int  # missions counted from a report
    from_plan: int  # missions counted from the plan (no report)
    drawn_this_cycle: list[str]
    cycles_restarted: int

    def summary(self) -> str:
        n_active = sum(1 for v in self.missions_last_year.values() if v > 0)
        return (f"{self.instance.name}: {len(self.instance.ambassadors)} ambassadors, "
                f"{n_active} took part in {sum(self.missions_last_year.values())} mission seats "
                f"({self.from_reports} missions counted from reports, {self.from_plan} from the plan); "
                f"{len(self.drawn_this_cycle)} drawn in the running sortition cycle"
                + (f" (it restarted {self.cycles_restarted} time(s))" if self.cycles_restarted else ""))


def close_year(instance: Instance, plan: Plan, *, year: int, actuals: Actuals | None = None,
               governance: Sequence[GovernanceFile | GovernanceResult] = (),
               name: str | None = None) -> NextYear:
    """Next year's instance (see the module docstring). ``name`` defaults to this year's name
    with the year replaced (or followed by it). Bad input raises :class:`InputError`."""
    if year <= instance.year:
        raise InputError([("year", f"{year} is not after this year ({instance.year})")])
    plan.check_references(instance)
    if actuals is not None:
        check_actuals(instance, plan, actuals)
    files = [g if isinstance(g, GovernanceFile) else GovernanceFile.model_validate(g.to_dict())
             for g in governance]
    counts, from_reports, from_plan = missions_taken(instance, plan, actuals)
    drawn, restarts = drawn_in_cycle(instance, files)
    raw: dict[str, Any] = instance.model_dump(mode="python")
    raw.update(year=year, name=name or _next_name(instance.name, instance.year, year),
               missions=[], meetings=[])
    for amb in raw["ambassadors"]:
        amb.update(unavailable=[], interests={},
                   history={"missions_last_year": counts.get(amb["id"], 0),
                            "drawn_this_cycle": amb["id"] in drawn})
    for person in raw["staff"]:
        person["unavailable"] = []
    try:
        nxt = Instance.model_validate(raw)
    except ValidationError as exc:
        raise InputError.from_pydantic(exc, prefix=("(next year)",)) from None
    taken = {a.id: counts.get(a.id, 0) for a in instance.ambassadors}
    return NextYear(instance=nxt, missions_last_year=taken, from_reports=from_reports, from_plan=from_plan,
                    drawn_this_cycle=sorted(drawn),
                    cycles_restarted=restarts)


def _next_name(current: str, old: int, new: int) -> str:
    return current.replace(str(old), str(new)) if str(old) in current else f"{current} ({new})"


def missions_taken(instance: Instance, plan: Plan,
                   actuals: Actuals | None) -> tuple[Counter[str], int, int]:
    """Missions per ambassador this year, and how many missions were counted from reports and
    from the plan."""
    ambassadors = {a.id for a in instance.ambassadors}
    reports = actuals.report_of() if actuals is not None else {}
    counts: Counter[str] = Counter()
    from_reports = from_plan = 0
    for asg in plan.assignments:
        if asg.mission not in reports:
            counts.update(asg.ambassadors)
            from_plan += 1
    for report in reports.values():
        from_reports += 1
        if report.held:
            counts.update(p.id for p in report.people if p.id in ambassadors)
    return counts, from_reports, from_plan


def drawn_in_cycle(instance: Instance, files: Sequence[GovernanceFile]) -> tuple[set[str], int]:
    """Who is drawn in the running cycle at the end of the year, and how many times it restarted.

    Guests must be ambassadors and meetings this year's; a meeting given in two files is bad input.
    """
    meetings = {g.id: g for g in instance.meetings}
    ambassadors = {a.id for a in instance.ambassadors}
    members = {pid for gov in files for pid in gov.support_group.members}
    volunteers = {a.id for a in instance.ambassadors
                  if a.governance_volunteer and a.charter_signed and a.id not in members}
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    draws = []
    for f, gov in enumerate(files):
        for i, record in enumerate(gov.meetings):
            where = f"governance[{f}].meetings[{i}]"
            if record.meeting not in meetings:
                problems.append((f"{where}.meeting",
                                 f"unknown meeting {record.meeting!r} of {instance.year}"))
                continue
            if record.meeting in seen:
                problems.append((f"{where}.meeting",
                                 f"meeting {record.meeting!r} is also in governance[{seen[record.meeting]}]"))
                continue
            seen[record.meeting] = f
            for j, guest in enumerate(record.guests):
                if guest not in ambassadors:
                    problems.append((f"{where}.guests[{j}]", f"unknown ambassador {guest!r}"))
            if record.method == "sortition":
                draws.append((meetings[record.meeting].start, record.meeting, record.guests))
    if problems:
        raise InputError(problems)
    drawn = {a.id for a in instance.ambassadors if a.history.drawn_this_cycle}
    restarts = 0
    for _, _, guests in sorted(draws):
        drawn |= set(guests)
        if volunteers and volunteers <= drawn:
            drawn, restarts = set(), restarts + 1
    return drawn, restarts
