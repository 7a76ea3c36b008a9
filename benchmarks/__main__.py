"""Run every benchmark module of this package (``python -m benchmarks``) with its default arguments."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        runner = getattr(module, "main", None)
        if runner is None:
            continue
        print(f"== {info.name}", flush=True)
        code = runner([])
        failures += bool(code)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
