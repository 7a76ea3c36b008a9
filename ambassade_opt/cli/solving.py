"""Running a solve from a command: progress, Ctrl-C, and the exit code of its outcome.

Every command that solves goes through :func:`solve_in_cli` (or, for other long computations,
:func:`run_long`) and ends with :func:`conclude_plan`, so they all answer the same way:

* a plan: written, exit 0;
* infeasible pins: the plan (status ``infeasible``, its ``solver.conflicts``) is written, the
  conflicts are listed on stderr, exit 3;
* Ctrl-C: the best plan found so far is written when there is one, exit 130.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .exits import Exit
from .interrupt import Interrupted, ctrl_c_stops, run_in_thread, solver_can_stop, stop_option
from .outputs import write_text_output
from .progress import ProgressDisplay

if TYPE_CHECKING:
    from ..model import Instance
    from ..plan import Plan
    from ..solver import PinConflict, SolveResult

T = TypeVar("T")


def solve_in_cli(instance: Instance, display: ProgressDisplay, **options: Any) -> tuple[SolveResult, bool]:
    """``solve(instance, SolveOptions(**options))`` with progress on ``display`` and Ctrl-C handled
    (``client``: a Dask client, address or ``"local"`` for a year planned by blocks).

    Returns the result and whether Ctrl-C stopped the search.
    """
    from ..planning import solve
    from ..solver import SolveOptions

    client = options.pop("client", None)
    with ctrl_c_stops() as stop:
        solve_options = SolveOptions(progress=display.solver, **options, **stop_option(stop))
        result = run_in_thread(lambda: solve(instance, solve_options, client=client))
    return result, stop.is_set()


def run_long(work: Callable[[dict[str, Any]], T], *, graceful: bool | None = None) -> tuple[T, bool]:
    """Run ``work(stop_kwargs)`` in a worker thread with Ctrl-C handled, for computations other than
    :func:`solve`.

    ``graceful``: whether ``work`` can stop early and return what it has (default: whether
    ``SolveOptions`` takes ``stop``). Then ``stop_kwargs`` is ``{"stop": event}`` — pass it on —
    and the first Ctrl-C sets the event; otherwise it is ``{}`` and Ctrl-C aborts (exit 130,
    nothing written). Returns the result and whether Ctrl-C stopped it.
    """
    graceful = solver_can_stop() if graceful is None else graceful
    with ctrl_c_stops(graceful) as stop:
        result = run_in_thread(lambda: work({"stop": stop} if graceful else {}))
    return result, stop.is_set()


def conclude_plan(plan: Plan, conflicts: Sequence[PinConflict], output: str, *, stopped: bool,
                  display: ProgressDisplay, before_write: Callable[[], None] | None = None) -> None:
    """Write ``plan`` to ``output`` and end the command with the exit code its outcome deserves.

    ``before_write`` runs just before the plan is written (to write a companion file first).
    Returns normally only for a plan found without interruption.
    """
    where = "standard output" if output == "-" else output
    has_plan = plan.status in ("optimal", "feasible")
    if stopped and not has_plan:
        raise Interrupted("interrupted before any plan was found: nothing was written")
    if before_write is not None:
        before_write()
    display.step(f"writing {where}")
    write_text_output(output, plan.to_json())
    if stopped:
        raise Interrupted(f"interrupted: the best plan found so far ({plan.status}) is in {where}")
    if plan.status == "infeasible":
        click.echo(f"error: no plan exists — a pin or frozen assignment breaks a hard rule; {where} "
                   "has status infeasible and lists the conflicts:", err=True)
        for c in conflicts:
            who = f", {c.person}" if c.person else ""
            click.echo(f"  mission {c.mission}{who}: {c.rule}: {c.message}", err=True)
        raise click.exceptions.Exit(Exit.INFEASIBLE)
