"""Reading input: the bytes of a file and the JSON object they hold, each failure an
:class:`~ambassade_opt.errors.InputError` naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError


def read_input_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc.strerror or exc}")]) from None


def load_json_object(text: str | bytes, source: str | None) -> dict[str, Any]:
    """The JSON object ``text`` holds; not JSON, or JSON but not an object, is an InputError."""
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([("(file)", f"not valid JSON: {exc}")], source=source) from None
    if not isinstance(raw, dict):
        raise InputError([("(file)", f"expected a JSON object, got {type(raw).__name__}")], source)
    return raw
