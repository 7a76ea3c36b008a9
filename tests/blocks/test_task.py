"""A block as a year of its own: its context, who may take what, and its shares of the year."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambassade_opt.blocks import sweep_blocks
from ambassade_opt.blocks.state import YearState
from ambassade_opt.blocks.task import BlockTask, build_task, split, year_shares
from ambassade_opt.compiled.units import cents_down
from ambassade_opt.model import Instance
from ambassade_opt.scoring import validate
from ambassade_opt.solver import BlockParams, constructive_plan
from ambassade_opt.synthetic import YearSize, generate

PARAMS = BlockParams(people_per_block=10, missions_per_block=40)


@pytest.fixture(scope="module")
def year_and_tasks() -> tuple[Instance, YearState, list[BlockTask]]:
    year = generate(YearSize(n_ambassadors=60, n_missions=240), seed=3)
    plan, _ = constructive_plan(year)
    state = YearState.of(year, plan)
    blocks = sweep_blocks(year, 0, 1, PARAMS)
    shares = year_shares(state, [len(b.missions) for b in blocks])
    missions_of = state.missions_of()
    return year, state, [build_task(state, b, missions_of, s) for b, s in zip(blocks, shares, strict=True)]


def test_free_missions_are_held_by_the_block_people_only(year_and_tasks) -> None:  # type: ignore[no-untyped-def]
    year, state, tasks = year_and_tasks
    blocks = sweep_blocks(year, 0, 1, PARAMS)
    for block, task in zip(blocks, tasks, strict=True):
        assert set(task.free) <= set(block.missions)
        for mid in task.free:
            mission = year.mission(mid)
            held = state.held.get(mid)
            assert held is None or set(held.ambassadors) <= block.people
            assert set(mission.pinned_ambassadors) <= block.people
            assert mission.proposed_by is None or mission.proposed_by in block.people


def test_the_context_is_every_other_mission_of_the_block_people_kept_as_it_is(year_and_tasks) -> None:  # type: ignore[no-untyped-def]
    year, state, tasks = year_and_tasks
    blocks = sweep_blocks(year, 0, 1, PARAMS)
    missions_of = state.missions_of()
    for block, task in zip(blocks, tasks, strict=True):
        owned = {m for p in (*block.people, *block.staff) for m in missions_of.get(p, [])}
        assert set(task.fixed) == owned - set(task.free)
        assert all(task.fixed[m] == state.held[m] for m in task.fixed)
        assert {m.id for m in task.instance.missions} == set(task.free) | set(task.fixed)


def test_others_take_nothing_new(year_and_tasks) -> None:  # type: ignore[no-untyped-def]
    year, state, tasks = year_and_tasks
    blocks = sweep_blocks(year, 0, 1, PARAMS)
    for block, task in zip(blocks, tasks, strict=True):
        for a in task.instance.ambassadors:
            if a.id not in block.people:
                assert all(a.interests.get(m) == -2 for m in task.free)
        outsiders = {s.id for s in task.instance.staff} - block.staff
        for mid in task.free:
            held = state.held.get(mid)
            for s in outsiders:
                kept = held is not None and held.staff == s
                assert ((mid, s) in task.forbidden) is not kept


def test_the_block_year_and_its_current_plan_keep_every_rule(year_and_tasks) -> None:  # type: ignore[no-untyped-def]
    _, _, tasks = year_and_tasks
    for task in tasks:
        assert validate(task.instance, task.hint.assignments) == []  # a start: no reasons needed


def test_the_shares_of_the_year_add_up_to_what_is_left(year_and_tasks) -> None:  # type: ignore[no-untyped-def]
    year, state, tasks = year_and_tasks
    blocks = sweep_blocks(year, 0, 1, PARAMS)
    shares = year_shares(state, [len(b.missions) for b in blocks])
    places_left = year.policy.group_cap - len(state.active())
    assert sum(s.places for s in shares) == places_left
    spent = sum(state.spend_cents())
    assert sum(s.annual_cents for s in shares) == cents_down(year.policy.budget.annual) - spent
    for task, share in zip(tasks, shares, strict=True):
        held = [a for a in task.hint.assignments]
        active = {p for a in held for p in a.ambassadors}
        assert task.instance.policy.group_cap == len(active) + share.places


@given(st.integers(0, 10_000), st.lists(st.integers(0, 50), min_size=1, max_size=12), st.integers(0, 11))
def test_split_is_exact_and_proportional(left: int, weights: list[int], first: int) -> None:
    parts = split(left, weights, first)
    assert len(parts) == len(weights)
    if sum(weights) == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == left
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert left * w // total <= part <= left * w // total + 1
