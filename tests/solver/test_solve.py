"""End-to-end: plans from `solve` and from the `plan` command pass the independent checker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.solver import SolveOptions, solve
from tests.conftest import run_checker


def test_tiny_plan_is_valid_and_proven(tiny: Instance, tmp_path: Path, tiny_path: Path) -> None:
    result = solve(tiny, SolveOptions(workers=1, time_limit=20))
    assert result.status == "optimal"
    assert [s.name for s in result.stages] == ["coverage", "rotation", "match", "cost"]
    assert all(s.gap == 0 for s in result.stages)
    out = tmp_path / "plan.json"
    result.plan.save(out)
    figures = run_checker(tiny_path, out)
    assert figures["violations"] == 0, figures["violation_lines"]
    assert figures["coverage_value"] == result.stages[0].objective
    assert figures["rotation_penalty"] == result.stages[1].objective
    ids = {a.mission for a in result.plan.assignments} | {u.mission for u in result.plan.unassigned}
    assert ids == {m.id for m in tiny.missions}
    assert result.plan.run.input_digest and len(result.plan.run.input_digest) == 64


def test_plan_command_writes_a_valid_plan(tiny_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    res = CliRunner().invoke(main, ["plan", str(tiny_path), "-o", str(out), "--time-limit", "20", "-q"])
    assert res.exit_code == 0, res.output
    assert run_checker(tiny_path, out)["violations"] == 0
    plan: dict[str, Any] = json.loads(out.read_text())
    assert plan["status"] == "optimal"
    assert isinstance(plan["solver"]["wall_seconds"], float)


def test_plan_command_bad_input_exits_2_and_writes_nothing(tmp_path: Path, tiny_raw: dict[str, Any]) -> None:
    tiny_raw["missions"][0]["end"] = "2027-01-01T00:00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tiny_raw))
    out = tmp_path / "plan.json"
    res = CliRunner().invoke(main, ["plan", str(bad), "-o", str(out)])
    assert res.exit_code == 2
    assert "missions[0].end" in res.output
    assert not out.exists()


def test_same_seed_one_worker_gives_identical_bytes(tiny_path: Path, tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"p{i}.json"
        args = ["plan", str(tiny_path), "-o", str(out), "--workers", "1", "--seed", "3", "-q"]
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["solver"]["wall_seconds"] is None


def test_demo_plans_a_synthetic_year_and_prints_the_report() -> None:
    res = CliRunner().invoke(main, ["demo", "--time-limit", "3", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "coverage value" in res.output and "valid: every hard rule holds" in res.output


def test_plans_of_generated_s_years_pass_the_checker(tmp_path: Path) -> None:
    from ambassade_opt.synthetic import generate

    for seed in (0, 1):
        year, out = tmp_path / f"s{seed}.json", tmp_path / f"plan{seed}.json"
        generate("S", seed=seed).save(year)
        res = CliRunner().invoke(main, ["plan", str(year), "-o", str(out), "--time-limit", "4", "-q"])
        assert res.exit_code == 0, res.output
        figures = run_checker(year, out)
        assert figures["violations"] == 0, figures["violation_lines"]
        plan = json.loads(out.read_text())
        assert plan["solver"]["bound"] >= figures["coverage_value"]
