"""The blocks of a sweep: a partition of people, staff and missions, the same for a seed."""

from __future__ import annotations

from collections import Counter

import pytest

from ambassade_opt.blocks import sweep_blocks
from ambassade_opt.model import Instance
from ambassade_opt.solver import BlockParams, constructive_plan
from ambassade_opt.synthetic import YearSize, generate


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=60, n_missions=240), seed=3)


@pytest.fixture(scope="module")
def holders(year: Instance) -> dict[str, str]:
    plan, _ = constructive_plan(year)
    return {a.mission: a.ambassadors[0] for a in plan.assignments}


@pytest.mark.parametrize("sweep", [0, 1, 2, 3, 4])
def test_every_person_and_mission_is_in_exactly_one_block(year: Instance, holders: dict[str, str],
                                                          sweep: int) -> None:
    blocks = sweep_blocks(year, sweep, seed=5, params=BlockParams(people_per_block=8, missions_per_block=30),
                          holders=holders)
    people = Counter(p for b in blocks for p in b.people)
    staff = Counter(s for b in blocks for s in b.staff)
    missions = Counter(m for b in blocks for m in b.missions)
    assert set(people) == {a.id for a in year.ambassadors} and set(people.values()) == {1}
    assert set(staff) == {s.id for s in year.staff} and set(staff.values()) <= {1}
    assert set(missions) == {m.id for m in year.missions} and set(missions.values()) == {1}


def test_blocks_respect_their_sizes_and_take_turns(year: Instance, holders: dict[str, str]) -> None:
    params = BlockParams(people_per_block=8, missions_per_block=30)
    region, schedules, language = (sweep_blocks(year, k, 5, params, holders) for k in range(3))
    assert all(b.name.startswith("region") for b in region)
    assert all(b.name.startswith("schedules") for b in schedules)
    assert all(b.name.startswith("language") for b in language)
    for b in region + language:
        assert len(b.people) <= 8 and len(b.missions) <= 30
    by_region = {m.id: m.region for m in year.missions}
    for b in region:
        assert len({by_region[m] for m in b.missions}) <= 1
    only_regions = BlockParams(people_per_block=8, missions_per_block=30, alternate_languages=False,
                               whole_schedules=False)
    assert all(b.name.startswith("region") for b in sweep_blocks(year, 1, 5, only_regions))


def test_a_schedules_sweep_gives_each_block_the_whole_year_of_its_people(
        year: Instance, holders: dict[str, str]) -> None:
    for block in sweep_blocks(year, 1, 5, BlockParams(people_per_block=8, missions_per_block=30), holders):
        held = {m for m, a in holders.items() if a in block.people}
        assert held <= set(block.missions)
        assert all(m not in holders or holders[m] in block.people for m in block.missions)


def test_the_same_seed_gives_the_same_blocks_and_sweeps_differ(year: Instance) -> None:
    """(Without a plan every mission of a schedules sweep counts as uncovered.)"""
    params = BlockParams(people_per_block=8, missions_per_block=30)
    assert sweep_blocks(year, 2, 5, params) == sweep_blocks(year, 2, 5, params)
    assert sweep_blocks(year, 0, 5, params) != sweep_blocks(year, 2, 5, params)
    assert sweep_blocks(year, 0, 5, params) != sweep_blocks(year, 0, 6, params)
