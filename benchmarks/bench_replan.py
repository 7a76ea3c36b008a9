"""Benchmark of re-planning (DOMAIN.md section 8, issue 14) on synthetic years, over several seeds.

    python -m benchmarks.bench_replan [--size M] [--seeds 1 2 3] [--time-limit 60] [--workers 1]
                                      [--cancel-share 0.10] [--tolerances 0 0.005 0.02]
                                      [--bound-seconds 60] [--frontier 0.8 0.85 0.9 0.95]
                                      [--suggest-samples 50] [--output replan]

For each seed:

1. Plan the year (``synthetic.generate(size, seed)``) with the given time budget.
2. Cancel ``cancel-share`` of the active ambassadors from 2027-07-01 to 2027-12-31 (kind
   ``unavailable``, chosen with a seeded generator), ``now`` = 2027-07-01T00:00, and re-plan with
   the same budget: first with the **default settings** (no coverage tolerance given: promises
   first, the library's default tolerance), then once per other ``--tolerances`` (0: coverage
   strictly first).
3. Check each re-plan with the independent checker (tests/conformance/check_plan.py) against the
   changed instance; count the untouched assignments kept (the published future (mission, person)
   pairs whose mission no change touched, :attr:`ReplanResult.untouched_kept_ratio`).
4. Plan the changed instance from scratch with the same budget (a *fresh plan*: with hindsight, it
   may re-plan the first half too), and with the same frozen past; compare coverage values.
5. Unless ``--bound-seconds 0``: bound what any re-plan could do (HiGHS on the rules' matrix, the
   frozen past fixed), at all and with at least each ``--frontier`` share of the untouched pairs
   kept (:mod:`benchmarks.replan_bounds`).
6. Time :func:`ambassade_opt.suggest.suggest` on ``--suggest-samples`` missions of the default
   re-plan and check that every feasible first suggestion, applied, passes ``validate``.

The summary gives the issue's targets for the default settings on every seed (≥ 95 % of the
untouched assignments kept, ≥ 97.5 % of the fresh plan's coverage value) and the measured
frontier: for each tolerance, the kept share against the coverage share, per seed, with the mean
and the worst. Results go to ``benchmarks/results/<output>.json`` and ``.md``; the instances and
plans of the run to a temporary folder, or to ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import ortools

from ambassade_opt import __version__
from ambassade_opt.changes import Changes
from ambassade_opt.errors import InputError
from ambassade_opt.figures import Kpis
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan
from ambassade_opt.replan import ReplanResult, replan
from ambassade_opt.scoring import validate
from ambassade_opt.solver import SolveOptions, SolveResult, solve
from ambassade_opt.suggest import apply_suggestion, suggest
from ambassade_opt.synthetic import generate

from .replan_bounds import frozen_past_bound, past_pairs, share_with_past
from .replan_markdown import summary_markdown

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
CHECKER = ROOT / "tests" / "conformance" / "check_plan.py"
NOW = datetime(2027, 7, 1)


@dataclass(frozen=True)
class Settings:
    """One benchmark run's settings (the command line's)."""

    size: str
    seeds: tuple[int, ...]
    time_limit: float
    workers: int | None
    cancel_share: float
    tolerances: tuple[float, ...]
    bound_seconds: float
    frontier: tuple[float, ...]
    samples: int
    start: str

    def command(self) -> str:
        return " ".join([
            "python -m benchmarks.bench_replan", f"--size {self.size}",
            "--seeds " + " ".join(str(s) for s in self.seeds), f"--time-limit {self.time_limit:g}",
            f"--workers {self.workers}", f"--cancel-share {self.cancel_share:g}",
            "--tolerances " + " ".join(f"{t:g}" for t in self.tolerances),
            f"--bound-seconds {self.bound_seconds:g}",
            "--frontier " + " ".join(f"{s:g}" for s in self.frontier),
            f"--suggest-samples {self.samples}", f"--start {self.start}"])


def check(instance_path: Path, plan_path: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(CHECKER), str(instance_path), str(plan_path), "--quiet"],
                         capture_output=True, text=True, check=False)
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _half(instance: Instance, plan: Plan, *, first: bool) -> int:
    """Coverage value of the missions starting before (first) or from (second) ``NOW``."""
    return sum(instance.mission(a.mission).priority for a in plan.assignments
               if (instance.mission(a.mission).start < NOW) == first)


def _gap(value: float, reference: float) -> float:
    """How far ``value`` falls short of ``reference``, as a share of it."""
    return round((reference - value) / reference, 5) if reference else 0.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def _kpis(plan: Plan) -> Kpis:
    """The figures of a plan the solver made (it always computes them)."""
    assert plan.kpis is not None, "a solved plan has its figures"
    return plan.kpis


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _replan_figures(result: ReplanResult, first: Plan, cancelled: list[str], seconds: float,
                    checked: dict[str, Any], setting: str) -> dict[str, Any]:
    """Stability at mission level (published future missions no change touched, kept identical) and
    at person level (every published future pair of a person not cancelled), and the rest."""
    frozen = set(result.frozen)
    past = past_pairs(first, frozen)
    new_asg = result.plan.assignment_of()
    untouched_ids = {mid for mid, _ in result.untouched}
    untouched_missions = [a for a in first.assignments if a.mission in untouched_ids]
    missions_kept = sum(1 for a in untouched_missions if new_asg.get(a.mission) == a)
    new_pairs = {(a.mission, p) for a in result.plan.assignments for p in [*a.ambassadors, a.staff] if p}
    person_pairs = [(a.mission, p) for a in first.assignments if a.mission not in frozen
                    for p in [*a.ambassadors, a.staff] if p and p not in set(cancelled)]
    person_pairs_kept = sum(1 for pair in person_pairs if pair in new_pairs)
    record = result.plan.run.replan
    return {
        "setting": setting, "coverage_tolerance": record.coverage_tolerance if record else None,
        "status": result.plan.status, "seconds": round(seconds, 2),
        "build_seconds": round(result.solve.build_seconds, 2),
        "violations": checked["violations"], "coverage_value": _kpis(result.plan).coverage_value,
        "frozen_missions": len(frozen), "missions_in_diff": len(result.plan.diff or []),
        "pairs": result.counts,
        "untouched_pairs": result.untouched_pairs, "untouched_pairs_kept": result.untouched_kept,
        "untouched_pairs_kept_ratio": round(result.untouched_kept_ratio, 4),
        "untouched_with_past_kept_ratio":
            round((past + result.untouched_kept) / (past + result.untouched_pairs), 4)
            if past + result.untouched_pairs else 1.0,
        "person_pairs": len(person_pairs), "person_pairs_kept": person_pairs_kept,
        "person_pairs_kept_ratio": round(person_pairs_kept / len(person_pairs), 4) if person_pairs else 1.0,
        "untouched_missions": len(untouched_missions), "untouched_missions_kept": missions_kept,
        "untouched_missions_kept_ratio": round(missions_kept / len(untouched_missions), 4)
        if untouched_missions else 1.0,
        "passes": [p.model_dump(exclude={"objective", "bound"}) for p in result.plan.solver.passes],
        "stages": [s.model_dump(include={"name", "objective", "bound", "status", "seconds"})
                   for s in result.solve.stages],
    }


def _cancellations(plan: Plan, share: float, rng: np.random.Generator) -> tuple[list[str], int, Changes]:
    """``share`` of the ambassadors active in ``plan``, unavailable from ``NOW`` to the year's end."""
    active = sorted({p for a in plan.assignments for p in a.ambassadors})
    n_cancel = max(1, round(share * len(active)))
    cancelled = sorted(rng.choice(active, size=n_cancel, replace=False).tolist())
    changes = Changes.of(*[{"kind": "unavailable", "person": p, "start": "2027-07-01", "end": "2027-12-31"}
                           for p in cancelled], now=NOW)
    return cancelled, len(active), changes


