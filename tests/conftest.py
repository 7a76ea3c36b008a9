"""Shared fixtures. Tests never read files outside the repository."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ambassade_opt.model import Instance

DATA = Path(__file__).parent / "data"
TINY_PATH = DATA / "tiny_year.json"
CHECKER = Path(__file__).parent / "conformance" / "check_plan.py"


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A private twin of /dev/full (every write fails with ENOSPC) in the test's own folder, so that
    a bug replacing the device with a plain file cannot break the machine's /dev/full."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot create a device node here (needs CAP_MKNOD)")
    return node


@pytest.fixture
def tiny_path() -> Path:
    return TINY_PATH


@pytest.fixture
def tiny_raw() -> dict[str, Any]:
    """The hand-made year as plain JSON data, for tests that break it on purpose."""
    return json.loads(TINY_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def tiny() -> Instance:
    return Instance.load(TINY_PATH)


def run_checker(instance_path: Path, plan_path: Path, governance_path: Path | None = None) -> dict[str, Any]:
    """Run the independent conformance checker; return its figures plus its violation lines."""
    cmd = [sys.executable, str(CHECKER), str(instance_path), str(plan_path)]
    if governance_path is not None:
        cmd += ["--governance", str(governance_path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = out.stdout.strip().splitlines()
    figures: dict[str, Any] = json.loads(lines[-1])
    figures["violation_lines"] = [ln for ln in lines[:-1] if ln.startswith("VIOLATION")]
    figures["exit_code"] = out.returncode
    return figures
