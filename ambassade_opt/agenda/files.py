"""Feeds as files: written atomically, the file being replaced read as the previous export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..files import write_folder_atomic, write_text_atomic
from ..model import Instance
from ..plan import Plan
from .entries import person_feed_filename
from .feed import build_calendar, calendar_text, export_stamp
from .previous import PreviousFeed, read_previous


def write_agenda(
    path: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    public: bool = False,
    include_uncovered: bool = False,
    stamp: datetime | None = None,
    previous: str | Path | Literal["auto"] | None = "auto",
) -> Path:
    """Write one feed atomically. ``previous="auto"``: the file being replaced, if any, is the
    previous export (so writing the same plan twice with the same ``stamp`` gives the same bytes)."""
    target = Path(path)
    before = _previous_for(target, previous)
    text = calendar_text(build_calendar(
        instance, plan, public=public, include_uncovered=include_uncovered, stamp=stamp, previous=before
    ))
    write_text_atomic(target, text)
    return target


def person_feed_filenames(ids: Iterable[str]) -> dict[str, str]:
    """File names for the feeds of ``ids`` (:func:`person_feed_filename`), distinct even on a file
    system that ignores case: ids whose names differ only by case get hashed names."""
    names = {person: person_feed_filename(person) for person in ids}
    folded = Counter(name.casefold() for name in names.values())
    return {person: person_feed_filename(person, hashed=True) if folded[name.casefold()] > 1 else name
            for person, name in names.items()}


def write_person_feeds(
    directory: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    stamp: datetime | None = None,
    people: Iterable[str] | None = None,
    use_previous: bool = True,
) -> dict[str, Path]:
    """One feed per ambassador and staff member (also those without missions, so a subscription
    stays valid all year); existing files in ``directory`` count as the previous export. Every feed
    is rendered before any is written, and they are written all or none
    (:func:`ambassade_opt.files.write_folder_atomic`)."""
    texts = person_feed_texts(directory, instance, plan, stamp=stamp, people=people,
                              use_previous=use_previous)
    write_folder_atomic(directory, {target.name: text for target, text in texts.values()})
    return {person: target for person, (target, _) in texts.items()}


def person_feed_texts(
    directory: str | Path,
    instance: Instance,
    plan: Plan,
    *,
    stamp: datetime | None = None,
    people: Iterable[str] | None = None,
    use_previous: bool = True,
) -> dict[str, tuple[Path, str]]:
    """The feeds :func:`write_person_feeds` would write: person id -> (file in ``directory``, text),
    every one rendered with one export stamp."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputError([("per_person", f"{folder} exists and is not a folder")])
    ids = list(people) if people is not None else (
        [a.id for a in instance.ambassadors] + [s.id for s in instance.staff]
    )
    now = export_stamp(stamp)
    texts: dict[str, tuple[Path, str]] = {}
    for person, name in person_feed_filenames(ids).items():
        target = folder / name
        before = _previous_for(target, "auto" if use_previous else None)
        calendar = build_calendar(instance, plan, person=person, stamp=now, previous=before)
        texts[person] = (target, calendar_text(calendar))
    return texts


def _previous_for(target: Path, previous: str | Path | Literal["auto"] | None) -> PreviousFeed | None:
    if previous is None:
        return None
    if previous == "auto":
        return read_previous(target) if target.is_file() else None
    return read_previous(Path(previous))
