"""Importing from the window: drag-and-drop off the GUI thread, and corrections that survive."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.core.dates import FuzzyDate
from desktop.core.records import EventCorrection, EventRecord
from desktop.store import Store, repo
from desktop.ui.main_window import MainWindow

SEED = "001_7d411593f19f2ef7.txt"  # the Dion-Lavrov meeting, Radio Canada International


@pytest.fixture
def window(qtbot: QtBot, store: Store, settings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(store, settings)
    win.importer.show_reports = False
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    target = tmp_path / "incoming" / SEED
    target.parent.mkdir()
    shutil.copy(paths.seeds_dir() / SEED, target)
    return target


def drop(win: MainWindow, files: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    enter = QDragEnterEvent(
        win.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(win.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, event)


def events(store: Store) -> list[EventRecord]:
    with store.session(write=False) as s:
        return repo.list_events(s, include_hidden=True)


def import_and_wait(qtbot: QtBot, win: MainWindow, files: list[Path]) -> None:
    with qtbot.waitSignal(win.importer.import_finished, timeout=60_000):
        assert win.import_paths(files)


def test_dropping_a_file_imports_it_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, store: Store, article: Path
) -> None:
    assert window.filter.rowCount() == 0
    with qtbot.waitSignal(window.importer.import_finished, timeout=60_000) as finished:
        drop(window, [article])
        assert window.importer.busy  # the work runs in its thread; the window stays live
    report = finished.args[0]
    assert [r.status for r in report.results] == ["imported"]
    assert window.filter.event_count() == len([e for e in events(store) if not e.hidden]) > 0
    assert "1 articles" in window.counts_label.text()
    titles = {window.filter.row_view(r).title for r in range(window.filter.rowCount())}
    assert titles - {""}


def test_a_broken_file_is_reported_not_fatal(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, article: Path
) -> None:
    broken = tmp_path / "incoming" / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00garbage" * 3)
    import_and_wait(qtbot, window, [article, broken])
    report = window.importer.last_report
    assert report is not None
    assert {r.status for r in report.results} >= {"imported"}
    assert window.filter.event_count() > 0


def test_a_correction_survives_reimport(
    qtbot: QtBot, window: MainWindow, store: Store, article: Path
) -> None:
    import_and_wait(qtbot, window, [article])
    dated = [e for e in events(store) if e.date is not None]
    target, other = dated[0], dated[-1]
    window.apply_correction(
        target.id,
        EventCorrection(date=FuzzyDate.of_month(2014, 3), title="Corrected by the reader"),
    )
    window.apply_correction(other.id, EventCorrection(hidden=True))
    row = window.filter.row_of_event(target.id)
    assert row is not None
    assert window.filter.row_view(row).label == "Mar 2014"
    assert window.filter.row_of_event(other.id) is None

    # The article changes on disk (a correction notice appended) and is imported again.
    article.write_text(
        article.read_text(encoding="utf-8") + "\n\nCorrection: a typo was fixed.\n",
        encoding="utf-8",
    )
    import_and_wait(qtbot, window, [article])
    assert window.importer.last_report is not None
    assert [r.status for r in window.importer.last_report.results] == ["updated"]
    after = {e.title: e for e in events(store)}
    corrected = after["Corrected by the reader"]
    assert corrected.date == FuzzyDate.of_month(2014, 3)
    assert corrected.corrected
    row = window.filter.row_of_event(corrected.id)
    assert row is not None
    assert window.filter.row_view(row).label == "Mar 2014"
    hidden = [e for e in events(store) if e.hidden]
    assert [e.title for e in hidden] == [other.title]
    assert window.filter.row_of_event(hidden[0].id) is None
