"""The pages in a real headless browser (Debian's chromium): rendered, screenshotted, printed.

Skipped when chromium is not installed (``make chromium`` installs it); the HTML parser tests
in test_pages_*.py always run.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from _agenda_helpers import valid_plan

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "render_pages.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_pages", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_pages"] = module
    spec.loader.exec_module(module)
    return module


render_pages = _script()
BROWSER = render_pages.find_chromium()
needs_browser = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (make chromium)")


@needs_browser
def test_pages_render_in_headless_chromium(tiny_path: Path, tmp_path: Path) -> None:
    from PIL import Image

    plan_path = tmp_path / "plan.json"
    valid_plan().save(plan_path)
    pages = render_pages.write_pages(tmp_path, tiny_path, plan_path)
    assert [p.stem for p in pages] == ["report-fr", "report-nl", "agenda-public-fr", "agenda-public-nl"]
    for page in pages[:3]:
        done = render_pages.render(page, tmp_path, BROWSER, height=3000)
        with Image.open(done.screenshot) as image:
            assert image.width == 1280 and image.height > 600
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
            assert colours is not None and len(colours) > 20  # more than a blank page
        assert done.pdf.read_bytes().startswith(b"%PDF")


def test_the_check_script_reports_a_missing_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(render_pages.shutil, "which", lambda name: None)
    assert render_pages.main(["--out", str(tmp_path), "--instance", "x", "--plan", "y"]) == 3
    assert "apt-get install -y chromium" in capsys.readouterr().err
