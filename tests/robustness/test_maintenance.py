"""Check database, rotating backups, restore, and the disk-full and read-only messages."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop import paths
from desktop.importer import Importer
from desktop.store import Store, StoreError, db, open_store, repo
from desktop.store.annotations import reanchor_all
from desktop.store.maintenance import (
    DISK_FULL,
    LOCKED,
    READ_ONLY,
    backup_due,
    check_database,
    describe_os_error,
    list_backups,
    restore_backup,
    rotate_backups,
)
from tests.robustness.conftest import assert_sound, snapshot

# -- Check database ----------------------------------------------------------------------


def _raw(db_path: Path, *statements: str) -> None:
    """Write behind the store's back, keys off: the damage a crash or a tool could do."""
    with closing(sqlite3.connect(db_path, isolation_level=None)) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            con.execute(sql)


def test_a_sound_store_needs_nothing(seeded: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    report = check_database(seeded)
    assert report.ok and report.fixed == ()
    assert report.summary() == "The database is sound; nothing needed fixing."
    assert snapshot(db_path) == before


def test_wrong_caches_are_rebuilt_and_reported(seeded: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    first, second = (row[0] for row in before["events"][:2])
    _raw(
        db_path,
        f"UPDATE events SET source_count = 99 WHERE id = {first}",
        f"UPDATE events SET actor_list = '999' WHERE id = {second}",
        "DELETE FROM event_actors WHERE event_id = (SELECT min(event_id) FROM event_actors)",
        "UPDATE event_sources SET actor_list = actor_list || ',424242,x' "
        "WHERE id = (SELECT min(id) FROM event_sources)",
    )
    report = check_database(seeded)
    assert report.ok
    assert "Recounted the sources and actors of 2 events." in report.fixed
    assert "Repaired the actor lists of 1 passage." in report.fixed
    assert any(line.startswith("Corrected ") and "link" in line for line in report.fixed)
    assert snapshot(db_path) == before  # repaired to exactly what the importer wrote
    assert check_database(seeded).fixed == ()


def test_dangling_rows_go_and_annotations_stay(seeded: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    _raw(
        db_path,
        "INSERT INTO events (key, title, date_text, date_inferred, source_count, actor_list) "
        "VALUES ('orphan', 'Nobody reports this', '', 0, 0, '')",
        "INSERT INTO event_sources (event_id, article_id, start, end, quote, phrase_start, "
        "phrase_end, event_key, actor_list) SELECT id, 9999, 0, 1, 'x', 0, 1, key, '' "
        "FROM events WHERE key = 'orphan'",
        "INSERT INTO annotations (article_id, start, end, quote, prefix, suffix, colour, note, "
        "tags_json, created_at, updated_at, orphaned) VALUES (9999, 0, 1, 'x', '', '', "
        "'#f5c842', 'a note on a lost article', '[]', '2026-01-01', '2026-01-01', 0)",
    )
    report = check_database(seeded)
    assert "Removed 1 passage of a missing event or article." in report.fixed
    assert "Removed 1 event with no source passage left." in report.fixed
    assert not report.ok
    assert report.problems == (
        "1 annotation belong to an article that is no longer stored; they were kept as they are.",
    )
    after = snapshot(db_path)
    assert {k: v for k, v in after.items() if k != "annotations"} == {
        k: v for k, v in before.items() if k != "annotations"
    }
    assert any(row[8] == "a note on a lost article" for row in after["annotations"])


def test_damaged_index_is_rebuilt(seeded: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    # Fill the date index with date_end values while the schema says date_start.
    original = "CREATE INDEX ix_events_date_start ON events (date_start)"
    swapped = original.replace("(date_start)", "(date_end)")
    _raw(
        db_path,
        "PRAGMA writable_schema = ON",
        f"UPDATE sqlite_master SET sql = '{swapped}' WHERE name = 'ix_events_date_start'",
    )
    _raw(db_path, "REINDEX ix_events_date_start")
    _raw(
        db_path,
        "PRAGMA writable_schema = ON",
        f"UPDATE sqlite_master SET sql = '{original}' WHERE name = 'ix_events_date_start'",
    )
    seeded.close()  # new connections read the restored schema
    with closing(sqlite3.connect(db_path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    store = open_store(db_path)
    try:
        report = check_database(store)
    finally:
        store.close()
    assert report.ok
    assert report.fixed[0] == "Rebuilt the damaged indexes."
    assert_sound(db_path)
    assert snapshot(db_path) == before


def test_reanchor_hook_runs_in_the_check_and_is_reported(seeded: Store) -> None:
    calls: list[Session] = []

    def reanchor(s: Session) -> int:
        calls.append(s)
        return 3

    report = check_database(seeded, reanchor=reanchor)
    assert len(calls) == 1
    assert "Re-anchored 3 annotations in their article's text." in report.fixed


def test_reanchor_all_moves_displaced_notes_and_orphans_lost_ones(
    seeded: Store, db_path: Path
) -> None:
    with seeded.session(write=False) as s:
        [mine] = repo.list_annotations(s)
    _raw(db_path, 'UPDATE annotations SET start = start + 3, "end" = "end" + 3')
    report = check_database(seeded, reanchor=reanchor_all)
    assert "Re-anchored 1 annotation in their article's text." in report.fixed
    with seeded.session(write=False) as s:
        [placed] = repo.list_annotations(s)
    assert (placed.start, placed.end, placed.orphaned) == (mine.start, mine.end, False)
    _raw(db_path, "UPDATE annotations SET quote = 'words no article holds', prefix = '', "
                  "suffix = '', start = 0, \"end\" = 22")  # fmt: skip
    assert (
        "Re-anchored 1 annotation in their article's text."
        in check_database(seeded, reanchor=reanchor_all).fixed
    )
    with seeded.session(write=False) as s:
        [lost] = repo.list_annotations(s)
    assert lost.orphaned and lost.note == "mine"  # kept, with its note, as an orphan
    assert check_database(seeded, reanchor=reanchor_all).fixed == ()


def test_an_automatic_backup_is_due_once_the_newest_is_old_enough(
    seeded: Store, db_path: Path
) -> None:
    hour = dt.timedelta(hours=1)
    assert backup_due(db_path, hour)
    taken = rotate_backups(seeded)
    assert not backup_due(db_path, hour)
    later = dt.datetime.now() + dt.timedelta(minutes=61)
    assert backup_due(db_path, hour, now=later)
    db.backup_name(db_path, 0, later).write_bytes(taken.read_bytes())
    assert backup_due(db_path, hour, now=later)  # an upgrade's backup is not the automatic one


# -- rotating backups --------------------------------------------------------------------


def test_rotation_keeps_the_newest_n_and_never_a_migration_backup(
    seeded: Store, db_path: Path
) -> None:
    migration = db.backup_name(db_path, 0, dt.datetime(2020, 1, 1))
    migration.parent.mkdir(parents=True, exist_ok=True)
    seeded.backup(migration)
    taken = [rotate_backups(seeded, keep=3) for _ in range(5)]
    kept = sorted(p.name for p in paths.backups_dir(db_path).iterdir())
    assert kept == sorted([migration.name, *(p.name for p in taken[-3:])])
    infos = list_backups(db_path)
    assert [i.path for i in infos] == [*reversed(taken[-3:]), migration]
    assert [i.kind for i in infos] == ["automatic"] * 3 + ["before upgrade"]
    assert all(i.schema_version == 1 and i.size > 0 for i in infos)
    # Each automatic backup is one self-contained, sound file.
    assert not any(p.name.endswith(("-wal", "-shm")) for p in migration.parent.iterdir())
    assert snapshot(taken[-1]) == snapshot(db_path)


def test_backups_of_another_store_in_the_folder_are_left_alone(
    seeded: Store, db_path: Path
) -> None:
    other = open_store(db_path.with_name("chancery-old.sqlite3"))
    try:
        theirs = rotate_backups(other, keep=1)
    finally:
        other.close()
    rotate_backups(seeded, keep=1)
    rotate_backups(seeded, keep=1)
    assert theirs.exists()
    assert [b.path for b in list_backups(db_path.with_name("chancery-old.sqlite3"))] == [theirs]


def test_an_unreadable_backup_is_listed_without_a_version(db_path: Path) -> None:
    junk = paths.backups_dir(db_path) / f"{db_path.stem}-auto-20250101T000000000000.sqlite3"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"not a database at all" * 100)
    (junk.parent / "notes.txt").write_text("not a backup")
    [info] = list_backups(db_path)
    assert info.path == junk and info.schema_version is None


def test_a_disk_full_backup_leaves_no_half_file(
    seeded: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = rotate_backups(seeded)

    def full(self: Store, dest: Path) -> None:
        dest.write_bytes(b"SQLite format 3\0 half")
        raise OSError(errno.ENOSPC, "No space left on device", str(dest))

    monkeypatch.setattr(Store, "backup", full)
    with pytest.raises(OSError) as caught:
        rotate_backups(seeded)
    assert describe_os_error(caught.value) == DISK_FULL
    assert [p for p in paths.backups_dir(db_path).iterdir()] == [good]


# -- restore -----------------------------------------------------------------------------


def test_restore_round_trip(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    backup = rotate_backups(seeded)
    at_backup = snapshot(db_path)
    later = tmp_path / "later.txt"
    later.write_text("Ministers met in Geneva on 3 March 2017 to talk about trade.\n")
    assert Importer(seeded).import_paths([later]).ok
    with seeded.session() as s:
        article = repo.list_articles(s)[1]
        repo.add_annotation(s, article.id, 0, 5, article.text[:5], "", "", "#f5c842")
    before_restore = snapshot(db_path)
    seeded.close()

    saved = restore_backup(db_path, backup)

    assert saved is not None and saved.exists()
    assert snapshot(saved) == before_restore  # nothing is lost by restoring
    assert [b.kind for b in list_backups(db_path)] == ["before restore", "automatic"]
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".")]
    with open_store(db_path) as store, store.session() as s:
        assert repo.count_articles(s) == 5
    assert snapshot(db_path) == at_backup
    assert_sound(db_path)


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("PRAGMA user_version = 99", "written by a newer version of Chancery"),
        ("PRAGMA application_id = 7", "not a Chancery database"),
    ],
)
def test_restore_refuses_a_backup_it_cannot_open(
    seeded: Store, db_path: Path, damage: str, why: str
) -> None:
    backup = rotate_backups(seeded)
    _raw(backup, damage)
    seeded.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=why):
        restore_backup(db_path, backup)
    assert db_path.read_bytes() == before
    assert [b.kind for b in list_backups(db_path)] == ["automatic"]


def test_restore_refuses_a_damaged_backup(seeded: Store, db_path: Path) -> None:
    backup = rotate_backups(seeded)
    seeded.close()
    data = bytearray(backup.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2048] = b"\xa5" * 2048  # a page of a table, scribbled over
    backup.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="cannot be restored"):
        restore_backup(db_path, backup)
    assert db_path.read_bytes() == before


def test_restore_refuses_while_the_store_is_open(seeded: Store, db_path: Path) -> None:
    backup = rotate_backups(seeded)
    with seeded.session() as s:
        repo.count_articles(s)  # a pooled connection keeps the store open
    before = snapshot(db_path)
    with pytest.raises(StoreError) as caught:
        restore_backup(db_path, backup)
    assert LOCKED in str(caught.value)
    assert snapshot(db_path) == before


# -- read-only and disk full -------------------------------------------------------------


def test_read_only_store_gives_one_clear_sentence_and_writes_nothing(
    seeded: Store, db_path: Path
) -> None:
    # Tests run as root, where chmod 0444 stops no write; SQLite's own read-only mode
    # (query_only) raises the real SQLITE_READONLY error a read-only file or disk raises.
    before = snapshot(db_path)
    with pytest.raises(OperationalError) as caught, seeded.session() as s:
        article = repo.list_articles(s)[0]
        repo.add_annotation(s, article.id, 0, 5, article.text[:5], "", "", "#f5c842")
        s.execute(text("PRAGMA query_only = ON"))
        repo.add_annotation(s, article.id, 5, 9, article.text[5:9], "", "", "#f5c842")
    assert describe_os_error(caught.value) == READ_ONLY
    seeded.close()  # the pooled connection still has query_only set
    assert snapshot(db_path) == before  # the first annotation was rolled back too
    with (
        closing(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)) as con,
        pytest.raises(sqlite3.OperationalError) as raw,
    ):
        con.execute("DELETE FROM annotations")
    assert describe_os_error(raw.value) == READ_ONLY
    assert describe_os_error(OSError(errno.EROFS, "Read-only file system")) == READ_ONLY
    assert describe_os_error(PermissionError(errno.EACCES, "Permission denied")) == READ_ONLY


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """One new article to import."""
    made = tmp_path / "geneva.txt"
    made.write_text("Ministers met in Geneva on 3 March 2017 to talk about trade.\n")
    return made


