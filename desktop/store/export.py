"""Exports of the timeline as the user sees it (corrections applied, hidden events left out)."""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import FuzzyDate
from desktop.core.records import EventRecord
from desktop.store import repo
from desktop.store.schema import Article, EventSource

CSV_HEADER = (
    "event_id",
    "date",
    "precision",
    "date_text",
    "title",
    "actors",
    "article_id",
    "article_title",
    "start",
    "end",
    "quote",
)

# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_json(s: Session) -> dict[str, Any]:
    """Articles, actors and visible events as plain JSON-ready data (dates as TIMEX3)."""
    articles = [
        {
            "id": row.id,
            "path": row.path,
            "title": row.title,
            "outlet": row.outlet,
            "published": row.published_value,
            "published_precision": row.published_precision,
            "published_inferred": bool(row.published_inferred),
        }
        for row in s.execute(
            select(
                Article.id,
                Article.path,
                Article.title,
                Article.outlet,
                Article.published_value,
                Article.published_precision,
                Article.published_inferred,
            ).order_by(Article.id)
        )
    ]
    actors = [
        {"id": a.id, "name": a.name, "kind": a.kind.value, "aliases": list(a.aliases)}
        for a in repo.list_actors(s)
    ]
    events = repo.list_events(s)
    sources = _sources_by_event(s)
    return {
        "articles": articles,
        "actors": actors,
        "events": [
            {
                "id": ev.id,
                "date": _timex(ev.date),
                "precision": ev.date.precision.value if ev.date else None,
                "date_text": ev.date_text,
                "title": ev.title,
                "actors": list(ev.actor_ids),
                "sources": [
                    {"article": src["article_id"], **{k: src[k] for k in ("start", "end", "quote")}}
                    for src in sources[ev.id]
                ],
            }
            for ev in events
        ],
    }


def export_csv(s: Session, out: TextIO) -> None:
    """One row per (visible event, source passage), safe to open in a spreadsheet."""
    events: list[EventRecord] = repo.list_events(s)
    actor_names = {a.id: a.name for a in repo.list_actors(s)}
    titles = dict(s.execute(select(Article.id, Article.title)).all())
    sources = _sources_by_event(s)
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for ev in events:
        actors = "; ".join(actor_names.get(a, f"#{a}") for a in ev.actor_ids)
        for src in sources[ev.id]:
            cells: list[object] = [
                ev.id,
                _timex(ev.date) or "",
                ev.date.precision.value if ev.date else "",
                ev.date_text,
                ev.title,
                actors,
                src["article_id"],
                titles.get(src["article_id"], ""),
                src["start"],
                src["end"],
                src["quote"],
            ]
            writer.writerow([_neutralise(c) for c in cells])


def _neutralise(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _timex(date: FuzzyDate | None) -> str | None:
    return date.timex if date else None


def _sources_by_event(s: Session) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = s.execute(
        select(
            EventSource.event_id,
            EventSource.article_id,
            EventSource.start,
            EventSource.end,
            EventSource.quote,
        ).order_by(EventSource.event_id, EventSource.article_id, EventSource.start)
    )
    for row in rows:
        grouped[row.event_id].append(
            {"article_id": row.article_id, "start": row.start, "end": row.end, "quote": row.quote}
        )
    return grouped
