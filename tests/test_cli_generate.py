"""``ambassade-opt generate``: writes a loadable year, refuses bad arguments with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade_opt.cli import main
from ambassade_opt.model import Instance
from ambassade_opt.synthetic import generate


def test_generate_writes_a_loadable_year_identical_to_the_library(tmp_path: Path) -> None:
    out = tmp_path / "year.json"
    result = CliRunner().invoke(main, ["generate", "--size", "S", "--seed", "4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    inst = Instance.load(out)
    assert (len(inst.ambassadors), len(inst.missions)) == (40, 150)
    assert out.read_text(encoding="utf-8") == generate("S", seed=4).to_json()


def test_generate_honours_the_year_and_lower_case_sizes(tmp_path: Path) -> None:
    out = tmp_path / "year.json"
    args = ["generate", "--size", "s", "--seed", "1", "--year", "2030", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    inst = Instance.load(out)
    assert inst.year == 2030 and all(m.start.year == 2030 for m in inst.missions)


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--size", "XXL"], "--size"),
        (["--seed", "-3"], "--seed"),
        (["--seed", "abc"], "--seed"),
        (["--year", "20270"], "--year"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path: Path, args: list[str], mentions: str) -> None:
    out = tmp_path / "year.json"
    result = CliRunner().invoke(main, ["generate", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert mentions in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_exits_2_naming_the_output(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "year.json"
    result = CliRunner().invoke(main, ["generate", "-o", str(out)])
    assert result.exit_code == 2
    assert "output" in result.output and "does not exist" in result.output
    assert not (tmp_path / "no").exists()


def test_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "year.json"
    out.write_text("old content that is longer than nothing", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "--seed", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == generate("S", seed=2).to_json()
    assert [p.name for p in tmp_path.iterdir()] == ["year.json"]


def test_dash_writes_the_year_to_standard_output() -> None:
    result = CliRunner().invoke(main, ["generate", "--seed", "3", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == generate("S", seed=3).to_json()


def test_output_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_size_error_lists_the_sizes(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--size", "huge", "-o", str(tmp_path / "y.json")])
    assert result.exit_code == 2
    assert "S, M, L, XL" in result.output
