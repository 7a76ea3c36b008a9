"""The HiGHS worker: MIPs in a child process with a hard deadline, the same answers as in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from ambassade_opt.compile import compile_year
from ambassade_opt.compiled import ProblemData
from ambassade_opt.objectives import coverage
from ambassade_opt.solver.engines.lns import LnsLimits, improve_by_lns
from ambassade_opt.solver.highs.program import Program, ProgramBuilder, is_feasible, solve_program
from ambassade_opt.solver.highs.worker import (
    HighsWorker,
    ProgramHandle,
    WorkerUnavailable,
    hard_deadline,
    shared_worker,
)
from ambassade_opt.solver.params import WorkerParams
from ambassade_opt.synthetic import YearSize, generate
from tests.solver_helpers import greedy_program_start

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def program() -> tuple[ProblemData, Program]:
    data = compile_year(generate(YearSize(n_ambassadors=30, n_missions=100), seed=5))
    return data, ProgramBuilder(data).build(coverage(data))


def _gone(pid: int) -> bool:
    """The process has ended and was reaped (no zombie left behind)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _people_free(data: ProblemData, prog: Program, start: np.ndarray,
                 people: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Column bounds fixing every pair but those of ``people`` at ``start``."""
    lower, upper = prog.col_lower.copy(), prog.col_upper.copy()
    fixed = prog.layout.x0 + np.nonzero(~np.isin(data.pair_amb, people))[0]
    lower[fixed] = upper[fixed] = start[fixed]
    return lower, upper


def test_the_worker_answers_as_the_process_does(program: tuple[ProblemData, Program]) -> None:
    data, prog = program
    start = greedy_program_start(data, prog)
    with HighsWorker() as worker:
        handle = ProgramHandle(prog)
        # the matrix travels with the first call only; later calls change the column bounds
        for people in ([0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]):
            lower, upper = _people_free(data, prog, start, people)
            remote = worker.solve(handle, lower, upper, time_limit=20, seed=3, start=start, node_limit=50)
            sub = prog.with_bounds(lower, upper)
            local = solve_program(sub, integer=True, time_limit=20, threads=1, seed=3, start=start,
                                  node_limit=50)
            assert remote is not None and remote.solution is not None and local.solution is not None
            assert (remote.status, remote.value, remote.simplex_iterations) == \
                (local.status, local.value, local.simplex_iterations)
            assert np.array_equal(remote.solution, local.solution)
            assert is_feasible(sub, np.round(remote.solution))
        assert worker.abandoned_calls == 0 and worker.restarts == 0


def test_a_late_call_is_abandoned_and_the_next_one_gets_a_new_child(
        program: tuple[ProblemData, Program]) -> None:
    prog = program[1]
    with HighsWorker() as worker:
        handle = ProgramHandle(prog)
        first = worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=5, node_limit=1)
        assert first is not None
        old = worker.pid
        assert old is not None
        t0 = time.perf_counter()
        # the whole year with full heuristics, and a deadline it cannot meet
        late = worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=30,
                            deadline=time.perf_counter() + 0.05)
        assert late is None
        assert time.perf_counter() - t0 < 2.0, "the parent waited past the deadline"
        assert worker.abandoned_calls == 1 and worker.restarts == 1
        assert _gone(old)
        # the matrix goes to the new child again
        again = worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=5, node_limit=1)
        assert again is not None and again.value == first.value
        assert worker.pid not in (None, old)
        last = worker.pid
    assert last is not None and _gone(last)


@pytest.mark.parametrize("executable", ["/nonexistent/python", shutil.which("false") or "/bin/false"])
def test_without_a_child_process_the_search_runs_in_process(
        program: tuple[ProblemData, Program], monkeypatch: pytest.MonkeyPatch,
        executable: str) -> None:
    data, prog = program
    monkeypatch.setattr(sys, "executable", executable)
    with HighsWorker() as worker:
        with pytest.raises(WorkerUnavailable):
            worker.solve(ProgramHandle(prog), prog.col_lower, prog.col_upper, time_limit=5)
        assert not worker.available
        start = greedy_program_start(data, prog)
        limits = LnsLimits(iterations=6, deterministic=True)
        out = improve_by_lns(prog, data, start, seed=1, limits=limits, worker=worker)
        assert worker.pid is None, "no child process is left"
    # every sub-MIP in this process: the same search as one given no worker at all
    alone = improve_by_lns(prog, data, start, seed=1, limits=LnsLimits(iterations=6, deterministic=True))
    assert out.abandoned == 0 and np.array_equal(out.solution, alone.solution)
    assert out.value > out.start_value and is_feasible(prog, out.solution)


def test_search_through_the_worker_is_reproducible(program: tuple[ProblemData, Program]) -> None:
    data, prog = program
    start = greedy_program_start(data, prog)
    with HighsWorker() as worker:
        runs = [improve_by_lns(prog, data, start, seed=7, limits=LnsLimits(iterations=6, deterministic=True),
                               worker=worker) for _ in range(2)]
        # every sub-MIP answered by the child: it runs, was never lost, never gave up
        assert worker.pid is not None and worker.available
        assert worker.restarts == 0 and worker.abandoned_calls == 0
    assert runs[0].abandoned == 0
    assert np.array_equal(runs[0].solution, runs[1].solution)
    assert runs[0].value > runs[0].start_value


def test_the_deadline_is_the_limit_plus_the_grace_of_the_parameters() -> None:
    params = WorkerParams(grace_seconds=1.0, grace_share=0.1)
    t0 = time.perf_counter()
    deadline = hard_deadline(10.0, params=params)
    assert t0 + 12.0 <= deadline <= time.perf_counter() + 12.0
    # never later than the caller's own end plus the grace seconds
    assert hard_deadline(10.0, end=t0 + 3.0, params=params) == pytest.approx(t0 + 4.0)
    assert HighsWorker(params).deadline(10.0) >= t0 + 12.0


def test_the_worker_gives_up_after_max_failures_lost_calls(
        program: tuple[ProblemData, Program]) -> None:
    prog = program[1]
    with HighsWorker(WorkerParams(max_failures=1)) as worker:
        handle = ProgramHandle(prog)
        assert worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=5, node_limit=1) is not None
        late = worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=30,
                            deadline=time.perf_counter() + 0.05)
        assert late is None and worker.abandoned_calls == 1
        assert not worker.available and worker.pid is None and worker.restarts == 0
        with pytest.raises(WorkerUnavailable):
            worker.solve(handle, prog.col_lower, prog.col_upper, time_limit=5, node_limit=1)


def test_the_shared_worker_is_one_per_process() -> None:
    assert shared_worker() is shared_worker()


@pytest.mark.parametrize("how", ["script", "no-file"])
def test_a_main_without_a_guard_runs_once_and_leaves_no_child(tmp_path: Path, how: str) -> None:
    """The library used from a plain script (no ``if __name__ == "__main__"``) or from a main module
    without a file (``python -c``, like a notebook's kernel): the child must not re-run it, and
    nothing is left running after it exits."""
    code = textwrap.dedent("""
        import os
        from ambassade_opt.solver import EngineParams, SolveOptions, SolveParams, solve
        from ambassade_opt.solver.highs.worker import shared_worker
        from ambassade_opt.synthetic import YearSize, generate
        # small year, but by neighbourhoods (through the worker)
        params = SolveParams(engines=EngineParams(whole_mip_max_pairs=0))
        result = solve(generate(YearSize(n_ambassadors=20, n_missions=60), seed=3),
                       SolveOptions(time_limit=3, workers=1, seed=0, params=params))
        worker = shared_worker()
        print("RAN", os.getpid(), worker.pid, worker.available, result.stages[0].engine, flush=True)
    """)
    script = tmp_path / "plan_it.py"
    script.write_text(code, encoding="utf-8")
    cmd = [sys.executable, str(script)] if how == "script" else [sys.executable, "-c", code]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=True, cwd=tmp_path)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("RAN")]
    assert len(lines) == 1, out.stdout
    _, parent, child, available, stage_engine = lines[0].split()
    assert available == "True" and child not in ("None", parent) and stage_engine.startswith("highs-lns")
    assert _gone(int(child))