def _replans(s: Settings, year: Instance, first: Plan, changes: Changes, cancelled: list[str],
             options: SolveOptions, work: Path) -> tuple[list[dict[str, Any]], ReplanResult]:
    """The default re-plan (no tolerance given), then one per other tolerance (one equal to the
    default's is left out); the default's result."""
    figures: list[dict[str, Any]] = []
    default: ReplanResult | None = None
    for setting, tolerance in [("default", None), *((f"tolerance {t:g}", t) for t in s.tolerances)]:
        record = default.plan.run.replan if default is not None else None
        if record is not None and tolerance == record.coverage_tolerance:
            continue
        t0 = time.perf_counter()
        result = replan(year, first, changes, options=options, start=s.start,  # type: ignore[arg-type]
                        coverage_tolerance=tolerance)
        seconds = time.perf_counter() - t0
        name = f"new_plan_{setting.replace(' ', '_')}.json"
        result.instance.save(work / "new_year.json")
        result.plan.save(work / name)
        checked = check(work / "new_year.json", work / name)
        _say(f"  replan ({setting}): {result.plan.status} in {seconds:.1f} s, coverage "
             f"{_kpis(result.plan).coverage_value}, kept {result.untouched_kept}/{result.untouched_pairs}, "
             f"violations {checked['violations']}")
        figures.append(_replan_figures(result, first, cancelled, seconds, checked, setting))
        default = default or result
    assert default is not None
    return figures, default


