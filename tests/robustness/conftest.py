"""Robustness fixtures: a store holding the seeds and a note, and whole-store snapshots."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from desktop.core.anchoring import make_selector
from desktop.importer import import_seeds
from desktop.store import Store, open_store, repo

ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    "articles",
    "actors",
    "actor_aliases",
    "events",
    "event_sources",
    "event_actors",
    "event_corrections",
    "annotations",
    "event_notes",
    "palette",
)
Snapshot = dict[str, list[tuple[object, ...]]]


def seed(store: Store) -> None:
    """The seeds plus one annotation on the first: what a user's store holds at least."""
    assert import_seeds(store).ok
    with store.session() as s:
        article = repo.list_articles(s)[0]
        quote, prefix, suffix = make_selector(article.text, 0, 20)
        repo.add_annotation(s, article.id, 0, 20, quote, prefix, suffix, "#f5c842", note="mine")


def snapshot(db: Path) -> Snapshot:
    """Every row of every table, read without writing (the store may be closed)."""
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def assert_sound(db: Path) -> None:
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "chancery.sqlite3"


@pytest.fixture
def seeded(db_path: Path) -> Iterator[Store]:
    store = open_store(db_path)
    seed(store)
    yield store
    store.close()
