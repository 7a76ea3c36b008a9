"""A year of meetings: rotation across draws, carried-over cycles, generated years."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.governance import QuotaInfeasible, govern
from ambassade_opt.governance.file_format import GovernanceFile
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan, Unassigned
from tests.conftest import run_checker

REGIONS = ("BXL", "VL", "WAL")


def unplanned(instance: Instance) -> Plan:
    return Plan(status="unknown", unassigned=[Unassigned(mission=m.id, reason="not planned")
                                              for m in instance.missions])


def year_of_global_meetings(tiny_raw: dict[str, Any], n_people: int = 24, n_meetings: int = 10,
                            seats: int = 3, drawn: tuple[str, ...] = ()) -> dict[str, Any]:
    template = tiny_raw["ambassadors"][0]
    people = []
    for i in range(n_people):
        a = dict(template, id=f"V{i:02d}", name=f"Volunteer {i}", home_region=REGIONS[i % 3],
                 governance_volunteer=True, charter_signed=True,
                 history={"missions_last_year": 0, "drawn_this_cycle": f"V{i:02d}" in drawn})
        people.append(a)
    tiny_raw["ambassadors"] = people
    for m in tiny_raw["missions"]:
        m["proposed_by"] = "V00" if m["proposed_by"] else None
    tiny_raw["meetings"] = [
        {"id": f"G{k:02d}", "start": f"2027-{k + 1:02d}-10T18:00", "end": f"2027-{k + 1:02d}-10T20:00",
         "topic": "How the embassy works", "kind": "global", "themes": [], "guest_seats": seats}
        for k in range(n_meetings)
    ]
    return tiny_raw


def repeats_with_fresh_left(instance: Instance, result: Any) -> int:
    """The checker's bookkeeping, restated: a guest already drawn while someone fresh stayed home."""
    drawn = {a.id for a in instance.ambassadors if a.history.drawn_this_cycle}
    repeats = 0
    for rec in result.meetings:
        fresh_left = [c for c in rec.candidates if c not in drawn and c not in rec.guests]
        repeats += sum(1 for g in rec.guests if g in drawn and fresh_left)
        drawn |= set(rec.guests)
        if all(c in drawn for c in rec.candidates):
            drawn -= set(rec.candidates)
    return repeats


def test_nobody_is_drawn_twice_while_someone_waits(tiny_raw: dict[str, Any], tmp_path: Path) -> None:
    raw = year_of_global_meetings(tiny_raw)
    raw["policy"]["sortition"]["quotas"] = {}
    inst = Instance.model_validate(raw)
    result = govern(inst, unplanned(inst), seed=4)
    assert repeats_with_fresh_left(inst, result) == 0
    # 21 candidates (3 sit in the support group), 7 draws of 3 seats exhaust a cycle
    first_cycle = [g for rec in result.meetings[:7] for g in rec.guests]
    assert len(first_cycle) == len(set(first_cycle)) == 21
    year, plan, gov = tmp_path / "year.json", tmp_path / "plan.json", tmp_path / "gov.json"
    year.write_text(inst.to_json())
    plan.write_text(unplanned(inst).to_json())
    gov.write_text(result.to_json())
    figures = run_checker(year, plan, gov)
    assert figures["violation_lines"] == []
    assert figures["repeat_draws_with_fresh_left"] == 0


def test_rotation_within_quotas_seats_as_many_fresh_as_possible(tiny_raw: dict[str, Any]) -> None:
    raw = year_of_global_meetings(tiny_raw, n_people=13, seats=4)
    raw["policy"]["sortition"]["quotas"] = {"home_region": {"BXL": [1, 2], "VL": [1, 2], "WAL": [1, 2]}}
    inst = Instance.model_validate(raw)
    region = {a.id: a.home_region for a in inst.ambassadors}
    result = govern(inst, unplanned(inst), seed=9)
    for rec in result.meetings:
        audit = rec.audit
        assert audit is not None
        fresh = set(audit.fresh)

        def ok(panel: tuple[str, ...]) -> bool:
            return all(1 <= sum(region[p] == r for p in panel) <= 2 for r in REGIONS)

        best = max(sum(p in fresh for p in panel)
                   for panel in itertools.combinations(audit.candidates, audit.size) if ok(panel))
        assert sum(g in fresh for g in rec.guests) == best == audit.fresh_seats
        for entry in audit.distribution:
            assert sum(p in fresh for p in entry.panel) == best
        left_out = [c for c in audit.candidates if c not in fresh] if best == audit.size else []
        assert all(audit.probabilities[c] == 0.0 for c in left_out)


