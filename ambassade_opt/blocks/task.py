"""A block as a year of its own, built from the instance's own entities (so that every rule module
compiles and checks it as it does a whole year), with the rest of the plan as its context.

For a block with people P, staff S and missions M (see :mod:`.partition`):

* free missions: those of M whose ambassadors, pinned people and proposer are all the block's
  own (a staff member from elsewhere may stay on one);
* context: every other mission someone of P or S holds, kept exactly as it is (``fixed``), so that
  each person of P or S has all their missions in the block and their caps, months, hours, pay and
  overlaps are checked exactly;
* the others on those missions keep what they hold and take nothing new: an ambassador has
  declined (interest −2) every free mission, a staff member is forbidden from every free mission
  they are not on;
* what the whole year shares is shared out: the block may add at most its share of the places
  left under the group cap, and spend at most its share of each budget's remainder (in the cents
  the money rule compiles), so that the blocks of a sweep, solved apart, add up to a valid year.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Ambassador, Instance, Mission, Policy
from ..plan import Assignment, Plan
from ..rules.group_cap import part_cap, places_left
from ..rules.money import budget_left, part_budget, quarter_spend
from .partition import Block
from .state import YearState


@dataclass(frozen=True)
class Shares:
    """What a block may add: active ambassadors, and cents of the annual and quarterly budgets
    (None: that limit does not exist)."""

    places: int | None
    annual_cents: int | None
    quarter_cents: tuple[int, int, int, int] | None


@dataclass(frozen=True)
class BlockTask:
    """``instance``: the block's year; ``free``: the missions it may change; ``fixed``: its context;
    ``hint``: the block's current plan; ``forbidden``: (mission, staff) pairs."""

    name: str
    instance: Instance
    free: tuple[str, ...]
    fixed: dict[str, Assignment]
    hint: Plan
    forbidden: tuple[tuple[str, str], ...]


def _movable(mission: Mission, block: Block, held: Assignment | None) -> bool:
    """Can the block change ``mission``? Its ambassadors, pinned people and proposer must be the
    block's own (someone else's place under the group cap is not the block's to give away; a pin on
    someone the block may not move would make it infeasible); a staff member from elsewhere may
    stay on it."""
    on_staff = None if held is None else held.staff
    needed = [*(held.ambassadors if held is not None else []), *mission.pinned_ambassadors,
              *([mission.proposed_by] if mission.proposed_by else [])]
    if any(a not in block.people for a in needed):
        return False
    s = mission.pinned_staff
    return s is None or s in block.staff or s == on_staff


def build_task(state: YearState, block: Block, missions_of: dict[str, list[str]],
               shares: Shares) -> BlockTask:
    """The block's year (see the module docstring)."""
    inst = state.instance
    free = [mid for mid in block.missions if _movable(inst.mission(mid), block, state.held.get(mid))]
    free_set = set(free)
    owned = (*block.people, *block.staff)
    context = {mid for person in owned for mid in missions_of.get(person, [])} - free_set
    inside = free_set | context
    ambassadors, staff = set(block.people), set(block.staff)
    for mid in inside:
        asg = state.held.get(mid)
        if asg is not None:
            ambassadors.update(asg.ambassadors)
            staff.update([asg.staff] if asg.staff else [])
    holds = {mid: state.held[mid] for mid in inside if mid in state.held}
    people = [_in_block(a, block, inside, free_set) for a in inst.ambassadors if a.id in ambassadors]
    forbidden = tuple((mid, s) for mid in free for s in sorted(staff - block.staff)
                      if mid not in holds or holds[mid].staff != s)
    year = Instance(
        format_version=1, name=f"{inst.name} — {block.name}", year=inst.year, ambassadors=people,
        staff=[s for s in inst.staff if s.id in staff],
        missions=[m for m in inst.missions if m.id in inside], meetings=[],
        policy=_policy(state, holds, shares),
    )
    # the whole block as it stands, its context included: a start that keeps every row
    hint = Plan(status="feasible", assignments=[holds[m.id] for m in year.missions if m.id in holds])
    return BlockTask(block.name, year, tuple(free), {mid: holds[mid] for mid in sorted(context)}, hint,
                     forbidden)


def _in_block(person: Ambassador, block: Block, inside: set[str], free: set[str]) -> Ambassador:
    """The ambassador as the block sees them: interests in its missions only; someone outside the
    block has declined every free mission (they are on none)."""
    interests = {mid: level for mid, level in person.interests.items() if mid in inside}
    if person.id not in block.people:
        interests.update({mid: -2 for mid in free})
    return person if interests == person.interests else person.model_copy(update={"interests": interests})


def _policy(state: YearState, holds: dict[str, Assignment], shares: Shares) -> Policy:
    """The year's policy with the group cap and the budgets of the block: what it holds plus its
    shares of what is left (rules 6 and 7 say how)."""
    policy = state.instance.policy
    active = {a for asg in holds.values() for a in asg.ambassadors}
    spent = quarter_spend(state.instance, holds.values())
    return policy.model_copy(update={
        "group_cap": part_cap(policy, len(active), shares.places),
        "budget": part_budget(policy, spent, shares.annual_cents, shares.quarter_cents)})


def split(left: int, weights: list[int], first: int = 0) -> list[int]:
    """``left`` (≥ 0) cut in proportion to ``weights``: the parts rounded down, then one more to the
    largest remainders (ties from block ``first`` on), so that they add up to ``left`` exactly."""
    total = sum(weights)
    if total <= 0 or left <= 0:
        return [0] * len(weights)
    parts = [left * w // total for w in weights]
    n = len(weights)
    order = sorted(range(n), key=lambda i: (-(left * weights[i] % total), (i - first) % n))
    for i in order[: left - sum(parts)]:
        parts[i] += 1
    return parts


def year_shares(state: YearState, weights: list[int], first: int = 0) -> list[Shares]:
    """What is left under the group cap and the budgets, shared among blocks in proportion to
    ``weights`` (their missions); see :func:`split`."""
    inst = state.instance
    left_places = places_left(inst, len(state.active()))
    left_annual, left_quarters = budget_left(inst, state.spend_cents())
    places = None if left_places is None else split(left_places, weights, first)
    annual = None if left_annual is None else split(left_annual, weights, first)
    quarterly = None if left_quarters is None else [split(q, weights, first) for q in left_quarters]
    return [Shares(None if places is None else places[k], None if annual is None else annual[k],
                   None if quarterly is None else (quarterly[0][k], quarterly[1][k], quarterly[2][k],
                                                   quarterly[3][k]))
            for k in range(len(weights))]
