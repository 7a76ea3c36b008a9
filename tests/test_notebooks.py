"""The analysts' notebooks run top to bottom (a broken notebook fails the test run) and are kept
in the repository without outputs."""

from __future__ import annotations

import ast
import json
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import ambassade_opt

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01_plan_a_year.ipynb", "02_how_many_ambassadors.ipynb", "03_governance.ipynb",
         "04_a_year_from_start_to_finish.ipynb"]
# What an executed notebook must show (regular expressions, matched line by line on its outputs).
# Notebook 01: a plan proven good, and counts as whole numbers (a float count reads "70.0").
EXPECTED_OUTPUTS: dict[str, list[str]] = {
    "01_plan_a_year.ipynb": [r"^every stage is within 1% of its bound: status optimal$",
                             r"^ambassadors\s+20$", r"^missions\s+70$", r"^group cap\s+\d+$",
                             r"^covered\s+\d+$", r"^active_ambassadors\s+\d+$", r"^max_load\s+\d+$"],
    "04_a_year_from_start_to_finish.ipynb": [r"^missions\s+\d+$", r"^covered\s+\d+$"],
}
# Each notebook is meant to take well under 30 s on an idle machine; the timeout only catches a hang.
CELL_TIMEOUT_S = 180


def test_every_notebook_is_tested() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: strip the outputs"


def test_notebooks_match_their_generator() -> None:
    """The committed notebooks are what notebooks/make_notebooks.py writes (edit it, not them)."""
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(NOTEBOOKS))
    for name, cells in make_notebooks.NOTEBOOKS.items():
        expected = nbformat.writes(make_notebooks.build(cells)) + "\n"
        stored = (NOTEBOOKS / name).read_text(encoding="utf-8")
        assert stored == expected, f"re-run notebooks/make_notebooks.py ({name})"


def _private_uses(source: str) -> list[str]:
    """Imports of ``ambassade_opt`` other than its public names, and private attributes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("ambassade_opt.")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ambassade_opt"):
            if node.module != "ambassade_opt":
                found.append(f"from {node.module} import ...")
            found += [a.name for a in node.names if a.name not in ambassade_opt.__all__]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.endswith("__"):
            found.append(f".{node.attr}")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_use_the_public_api_only(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert [use for source in code for use in _private_uses(source)] == []


def test_the_public_api_check_sees_private_uses() -> None:
    source = ("import ambassade_opt.solver\nfrom ambassade_opt.sweeps import deterministic_limits\n"
              "from ambassade_opt import solve, _EXPORTS\nplan._repr_html_()\nplan.__class__")
    assert _private_uses(source) == ["ambassade_opt.solver", "from ambassade_opt.sweeps import ...",
                                     "deterministic_limits", "_EXPORTS", "._repr_html_"]


def _output_lines(notebook: nbformat.NotebookNode) -> list[str]:
    texts = []
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") if out.output_type == "stream"
                         else out.get("data", {}).get("text/plain", ""))
    return [line.rstrip() for text in texts for line in text.splitlines()]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits the environment: no display, and no write outside the temporary folder.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    # A "python3" kernel spec on this very interpreter (the venv), found first on JUPYTER_PATH, so
    # that a kernel registered elsewhere on the machine is never used; nothing is registered.
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ambassade_opt tests", "language": "python",
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    errors = [out for cell in notebook.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.executable
    lines = _output_lines(notebook)
    missing = [p for p in EXPECTED_OUTPUTS.get(name, []) if not any(re.match(p, line) for line in lines)]
    assert missing == [], "\n".join(lines)
    print(f"{name}: {seconds:.1f} s")
