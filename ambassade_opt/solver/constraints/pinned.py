"""Rule 9 — pinned: pinned ambassadors and pinned staff are in the mission's assignment.

A pin whose pair is not eligible (rule 1, or a staff member outside rule 3) cannot be expressed by
a variable: :func:`pin_problems` reports it before any model is built. The others are enforced here,
through one literal per pin so that a diagnosis can name the pins at fault."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..variables import ModelContext


@dataclass(frozen=True)
class Pin:
    mission: int
    person: int
    staff: bool


def pins(ctx: ModelContext) -> list[Pin]:
    inst = ctx.data.instance
    amb = {aid: i for i, aid in enumerate(ctx.data.ambassador_ids)}
    staff = {sid: i for i, sid in enumerate(ctx.data.staff_ids)}
    out: list[Pin] = []
    for m, mission in enumerate(inst.missions):
        out += [Pin(m, amb[a], False) for a in mission.pinned_ambassadors]
        if mission.pinned_staff is not None:
            out.append(Pin(m, staff[mission.pinned_staff], True))
    return out


def pin_literal(ctx: ModelContext, pin: Pin) -> cp_model.IntVar | None:
    table = ctx.staff_x if pin.staff else ctx.x
    key = (pin.person, pin.mission)
    return table.get(key)


def add(ctx: ModelContext, pin_lits: dict[Pin, cp_model.IntVar] | None = None) -> None:
    """``pin_lits``: when given (diagnosis), each pin holds only under its own literal."""
    model = ctx.model
    for pin in pins(ctx):
        lit = pin_literal(ctx, pin)
        # An unrepresentable pin (ineligible pair) is a false clause: only a diagnosis meets one.
        ct = model.add_bool_or([]) if lit is None else model.add(lit == 1)
        if pin_lits is not None and pin in pin_lits:
            ct.only_enforce_if(pin_lits[pin])
        else:
            ctx.guard(ct, "pinned")
