"""How the planner spends its time: every tuning knob, documented, validated, loadable from TOML.

:class:`SolveParams` gathers one dataclass per part of the planner. Defaults are what the
benchmarks chose (``docs/design.md`` says why, ``benchmarks/results/`` has the figures). A TOML
file has one table per part, e.g.::

    [shares]
    coverage = 0.6
    [lns]
    sub_seconds = 3.0

and ``SolveParams.from_toml(path)`` reads it; unknown keys and out-of-range values are errors.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from ..errors import InputError

_P = TypeVar("_P")


def _check(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise InputError([(where, message)])


@dataclass(frozen=True)
class StageShares:
    """Share of the time limit each lexicographic stage gets (time a stage leaves rolls over).

    The first stage comes first in the order, so it gets the most."""

    coverage: float = 0.5
    stability: float = 0.15
    selection: float = 0.1
    rotation: float = 0.15
    match: float = 0.15
    cost: float = 0.05
    other: float = 0.2  # a stage not named above (weighted)

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(0 < getattr(self, f.name) <= 1, f"shares.{f.name}", "must be in (0, 1]")

    def of(self, stage: str) -> float:
        return float(getattr(self, stage, self.other))


@dataclass(frozen=True)
class EngineParams:
    """Which engine solves a stage (see :mod:`.engines.choice`).

    * ``highs``: HiGHS where it applies (False: CP-SAT alone);
    * ``highs_worker``: HiGHS MIPs in a child process that can be killed at its deadline;
    * up to ``whole_mip_max_pairs`` eligible pairs a stage goes to HiGHS whole, with
      ``mip_share`` of its time, if that is ``mip_root_factor`` times the coverage LP's time (or,
      in one-worker runs, ``mip_seconds_per_pair`` per pair; its node limit is
      ``mip_nodes_per_second`` per second of deterministic budget);
    * up to ``lns_max_pairs`` pairs, by neighbourhoods (:class:`LnsParams`); above, the year is
      too large for one program;
    * CP-SAT holds the whole year only up to ``cp_sat_max_pairs`` pairs (its model takes about
      1.5 kB a pair);
    * a CP-SAT stage shorter than ``min_stage_seconds`` is not started."""

    highs: bool = True
    highs_worker: bool = True
    whole_mip_max_pairs: int = 5_000
    lns_max_pairs: int = 2_000_000
    cp_sat_max_pairs: int = 500_000
    mip_share: float = 0.6
    mip_root_factor: float = 2.0
    mip_seconds_per_pair: float = 2e-4
    mip_nodes_per_second: int = 200
    min_stage_seconds: float = 0.2

    def __post_init__(self) -> None:
        _check(self.whole_mip_max_pairs >= 0, "engines.whole_mip_max_pairs", "must be >= 0")
        _check(self.lns_max_pairs >= 0, "engines.lns_max_pairs", "must be >= 0")
        _check(self.cp_sat_max_pairs >= 0, "engines.cp_sat_max_pairs", "must be >= 0")
        _check(0 < self.mip_share <= 1, "engines.mip_share", "must be in (0, 1]")
        _check(self.mip_root_factor > 0, "engines.mip_root_factor", "must be > 0")
        _check(self.mip_seconds_per_pair >= 0, "engines.mip_seconds_per_pair", "must be >= 0")
        _check(self.mip_nodes_per_second >= 1, "engines.mip_nodes_per_second", "must be >= 1")
        _check(self.min_stage_seconds >= 0, "engines.min_stage_seconds", "must be >= 0")


@dataclass(frozen=True)
class LnsParams:
    """The neighbourhood search (:mod:`.engines.lns`).

    Two kinds of neighbourhood alternate: ``people`` random ambassadors (all their pairs free) and
    a window of ``window_days`` (all pairs of its missions free). A sub-MIP solved to optimality
    grows the next one of its kind by ``grow``, one stopped by its limit shrinks it by ``shrink``,
    within the bounds. A sub-MIP gets ``sub_seconds`` (or ``sub_nodes`` nodes in one-worker runs,
    whose search is measured in simplex iterations plus ``work_per_sub_mip`` per sub-MIP, and given
    ``work_per_second`` units per second of budget). Without any limit the search does
    ``unlimited_iterations`` sub-MIPs. A program above ``restrict_above_columns`` columns is not sent
    whole to HiGHS: each sub-MIP is a program of the neighbourhood's columns only, the other columns'
    activity moved into the row bounds. The first stage may start with the root node of the whole
    program when at most ``whole_root_max_free_pairs`` pairs are free and ``whole_root_share`` of
    the stage gives ``whole_root_seconds_per_free_pair`` per free pair."""

    start_people: int = 20
    start_window_days: float = 20.0
    min_people: int = 4
    max_people: int = 400
    min_window_days: float = 2.0
    max_window_days: float = 366.0
    grow: float = 1.25
    shrink: float = 0.8
    sub_seconds: float = 2.0
    sub_nodes: int = 10
    work_per_sub_mip: int = 800
    work_per_second: float = 1_500.0
    unlimited_iterations: int = 200
    share: float = 1.0
    whole_root_max_free_pairs: int = 20_000
    whole_root_share: float = 0.8
    whole_root_seconds_per_free_pair: float = 1.5e-3
    whole_root_nodes: int = 1
    min_gain: float = 0.5
    restrict_above_columns: int = 200_000

    def __post_init__(self) -> None:
        _check(
            1 <= self.min_people <= self.start_people <= self.max_people,
            "lns.start_people",
            "min_people <= start_people <= max_people, all >= 1",
        )
        _check(
            0 < self.min_window_days <= self.start_window_days <= self.max_window_days,
            "lns.start_window_days",
            "min_window_days <= start_window_days <= max_window_days, all > 0",
        )
        _check(self.grow >= 1 >= self.shrink > 0, "lns.grow", "grow >= 1 >= shrink > 0")
        _check(
            self.sub_seconds > 0 and self.sub_nodes >= 1, "lns.sub_seconds", "sub_seconds > 0, sub_nodes >= 1"
        )
        _check(self.work_per_second > 0, "lns.work_per_second", "must be > 0")
        _check(0 < self.share <= 1, "lns.share", "must be in (0, 1]")
        _check(0 <= self.whole_root_share < 1, "lns.whole_root_share", "must be in [0, 1)")
        for name in ("work_per_sub_mip", "whole_root_max_free_pairs", "whole_root_seconds_per_free_pair",
                     "min_gain", "restrict_above_columns"):
            _check(getattr(self, name) >= 0, f"lns.{name}", "must be >= 0")
        for name in ("unlimited_iterations", "whole_root_nodes"):
            _check(getattr(self, name) >= 1, f"lns.{name}", "must be >= 1")


DEFAULT_LNS = LnsParams()


@dataclass(frozen=True)
class StartParams:
    """The plan the stages start from (:mod:`.start`).

    Greedy plans in two people orders; with the coverage LP (up to ``lp_max_pairs`` pairs, given
    ``lp_share`` of the time limit) its rounding and up to ``rounding_tries`` perturbations of the
    mission order (noise ``rounding_noise``) within ``rounding_share`` of the time limit; then
    rotation swaps for ``swap_share`` of it. One-worker runs count instead of reading the clock, so
    that the same seed gives the same start: the LP stops after ``lp_iterations_per_second``
    simplex iterations per second of its share of the work limit, and the tries and swap passes
    are as many as their shares of the work limit pay for at ``rounding_seconds_per_pair`` and
    ``swap_seconds_per_pair`` nominal seconds a pair (at most ``swap_passes``)."""

    greedy: bool = True
    lp_bound: bool = True
    lp_max_pairs: int = 300_000
    lp_share: float = 0.6
    lp_iterations_per_second: float = 20_000.0
    rounding_tries: int = 12
    rounding_noise: float = 0.05
    rounding_share: float = 0.15
    rounding_seconds_per_pair: float = 1.5e-5
    swap_share: float = 0.02
    swap_seconds_per_pair: float = 2e-5
    swap_passes: int = 20

    def __post_init__(self) -> None:
        _check(self.lp_iterations_per_second > 0, "start.lp_iterations_per_second", "must be > 0")
        _check(self.lp_max_pairs >= 0, "start.lp_max_pairs", "must be >= 0")
        _check(0 < self.lp_share <= 1, "start.lp_share", "must be in (0, 1]")
        _check(self.rounding_tries >= 0, "start.rounding_tries", "must be >= 0")
        _check(self.rounding_noise >= 0, "start.rounding_noise", "must be >= 0")
        _check(0 <= self.swap_share < 1, "start.swap_share", "must be in [0, 1)")
        _check(0 <= self.rounding_share < 1, "start.rounding_share", "must be in [0, 1)")
        for name in ("rounding_seconds_per_pair", "swap_seconds_per_pair"):
            _check(getattr(self, name) > 0, f"start.{name}", "must be > 0")
        _check(self.swap_passes >= 0, "start.swap_passes", "must be >= 0")


@dataclass(frozen=True)
class CpSatParams:
    """CP-SAT: in one-worker runs ``deterministic_share`` of a stage's wall budget becomes its
    deterministic time (so that the clock rarely decides); ``overhead_per_element`` seconds per
    model element is the first guess of what a call spends outside its own clock; ``parameters``
    are passed to CP-SAT as they are (names of ``SatParameters``)."""

    deterministic_share: float = 0.35
    overhead_per_element: float = 3e-6
    parameters: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check(0 < self.deterministic_share <= 1, "cp_sat.deterministic_share", "must be in (0, 1]")
        _check(self.overhead_per_element >= 0, "cp_sat.overhead_per_element", "must be >= 0")
        if self.parameters:  # as the solve will set them: a wrong name or value is bad input now
            from ortools.sat.sat_parameters_pb2 import SatParameters

            for key, value in self.parameters.items():
                try:
                    setattr(SatParameters(), key, value)
                except (AttributeError, TypeError, ValueError) as exc:
                    where = f"cp_sat.parameters.{key}"
                    raise InputError([(where, f"not a CP-SAT parameter: {exc}")]) from None


@dataclass(frozen=True)
class WorkerParams:
    """The HiGHS child process: a call not answered ``grace_seconds`` plus ``grace_share`` of its
    limit after its time limit is abandoned; ``startup_seconds`` to start; given up after
    ``max_failures`` failures in a row; it keeps ``cached_programs`` matrices."""

    grace_seconds: float = 0.5
    grace_share: float = 0.05
    startup_seconds: float = 30.0
    max_failures: int = 3
    cached_programs: int = 3

    def __post_init__(self) -> None:
        _check(self.grace_share >= 0, "worker.grace_share", "must be >= 0")
        _check(self.startup_seconds > 0, "worker.startup_seconds", "must be > 0")
        _check(self.max_failures >= 1, "worker.max_failures", "must be >= 1")
        _check(self.cached_programs >= 1, "worker.cached_programs", "must be >= 1")


@dataclass(frozen=True)
class OutputParams:
    """What the plan file of a solve carries beyond its assignments: ``explain`` — a reason for
    each uncovered mission from :mod:`ambassade_opt.explain` (off: a fixed text that says so; for
    plans that are parts of a larger one, such as blocks, whose reasons come later). The stages
    leave ``reserve_seconds_per_mission`` of the time limit per mission for this conversion."""

    explain: bool = True
    reserve_seconds_per_mission: float = 5e-4

    def __post_init__(self) -> None:
        _check(self.reserve_seconds_per_mission >= 0, "output.reserve_seconds_per_mission", "must be >= 0")


@dataclass(frozen=True)
class BlockParams:
    """Years of more than ``above_pairs`` eligible pairs (estimated before compiling) are planned by
    blocks (:mod:`ambassade_opt.blocks`). A sweep cuts the people and the missions into blocks of
    at most ``people_per_block`` people and ``missions_per_block`` missions — by region and runs of
    start times; by people with their whole schedules (``whole_schedules``); by language
    (``alternate_languages``); in turn — and solves each block as a year of its own with
    ``block_work`` nominal seconds of deterministic work (its wall-clock guard: ``wall_factor``
    times that). A run solves as many blocks as ``parallelism`` times the work limit (less
    ``final_share`` of it, kept for the final check of the whole year) pays for, whatever the
    number of processes. Without a hint the search starts from the whole year's greedy plan if the
    year has at most ``greedy_start_max_pairs`` pairs (else the first sweep builds the plan).
    ``memory_mb`` is the memory a run may use (0: 80 % of the machine's)."""

    above_pairs: int = 800_000
    greedy_start_max_pairs: int = 30_000_000
    people_per_block: int = 300
    missions_per_block: int = 1_200
    block_work: float = 4.0
    wall_factor: float = 3.0
    alternate_languages: bool = True
    whole_schedules: bool = True
    parallelism: int = 2
    final_share: float = 0.1
    memory_mb: int = 0

    def __post_init__(self) -> None:
        _check(self.above_pairs >= 0, "blocks.above_pairs", "must be >= 0")
        _check(self.greedy_start_max_pairs >= 0, "blocks.greedy_start_max_pairs", "must be >= 0")
        _check(self.people_per_block >= 1, "blocks.people_per_block", "must be >= 1")
        _check(self.missions_per_block >= 1, "blocks.missions_per_block", "must be >= 1")
        _check(self.block_work > 0, "blocks.block_work", "must be > 0")
        _check(self.wall_factor >= 1, "blocks.wall_factor", "must be >= 1")
        _check(self.parallelism >= 1, "blocks.parallelism", "must be >= 1")
        _check(0 < self.final_share < 1, "blocks.final_share", "must be in (0, 1)")
        _check(self.memory_mb >= 0, "blocks.memory_mb", "must be >= 0")


@dataclass(frozen=True)
class SolveParams:
    """Every tuning knob of :func:`ambassade_opt.solver.solve` (see the module docstring)."""

    shares: StageShares = field(default_factory=StageShares)
    engines: EngineParams = field(default_factory=EngineParams)
    lns: LnsParams = field(default_factory=LnsParams)
    start: StartParams = field(default_factory=StartParams)
    cp_sat: CpSatParams = field(default_factory=CpSatParams)
    worker: WorkerParams = field(default_factory=WorkerParams)
    blocks: BlockParams = field(default_factory=BlockParams)
    output: OutputParams = field(default_factory=OutputParams)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SolveParams:
        parts: dict[str, Any] = {}
        for f in fields(cls):
            table = data.get(f.name, {})
            _check(isinstance(table, dict), f.name, "must be a table")
            kind = type(getattr(cls(), f.name))
            known = {g.name for g in fields(kind)}
            unknown = sorted(set(table) - known)
            _check(not unknown, f"{f.name}.{unknown[0] if unknown else ''}", "unknown parameter")
            defaults = kind()
            for key, value in table.items():
                expected = type(getattr(defaults, key))
                _check(_of_type(value, expected), f"{f.name}.{key}", f"must be a {expected.__name__}")
            parts[f.name] = kind(**table)
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        _check(not unknown, unknown[0] if unknown else "", "unknown table")
        return cls(**parts)

    @classmethod
    def from_toml(cls, path: str | Path) -> SolveParams:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError([(str(path), f"cannot read the parameters: {exc}")]) from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **parts: Any) -> SolveParams:
        """A copy with some parts replaced, e.g. ``params.with_(engines=EngineParams(highs=False))``."""
        return replace(self, **parts)


def _of_type(value: Any, expected: type) -> bool:
    """Is ``value`` (read from a file) of the type of a parameter's default? A bool is no number,
    an integer is a float."""
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def updated(part: _P, **changes: Any) -> _P:
    """A copy of one parameter dataclass with some fields changed (validated again)."""
    return replace(part, **changes)  # type: ignore[type-var]
