"""Numeric options (issue 16, class 6): finite, in a sane range, refused before any work with the
option named; number lists sized before they are built."""

from __future__ import annotations

import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.cli.params import BUDGETS, CAPS, DEFAULT_TIME_LIMIT, TIME_LIMIT, FiniteFloat
from ambassade_opt.model import Instance
from ambassade_opt.solver import SolveOptions, SolveResult


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the command started working before checking its options")

    monkeypatch.setattr(Instance, "load", refuse)
    monkeypatch.setattr("ambassade_opt.synthetic.generate", refuse)


Y = "tests/data/tiny_year.json"
CASES: list[tuple[list[str], str]] = [
    (["plan", Y, "-o", "-", "--time-limit", "nan"], "--time-limit"),
    (["plan", Y, "-o", "-", "--time-limit", "inf"], "--time-limit"),
    (["plan", Y, "-o", "-", "--time-limit", "-1"], "--time-limit"),
    (["plan", Y, "-o", "-", "--time-limit", "0"], "--time-limit"),
    (["plan", Y, "-o", "-", "--time-limit", "1e12"], "--time-limit"),
    (["plan", Y, "-o", "-", "--work-limit", "nan"], "--work-limit"),
    (["plan", Y, "-o", "-", "--work-limit", "0"], "--work-limit"),
    (["plan", Y, "-o", "-", "--workers", "-3"], "--workers"),
    (["plan", Y, "-o", "-", "--workers", "100000"], "--workers"),
    (["plan", Y, "-o", "-", "--seed", "-1"], "--seed"),
    (["plan", Y, "-o", "-", "--seed", str(2**40)], "--seed"),
    (["demo", "--time-limit", "nan"], "--time-limit"),
    (["demo", "--workers", "-3"], "--workers"),
    (["replan", Y, Y, Y, "-o", "-", "--time-limit", "inf"], "--time-limit"),
    (["replan", Y, Y, Y, "-o", "-", "--work-limit", "-2"], "--work-limit"),
    (["replan", Y, Y, Y, "-o", "-", "--coverage-tolerance", "nan"], "--coverage-tolerance"),
    (["replan", Y, Y, Y, "-o", "-", "--seed", str(10**30)], "--seed"),
    (["admit", Y, "--cap", "3", "--time-limit", "nan"], "--time-limit"),
    (["admit", Y, "--cap", "3", "--min-score", "nan"], "--min-score"),
    (["admit", Y, "--cap", "3", "--min-score", "150"], "--min-score"),
    (["admit", Y, "--cap", "-1"], "--cap"),
    (["admit", Y, "--cap", "3", "--workers", "0"], "--workers"),
    (["curve", Y, "--time-limit-per-point", "inf"], "--time-limit-per-point"),
    (["curve", Y, "--caps", "0:900000:1"], "--caps"),
    (["curve", Y, "--caps", "1:1e9:1"], "--caps"),
    (["curve", Y, "--caps", "5,x"], "--caps"),
    (["curve", Y, "--caps", "2.5"], "--caps"),
    (["curve", Y, "--caps", "9:3:1"], "--caps"),
    (["curve", Y, "--caps", "1:9:0"], "--caps"),
    (["curve", Y, "--budgets", "nan"], "--budgets"),
    (["curve", Y, "--budgets", "-5"], "--budgets"),
    (["curve", Y, "--caps", "1:150:1", "--budgets", "100:1000:100"], "--caps"),
    (["curve", Y, "--segments", "0"], "--segments"),
    (["govern", Y, "-o", "-", "--seed", "-5"], "--seed"),
    (["generate", "-o", "-", "--seed", str(2**40)], "--seed"),
    (["report", Y, Y, "--width", str(10**9)], "--width"),
    (["suggest", Y, Y, "--mission", "M01", "--top", str(10**9)], "--top"),
]


@pytest.mark.parametrize(("args", "option"), CASES, ids=[" ".join(a[:1] + a[-2:]) for a, _ in CASES])
def test_a_bad_number_is_refused_before_any_work_naming_the_option(no_work: None, args: list[str],
                                                                   option: str) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert option in result.stderr
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 5  # nothing was built, let alone solved


