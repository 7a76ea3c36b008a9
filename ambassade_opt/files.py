"""Writing outputs so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` completely or not at all.

    A regular file (or a path that does not exist yet) is written to a temporary file in the same
    folder and renamed over the target, so readers never see a partial file. Anything else — a
    device such as ``/dev/null``, a named pipe, ``/dev/stdout`` — is written in place: renaming
    over it would replace the device or pipe with a plain file.
    """
    target = Path(path)
    data = text.encode("utf-8")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as out:
            out.write(data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp_name, stat.S_IMODE(mode))
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
