"""Writing outputs so that a failure never leaves a half-written file or folder behind.

Every function here either completes or leaves the target as it was: data goes to a temporary
name in the same folder first (same file system, so the final ``os.replace`` is atomic), and the
temporary name is removed again when anything fails, including ``KeyboardInterrupt``. Errors are
the ``OSError`` of the operation that failed; the command line turns them into a message.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` completely or not at all; see :func:`write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all.

    A regular file (or a path that does not exist yet) is written to a temporary file in the same
    folder, flushed to disk and renamed over the target, so readers never see a partial file; an
    existing file keeps its permission bits. Anything else — a device such as ``/dev/null``, a
    named pipe, ``/dev/stdout`` — is written in place: renaming over it would replace the device or
    pipe with a plain file.
    """
    target = Path(path)
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as out:
            out.write(data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{_short(target.name)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, stat.S_IMODE(mode) if mode is not None else 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_folder_atomic(path: str | Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (name -> text or bytes) into the folder ``path``, all of them or none.

    A folder that does not exist yet is built under a temporary name next to it and renamed into
    place once every file is on disk, so it appears complete or not at all. In an existing folder,
    every file is first written and flushed under a temporary name; only when all of them are
    there are they renamed over their targets (other files in the folder are left alone). Text is
    written as UTF-8 exactly as given (no newline translation). Returns the paths written, in the
    order of ``files``.
    """
    folder = Path(path)
    for name in files:
        if not name or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"{name!r} is not a plain file name")
    if not folder.exists():
        return _write_new_folder(folder, files)
    temporary: dict[str, str] = {}
    try:
        for name, content in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{_short(name)}.", suffix=".tmp", dir=folder)
            temporary[name] = tmp
            _fill(fd, content)
            os.chmod(tmp, 0o644)
        for name, tmp in temporary.items():
            os.replace(tmp, folder / name)
    except BaseException:
        for tmp in temporary.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    return [folder / name for name in files]


def _write_new_folder(folder: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    parent = folder.parent if str(folder.parent) else Path(".")
    building = Path(tempfile.mkdtemp(prefix=f".{_short(folder.name)}.", suffix=".tmp", dir=parent))
    try:
        for name, content in files.items():
            fd = os.open(building / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            _fill(fd, content)
        os.chmod(building, 0o755)
        os.rename(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [folder / name for name in files]


def _fill(fd: int, content: str | bytes) -> None:
    with os.fdopen(fd, "wb") as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)
        out.flush()
        os.fsync(out.fileno())


def _short(name: str) -> str:
    """A prefix for temporary names: long target names must not make the temporary name too long."""
    return name[:40]


# The largest input file read: a synthetic XL year (6,000 ambassadors x 40,000 missions) is about
# 40 MB of JSON, so this leaves room for real years while a runaway file (or /dev/zero) is refused
# instead of filling the memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def read_bytes_limited(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The content of the regular file ``path``, refusing anything longer than ``limit`` bytes.

    Raises ``ValueError`` (with a message for people) when ``path`` is not a regular file — a
    device such as ``/dev/zero`` or a named pipe would never end, or block — or when it holds more
    than ``limit`` bytes (checked while reading: a file may grow, and some files report size 0).
    ``OSError`` for a file that cannot be opened or read.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer (regular files ignore the flag).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a device or a pipe cannot be read as an input)")
        if info.st_size > limit:
            raise ValueError(f"larger than the limit of {limit:,} bytes")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than the limit of {limit:,} bytes")
    return data

