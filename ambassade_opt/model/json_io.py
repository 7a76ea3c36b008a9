"""Reading input: the bytes of a file and the JSON object they hold, each failure an
:class:`~ambassade_opt.errors.InputError` naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import MAX_INPUT_BYTES, read_bytes_limited


def read_input_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the input file ``path``: a regular file of at most ``limit`` bytes.

    Anything else — a missing or unreadable file, a device such as ``/dev/zero``, a named pipe, a
    file over the limit — is an :class:`InputError` naming the file.
    """
    try:
        return read_bytes_limited(path, limit)
    except OSError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc.strerror or exc}")]) from None
    except ValueError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc}")]) from None


def load_json_object(text: str | bytes, source: str | None) -> dict[str, Any]:
    """The JSON object ``text`` holds; not JSON, or JSON but not an object, is an InputError."""
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([("(file)", f"not valid JSON: {exc}")], source=source) from None
    if not isinstance(raw, dict):
        raise InputError([("(file)", f"expected a JSON object, got {type(raw).__name__}")], source)
    return raw
