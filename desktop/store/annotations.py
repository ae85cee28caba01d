"""Annotations beyond CRUD: the palette, event notes, re-anchoring, JSON-LD and briefings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.core import web_annotation as wa
from desktop.core.anchoring import make_selector, reanchor
from desktop.core.briefing import BriefArticle, BriefEvent, annotations_markdown, timeline_markdown
from desktop.core.marks import DEFAULT_PALETTE, EventNoteId, EventNoteRecord, Swatch, meaning_of
from desktop.core.records import AnnotationId, AnnotationRecord, ArticleId, EventId
from desktop.store import repo
from desktop.store.export import export_csv, export_json
from desktop.store.schema import (
    Annotation,
    Article,
    Event,
    EventNote,
    EventSource,
    PaletteSwatch,
    utcnow,
)

# -- palette -----------------------------------------------------------------------------


def palette(s: Session) -> list[Swatch]:
    """The user's colours in order; the default palette until the user changes it."""
    rows = s.execute(
        select(PaletteSwatch.colour, PaletteSwatch.meaning).order_by(
            PaletteSwatch.position, PaletteSwatch.colour
        )
    ).all()
    return [Swatch(c, m) for c, m in rows] if rows else list(DEFAULT_PALETTE)


def set_palette(s: Session, swatches: Sequence[Swatch]) -> None:
    """Replace the palette: renames and new colours; annotations keep their colour values."""
    seen: set[str] = set()
    for swatch in swatches:
        if not _is_colour(swatch.colour):
            raise ValueError(f"not a colour: {swatch.colour!r} (use #rrggbb)")
        if not swatch.meaning.strip():
            raise ValueError(f"the colour {swatch.colour} needs a meaning")
        if swatch.colour.lower() in seen:
            raise ValueError(f"the colour {swatch.colour} is in the palette twice")
        seen.add(swatch.colour.lower())
    dropped = {sw.colour.lower() for sw in palette(s)} - seen
    if swatches and dropped:
        used = s.scalar(
            select(func.count()).where(func.lower(Annotation.colour).in_(sorted(dropped)))
        )
        if used:
            raise ValueError(
                f"{used} highlight{'s use' if used != 1 else ' uses'} a colour being removed; "
                "recolour or delete them first"
            )
    s.execute(delete(PaletteSwatch))
    if swatches:
        rows = [
            {"colour": sw.colour.lower(), "meaning": sw.meaning.strip(), "position": i}
            for i, sw in enumerate(swatches)
        ]
        s.execute(insert(PaletteSwatch), rows)


