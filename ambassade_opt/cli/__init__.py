"""Command line: ``ambassade-opt <command>`` (DOMAIN.md section 7).

Each command lives in its own module of this package and registers itself on :data:`main`.
"""

from __future__ import annotations

from . import agenda_cmd  # noqa: F401  (registers commands)
from . import analyst_cmds  # noqa: F401  (registers commands)
from . import check_cmds  # noqa: F401  (registers commands)
from . import generate_cmd  # noqa: F401  (registers commands)
from . import govern_cmd  # noqa: F401  (registers commands)
from . import instance_cmds  # noqa: F401  (registers commands)
from . import plan_cmds  # noqa: F401  (registers commands)
from . import replan_cmds  # noqa: F401  (registers commands)
from .app import main

__all__ = ["main"]
