"""The SQLite policy: pragmas, versions, refusals, backups before migrations, transactions."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from desktop import paths
from desktop.store import Store, StoreError, db, open_store, repo

from .builders import article


def _pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _write_foreign_db(path: Path, application_id: int, user_version: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA application_id = {application_id}")
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO things (name) VALUES ('precious')")
        conn.commit()


def test_new_store_has_schema_and_pragmas(store: Store) -> None:
    with store.session() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000
        assert s.execute(text("PRAGMA user_version")).scalar_one() == db.SCHEMA_VERSION
        tables = set(s.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
    assert {"articles", "actors", "actor_aliases", "events", "event_sources"} <= tables
    assert {"event_actors", "event_corrections", "annotations", "event_notes"} <= tables
    with closing(sqlite3.connect(store.path)) as raw:
        assert _pragma(raw, "application_id") == db.APPLICATION_ID


def test_reopening_keeps_data(db_path: Path) -> None:
    with open_store(db_path) as first, first.session() as s:
        article_id = repo.add_article(s, article())
    with open_store(db_path) as second, second.session(write=False) as s:
        assert repo.get_article(s, article_id).title == "Dion meets Lavrov"


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_newer_version_is_refused_and_left_byte_identical(db_path: Path, journal: str) -> None:
    with open_store(db_path) as store, store.session() as s:
        repo.add_article(s, article())
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("PRAGMA user_version = 5")
        conn.commit()
    before = db_path.read_bytes()

    with pytest.raises(StoreError) as refused:
        open_store(db_path)

    assert db_path.read_bytes() == before
    message = str(refused.value)
    assert "newer version of Chancery" in message
    assert "schema 5" in message
    assert f"reads up to {db.SCHEMA_VERSION}" in message
    assert "\n" not in message
    assert not paths.backups_dir(db_path).exists()


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Dion met Lavrov in Vientiane.\n" * 50, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Chancery database"):
        open_store(path)
    assert path.read_bytes() == before


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    _write_foreign_db(path, application_id=0, user_version=3)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Chancery database"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with open_store(path) as store, store.session() as s:
        assert repo.counts(s).articles == 0


def test_migration_backs_up_first_then_upgrades(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(db_path) as store, store.session() as s:
        repo.add_article(s, article())
    backups = paths.backups_dir(db_path)
    seen: list[list[Path]] = []

    def add_column(conn: Connection) -> None:
        seen.append(sorted(backups.glob("*.sqlite3")))
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN language TEXT")

    monkeypatch.setattr(db, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(db.MIGRATIONS, 1, add_column)
    with open_store(db_path) as store, store.session() as s:
        assert s.execute(text("PRAGMA user_version")).scalar_one() == 2
        assert s.execute(text("SELECT language FROM articles")).all() == [(None,)]

    assert len(seen) == 1 and len(seen[0]) == 1  # the backup existed before the migration ran
    backup = seen[0][0]
    assert "schema1" in backup.name
    with closing(sqlite3.connect(backup)) as old:
        assert _pragma(old, "user_version") == 1
        assert old.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        columns = [row[1] for row in old.execute("PRAGMA table_info(articles)")]
        assert "language" not in columns


def test_failed_migration_leaves_old_schema(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(db_path).close()

    def half_done(conn: Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN language TEXT")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(db, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(db.MIGRATIONS, 1, half_done)
    with pytest.raises(StoreError, match="upgrading from schema 1 to 2 failed") as failed:
        open_store(db_path)
    assert "backup" in str(failed.value)

    with closing(sqlite3.connect(db_path)) as conn:
        assert _pragma(conn, "user_version") == 1
        assert "language" not in [row[1] for row in conn.execute("PRAGMA table_info(articles)")]


def test_missing_migration_is_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(db_path).close()
    monkeypatch.setattr(db, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(db.MIGRATIONS, 1, lambda conn: None)
    with pytest.raises(StoreError, match="no upgrade from schema 2 to 3"):
        open_store(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        assert _pragma(conn, "user_version") == 1


def test_session_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        repo.add_article(s, article())
        raise RuntimeError("user cancelled")
    with store.session() as s:
        assert repo.counts(s).articles == 0


def test_write_session_holds_the_write_lock_from_its_first_statement(store: Store) -> None:
    with store.session() as s:
        repo.counts(s)  # only a read so far
        with (
            closing(sqlite3.connect(store.path, timeout=0)) as other,
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")


def test_read_session_takes_no_write_lock(store: Store) -> None:
    with store.session(write=False) as s:
        repo.counts(s)
        with closing(sqlite3.connect(store.path, timeout=0, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")


def test_online_backup(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        repo.add_article(s, article())
    dest = tmp_path / "copies" / "copy.sqlite3"
    store.backup(dest)
    with open_store(dest) as copy, copy.session() as s:
        assert repo.counts(s).articles == 1
