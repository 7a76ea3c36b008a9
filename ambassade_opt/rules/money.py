"""Rule 7, money: remuneration cap per ambassador, annual and quarterly budgets.

paid(m) = ``m.paid`` if set, else ``preparation_hours > 0``. Remuneration of an ambassador on *m*
= rate × (duration + preparation hours) if paid, else 0. Expense = ``m.expenses_eur`` if set, else
the travel table from their home region, for every assigned ambassador. Per ambassador Σ
remuneration ≤ ``max_remuneration_per_ambassador``; Σ remuneration + expenses ≤
``budget.annual``, and within the quarter of each mission's start ≤ ``budget.quarterly[q]``.
Staff cost nothing to this budget. Compiled in cents: costs rounded up, caps down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..compiled import BoolArray, IntArray, ProblemData, cents_down, cents_up, eur
from ..model import Ambassador, Budget, Instance, Mission, Policy
from ..plan import Assignment
from .base import MissionRow, Obstacle, PersonBlock, Rule, Tracker
from .core import MONEY_TOLERANCE_EUR, Violation
from .encoding import CpSatSink, RowSink
from .load import count_caps, smallest_k_fit
from .view import PlanView

if TYPE_CHECKING:
    from .state import Assignments

INT64_MIN = -(2**63)


def quarter_of(month: int) -> int:
    """0-based quarter of a 1-based calendar month."""
    return (month - 1) // 3


@dataclass(frozen=True)
class MoneyData:
    remuneration_cap: int | None  # cents per ambassador
    annual: int | None
    quarterly: tuple[int, int, int, int] | None
    quarter: IntArray  # 0..3, of each mission's start
    fixed_expense: IntArray  # cents, −1: from the travel table
    travel_expense: IntArray  # cents, region code × region code


def expense_of(problem: ProblemData, people: IntArray, m: int) -> IntArray:
    """Expense in cents of each of ``people`` on mission ``m`` (eligible or not)."""
    d = problem.part(MoneyData)
    if d.fixed_expense[m] >= 0:
        return np.full(len(people), d.fixed_expense[m], dtype=np.int64)
    return d.travel_expense[problem.a_home[people], problem.m_region[m]]  # type: ignore[no-any-return]


def cost_of(problem: ProblemData, people: IntArray, m: int) -> IntArray:
    """Remuneration + expense in cents of each of ``people`` on mission ``m``."""
    return problem.m_remuneration[m] + expense_of(problem, people, m)  # type: ignore[no-any-return]


# -- the budgets of a part of the year planned apart (ambassade_opt.blocks) ---------------------


def pair_cents(instance: Instance, ambassador: Ambassador, mission: Mission) -> int:
    """What one ambassador on ``mission`` costs the budgets, in the cents this rule compiles
    (remuneration and expense each rounded up, so that shares of what is left stay safe)."""
    policy = instance.policy
    return cents_up(policy.remuneration_eur(mission)) + cents_up(policy.expense_eur(ambassador, mission))


def quarter_spend(instance: Instance, assignments: Iterable[Assignment]) -> list[int]:
    """Cents that ``assignments`` spend in each quarter, as :func:`pair_cents` counts."""
    spent = [0, 0, 0, 0]
    for asg in assignments:
        mission = instance.mission(asg.mission)
        spent[quarter_of(mission.start.month)] += sum(
            pair_cents(instance, instance.ambassador(a), mission) for a in asg.ambassadors)
    return spent


def budget_left(instance: Instance, spent: Sequence[int]) -> tuple[int | None, list[int] | None]:
    """Cents left in the annual budget and in each quarter's (None: no such budget) once ``spent``
    (cents per quarter) is spent."""
    budget = instance.policy.budget
    annual = None if budget.annual is None else cents_down(budget.annual) - sum(spent)
    quarterly = None if budget.quarterly is None else [
        cents_down(b) - s for b, s in zip(budget.quarterly, spent, strict=True)]
    return annual, quarterly


def part_budget(policy: Policy, spent: Sequence[int], annual: int | None,
                quarterly: Sequence[int] | None) -> Budget:
    """The budget of a part of the year that holds missions spending ``spent`` (cents per quarter)
    and may spend ``annual`` and ``quarterly[q]`` cents more (None: no such budget)."""
    budget = policy.budget
    return budget.model_copy(update={
        "annual": None if budget.annual is None or annual is None else (sum(spent) + annual) / 100,
        "quarterly": None if budget.quarterly is None or quarterly is None else [
            (s + more) / 100 for s, more in zip(spent, quarterly, strict=True)]})


def cheapest_cover(problem: ProblemData) -> np.ndarray:
    """Cheapest possible spend of covering each mission: its seats_min cheapest eligible people."""
    from .seats import minimum

    offsets, cost = problem.mission_offsets, problem.pair_cost
    order = np.lexsort((cost, problem.pair_mis))
    pos = np.arange(problem.n_pairs) - np.repeat(offsets[:-1], np.diff(offsets))
    take = pos < minimum(problem)[problem.pair_mis[order]]
    return np.bincount(problem.pair_mis[order][take], weights=cost[order][take], minlength=problem.n_mis)


def headroom(problem: ProblemData, plan: Assignments) -> tuple[int | None, list[int] | None]:
    """Cents left in the annual budget and in each quarter's (None: no such budget) after ``plan``."""
    d = problem.part(MoneyData)
    per_quarter = [0, 0, 0, 0]
    for m in np.nonzero(plan.covered)[0].tolist():
        per_quarter[int(d.quarter[m])] += int(cost_of(problem, plan.team[m], m).sum())
    annual = None if d.annual is None else d.annual - sum(per_quarter)
    quarterly = (
        None if d.quarterly is None else [b - s for b, s in zip(d.quarterly, per_quarter, strict=True)]
    )
    return annual, quarterly


