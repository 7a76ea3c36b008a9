"""Inputs and outputs of the commands: declared as click types, checked before any work.

A command declares its paths with the parameter types of this module and writes through its
functions; nothing else is needed:

```python
@main.command("plan")
@click.argument("instance", type=InputPath())
@click.option("-o", "--output", type=OutputFile(), required=True)
def plan_cmd(instance: Path, output: str) -> None:
    ...
    write_text_output(output, text)
```

The contract:

* every input is an existing regular file or folder (a device such as ``/dev/zero`` or a named
  pipe is refused, named by its parameter, exit 2);
* every output is checked when the command line is parsed, before any work: an empty name, a
  missing parent folder, a parent that is a file, a folder where a file is expected (or the
  reverse), a name the file system cannot hold, a folder that cannot be written — exit 2 naming
  the option;
* once all parameters are parsed (:func:`check_paths`, run by :class:`AppCommand`), an output is
  never the same file as an input, nor inside an input folder, and two outputs never share a
  path (two output folders are never one inside the other, and a folder output never replaces a
  file that another parameter names);
* writes are atomic (:mod:`ambassade_opt.files`), and a write that fails at the end — a full
  disk, ``/dev/full`` — raises :class:`OutputError` (exit 2 with the option, the path and the
  reason; no traceback, no partial file).

``-`` is standard output wherever an :class:`OutputFile` allows it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from ..errors import InputError
from ..files import write_bytes_atomic, write_folder_atomic
from .console import for_console

STDOUT = "-"


class OutputError(Exception):
    """An output could not be written at the end of a command (exit 2, no traceback)."""

    def __init__(self, option: str, path: str, reason: str) -> None:
        self.option, self.path, self.reason = option, path, reason
        super().__init__(f"{option}: {path}: cannot write: {reason}")


def param_label(param: click.Parameter | None) -> str:
    """How the user names a parameter: ``--output`` for an option, ``instance`` for an argument."""
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return (param.name if param is not None else None) or "input"


def _refuse(param: click.Parameter | None, message: str) -> InputError:
    return InputError([(param_label(param), message)])


class InputPath(click.ParamType[Path]):
    """An existing regular file or folder to read; converts to a :class:`~pathlib.Path`.

    ``may_be_output``: this input is meant to be read from the file about to be replaced (an
    earlier export of the same feed), so it is left out of the input/output overlap check.
    """

    name = "path"

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True, may_be_output: bool = False) -> None:
        self.file_okay, self.dir_okay, self.may_be_output = file_okay, dir_okay, may_be_output

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        check_input(str(value), param, file_okay=self.file_okay, dir_okay=self.dir_okay)
        return Path(value)


def check_input(value: str, param: click.Parameter | None, *, file_okay: bool = True,
                dir_okay: bool = True) -> None:
    """Refuse (exit 2) an input that is missing, of the wrong kind, or neither a file nor a folder."""
    if not value:
        raise _refuse(param, "an empty name is not a file")
    try:
        mode = os.stat(value).st_mode
    except FileNotFoundError:
        raise _refuse(param, f"{value}: no such file or folder") from None
    except OSError as exc:
        raise _refuse(param, f"{value}: cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        if not dir_okay:
            raise _refuse(param, f"{value} is a folder, expected a file")
    elif stat.S_ISREG(mode):
        if not file_okay:
            raise _refuse(param, f"{value} is a file, expected a folder")
    else:
        raise _refuse(param, f"{value} is not a regular file or a folder (a device or a pipe cannot "
                             "be read as an input)")


class OutputPath(click.ParamType[str]):
    """A path to write: a file (``file_okay``), a folder of files (``dir_okay``), or either, as
    another option decides (``convert -o year.json`` or ``-o sheets/``); converts to ``str``.

    ``-`` is standard output when ``allow_stdout``. A folder that does not exist yet is created by
    the write, not here.
    """

    name = "path"

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True, allow_stdout: bool = True) -> None:
        self.file_okay, self.dir_okay = file_okay, dir_okay
        self.allow_stdout = allow_stdout and file_okay

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if text == STDOUT and self.allow_stdout:
            return text
        what = "a file" if not self.dir_okay else "a folder" if not self.file_okay else "a file or folder"
        if text == "":
            raise _refuse(param, f"an empty name is not {what}")
        if text == STDOUT:
            raise _refuse(param, f"this output cannot go to standard output: give {what}")
        path = Path(text)
        mode = _mode(param, path)
        if mode is not None and stat.S_ISDIR(mode):
            if not self.dir_okay:
                raise _refuse(param, f"{text} is a folder, expected a file")
            _probe(param, path, text)
        elif mode is not None and not self.file_okay:
            raise _refuse(param, f"{text} exists and is not a folder")
        elif mode is not None and not stat.S_ISREG(mode):  # a device such as /dev/null: written in place
            if not os.access(path, os.W_OK):
                raise _refuse(param, f"{text}: cannot be written")
        else:
            _check_parent(param, path)
        return text


def _mode(param: click.Parameter | None, path: Path) -> int | None:
    """``st_mode`` of ``path``, None when it does not exist; a path the system refuses is refused."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise _refuse(param, f"{path}: {str(path.parent)!r} is not a folder") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _refuse(param, "the name is longer than the file system allows") from None
        raise _refuse(param, f"{path}: cannot be used: {exc.strerror or exc}") from None