def test_disk_full_mid_import_keeps_the_store_as_it_was(
    seeded: Store, db_path: Path, page: Path
) -> None:
    before = snapshot(db_path)

    def full(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("INSERT INTO event_sources"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", full)
    try:
        report = Importer(seeded).import_paths([page])
    finally:
        event.remove(Engine, "before_cursor_execute", full)
    [result] = report.results
    assert result.status == "failed"
    assert result.message == DISK_FULL
    assert snapshot(db_path) == before  # the article's row was rolled back with it
    assert_sound(db_path)
    assert describe_os_error(sqlite3.OperationalError("database or disk is full")) == DISK_FULL
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == DISK_FULL


def test_disk_full_at_commit_fails_the_whole_batch_and_stops(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    before = snapshot(db_path)
    folder = tmp_path / "new"
    folder.mkdir()
    for i, city in enumerate(("Geneva", "Vienna", "Oslo"), start=1):
        (folder / f"{i}-{city.lower()}.txt").write_text(
            f"Ministers met in {city} on {i} March 2017 to talk about trade.\n"
        )
    wrote = False

    def mark(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        nonlocal wrote
        wrote = wrote or statement.startswith("INSERT INTO articles")

    def full(_conn: object) -> None:
        if wrote:
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", mark)
    event.listen(Engine, "commit", full)
    try:
        report = Importer(seeded).import_paths([folder])
    finally:
        event.remove(Engine, "commit", full)
        event.remove(Engine, "before_cursor_execute", mark)
    assert [r.status for r in report.results] == ["failed"] * 3
    assert {r.message for r in report.results} == {DISK_FULL}
    assert snapshot(db_path) == before
    assert_sound(db_path)


def test_a_read_only_store_refuses_each_file_with_one_sentence(
    seeded: Store, db_path: Path, page: Path
) -> None:
    before = snapshot(db_path)

    def read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    seeded.close()  # new connections, each read-only from the start
    event.listen(Engine, "connect", read_only)
    try:
        report = Importer(seeded).import_paths([page])
    finally:
        event.remove(Engine, "connect", read_only)
        seeded.close()
    [result] = report.results
    assert (result.status, result.message) == ("failed", READ_ONLY)
    assert snapshot(db_path) == before


def test_a_busy_store_is_described_not_dumped(seeded: Store, db_path: Path) -> None:
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as con:
        con.execute("BEGIN IMMEDIATE")
        other = sqlite3.connect(db_path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError) as caught:
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
        con.execute("ROLLBACK")
    assert describe_os_error(caught.value) == LOCKED
    assert describe_os_error(RuntimeError("odd")) == "The store could not be read or written: odd."
