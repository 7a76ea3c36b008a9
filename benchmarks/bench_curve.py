"""Benchmark: the "how many ambassadors?" curve on a generated year, in-process and on Dask.

    python -m benchmarks.bench_curve [--size M] [--seed 0] [--caps 25,50,...] [--time 8]
                                     [--segments 2] [--processes]

The same curve (same caps, seed, deterministic time per point and chain segments) is computed
twice: in this process, one point after the other, and through a private Dask LocalCluster
(two single-threaded worker processes with ``--processes``, else one in-process worker with two
threads). Both tables must be identical apart from the ``seconds`` column; the script fails
otherwise. Wall-clock times of both runs, the table and the machine's load go to
``benchmarks/results/curve.json`` and ``curve.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

RESULTS = Path(__file__).parent / "results"
DEFAULT_CAPS = (25, 50, 75, 100, 150, 200, 250)
SHOWN = ["cap", "budget", "status", "coverage_value", "coverage_share", "coverage_bound", "missions_covered",
         "covered_promote", "covered_inform", "covered_defend", "active_ambassadors", "spend_eur",
         "gini_loads", "rotation", "start"]


def run(size: str, seed: int, caps: list[int], time_per_point: float, segments: int,
        processes: bool) -> dict[str, Any]:
    from ambassade_opt.curves import coverage_curve
    from ambassade_opt.sweeps import TIMING_COLUMNS, dask_client, same_results
    from ambassade_opt.synthetic import generate

    year = generate(size, seed=seed)
    load_before = os.getloadavg()
    started = time.perf_counter()
    local = coverage_curve(year, caps=caps, time_limit_per_point=time_per_point, seed=seed, segments=segments)
    local_seconds = time.perf_counter() - started

    started = time.perf_counter()
    cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": True} if processes else \
        {"n_workers": 1, "threads_per_worker": 2, "processes": False}
    with dask_client(**cluster) as client:
        ready = time.perf_counter()
        remote = coverage_curve(year, caps=caps, time_limit_per_point=time_per_point, seed=seed,
                                segments=segments, client=client)
        computed = time.perf_counter()
    dask_seconds = time.perf_counter() - started
    identical = same_results(local, remote)
    differing = [c for c in local.columns if c not in TIMING_COLUMNS
                 and not local[c].reset_index(drop=True).equals(remote[c].reset_index(drop=True))]
    return {
        "command": "python -m benchmarks.bench_curve " + " ".join(sys.argv[1:]),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "size": size,
        "ambassadors": len(year.ambassadors),
        "missions": len(year.missions),
        "seed": seed,
        "caps": caps,
        "budget": year.policy.budget.annual,
        "time_limit_per_point": time_per_point,
        "segments": segments,
        "dask_cluster": cluster,
        "local_seconds": round(local_seconds, 2),
        "dask_seconds": round(dask_seconds, 2),
        "dask_compute_seconds": round(computed - ready, 2),
        "dask_startup_seconds": round(ready - started, 2),
        "identical": identical,
        "differing_columns": differing,
        "curve": json.loads(local.to_json(orient="records")),
        "local_point_seconds": [float(x) for x in local["seconds"]],
        "dask_point_seconds": [float(x) for x in remote["seconds"]],
    }


def markdown(result: dict[str, Any]) -> str:
    table = pd.DataFrame(result["curve"])
    shown = table[[c for c in SHOWN if c in table.columns]].copy()
    shown["seconds (local / dask)"] = [
        f"{a:.1f} / {b:.1f}" for a, b in zip(result["local_point_seconds"], result["dask_point_seconds"],
                                             strict=True)
    ]
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "|" + "---|" * len(shown.columns)
    rows = ["| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |"
            for row in shown.itertuples(index=False)]
    verdict = "identical" if result["identical"] else f"DIFFERENT in {', '.join(result['differing_columns'])}"
    return "\n".join([
        "# Coverage curve: in-process and on Dask",
        "",
        f"`{result['command']}` — {result['when']}, Python {result['python']}, {result['machine']}; "
        f"load average before {result['load_average_before']}, after {result['load_average_after']} "
        "(the machine is shared: times are indicative).",
        "",
        f"Year: synthetic {result['size']} (seed {result['seed']}), {result['ambassadors']} ambassadors × "
        f"{result['missions']} missions, annual budget {result['budget']} EUR. "
        f"{result['time_limit_per_point']} deterministic solver seconds per point, one CP-SAT worker, "
        f"{result['segments']} chain segments.",
        "",
        "| run | wall seconds |",
        "|---|---|",
        f"| in-process, one point after the other | {result['local_seconds']} |",
        f"| Dask LocalCluster {result['dask_cluster']} | {result['dask_seconds']} "
        f"(start-up {result['dask_startup_seconds']}, compute {result['dask_compute_seconds']}) |",
        "",
        f"Tables: **{verdict}** (every column except `seconds`).",
        "",
        header,
        rule,
        *rows,
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--caps", default=",".join(str(c) for c in DEFAULT_CAPS))
    parser.add_argument("--time", type=float, default=8.0, help="deterministic seconds per point")
    parser.add_argument("--segments", type=int, default=2)
    parser.add_argument("--processes", action="store_true", help="Dask workers as processes")
    parser.add_argument("--out", default=str(RESULTS / "curve"), help="results path without extension")
    args = parser.parse_args()
    caps = [int(c) for c in args.caps.split(",")]
    result = run(args.size, args.seed, caps, args.time, args.segments, args.processes)

    from ambassade_opt.files import write_text_atomic

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out.with_suffix(".json"), json.dumps(result, indent=1) + "\n")
    write_text_atomic(out.with_suffix(".md"), markdown(result))
    print(markdown(result))
    if not result["identical"]:
        raise SystemExit(f"the Dask curve differs from the local one in {result['differing_columns']}")


if __name__ == "__main__":
    main()
