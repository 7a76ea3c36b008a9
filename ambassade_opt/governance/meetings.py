"""The year's governance: support group, then every meeting in date order."""

from __future__ import annotations

from collections import Counter

from ..model import Instance
from ..plan import Plan
from .audit import meeting_seed
from .candidates import busy_missions, meeting_candidates
from .draws import draw
from .invitations import invite
from .results import GovernanceResult, MeetingGuests
from .shortfall import shortfall_reason
from .sortition import Objective
from .support_group import compose_support_group


def master_seed_of(instance: Instance, seed: int | None) -> int:
    """``seed`` if given, else ``policy.sortition.seed``, else 0."""
    if seed is not None:
        return seed
    policy_seed = instance.policy.sortition.seed
    return policy_seed if policy_seed is not None else 0


def govern(instance: Instance, plan: Plan | None = None, seed: int | None = None, *,
           objective: Objective = "leximin", relax_quotas: bool = False) -> GovernanceResult:
    """Compose the support group and choose the guests of every meeting of the year.

    Meetings are handled in date order (ties: instance order): competence meetings rank by
    themes and by invitations so far; global meetings draw by lot with rotation. The rotation
    cycle starts from ``history.drawn_this_cycle``; each draw adds its guests; when every
    candidate of a meeting has been drawn, the cycle restarts for those candidates. A meeting with
    fewer guests than seats says why (:func:`.shortfall.shortfall_reason`).
    """
    master = master_seed_of(instance, seed)
    group = compose_support_group(instance)
    members = set(group.members)
    busy = busy_missions(instance, plan)
    drawn_cycle = {a.id for a in instance.ambassadors if a.history.drawn_this_cycle}
    invited: Counter[str] = Counter()
    records: list[MeetingGuests] = []
    order = sorted(range(len(instance.meetings)), key=lambda i: (instance.meetings[i].start, i))
    for i in order:
        meeting = instance.meetings[i]
        candidates = meeting_candidates(instance, meeting, members, busy)
        meeting_rng_seed = meeting_seed(master, meeting.id)
        if meeting.kind == "specific":
            record = invite(instance, meeting, candidates, invited, meeting_rng_seed)
        else:
            record = draw(instance, meeting, candidates, drawn_cycle, meeting_rng_seed,
                          objective=objective, relax_quotas=relax_quotas)
            drawn_cycle |= set(record.guests)
            if all(c in drawn_cycle for c in candidates):
                drawn_cycle -= set(candidates)
        invited.update(record.guests)
        reason = shortfall_reason(instance, meeting, record, members, busy)
        records.append(record if reason is None else record.model_copy(update={"reason": reason}))
    return GovernanceResult(master_seed=master, support_group=group, meetings=records)


def year_with_quotas_applied(instance: Instance, result: GovernanceResult) -> Instance:
    """``instance`` whose ``policy.sortition.quotas`` are the bounds ``result``'s draws met (the
    written ones, loosened by each relaxation of ``govern(..., relax_quotas=True)``): the year
    against which the governance file passes the quota checks."""
    from .draws import quota_table

    applied = result.quotas_applied(quota_table(instance))
    data = instance.model_dump(mode="python")
    data["policy"]["sortition"]["quotas"] = {
        feature: {value: [low, high] for value, (low, high) in values.items()}
        for feature, values in applied.items()
    }
    return Instance.model_validate(data)
