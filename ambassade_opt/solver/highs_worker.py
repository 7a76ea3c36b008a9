"""HiGHS MIPs in a child process that can be killed: the time limit stays a promise even when HiGHS
does not keep its own.

Why: HiGHS 1.16's MIP heuristics that solve sub-MIPs of their own (root reduced cost, RINS, RENS) were
seen twice on M years stuck in a nested presolve (strengthenInequalities) for over ten minutes, past
every time limit (HiGHS issues #2226 and #3074), and a thread inside our process cannot be stopped.
Switched off, they cost search quality (M fresh plan: 2,483–2,485 instead of 2,505–2,511 after 60 s).
In a child process they stay on: a call that does not answer by its deadline is abandoned, the child
killed, and a new one started for the next call; the caller goes on from its current solution.
Switching them off is no cure either: a sub-MIP of the cost stage of an M year (894 columns after
presolve, a 17 s limit) stayed in HiGHS's top-level presolve for over 200 s with and without them.

How:

* the child is a fresh interpreter (``subprocess``, never ``fork``: the parent holds OR-Tools and HiGHS
  thread pools) that loads this file by its path and imports only numpy and highspy (0.15 s instead
  of the library's 0.6 s). Not ``multiprocessing``'s spawn: it re-runs the caller's ``__main__``
  script in the child, which breaks scripts without an ``if __name__ == "__main__"`` guard;
* messages are length-prefixed pickles over the child's stdin/stdout (its fd 1 is pointed at
  /dev/null first, so nothing a library prints can corrupt the stream); a reader thread in the
  parent lets every wait have a deadline;
* a program's matrix is sent once and kept in the child under a token; each call then sends only
  the column bounds and the start (a neighbourhood search changes nothing else);
* one worker (:func:`shared_worker`) serves every call of the process, across stages and solves;
  it is closed at exit. If the child cannot be started (restricted environment, missing highspy in
  the interpreter), :class:`WorkerUnavailable` tells the caller to solve in-process.

Both sides run the same :func:`run_highs`, so a call gives the same answer in the child as in the
process (HiGHS with one thread and a node limit is deterministic): an abandoned call is the only
event that makes a seeded one-worker run non-reproducible.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import math
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from typing import IO, TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .lp_bound import CoverageProgram, ProgramResult

log = logging.getLogger(__name__)

# The matrix fields of a program (everything but the column bounds, which each call sends).
MATRIX_FIELDS = ("n_cols", "cost", "row_lower", "row_upper", "csc_start", "csc_index", "csc_value")
# Programs the child keeps (a solve uses one per stage; older ones are dropped first).
CACHED_PROGRAMS = 3
# Seconds a child may take to start (imports) before it is given up as unavailable.
STARTUP_SECONDS = 30.0
# A call not answered this long (plus this share of its limit) after its HiGHS time limit is
# abandoned: HiGHS checks its clock between nodes and LP phases, a healthy call overshoots by well
# under this (a whole-stage root on the re-plan case was once seen 0.5 s late).
GRACE_SECONDS = 0.5
GRACE_SHARE = 0.05
# Consecutive failed starts or crashes after which the worker is given up for the process.
MAX_FAILURES = 3
_HEADER = struct.Struct("<Q")


class WorkerUnavailable(RuntimeError):
    """The child process cannot be started (or is busy with another thread): solve in-process."""


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


def run_highs(matrix: dict[str, Any], col_lower: np.ndarray, col_upper: np.ndarray, *, integer: bool,
              time_limit: float | None = None, threads: int | None = None, seed: int = 0,
              presolve: bool = True, start: np.ndarray | None = None, node_limit: int | None = None,
              light: bool = False, model: Any = None) -> dict[str, Any]:
    """One HiGHS run of a program (see ``lp_bound.solve_program`` for the options), from ``model``
    (:func:`highs_model` of the matrix, for the same ``integer``) when given; returns the fields of
    ``ProgramResult`` as a dict (the child cannot import the library's classes)."""
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
    lp = highs_model(matrix, integer) if model is None else model
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    t0 = time.perf_counter()
    h.passModel(lp)
    if integer:
        # integer objectives: stop only when the incumbent is proven (HiGHS's default 0.01 % relative
        # gap would stop short of a proof)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.999)
    if integer and node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    if integer and light:
        for heuristic in ("mip_heuristic_run_root_reduced_cost", "mip_heuristic_run_rins",
                          "mip_heuristic_run_rens"):
            h.setOptionValue(heuristic, False)
    if integer and start is not None:
        start_solution = highspy.HighsSolution()
        start_solution.col_value = np.asarray(start, dtype=np.float64).tolist()
        start_solution.value_valid = True
        h.setSolution(start_solution)
    h.run()
    seconds = time.perf_counter() - t0
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    if integer:
        has_solution = info.primal_solution_status == 2
        return {"status": status, "value": float(info.objective_function_value) if has_solution else None,
                "bound": float(info.mip_dual_bound), "seconds": seconds,
                "solution": np.array(h.getSolution().col_value) if has_solution else None,
                "simplex_iterations": max(int(info.simplex_iteration_count), 0)}
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return {"status": status, "value": None, "bound": None, "seconds": seconds, "solution": None}
    value = float(info.objective_function_value)
    return {"status": status, "value": value, "bound": value, "seconds": seconds,
            "solution": np.array(h.getSolution().col_value)}


def _send(stream: IO[bytes], message: object) -> None:
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


def _receive(stream: IO[bytes]) -> Any:
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


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The child's loop: ("solve", call id, token, matrix or None, bounds and options) → ("result",
    call id, fields) or ("error", call id, text); ("exit",) or the end of ``requests`` ends it."""
    programs: OrderedDict[int, tuple[dict[str, Any], Any]] = OrderedDict()  # token → (matrix, model)
    try:
        import highspy

        version = getattr(highspy, "__version__", "")
    except Exception as exc:  # reported, then the parent solves in-process
        _send(answers, ("failed", repr(exc)))
        return
    _send(answers, ("ready", os.getpid(), version))
    while True:
        message = _receive(requests)
        if message is None or message[0] == "exit":
            return
        _, call_id, token, matrix, call = message
        if matrix is not None:
            programs[token] = (matrix, highs_model(matrix, integer=True))
            while len(programs) > CACHED_PROGRAMS:
                programs.popitem(last=False)
        program = programs.get(token)
        if program is None:
            _send(answers, ("error", call_id, f"program {token} is not loaded"))
            continue
        programs.move_to_end(token)
        try:
            fields = run_highs(program[0], **call, model=program[1])
        except Exception as exc:
            _send(answers, ("error", call_id, repr(exc)))
            continue
        _send(answers, ("result", call_id, fields))


def serve_stdio() -> None:
    """Entry point of the child: requests on stdin, answers on the original stdout."""
    import signal

    # Ctrl-C in a terminal reaches the whole process group: the parent decides, not the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # whatever prints on stdout from now on cannot corrupt the answers
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    serve(sys.stdin.buffer, answers)


# -- the parent ---------------------------------------------------------------------------------
class _Child:
    """One child process and the thread that reads its answers into a queue."""

    def __init__(self) -> None:
        paths = [p for p in sys.path if p]
        here = os.path.abspath(__file__)
        bootstrap = (
            "import sys, importlib.util as u\n"
            f"sys.path[:] = {paths!r}\n"
            f"spec = u.spec_from_file_location('_ambassade_opt_highs_worker', {here!r})\n"
            "module = u.module_from_spec(spec)\n"
            "sys.modules[spec.name] = module\n"
            "spec.loader.exec_module(module)\n"
            "module.serve_stdio()\n"
        )
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-c", bootstrap], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.answers: queue.Queue[Any] = queue.Queue()
        self.ready = False
        self.loaded: set[int] = set()  # tokens of the programs the child holds
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                message = _receive(stream)
                self.answers.put(message)
                if message is None:
                    return
        except Exception:  # a broken stream is the end of this child
            self.answers.put(None)

    def send(self, message: object) -> bool:
        try:
            assert self.process.stdin is not None
            _send(self.process.stdin, message)
            return True
        except (OSError, ValueError):
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self, wait: float = 1.0) -> None:
        if self.process.poll() is None and self.send(("exit",)):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=wait)
        self.kill()


class ProgramHandle:
    """A program registered with a worker: its matrix goes to the child once, under ``token``."""

    _tokens = itertools.count(1)

    def __init__(self, program: CoverageProgram) -> None:
        self.token = next(ProgramHandle._tokens)
        self.program = program
        self.matrix: dict[str, Any] = {name: getattr(program, name) for name in MATRIX_FIELDS}


class HighsWorker:
    """HiGHS runs in a child process, each with a hard deadline (see the module's docstring)."""

    def __init__(self) -> None:
        self._child: _Child | None = None
        self._lock = threading.Lock()
        self._calls = itertools.count(1)
        self._failures = 0
        self.unavailable_reason: str | None = None
        self.abandoned_calls = 0  # calls that missed their deadline (child killed)
        self.restarts = 0

    @property
    def available(self) -> bool:
        return self.unavailable_reason is None

    @property
    def pid(self) -> int | None:
        return None if self._child is None else self._child.process.pid

    def start(self) -> None:
        """Start the child in the background if none runs (the caller goes on while it imports)."""
        if not self.available or (self._child is not None and self._child.process.poll() is None):
            return
        try:
            self._child = _Child()
        except OSError as exc:
            self._give_up(f"cannot start a child process: {exc}")

    def _give_up(self, reason: str) -> None:
        log.warning("HiGHS worker unavailable (%s): MIPs run in-process without nested heuristics", reason)
        self.unavailable_reason = reason
        if self._child is not None:
            self._child.kill()
            self._child = None

    def _lost(self, why: str) -> None:
        """The child died or missed a deadline: kill it, start the next one in the background."""
        assert self._child is not None
        self._child.kill()
        self._child = None
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._give_up(f"{why} {self._failures} times in a row")
            return
        self.restarts += 1
        self.start()

    def _wait_ready(self, child: _Child, deadline: float) -> bool | None:
        """True when the child has started; False if it cannot start (worker given up); None if it
        is still starting at the deadline."""
        while not child.ready:
            timeout = min(deadline, child.started + STARTUP_SECONDS) - time.perf_counter()
            try:
                message = child.answers.get(timeout=max(timeout, 0.0))
            except queue.Empty:
                if time.perf_counter() >= child.started + STARTUP_SECONDS:
                    self._give_up(f"no answer {STARTUP_SECONDS:.0f} s after start")
                    return False
                return None
            if message is None or message[0] != "ready":
                self._give_up("the child stopped while starting" if message is None else str(message[1]))
                return False
            child.ready = True
        return True

    def solve(self, handle: ProgramHandle, col_lower: np.ndarray, col_upper: np.ndarray, *,
              time_limit: float, deadline: float | None = None, threads: int | None = 1, seed: int = 0,
              start: np.ndarray | None = None, node_limit: int | None = None) -> ProgramResult | None:
        """The MIP of ``handle``'s program with these column bounds, with every HiGHS heuristic.

        None when the call was abandoned: no answer by ``deadline`` (a ``time.perf_counter()``
        reading; default: :func:`hard_deadline` of the time limit), or the child died. Raises
        :class:`WorkerUnavailable` when no child can run (solve in-process instead)."""
        from .lp_bound import ProgramResult

        if deadline is None:
            deadline = hard_deadline(time_limit)
        if not self._lock.acquire(blocking=False):
            raise WorkerUnavailable("the worker is busy with another thread")
        try:
            self.start()
            child = self._child
            if child is None:
                raise WorkerUnavailable(self.unavailable_reason or "no child process")
            ready = self._wait_ready(child, deadline)
            if ready is False:
                raise WorkerUnavailable(self.unavailable_reason or "no child process")
            if ready is None:
                self.abandoned_calls += 1
                return None  # still importing: this call is lost, the child is kept
            call_id = next(self._calls)
            call = {"col_lower": np.asarray(col_lower, dtype=np.float64),
                    "col_upper": np.asarray(col_upper, dtype=np.float64), "integer": True,
                    "time_limit": time_limit, "threads": threads, "seed": seed, "start": start,
                    "node_limit": node_limit}
            matrix = None if handle.token in child.loaded else handle.matrix
            if not child.send(("solve", call_id, handle.token, matrix, call)):
                self._lost("the child's input closed")
                return None
            child.loaded.add(handle.token)
            while True:
                try:
                    left = deadline - time.perf_counter()
                    message = child.answers.get(timeout=None if math.isinf(left) else max(left, 0.0))
                except queue.Empty:
                    self.abandoned_calls += 1
                    log.warning("a HiGHS call missed its deadline (limit %.1f s): new child", time_limit)
                    self._lost("missed a deadline")
                    return None
                if message is None:
                    self._lost("the child stopped")
                    return None
                if message[1] != call_id:
                    continue  # an answer to an earlier, abandoned call (never expected: it was killed)
                self._failures = 0
                if message[0] == "error":
                    log.warning("HiGHS failed in the worker: %s", message[2])
                    return None
                return ProgramResult(**message[2])
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            if self._child is not None:
                self._child.close()
                self._child = None

    def __enter__(self) -> HighsWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: HighsWorker | None = None
_shared_lock = threading.Lock()


def shared_worker() -> HighsWorker:
    """The process's worker, created on first use and closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = HighsWorker()
            atexit.register(_shared.close)
        return _shared


def hard_deadline(time_limit: float, end: float = math.inf) -> float:
    """When to give up a call of ``time_limit`` seconds started now: its limit plus the grace, and
    never later than ``end`` (the caller's own time limit) plus GRACE_SECONDS (``time.perf_counter()``
    readings)."""
    now = time.perf_counter()
    return min(now + time_limit * (1.0 + GRACE_SHARE), end) + GRACE_SECONDS
