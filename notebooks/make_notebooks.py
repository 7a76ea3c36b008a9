"""Write the analysts' notebooks from the cells below, without outputs.

    python notebooks/make_notebooks.py

The notebooks are kept in the repository without outputs (tests/test_notebooks.py checks that,
and executes each one); edit the cells here and re-run this script rather than committing a
notebook saved from Jupyter with its outputs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

Cell = tuple[str, str]  # ("md" | "code", source)


PLAN_A_YEAR: list[Cell] = [
    ("md", """# Plan a year and read its KPIs

A small synthetic mission year (20 ambassadors, 70 missions) is planned, checked against the
hard rules, and read through its KPIs, tables and plots. Replace `generate(...)` by
`Instance.load("year.json")` (or a folder of CSV sheets, or an `.xlsx` workbook) to work on a real
year, and `generate("S")`, `generate("M")` for the synthetic years of the benchmarks.

Everything here goes through the public API (`from ambassade_opt import ...`) and is reproducible:
same year, same seed, one solver worker and a work limit → the same plan on any machine."""),
    ("code", """from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
from icalendar import Calendar

from ambassade_opt import (
    SolveOptions,
    YearSize,
    agenda_ics,
    generate,
    kpis,
    plan_frames,
    plot_calendar,
    plot_coverage_by,
    plot_loads,
    plot_spend,
    solve,
    validate,
)

pd.set_option("display.width", 120)"""),
    ("md", "## The year"),
    ("code", """year = generate(YearSize(n_ambassadors=20, n_missions=70), seed=4)
policy = year.policy
# dtype=object: each figure keeps its own type (counts stay whole numbers next to the budget).
pd.Series({
    "ambassadors": len(year.ambassadors),
    "staff": len(year.staff),
    "missions": len(year.missions),
    "meetings": len(year.meetings),
    "group cap": policy.group_cap,
    "annual budget (EUR)": policy.budget.annual,
    "total priority of the inventory": sum(m.priority for m in year.missions),
}, dtype=object)"""),
    ("md", """## Plan it

One worker and a work limit (`work_limit`, in nominal seconds of deterministic work) make the
plan the same on any machine; `time_limit` (wall seconds) only guards against a stalled run. The
stages are solved in the order of DOMAIN.md section 4 (coverage, rotation, match, cost); each
reports its value, the best bound the solver proved, and the gap between them. A gap of 0 % is a
proof: no plan does better at that stage, given the stages before it."""),
    ("code", """result = solve(year, SolveOptions(workers=1, seed=0, work_limit=10, time_limit=120))
plan = result.plan
print(result.summary())"""),
    ("code", """# Read the figures below only if every stage is close to its bound.
WITHIN = 0.01
unproven = [s.name for s in result.stages if s.gap is None or s.gap > WITHIN]
if unproven:
    print(f"WARNING: {', '.join(unproven)} not proven within {WITHIN:.0%} of the bound: raise work_limit "
          "before trusting the figures below")
else:
    print(f"every stage is within {WITHIN:.0%} of its bound: status {result.status}")"""),
    ("code", """violations = validate(year, plan)
assert violations == [], violations
print(f"{len(plan.assignments)} missions covered, {len(plan.unassigned)} left out; no rule broken")"""),
    ("md", """A plan shows itself as a table in a notebook (status, stages, headline figures):"""),
    ("code", """plan"""),
    ("md", """## KPIs

The coverage is the best this year allows (its stage is proven optimal): the missions left out
have nobody eligible, or their eligible ambassadors are at a limit (yearly maximum, remuneration
cap, another mission at the time) — the table of reasons below says which."""),
    ("code", """k = kpis(year, plan)
pd.Series({name: getattr(k, name) for name in (
    "covered", "coverage_ratio", "coverage_value", "coverage_value_ratio", "active_ambassadors",
    "max_load", "gini_active_load", "rotation_penalty", "match_mean", "spend", "budget_annual_used",
)}, dtype=object)"""),
    ("code", """frames = plan_frames(year, plan)
frames["kpis_axis"]"""),
    ("code", """frames["costs"]"""),
    ("code", """# Why missions were left out, grouped by the rule (the words before the figures).
rule = frames["unassigned"]["reason"].str.split(r"[:(]", regex=True).str[0].str.strip()
rule.value_counts().head(8)"""),
    ("md", "## Plots"),
    ("code", """fig, axes = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