class OutputFile(OutputPath):
    """A file to write (``-``: standard output when ``allow_stdout``); converts to ``str``."""

    name = "file"

    def __init__(self, *, allow_stdout: bool = True) -> None:
        super().__init__(file_okay=True, dir_okay=False, allow_stdout=allow_stdout)


class OutputFolder(OutputPath):
    """A folder to write files into (created if needed); converts to ``str``."""

    name = "folder"

    def __init__(self) -> None:
        super().__init__(file_okay=False, dir_okay=True, allow_stdout=False)


def _check_parent(param: click.Parameter | None, path: Path) -> None:
    parent = path.parent
    shown = str(parent)
    mode = _mode(param, parent)
    if mode is None:
        raise _refuse(param, f"{path}: the folder {shown!r} does not exist")
    if not stat.S_ISDIR(mode):
        raise _refuse(param, f"{path}: {shown!r} is not a folder")
    try:
        limit = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(path.name)) > limit:
        raise _refuse(param, f"the file name is longer than the {limit} bytes the file system allows")
    _probe(param, parent, str(path))


def _probe(param: click.Parameter | None, folder: Path, shown: str) -> None:
    """Create and remove a temporary file in ``folder``: the one sure test that it can be written."""
    try:
        fd, name = tempfile.mkstemp(prefix=".ambassade-opt-probe.", dir=folder)
    except OSError as exc:
        raise _refuse(param, f"{shown}: cannot write in {str(folder)!r}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(name)


@dataclass(frozen=True)
class _Declared:
    label: str
    value: str
    folder: bool


def _declared(ctx: click.Context) -> tuple[list[_Declared], list[_Declared]]:
    """The inputs and outputs of the command being invoked, as parsed (each value of an option
    given several times, ``multiple=True``, counts on its own)."""
    inputs: list[_Declared] = []
    outputs: list[_Declared] = []
    for param in ctx.command.params:
        given = ctx.params.get(param.name or "")
        label = param_label(param)
        kind = param.type
        for value in given if isinstance(given, tuple | list) else [given]:
            if value is None:
                continue
            if isinstance(kind, InputPath) and not kind.may_be_output:
                inputs.append(_Declared(label, str(value), Path(value).is_dir()))
            elif isinstance(kind, OutputPath):
                outputs.append(_Declared(label, str(value), kind.dir_okay and str(value) != STDOUT))
    return inputs, outputs


def _same(a: str, b: str) -> bool:
    pa, pb = Path(a), Path(b)
    if pa.resolve() == pb.resolve():
        return True
    try:
        return os.path.samefile(pa, pb)
    except OSError:
        return False


def _inside(child: str, folder: str) -> bool:
    c, f = Path(child).resolve(), Path(folder).resolve()
    return c != f and c.is_relative_to(f)


def check_paths(ctx: click.Context) -> None:
    """Refuse (exit 2) an output that would overwrite an input, or two outputs on one path."""
    inputs, every_output = _declared(ctx)
    problems: list[tuple[str, str]] = []
    on_stdout = [out.label for out in every_output if out.value == STDOUT]
    if len(on_stdout) > 1:
        problems.append((on_stdout[-1], f"{' and '.join(on_stdout)} cannot both go to standard output"))
    outputs = [out for out in every_output if out.value != STDOUT]
    for out in outputs:
        for inp in inputs:
            if _same(out.value, inp.value):
                problems.append((out.label, f"{out.value} is also the input {inp.label}: writing there "
                                            "would destroy it; choose another name"))
            elif inp.folder and _inside(out.value, inp.value):
                problems.append((out.label, f"{out.value} is inside the input folder {inp.value} "
                                            f"({inp.label}); choose a place outside it"))
    for i, one in enumerate(outputs):
        for other in outputs[i + 1:]:
            if _same(one.value, other.value):
                problems.append((other.label, f"{other.value} is also the output {one.label}: one would "
                                              "overwrite the other"))
            elif one.folder and other.folder and (_inside(other.value, one.value)
                                                  or _inside(one.value, other.value)):
                problems.append((other.label, f"{other.value} and {one.label} {one.value} overlap: one "
                                              "folder is inside the other"))
    if problems:
        raise InputError(problems)
    ctx.meta[__name__] = {out.value: out.label for out in outputs}


class AppCommand(click.Command):
    """A command whose paths are checked (:func:`check_paths`) before its callback runs."""

    def invoke(self, ctx: click.Context) -> Any:
        check_paths(ctx)
        return super().invoke(ctx)


def _label_of(path: str) -> str:
    ctx = click.get_current_context(silent=True)
    labels: dict[str, str] = ctx.meta.get(__name__, {}) if ctx is not None else {}
    return labels.get(path, "output")


def write_text_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8), or to standard output for ``-``."""
    if path == STDOUT:
        _write_stdout(text.encode("utf-8"), text)
        return
    write_bytes_output(path, text.encode("utf-8"))


def write_bytes_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; :class:`OutputError` when that fails."""
    if path == STDOUT:
        _write_stdout(data, None)
        return
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise OutputError(_label_of(path), path, exc.strerror or str(exc)) from None


def write_folder_output(path: str, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (name -> content) into the folder ``path``, all or none.

    A file that is one of the command's inputs or another of its outputs is never replaced
    (:class:`InputError`).
    """
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        inputs, outputs = _declared(ctx)
        for name in files:
            target = str(Path(path) / name)
            for other in inputs + [out for out in outputs if out.value not in (path, STDOUT)]:
                role = "input" if other in inputs else "output"
                if _same(target, other.value):
                    raise InputError([(_label_of(path), f"{target} is also the {role} {other.label}: "
                                                        "one would destroy the other")])
    try:
        return write_folder_atomic(path, files)
    except OSError as exc:
        raise OutputError(_label_of(path), path, exc.strerror or str(exc)) from None


def _write_stdout(data: bytes, text: str | None) -> None:
    try:
        if text is not None:
            click.echo(for_console(text, getattr(sys.stdout, "encoding", None)), nl=False)
            sys.stdout.flush()
        else:
            stream: BinaryIO = sys.stdout.buffer
            stream.write(data)
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError("output", "standard output", exc.strerror or str(exc)) from None
