"""Markdown briefings: the user's annotations per article, and timeline events with notes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.dates import FuzzyDate
from desktop.core.marks import Swatch, meaning_of
from desktop.core.records import AnnotationRecord


@dataclass(frozen=True, slots=True)
class BriefArticle:
    title: str
    outlet: str | None
    published: FuzzyDate | None
    annotations: tuple[AnnotationRecord, ...]


@dataclass(frozen=True, slots=True)
class BriefEvent:
    date: FuzzyDate | None
    title: str
    actors: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (article title, passage)
    notes: tuple[str, ...]


# Characters that would start Markdown structure at the head of a line.
_LINE_START = re.compile(r"^(\s*)([#>*+\-=|]|\d+[.)])", re.MULTILINE)


def _escape(text: str) -> str:
    """Plain text safe inside a Markdown paragraph: no accidental headings, lists or HTML."""
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    for ch in "*_`[]":
        text = text.replace(ch, "\\" + ch)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _quote_block(text: str) -> str:
    lines = [_escape(line) for line in text.strip().splitlines() if line.strip()] or [""]
    return "\n".join("> " + line for line in lines)


def _day(value: dt.datetime | None) -> str:
    return "" if value is None else f"{value.day} {value:%b %Y}"


def _heading(title: str, level: int) -> str:
    return "#" * level + " " + _escape(" ".join(title.split()) or "Untitled")


def annotations_markdown(
    articles: Sequence[BriefArticle],
    palette: Sequence[Swatch],
    events: Sequence[BriefEvent] = (),
    generated: dt.datetime | None = None,
) -> str:
    """Per article: each highlight's quote, colour meaning, note, tags and date; orphans last.

    ``events`` (events carrying notes) follow under their own heading.
    """
    swatches = tuple(palette)
    total = sum(len(a.annotations) for a in articles)
    out = ["# Annotations briefing", ""]
    stamp = f" \u00b7 generated {_day(generated)}" if generated else ""
    out += [f"_{total} annotation(s) in {len(articles)} article(s){stamp}_", ""]
    for article in articles:
        out += [_heading(article.title, 2), ""]
        about = [article.outlet or "Unknown outlet"]
        if article.published is not None:
            about.append(f"published {article.published.label()}")
        out += ["_" + _escape(" \u00b7 ".join(about)) + "_", ""]
        placed = [a for a in article.annotations if not a.orphaned]
        orphans = [a for a in article.annotations if a.orphaned]
        for a in placed:
            out += _annotation_lines(a, swatches)
        if orphans:
            out += ["### Orphans (no longer found in the article's text)", ""]
            for a in orphans:
                out += _annotation_lines(a, swatches)
    if events:
        out += ["## Notes on events", ""]
        for event in events:
            out += _event_lines(event, level=3)
    return "\n".join(out).rstrip() + "\n"


def _annotation_lines(a: AnnotationRecord, swatches: tuple[Swatch, ...]) -> list[str]:
    meta = [f"**{_escape(meaning_of(a.colour, swatches))}**"]
    if a.created is not None:
        meta.append(_day(a.created))
    if a.tags:
        meta.append("tags: " + ", ".join(_escape(t) for t in a.tags))
    lines = [_quote_block(a.quote), "", " \u00b7 ".join(meta), ""]
    if a.note.strip():
        lines += [_escape(a.note.strip()), ""]
    return lines


def _event_lines(event: BriefEvent, level: int) -> list[str]:
    when = event.date.label() if event.date is not None else "Undated"
    lines = [_heading(f"{when} \u2014 {event.title}", level), ""]
    if event.actors:
        lines += ["_" + _escape(", ".join(event.actors)) + "_", ""]
    for article_title, quote in event.quotes:
        lines += [_quote_block(quote), "", f"\u2014 {_escape(article_title)}", ""]
    for note in event.notes:
        if note.strip():
            lines += ["**Note:** " + _escape(note.strip()), ""]
    return lines


def timeline_markdown(
    events: Sequence[BriefEvent],
    title: str = "Timeline briefing",
    generated: dt.datetime | None = None,
) -> str:
    """Events in the given (timeline) order under year headings, with quotes and notes."""
    out = [_heading(title, 1), ""]
    stamp = f" \u00b7 generated {_day(generated)}" if generated else ""
    out += [f"_{len(events)} event(s){stamp}_", ""]
    year: object = object()
    for event in events:
        this_year = event.date.start.year if event.date is not None else None
        if this_year != year:
            year = this_year
            out += [_heading("Undated" if this_year is None else str(this_year), 2), ""]
        out += _event_lines(event, level=3)
    return "\n".join(out).rstrip() + "\n"
