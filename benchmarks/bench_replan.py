"""Benchmark of re-planning and of suggestions on a synthetic year.

    python -m benchmarks.bench_replan [--size M] [--seed 1] [--time-limit 60] [--workers 1]
                                      [--cancel-share 0.10] [--suggest-samples 50]
                                      [--tolerances 0 0.01] [--bound-seconds 60]
                                      [--frontier 0.8 0.85 0.9 0.95]

1. Plan the year (``synthetic.generate(size, seed)``) with the given time budget.
2. Cancel ``cancel-share`` of the active ambassadors from 2027-07-01 to 2027-12-31 (kind
   ``unavailable``, chosen with a seeded generator), ``now`` = 2027-07-01T00:00, and re-plan with the
   same budget, once per coverage tolerance (0: coverage strictly first, as the issue asks).
3. Check each re-plan with the independent checker (tests/conformance/check_plan.py) against the
   changed instance; count how many published assignments no change touched are kept.
4. Plan the changed instance from scratch with the same budget (hindsight: it may re-plan the
   first half too), and with the same frozen past; compare coverage values.
5. Bound what any re-plan could do (HiGHS on the rules' matrix, the frozen past fixed): the best
   coverage at all, and with at least each ``--frontier`` share of the untouched assignments kept
   (the trade-off between promises and coverage) — MIP dual bounds after ``--bound-seconds`` (valid
   whenever HiGHS stops), and the LP bound.
6. Time :func:`ambassade_opt.suggest.suggest` on sampled missions of the strict re-plan (half
   uncovered missions, half a freed seat of a covered one): p50 / p95 / max, and check that every
   feasible first suggestion, applied, passes :func:`ambassade_opt.scoring.validate`.

"Untouched assignments" are the published (mission, person) pairs of the future whose mission no
change touched; the frozen past is counted apart: the issue's "assignments not touched by the
cancellations" may be read with it (it is kept by construction) or without it (only what a re-plan
could change). The markdown gives both.

Results go to ``benchmarks/results/replan.json`` and ``replan.md``; the instances and plans of the
run to a temporary folder, or to ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import ortools

from ambassade_opt import __version__
from ambassade_opt.changes import Changes
from ambassade_opt.compile import compile_year
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.objectives import Terms, coverage
from ambassade_opt.plan import Assignment, Plan
from ambassade_opt.replan import ReplanResult, replan
from ambassade_opt.scoring import validate
from ambassade_opt.solver import LinearRow, SolveOptions, solve
from ambassade_opt.solver.frozen import Frozen, forced_pairs
from ambassade_opt.solver.highs.program import ProgramBuilder, solve_program
from ambassade_opt.solver.highs.worker import ProgramHandle, WorkerUnavailable, shared_worker
from ambassade_opt.suggest import apply_suggestion, suggest
from ambassade_opt.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
CHECKER = ROOT / "tests" / "conformance" / "check_plan.py"
NOW = datetime(2027, 7, 1)


def check(instance_path: Path, plan_path: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(CHECKER), str(instance_path), str(plan_path), "--quiet"],
                         capture_output=True, text=True, check=False)
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _half(instance: Instance, plan: Plan, *, first: bool) -> int:
    """Coverage value of the missions starting before (first) or from (second) ``NOW``."""
    return sum(instance.mission(a.mission).priority for a in plan.assignments
               if (instance.mission(a.mission).start < NOW) == first)


def frozen_past_bound(instance: Instance, fixed: dict[str, Assignment | None],
                      keep: list[tuple[str, str]] | None = None, keep_share: float = 0.0,
                      seconds: float | None = None) -> float | None:
    """Upper bound on the coverage value of any plan of ``instance`` that keeps the ``fixed``
    missions exactly as they are and at least ``keep_share`` of the ``keep`` (mission, person)
    pairs: no re-plan with this past (and these promises kept) can do better. The LP relaxation
    (``seconds`` None) or HiGHS's MIP dual bound after ``seconds`` (valid whenever it stops)."""
    data = compile_year(instance, forced_pairs(fixed))
    builder = ProgramBuilder(data)
    builder.fix_frozen(Frozen.of(data, fixed))
    if keep and keep_share > 0:
        mis, amb, staff = data.mission_position, data.ambassador_position, data.staff_position
        x = [data.pair_index(amb[pid], mis[mid]) for mid, pid in keep if pid in amb]
        z = [data.staff_pair_index(staff[pid], mis[mid]) for mid, pid in keep if pid in staff]
        # a pair that no longer exists cannot be kept: it counts against the share
        x_cols, z_cols = np.array([p for p in x if p >= 0], dtype=np.int64), np.array(
            [q for q in z if q >= 0], dtype=np.int64)
        terms = Terms((("x", x_cols, np.ones(len(x_cols), dtype=np.int64)),
                       ("z", z_cols, np.ones(len(z_cols), dtype=np.int64))))
        builder.add_rows([LinearRow(terms, lower=float(math.ceil(keep_share * len(keep))))])
    prog = builder.build(coverage(data))
    if seconds is None:
        res = solve_program(prog, integer=False)
        value = res.value
    else:
        # in the worker process: HiGHS has been seen stuck in its presolve past any time limit, and
        # only the worker's deadline (it kills the child) keeps the benchmark's own
        try:
            answer = shared_worker().solve(ProgramHandle(prog), prog.col_lower, prog.col_upper,
                                           time_limit=seconds, threads=1)
        except WorkerUnavailable:
            answer = solve_program(prog, integer=True, time_limit=seconds, threads=1, light=True)
        value = None if answer is None else answer.bound
    if value is None or not math.isfinite(value):
        return None
    return float(math.floor(value + 1e-6 * max(1.0, abs(value))))