def _is_colour(value: str) -> bool:
    return (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


# -- annotations -------------------------------------------------------------------------


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def get_annotation(s: Session, annotation_id: AnnotationId) -> AnnotationRecord:
    row = s.execute(
        select(*repo.ANNOTATION_COLUMNS).where(Annotation.id == annotation_id)
    ).one_or_none()
    if row is None:
        raise repo.NotFoundError(f"no annotation {annotation_id}")
    return repo.annotation_record(row)


def restore_annotation(s: Session, record: AnnotationRecord) -> AnnotationId:
    """Put back a deleted annotation as it was (for undo), under its old id when still free."""
    taken = s.scalar(select(Annotation.id).where(Annotation.id == record.id))
    values = {
        "article_id": record.article_id,
        "start": record.start,
        "end": record.end,
        "quote": record.quote,
        "prefix": record.prefix,
        "suffix": record.suffix,
        "colour": record.colour,
        "note": record.note,
        "tags_json": list(record.tags),
        "created_at": _naive(record.created) or utcnow(),
        "updated_at": _naive(record.updated) or utcnow(),
        "orphaned": record.orphaned,
    }
    if taken is None:
        values["id"] = record.id
    new_id = s.execute(insert(Annotation).returning(Annotation.id), values).scalar_one()
    return AnnotationId(new_id)


@dataclass(frozen=True, slots=True)
class ReanchorReport:
    kept: int = 0
    moved: int = 0
    orphaned: int = 0
    newly_orphaned: int = 0  # of ``orphaned``, those that were placed before this run


def reanchor_article(s: Session, article_id: ArticleId) -> ReanchorReport:
    """Place every annotation of the article in its current text; unplaceable ones become
    orphans, keeping their quote and note. Called after the article's text changed."""
    text = s.scalar(select(Article.text).where(Article.id == article_id))
    if text is None:
        raise repo.NotFoundError(f"no article {article_id}")
    kept = moved = orphaned = newly_orphaned = 0
    rows = s.execute(
        select(*repo.ANNOTATION_COLUMNS).where(Annotation.article_id == article_id)
    ).all()
    for row in rows:
        span = reanchor(text, row.start, row.end, row.quote, row.prefix, row.suffix)
        # Re-anchoring is not the user's edit: updated_at (an onupdate column) keeps its value.
        where = update(Annotation).where(Annotation.id == row.id)
        where = where.values(updated_at=Annotation.updated_at)
        if span is None:
            orphaned += 1
            if not row.orphaned:
                newly_orphaned += 1
                s.execute(where.values(orphaned=True))
            continue
        quote, prefix, suffix = make_selector(text, *span)
        if (span, quote, prefix, suffix, row.orphaned) == (
            (row.start, row.end),
            row.quote,
            row.prefix,
            row.suffix,
            False,
        ):
            kept += 1
            continue
        moved += 1
        s.execute(
            where.values(
                start=span[0],
                end=span[1],
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                orphaned=False,
            )
        )
    return ReanchorReport(kept, moved, orphaned, newly_orphaned)


def reanchor_all(s: Session) -> int:
    """Re-anchor the annotations of every article (Check database); how many changed place
    or could no longer be placed."""
    article_ids = s.scalars(
        select(Annotation.article_id)
        .distinct()
        .where(Annotation.article_id.in_(select(Article.id)))
    ).all()
    changed = 0
    for article_id in article_ids:
        report = reanchor_article(s, ArticleId(article_id))
        changed += report.moved + report.newly_orphaned
    return changed


# -- event notes -------------------------------------------------------------------------


def _key_of(s: Session, event_id: EventId) -> str:
    key = s.scalar(select(Event.key).where(Event.id == event_id))
    if key is None:
        raise repo.NotFoundError(f"no event {event_id}")
    return key


def add_event_note(s: Session, event_id: EventId, note: str) -> EventNoteId:
    now = utcnow()
    values = {"event_key": _key_of(s, event_id), "note": note, "created_at": now, "updated_at": now}
    return EventNoteId(s.execute(insert(EventNote).returning(EventNote.id), values).scalar_one())


def update_event_note(s: Session, note_id: EventNoteId, note: str) -> None:
    result: Any = s.execute(
        update(EventNote).where(EventNote.id == note_id).values(note=note, updated_at=utcnow())
    )
    if not result.rowcount:
        raise repo.NotFoundError(f"no event note {note_id}")


def delete_event_note(s: Session, note_id: EventNoteId) -> None:
    result: Any = s.execute(delete(EventNote).where(EventNote.id == note_id))
    if not result.rowcount:
        raise repo.NotFoundError(f"no event note {note_id}")


def restore_event_note(s: Session, record: EventNoteRecord) -> EventNoteId:
    """Put back a deleted event note (for undo), under its old id when still free."""
    taken = s.scalar(select(EventNote.id).where(EventNote.id == record.id))
    values: dict[str, Any] = {
        "event_key": record.event_key,
        "note": record.note,
        "created_at": _naive(record.created) or utcnow(),
        "updated_at": _naive(record.updated) or utcnow(),
    }
    if taken is None:
        values["id"] = record.id
    return EventNoteId(s.execute(insert(EventNote).returning(EventNote.id), values).scalar_one())


def list_event_notes(s: Session, event_id: EventId | None = None) -> list[EventNoteRecord]:
    """Every event note (or one event's), with the event as the user sees it, oldest first."""
    query = (
        select(EventNote.id, EventNote.event_key, EventNote.note, EventNote.created_at)
        .add_columns(EventNote.updated_at, Event.id.label("event_id"))
        .outerjoin(Event, Event.key == EventNote.event_key)
        .order_by(EventNote.created_at, EventNote.id)
    )
    if event_id is not None:
        query = query.where(Event.id == event_id)
    rows = s.execute(query).all()
    events = {eid: repo.get_event(s, EventId(eid)) for eid in {r.event_id for r in rows} if eid}
    out = []
    for row in rows:
        event = events.get(row.event_id)
        out.append(
            EventNoteRecord(
                id=EventNoteId(row.id),
                event_key=row.event_key,
                event_id=None if event is None else event.id,
                event_title=event.title if event else "(event no longer in the store)",
                event_date=event.date if event else None,
                note=row.note,
                created=repo.aware_utc(row.created_at),
                updated=repo.aware_utc(row.updated_at),
            )
        )
    return out


# -- JSON-LD -----------------------------------------------------------------------------


def export_jsonld(s: Session) -> dict[str, Any]:
    """Every annotation and event note as one W3C Web Annotation collection."""
    swatches = palette(s)
    articles = {a.id: a for a in repo.list_articles(s)}
    portable = [
        wa.PortableAnnotation(
            source=articles[a.article_id].content_hash,
            start=a.start,
            end=a.end,
            quote=a.quote,
            prefix=a.prefix,
            suffix=a.suffix,
            colour=a.colour,
            meaning=meaning_of(a.colour, swatches),
            note=a.note,
            tags=a.tags,
            created=a.created,
            modified=a.updated,
            orphaned=a.orphaned,
            article_title=articles[a.article_id].title,
        )
        for a in repo.list_annotations(s)
    ]
    notes = [
        wa.PortableEventNote(n.event_key, n.note, n.created, n.updated, n.event_title)
        for n in list_event_notes(s)
    ]
    return wa.to_collection(portable, notes)


@dataclass(slots=True)
class ImportSummary:
    added: int = 0
    duplicates: int = 0
    orphaned: int = 0  # added, but their quote is not in the article's current text
    notes_added: int = 0
    # Annotations whose article is not in this store: nothing to attach them to.
    unmatched: list[wa.PortableAnnotation] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.added} annotation(s) added"]
        if self.orphaned:
            parts.append(f"{self.orphaned} of them orphaned")
        if self.notes_added:
            parts.append(f"{self.notes_added} event note(s) added")
        if self.duplicates:
            parts.append(f"{self.duplicates} already present")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} skipped (article not in this store)")
        return ", ".join(parts)


