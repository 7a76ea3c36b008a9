"""Benchmark of the year as it is lived: mission reports, settle, close-year, train.

    python -m benchmarks.bench_year [--sizes M L] [--seeds 1 2] [--plan-seconds 20] [--train-size S]

For each size and seed: a synthetic year, a plan (``--plan-seconds``, one worker), seeded mission
reports with planted deviations (:func:`ambassade_opt.synthetic.synthetic_actuals`, default
rates), then ``settle`` and ``close_year`` timed. Checked on every run: every planted deviation is
in ``to_review``; each total is the exact sum of its rows; the next year is a valid instance whose
history adds up to the seats reported. ``train`` runs on ``--train-size`` (default options, three
trainings at most) and reports its measured gains and time. Results go to
``benchmarks/results/year.json`` and ``year.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def run_year(size: str, seed: int, plan_seconds: float) -> dict[str, Any]:
    from ambassade_opt import Instance, SolveOptions, close_year, generate, settle, solve, synthetic_actuals

    year = generate(size, seed=seed)
    t0 = time.perf_counter()
    plan = solve(year, SolveOptions(time_limit=plan_seconds, workers=1, seed=0)).plan
    plan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    made = synthetic_actuals(year, plan, seed=seed)
    actuals_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pay = settle(year, plan, made.actuals)
    settle_s = time.perf_counter() - t0
    listed = {(r.kind, r.mission, r.person) for r in pay.to_review}
    missed = [p for p in made.planted if (p.kind, p.mission, p.person) not in listed]
    rows = [*pay.remuneration, *pay.expenses]
    exact = pay.total().paid == sum((r.paid for r in rows), Decimal(0)) and all(
        t.paid == sum((r.paid for r in rows if t.level == "quarter" and f"Q{r.quarter}" == t.key), Decimal(0))
        for t in pay.totals if t.level == "quarter")
    t0 = time.perf_counter()
    nxt = close_year(year, plan, year=year.year + 1, actuals=made.actuals)
    close_s = time.perf_counter() - t0
    reported = sum(1 for r in made.actuals.reports if r.held for p in r.people if p.id.startswith("A"))
    valid = Instance.from_json(nxt.instance.to_json()) == nxt.instance
    return {
        "size": size, "seed": seed, "ambassadors": len(year.ambassadors), "missions": len(year.missions),
        "covered": len(plan.assignments), "plan_seconds": round(plan_s, 2),
        "reports": len(made.actuals.reports), "planted": len(made.planted), "planted_missed": len(missed),
        "review_items": len(pay.to_review), "paid_eur": str(pay.total().paid),
        "not_paid_eur": str(pay.total().not_paid), "totals_exact": exact,
        "actuals_seconds": round(actuals_s, 3), "settle_seconds": round(settle_s, 3),
        "close_year_seconds": round(close_s, 3), "next_year_valid": valid,
        "history_seats": sum(nxt.missions_last_year.values()), "reported_plus_unreported_seats":
            reported + sum(len(a.ambassadors) for a in plan.assignments
                           if a.mission not in made.actuals.report_of()),
    }


def run_train(size: str, seed: int) -> dict[str, Any]:
    from ambassade_opt import generate, training_plan

    year = generate(size, seed=seed)
    t0 = time.perf_counter()
    result = training_plan(year, max_trainings=3)
    return {"size": size, "seed": seed, "seconds": round(time.perf_counter() - t0, 1),
            "coverage_before": result.coverage_before, "coverage_after": result.coverage_after,
            "suggestions": [s.model_dump(mode="json") for s in result.suggestions],
            "measurements": len(result.measurements),
            "all_optimal": all(m.status == "optimal" for m in result.measurements),
            "profiles_to_recruit": len(result.profiles_to_recruit)}


def markdown(result: dict[str, Any]) -> str:
    head = f"`{result['command']}` — {result['when']}, {result['machine']}"
    lines = ["# The year as it is lived", "", head, "",
             "| size | seed | missions | covered | reports | planted | missed | review items | paid EUR | "
             "not paid EUR | totals exact | settle s | close-year s | next year valid | history = seats |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["years"]:
        lines.append(f"| {r['size']} | {r['seed']} | {r['missions']} | {r['covered']} | {r['reports']} | "
                     f"{r['planted']} | {r['planted_missed']} | {r['review_items']} | {r['paid_eur']} | "
                     f"{r['not_paid_eur']} | {r['totals_exact']} | {r['settle_seconds']} | "
                     f"{r['close_year_seconds']} | {r['next_year_valid']} | "
                     f"{r['history_seats'] == r['reported_plus_unreported_seats']} |")
    for t in result["train"]:
        lines += ["", f"**train** on {t['size']} seed {t['seed']}: coverage value {t['coverage_before']} → "
                  f"{t['coverage_after']} in {t['seconds']} s ({t['measurements']} measuring re-plans, all "
                  f"optimal: {t['all_optimal']}); {t['profiles_to_recruit']} profile(s) to recruit"]
        lines += [f"- {s['person']}: {s['training']} by {s['by']}, +{s['gain']} "
                  f"({len(s['unlocks'])} missions unlocked)" for s in t["suggestions"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", nargs="+", default=["M"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1])
    parser.add_argument("--plan-seconds", type=float, default=20.0)
    parser.add_argument("--train-size", default="S")
    parser.add_argument("--out", type=Path, default=RESULTS)
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    from ambassade_opt.files import write_text_atomic

    years = [run_year(size, seed, args.plan_seconds) for size in args.sizes for seed in args.seeds]
    train = [run_train(args.train_size, seed) for seed in args.seeds]
    result = {"command": " ".join(["python -m benchmarks.bench_year", *argv]),
              "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
              "years": years, "train": train}
    args.out.mkdir(exist_ok=True)
    write_text_atomic(args.out / "year.json", json.dumps(result, indent=1) + "\n")
    write_text_atomic(args.out / "year.md", markdown(result))
    print(markdown(result))
    ok = all(r["planted_missed"] == 0 and r["totals_exact"] and r["next_year_valid"] for r in years)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
