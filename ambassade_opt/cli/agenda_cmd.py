"""``ambassade-opt agenda``: the plan as iCalendar feeds (internal, public, per person)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import main
from .outputs import InputPath, OutputFile, OutputFolder, write_folder_output, write_text_output
from .progress import ProgressDisplay


def _stamp(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError([("stamp", f"{value!r} is not an ISO-8601 date-time")]) from None


@main.command("agenda")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("-o", "--output", type=OutputFile(), default=None, help="feed to write (.ics), - for stdout")
@click.option("--public", is_flag=True, help="public feed: name only people who consented")
@click.option(
    "--include-uncovered",
    is_flag=True,
    help="internal feed: list uncovered missions too, as TENTATIVE events",
)
@click.option(
    "--per-person",
    "per_person",
    type=OutputFolder(),
    default=None,
    help="folder receiving one feed per ambassador and staff member",
)
@click.option(
    "--stamp",
    callback=_stamp,
    default=None,
    help="revision time (ISO-8601) for changed events; default: from the plan's run record",
)
@click.option(
    "--previous",
    type=InputPath(dir_okay=False, may_be_output=True),
    default=None,
    help="previous export of this feed (default: the output file itself, if it exists)",
)
@click.option("--fresh", is_flag=True, help="ignore any previous export: every event at SEQUENCE 0")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr")
def agenda(
    instance: Path,
    plan: Path,
    output: str | None,
    public: bool,
    include_uncovered: bool,
    per_person: str | None,
    stamp: datetime | None,
    previous: Path | None,
    fresh: bool,
    quiet: bool,
) -> None:
    """Write the agenda of PLAN for the year INSTANCE as iCalendar (RFC 5545) feeds.

    Event UIDs derive from mission ids, so importing a re-export after a re-plan updates
    events instead of duplicating them.
    """
    from ..agenda import build_calendar, calendar_text, person_feed_texts, read_previous

    if output is None and per_person is None:
        raise InputError([("output", "give -o FILE and/or --per-person FOLDER")])
    if public and include_uncovered:
        raise InputError([("include_uncovered", "the public agenda lists covered missions only")])
    if previous is not None and fresh:
        raise InputError([("previous", "--previous and --fresh exclude each other")])
    with ProgressDisplay("agenda", quiet=quiet) as display:
        display.step(f"reading {instance} and {plan}")
        inst = Instance.load(instance)
        the_plan = Plan.load(plan)
        text: str | None = None
        if output is not None:
            before = None
            if previous is not None:
                before = read_previous(previous)
            elif not fresh and output != "-" and Path(output).is_file():
                before = read_previous(Path(output))
            display.step("building the feed")
            calendar = build_calendar(inst, the_plan, public=public, include_uncovered=include_uncovered,
                                      stamp=stamp, previous=before)
            text = calendar_text(calendar)
        # Every feed is rendered before anything is written.
        feeds = None
        if per_person is not None:
            display.step("building one feed per person")
            feeds = person_feed_texts(per_person, inst, the_plan, stamp=stamp, use_previous=not fresh)
    if feeds is not None and per_person is not None:
        write_folder_output(per_person, {target.name: feed for target, feed in feeds.values()})
        display.print(f"{len(feeds)} personal feeds written to {per_person}")
    if output is not None and text is not None:
        write_text_output(output, text)
        if output != "-":
            n_events = text.count("BEGIN:VEVENT")
            kind = "public" if public else "internal"
            display.print(f"{output}: {kind} agenda, {n_events} events")
