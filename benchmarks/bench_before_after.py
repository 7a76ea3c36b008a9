"""The planner before and after a change: the same synthetic years, the same seeds and time limit,
each solve in a fresh process on one source tree or the other, through the public API only.

    git worktree add /tmp/before <commit>
    python -m benchmarks.bench_before_after --before /tmp/before [--sizes S M] [--seeds 1 2 3]
        [--time-limit 60] [--workers 2] [--name before_after]

"After" is this tree. Each (size, seed) runs before, then after, so that both see the same machine
load. Each row records the year's SHA-256 (both trees must generate the same bytes), the stage
values and bounds, the wall time and the peak memory of the process. Results go to
``benchmarks/results/<name>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
HERE = Path(__file__).resolve().parents[1]

# Runs in the child, on whichever tree is first on its PYTHONPATH: public API only.
CHILD = """
import hashlib, json, resource, sys, time
from ambassade_opt import SolveOptions, solve
from ambassade_opt.synthetic import generate

size, seed, limit, workers = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
year = generate(size, seed=seed)
digest = hashlib.sha256(year.model_dump_json().encode()).hexdigest()[:16]
t0 = time.perf_counter()
result = solve(year, SolveOptions(time_limit=limit, workers=workers, seed=seed))
wall = time.perf_counter() - t0
print(json.dumps({
    "year_sha256": digest, "status": result.status, "wall": round(wall, 2),
    "stages": [[s.name, s.objective, s.bound, s.status] for s in result.stages],
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
"""


def run_child(tree: Path, size: str, seed: int, limit: float, workers: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", CHILD, size, str(seed), str(limit), str(workers)],
                          env=env, capture_output=True, text=True, check=False, cwd=tree)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]}
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _coverage(row: dict[str, Any]) -> float | None:
    stages = row.get("stages") or []
    return stages[0][1] if stages else None


def markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [f"# Before and after ({meta['time_limit']:g} s, {meta['workers']} workers)", "",
             f"Before: `{meta['before']}`; after: `{meta['after']}`. Machine: {meta['machine']}; "
             f"load average at the start {meta['load']}.", "",
             "| size | seed | same year | coverage before | after | bound after | "
             "later stages before (rotation / match / cost) | after | wall before | after |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        b, a = r["before"], r["after"]

        def later(x: dict[str, Any]) -> str:
            return " / ".join(f"{s[1]:g}" if s[1] is not None else "–" for s in (x.get("stages") or [])[1:])

        bound = (a.get("stages") or [[None, None, None]])[0][2]
        lines.append(
            f"| {r['size']} | {r['seed']} | {b.get('year_sha256') == a.get('year_sha256')} | "
            f"{_coverage(b)} | {_coverage(a)} | {bound} | {later(b)} | {later(a)} | "
            f"{b.get('wall')} | {a.get('wall')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, help="a checkout of the earlier tree (required)")
    parser.add_argument("--sizes", nargs="+", default=["S", "M"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--name", default="before_after")
    args = parser.parse_args(argv)
    if args.before is None:  # e.g. from `python -m benchmarks`, which passes no arguments
        print("bench_before_after: give --before PATH, a checkout of the earlier tree; skipped")
        return
    before = args.before.resolve()

    def commit(tree: Path) -> str:
        done = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False)
        return done.stdout.strip() or str(tree)

    meta = {"before": commit(before), "after": commit(HERE), "time_limit": args.time_limit,
            "workers": args.workers, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "started": time.strftime("%Y-%m-%d %H:%M")}
    rows = []
    for seed in args.seeds:
        for size in args.sizes:
            row = {"size": size, "seed": seed,
                   "before": run_child(before, size, seed, args.time_limit, args.workers),
                   "after": run_child(HERE, size, seed, args.time_limit, args.workers)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n",
                                               encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(markdown(rows, meta), encoding="utf-8")


if __name__ == "__main__":
    main()
