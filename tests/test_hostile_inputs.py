"""The hostile documents of tests/hostile.py, read by the library: each is refused with an
:class:`InputError` (or, when harmless, read), never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hostile import (
    hostile_changes_bytes,
    hostile_instance_bytes,
    hostile_plan_bytes,
    hostile_sheet_folders,
    write_files,
)
from hypothesis import HealthCheck, given, settings

from ambassade_opt.changes import Changes
from ambassade_opt.errors import InputError
from ambassade_opt.model import Instance
from ambassade_opt.plan import Plan

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(hostile_instance_bytes())
def test_hostile_instance_files(data: bytes) -> None:
    try:
        Instance.from_json(data, source="year.json")
    except InputError as exc:
        assert exc.problems and all(loc and msg for loc, msg in exc.problems)


@FUZZ
@given(hostile_plan_bytes())
def test_hostile_plan_files(data: bytes) -> None:
    try:
        Plan.from_json(data, source="plan.json")
    except InputError as exc:
        assert exc.problems


@FUZZ
@given(hostile_changes_bytes())
def test_hostile_changes_files(data: bytes) -> None:
    try:
        Changes.from_json(data, source="changes.json")
    except InputError as exc:
        assert exc.problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_sheet_folders())
def test_hostile_sheet_folders(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp) / "year", files)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        try:
            Instance.load(folder)
        except InputError as exc:
            assert exc.problems
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