def import_jsonld(s: Session, doc: Any) -> ImportSummary:
    """Add a collection's annotations to the articles with the same content hash.

    Raises web_annotation.FormatError for a document that is not a collection.
    """
    annotations, notes = wa.from_collection(doc)
    summary = ImportSummary()
    swatches = palette(s)
    known = {sw.colour for sw in swatches}
    texts: dict[str, tuple[ArticleId, str] | None] = {}
    for item in annotations:
        if item.source not in texts:
            row = s.execute(
                select(Article.id, Article.text).where(Article.content_hash == item.source)
            ).one_or_none()
            texts[item.source] = None if row is None else (ArticleId(row.id), row.text)
        target = texts[item.source]
        if target is None:
            summary.unmatched.append(item)
            continue
        article_id, text = target
        colour = item.colour.lower() if _is_colour(item.colour) else ""
        if not colour:
            colour = next(
                (sw.colour for sw in swatches if sw.meaning == item.meaning), swatches[0].colour
            )
        elif colour not in known:
            swatches.append(Swatch(colour, item.meaning or colour))
            known.add(colour)
        if _already_there(s, article_id, item):
            summary.duplicates += 1
            continue
        start, end = item.start or 0, item.end or 0
        quote, prefix, suffix = item.quote, item.prefix, item.suffix
        if not quote and item.start is not None:
            quote, prefix, suffix = make_selector(text, start, end)
        span = reanchor(text, start, end, quote, prefix, suffix)
        if span is not None:
            start, end = span
        else:
            summary.orphaned += 1
        created = _naive(item.created) or utcnow()
        values = {
            "article_id": article_id,
            "start": start,
            "end": max(start, end),
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "colour": colour,
            "note": item.note,
            "tags_json": list(item.tags),
            "created_at": created,
            "updated_at": _naive(item.modified) or created,
            "orphaned": span is None,
        }
        s.execute(insert(Annotation), values)
        summary.added += 1
    if len(swatches) != len(palette(s)):
        set_palette(s, swatches)
    for note in notes:
        created = _naive(note.created) or utcnow()
        same = select(EventNote.id).where(
            EventNote.event_key == note.event_key,
            EventNote.note == note.note,
            EventNote.created_at == created,
        )
        if s.scalar(same) is not None:
            summary.duplicates += 1
            continue
        values = {
            "event_key": note.event_key,
            "note": note.note,
            "created_at": created,
            "updated_at": _naive(note.modified) or created,
        }
        s.execute(insert(EventNote), values)
        summary.notes_added += 1
    return summary