plot_coverage_by(year, plan, "axis", plan_kpis=k, ax=axes[0, 0])
plot_coverage_by(year, plan, "level", plan_kpis=k, ax=axes[0, 1])
plot_loads(year, plan, active_only=True, ax=axes[1, 0])
plot_spend(year, plan, ax=axes[1, 1]);"""),
    ("code", """plot_calendar(year, plan);"""),
    ("code", """plot_coverage_by(year, plan, "region", value=True);"""),
    ("md", """## The agenda

The public feed names only people who consented (`consent_public`); the others are counted.
`ambassade-opt agenda year.json plan.json -o agenda.ics --public` writes the same file, and
`--format html --lang fr` a page for the website."""),
    ("code", """public_feed = agenda_ics(year, plan, public=True)
events = Calendar.from_ical(public_feed).walk("VEVENT")
by_status = Counter(str(event.get("STATUS", "CONFIRMED")) for event in events)
print(len(events), "events in the public agenda:", dict(by_status))
hidden = [a.name for a in year.ambassadors if not a.consent_public]
flat = public_feed.replace("\\r\\n ", "")
assert not any(name in flat for name in hidden)"""),
]


HOW_MANY: list[Cell] = [
    ("md", """# How many ambassadors?

R1 asks for a numeric limit on the group. This notebook re-plans one year under a range of caps
(and of annual budgets) and shows what each cap buys: coverage value, missions per axis, spend,
and how evenly the work is spread (Gini of the loads, rotation penalty).

Each point is a full plan. Caps are solved in increasing order and each plan warm-starts the
next one. Each point's solve has one worker and a work limit (`work_limit_per_point`, nominal
seconds of deterministic work), so the table is the same on a laptop, in a test run or on a Dask
cluster; `time_limit_per_point` (wall seconds) only guards against a stalled point — a row it cut
would say so in `stopped_by_clock`.

The year here is small (24 candidates, 90 missions) so that the notebook runs in seconds; use
`generate("M")` or your own year, and a few seconds per point, for real figures
(`benchmarks/bench_curve.py` does that on an M year)."""),
    ("code", """import matplotlib.pyplot as plt
import pandas as pd

from ambassade_opt import (
    YearSize,
    coverage_curve,
    dask_client,
    generate,
    plot_coverage_curve,
    same_results,
    smallest_cap_reaching,
)

pd.set_option("display.width", 140)
LIMITS = {"work_limit_per_point": 0.2, "time_limit_per_point": 30}
year = generate(YearSize(n_ambassadors=24, n_missions=90), seed=7)
print(len(year.ambassadors), "candidates; the year's own cap is", year.policy.group_cap)"""),
    ("md", "## Coverage against the cap"),
    ("code", """caps = [3, 6, 9, 12, 16, 20, 24]
curve = coverage_curve(year, caps=caps, seed=0, **LIMITS)
assert not curve["stopped_by_clock"].any()
curve[["cap", "status", "coverage_value", "coverage_share", "missions_covered", "covered_promote",
       "covered_inform", "covered_defend", "active_ambassadors", "spend_eur", "gini_loads", "rotation"]]"""),
    ("code", """fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plot_coverage_curve(curve, ax=axes[0])
plot_coverage_curve(curve, by_axis=True, ax=axes[1]);"""),
    ("code", """best = curve["coverage_share"].max()
for target in (0.8, 0.9, 1.0):
    cap = smallest_cap_reaching(curve, target * best)
    print(f"{target:.0%} of the best coverage needs a cap of {cap}")"""),
    ("md", """Past a point, a higher cap no longer buys coverage — the budget and the calendar bind —
but it still spreads the work: watch `gini_loads` and `rotation`."""),
    ("md", "## Coverage against the budget, at the year's cap"),
    ("code", """annual = year.policy.budget.annual
budgets = [round(annual * f, -2) for f in (0.5, 1.0, 1.5)]
by_budget = coverage_curve(year, caps=[year.policy.group_cap], budgets=budgets, seed=0, **LIMITS)
by_budget[["budget", "coverage_value", "coverage_share", "missions_covered", "spend_eur"]]"""),
    ("code", """plot_coverage_curve(by_budget, x="budget");"""),
    ("md", """## The same on Dask

