"""The support group of at most ten (R3/R4), composed with CP-SAT.

Members come from all staff and the ambassadors who volunteered for governance and signed the
charter. Hard requirements: ``max_size``; a staff member of every required service and of the
coordinator service; someone living (ambassador) or working (staff) in every required region;
between ``min_partners`` and ``max_partners`` ambassadors. Among the groups that meet them, the
most heterogeneous one: it covers the most distinct languages, sectors and themes present in
the mission inventory (staff sheets hold languages only). Ties go to the group whose sorted
member ids rank lowest (sum of id ranks), then CP-SAT's deterministic single-worker search.

When no group fits, the error names each requirement that cannot be met and the smallest
change that would make a group possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..model import Ambassador, Instance, Staff
from .errors import SupportGroupInfeasible
from .results import CoveredValues, SupportGroupMember, SupportGroupResult
from .sortition.feasibility import new_solver

_LOC = "policy.support_group"


@dataclass(frozen=True)
class _Candidate:
    id: str
    staff: bool
    service: str | None
    region: str
    holds: frozenset[tuple[str, str]]  # ("languages"|"sectors"|"themes", value)


def volunteers(instance: Instance) -> list[Ambassador]:
    """Ambassadors who may join the support group or be invited to its meetings."""
    return [a for a in instance.ambassadors if a.governance_volunteer and a.charter_signed]


def mission_inventory(instance: Instance) -> CoveredValues:
    """Distinct languages, sectors and themes of the year's missions."""
    return CoveredValues(
        languages=sorted({m.language for m in instance.missions}),
        sectors=sorted({s for m in instance.missions for s in m.sectors}),
        themes=sorted({t for m in instance.missions for t in m.themes}),
    )


def _candidates(instance: Instance, inventory: CoveredValues) -> list[_Candidate]:
    wanted = {("languages", v) for v in inventory.languages} | {("sectors", v) for v in inventory.sectors} \
        | {("themes", v) for v in inventory.themes}
    out = [
        _Candidate(s.id, True, s.service, s.region, frozenset(("languages", v) for v in s.languages) & wanted)
        for s in instance.staff
    ]
    for a in volunteers(instance):
        held = {("languages", v) for v in a.languages} | {("sectors", v) for v in a.sectors} \
            | {("themes", v) for v in a.themes}
        out.append(_Candidate(a.id, False, None, a.home_region, frozenset(held) & wanted))
    return sorted(out, key=lambda c: c.id)


class _GroupModel:
    def __init__(self, instance: Instance, cands: Sequence[_Candidate], *, with_size_cap: bool = True,
                 drop: str | None = None) -> None:
        policy = instance.policy.support_group
        m = cp_model.CpModel()
        self.model = m
        self.x = [m.new_bool_var(f"x_{c.id}") for c in cands]
        self.cands = cands
        if with_size_cap:
            m.add(sum(self.x) <= min(policy.max_size, 10))
        for svc in policy.required_services:
            if drop != f"service:{svc}":
                m.add(sum(x for x, c in zip(self.x, cands, strict=True) if c.staff and c.service == svc) >= 1)
        for reg in policy.required_regions:
            if drop != f"region:{reg}":
                m.add(sum(x for x, c in zip(self.x, cands, strict=True) if c.region == reg) >= 1)
        if drop != "coordinator":
            coord = policy.coordinator_service
            m.add(sum(x for x, c in zip(self.x, cands, strict=True) if c.staff and c.service == coord) >= 1)
        partners = [x for x, c in zip(self.x, cands, strict=True) if not c.staff]
        if drop != "partners":
            m.add_linear_constraint(sum(partners), policy.min_partners, policy.max_partners)


Problems = tuple[list[tuple[str, str]], list[str]]


def _structural_problems(instance: Instance, cands: Sequence[_Candidate]) -> Problems:
    policy = instance.policy.support_group
    problems: list[tuple[str, str]] = []
    fixes: list[str] = []
    services = {s.service for s in instance.staff}
    for i, svc in enumerate(policy.required_services):
        if svc not in services:
            problems.append((f"{_LOC}.required_services[{i}]",
                             f"no staff from required service {svc!r} exists: "
                             "remove it or add a staff member"))
            fixes.append(f"remove required service {svc!r} or add a staff member in it")
    if policy.coordinator_service not in services:
        problems.append((f"{_LOC}.coordinator_service",
                         f"no staff member works in coordinator service {policy.coordinator_service!r}: "
                         "name another service or add a staff member"))
        fixes.append(f"change coordinator_service {policy.coordinator_service!r} or add a staff member in it")
    regions = {c.region for c in cands}
    for i, reg in enumerate(policy.required_regions):
        if reg not in regions:
            problems.append((f"{_LOC}.required_regions[{i}]",
                             f"nobody who may join lives or works in required region {reg!r} "
                             "(no staff there, no volunteer ambassador with the charter signed): "
                             "remove it or recruit someone"))
            fixes.append(f"remove required region {reg!r} or recruit someone there")
    n_vol = sum(1 for c in cands if not c.staff)
    if policy.min_partners > n_vol:
        problems.append((f"{_LOC}.min_partners",
                         f"only {n_vol} ambassador(s) volunteered for governance and signed the charter: "
                         f"lower min_partners from {policy.min_partners} to {n_vol} or recruit volunteers"))
        fixes.append(f"lower min_partners to {n_vol}")
    return problems, fixes