def test_finite_float_refuses_nan_inf_and_out_of_range() -> None:
    positive = FiniteFloat(0, 10, low_open=True)
    assert positive.convert("2.5", None, None) == 2.5
    assert positive.convert("10", None, None) == 10.0
    for bad in ("nan", "NaN", "inf", "-inf", "0", "-1", "10.5", "ten", ""):
        with pytest.raises(click.BadParameter):
            positive.convert(bad, None, None)
    assert TIME_LIMIT.convert("0.5", None, None) == 0.5


def test_number_lists_expand_ranges_exactly() -> None:
    assert CAPS.convert("10:40:10", None, None) == [10, 20, 30, 40]
    assert CAPS.convert("none, 5, 7", None, None) == [None, 5, 7]
    assert BUDGETS.convert("0.1:0.3:0.1", None, None) == [0.1, 0.2, 0.3]  # floats would miss 0.3
    assert BUDGETS.convert("1000:2000:400", None, None) == [1000.0, 1400.0, 1800.0]


def test_a_huge_range_is_refused_without_being_built() -> None:
    started = time.monotonic()
    with pytest.raises(click.BadParameter, match="at most 200"):
        BUDGETS.convert("0:999999999:0.000001", None, None)
    with pytest.raises(click.BadParameter, match="at most 200"):
        CAPS.convert("1:5:1,0:999999:1", None, None)
    assert time.monotonic() - started < 0.5


def test_good_numbers_still_work(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["plan", Y, "-o", str(out), "--time-limit", "2", "--workers", "1",
                                       "--seed", str(2**31 - 1), "-q"])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_the_cli_and_the_api_share_the_default_time_limit() -> None:
    assert SolveOptions().time_limit == DEFAULT_TIME_LIMIT == 60.0  # solve() with no options
    for command in ("plan", "replan"):
        cmd = main.get_command(click.Context(main), command)
        assert cmd is not None
        params = {p.name: p for p in cmd.params}
        assert params["time_limit"].default == DEFAULT_TIME_LIMIT
        assert params["work_limit"].default is None


def test_time_and_work_limits_reach_the_solver(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ambassade_opt.planning as planning

    seen: list[SolveOptions] = []
    real_solve = planning.solve

    def spy(instance: Instance, options: SolveOptions, client: object = None) -> SolveResult:
        seen.append(options)
        return real_solve(instance, options, client=client)  # type: ignore[arg-type]

    monkeypatch.setattr(planning, "solve", spy)
    args = ["plan", Y, "-o", str(tmp_path / "plan.json"), "--workers", "1", "-q"]
    assert CliRunner().invoke(main, [*args, "--time-limit", "30", "--work-limit", "0.5"]).exit_code == 0
    assert CliRunner().invoke(main, args).exit_code == 0
    assert [(o.time_limit, o.work_limit) for o in seen] == [(30.0, 0.5), (DEFAULT_TIME_LIMIT, None)]


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe[shares]", "--params: {path}: not UTF-8 text (byte 0)"),
    (b"coverage = ", "--params: {path}: not TOML: Invalid value"),
    (b"[blocks]\nblock_work = inf\n", "blocks.block_work: inf is not a finite number"),
    (b"[lns]\nsub_seconds = nan\n", "lns.sub_seconds: nan is not a finite number"),
    (b"[shares]\ncolour = 1\n", "shares.colour: unknown parameter"),
])
def test_a_bad_parameters_file_is_refused_before_any_work(no_work: None, tmp_path: Path, content: bytes,
                                                          words: str) -> None:
    """Found by the command fuzz test: a parameters file that is not UTF-8 was an internal error."""
    path = tmp_path / "params.toml"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["plan", Y, "-o", str(tmp_path / "plan.json"), "--params", str(path)])
    assert result.exit_code == 2, result.output
    assert words.format(path=path) in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "plan.json").exists()
