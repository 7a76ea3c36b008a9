"""HiGHS runs of a program given as plain arrays, on both sides of the worker process.

This module imports only numpy and highspy (never the library), so that the worker's child process
(:mod:`.worker`) can load it by its path and start fast. Both sides run the same :func:`run_highs`,
so a call gives the same answer in the child as in the parent. The child's loop, :func:`serve`,
reads length-prefixed pickled requests on stdin and answers on the original stdout (its fd 1 is
pointed at /dev/null first, so nothing a library prints can corrupt the stream); a program's
matrix is sent once and kept under a token, each call then sends only column bounds and a start.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import time
from collections import OrderedDict
from typing import IO, Any

import numpy as np

# The matrix fields of a program (everything but the column bounds, which each call sends).
MATRIX_FIELDS = ("n_cols", "cost", "row_lower", "row_upper", "csc_start", "csc_index", "csc_value")
_HEADER = struct.Struct("<Q")


# -- both sides ---------------------------------------------------------------------------------
def highs_model(matrix: dict[str, Any], integer: bool) -> Any:
    """The program as a ``highspy.HighsLp`` without its column bounds (each run sets them). Built
    once per program in the child: converting the matrix costs ~35 ms on M years."""
    import highspy

    n_cols = int(matrix["n_cols"])
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(matrix["row_lower"])
    lp.col_cost_ = matrix["cost"]
    lp.row_lower_ = matrix["row_lower"]
    lp.row_upper_ = matrix["row_upper"]
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix["csc_start"]
    lp.a_matrix_.index_ = matrix["csc_index"]
    lp.a_matrix_.value_ = matrix["csc_value"]
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    return lp


def run_highs(
    matrix: dict[str, Any],
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    *,
    integer: bool,
    time_limit: float | None = None,
    threads: int | None = None,
    seed: int = 0,
    presolve: bool = True,
    start: np.ndarray | None = None,
    node_limit: int | None = None,
    light: bool = False,
    model: Any = None,
    iteration_limit: int | None = None,
) -> dict[str, Any]:
    """One HiGHS run of a program (see ``program.solve_program`` for the options), from ``model``
    (:func:`highs_model` of the matrix, for the same ``integer``) when given; returns the fields of
    ``ProgramResult`` as a dict (the child cannot import the library's classes)."""
    h = _configured_highs(
        integer=integer, time_limit=time_limit, threads=threads, seed=seed, presolve=presolve
    )
    lp = highs_model(matrix, integer) if model is None else model
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    t0 = time.perf_counter()
    h.passModel(lp)
    if integer:
        _set_mip_options(h, node_limit=node_limit, light=light, start=start)
    if iteration_limit is not None:  # a count, not the clock: the same answer on every run
        h.setOptionValue("simplex_iteration_limit", int(iteration_limit))
    h.run()
    return _run_result(h, integer, time.perf_counter() - t0)


def _configured_highs(
    *, integer: bool, time_limit: float | None, threads: int | None, seed: int, presolve: bool
) -> Any:
    """A silent HiGHS solver with the run's seed, threads, time limit and presolve set (before the
    model is passed). Without presolve, LPs use the dual simplex."""
    import highspy

    # The public Highs() prints a banner on stdout when created (it would corrupt `plan -o -`); the
    # core class it wraps does not.
    highs_class = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)
    h = highs_class()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", int(seed))
    if threads is not None:
        # HiGHS keeps one global thread pool: a new thread count needs it reset first
        reset = getattr(highs_class, "resetGlobalScheduler", None)
        if reset is not None:
            reset(True)
        h.setOptionValue("threads", int(threads))
    if time_limit is not None:
        h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    if not presolve:
        h.setOptionValue("presolve", "off")
        if not integer:
            h.setOptionValue("simplex_strategy", 1)  # dual
    return h


