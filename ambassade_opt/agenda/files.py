"""Feeds as files: written atomically, the file being replaced read as the previous export."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..files import write_folder_atomic, write_text_atomic
from ..model import Instance
from ..plan import Plan
from .entries import person_feed_filename
from .feed import PreviousEvent, build_calendar, calendar_text, read_previous

# --------------------------------------------------------------------------------------------
# Files


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
    previous export (so writing the same plan twice gives the same bytes)."""
    target = Path(path)
    before = _previous_for(target, previous)
    text = calendar_text(build_calendar(
        instance, plan, public=public, include_uncovered=include_uncovered, stamp=stamp, previous=before
    ))
    write_text_atomic(target, text)
    return target


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
    """The feeds :func:`write_person_feeds` would write: person id -> (file in ``directory``, text)."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputError([("per_person", f"{folder} exists and is not a folder")])
    ids = list(people) if people is not None else (
        [a.id for a in instance.ambassadors] + [s.id for s in instance.staff]
    )
    texts: dict[str, tuple[Path, str]] = {}
    for person in ids:
        target = folder / person_feed_filename(person)
        before = _previous_for(target, "auto" if use_previous else None)
        calendar = build_calendar(instance, plan, person=person, stamp=stamp, previous=before)
        texts[person] = (target, calendar_text(calendar))
    return texts


def _previous_for(
    target: Path, previous: str | Path | Literal["auto"] | None
) -> dict[str, PreviousEvent] | None:
    if previous is None:
        return None
    if previous == "auto":
        return read_previous(target) if target.is_file() else None
    return read_previous(Path(previous))
