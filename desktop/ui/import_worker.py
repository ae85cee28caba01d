"""Imports run off the GUI thread, behind a cancellable progress dialog, ending in a report."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from sqlalchemy.exc import DBAPIError

from desktop.store.db import Store
from desktop.store.maintenance import describe_os_error

if TYPE_CHECKING:
    from desktop.importer import ImportReport

log = logging.getLogger(__name__)


class _SignalProgress(QObject):
    """The importer's Progress protocol, turned into signals the GUI thread receives."""

    began = Signal(int)
    moved = Signal(int, str)

    def __init__(self, cancel: threading.Event) -> None:
        super().__init__()
        self._cancel = cancel

    def started(self, total: int) -> None:
        self.began.emit(total)

    def advanced(self, done: int, message: str) -> None:
        self.moved.emit(done, message)

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class ImportWorker(QObject):
    """Runs one import in its thread. Signals: ``finished(object)`` with the ImportReport,
    ``failed(str)`` when the import itself broke."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, paths: Sequence[Path] | None, cancel: threading.Event) -> None:
        super().__init__()
        self._store = store
        self._paths = None if paths is None else list(paths)
        self.progress = _SignalProgress(cancel)

    @Slot()
    def run(self) -> None:
        # Imported here, in the worker thread: the analyser and dateparser take a third of
        # a second to load, which a start without an import should not pay.
        from desktop.importer import import_paths, import_seeds

        try:
            if self._paths is None:
                report = import_seeds(self._store, progress=self.progress)
            else:
                report = import_paths(self._store, self._paths, progress=self.progress)
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            self.failed.emit(describe_os_error(exc))
            return
        except Exception as exc:  # any failure must reach the user, not kill the thread
            log.exception("import failed")
            self.failed.emit(f"The import stopped: {exc}")
            return
        self.finished.emit(report)


class ImportController(QObject):
    """Owns the import thread and its dialog; one import at a time.

    Signals: ``import_finished(object)`` with the ImportReport (also after a cancel).
    """

    import_finished = Signal(object)

    def __init__(self, store: Store, window: QWidget) -> None:
        super().__init__(window)
        self._store = store
        self._window = window
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self.last_report: ImportReport | None = None
        self.show_reports = True

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def import_paths(self, paths: Sequence[Path]) -> bool:
        return self._start(list(paths), "Importing articles\u2026")

    def import_seeds(self) -> bool:
        return self._start(None, "Importing the bundled articles\u2026")

    def _start(self, paths: list[Path] | None, label: str) -> bool:
        if self._thread is not None:
            return False
        self._cancel = threading.Event()
        dialog = QProgressDialog(label, "Cancel", 0, 0, self._window)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancelled)
        self._dialog = dialog

        thread = QThread(self)
        worker = ImportWorker(self._store, paths, self._cancel)
        worker.moveToThread(thread)
        worker.progress.moveToThread(thread)
        worker.progress.began.connect(self._began)
        worker.progress.moved.connect(self._moved)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        thread.started.connect(worker.run)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    @Slot()
    def _cancelled(self) -> None:
        self._cancel.set()
        if self._dialog is not None:
            self._dialog.setLabelText("Cancelling after the current file\u2026")

    @Slot(int)
    def _began(self, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))

    @Slot(int, str)
    def _moved(self, done: int, message: str) -> None:
        dialog = self._dialog
        if dialog is not None and not self._cancel.is_set():
            # Label first: a modal dialog's setValue() runs the event loop, which may
            # deliver the end of the import and take the dialog away.
            dialog.setLabelText(message)
            dialog.setValue(done)

    @Slot(object)
    def _finished(self, report: ImportReport) -> None:
        self._wind_down()
        self.last_report = report
        failures = [r for r in report.results if r.status == "failed"]
        if failures and self.show_reports:
            self._show_failures(report)
        self.import_finished.emit(report)

    @Slot(str)
    def _failed(self, message: str) -> None:
        from desktop.importer import ImportReport

        self._wind_down()
        report = ImportReport()
        self.last_report = report
        if self.show_reports:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Import failed", message, parent=self._window
            )
            box.open()
        self.import_finished.emit(report)

    def _wind_down(self) -> None:
        thread, self._thread = self._thread, None
        self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._cancelled)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _show_failures(self, report: ImportReport) -> None:
        failures = [r for r in report.results if r.status == "failed"]
        rows = "".join(
            f"<li><b>{escape(Path(r.path).name)}</b>: {escape(r.message)}</li>"
            for r in failures[:20]
        )
        more = f"<p>\u2026and {len(failures) - 20} more.</p>" if len(failures) > 20 else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "Import report", "", parent=self._window)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<p>{escape(report.summary())}.</p><ul>{rows}</ul>{more}")
        box.setDetailedText("\n".join(f"{r.path}: {r.message}" for r in failures))
        # Non-blocking: the window stays usable, and tests are never stuck on a modal loop.
        QTimer.singleShot(0, box.open)

    def shutdown(self) -> None:
        """Cancel a running import and wait for it (the window is closing)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
