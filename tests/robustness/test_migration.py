"""A checked-in store of an earlier schema is upgraded after a backup; a newer one is refused."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Connection

from desktop import paths
from desktop.store import SCHEMA_VERSION, StoreError, db, open_store, repo
from desktop.store.maintenance import list_backups
from tests.robustness.conftest import assert_sound, snapshot

SCHEMA0 = Path(__file__).resolve().parent / "data" / "chancery-schema0.sqlite3"


def _user_version(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as con:
        return int(con.execute("PRAGMA user_version").fetchone()[0])


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    copy = tmp_path / "data" / "chancery.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(SCHEMA0, copy)
    return copy


def test_the_checked_in_file_is_an_earlier_schema() -> None:
    assert _user_version(SCHEMA0) == 0 < SCHEMA_VERSION


def test_an_earlier_schema_is_upgraded_after_a_backup_keeping_every_row(
    old_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[int] = []

    def step_0_to_1(conn: Connection) -> None:
        steps.append(int(conn.exec_driver_sql("PRAGMA user_version").scalar_one()))

    monkeypatch.setitem(db.MIGRATIONS, 0, step_0_to_1)
    before = snapshot(old_store)
    original = old_store.read_bytes()

    with open_store(old_store) as store, store.session() as s:
        assert repo.count_articles(s) == 1
        [note] = repo.list_annotations(s)
        assert note.note == "kept"

    assert steps == [0]
    assert _user_version(old_store) == SCHEMA_VERSION
    assert snapshot(old_store) == before
    assert_sound(old_store)
    [backup] = list_backups(old_store)
    assert backup.kind == "before upgrade" and backup.schema_version == 0
    assert backup.path.parent == paths.backups_dir(old_store)
    assert snapshot(backup.path) == before
    assert old_store.read_bytes() != original  # it really was rewritten, not skipped


def test_an_earlier_schema_with_no_upgrade_step_is_refused_untouched(old_store: Path) -> None:
    assert 0 not in db.MIGRATIONS  # schema 0 to 1 needs no step in this build
    original = old_store.read_bytes()
    with pytest.raises(StoreError, match="no upgrade from schema 0 to 1") as caught:
        open_store(old_store)
    assert "left untouched" in str(caught.value)
    assert old_store.read_bytes() == original
    assert sorted(p.name for p in old_store.parent.iterdir()) == [old_store.name]


def test_a_failing_upgrade_leaves_the_file_as_it_was(
    old_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM annotations")
        raise RuntimeError("step failed half-way")

    monkeypatch.setitem(db.MIGRATIONS, 0, broken)
    before = snapshot(old_store)
    original = old_store.read_bytes()
    with pytest.raises(StoreError, match="step failed half-way") as caught:
        open_store(old_store)
    assert "backup:" in str(caught.value)
    assert snapshot(old_store) == before
    assert old_store.read_bytes() == original  # the journal mode is not switched either
    assert _user_version(old_store) == 0


def test_a_newer_schema_is_refused_and_left_byte_identical(old_store: Path) -> None:
    with closing(sqlite3.connect(old_store)) as con:
        con.execute("PRAGMA user_version = 99")
    original = old_store.read_bytes()
    with pytest.raises(StoreError, match="newer version of Chancery") as caught:
        open_store(old_store)
    assert "schema 99" in str(caught.value) and "untouched" in str(caught.value)
    assert old_store.read_bytes() == original
    assert sorted(p.name for p in old_store.parent.iterdir()) == [old_store.name]