def _already_there(s: Session, article_id: ArticleId, item: wa.PortableAnnotation) -> bool:
    query = select(Annotation.id).where(
        Annotation.article_id == article_id,
        Annotation.quote == item.quote,
        Annotation.note == item.note,
        Annotation.created_at == (_naive(item.created) or dt.datetime.min),
    )
    return s.scalar(query.limit(1)) is not None


# -- briefings and timeline exports ------------------------------------------------------


def annotations_briefing(s: Session, generated: dt.datetime | None = None) -> str:
    """Markdown: every article's annotations, then the events that carry notes."""
    by_article: dict[ArticleId, list[AnnotationRecord]] = defaultdict(list)
    for a in repo.list_annotations(s):
        by_article[a.article_id].append(a)
    articles = [
        BriefArticle(art.title, art.outlet, art.published, tuple(by_article[art.id]))
        for art in repo.list_articles(s)
        if art.id in by_article
    ]
    noted = list(dict.fromkeys(n.event_id for n in list_event_notes(s) if n.event_id is not None))
    return annotations_markdown(articles, palette(s), brief_events(s, noted), generated)


def brief_events(s: Session, event_ids: Iterable[EventId] | None = None) -> list[BriefEvent]:
    """Events (all visible ones in timeline order, or these) with their quotes and notes."""
    events = repo.list_events(s, include_hidden=event_ids is not None)
    if event_ids is not None:
        by_id = {e.id: e for e in events}
        events = [by_id[i] for i in event_ids if i in by_id]
    names = {a.id: a.name for a in repo.list_actors(s)}
    titles: dict[int, str] = {r.id: r.title for r in s.execute(select(Article.id, Article.title))}
    quotes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for event_id, article_id, quote in s.execute(
        select(EventSource.event_id, EventSource.article_id, EventSource.quote).order_by(
            EventSource.event_id, EventSource.article_id, EventSource.start
        )
    ):
        quotes[event_id].append((titles.get(article_id, ""), quote))
    notes: dict[int, list[str]] = defaultdict(list)
    for note in list_event_notes(s):
        if note.event_id is not None:
            notes[note.event_id].append(note.note)
    return [
        BriefEvent(
            date=e.date,
            title=e.title,
            actors=tuple(names.get(a, f"#{a}") for a in e.actor_ids),
            quotes=tuple(quotes[e.id]),
            notes=tuple(notes[e.id]),
        )
        for e in events
    ]


def export_timeline(s: Session, fmt: str, event_ids: Sequence[EventId] | None = None) -> str:
    """The timeline (whole, or these events in this order) as ``json``, ``csv`` or ``md``."""
    if fmt == "md":
        return timeline_markdown(brief_events(s, event_ids), generated=utcnow())
    wanted = None if event_ids is None else {int(i) for i in event_ids}
    if fmt == "csv":
        buffer = io.StringIO()
        export_csv(s, buffer)
        rows = list(csv.reader(io.StringIO(buffer.getvalue())))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(rows[0])
        writer.writerows(r for r in rows[1:] if wanted is None or int(r[0]) in wanted)
        return out.getvalue()
    if fmt != "json":
        raise ValueError(f"unknown timeline format {fmt!r}")
    data = export_json(s)
    notes: dict[int, list[str]] = defaultdict(list)
    for note in list_event_notes(s):
        if note.event_id is not None:
            notes[note.event_id].append(note.note)
    events = data["events"]
    if event_ids is not None:
        by_id = {e["id"]: e for e in events}
        events = [by_id[i] for i in event_ids if i in by_id]
    data["events"] = [e | {"notes": notes.get(e["id"], [])} for e in events]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
