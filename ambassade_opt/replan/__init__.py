"""Re-plan during the year with as little disruption as possible (DOMAIN.md section 8).

Published assignments are promises. :func:`replan` applies the changes, then solves again with
the frozen past (every mission that started before ``now`` keeps exactly its published
assignment, even if one of its people has since been marked unavailable: what happened,
happened), and **stability** right after coverage: each published pair still possible costs, if
dropped, more the sooner the mission (:func:`stability_cost`). The new plan carries a ``diff``
entry for every mission whose people (or time) changed, and :class:`ReplanResult` counts every
published pair as kept, moved (with its mission), added or dropped, each with its reason.
"""

from __future__ import annotations

from .params import ReplanParams, stability_cost
from .result import PairChange, ReplanResult
from .service import replan

__all__ = ["PairChange", "ReplanParams", "ReplanResult", "replan", "stability_cost"]
