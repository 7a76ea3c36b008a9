"""Benchmark of the synthetic year generator: time, peak memory and eligible-pair density per size.

    python -m benchmarks.bench_generate [--sizes S M L XL] [--seed 0] [--repeat 3]

Each size runs in its own subprocess so that its peak resident memory (``ru_maxrss``) is its own.
Machines are noisy and shared, so every child first times a fixed numpy workload and reports its
generation time also as a ratio to that baseline, measured in the same process just before.
Results go to ``benchmarks/results/generate.json`` and ``generate.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"
TARGET_SECONDS = {"L": 10.0, "XL": 60.0}


def baseline_seconds(repeat: int = 5) -> float:
    """A fixed CPU workload (sort 1e6 doubles, a 300×300 matrix product): the machine's unit."""
    data = np.random.default_rng(0).random(1_000_000)
    matrix = np.random.default_rng(1).random((300, 300))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.sort(data)
        matrix @ matrix
        best = min(best, time.perf_counter() - t0)
    return best


def _peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


def measure_child(size: str, seed: int, repeat: int) -> dict[str, Any]:
    """Run in the subprocess: time generation, serialisation and the density count."""
    from ambassade_opt.synthetic import eligibility_stats, generate

    rss_before = _peak_rss_mib()
    base = baseline_seconds()
    times = []
    instance = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        instance = generate(size, seed=seed)
        times.append(time.perf_counter() - t0)
    assert instance is not None
    peak_after_generate = _peak_rss_mib()
    t0 = time.perf_counter()
    text = instance.to_json()
    json_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    stats = eligibility_stats(instance)
    density_seconds = time.perf_counter() - t0
    best = min(times)
    return {
        "size": size,
        "seed": seed,
        "ambassadors": len(instance.ambassadors),
        "staff": len(instance.staff),
        "missions": len(instance.missions),
        "meetings": len(instance.meetings),
        "generate_seconds": round(best, 4),
        "generate_seconds_all": [round(t, 4) for t in times],
        "baseline_seconds": round(base, 5),
        "generate_over_baseline": round(best / base, 2),
        "to_json_seconds": round(json_seconds, 4),
        "json_mib": round(len(text.encode("utf-8")) / 2**20, 2),
        "peak_rss_mib_after_imports": round(rss_before, 1),
        "peak_rss_mib_after_generate": round(peak_after_generate, 1),
        "peak_rss_mib": round(_peak_rss_mib(), 1),
        "eligible_pairs": stats.eligible,
        "pairs": stats.pairs,
        "density": round(stats.density, 5),
        "eligible_per_mission": round(stats.per_mission_mean, 1),
        "missions_without_candidate": stats.missions_without_candidate,
        "density_seconds": round(density_seconds, 4),
        "target_seconds": TARGET_SECONDS.get(size),
    }


def run_size(size: str, seed: int, repeat: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench_generate", "--child", size, "--seed", str(seed),
           "--repeat", str(repeat)]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"size {size} failed:\n{out.stderr}")
    row: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    row["subprocess_wall_seconds"] = round(wall, 2)
    return row


def markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Synthetic year generation",
        "",
        f"`{meta['command']}` — {meta['when']}, Python {meta['python']}, {meta['machine']}; "
        f"baseline = fixed numpy workload timed in the same process (best of 5).",
        "",
        "| size | ambassadors × missions | generate s (best) | × baseline | to_json s | JSON MiB "
        "| peak RSS MiB: generate / + to_json, density | eligible pairs | density | eligible / mission "
        "| target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = f"< {r['target_seconds']:g} s" if r["target_seconds"] else ""
        lines.append(
            f"| {r['size']} | {r['ambassadors']:,} × {r['missions']:,} | {r['generate_seconds']:.2f} "
            f"| {r['generate_over_baseline']:,.1f} | {r['to_json_seconds']:.2f} | {r['json_mib']:.1f} "
            f"| {r['peak_rss_mib_after_generate']:.0f} / {r['peak_rss_mib']:.0f} "
            f"| {r['eligible_pairs']:,} | {100 * r['density']:.1f} % "
            f"| {r['eligible_per_mission']:.0f} | {target} |"
        )
    lines += ["", "Peak RSS is the whole child process (Python, numpy, pydantic, the instance and its "
              "JSON text); after imports alone it is about "
              f"{min(r['peak_rss_mib_after_imports'] for r in rows):.0f} MiB.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L", "XL"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=None, help="runs per size (default 3 for S/M, 1 above)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(measure_child(args.child, args.seed, args.repeat or 1)))
        return

    from ambassade_opt.files import write_text_atomic

    rows = []
    for size in args.sizes:
        repeat = args.repeat or (3 if size.upper() in ("S", "M") else 1)
        row = run_size(size.upper(), args.seed, repeat)
        rows.append(row)
        print(f"{row['size']:>3}: {row['ambassadors']:>6} × {row['missions']:>6}  "
              f"generate {row['generate_seconds']:7.2f} s ({row['generate_over_baseline']:,.1f} × baseline)  "
              f"to_json {row['to_json_seconds']:5.2f} s  "
              f"peak RSS {row['peak_rss_mib_after_generate']:5.0f} MiB "
              f"(with JSON {row['peak_rss_mib']:5.0f} MiB)  "
              f"density {100 * row['density']:5.2f} %  ({row['eligible_per_mission']:.0f} per mission)",
              flush=True)
    given = argv if argv is not None else sys.argv[1:]
    meta = {
        "command": " ".join(["python -m benchmarks.bench_generate", *given]),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(args.out / "generate.json", json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    write_text_atomic(args.out / "generate.md", markdown(rows, meta))
    print(f"wrote {args.out / 'generate.json'} and {args.out / 'generate.md'}")


if __name__ == "__main__":
    main()