def _smallest_group(instance: Instance, cands: Sequence[_Candidate]) -> int | None:
    gm = _GroupModel(instance, cands, with_size_cap=False)
    gm.model.minimize(sum(gm.x))
    solver = new_solver()
    if solver.solve(gm.model) != cp_model.OPTIMAL:
        return None
    return round(solver.objective_value)


def _conflict_problems(instance: Instance, cands: Sequence[_Candidate]) -> Problems:
    """Requirements that are each satisfiable but not together: which one to drop."""
    policy = instance.policy.support_group
    droppable = ["partners"] + [f"region:{r}" for r in policy.required_regions]
    culprits = []
    for drop in droppable:
        gm = _GroupModel(instance, cands, with_size_cap=False, drop=drop)
        if new_solver().solve(gm.model) == cp_model.OPTIMAL:
            culprits.append(drop)
    names = ", ".join(culprits) or "several requirements together"
    msg = (f"the requirements conflict (e.g. a required region only ambassadors live in, with max_partners "
           f"{policy.max_partners}): relaxing any one of [{names}] makes a group possible")
    return [(_LOC, msg)], [f"relax {names}"]


def _diagnose(instance: Instance, cands: Sequence[_Candidate]) -> SupportGroupInfeasible:
    policy = instance.policy.support_group
    problems, fixes = _structural_problems(instance, cands)
    if problems:
        return SupportGroupInfeasible(problems, fixes)
    smallest = _smallest_group(instance, cands)
    if smallest is None:
        problems, fixes = _conflict_problems(instance, cands)
        return SupportGroupInfeasible(problems, fixes)
    cap = min(policy.max_size, 10)
    needs = (f"{len(policy.required_services)} required service(s) + coordinator "
             f"{policy.coordinator_service!r} + {len(policy.required_regions)} required region(s) + "
             f"{policy.min_partners} partner(s)")
    if smallest <= 10:
        msg = (f"max_size {cap} is too small for {needs}: the smallest such group has {smallest}, "
               f"raise max_size to {smallest}")
        fix = f"raise max_size to {smallest}"
    else:
        msg = (f"{needs} need at least {smallest} people, above the limit of 10 (R3): "
               "drop required services or regions, or lower min_partners")
        fix = "drop required services or regions, or lower min_partners"
    return SupportGroupInfeasible([(f"{_LOC}.max_size", msg)], [fix])


def compose_support_group(instance: Instance, *, time_limit: float | None = 30.0) -> SupportGroupResult:
    """The most heterogeneous support group meeting ``policy.support_group``.

    Raises :class:`SupportGroupInfeasible` naming what cannot be met and the smallest fix.
    """
    inventory = mission_inventory(instance)
    cands = _candidates(instance, inventory)
    gm = _GroupModel(instance, cands)
    m = gm.model
    values = sorted({v for c in cands for v in c.holds})
    covered = {v: m.new_bool_var(f"cov_{v[0]}_{v[1]}") for v in values}
    for v, cv in covered.items():
        m.add(cv <= sum(x for x, c in zip(gm.x, cands, strict=True) if v in c.holds))
    m.maximize(sum(covered.values()))
    solver = new_solver(time_limit)
    # The full LP relaxation proves max-coverage optimal at once; level 1 stalls for minutes on M.
    solver.parameters.linearization_level = 2
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise _diagnose(instance, cands)
    best = round(solver.objective_value)
    # Second stage: same coverage, lowest-ranked ids (a deterministic tie-break).
    m.add(sum(covered.values()) >= best)
    m.minimize(sum(rank * x for rank, x in enumerate(gm.x)))
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("the support group tie-break stage lost feasibility")
    chosen = [c for x, c in zip(gm.x, cands, strict=True) if solver.value(x)]
    return _result(instance, chosen, inventory)


def _result(instance: Instance, chosen: Sequence[_Candidate], inventory: CoveredValues) -> SupportGroupResult:
    people: dict[str, Ambassador | Staff] = {a.id: a for a in instance.ambassadors}
    people.update({s.id: s for s in instance.staff})
    details = []
    for c in sorted(chosen, key=lambda c: (not c.staff, c.id)):
        p = people[c.id]
        if isinstance(p, Staff):
            details.append(SupportGroupMember(id=p.id, role="staff", service=p.service, region=p.region,
                                              languages=list(p.languages)))
        else:
            details.append(SupportGroupMember(id=p.id, role="partner", service=None, region=p.home_region,
                                              languages=list(p.languages), sectors=list(p.sectors),
                                              themes=list(p.themes)))
    held = set().union(*(c.holds for c in chosen)) if chosen else set()
    covered = CoveredValues(
        languages=sorted(v for k, v in held if k == "languages"),
        sectors=sorted(v for k, v in held if k == "sectors"),
        themes=sorted(v for k, v in held if k == "themes"),
    )
    return SupportGroupResult(members=sorted(c.id for c in chosen), details=details, covered=covered,
                              inventory=inventory)