def _gap(value: float, reference: float) -> float:
    """How far ``value`` falls short of ``reference``, as a share of it."""
    return round((reference - value) / reference, 5) if reference else 0.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def past_pairs(plan: Plan, frozen: set[str]) -> int:
    """Published (mission, person) pairs of the frozen past: kept by every re-plan."""
    return sum(len(a.ambassadors) + (a.staff is not None) for a in plan.assignments if a.mission in frozen)


def share_with_past(share: float, past: int, untouched: int) -> float:
    """The share of the untouched future pairs to keep so that ``share`` of the untouched pairs,
    the frozen past counted, are kept."""
    return max(0.0, (math.ceil(share * (past + untouched) - 1e-9) - past) / untouched) if untouched else 0.0


def _replan_figures(result: ReplanResult, first: Plan, cancelled: list[str], seconds: float,
                    checked: dict[str, Any], tolerance: float) -> dict[str, Any]:
    """Stability at mission level (published future missions no change touched, kept identical) and
    at person level (every published future pair of a person not cancelled), and the rest."""
    touched = {p.mission for p in result.pairs if p.status == "dropped" and "unavailable" in p.why}
    frozen = set(result.frozen)
    past = past_pairs(first, frozen)
    new_asg = result.plan.assignment_of()
    untouched_missions = [a for a in first.assignments
                          if a.mission not in frozen and a.mission not in touched]
    missions_kept = sum(1 for a in untouched_missions if new_asg.get(a.mission) == a)
    new_pairs = {(a.mission, p) for a in result.plan.assignments for p in [*a.ambassadors, a.staff] if p}
    person_pairs = [(a.mission, p) for a in first.assignments if a.mission not in frozen
                    for p in [*a.ambassadors, a.staff] if p and p not in set(cancelled)]
    person_pairs_kept = sum(1 for pair in person_pairs if pair in new_pairs)
    return {
        "coverage_tolerance": tolerance,
        "status": result.plan.status, "seconds": round(seconds, 2),
        "build_seconds": round(result.solve.build_seconds, 2),
        "violations": checked["violations"], "coverage_value": result.plan.kpis.coverage_value,
        "frozen_missions": len(frozen), "missions_in_diff": len(result.plan.diff or []),
        "pairs": result.counts,
        "untouched_pairs": result.untouched_pairs, "untouched_pairs_kept": result.untouched_kept,
        "untouched_pairs_kept_ratio": round(result.untouched_kept_ratio, 4),
        "past_pairs": past,
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


def run(size: str, seed: int, time_limit: float, workers: int | None, cancel_share: float,
        samples: int, work: Path, start: str = "published", tolerances: tuple[float, ...] = (0.0, 0.01),
        bound_seconds: float = 60.0, frontier: tuple[float, ...] = (0.8, 0.85, 0.9, 0.95)) -> dict[str, Any]:
    options = SolveOptions(time_limit=time_limit, seed=seed, workers=workers)
    rng = np.random.default_rng(seed)

    year = generate(size, seed=seed)
    year.save(work / "year.json")
    t0 = time.perf_counter()
    first = solve(year, options)
    plan_seconds = time.perf_counter() - t0
    first.plan.save(work / "plan.json")
    print(f"plan: {first.status} in {plan_seconds:.1f} s, coverage {first.plan.kpis.coverage_value}",
          file=sys.stderr)

    active = sorted({p for a in first.plan.assignments for p in a.ambassadors})
    n_cancel = max(1, round(cancel_share * len(active)))
    cancelled = sorted(rng.choice(active, size=n_cancel, replace=False).tolist())
    changes = Changes.of(*[{"kind": "unavailable", "person": p, "start": "2027-07-01", "end": "2027-12-31"}
                           for p in cancelled], now=NOW)
    (work / "changes.json").write_text(changes.to_json(), encoding="utf-8")

    replans: list[dict[str, Any]] = []
    strict: ReplanResult | None = None
    for tolerance in tolerances:
        t0 = time.perf_counter()
        result = replan(year, first.plan, changes, options=options, start=start,  # type: ignore[arg-type]
                        coverage_tolerance=tolerance)
        seconds = time.perf_counter() - t0
        name = f"new_plan_{tolerance:g}.json"
        result.instance.save(work / "new_year.json")
        result.plan.save(work / name)
        checked = check(work / "new_year.json", work / name)
        print(f"replan (tolerance {tolerance:g}): {result.plan.status} in {seconds:.1f} s, coverage "
              f"{result.plan.kpis.coverage_value}, kept {result.untouched_kept}/{result.untouched_pairs}, "
              f"violations {checked['violations']}", file=sys.stderr)
        replans.append(_replan_figures(result, first.plan, cancelled, seconds, checked, tolerance))
        if strict is None or tolerance == 0.0:  # suggestions and halves: the strict re-plan
            strict = result
    assert strict is not None
    frozen = set(strict.frozen)

    # The same year planned again with the same frozen past but no wish to keep anything else.
    t0 = time.perf_counter()
    fixed = {mid: first.plan.assignment_of().get(mid) for mid in frozen}
    past_only = solve(strict.instance, options.with_(fixed=fixed))
    past_only_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    fresh = solve(strict.instance, options)
    fresh_seconds = time.perf_counter() - t0
    fresh.plan.save(work / "fresh_plan.json")
    fresh_checked = check(work / "new_year.json", work / "fresh_plan.json")
    print(f"fresh: {fresh.status} in {fresh_seconds:.1f} s, coverage {fresh.plan.kpis.coverage_value}",
          file=sys.stderr)

    # the trade-off: what keeping each share of the untouched pairs (without the past, and 95 % with
    # it) costs in coverage at most
    past = past_pairs(first.plan, frozen)
    shares = sorted({*frontier, round(share_with_past(0.95, past, strict.untouched_pairs), 4)})
    bounds = {
        "lp": frozen_past_bound(strict.instance, fixed),
        "mip": frozen_past_bound(strict.instance, fixed, seconds=bound_seconds),
        "mip_keep": [{"share": share, "bound": frozen_past_bound(
            strict.instance, fixed, strict.untouched, share, seconds=bound_seconds)} for share in shares],
        "seconds": bound_seconds,
    }
    print(f"bounds: {bounds}", file=sys.stderr)

    # Suggestions on the strict re-plan, as a coordinator would use them after the re-plan.
    uncovered = [u.mission for u in strict.plan.unassigned if u.mission not in frozen]
    covered = [a for a in strict.plan.assignments if a.mission not in frozen and a.ambassadors]
    picks: list[tuple[str, str | None]] = []
    half = samples // 2
    for mid in rng.choice(uncovered, size=min(half, len(uncovered)), replace=False).tolist():
        picks.append((mid, None))
    for i in rng.choice(len(covered), size=min(samples - len(picks), len(covered)), replace=False).tolist():
        picks.append((covered[i].mission, covered[i].ambassadors[0]))
    latencies: list[float] = []
    feasible_first = valid_first = errors = 0
    for mid, seat in picks:
        t0 = time.perf_counter()
        try:
            options_found = suggest(strict.instance, strict.plan, mid, top=5, seat=seat, now=NOW)
        except InputError:
            errors += 1  # e.g. an unapproved initiative: nothing to suggest
            continue
        latencies.append(time.perf_counter() - t0)
        if options_found and options_found[0].feasible:
            feasible_first += 1
            applied = apply_suggestion(strict.instance, strict.plan, options_found[0])
            valid_first += not validate(strict.instance, applied)

    fresh_cov = fresh.plan.kpis.coverage_value
    past_cov = past_only.plan.kpis.coverage_value
    for figures in replans:
        figures["coverage_gap_vs_fresh"] = _gap(figures["coverage_value"], fresh_cov)
        figures["coverage_gap_vs_fresh_same_past"] = _gap(figures["coverage_value"], past_cov)
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks.bench_replan", f"--size {size}", f"--seed {seed}",
                             f"--time-limit {time_limit:g}", f"--workers {workers}",
                             f"--cancel-share {cancel_share:g}", f"--suggest-samples {samples}",
                             f"--start {start}", "--tolerances " + " ".join(f"{t:g}" for t in tolerances),
                             f"--bound-seconds {bound_seconds:g}",
                             "--frontier " + " ".join(f"{s:g}" for s in frontier)]),
        "start": start,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "library": __version__, "ortools": str(getattr(ortools, "__version__", "?"))},
        "size": size, "seed": seed, "time_limit": time_limit, "workers": workers,
        "ambassadors": len(year.ambassadors), "missions": len(year.missions),
        "plan": {"status": first.status, "seconds": round(plan_seconds, 2),
                 "coverage_value": first.plan.kpis.coverage_value,
                 "coverage_value_max": first.plan.kpis.coverage_value_max},
        "cancelled": {"ambassadors": len(cancelled), "active": len(active), "now": NOW.isoformat(),
                      "range": "2027-07-01..2027-12-31"},
        "replans": replans,
        "past_pairs": past,
        "fresh": {"status": fresh.status, "seconds": round(fresh_seconds, 2), "coverage_value": fresh_cov,
                  "violations": fresh_checked["violations"]},
        "fresh_same_past": {"status": past_only.status, "seconds": round(past_only_seconds, 2),
                            "coverage_value": past_cov},
        "bounds": bounds,
        "first_half": {name: _half(strict.instance, p, first=True) for name, p in
                       (("published", first.plan), ("replan", strict.plan), ("fresh", fresh.plan))},
        "second_half": {name: _half(strict.instance, p, first=False) for name, p in
                        (("published", first.plan), ("replan", strict.plan), ("fresh", fresh.plan))},
        "active": {name: p.kpis.active_ambassadors for name, p in
                   (("published", first.plan), ("replan", strict.plan), ("fresh", fresh.plan))},
        "group_cap": strict.instance.policy.group_cap,
        "first_half_seats_of_cancelled": {
            name: sum(1 for a in p.assignments if strict.instance.mission(a.mission).start < NOW
                      for person in a.ambassadors if person in set(cancelled))
            for name, p in (("published", first.plan), ("fresh", fresh.plan))},
        "suggest": {"calls": len(latencies), "not_applicable": errors,
                    "p50_ms": round(1000 * percentile(latencies, 50), 2),
                    "p95_ms": round(1000 * percentile(latencies, 95), 2),
                    "max_ms": round(1000 * max(latencies, default=0.0), 2),
                    "first_feasible": feasible_first, "first_feasible_valid_when_applied": valid_first},
    }


