"""Annotations: create, read, update, delete."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.records import AnnotationId
from desktop.store import Store, repo

from .builders import article


def test_annotation_crud(store: Store) -> None:
    with store.session() as s:
        first = repo.add_article(s, article(path="/a.txt"))
        second = repo.add_article(s, article(text="Other text.", path="/b.txt"))
        note_id = repo.add_annotation(
            s, first, 0, 4, "Dion", "", " met", "yellow", note="check", tags=("who",)
        )
        repo.add_annotation(s, second, 0, 5, "Other", "", " text", "green")

    with store.session(write=False) as s:
        (record,) = repo.list_annotations(s, first)
        assert len(repo.list_annotations(s)) == 2
    assert (record.id, record.article_id, record.start, record.end) == (note_id, first, 0, 4)
    assert (record.quote, record.prefix, record.suffix) == ("Dion", "", " met")
    assert (record.colour, record.note, record.tags, record.orphaned) == (
        "yellow",
        "check",
        ("who",),
        False,
    )
    assert record.created is not None and record.created.tzinfo is dt.UTC

    with store.session() as s:
        repo.update_annotation(s, note_id, colour="blue", tags=(), orphaned=True)
        (changed,) = repo.list_annotations(s, first)
    assert (changed.colour, changed.tags, changed.orphaned, changed.note) == (
        "blue",
        (),
        True,
        "check",
    )
    assert changed.updated is not None and record.updated is not None
    assert changed.updated >= record.updated

    with store.session() as s:
        repo.delete_annotation(s, note_id)
        assert repo.list_annotations(s, first) == []
        with pytest.raises(repo.NotFoundError):
            repo.delete_annotation(s, note_id)
        with pytest.raises(repo.NotFoundError):
            repo.update_annotation(s, AnnotationId(999), note="x")
        repo.delete_article(s, first)  # no annotations left: allowed
        assert repo.counts(s).articles == 1


def test_bad_span_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="span"), store.session() as s:
        article_id = repo.add_article(s, article())
        repo.add_annotation(s, article_id, 5, 2, "", "", "", "yellow")
