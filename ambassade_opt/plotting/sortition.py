"""Sortition probabilities per candidate from a governance audit record (DOMAIN.md section 5)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from pydantic import BaseModel

from ._axes import axes_or_new


def sortition_record(
    record: Mapping[str, Any] | BaseModel | str | Path, meeting: str | None = None
) -> dict[str, Any]:
    """The audit of one sortition meeting from a governance record: a dict (the governance JSON),
    a path to it, a :class:`~ambassade_opt.governance.GovernanceResult`, or one meeting's entry
    (dict, ``MeetingGuests`` or ``SortitionAudit``). ``meeting``: its id (default: the first
    sortition meeting)."""
    if isinstance(record, str | Path):
        from ..formats.json_strict import read_input_bytes, read_json_object

        record = read_json_object(read_input_bytes(record), source=str(record))
    if isinstance(record, BaseModel):
        # Governance results render their DOMAIN.md JSON with to_dict(); a bare audit has none.
        to_dict = getattr(record, "to_dict", None)
        record = to_dict() if callable(to_dict) else record.model_dump(mode="json")
    if not isinstance(record, Mapping):
        raise TypeError(f"expected a governance record, got {type(record).__name__}")
    if "probabilities" in record:
        entry = dict(record)
        if "guests" not in entry and "panel" in entry:  # a SortitionAudit calls them its panel
            entry["guests"] = entry["panel"]
        return entry
    meetings = [m for m in record.get("meetings", []) if m.get("method") == "sortition"]
    if meeting is not None:
        meetings = [m for m in meetings if m.get("meeting") == meeting]
    if not meetings:
        what = f"meeting {meeting!r}" if meeting is not None else "any meeting"
        raise ValueError(f"no sortition record for {what} in this governance record")
    return dict(meetings[0])


def plot_sortition(
    record: Mapping[str, Any] | BaseModel | str | Path,
    meeting: str | None = None,
    *,
    ax: Axes | None = None,
) -> Axes:
    """One bar per candidate (by id) with their selection probability, drawn guests highlighted;
    the dashed line is the perfectly equal chance, guests / candidates with a chance."""
    audit = sortition_record(record, meeting)
    probabilities: Mapping[str, float] = audit.get("probabilities") or {}
    drawn = set(audit.get("guests", []))
    ids = sorted(probabilities, key=lambda c: (-probabilities[c], c))
    values = np.array([probabilities[c] for c in ids], dtype=float)
    positions = np.arange(len(ids))
    ax = axes_or_new(ax, figsize=(max(6.0, 0.25 * len(ids) + 2), 4.0))
    colors = ["tab:orange" if c in drawn else "tab:blue" for c in ids]
    ax.bar(positions, values, color=colors)
    in_lottery = int((values > 0).sum())
    if in_lottery:
        ax.axhline(values.sum() / in_lottery, color="black", linestyle="--", linewidth=1,
                   label="equal chance")
    ax.set_xticks(positions, ids, rotation=90, fontsize="small")
    ax.set_ylim(0, 1)
    ax.set_xlabel("candidates (orange: drawn)")
    ax.set_ylabel("selection probability")
    title = f"Sortition for {audit.get('meeting', 'meeting')}"
    if audit.get("seed") is not None:
        title += f" (seed {audit['seed']})"
    ax.set_title(title)
    if in_lottery:
        ax.legend(fontsize="small")
    return ax