`client=` takes a Dask `Client`, a scheduler address, or `"local"`. The chains of points are the
unit of work; the numbers are identical whichever way they are computed (only `seconds`
differs). The local cluster here has two worker processes, one solve at a time each, as the
machines of a real cluster would."""),
    ("code", """with dask_client(n_workers=2, threads_per_worker=1, processes=True) as client:
    on_dask = coverage_curve(year, caps=[year.policy.group_cap], budgets=budgets, seed=0, client=client,
                             **LIMITS)
assert same_results(by_budget, on_dask)
print("identical:", same_results(by_budget, on_dask))"""),
]


GOVERNANCE: list[Cell] = [
    ("md", """# Governance: the support group and sortition

R3/R4: a support group of at most ten people frames the ambassadors — staff of every involved
service and region, plus volunteer members. Volunteers are invited to its meetings by competence
(specific topics) or drawn by lot (global topics). Every draw can be audited: the seed, a digest
of the candidate pool, the whole lottery and each candidate's probability."""),
    ("code", """import hashlib

import pandas as pd

from ambassade_opt import SolveOptions, generate, govern, plot_sortition, redraw, solve

year = generate("S", seed=7)
# Guests must not be on a mission at the time of the meeting: plan the year first (one worker
# and a work limit: the same plan, hence the same draws, on any machine).
plan = solve(year, SolveOptions(workers=1, seed=0, work_limit=0.5, time_limit=60)).plan
gov = govern(year, plan, seed=11)"""),
    ("md", "## The support group"),
    ("code", """gov.members_frame()"""),
    ("code", """group = gov.support_group
print(f"{len(group.members)} members ({len(group.staff)} staff, {len(group.partners)} partners)")
print("languages, sectors and themes of the inventory covered:",
      group.covered.count, "of", group.inventory.count)"""),
    ("md", "## Meetings"),
    ("code", """pd.DataFrame([{"meeting": m.meeting, "kind": m.kind, "method": m.method,
               "candidates": len(m.candidates), "guests": len(m.guests)} for m in gov.meetings])"""),
    ("md", """## One draw, audited

Probabilities are the marginals of the lottery (they add up to the number of seats); the
lottery is as equal as the quotas allow (leximin), and nobody is drawn twice while someone not
yet drawn could take the seat."""),
    ("code", """draws = [m for m in gov.meetings if m.method == "sortition"]
meeting = draws[0]
audit = meeting.audit
record = gov.to_dict()
entry = next(m for m in record["meetings"] if m["meeting"] == meeting.meeting)
print("meeting", meeting.meeting, "seed", entry["seed"])
total = sum(entry["probabilities"].values())
print("sum of probabilities", round(total, 6), "= seats", len(meeting.guests))"""),
    ("code", """plot_sortition(record, meeting.meeting);"""),
    ("code", """# Anyone can check the draw from the record alone.
pool = sorted(audit.candidates)
assert hashlib.sha256("\\n".join(pool).encode("utf-8")).hexdigest() == entry["pool_digest"]
assert redraw(entry) == sorted(meeting.guests)
assert abs(sum(p["probability"] for p in entry["distribution"]) - 1) < 1e-9
print("digest, lottery and redraw all check out")"""),
]


