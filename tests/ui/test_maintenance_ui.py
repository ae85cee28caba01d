"""Check database, backups and restore, refused writes and a second launch, as users meet them."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event, text

from desktop import app
from desktop.core.anchoring import make_selector
from desktop.core.records import EventCorrection
from desktop.store import Store, repo
from desktop.store.maintenance import DISK_FULL, READ_ONLY, backup_path, list_backups
from desktop.ui.backups_dialog import (
    BackupListModel,
    describe_moment,
    describe_size,
    describe_time,
)
from desktop.ui.main_window import KEEP_BACKUPS_KEY, MainWindow
from tests.ui.conftest import populate
from tests.ui.test_single_instance import HOLDER, ROOT


@pytest.fixture
def window(qtbot: QtBot, sample_store: Store, settings: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(sample_store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _annotate(store: Store, quote: str, note: str) -> None:
    """Highlight ``quote`` in the first article holding it."""
    with store.session() as s:
        article = next(a for a in repo.list_articles(s) if quote in a.text)
        start = article.text.index(quote)
        q, prefix, suffix = make_selector(article.text, start, start + len(quote))
        repo.add_annotation(
            s, article.id, start, start + len(quote), q, prefix, suffix, "#f5c842", note=note
        )


def _notes(store: Store) -> list[str]:
    with store.session(write=False) as s:
        return sorted(a.note for a in repo.list_annotations(s))


def test_check_database_reanchors_a_displaced_note_and_says_so(
    window: MainWindow, sample_store: Store
) -> None:
    quote = "Dion met Lavrov on July 25, 2016 in Vientiane."
    _annotate(sample_store, quote, "the meeting")
    with sample_store.session() as s:  # offsets knocked off by an old bug, say
        s.execute(text('UPDATE annotations SET start = start + 7, "end" = "end" + 7'))
    report = window.check_database()
    assert report is not None and report.ok
    assert "Re-anchored 1 annotation in their article's text." in report.fixed
    assert window.last_message is not None
    assert "Re-anchored 1 annotation" in window.last_message.text()
    with sample_store.session(write=False) as s:
        [note] = repo.list_annotations(s)
        article = repo.get_article(s, note.article_id)
    assert article.text[note.start : note.end] == quote
    assert window.check_database() is not None
    assert window.last_message.text() == "The database is sound; nothing needed fixing."


def test_backups_dialog_backs_up_now_and_keeps_the_newest_n(
    qtbot: QtBot, window: MainWindow, sample_store: Store, settings: QSettings
) -> None:
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and dialog.empty_note.isVisibleTo(dialog)
    dialog.keep.setValue(2)
    assert settings.value(KEEP_BACKUPS_KEY) == 2
    for _ in range(3):
        dialog.backup_button.click()
    assert dialog.model.rowCount() == 2
    assert [b.kind for b in list_backups(sample_store.path)] == ["automatic", "automatic"]
    assert dialog.model.index(0, 0).data().startswith("Today ")
    assert dialog.restore_button.isEnabled()  # the newest is selected, ready to restore
    assert window.keep_backups == 2


def test_a_backup_can_be_deleted_and_an_unreadable_one_only_deleted(
    qtbot: QtBot, window: MainWindow, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.back_up()
    broken = backup_path(sample_store.path, "auto", dt.datetime(2020, 1, 1))
    broken.write_bytes(b"not a database at all")
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(1, 3).data() == "unreadable"
    dialog.view.selectRow(1)
    assert dialog.delete_button.isEnabled() and not dialog.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    dialog.delete_button.click()
    assert broken.exists() and dialog.model.rowCount() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    assert not broken.exists()
    assert dialog.model.rowCount() == 1 and dialog.restore_button.isEnabled()


def test_backup_list_model_passes_the_model_tester(
    qtmodeltester: ModelTester, sample_store: Store
) -> None:
    from desktop.store.maintenance import rotate_backups

    rotate_backups(sample_store)
    model = BackupListModel()
    model.set_backups(list_backups(sample_store.path))
    qtmodeltester.check(model)


@pytest.fixture
def chancery(qtbot: QtBot, tmp_path: Path, settings: QSettings) -> Iterator[app.Chancery]:
    controller = app.Chancery(tmp_path / "data" / "chancery.sqlite3", settings)
    window = controller.open()
    qtbot.addWidget(window)
    window.show()
    yield controller
    if controller.window is not None:
        controller.window.close()
    controller.close()


def test_restore_from_backup_brings_back_the_store_and_keeps_the_current_one(
    qtbot: QtBot, chancery: app.Chancery, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert chancery.store is not None and chancery.window is not None
    populate(chancery.store)
    _annotate(chancery.store, "Canada imposed sanctions on Russia in 2014.", "kept")
    chancery.back_up_if_due()
    chancery.back_up_if_due()  # a second start within the hour takes no second backup
    [backup] = list_backups(chancery.db_path)
    _annotate(chancery.store, "Dion and Lavrov met on Monday in Laos.", "after the backup")
    assert _notes(chancery.store) == ["after the backup", "kept"]

    old = chancery.window
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, words, *_: asked.append(words) or QMessageBox.StandardButton.Yes,
    )
    assert old.ask_restore(backup)
    assert asked[0].startswith("Replace the store with the automatic backup taken today at ")
    new = chancery.window
    assert new is not None and new is not old
    qtbot.addWidget(new)
    assert new.isVisible() and not old.isVisible()
    assert _notes(chancery.store) == ["kept"]
    assert new.marks.service.annotations()[0].note == "kept"
    assert new.last_message is not None
    assert new.last_message.text().startswith("Restored the store as it was today at ")
    assert "kept as a backup too" in new.last_message.text()
    kinds = sorted(b.kind for b in list_backups(chancery.db_path))
    assert kinds == ["automatic", "before restore"]
    before = next(b for b in list_backups(chancery.db_path) if b.kind == "before restore")

    # ...and that one undoes the restore.
    assert new.ask_restore(before)
    assert chancery.window is not None
    qtbot.addWidget(chancery.window)
    assert _notes(chancery.store) == ["after the backup", "kept"]


def test_a_refused_restore_keeps_the_store_and_says_why(
    qtbot: QtBot, chancery: app.Chancery, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert chancery.store is not None and chancery.window is not None
    populate(chancery.store)
    damaged = tmp_path / "data" / "backups" / "chancery-auto-20260101T000000000000.sqlite3"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    chancery.window.ask_restore(
        next(b for b in list_backups(chancery.db_path) if b.path == damaged)
    )
    assert chancery.window is not None
    qtbot.addWidget(chancery.window)
    message = chancery.window.last_message
    assert message is not None and "cannot be restored" in message.text()
    assert message.icon() == QMessageBox.Icon.Warning
    with chancery.store.session(write=False) as s:
        assert repo.counts(s).articles == 3


def test_a_correction_refused_by_a_read_only_store_says_so_and_changes_nothing(
    window: MainWindow, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, words: told.append(words))
    with sample_store.session(write=False) as s:
        harper = next(e for e in repo.list_events(s) if e.title == "Harper meets Putin at APEC")

    def read_only(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    sample_store.close()
    event.listen(Engine, "connect", read_only)
    try:
        window.apply_correction(harper.id, EventCorrection(title="Harper and Putin talk"))
    finally:
        event.remove(Engine, "connect", read_only)
        sample_store.close()
    assert told == [READ_ONLY]
    with sample_store.session(write=False) as s:
        assert repo.get_event(s, harper.id).title == "Harper meets Putin at APEC"


def test_a_second_launch_on_an_open_store_brings_the_first_forward(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "chancery.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "claimed"
        assert app.main(["--db", str(db), "--data-dir", str(tmp_path / "data")]) == 0
        assert holder.stdout.readline().strip() == "activated"
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    assert not db.exists()  # the second launch never opened the store


def test_an_uncaught_error_is_told_in_one_sentence_and_logged(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    handler = app.log_handler(tmp_path)
    logging.getLogger().addHandler(handler)
    try:
        report = app.ErrorReporter(Path(handler.baseFilename))
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError as exc:
            report(type(exc), exc, exc.__traceback__)
        try:
            raise KeyError("odd")
        except KeyError as exc:
            report(type(exc), exc, exc.__traceback__)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert shown[0] == DISK_FULL
    assert shown[1].startswith("Something went wrong (KeyError: 'odd').")
    assert "Traceback" not in capsys.readouterr().err
    log = (tmp_path / app.LOG_FILE).read_text(encoding="utf-8")
    assert "Traceback" in log and "database or disk is full" in log


def test_backup_times_read_as_a_person_says_them() -> None:
    now = dt.datetime(2026, 12, 3, 10, 0)
    assert describe_time(dt.datetime(2026, 12, 3, 9, 41), now) == "Today 09:41"
    assert describe_time(dt.datetime(2026, 12, 2, 18, 2), now) == "Yesterday 18:02"
    assert describe_time(dt.datetime(2026, 1, 1, 8, 0), now) == "1 Jan 2026 08:00"
    assert describe_moment(dt.datetime(2026, 12, 3, 9, 41), now) == "today at 09:41"
    assert describe_moment(dt.datetime(2026, 1, 1, 8, 0), now) == "on 1 Jan 2026 at 08:00"
    assert describe_size(3_000) == "3 KB" and describe_size(59_961_344) == "57.2 MB"
