"""``python -m ambassade_opt``: the same command line as ``ambassade-opt``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main(prog_name="ambassade-opt")
