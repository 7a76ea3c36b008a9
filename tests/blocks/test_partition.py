"""The blocks of a sweep: a partition of people, staff and missions, the same for a seed."""

from __future__ import annotations

from collections import Counter

import pytest

from ambassade_opt.blocks import sweep_blocks
from ambassade_opt.model import Instance
from ambassade_opt.solver import BlockParams
from ambassade_opt.synthetic import YearSize, generate


@pytest.fixture(scope="module")
def year() -> Instance:
    return generate(YearSize(n_ambassadors=60, n_missions=240), seed=3)


@pytest.mark.parametrize("sweep", [0, 1, 2, 3])
def test_every_person_and_mission_is_in_exactly_one_block(year: Instance, sweep: int) -> None:
    blocks = sweep_blocks(year, sweep, seed=5, params=BlockParams(people_per_block=8, missions_per_block=30))
    people = Counter(p for b in blocks for p in b.people)
    staff = Counter(s for b in blocks for s in b.staff)
    missions = Counter(m for b in blocks for m in b.missions)
    assert set(people) == {a.id for a in year.ambassadors} and set(people.values()) == {1}
    assert set(staff) == {s.id for s in year.staff} and set(staff.values()) <= {1}
    assert set(missions) == {m.id for m in year.missions} and set(missions.values()) == {1}


def test_blocks_respect_their_sizes_and_alternate_keys(year: Instance) -> None:
    params = BlockParams(people_per_block=8, missions_per_block=30)
    region, language = sweep_blocks(year, 0, 5, params), sweep_blocks(year, 1, 5, params)
    assert all(b.name.startswith("region") for b in region)
    assert all(b.name.startswith("language") for b in language)
    for b in region + language:
        assert len(b.people) <= 8 and len(b.missions) <= 30
    by_region = {m.id: m.region for m in year.missions}
    for b in region:
        assert len({by_region[m] for m in b.missions}) <= 1
    only_regions = BlockParams(people_per_block=8, missions_per_block=30, alternate_languages=False)
    assert all(b.name.startswith("region") for b in sweep_blocks(year, 1, 5, only_regions))


def test_the_same_seed_gives_the_same_blocks_and_sweeps_differ(year: Instance) -> None:
    params = BlockParams(people_per_block=8, missions_per_block=30)
    assert sweep_blocks(year, 2, 5, params) == sweep_blocks(year, 2, 5, params)
    assert sweep_blocks(year, 0, 5, params) != sweep_blocks(year, 2, 5, params)
    assert sweep_blocks(year, 0, 5, params) != sweep_blocks(year, 0, 6, params)
