"""The one JSON reader for every input: instances, plans, changes, governance, actuals, policy
files and the JSON cells of sheets.

Python's ``json`` module accepts things that silently change what a file says, or crash on it:

* a key written twice in one object: the last value wins and the first disappears;
* ``NaN``, ``Infinity`` and numbers such as ``1e400`` (read as infinity);
* nesting a thousand levels deep: a ``RecursionError``;
* integers of thousands of digits: a ``ValueError`` from the integer conversion limit;
* ``"\\ud800"``: a lone surrogate, which no output can encode.

:func:`loads_strict` refuses each of these with its location in the data (``missions[2].id``) or in
the text (line and column), all of them at once, raising :class:`JsonRejected`. :func:`read_json`
wraps that for a whole document and raises :class:`~ambassade_opt.errors.InputError`.
:func:`read_input_bytes` reads an input file within :data:`ambassade_opt.files.MAX_INPUT_BYTES`,
as an :class:`InputError` when it cannot.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Loc, RawProblem, format_loc
from ..files import MAX_INPUT_BYTES, read_bytes_limited

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted. The deepest document of the project (a changes
file adding an ambassador with unavailable ranges) nests 6 levels."""

MAX_INTEGER_DIGITS = 30
"""Longest integer literal accepted, in digits. Every count, amount and seed of a year fits in 19
digits (a 64-bit integer); the model's field ranges then say which values a field takes."""

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"\\[]{}')
_BIG_NUMBER = re.compile(rf"\d{{{MAX_INTEGER_DIGITS + 1},}}|[eE][+-]?\d{{3,}}")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_OPENERS = frozenset("[{")


class JsonRejected(ValueError):
    """JSON text that :func:`loads_strict` refuses; ``problems`` are ``(path, message)`` pairs with
    paths into the data (empty for the text as a whole)."""

    def __init__(self, problems: list[RawProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{format_loc(loc)}: {msg}" for loc, msg in problems))


class _Bad:
    """Stands in the parsed data for a value refused while parsing, until its path is known."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _DuplicateKeys(dict[str, Any]):
    """An object in which some keys were written more than once."""

    duplicates: list[str]


def loads_strict(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON ``text``; raise :class:`JsonRejected` listing every problem of the kinds above."""
    deep_at = _too_deep_at(text, max_depth)
    if deep_at is not None:
        line, column = _line_column(text, deep_at)
        raise JsonRejected([((), f"nested deeper than {max_depth} levels (line {line}, column {column})")])
    flagged: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) == len(items):
            return out
        flagged.append(True)
        dup = _DuplicateKeys(out)
        seen: set[str] = set()
        dup.duplicates = [k for k, _ in items if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        return dup

    def number(literal: str) -> float | _Bad:
        value = float(literal)
        if math.isfinite(value):
            return value
        flagged.append(True)
        return _Bad(f"{literal} is too large: numbers must be finite")

    def integer(literal: str) -> int | _Bad:
        digits = len(literal.lstrip("-"))
        if digits <= MAX_INTEGER_DIGITS:
            return int(literal)
        flagged.append(True)
        return _Bad(f"an integer of {digits} digits is too large (at most {MAX_INTEGER_DIGITS})")

    def constant(name: str) -> _Bad:
        flagged.append(True)
        return _Bad(f"{name} is not allowed: numbers must be finite")

    # Numbers go through Python callbacks only when the text may hold one out of range.
    hooks: dict[str, Any] = {"parse_float": number, "parse_int": integer} if _BIG_NUMBER.search(text) else {}
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, **hooks)
    except json.JSONDecodeError as exc:
        raise JsonRejected([((), f"not valid JSON: {exc}")]) from None
    except RecursionError:  # only if max_depth is above the interpreter's limit
        raise JsonRejected([((), "nested too deeply")]) from None
    if flagged or _SURROGATE_ESCAPE.search(text):
        problems = list(_problems(data))
        if problems:
            raise JsonRejected(problems)
    return data


def _problems(data: Any) -> Iterator[RawProblem]:
    """Every refused value, duplicated key and lone surrogate in ``data``, in document order."""
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, _Bad):
            yield loc, value.message
        elif isinstance(value, str):
            if not _encodable(value):
                yield loc, "holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape), which is not text"
        elif isinstance(value, dict):
            if isinstance(value, _DuplicateKeys):
                for key in dict.fromkeys(value.duplicates):
                    yield (*loc, key), "this key appears more than once in the same object"
            for key in value:
                if not _encodable(key):
                    yield (*loc, key), "the key holds a lone UTF-16 surrogate, which is not text"
            stack.extend(((*loc, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep_at(text: str, max_depth: int) -> int | None:
    """The offset in ``text`` where nesting first exceeds ``max_depth``, or ``None``."""
    if text.count("[") + text.count("{") <= max_depth:
        return None
    # Keep quotes, backslashes and brackets only (C speed), then drop the strings: brackets remain.
    structure = text.encode("utf-8", "surrogatepass").translate(None, _NOT_STRUCTURE)
    brackets = _STRING.sub(b"", structure)
    if not _exceeds(brackets, max_depth):
        return None
    depth = 0
    for match in _TOKEN.finditer(text):  # only on refusal: find where, in the text itself
        token = match.group()
        if token in _OPENERS:
            depth += 1
            if depth > max_depth:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return 0


def _exceeds(brackets: bytes, max_depth: int, chunk: int = 1 << 20) -> bool:
    """Whether the running depth of a string of brackets ever exceeds ``max_depth``."""
    import numpy as np

    depth = 0
    for start in range(0, len(brackets), chunk):
        part = np.frombuffer(brackets[start:start + chunk], dtype=np.uint8)
        steps = np.where((part == ord("[")) | (part == ord("{")), 1, -1).astype(np.int64)
        running = np.cumsum(steps) + depth
        if int(running.max()) > max_depth:
            return True
        depth = int(running[-1])
    return False


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------------------------
# Whole documents


def decode_json_bytes(data: bytes | str, source: str | None = None) -> str:
    """The text of a JSON document: UTF-8 (a byte-order mark is fine), at most
    :data:`MAX_INPUT_BYTES`; anything else is an :class:`InputError`."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError([("(file)", f"larger than the limit of {MAX_INPUT_BYTES:,} bytes")], source)
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([("(file)", f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")],
                         source) from None


def read_json(data: bytes | str, source: str | None = None) -> Any:
    """The JSON value of a whole document, read strictly; every problem an :class:`InputError`
    entry located by its path in the data (``(file)`` for the document as a whole)."""
    text = decode_json_bytes(data, source)
    try:
        return loads_strict(text)
    except JsonRejected as exc:
        raise InputError([(format_loc(loc) if loc else "(file)", msg) for loc, msg in exc.problems],
                         source) from None


def read_json_object(data: bytes | str, source: str | None = None) -> dict[str, Any]:
    """Like :func:`read_json`, for documents that must be a JSON object."""
    value = read_json(data, source)
    if not isinstance(value, dict):
        raise InputError([("(file)", f"expected a JSON object, got {_json_type(value)}")], source)
    return value


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def read_input_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the input file ``path``: a regular file of at most ``limit`` bytes.

    Anything else — a missing or unreadable file, a folder, a device such as ``/dev/zero``, a named
    pipe, a file over the limit — is an :class:`InputError` naming the file. The reading itself is
    :func:`ambassade_opt.files.read_bytes_limited`.
    """
    try:
        return read_bytes_limited(path, limit)
    except OSError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc.strerror or exc}")]) from None
    except ValueError as exc:
        raise InputError([(str(path), f"cannot read the file: {exc}")]) from None
