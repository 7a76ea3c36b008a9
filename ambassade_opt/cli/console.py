"""A console that never fails on a character it cannot show (a Windows ``cp1252`` console...).

:func:`safe_console_streams` (run when the command line starts) makes standard output and error
replace, instead of raising on, what their encoding lacks. :func:`for_console` goes one step
further for text written to a console: the box-drawing characters of rich tables become ``-``,
``|`` and ``+`` when the encoding has no such characters, so a report stays readable instead of
turning into question marks.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata
from functools import cache


def safe_console_streams() -> None:
    """Replace, instead of failing on, characters the console's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # closed or detached: nothing to protect
                reconfigure(errors="replace")


def is_unicode(encoding: str | None) -> bool:
    """Whether ``encoding`` can write every character (a UTF encoding)."""
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def for_console(text: str, encoding: str | None) -> str:
    """``text`` with box drawing the ``encoding`` cannot write replaced by ASCII lines."""
    if is_unicode(encoding) or encoding is None:
        return text
    table = _box_table(codecs.lookup(encoding).name)
    return text.translate(table)


@cache
def _box_table(encoding: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x2500, 0x2580):  # the Box Drawing block
        char = chr(code)
        try:
            char.encode(encoding)
            continue
        except UnicodeEncodeError:
            pass
        table[code] = _ascii_line(unicodedata.name(char, "").split())
    return table


def _ascii_line(words: list[str]) -> str:
    """``-``, ``|``, ``+`` or a diagonal for the words of a box-drawing character's Unicode name."""
    if "DIAGONAL" in words:
        return "X" if "CROSS" in words else "/" if words[-1] == "LEFT" else "\\"
    across = bool({"HORIZONTAL", "LEFT", "RIGHT"} & set(words))
    down = bool({"VERTICAL", "UP", "DOWN"} & set(words))
    return "+" if across and down else "-" if across else "|" if down else "+"