def _references(default: ReplanResult, first: Plan, options: SolveOptions,
                work: Path) -> tuple[SolveResult, float, SolveResult, float, dict[str, Any]]:
    """The fresh plan of the changed year and the plan with the same frozen past (no promises)."""
    fixed = {mid: first.assignment_of().get(mid) for mid in default.frozen}
    t0 = time.perf_counter()
    past_only = solve(default.instance, options.with_(fixed=fixed))
    past_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    fresh = solve(default.instance, options)
    fresh_seconds = time.perf_counter() - t0
    fresh.plan.save(work / "fresh_plan.json")
    checked = check(work / "new_year.json", work / "fresh_plan.json")
    _say(f"  fresh: {fresh.status} in {fresh_seconds:.1f} s, coverage {_kpis(fresh.plan).coverage_value}")
    return fresh, fresh_seconds, past_only, past_seconds, checked


def _bounds(s: Settings, default: ReplanResult, first: Plan) -> dict[str, Any] | None:
    """Upper bounds on any re-plan's coverage: at all, and keeping each frontier share (and the
    share that makes 95 % with the frozen past counted)."""
    if s.bound_seconds <= 0:
        return None
    fixed = {mid: first.assignment_of().get(mid) for mid in default.frozen}
    past = past_pairs(first, set(default.frozen))
    shares = sorted({*s.frontier, round(share_with_past(0.95, past, default.untouched_pairs), 4)})
    instance, seconds = default.instance, s.bound_seconds
    bounds = {
        "lp": frozen_past_bound(instance, fixed),
        "mip": frozen_past_bound(instance, fixed, seconds=seconds),
        "mip_keep": [{"share": share, "bound": frozen_past_bound(instance, fixed, default.untouched, share,
                                                                 seconds=seconds)} for share in shares],
        "seconds": seconds,
    }
    _say(f"  bounds: {bounds}")
    return bounds


