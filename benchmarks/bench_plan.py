"""Planner benchmark: synthetic years from the size SMart runs today to XL, side by side with a plain
CP-SAT model of the same rules (coverage only) and the greedy plan, on several seeds.

    python -m benchmarks.bench_plan [--sizes smart S M L XL] [--seeds 1 2 3] [--workers 2]
        [--limits smart=30,S=60,M=60,L=120,XL=600] [--dask XL] [--name plan]

Each run is a fresh process (``--one``); its peak memory is sampled over its whole process tree
(HiGHS children and block processes included). Per (size, seed):

* ``planner`` — ``ambassade_opt.solve`` (whole year or blocks, as the front door decides): each
  stage's value, bound and gap, the wall time (build included), whether the plan passes the
  independent checker (``tests/conformance/check_plan.py``);
* ``cp_sat`` — CP-SAT alone on the rules' own encoding, coverage only, the same time limit and
  workers (skipped above ``engines.cp_sat_max_pairs`` pairs: it would not fit in memory);
* ``greedy`` — the constructive plan a solve starts from;
* ``dask`` (sizes given to ``--dask``) — the planner on a local Dask cluster of ``--workers``
  processes.

``smart`` is the size SMart runs today: 45 ambassadors × 180 missions. Results go to
``benchmarks/results/<name>.json`` and ``.md``; the targets of the issue are checked in the .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT / "tests" / "conformance" / "check_plan.py"
LIMITS = {"smart": 30.0, "S": 60.0, "M": 60.0, "L": 120.0, "XL": 600.0}


def _year(size: str, seed: int) -> Any:
    from ambassade_opt.synthetic import YearSize, generate

    return generate(YearSize(n_ambassadors=45, n_missions=180) if size == "smart" else size, seed=seed)


def _stages(result: Any) -> list[dict[str, Any]]:
    return [{"name": s.name, "value": s.objective, "bound": s.bound, "gap": s.gap, "status": s.status,
             "engine": s.engine, "stopped_by": s.stopped_by} for s in result.stages]


def _checked(year: Any, plan: Any) -> int:
    """Violations the independent checker finds (its exit code is 0 for none)."""
    with tempfile.TemporaryDirectory() as tmp:
        year.save(Path(tmp) / "year.json")
        plan.save(Path(tmp) / "plan.json")
        done = subprocess.run([sys.executable, str(CHECKER), str(Path(tmp) / "year.json"),
                               str(Path(tmp) / "plan.json")], capture_output=True, text=True, check=False)
    return int(json.loads(done.stdout.strip().splitlines()[-1])["violations"])


def run_planner(size: str, seed: int, limit: float, workers: int, dask: bool) -> dict[str, Any]:
    from ambassade_opt import solve
    from ambassade_opt.solver import SolveOptions

    year = _year(size, seed)
    t0 = time.perf_counter()
    result = solve(year, SolveOptions(time_limit=limit, workers=workers, seed=seed),
                   client="local" if dask else None)
    wall = time.perf_counter() - t0
    return {"wall": round(wall, 2), "build": round(result.build_seconds, 2), "status": result.status,
            "stages": _stages(result), "violations": _checked(year, result.plan)}


def run_cp_sat(size: str, seed: int, limit: float, workers: int) -> dict[str, Any]:
    from ambassade_opt.compile import compile_year
    from ambassade_opt.objectives import coverage, rotation_units
    from ambassade_opt.solver import SolveParams
    from ambassade_opt.solver.cp_sat.model import CpSatModel

    year = _year(size, seed)
    t0 = time.perf_counter()
    problem = compile_year(year)
    if problem.n_pairs > SolveParams().engines.cp_sat_max_pairs:
        return {"skipped": f"{problem.n_pairs:,} pairs: the model would not fit in memory"}
    model = CpSatModel(problem, rotation_units(problem))
    left = max(limit - (time.perf_counter() - t0), 1.0)
    answer = model.solve(coverage(problem), None, time_limit=left, deterministic_time=None, seed=seed,
                         workers=workers)
    return {"wall": round(time.perf_counter() - t0, 2), "status": answer.status, "value": answer.value,
            "bound": answer.bound}


def run_greedy(size: str, seed: int) -> dict[str, Any]:
    from ambassade_opt.solver import constructive_plan

    year = _year(size, seed)
    t0 = time.perf_counter()
    _, value = constructive_plan(year)
    return {"wall": round(time.perf_counter() - t0, 2), "value": value}


def sampled(cmd: list[str]) -> tuple[dict[str, Any], float]:
    """Run ``cmd``; its JSON answer and the peak of the summed memory of its process tree (MB)."""
    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.25)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"error": (err.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}, peak / 2**20
    return json.loads(out.strip().splitlines()[-1]), peak / 2**20


def measure(size: str, seed: int, limit: float, workers: int, dask: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"size": size, "seed": seed, "limit": limit, "workers": workers}
    kinds = ["planner", "cp_sat", "greedy", *(["dask"] if dask else [])]
    for kind in kinds:
        cmd = [sys.executable, "-m", "benchmarks.bench_plan", "--one", kind, size, str(seed), str(limit),
               str(workers)]
        answer, peak = sampled(cmd)
        answer["peak_mb"] = round(peak)
        row[kind] = answer
        print(json.dumps({"size": size, "seed": seed, kind: answer}), flush=True)
    return row


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f} %"


def _first(run: dict[str, Any], key: str) -> Any:
    stages = run.get("stages") or []
    return stages[0][key] if stages else None


def targets(rows: list[dict[str, Any]]) -> list[str]:
    """Each target of the issue against what this run measured."""
    out = []
    for r in rows:
        p, name = r["planner"], f"{r['size']} seed {r['seed']}"
        if "error" in p:
            out.append(f"{name}: the planner failed: {p['error']}")
            continue
        value, bound = _first(p, "value"), _first(p, "bound")
        cp = r["cp_sat"]
        best_bound = min(b for b in (bound, cp.get("bound")) if b is not None) if bound is not None else None
        share = None if not best_bound or value is None else value / best_bound
        if r["size"] == "smart":
            proven = all(s["status"] == "optimal" for s in p["stages"])
            gaps = ", ".join(_pct(s["gap"]) for s in p["stages"])
            out.append(f"{name}: all four stages optimal within 30 s: {'met' if proven else 'missed'} "
                       f"(gaps {gaps}; wall {p['wall']} s)")
        if r["size"] == "M":
            ahead = cp.get("value") is None or value >= cp["value"]
            reached = "met" if share and share >= 0.999 else "missed"
            out.append(f"{name}: ≥ 99.9 % of the best bound: {reached} ({value} / {best_bound} = "
                       f"{_pct(share)}); ahead of plain CP-SAT ({cp.get('value')}): "
                       f"{'met' if ahead else 'missed'}")
        if r["size"] in ("L", "XL"):
            limit, memory = r["limit"], {"L": 2048, "XL": 8192}[r["size"]]
            gap_target = {"L": 0.02, "XL": 0.05}[r["size"]]
            gap = _first(p, "gap")
            in_time = "met" if p["wall"] <= 1.1 * limit else "missed"
            in_memory = "met" if p["peak_mb"] <= memory else "missed"
            close = "met" if gap is not None and gap <= gap_target else "missed"
            out.append(f"{name}: wall {p['wall']} s for {limit:g} s ({in_time}); peak {p['peak_mb']} MB "
                       f"({in_memory} ≤ {memory}); checker violations {p['violations']}; gap {_pct(gap)} "
                       f"against a certified bound ({close} ≤ {100 * gap_target:g} %)")
        if "dask" in r and "error" not in r["dask"]:
            d = r["dask"]
            out.append(f"{name}: on a local Dask cluster: coverage {_first(d, 'value')} (one machine "
                       f"{value}), wall {d['wall']} s, peak {d['peak_mb']} MB, violations {d['violations']}")
    return out


def to_markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = ["# Planner benchmark", "",
             f"{meta['machine']}; load average at the start {meta['load']}; workers {meta['workers']}. "
             "Coverage value / bound (certified: LP, aggregate or CP-SAT's) / gap; wall seconds include "
             "the build; peak MB over the whole process tree.", "",
             "| size | seed | limit s | planner coverage | bound | gap | wall s | peak MB | engine | "
             "CP-SAT alone | its bound | greedy | planner / greedy | planner / CP-SAT |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        p, cp, g = r["planner"], r["cp_sat"], r["greedy"]
        v, b, gap = _first(p, "value"), _first(p, "bound"), _first(p, "gap")
        cpv = cp.get("value") if "skipped" not in cp else "skipped (memory)"
        ratio_g = f"{v / g['value']:.4f}" if v and g.get("value") else "-"
        ratio_c = f"{v / cp['value']:.4f}" if v and cp.get("value") else "-"
        lines.append(f"| {r['size']} | {r['seed']} | {r['limit']:g} | {v} | {b} | "
                     f"{_pct(gap)} | {p.get('wall')} | {p.get('peak_mb')} | "
                     f"{_first(p, 'engine')} | {cpv} | {cp.get('bound', '-')} | {g.get('value')} | "
                     f"{ratio_g} | {ratio_c} |")
    lines += ["", "Later stages (planner): value / bound / status", ""]
    for r in rows:
        stages = r["planner"].get("stages") or []
        lines.append(f"- {r['size']} seed {r['seed']}: " + "; ".join(
            f"{s['name']} {s['value']} / {s['bound']} / {s['status']}" for s in stages[1:]))
    lines += ["", "Targets:", ""] + [f"- {t}" for t in targets(rows)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["smart", "S", "M", "L", "XL"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limits", default="",
                        help="e.g. M=30,L=120 (default: smart 30, S and M 60, L 120, XL 600)")
    parser.add_argument("--dask", nargs="*", default=["XL"],
                        help="sizes also planned on a local Dask cluster")
    parser.add_argument("--name", default="plan")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)  # internal: one run in this process
    args = parser.parse_args(argv)
    if args.one:
        kind, size, seed, limit, workers = args.one
        runs = {"planner": lambda: run_planner(size, int(seed), float(limit), int(workers), False),
                "dask": lambda: run_planner(size, int(seed), float(limit), int(workers), True),
                "cp_sat": lambda: run_cp_sat(size, int(seed), float(limit), int(workers)),
                "greedy": lambda: run_greedy(size, int(seed))}
        print(json.dumps(runs[kind]()))
        return 0
    limits = dict(LIMITS)
    for part in filter(None, args.limits.split(",")):
        key, value = part.split("=")
        limits[key] = float(value)
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "workers": args.workers,
            "started": time.strftime("%Y-%m-%d %H:%M")}
    rows = [measure(size, seed, limits[size], args.workers, size in args.dask)
            for size in args.sizes for seed in args.seeds]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n",
                                               encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(to_markdown(rows, meta), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