def _set_mip_options(h: Any, *, node_limit: int | None, light: bool, start: np.ndarray | None) -> None:
    """The MIP options of a run, once the model is passed: a proven optimum (no relative gap; an
    absolute gap below 1, the objectives being integers), the node limit, ``light`` (without the
    reduced-cost, RINS and RENS heuristics) and the start solution."""
    import highspy

    # integer objectives: stop only when the incumbent is proven (HiGHS's default 0.01 % relative
    # gap would stop short of a proof)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    if light:
        for heuristic in (
            "mip_heuristic_run_root_reduced_cost",
            "mip_heuristic_run_rins",
            "mip_heuristic_run_rens",
        ):
            h.setOptionValue(heuristic, False)
    if start is not None:
        start_solution = highspy.HighsSolution()
        start_solution.col_value = np.asarray(start, dtype=np.float64).tolist()
        start_solution.value_valid = True
        h.setSolution(start_solution)


def _run_result(h: Any, integer: bool, seconds: float) -> dict[str, Any]:
    """The fields of ``ProgramResult`` after a run: a MIP's best solution (if any) and dual bound;
    an LP's optimum (value = bound), or no value when it is not optimal."""
    import highspy

    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    if integer:
        has_solution = info.primal_solution_status == 2
        return {
            "status": status,
            "value": float(info.objective_function_value) if has_solution else None,
            "bound": float(info.mip_dual_bound),
            "seconds": seconds,
            "solution": np.array(h.getSolution().col_value) if has_solution else None,
            "simplex_iterations": max(int(info.simplex_iteration_count), 0),
        }
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return {"status": status, "value": None, "bound": None, "seconds": seconds, "solution": None}
    value = float(info.objective_function_value)
    return {
        "status": status,
        "value": value,
        "bound": value,
        "seconds": seconds,
        "solution": np.array(h.getSolution().col_value),
    }


def send(stream: IO[bytes], message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_exactly(stream: IO[bytes], n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive(stream: IO[bytes]) -> Any:
    """The next message, or None at end of stream."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    payload = _read_exactly(stream, _HEADER.unpack(header)[0])
    return None if payload is None else pickle.loads(payload)


# -- the child ----------------------------------------------------------------------------------
def _watch_parent(parent: int) -> None:
    """Exit when the parent is gone (orphans are re-parented), even while HiGHS runs."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def serve(requests: IO[bytes], answers: IO[bytes], cached: int = 3) -> None:
    """The child's loop: ("solve", call id, token, matrix or None, bounds and options) → ("result",
    call id, fields) or ("error", call id, text); ("exit",) or the end of ``requests`` ends it."""
    programs: OrderedDict[int, tuple[dict[str, Any], Any]] = OrderedDict()  # token → (matrix, model)
    try:
        import highspy

        version = getattr(highspy, "__version__", "")
    except Exception as exc:  # reported, then the parent solves in-process
        send(answers, ("failed", repr(exc)))
        return
    send(answers, ("ready", os.getpid(), version))
    while True:
        message = receive(requests)
        if message is None or message[0] == "exit":
            return
        _, call_id, token, matrix, call = message
        if matrix is not None:
            programs[token] = (matrix, highs_model(matrix, integer=True))
            while len(programs) > cached:
                programs.popitem(last=False)
        program = programs.get(token)
        if program is None:
            send(answers, ("error", call_id, f"program {token} is not loaded"))
            continue
        programs.move_to_end(token)
        try:
            fields = run_highs(program[0], **call, model=program[1])
        except Exception as exc:
            send(answers, ("error", call_id, repr(exc)))
            continue
        send(answers, ("result", call_id, fields))


def serve_stdio(cached: int = 3) -> None:
    """Entry point of the child: requests on stdin, answers on the original stdout."""
    import signal

    # Ctrl-C in a terminal reaches the whole process group: the parent decides, not the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # whatever prints on stdout from now on cannot corrupt the answers
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    serve(sys.stdin.buffer, answers, cached)