def _suggestions(default: ReplanResult, samples: int, rng: np.random.Generator) -> dict[str, Any]:
    """Latency of ``suggest`` on the default re-plan (half uncovered missions, half a freed seat)."""
    frozen = set(default.frozen)
    uncovered = [u.mission for u in default.plan.unassigned if u.mission not in frozen]
    covered = [a for a in default.plan.assignments if a.mission not in frozen and a.ambassadors]
    picks: list[tuple[str, str | None]] = [
        (mid, None) for mid in rng.choice(uncovered, size=min(samples // 2, len(uncovered)), replace=False)]
    for i in rng.choice(len(covered), size=min(samples - len(picks), len(covered)), replace=False).tolist():
        picks.append((covered[i].mission, covered[i].ambassadors[0]))
    latencies: list[float] = []
    feasible_first = valid_first = errors = 0
    for mid, seat in picks:
        t0 = time.perf_counter()
        try:
            found = suggest(default.instance, default.plan, str(mid), top=5, seat=seat, now=NOW)
        except InputError:
            errors += 1  # e.g. an unapproved initiative: nothing to suggest
            continue
        latencies.append(time.perf_counter() - t0)
        if found and found[0].feasible:
            feasible_first += 1
            valid_first += not validate(default.instance, apply_suggestion(default.instance, default.plan,
                                                                            found[0]))
    return {"calls": len(latencies), "not_applicable": errors,
            "p50_ms": round(1000 * percentile(latencies, 50), 2),
            "p95_ms": round(1000 * percentile(latencies, 95), 2),
            "max_ms": round(1000 * max(latencies, default=0.0), 2),
            "first_feasible": feasible_first, "first_feasible_valid_when_applied": valid_first}


def run(s: Settings, seed: int, work: Path) -> dict[str, Any]:
    """One seed of the benchmark (steps 1–6 of the module's description)."""
    options = SolveOptions(time_limit=s.time_limit, seed=seed, workers=s.workers)
    rng = np.random.default_rng(seed)
    year = generate(s.size, seed=seed)
    t0 = time.perf_counter()
    first = solve(year, options)
    plan_seconds = time.perf_counter() - t0
    _say(f"seed {seed}: plan {first.status} in {plan_seconds:.1f} s, "
         f"coverage {_kpis(first.plan).coverage_value}")
    cancelled, n_active, changes = _cancellations(first.plan, s.cancel_share, rng)
    replans, default = _replans(s, year, first.plan, changes, cancelled, options, work)
    fresh, fresh_seconds, past_only, past_seconds, fresh_checked = _references(
        default, first.plan, options, work)
    fresh_cov, past_cov = _kpis(fresh.plan).coverage_value, _kpis(past_only.plan).coverage_value
    for figures in replans:
        figures["coverage_of_fresh"] = round(figures["coverage_value"] / fresh_cov, 5) if fresh_cov else 1.0
        figures["coverage_gap_vs_fresh"] = _gap(figures["coverage_value"], fresh_cov)
        figures["coverage_gap_vs_fresh_same_past"] = _gap(figures["coverage_value"], past_cov)
    plans = (("published", first.plan), ("replan", default.plan), ("fresh", fresh.plan))
    return {
        "size": s.size, "seed": seed, "time_limit": s.time_limit, "workers": s.workers,
        "cancel_share": s.cancel_share, "start": s.start,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "library": __version__, "ortools": str(getattr(ortools, "__version__", "?"))},
        "ambassadors": len(year.ambassadors), "missions": len(year.missions),
        "plan": {"status": first.status, "seconds": round(plan_seconds, 2),
                 "coverage_value": _kpis(first.plan).coverage_value,
                 "coverage_value_max": _kpis(first.plan).coverage_value_max},
        "cancelled": {"ambassadors": len(cancelled), "active": n_active, "now": NOW.isoformat(),
                      "range": "2027-07-01..2027-12-31"},
        "replans": replans,
        "past_pairs": past_pairs(first.plan, set(default.frozen)),
        "fresh": {"status": fresh.status, "seconds": round(fresh_seconds, 2), "coverage_value": fresh_cov,
                  "violations": fresh_checked["violations"]},
        "fresh_same_past": {"status": past_only.status, "seconds": round(past_seconds, 2),
                            "coverage_value": past_cov},
        "bounds": _bounds(s, default, first.plan),
        "first_half": {name: _half(default.instance, p, first=True) for name, p in plans},
        "second_half": {name: _half(default.instance, p, first=False) for name, p in plans},
        "active": {name: _kpis(p).active_ambassadors for name, p in plans},
        "group_cap": default.instance.policy.group_cap,
        "suggest": _suggestions(default, s.samples, rng),
    }


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The measured frontier: per setting, each seed's kept share and coverage share of the fresh
    plan's, their mean and their worst."""
    frontier = []
    for i, first in enumerate(runs[0]["replans"]):
        seeds = [{"seed": r["seed"], "kept": r["replans"][i]["untouched_pairs_kept_ratio"],
                  "coverage_of_fresh": r["replans"][i]["coverage_of_fresh"]} for r in runs]
        kept = [p["kept"] for p in seeds]
        cover = [p["coverage_of_fresh"] for p in seeds]
        frontier.append({"setting": first["setting"], "coverage_tolerance": first["coverage_tolerance"],
                         "seeds": seeds, "kept_mean": round(float(np.mean(kept)), 4), "kept_min": min(kept),
                         "coverage_of_fresh_mean": round(float(np.mean(cover)), 5),
                         "coverage_of_fresh_min": min(cover)})
    return {"frontier": frontier}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="M")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve and re-plan")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cancel-share", type=float, default=0.10)
    parser.add_argument("--tolerances", type=float, nargs="*", default=[0.0, 0.005, 0.02],
                        help="coverage tolerances to re-plan with besides the default settings (0: coverage "
                             "strictly first); one equal to the default is left out")
    parser.add_argument("--bound-seconds", type=float, default=60.0,
                        help="HiGHS time for each MIP bound on what a re-plan can reach (0: no bounds)")
    parser.add_argument("--frontier", type=float, nargs="*", default=[0.8, 0.85, 0.9, 0.95],
                        help="shares of the untouched pairs kept at which to bound the coverage (the share "
                             "that makes 95 %% with the frozen past counted is always added)")
    parser.add_argument("--suggest-samples", type=int, default=50)
    parser.add_argument("--start", choices=["published", "greedy"], default="published")
    parser.add_argument("--output", default="replan", help="name of the results files (.json, .md)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="folder for the instances and plans of the run (default: a temporary folder)")
    parser.add_argument("--markdown-only", action="store_true",
                        help="rewrite the .md from the existing .json without running anything")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.markdown_only:
        stored = json.loads((RESULTS / f"{args.output}.json").read_text(encoding="utf-8"))
        (RESULTS / f"{args.output}.md").write_text(summary_markdown(stored), encoding="utf-8")
        return 0
    s = Settings(args.size, tuple(args.seeds), args.time_limit, args.workers, args.cancel_share,
                 tuple(args.tolerances), args.bound_seconds, tuple(args.frontier), args.suggest_samples,
                 args.start)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench_replan_") as scratch:
        for seed in s.seeds:
            work = (args.keep / f"seed{seed}") if args.keep is not None else Path(scratch) / f"seed{seed}"
            work.mkdir(parents=True, exist_ok=True)
            runs.append(run(s, seed, work))
    result = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "command": s.command(),
              "runs": runs, "summary": summarize(runs)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    text = summary_markdown(result)
    (RESULTS / f"{args.output}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