def test_cycle_carries_over_from_last_year(tiny_raw: dict[str, Any]) -> None:
    drawn = tuple(f"V{i:02d}" for i in range(0, 24, 2))
    raw = year_of_global_meetings(tiny_raw, n_meetings=2, drawn=drawn)
    raw["policy"]["sortition"]["quotas"] = {}
    inst = Instance.model_validate(raw)
    result = govern(inst, unplanned(inst), seed=1)
    for rec in result.meetings:
        assert not set(rec.guests) & set(drawn)
        assert rec.audit is not None
        assert all(rec.audit.probabilities[c] == 0.0 for c in rec.candidates if c in drawn)


def test_infeasible_quotas_name_the_smallest_relaxation(tiny_raw: dict[str, Any]) -> None:
    tiny_raw["policy"]["sortition"]["quotas"] = {"home_region": {"WAL": [2, 2]}}
    inst = Instance.model_validate(tiny_raw)
    with pytest.raises(QuotaInfeasible) as err:
        govern(inst, unplanned(inst))
    assert "lower home_region=WAL min from 2 to 0" in str(err.value)
    assert err.value.suggestions == ["lower home_region=WAL min from 2 to 0"]
    relaxed = govern(inst, unplanned(inst), relax_quotas=True)
    assert relaxed.meetings[0].audit is not None
    assert [c.describe() for c in relaxed.meetings[0].audit.relaxations] == [
        "lower home_region=WAL min from 2 to 0"]


def test_relaxed_quotas_are_recorded_and_pass_the_checker_with_the_year_they_met(
        tiny_raw: dict[str, Any], tmp_path: Path) -> None:
    """The checker reads the quotas from the year only: the governance file records each relaxation
    and --instance-out writes the year with the quotas the draws met, which the checker accepts."""
    tiny_raw["policy"]["sortition"]["quotas"] = {"home_region": {"WAL": [2, 2], "VL": [0, 1]}}
    year = tmp_path / "year.json"
    year.write_text(json.dumps(tiny_raw), encoding="utf-8")
    plan = tmp_path / "plan.json"
    plan.write_text(unplanned(Instance.model_validate(tiny_raw)).to_json(), encoding="utf-8")
    gov, applied = tmp_path / "gov.json", tmp_path / "applied.json"
    res = CliRunner().invoke(main, ["govern", str(year), "--plan", str(plan), "--relax-quotas",
                                    "-o", str(gov), "--instance-out", str(applied)])
    assert res.exit_code == 0, res.output
    records = json.loads(gov.read_text(encoding="utf-8"))["meetings"]
    change = {"feature": "home_region", "value": "WAL", "bound": "min", "written": 2, "applied": 0}
    assert [r.get("quota_relaxations") for r in records] == [[change], None, [change]]
    assert GovernanceFile.load(gov).meetings[0].quota_relaxations is not None
    assert run_checker(year, plan, gov)["violations"] == 4  # against the written quotas
    assert run_checker(applied, plan, gov)["violation_lines"] == []
    quotas = json.loads(applied.read_text(encoding="utf-8"))["policy"]["sortition"]["quotas"]
    assert quotas == {"home_region": {"WAL": [0, 2], "VL": [0, 1]}}
    res = CliRunner().invoke(main, ["govern", str(year), "-o", str(tmp_path / "g.json"),
                                    "--instance-out", str(tmp_path / "a.json")])
    assert res.exit_code == 2 and "--relax-quotas" in res.stderr
    assert not (tmp_path / "g.json").exists() and not (tmp_path / "a.json").exists()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_years_pass_the_checker(seed: int, tmp_path: Path) -> None:
    from ambassade_opt.synthetic import generate

    inst = generate("S", seed)
    plan = unplanned(inst)
    result = govern(inst, plan)
    paths = [tmp_path / "year.json", tmp_path / "plan.json", tmp_path / "gov.json"]
    for path, text in zip(paths, (inst.to_json(), plan.to_json(), result.to_json()), strict=True):
        path.write_text(text)
    figures = run_checker(*paths)
    assert figures["violation_lines"] == []
    assert len(result.meetings) == len(inst.meetings)


def test_generated_year_with_a_solved_plan(tmp_path: Path) -> None:
    from ambassade_opt.solver import solve
    from ambassade_opt.synthetic import YearSize, generate

    inst = generate(YearSize(n_ambassadors=30, n_missions=60, n_meetings=8), seed=5)
    plan = solve(inst, time_limit=5.0, workers=1).plan
    result = govern(inst, plan)
    paths = [tmp_path / "year.json", tmp_path / "plan.json", tmp_path / "gov.json"]
    for path, text in zip(paths, (inst.to_json(), plan.to_json(), result.to_json()), strict=True):
        path.write_text(text)
    figures = run_checker(*paths)
    assert [v for v in figures["violation_lines"]] == []