def quarters(problem: ProblemData) -> IntArray:
    return problem.part(MoneyData).quarter


class _Tracker(Tracker):
    rule = "money"

    def __init__(self, problem: ProblemData, plan: Assignments) -> None:
        super().__init__(problem, plan)
        self.data = problem.part(MoneyData)
        self.paid = np.zeros(problem.n_amb, dtype=np.int64)
        self.spend = 0
        self.spend_quarter = np.zeros(4, dtype=np.int64)

    def book(self, m: int, people: IntArray, staff: int, sign: int) -> None:
        self.paid[people] += sign * int(self.problem.m_remuneration[m])
        cost = sign * int(cost_of(self.problem, people, m).sum())
        self.spend += cost
        self.spend_quarter[self.data.quarter[m]] += cost

    def blocks(self, m: int, people: IntArray) -> list[PersonBlock]:
        cap, pay = self.data.remuneration_cap, int(self.problem.m_remuneration[m])
        if cap is None or pay == 0 or pay > cap:  # above the cap alone: a mission problem, not a block
            return []
        mask = self.paid[people] + pay > cap
        return [PersonBlock(self.rule, "at their remuneration cap", mask)] if mask.any() else []

    def obstacle(self, m: int, person: int, staff: bool) -> Obstacle | None:
        cap, pay = self.data.remuneration_cap, int(self.problem.m_remuneration[m])
        if staff or cap is None or pay == 0 or self.paid[person] + pay <= cap:
            return None
        paid = tuple(n for n in self.plan.of_ambassador[person] if self.problem.m_remuneration[n] > 0)
        return Obstacle(
            self.rule,
            "at the remuneration cap",
            f"remuneration cap {eur(cap):.2f} EUR",
            paid if pay <= cap else (),
        )

    def team_problem(self, m: int, people: IntArray, staff: int, partial: bool) -> str | None:
        d = self.data
        cost = int(cost_of(self.problem, people, m).sum())
        if d.annual is not None and self.spend + cost > d.annual:
            return (
                f"annual budget exhausted ({eur(max(d.annual - self.spend, 0)):.2f} EUR left, "
                f"covering it costs at least {eur(cost):.2f})"
            )
        q = int(d.quarter[m])
        if d.quarterly is not None and self.spend_quarter[q] + cost > d.quarterly[q]:
            return (
                f"Q{q + 1} budget exhausted ({eur(max(d.quarterly[q] - self.spend_quarter[q], 0)):.2f} "
                f"EUR left, covering it costs at least {eur(cost):.2f})"
            )
        return None


