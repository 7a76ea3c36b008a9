"""Command line: ``ambassade-opt <command>`` (DOMAIN.md section 7).

Each command lives in its own module of this package and registers itself on :data:`main` when the
module is imported.
"""

from __future__ import annotations

from . import (  # noqa: F401  (imported for their commands)
    agenda_cmd,
    analyst_cmds,
    check_cmds,
    generate_cmd,
    govern_cmd,
    instance_cmds,
    plan_cmds,
    replan_cmds,
)
from .app import main

__all__ = ["main"]
