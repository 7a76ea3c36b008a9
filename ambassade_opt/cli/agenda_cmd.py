"""``ambassade-opt agenda``: the plan as iCalendar feeds (internal, public, per person) or a page.

A plan that breaks a hard rule is never published: the violations are listed, one per line, as
``check`` lists them, and the command exits 1 with nothing written. Every feed (or the page) is
rendered before anything is written; the per-person feeds are written all or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from ..errors import InputError
from ..model import Instance
from ..plan import Plan
from .app import main
from .exits import Exit
from .outputs import InputPath, OutputFile, OutputFolder, write_folder_output, write_text_output
from .progress import ProgressDisplay


def _stamp(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError([("stamp", f"{value!r} is not an ISO-8601 date-time")]) from None


def refuse_broken_plan(inst: Instance, the_plan: Plan, plan_path: Path) -> None:
    """Exit 1, listing every violation, when ``the_plan`` breaks a hard rule of ``inst``."""
    from ..scoring import validate

    the_plan.check_references(inst)
    violations = validate(inst, the_plan)
    if violations:
        for v in violations:
            click.echo(f"{v.rule}: {v.message}")
        click.echo(f"{plan_path}: {len(violations)} violation(s) of the hard rules; "
                   "a plan is published only when `check` finds none. Nothing written.", err=True)
        raise SystemExit(Exit.VIOLATIONS)


@main.command("agenda")
@click.argument("instance", type=InputPath())
@click.argument("plan", type=InputPath(dir_okay=False))
@click.option("-o", "--output", type=OutputFile(), default=None,
              help="feed (.ics) or page (.html) to write, - for stdout")
@click.option("--format", "fmt", type=click.Choice(["ics", "html"]), default="ics", show_default=True,
              help="ics: an iCalendar feed; html: one self-contained page (R7's online agenda)")
@click.option("--lang", type=click.Choice(["fr", "nl", "en"]), default="fr", show_default=True,
              help="language of the html page (numbers and dates the Belgian way in fr and nl)")
@click.option("--public", is_flag=True, help="public feed or page: name only people who consented")
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
    help="export time (ISO-8601): DTSTAMP, and LAST-MODIFIED of changed events; default: now",
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
    fmt: str,
    lang: str,
    public: bool,
    include_uncovered: bool,
    per_person: str | None,
    stamp: datetime | None,
    previous: Path | None,
    fresh: bool,
    quiet: bool,
) -> None:
    """Write the agenda of PLAN for the year INSTANCE as iCalendar (RFC 5545) feeds, or as a page.

    Event UIDs derive from mission ids, so importing a re-export after a re-plan updates
    events instead of duplicating them. A plan that breaks a hard rule is not published (exit 1).
    """
    if output is None and per_person is None:
        raise InputError([("output", "give -o FILE and/or --per-person FOLDER")])
    if public and include_uncovered:
        raise InputError([("include_uncovered", "the public agenda lists covered missions only")])
    if previous is not None and fresh:
        raise InputError([("previous", "--previous and --fresh exclude each other")])
    if fmt == "html" and (per_person is not None or previous is not None or fresh):
        raise InputError([("format", "--per-person, --previous and --fresh are for iCalendar feeds")])
    with ProgressDisplay("agenda", quiet=quiet) as display:
        display.step(f"reading {instance} and {plan}")
        inst = Instance.load(instance)
        the_plan = Plan.load(plan)
        refuse_broken_plan(inst, the_plan, plan)
        if fmt == "html":
            assert output is not None
            _write_page(display, output, inst, the_plan, public=public, include_uncovered=include_uncovered,
                        lang=lang, stamp=stamp)
        else:
            feeds = _feeds(display, output, per_person, inst, the_plan, public=public,
                           include_uncovered=include_uncovered, stamp=stamp, previous=previous, fresh=fresh)
            _write_feeds(display, feeds, output, per_person, public=public)


def _write_page(display: ProgressDisplay, output: str, inst: Instance, the_plan: Plan, *, public: bool,
                include_uncovered: bool, lang: str, stamp: datetime | None) -> None:
    from ..pages import render_agenda_page

    kind = "public" if public else "internal"
    display.step(f"building the {kind} agenda page ({lang})")
    page = render_agenda_page(inst, the_plan, public=public, include_uncovered=include_uncovered,
                              lang=lang, stamp=stamp)
    write_text_output(output, page)
    if output != "-":
        display.print(f"{output}: {kind} agenda page ({lang})")


@dataclass(frozen=True)
class _Feeds:
    """The feeds of one export, rendered and not yet written."""

    text: str | None  # the -o feed
    counts: Mapping[str, int]  # its events by STATUS
    per_person: dict[str, tuple[Path, str]] | None  # person -> (file, feed)


def _feeds(display: ProgressDisplay, output: str | None, per_person: str | None, inst: Instance,
           the_plan: Plan, *, public: bool, include_uncovered: bool, stamp: datetime | None,
           previous: Path | None, fresh: bool) -> _Feeds:
    from ..agenda import (
        build_calendar,
        calendar_text,
        count_events,
        export_stamp,
        person_feed_texts,
        read_previous,
    )

    now = export_stamp(stamp)  # one moment for every feed of this export
    text: str | None = None
    counts: Mapping[str, int] = {}
    if output is not None:
        before = None
        if previous is not None:
            before = read_previous(previous)
        elif not fresh and output != "-" and Path(output).is_file():
            before = read_previous(Path(output))
        display.step("building the feed")
        calendar = build_calendar(inst, the_plan, public=public, include_uncovered=include_uncovered,
                                  stamp=now, previous=before)
        text = calendar_text(calendar)
        counts = count_events(calendar)
    feeds = None
    if per_person is not None:
        display.step("building one feed per person")
        feeds = person_feed_texts(per_person, inst, the_plan, stamp=now, use_previous=not fresh)
    return _Feeds(text, counts, feeds)


def _write_feeds(display: ProgressDisplay, feeds: _Feeds, output: str | None, per_person: str | None, *,
                 public: bool) -> None:
    """Write what :func:`_feeds` rendered: the per-person folder (all or none), then the -o feed."""
    if feeds.per_person is not None and per_person is not None:
        write_folder_output(per_person, {target.name: text for target, text in feeds.per_person.values()})
        display.print(f"{len(feeds.per_person)} personal feeds written to {per_person}")
    if output is not None and feeds.text is not None:
        write_text_output(output, feeds.text)
        if output != "-":
            display.print(f"{output}: {'public' if public else 'internal'} agenda, "
                          f"{_event_counts(feeds.counts)}")


def _event_counts(counts: Mapping[str, int]) -> str:
    """'9 events (8 confirmed, 1 cancelled)': confirmed, tentative, cancelled, then any other status."""
    total = sum(counts.values())
    order = ["CONFIRMED", "TENTATIVE", "CANCELLED"]
    details = ", ".join(f"{counts[s]} {s.lower()}" for s in sorted(
        counts, key=lambda s: (order.index(s) if s in order else len(order), s)))
    return f"{total} event{'s' if total != 1 else ''}" + (f" ({details})" if details else "")
