"""ambassade_opt.files: outputs written completely or not at all; inputs read with a size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ambassade_opt.files import read_bytes_limited, write_bytes_atomic, write_folder_atomic, write_text_atomic


def failing_fsync_after(monkeypatch: pytest.MonkeyPatch, good_calls: int) -> None:
    """Make the (good_calls + 1)-th fsync fail as a full disk would."""
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > good_calls:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_new_folder_appears_complete_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"a.csv": "x;y\n1;2\n", "b.bin": b"\x00\x01", "c.json": "{}\n"}
    failing_fsync_after(monkeypatch, 2)
    with pytest.raises(OSError):
        write_folder_atomic(tmp_path / "out", files)
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its temporary twin
    monkeypatch.undo()
    written = write_folder_atomic(tmp_path / "out", files)
    assert written == [tmp_path / "out" / name for name in files]
    assert (tmp_path / "out" / "a.csv").read_bytes() == b"x;y\n1;2\n"
    assert (tmp_path / "out" / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_existing_folder_gets_every_file_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.csv").write_text("old a", encoding="utf-8")
    (folder / "keep.txt").write_text("not ours", encoding="utf-8")
    failing_fsync_after(monkeypatch, 1)
    with pytest.raises(OSError):
        write_folder_atomic(folder, {"a.csv": "new a", "b.csv": "new b"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv", "keep.txt"]
    assert (folder / "a.csv").read_text(encoding="utf-8") == "old a"
    monkeypatch.undo()
    write_folder_atomic(folder, {"a.csv": "new a", "b.csv": "new b"})
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == {
        "a.csv": "new a", "b.csv": "new b", "keep.txt": "not ours"}


@pytest.mark.parametrize("name", ["", ".", "..", "sub/x.csv", "../x.csv"])
def test_folder_file_names_are_plain_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        write_folder_atomic(tmp_path / "out", {name: "x"})
    assert list(tmp_path.iterdir()) == []


def test_a_failed_file_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    failing_fsync_after(monkeypatch, 0)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_long_target_name_does_not_make_the_temporary_name_too_long(tmp_path: Path) -> None:
    name = "p" * 250 + ".json"  # 255 bytes: the limit of most file systems
    write_bytes_atomic(tmp_path / name, b"{}")
    assert (tmp_path / name).read_bytes() == b"{}"


def test_a_device_is_written_in_place_and_its_error_reported(full_device: Path) -> None:
    with pytest.raises(OSError) as caught:
        write_text_atomic(full_device, "x" * 100_000)
    assert caught.value.errno == 28
    assert full_device.is_char_device()  # not replaced by a plain file


def test_reads_are_limited_in_size(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 1001)
    assert read_bytes_limited(path, 1001) == b"x" * 1001
    with pytest.raises(ValueError, match="larger than the limit of 1,000 bytes"):
        read_bytes_limited(path, 1000)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_not_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    with pytest.raises(ValueError, match="not a regular file"):
        read_bytes_limited(device, 1000)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(ValueError, match="not a regular file"):
        read_bytes_limited(pipe, 1000)
