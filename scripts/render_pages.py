"""Render the pages in a real headless browser and save screenshots (and print PDFs).

    python scripts/render_pages.py [--out benchmarks/results/pages] [--instance Y --plan P]

Without --instance/--plan, a generated S year (seed 3) is planned with one worker and a work
limit, so the pages are the same on every machine. Pages rendered: the report in
French and in Dutch, the public agenda in French and in Dutch. Each is opened by Debian's
``chromium`` (``apt-get install -y chromium``; ``make pages`` installs it) with no network, and
saved as ``<page>.png`` (the screen, 1280 px wide, trailing white space cut) and ``<page>.pdf``
(the print layout, A4); ``<page>-print-1.png`` shows the first printed page where ``pdftoppm``
(poppler-utils) is installed. Exit 0 when every page rendered, 1 when one failed, 3 when no
browser is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--disable-extensions", "--mute-audio",
)


@dataclass(frozen=True)
class Rendered:
    page: Path
    screenshot: Path
    pdf: Path
    print_preview: Path | None
    cut: bool = False  # the page is longer than the screenshot's window


def find_chromium() -> str | None:
    """The headless browser to use: Debian's ``chromium`` (or ``chromium-browser``), if installed."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run_browser(browser: str, args: list[str], timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")


def _trim(png: Path) -> int:
    """Cut the white space below the page's content (the window is taller than most pages);
    returns the screenshot's height."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return 0
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, (255, 255, 255))).getbbox()
        if box is None:
            return rgb.height
        kept = min(rgb.height, box[3] + 24)
        rgb.crop((0, 0, rgb.width, kept)).save(png)
        return kept


def render(page: Path, out_dir: Path, browser: str, height: int = 16000, timeout: float = 120.0) -> Rendered:
    """Screenshot and print ``page`` (an HTML file) with ``browser`` into ``out_dir``. The window is
    ``height`` pixels tall: a longer page is cut there on the screenshot (``Rendered.cut``), never
    in the PDF."""
    url = page.resolve().as_uri()
    screenshot = out_dir / f"{page.stem}.png"
    pdf = out_dir / f"{page.stem}.pdf"
    _run_browser(browser, [f"--window-size=1280,{height}", f"--screenshot={screenshot}", url], timeout)
    _run_browser(browser, ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", url], timeout)
    if not screenshot.is_file() or not pdf.is_file():
        raise RuntimeError(f"chromium wrote no screenshot or PDF for {page}")
    cut = _trim(screenshot) >= height
    preview = None
    if shutil.which("pdftoppm"):
        stem = out_dir / f"{page.stem}-print"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(stem)],
                       check=True, capture_output=True, timeout=timeout)
        produced = sorted(out_dir.glob(f"{page.stem}-print-*.png"))
        if produced:
            preview = produced[0].rename(out_dir / f"{page.stem}-print-1.png")
    return Rendered(page, screenshot, pdf, preview, cut)


def write_pages(out_dir: Path, instance_path: Path | None, plan_path: Path | None) -> list[Path]:
    """The four pages of the check, as HTML files in ``out_dir``."""
    from ambassade_opt import Instance, Plan
    from ambassade_opt.pages import render_agenda_page, render_report_page

    if instance_path is not None and plan_path is not None:
        year, plan = Instance.load(instance_path), Plan.load(plan_path)
    else:
        from ambassade_opt import SolveOptions, generate, solve

        year = generate("S", seed=3)
        # one worker and a work limit decide the plan; the wall limit only guards a stalled run
        plan = solve(year, SolveOptions(workers=1, seed=0, work_limit=2.0, time_limit=120)).plan
    pages = {
        "report-fr": render_report_page(year, plan, lang="fr"),
        "report-nl": render_report_page(year, plan, lang="nl"),
        "agenda-public-fr": render_agenda_page(year, plan, public=True, lang="fr"),
        "agenda-public-nl": render_agenda_page(year, plan, public=True, lang="nl"),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in pages.items():
        path = out_dir / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/pages"))
    parser.add_argument("--instance", type=Path, default=None)
    parser.add_argument("--plan", type=Path, default=None)
    args = parser.parse_args(argv)
    if (args.instance is None) != (args.plan is None):
        parser.error("give both --instance and --plan, or neither")
    browser = find_chromium()
    if browser is None:
        print("no chromium found: apt-get install -y chromium (or: make pages)", file=sys.stderr)
        return 3
    failed = 0
    for page in write_pages(args.out, args.instance, args.plan):
        try:
            done = render(page, args.out, browser)
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            print(f"{page}: FAILED: {exc}", file=sys.stderr)
            failed += 1
            continue
        extra = f", first printed page {done.print_preview}" if done.print_preview else ""
        if done.cut:
            extra += " (the page is longer than the screenshot: the PDF has all of it)"
        print(f"{page}: screenshot {done.screenshot}, print {done.pdf}{extra}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
