"""Every command of ``ambassade-opt`` against hostile input (issue 16): hostile years (JSON, CSV
sheets, workbooks), plans, changes, reports, governance files, quotas, earlier feeds and option
values (tests/fuzz_workspace.py). Whatever the input, a run ends with an answer — exit 0, 1
(violations), 2 (bad input) or 3 (infeasible) — never a traceback or an internal error (exit 70);
no input file changes; and a refusal (exit 2) writes nothing (an earlier per-person export in the
folder ``agenda --per-person`` replaces stays as it was).

Solves get a fraction of a second and one worker, and each command a bounded number of examples,
so that the whole file runs in a few minutes on a busy two-core machine.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzz_workspace import COMMANDS, Paths, Workspace, settings_summary, workspaces
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ambassade_opt.cli import main
from ambassade_opt.cli.exits import TRACEBACK_ENV

ANSWERS = {0, 1, 2, 3}
# Examples per command: fewer where each run solves (or plans a whole synthetic year).
EXAMPLES = {"demo": 3, "generate": 10, "train": 30, "curve": 30, "admit": 40, "replan": 40, "plan": 40}
DEFAULT_EXAMPLES = 60
FUZZ = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file of the workspace."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _inputs(digests: dict[str, str]) -> dict[str, str]:
    """The inputs: everything outside ``out/`` (where earlier exports may be replaced)."""
    return {name: digest for name, digest in digests.items() if not name.startswith("out/")}


def _run_one(command: str, ws: Workspace, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws.write(root)
        before = _digests(root)
        args = COMMANDS[command](data.draw, Paths(root, ws, attack=data.draw(st.integers(0, 3)) == 0))
        result = CliRunner().invoke(main, args, env={TRACEBACK_ENV: "1"})
        context = f"{args}\n{settings_summary(ws)}\n{result.output[-3000:]}"
        event(f"exit {result.exit_code}")
        assert result.exit_code in ANSWERS, context
        assert "Traceback" not in result.output, context
        assert result.exception is None or isinstance(result.exception, SystemExit), context
        after = _digests(root)
        assert _inputs(after) == _inputs(before), f"an input changed\n{context}"
        if result.exit_code == 2:
            assert after == before, f"a refusal wrote or changed something\n{context}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_hostile_input_without_a_traceback(command: str) -> None:
    @settings(FUZZ, max_examples=EXAMPLES.get(command, DEFAULT_EXAMPLES))
    @given(ws=workspaces(), data=st.data())
    def run(ws: Workspace, data: st.DataObject) -> None:
        _run_one(command, ws, data)

    run()


def test_the_fuzz_covers_every_command() -> None:
    listed = set(main.list_commands(None))  # type: ignore[arg-type]
    assert listed == set(COMMANDS)