class Money(Rule):
    name = "money"
    number = 7
    title = "money"

    def compile(self, problem: ProblemData) -> MoneyData:
        inst = problem.instance
        policy = inst.policy
        travel, comp, budget = policy.travel, policy.compensation, policy.budget
        n = max(len(problem.regions), 1)
        table = np.full((n, n), cents_up(travel.other_region.expense_eur), dtype=np.int64)
        np.fill_diagonal(table, cents_up(travel.same_region.expense_eur))
        for tp in travel.pairs:
            i, j = problem.regions.codes[tp.a], problem.regions.codes[tp.b]
            table[i, j] = table[j, i] = cents_up(tp.expense_eur)
        q = budget.quarterly
        return MoneyData(
            remuneration_cap=None
            if comp.max_remuneration_per_ambassador is None
            else cents_down(comp.max_remuneration_per_ambassador),
            annual=None if budget.annual is None else cents_down(budget.annual),
            quarterly=None
            if q is None
            else (cents_down(q[0]), cents_down(q[1]), cents_down(q[2]), cents_down(q[3])),
            quarter=np.array([(m.start.month - 1) // 3 for m in inst.missions], dtype=np.int64),
            fixed_expense=np.array(
                [-1 if m.expenses_eur is None else cents_up(m.expenses_eur) for m in inst.missions],
                dtype=np.int64,
            ),
            travel_expense=table,
        )

    def violations(self, view: PlanView) -> list[Violation]:
        policy = view.instance.policy
        remuneration: dict[str, float] = defaultdict(float)
        per_quarter = [0.0, 0.0, 0.0, 0.0]
        total = 0.0
        for mission_id, people in view.ambassadors_on.items():
            mission = view.missions[mission_id]
            pay = policy.remuneration_eur(mission)
            for aid in people:
                cost = pay + policy.expense_eur(view.ambassadors[aid], mission)
                remuneration[aid] += pay
                per_quarter[quarter_of(mission.start.month)] += cost
                total += cost
        out: list[Violation] = []
        cap = policy.compensation.max_remuneration_per_ambassador
        if cap is not None:
            for aid, paid in remuneration.items():
                if paid > cap + MONEY_TOLERANCE_EUR:
                    out.append(
                        Violation(
                            rule="money",
                            person=aid,
                            message=f"ambassador {aid}: remuneration {paid:.2f} EUR > cap {cap:.2f}",
                        )
                    )
        budget = policy.budget
        if budget.annual is not None and total > budget.annual + MONEY_TOLERANCE_EUR:
            out.append(
                Violation(rule="money", message=f"spend {total:.2f} EUR > annual budget {budget.annual:.2f}")
            )
        if budget.quarterly is not None:
            for q, (spent, limit) in enumerate(zip(per_quarter, budget.quarterly, strict=True)):
                if spent > limit + MONEY_TOLERANCE_EUR:
                    out.append(
                        Violation(
                            rule="money", message=f"spend in Q{q + 1} {spent:.2f} EUR > budget {limit:.2f}"
                        )
                    )
        return out

    def cp_sat(self, sink: CpSatSink) -> None:
        problem = sink.problem
        d = problem.part(MoneyData)
        rem, cost = problem.m_remuneration[problem.pair_mis], problem.pair_cost
        if d.remuneration_cap is not None:
            order, offsets = problem.ambassador_pairs
            bounds = offsets.tolist()
            for a in range(problem.n_amb):
                mine = order[bounds[a] : bounds[a + 1]]
                paid = mine[rem[mine] > 0]
                if int(rem[paid].sum()) > d.remuneration_cap:
                    sink.linear(sink.x[paid], rem[paid], INT64_MIN, d.remuneration_cap)
        if d.annual is not None:
            costly = np.nonzero(cost > 0)[0]
            if int(cost[costly].sum()) > d.annual:
                sink.linear(sink.x[costly], cost[costly], INT64_MIN, d.annual)
        if d.quarterly is not None:
            quarter = d.quarter[problem.pair_mis]
            for q, budget in enumerate(d.quarterly):
                sel = np.nonzero((quarter == q) & (cost > 0))[0]
                if int(cost[sel].sum()) > budget:
                    sink.linear(sink.x[sel], cost[sel], INT64_MIN, budget)

    def highs(self, sink: RowSink) -> None:
        problem = sink.problem
        d = problem.part(MoneyData)
        pa, pm, A = problem.pair_amb, problem.pair_mis, problem.n_amb
        rem = problem.m_remuneration[pm]
        paid = rem > 0
        if d.remuneration_cap is not None and paid.any():
            cap = np.full(A, d.remuneration_cap, dtype=np.int64)
            paid_cap = np.minimum(count_caps(problem), smallest_k_fit(pa[paid], rem[paid], cap, A))
            sink.rows(pa[paid], sink.x[paid], 1.0, -np.inf, paid_cap.astype(np.float64), A)
            sink.rows(
                pa[paid], sink.x[paid], rem[paid].astype(np.float64), -np.inf, float(d.remuneration_cap), A
            )
        cost = problem.pair_cost.astype(np.float64)
        if d.annual is not None:
            sink.rows(np.zeros(problem.n_pairs, dtype=np.int64), sink.x, cost, -np.inf, float(d.annual), 1)
        if d.quarterly is not None:
            sink.rows(d.quarter[pm], sink.x, cost, -np.inf, np.array(d.quarterly, dtype=np.float64), 4)

    def tracker(self, problem: ProblemData, plan: Assignments) -> Tracker:
        return _Tracker(problem, plan)

    def never_covered(self, problem: ProblemData) -> BoolArray:
        cap = problem.part(MoneyData).remuneration_cap
        if cap is None:
            return np.zeros(problem.n_mis, dtype=np.bool_)
        return problem.m_remuneration > cap

    def mission_rows(self, problem: ProblemData) -> list[MissionRow]:
        """Each covered mission spends at least its ``seats_min`` cheapest eligible people."""
        d = problem.part(MoneyData)
        cheapest = cheapest_cover(problem)
        every = np.arange(problem.n_mis, dtype=np.int64)
        rows = [] if d.annual is None else [MissionRow(every, cheapest, float(d.annual))]
        if d.quarterly is not None:
            rows += [
                MissionRow(every[d.quarter == q], cheapest[d.quarter == q], float(b))
                for q, b in enumerate(d.quarterly)
            ]
        return rows

    def mission_problem(self, problem: ProblemData, m: int) -> str | None:
        cap, pay = problem.part(MoneyData).remuneration_cap, int(problem.m_remuneration[m])
        if cap is not None and pay > cap:
            return (
                f"it pays {eur(pay):.2f} EUR per ambassador, more than the remuneration cap of "
                f"{eur(cap):.2f} EUR on its own"
            )
        return None


RULE = Money()
