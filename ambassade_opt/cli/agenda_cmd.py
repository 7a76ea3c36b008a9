"""``ambassade-opt agenda``: the plan as iCalendar feeds (internal, public, per person)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import input_path, main, write_output


def _stamp(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError([("stamp", f"{value!r} is not an ISO-8601 date-time")]) from None


@main.command("agenda")
@click.argument("instance", callback=input_path)
@click.argument("plan", callback=input_path)
@click.option("-o", "--output", default=None, help="feed to write (.ics), - for stdout")
@click.option("--public", is_flag=True, help="public feed: name only people who consented")
@click.option(
    "--include-uncovered",
    is_flag=True,
    help="internal feed: list uncovered missions too, as TENTATIVE events",
)
@click.option(
    "--per-person",
    "per_person",
    type=click.Path(file_okay=False),
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
    type=click.Path(dir_okay=False),
    default=None,
    help="previous export of this feed (default: the output file itself, if it exists)",
)
@click.option("--fresh", is_flag=True, help="ignore any previous export: every event at SEQUENCE 0")
def agenda(
    instance: Path,
    plan: Path,
    output: str | None,
    public: bool,
    include_uncovered: bool,
    per_person: str | None,
    stamp: datetime | None,
    previous: str | None,
    fresh: bool,
) -> None:
    """Write the agenda of PLAN for the year INSTANCE as iCalendar (RFC 5545) feeds.

    Event UIDs derive from mission ids, so importing a re-export after a re-plan updates
    events instead of duplicating them.
    """
    from ..agenda import build_calendar, calendar_text, read_previous, write_person_feeds

    if output is None and per_person is None:
        raise InputError([("output", "give -o FILE and/or --per-person FOLDER")])
    if public and include_uncovered:
        raise InputError([("include_uncovered", "the public agenda lists covered missions only")])
    if previous is not None and fresh:
        raise InputError([("previous", "--previous and --fresh exclude each other")])
    inst = Instance.load(instance)
    the_plan = Plan.load(plan)

    text: str | None = None
    if output is not None:
        before = None
        if previous is not None:
            before = read_previous(Path(previous))
        elif not fresh and output != "-" and Path(output).is_file():
            before = read_previous(Path(output))
        calendar = build_calendar(
            inst, the_plan, public=public, include_uncovered=include_uncovered, stamp=stamp, previous=before
        )
        text = calendar_text(calendar)
    # The per-person feeds are rendered completely before any of them is written.
    if per_person is not None:
        written = write_person_feeds(per_person, inst, the_plan, stamp=stamp, use_previous=not fresh)
        click.echo(f"{len(written)} personal feeds written to {per_person}", err=True)
    if output is not None and text is not None:
        write_output(output, text)
        if output != "-":
            n_events = text.count("BEGIN:VEVENT")
            kind = "public" if public else "internal"
            click.echo(f"{output}: {kind} agenda, {n_events} events", err=True)
