"""Governance (R3/R4): the support group of at most ten, meeting invitations by competence, and
fair, auditable sortition for global meetings.

    result = govern(instance, plan, seed=7)
    result.to_json()            # DOMAIN.md section 6
    redraw(result.meeting("G01").audit) == result.meeting("G01").guests
"""

from .audit import meeting_seed, pool_digest, redraw
from .candidates import busy_missions, meeting_candidates
from .draws import draw
from .errors import GovernanceInfeasible, QuotaInfeasible, SupportGroupInfeasible
from .invitations import invite
from .meetings import govern, master_seed_of, year_with_quotas_applied
from .results import (
    CoveredValues,
    GovernanceResult,
    MeetingGuests,
    PanelProbability,
    QuotaChange,
    SortitionAudit,
    SupportGroupMember,
    SupportGroupResult,
)
from .support_group import compose_support_group

__all__ = [
    "CoveredValues",
    "GovernanceInfeasible",
    "GovernanceResult",
    "MeetingGuests",
    "PanelProbability",
    "QuotaChange",
    "QuotaInfeasible",
    "SortitionAudit",
    "SupportGroupInfeasible",
    "SupportGroupMember",
    "SupportGroupResult",
    "busy_missions",
    "compose_support_group",
    "draw",
    "govern",
    "invite",
    "master_seed_of",
    "meeting_candidates",
    "meeting_seed",
    "pool_digest",
    "redraw",
    "year_with_quotas_applied",
]