A_YEAR: list[Cell] = [
    ("md", """# A year from start to finish

The whole cycle on one synthetic year, with the public API only (`from ambassade_opt import ...`):

1. **plan** the year;
2. on 1 July, **re-plan**: some ambassadors drop out for the rest of the year, the support group
   approves initiatives that were waiting, an ambassador declines a mission;
3. the missions happen: **mission reports** (synthetic here, with no-shows, substitutes,
   overtime, over-claims, missions called off, reports that never came);
4. **settle**: what SMart pays, within the caps and the budget, and what a person must review;
5. **close the year**: next year's instance, with each ambassador's missions as history and the
   sortition cycle carried over;
6. **plan next year**: fair rotation now weighs this year's missions.

One solver worker and fixed seeds: the notebook gives the same figures on any machine."""),
    ("code", """from datetime import datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from ambassade_opt import (
    Changes,
    Instance,
    SolveOptions,
    close_year,
    generate,
    govern,
    kpis,
    replan,
    settle,
    solve,
    synthetic_actuals,
    validate,
)

pd.set_option("display.width", 140)
pd.set_option("display.max_colwidth", 90)
# One worker and a work limit decide the plans; the time limit (wall seconds) only guards.
OPTIONS = SolveOptions(work_limit=4, time_limit=60, workers=1, seed=0)"""),
    ("md", "## 1. Plan the year"),
    ("code", """year = generate("S", seed=11)
plan = solve(year, OPTIONS).plan
assert validate(year, plan) == []
k = kpis(year, plan)
pd.Series({"missions": k.missions, "covered": k.covered, "coverage value": k.coverage_value,
           "active ambassadors": k.active_ambassadors, "planned spend (EUR)": k.spend}, dtype=object)"""),
    ("md", """## 2. Re-plan on 1 July

Missions that started before `now` stay exactly as they were. A tenth of the ambassadors who
still had missions drop out until the end of the year, the support group approves the
initiatives that were waiting (`approve_mission`), and one ambassador declines a mission they
were given (`set_interest` at −2). Promises come first: with `coverage_tolerance=0.01` the
re-plan may give up 1 % of the coverage it finds to keep more of the assignments no change
touched."""),
    ("code", """MID_YEAR = datetime(2027, 7, 1)
later = [a for a in plan.assignments if year.mission(a.mission).start >= MID_YEAR]
active_later = sorted({aid for a in later for aid in a.ambassadors})
rng = np.random.default_rng(1)
leaving = sorted(rng.choice(active_later, size=max(1, round(0.1 * len(active_later))), replace=False))
waiting = [m.id for m in year.missions
           if m.origin == "ambassador_initiative" and not m.approved and m.start >= MID_YEAR]
declined = next(a for a in later if a.ambassadors and not set(a.ambassadors) & set(leaving))
changes = Changes.of(
    *({"kind": "unavailable", "person": aid, "start": "2027-07-01", "end": "2027-12-31"} for aid in leaving),
    *({"kind": "approve_mission", "mission": mid, "approved": True} for mid in waiting),
    {"kind": "set_interest", "person": declined.ambassadors[0], "mission": declined.mission, "level": -2},
    now=MID_YEAR,
)
print("leaving:", ", ".join(leaving), "| approved:", ", ".join(waiting) or "none",
      "|", declined.ambassadors[0], "declines", declined.mission)"""),
    ("code", """result = replan(year, plan, changes, options=OPTIONS, coverage_tolerance=0.01)
print(result.summary())
year, plan = result.instance, result.plan
assert validate(year, plan) == []
pd.DataFrame([d.model_dump() for d in plan.diff])"""),
    ("md", """A volunteer is never sent where they said no (rule 1): the ambassador who declined is no longer
on that mission, and the diff says why."""),
    ("code", """person, mission = declined.ambassadors[0], declined.mission
after = plan.assignment_of().get(mission)
assert year.ambassador(person).interests[mission] == -2
assert after is None or person not in after.ambassadors, f"{person} is still on {mission}"
entry = next(d for d in plan.diff if d.mission == mission)
assert entry.why.startswith(f"{person} declined it"), entry.why
print(f"{mission} before: {', '.join(declined.ambassadors)}; after: "
      f"{', '.join(after.ambassadors) if after else 'not covered'}; why: {entry.why}")"""),
    ("md", """## 3. The missions happen

Mission reports say who was there (and whom they replaced), the hours worked and the expenses
claimed. Here they are synthetic, with deviations planted at known rates; a real year loads
them with `Actuals.load("actuals.json")` or from a folder of sheets (`reports.csv`,
`people.csv`)."""),
    ("code", """made = synthetic_actuals(year, plan, seed=1)
actuals = made.actuals
called_off = sum(not r.held for r in actuals.reports)
print(f"{len(actuals.reports)} reports ({called_off} missions called off); "
      f"{len(plan.assignments)} missions planned")
pd.Series([p.kind for p in made.planted], dtype="string").value_counts().rename("planted")"""),
    ("code", """actuals.frame().head(8)"""),
    ("md", """## 4. Settle

Rule 7 with what was reported: remuneration at the rate schedule for the hours worked on paid
missions, expenses as claimed, the per-person cap and the budget applied (what is above them is
not paid). Amounts are exact to the cent, and every total is the sum of its rows.
`ambassade-opt settle year.json plan.json actuals.json -o settlement/` writes the same tables."""),
    ("code", """settlement = settle(year, plan, actuals)
totals = settlement.frame("totals")
totals[totals["level"] != "ambassador"]"""),
    ("code", """year_total = settlement.total()
rows = [*settlement.remuneration, *settlement.expenses]
assert year_total.paid == sum((r.paid for r in rows), Decimal(0)), "the total is the sum of its rows"
review = settlement.frame("to_review")
listed = {(r.kind, r.mission, r.person) for r in settlement.to_review}
assert all((p.kind, p.mission, p.person) in listed for p in made.planted), "every deviation is listed"
review["kind"].value_counts().rename("to review")"""),
    ("code", """review.head(10)"""),
    ("md", """## 5. Close the year

Next year keeps the people and the policy. `missions_last_year` counts the missions each
ambassador took part in (the reports where there is one, the plan elsewhere);
`drawn_this_cycle` replays this year's draws by lot, the cycle restarting once every volunteer
has been drawn. No missions yet: the coordinator adds next year's inventory."""),
    ("code", """governance = govern(year, plan, seed=3)
closed = close_year(year, plan, year=2028, actuals=actuals, governance=[governance])
print(closed.summary())
pd.Series(closed.missions_last_year).value_counts().sort_index().rename_axis("missions in 2027").rename(
    "ambassadors")"""),
    ("md", """## 6. Plan next year

Next year's inventory arrives (here: the missions and meetings of another synthetic year, their
pins left out). The plan is made twice: as it should be, with the history, and — to see what
the history changes — once more with everybody's history set to zero. Fair rotation charges
each extra mission of a person more when they already did many last year."""),
    ("code", """inventory = generate("S", seed=12, year=2028)
missions = [m.model_copy(update={"pinned_ambassadors": [], "pinned_staff": None}).model_dump()
            for m in inventory.missions]
next_year = Instance.model_validate({**closed.instance.model_dump(), "missions": missions,
                                     "meetings": [g.model_dump() for g in inventory.meetings]})
no_history = Instance.model_validate({**next_year.model_dump(), "ambassadors": [
    {**a.model_dump(), "history": {"missions_last_year": 0, "drawn_this_cycle": False}}
    for a in next_year.ambassadors]})
plan_2028 = solve(next_year, OPTIONS).plan
plan_forgetting = solve(no_history, OPTIONS).plan
assert validate(next_year, plan_2028) == []"""),
    ("code", """def loads(p):
    out = {}
    for a in p.assignments:
        for aid in a.ambassadors:
            out[aid] = out.get(aid, 0) + 1
    return out


with_history, without = loads(plan_2028), loads(plan_forgetting)
people = pd.DataFrame({
    "missions 2027": [a.history.missions_last_year for a in next_year.ambassadors],
    "2028, with the history": [with_history.get(a.id, 0) for a in next_year.ambassadors],
    "2028, history ignored": [without.get(a.id, 0) for a in next_year.ambassadors],
}, index=[a.id for a in next_year.ambassadors])
people["busy in 2027"] = pd.cut(people["missions 2027"], [-1, 0, 2, 4, 100], labels=["0", "1-2", "3-4", "5+"])
people.groupby("busy in 2027", observed=True)[["2028, with the history", "2028, history ignored"]].mean()"""),
    ("code", """# Both plans judged with the real history: the rotation penalty is what the history lowers.
pd.DataFrame({name: {"coverage value": kpis(next_year, p).coverage_value,
                     "rotation penalty": kpis(next_year, p).rotation_penalty}
              for name, p in (("with the history", plan_2028), ("history ignored", plan_forgetting))})"""),
]


NOTEBOOKS: dict[str, list[Cell]] = {
    "01_plan_a_year.ipynb": PLAN_A_YEAR,
    "02_how_many_ambassadors.ipynb": HOW_MANY,
    "03_governance.ipynb": GOVERNANCE,
    "04_a_year_from_start_to_finish.ipynb": A_YEAR,
}


def build(cells: list[Cell]) -> nbformat.NotebookNode:
    notebook = new_notebook(
        cells=[new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells],
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
    )
    # Stable cell ids: regenerating an unchanged notebook must not change the file.
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i:02d}"
    nbformat.validate(notebook)
    return notebook


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        path = HERE / name
        path.write_text(nbformat.writes(build(cells)) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
