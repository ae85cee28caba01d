"""Annotations through the real importer: re-anchoring on re-import, palette, notes, JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.core.anchoring import make_selector
from desktop.core.marks import DEFAULT_PALETTE, Swatch
from desktop.core.records import AnnotationId, ArticleId
from desktop.core.web_annotation import FormatError
from desktop.importer import Importer
from desktop.store import Store, open_store, repo
from desktop.store import annotations as ann

ARTICLE = """Dion meets Lavrov in Laos

VIENTIANE — Foreign Affairs Minister Stéphane Dion met his Russian counterpart Sergei
Lavrov on July 25, 2016 in Vientiane, the first such meeting in years.

Canada froze most contacts with Moscow after Russia annexed Crimea in March 2014.

Dion said the talks were frank and that Canada would keep its sanctions in place.
"""
QUOTES = (
    "Canada froze most contacts with Moscow",
    "the talks were frank",
    "annexed Crimea in March 2014",
)


def import_file(store: Store, path: Path, text: str) -> ArticleId:
    path.write_text(text, encoding="utf-8")
    report = Importer(store).import_paths([path])
    assert report.ok, report.summary()
    (result,) = report.results
    assert result.article_id is not None
    return result.article_id


def annotate(store: Store, article_id: ArticleId, quote: str, colour: str) -> AnnotationId:
    with store.session() as s:
        text = repo.get_article(s, article_id).text
        start = text.index(quote)
        exact, prefix, suffix = make_selector(text, start, start + len(quote))
        return repo.add_annotation(
            s, article_id, start, start + len(quote), exact, prefix, suffix, colour, note=quote
        )


def placed(store: Store, article_id: ArticleId) -> dict[str, tuple[str, bool]]:
    """note -> (text the annotation now covers, orphaned)."""
    with store.session(write=False) as s:
        text = repo.get_article(s, article_id).text
        return {
            a.note: (text[a.start : a.end], a.orphaned)
            for a in repo.list_annotations(s, article_id)
        }


@pytest.fixture
def annotated(store: Store, tmp_path: Path) -> tuple[Path, ArticleId]:
    path = tmp_path / "rci.txt"
    article_id = import_file(store, path, ARTICLE)
    for quote, colour in zip(QUOTES, ("#f5c842", "#f08a8a", "#86cf8e"), strict=True):
        annotate(store, article_id, quote, colour)
    return path, article_id


def test_text_inserted_before_the_quotes_moves_them(
    store: Store, annotated: tuple[Path, ArticleId]
) -> None:
    path, article_id = annotated
    changed = ARTICLE.replace("VIENTIANE —", "UPDATED to correct a date.\n\nVIENTIANE, Laos —")
    assert import_file(store, path, changed) == article_id  # same article, updated
    assert placed(store, article_id) == {q: (q, False) for q in QUOTES}


def test_text_inserted_inside_a_quote_widens_it(
    store: Store, annotated: tuple[Path, ArticleId]
) -> None:
    path, article_id = annotated
    changed = ARTICLE.replace("froze most contacts", "froze almost all of its contacts")
    import_file(store, path, changed)
    now = placed(store, article_id)
    assert now["Canada froze most contacts with Moscow"] == (
        "Canada froze almost all of its contacts with Moscow",
        False,
    )
    assert now["the talks were frank"] == ("the talks were frank", False)


def test_deleted_quote_becomes_an_orphan_never_dropped(
    store: Store, annotated: tuple[Path, ArticleId]
) -> None:
    path, article_id = annotated
    with store.session(write=False) as s:
        before = {a.note: a for a in repo.list_annotations(s, article_id)}
    changed = ARTICLE.replace(
        "Dion said the talks were frank and that Canada would keep its sanctions in place.\n",
        "The minister gave no comment.\n",
    )
    import_file(store, path, changed)
    with store.session(write=False) as s:
        after = {a.note: a for a in repo.list_annotations(s, article_id)}
    assert after.keys() == before.keys()
    orphan = after["the talks were frank"]
    assert orphan.orphaned
    # The orphan keeps what it had: quote, context, note, colour, and its user timestamps.
    assert (orphan.quote, orphan.prefix, orphan.colour, orphan.updated) == (
        before["the talks were frank"].quote,
        before["the talks were frank"].prefix,
        before["the talks were frank"].colour,
        before["the talks were frank"].updated,
    )
    assert not after[QUOTES[0]].orphaned
    # Putting the sentence back places the orphan again.
    import_file(store, path, ARTICLE)
    assert placed(store, article_id)["the talks were frank"] == ("the talks were frank", False)


def test_palette_defaults_rename_and_extend(store: Store) -> None:
    with store.session(write=False) as s:
        assert ann.palette(s) == list(DEFAULT_PALETTE)
    wanted = [Swatch(DEFAULT_PALETTE[0].colour, "official claim"), *DEFAULT_PALETTE[1:]]
    wanted.append(Swatch("#c0c0c0", "rumour"))
    with store.session() as s:
        ann.set_palette(s, wanted)
    with store.session(write=False) as s:
        assert ann.palette(s) == wanted
    for bad in ([Swatch("red", "x")], [Swatch("#aaaaaa", " ")], [Swatch("#aaaaaa", "a")] * 2):
        with pytest.raises(ValueError), store.session() as s:
            ann.set_palette(s, bad)


def test_a_colour_leaves_the_palette_only_when_no_highlight_uses_it(
    store: Store, annotated: tuple[Path, ArticleId]
) -> None:
    rumour = Swatch("#c0c0c0", "rumour")
    with store.session() as s:
        ann.set_palette(s, [*DEFAULT_PALETTE, rumour])
        (first, *_) = repo.list_annotations(s)
        repo.update_annotation(s, first.id, colour=rumour.colour)
    refused = pytest.raises(ValueError, match="1 highlight uses a colour being removed")
    with refused, store.session() as s:
        ann.set_palette(s, list(DEFAULT_PALETTE))
    with store.session() as s:
        assert ann.palette(s)[-1] == rumour  # refused whole
        repo.update_annotation(s, first.id, colour=DEFAULT_PALETTE[0].colour)
        ann.set_palette(s, list(DEFAULT_PALETTE))  # unused now: it may go
        assert ann.palette(s) == list(DEFAULT_PALETTE)


def test_event_notes_crud_and_restore(store: Store, annotated: tuple[Path, ArticleId]) -> None:
    with store.session(write=False) as s:
        event = repo.list_events(s)[0]
    with store.session() as s:
        note_id = ann.add_event_note(s, event.id, "First note.")
        ann.update_event_note(s, note_id, "Edited note.")
        (record,) = ann.list_event_notes(s)
    assert (record.event_id, record.event_title, record.note) == (
        event.id,
        event.title,
        "Edited note.",
    )
    with store.session() as s:
        ann.delete_event_note(s, note_id)
        assert ann.list_event_notes(s) == []
        with pytest.raises(repo.NotFoundError):
            ann.update_event_note(s, note_id, "x")
        assert ann.restore_event_note(s, record) == note_id
        assert ann.list_event_notes(s) == [record]


def test_restore_annotation_keeps_id_and_fields(
    store: Store, annotated: tuple[Path, ArticleId]
) -> None:
    _, article_id = annotated
    with store.session(write=False) as s:
        first = repo.list_annotations(s, article_id)[0]
    with store.session() as s:
        repo.delete_annotation(s, first.id)
        assert ann.restore_annotation(s, first) == first.id
        assert ann.get_annotation(s, first.id) == first


def test_jsonld_round_trip_into_another_store(
    store: Store, annotated: tuple[Path, ArticleId], tmp_path: Path
) -> None:
    path, _ = annotated
    with store.session(write=False) as s:
        event = repo.list_events(s)[0]
    with store.session() as s:
        ann.add_event_note(s, event.id, "A note on the meeting.")
        ann.set_palette(s, [*DEFAULT_PALETTE, Swatch("#c0c0c0", "rumour")])
        (first, *_) = repo.list_annotations(s)
        repo.update_annotation(s, first.id, colour="#c0c0c0", tags=("a", "b"))
        doc = json.loads(json.dumps(ann.export_jsonld(s)))
        source = ann.list_event_notes(s)
        originals = repo.list_annotations(s)

    other = open_store(tmp_path / "other" / "chancery.sqlite3")
    try:
        # The same file, imported from elsewhere: same bytes, same hash.
        Importer(other).import_paths([path])
        with other.session() as s:
            summary = ann.import_jsonld(s, doc)
        assert (summary.added, summary.notes_added, summary.unmatched) == (3, 1, [])
        with other.session(write=False) as s:
            copies = repo.list_annotations(s)
            notes = ann.list_event_notes(s)
            swatches = ann.palette(s)
        fields = ("start", "end", "quote", "prefix", "suffix", "colour", "note", "tags")
        for name in (*fields, "created", "updated", "orphaned"):
            assert [getattr(a, name) for a in copies] == [getattr(a, name) for a in originals]
        assert [(n.note, n.event_key, n.created, n.updated) for n in notes] == [
            (n.note, n.event_key, n.created, n.updated) for n in source
        ]
        assert Swatch("#c0c0c0", "rumour") in swatches
        # Importing again adds nothing.
        with other.session() as s:
            again = ann.import_jsonld(s, doc)
        assert (again.added, again.notes_added, again.duplicates) == (0, 0, 4)
    finally:
        other.close()


def test_import_reports_annotations_of_unknown_articles(store: Store) -> None:
    doc = {
        "type": "Annotation",
        "target": {
            "source": "urn:sha256:" + "0" * 64,
            "selector": {"type": "TextQuoteSelector", "exact": "x"},
        },
    }
    with store.session() as s:
        summary = ann.import_jsonld(s, doc)
    assert summary.added == 0 and len(summary.unmatched) == 1
    assert "1 skipped" in summary.describe()
    with pytest.raises(FormatError), store.session() as s:
        ann.import_jsonld(s, {"type": "Nothing"})


def test_briefings_and_timeline_exports(store: Store, annotated: tuple[Path, ArticleId]) -> None:
    with store.session(write=False) as s:
        events = repo.list_events(s)
    with store.session() as s:
        ann.add_event_note(s, events[0].id, "Check the date.")
        brief = ann.annotations_briefing(s, dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        md = ann.export_timeline(s, "md", [events[0].id])
        data = json.loads(ann.export_timeline(s, "json"))
        csv_text = ann.export_timeline(s, "csv", [events[0].id])
    assert "# Annotations briefing" in brief and "generated 1 May 2024" in brief
    assert "> Canada froze most contacts with Moscow" in brief
    assert "**claim**" in brief and "**denial**" in brief and "**date evidence**" in brief
    assert "## Notes on events" in brief and "Check the date." in brief
    assert events[0].title in md and "**Note:** Check the date." in md
    assert next(e for e in data["events"] if e["id"] == events[0].id)["notes"] == [
        "Check the date."
    ]
    rows = csv_text.strip().splitlines()
    assert rows[0].startswith("event_id,") and len(rows) >= 2
    assert all(r.startswith(f"{events[0].id},") for r in rows[1:])
