"""Which panels exist at all: the largest feasible size, the most fresh people a panel can hold,
and — when the quotas cannot be met — the smallest relaxation that makes them feasible.

All models are CP-SAT models over *type counts* (how many people of each type sit on the panel),
solved with one worker and a fixed seed so that answers are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .pool import TypedPool

_SOLVER_SEED = 20270


def new_solver(time_limit: float | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = _SOLVER_SEED
    if time_limit is not None:
        # deterministic time, so a limit that bites still gives the same answer on every run
        solver.parameters.max_deterministic_time = time_limit
    return solver


@dataclass(frozen=True)
class QuotaRelaxation:
    """Change one quota bound: ``bound`` is "min" or "max"."""

    feature: str
    value: str
    bound: str
    current: int
    suggested: int

    def describe(self) -> str:
        verb = "lower" if self.suggested < self.current else "raise"
        return f"{verb} {self.feature}={self.value} {self.bound} from {self.current} to {self.suggested}"


class PanelModel:
    """Type counts ``c[t]`` of a panel of ``size`` seats meeting every quota.

    ``size`` may be an int or None (then it is a variable in ``[0, max_size]``); ``fresh_seats``,
    when given, fixes how many seats go to fresh (not yet drawn) people.
    """

    def __init__(self, pool: TypedPool, size: int | None, *, max_size: int | None = None,
                 fresh_seats: int | None = None, relax: bool = False) -> None:
        self.pool = pool
        model = cp_model.CpModel()
        self.model = model
        upper = size if size is not None else (max_size if max_size is not None else pool.n_people)
        self.counts = [
            model.new_int_var(0, int(min(pool.sizes[t], upper)), f"c{t}") for t in range(pool.n_types)
        ]
        self.size = model.new_int_var(0 if size is None else size, upper, "size")
        model.add(sum(self.counts) == self.size)
        self.slack_lo: list[cp_model.IntVar] = []
        self.slack_hi: list[cp_model.IntVar] = []
        for q, key in enumerate(pool.keys):
            holders = [self.counts[t] for t in range(pool.n_types) if pool.holds[t, q]]
            total = sum(holders) if holders else 0
            if relax:
                lo_slack = model.new_int_var(0, key.lo, f"lo{q}")
                hi_slack = model.new_int_var(0, upper, f"hi{q}")
                self.slack_lo.append(lo_slack)
                self.slack_hi.append(hi_slack)
                model.add(total + lo_slack >= key.lo)
                model.add(total - hi_slack <= key.hi)
            else:
                model.add_linear_constraint(total, key.lo, key.hi)
        if fresh_seats is not None:
            model.add(sum(self.counts[t] for t in range(pool.n_types) if pool.fresh[t]) == fresh_seats)

    def fresh_total(self) -> cp_model.LinearExprT:
        return sum(self.counts[t] for t in range(self.pool.n_types) if self.pool.fresh[t])


def largest_feasible_size(pool: TypedPool, seats: int) -> int | None:
    """The largest panel size ``<= seats`` meeting the quotas, None when no size does."""
    upper = min(seats, pool.n_people)
    pm = PanelModel(pool, None, max_size=upper)
    pm.model.maximize(pm.size)
    solver = new_solver()
    status = solver.solve(pm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return int(solver.value(pm.size))


def smallest_feasible_size(pool: TypedPool) -> int | None:
    """The smallest panel size meeting the quotas when anyone of the pool may sit, None when no
    size does (a minimum asks for more holders of a value than the pool has)."""
    pm = PanelModel(pool, None, max_size=pool.n_people)
    pm.model.minimize(pm.size)
    solver = new_solver()
    status = solver.solve(pm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return int(solver.value(pm.size))


def max_fresh_seats(pool: TypedPool, size: int) -> int:
    """Most fresh people a quota-feasible panel of ``size`` can hold (the rotation rule)."""
    if not pool.fresh.any():
        return 0
    pm = PanelModel(pool, size)
    pm.model.maximize(pm.fresh_total())
    solver = new_solver()
    status = solver.solve(pm.model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"a panel of {size} is feasible but the rotation model is not ({status})")
    return round(solver.objective_value)


def minimal_relaxation(pool: TypedPool, seats: int) -> tuple[int, list[QuotaRelaxation]]:
    """Smallest total change of quota bounds that makes a panel feasible, then the largest size.

    Returns the panel size reached and the bound changes, each as small as possible in total.
    """
    upper = min(seats, pool.n_people)
    pm = PanelModel(pool, None, max_size=upper, relax=True)
    total_slack = sum(pm.slack_lo) + sum(pm.slack_hi)
    pm.model.minimize(total_slack * (upper + 1) - pm.size)
    solver = new_solver()
    status = solver.solve(pm.model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"the quota relaxation model has no optimum ({status})")
    changes: list[QuotaRelaxation] = []
    for q, key in enumerate(pool.keys):
        lo_gap = int(solver.value(pm.slack_lo[q]))
        hi_gap = int(solver.value(pm.slack_hi[q]))
        if lo_gap:
            changes.append(QuotaRelaxation(key.feature, key.value, "min", key.lo, key.lo - lo_gap))
        if hi_gap:
            changes.append(QuotaRelaxation(key.feature, key.value, "max", key.hi, key.hi + hi_gap))
    return int(solver.value(pm.size)), changes