def _hindsight(r: dict[str, Any]) -> str:
    seats = r.get("first_half_seats_of_cancelled")
    if not seats:
        return ""
    return (f". The fresh plan also has hindsight: it knows who will be gone from July, and gives those "
            f"people {seats['fresh']} first-half seats (the published plan, made before anyone cancelled, "
            f"gave them {seats['published']}), saving the others' yearly capacity for the second half")


def ok(met: bool) -> str:
    return "yes" if met else "**NO**"


def _pct(ratio: float) -> str:
    return f"{100 * ratio:.2f} %"


def _signed(gap: float) -> str:
    """A shortfall as a signed difference: −1.20 % behind, +0.16 % ahead."""
    return f"{-100 * gap:+.2f} %".replace("-", "−")


def _with_past(rp: dict[str, Any]) -> str:
    ratio = rp.get("untouched_with_past_kept_ratio")
    return "-" if ratio is None else f"{_pct(ratio)} {ok(ratio >= 0.95)}"


def markdown(r: dict[str, Any]) -> str:
    fr, past, sg, b = r["fresh"], r["fresh_same_past"], r["suggest"], r["bounds"]
    fresh_cov = fr["coverage_value"]
    lines = [
        f"# Re-plan benchmark — size {r['size']} ({r['ambassadors']} ambassadors × {r['missions']} missions)",
        "",
        f"Command: `{r['command']}` ({r['when']}, OR-Tools {r['machine']['ortools']}, "
        f"time limit {r['time_limit']:g} s per solve, workers {r['workers']}, re-plan search started "
        f"from the {r['start']} plan)",
        "",
        f"Cancelled {r['cancelled']['ambassadors']} of {r['cancelled']['active']} active ambassadors for "
        f"{r['cancelled']['range']}, now = {r['cancelled']['now']}. Published plan: {r['plan']['status']} "
        f"in {r['plan']['seconds']} s, coverage {r['plan']['coverage_value']} of "
        f"{r['plan']['coverage_value_max']}. Fresh plan of the changed year (may re-plan the first half, "
        f"with hindsight): {fresh_cov} ({fr['status']}, {fr['violations']} violations). Fresh plan with "
        f"the same frozen past: {past['coverage_value']}.",
        "",
        "Targets of issue #6: 0 violations; ≥ 95 % of the untouched assignments kept; coverage within 1 % "
        "of a fresh plan's. Untouched pairs: the published future (mission, person) pairs whose mission no "
        "change touched; with the frozen past counted, the published pairs of the first half "
        f"({r.get('past_pairs', '?')}, kept by construction) are added to them.",
        "",
        "| coverage tolerance | violations | untouched pairs kept | frozen past counted | untouched missions "
        "identical | coverage | vs fresh plan | vs fresh plan, same past | seconds |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for rp in r["replans"]:
        lines.append(
            f"| {rp['coverage_tolerance']:g} | {rp['violations']} {ok(rp['violations'] == 0)} | "
            f"{rp['untouched_pairs_kept']}/{rp['untouched_pairs']} = "
            f"{_pct(rp['untouched_pairs_kept_ratio'])} "
            f"{ok(rp['untouched_pairs_kept_ratio'] >= 0.95)} | {_with_past(rp)} | "
            f"{rp['untouched_missions_kept']}/"
            f"{rp['untouched_missions']} = {_pct(rp['untouched_missions_kept_ratio'])} | "
            f"{rp['coverage_value']} | {_signed(rp['coverage_gap_vs_fresh'])} "
            f"{ok(rp['coverage_gap_vs_fresh'] <= 0.01)} | {_signed(rp['coverage_gap_vs_fresh_same_past'])} "
            f"{ok(rp['coverage_gap_vs_fresh_same_past'] <= 0.01)} | {rp['seconds']} |")
    lines += [
        "",
        "What any re-plan keeping the frozen past can reach (upper bounds on its coverage value, HiGHS on "
        f"the rules' matrix; MIP dual bounds after {b['seconds']:g} s):",
        "",
        "| re-plans considered | bound | of the fresh plan's coverage | within 1 % of it possible "
        "| of the same-past plan's | within 1 % of it possible |",
        "|---|---|---|---|---|---|",
    ]
    rows: list[tuple[str, float | None]] = [("keeping the frozen past (LP relaxation)", b.get("lp")),
                                            ("keeping the frozen past (MIP)", b.get("mip"))]
    keep = b.get("mip_keep") or [{"share": 0.95, "bound": b.get("mip_keep_95")}]
    past_count, untouched = r.get("past_pairs"), r["replans"][0]["untouched_pairs"]
    with_past = None if past_count is None else share_with_past(0.95, past_count, untouched)
    for point in keep:
        label = f"keeping the frozen past and ≥ {_pct(point['share'])} of the untouched pairs"
        if with_past is not None and abs(point["share"] - with_past) < 1e-4:
            label += " (= 95 % with the frozen past counted)"
        rows.append((label + " (MIP)", point["bound"]))
    for label, bound in rows:
        cells = []
        for reference in (fresh_cov, past["coverage_value"]):
            share = None if bound is None or not reference else bound / reference
            cells += ["-", "-"] if share is None else [_pct(share), ok(share >= 0.99)]
        lines.append(f"| {label} | {bound} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Suggestions on the strict re-plan: p50 / p95 / max {sg['p50_ms']:.1f} / {sg['p95_ms']:.1f} / "
        f"{sg['max_ms']:.1f} ms over {sg['calls']} calls (target < 1000 ms: {ok(sg['max_ms'] < 1000)}); "
        f"feasible first suggestions valid when applied: {sg['first_feasible_valid_when_applied']}/"
        f"{sg['first_feasible']} ({ok(sg['first_feasible_valid_when_applied'] == sg['first_feasible'])}).",
        "",
        f"Coverage value before / from {NOW.date()} (published, strict re-plan, fresh): "
        f"{r['first_half']['published']} / {r['second_half']['published']}, "
        f"{r['first_half']['replan']} / {r['second_half']['replan']}, "
        f"{r['first_half']['fresh']} / {r['second_half']['fresh']}; active ambassadors "
        f"{r['active']['published']}, {r['active']['replan']}, {r['active']['fresh']} (group cap "
        f"{r['group_cap']}).",
        "",
        "Reading: a fresh plan of the changed year may re-plan the first half too" + _hindsight(r)
        + ". A re-plan cannot: the first half has happened. The fresh plan with the same frozen past "
        "measures what that past allows; the bounds say what no re-plan can beat.",
        "",
    ]
    for rp in r["replans"]:
        lines += [f"Re-plan with coverage tolerance {rp['coverage_tolerance']:g}: {rp['status']} in "
                  f"{rp['seconds']} s (build {rp['build_seconds']} s), {rp['frozen_missions']} missions "
                  f"frozen, {rp['missions_in_diff']} in the diff; pairs kept {rp['pairs']['kept']}, moved "
                  f"{rp['pairs']['moved']}, added {rp['pairs']['added']}, dropped {rp['pairs']['dropped']}.",
                  "", "| stage | objective | bound | status |", "|---|---|---|---|"]
        lines += [f"| {s['name']} | {s['objective']} | {s['bound']} | {s['status']} |" for s in rp["stages"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cancel-share", type=float, default=0.10)
    parser.add_argument("--suggest-samples", type=int, default=50)
    parser.add_argument("--start", choices=["published", "greedy"], default="published")
    parser.add_argument("--tolerances", type=float, nargs="+", default=[0.0, 0.01],
                        help="coverage tolerances to re-plan with (0: coverage strictly first)")
    parser.add_argument("--bound-seconds", type=float, default=60.0,
                        help="HiGHS time for each MIP bound on what a re-plan can reach")
    parser.add_argument("--frontier", type=float, nargs="+", default=[0.8, 0.85, 0.9, 0.95],
                        help="shares of the untouched pairs kept at which to bound the coverage (the share "
                             "that makes 95 %% with the frozen past counted is always added)")
    parser.add_argument("--output", default="replan", help="name of the results files (.json, .md)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="folder for the instances and plans of the run (default: a temporary folder)")
    parser.add_argument("--markdown-only", action="store_true",
                        help="rewrite the .md from the existing .json without running anything")
    args = parser.parse_args(argv)
    if args.markdown_only:
        stored = json.loads((RESULTS / f"{args.output}.json").read_text(encoding="utf-8"))
        (RESULTS / f"{args.output}.md").write_text(markdown(stored), encoding="utf-8")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_replan_") as scratch:
        work = args.keep if args.keep is not None else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        result = run(args.size, args.seed, args.time_limit, args.workers, args.cancel_share,
                     args.suggest_samples, work, args.start, tuple(args.tolerances), args.bound_seconds,
                     tuple(args.frontier))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / f"{args.output}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
