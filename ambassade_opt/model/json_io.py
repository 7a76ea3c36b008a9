"""Reading input: the bytes of a file and the JSON object they hold, each failure an
:class:`~ambassade_opt.errors.InputError` naming the file.

Both are the formats layer's (:mod:`ambassade_opt.formats.json_strict`), re-exported here for the
model's readers: one bounded read (over :func:`ambassade_opt.files.read_bytes_limited`) and one
strict JSON reader for every input.
"""

from __future__ import annotations

from typing import Any

from ..formats.json_strict import decode_json_bytes, read_input_bytes, read_json_object

__all__ = ["decode_json_bytes", "load_json_object", "read_input_bytes"]


def load_json_object(text: str | bytes, source: str | None) -> dict[str, Any]:
    """The JSON object ``text`` holds, read strictly (duplicate keys, depth, size, finite
    numbers); anything else is an :class:`InputError`."""
    return read_json_object(text, source)
