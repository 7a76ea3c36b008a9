"""Command line: ``ambassade-opt <command>`` (DOMAIN.md section 7).

Each command lives in its own module of this package and registers itself on :data:`main`;
:data:`.app.COMMAND_MODULES` says which module holds which command, and modules are imported only
when needed.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
