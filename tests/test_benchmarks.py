"""The benchmarks still run: each on the smallest year and a few seconds, results kept apart from
the committed ones. (They measure; these tests only check that they can.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=600)


def test_bench_plan_runs_the_planner_cp_sat_and_greedy_side_by_side() -> None:
    name = "test_smoke_plan"
    try:
        done = _run("benchmarks.bench_plan", "--sizes", "smart", "--seeds", "1", "--limits", "smart=3",
                    "--dask", "--name", name)
        assert done.returncode == 0, done.stderr[-2000:]
        data = json.loads((ROOT / "benchmarks" / "results" / f"{name}.json").read_text(encoding="utf-8"))
        row = data["rows"][0]
        assert row["planner"]["violations"] == 0 and row["planner"]["stages"][0]["value"] > 0
        assert row["cp_sat"]["value"] > 0 and row["greedy"]["value"] > 0
        assert "Targets" in (ROOT / "benchmarks" / "results" / f"{name}.md").read_text(encoding="utf-8")
    finally:
        for suffix in (".json", ".md"):
            (ROOT / "benchmarks" / "results" / f"{name}{suffix}").unlink(missing_ok=True)


def test_bench_replan_runs_on_a_small_year() -> None:
    name = "test_smoke_replan"
    try:
        done = _run("benchmarks.bench_replan", "--size", "S", "--seeds", "1", "--time-limit", "3",
                    "--tolerances", "--bound-seconds", "0", "--frontier", "--suggest-samples", "0",
                    "--output", name)
        assert done.returncode == 0, done.stderr[-2000:]
        assert list((ROOT / "benchmarks" / "results").glob(f"{name}*"))
    finally:
        for path in (ROOT / "benchmarks" / "results").glob(f"{name}*"):
            path.unlink()


def test_bench_before_after_without_an_earlier_tree_says_so() -> None:
    done = _run("benchmarks.bench_before_after")
    assert done.returncode == 0 and "give --before" in done.stdout
