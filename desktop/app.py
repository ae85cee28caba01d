"""Composition root of the desktop app: arguments, QApplication, store, first run, window."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Slot
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DBAPIError

from desktop import APP_NAME, __version__, paths
from desktop.store import repo
from desktop.store.db import Store, StoreError, open_store
from desktop.store.maintenance import (
    BackupInfo,
    backup_due,
    describe_os_error,
    restore_backup,
)
from desktop.ui.backups_dialog import describe_moment
from desktop.ui.main_window import MainWindow
from desktop.ui.single_instance import SingleInstance
from desktop.ui.theme import apply_theme

if TYPE_CHECKING:
    from desktop.importer import ImportReport

SETTINGS_FILE = "settings.ini"
# An automatic backup at each start, unless the newest is younger than this.
BACKUP_EVERY = dt.timedelta(hours=1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chancery", description="Open the Chancery timeline.")
    parser.add_argument("--db", metavar="PATH", help="the database to open (default: user data)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder for user data and settings")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check the app works (offscreen, in a fresh --data-dir), print a report and quit",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def is_empty(store: Store) -> bool:
    with store.session(write=False) as s:
        return repo.counts(s).articles == 0


# -- smoke test --------------------------------------------------------------------------
# `--smoke-test` proves a build works where users will run it (a frozen bundle, a fresh
# machine): every check reads something the bundle must carry, and any failure says which.

SMOKE_PHRASE = "on July 25, 2016"
SMOKE_DAY = "2016-07-25"
SMOKE_ZONE = "Europe/Moscow"
SMOKE_LOG = "smoke-test.log"
SMOKE_TIMEOUT_MS = 180_000


def smoke_date_probe() -> str:
    """The day the tagger and dateparser each read in SMOKE_PHRASE, as ``tagger/dateparser``."""
    from dateparser.date import DateDataParser

    from desktop.core.timex import tag

    tagged = [t.value for t in tag(SMOKE_PHRASE, None)]
    # The tagger falls back to its own arithmetic, so ask dateparser directly as well:
    # only that proves its language data made it into the bundle.
    parsed = DateDataParser(languages=["en"]).get_date_data(SMOKE_PHRASE)
    day = parsed.date_obj.date().isoformat() if parsed.date_obj and parsed.period == "day" else ""
    return f"{','.join(tagged)}/{day}"


def prepare_smoke_test(args: argparse.Namespace) -> None:
    """Before the QApplication exists: no screen needed, and never the user's own data."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not args.data_dir and not args.db:
        args.data_dir = tempfile.mkdtemp(prefix="chancery-smoke-")
        atexit.register(shutil.rmtree, args.data_dir, ignore_errors=True)


class SmokeTest(QObject):
    """Checks the running app once the window has painted and the store is ready, then
    closes the window; ``status`` is the exit code. Prints one line per check."""

    def __init__(self, window: MainWindow, store: Store, first_run: bool, log: Path) -> None:
        super().__init__(window)
        self._window, self._store, self._first_run = window, store, first_run
        self._log = log
        self._started = time.perf_counter()
        self._painted = False
        self._report: ImportReport | None = None
        self._done = False
        self.status = 1
        self._lines: list[str] = []
        self._say(f"{APP_NAME} {__version__} smoke test, store {store.path}")
        window.installEventFilter(self)
        window.importer.show_reports = False
        if first_run:
            window.importer.import_finished.connect(self._import_finished)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, self._timed_out)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            ms = (time.perf_counter() - self._started) * 1000
            self._say(f"window: shown and painted {ms:.0f} ms after it was built")
            QTimer.singleShot(0, self._maybe_check)
        return False

    @Slot(object)
    def _import_finished(self, report: ImportReport) -> None:
        self._report = report
        self._maybe_check()

    @Slot()
    def _maybe_check(self) -> None:
        if self._done or not self._painted or (self._first_run and self._report is None):
            return
        self._done = True
        try:
            self._check()
        except SmokeTestError as exc:
            self._fail(str(exc))
        except Exception as exc:  # any failure is the smoke test's answer, not a crash
            self._fail(f"{type(exc).__name__}: {exc}")
        else:
            self.status = 0
            self._say("ok")
        self._finish()

    def _check(self) -> None:
        from desktop.importer import ARTICLE_SUFFIXES
        from desktop.ui import theme

        seeds = [p for p in paths.seeds_dir().iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES]
        with self._store.session(write=False) as s:
            c = repo.counts(s)
        if self._report is not None:
            failed = "; ".join(f"{r.path}: {r.message}" for r in self._report.failed)
            _require(not failed, f"seed import failed: {failed}")
            how = f"imported on first run ({self._report.summary()})"
        else:
            how = "already in the store, no import"
        _require(bool(seeds), f"no seed articles in {paths.seeds_dir()}")
        _require(c.articles >= len(seeds), f"{c.articles} articles for {len(seeds)} seed files")
        _require(c.events > 0 and c.actors > 0, f"no events or actors: {c}")
        self._say(f"seeds: {c.articles} articles, {c.events} events, {c.actors} actors, {how}")
        rows = self._window.filter.rowCount()
        _require(rows > 0, "the timeline shows nothing")
        self._say(f"timeline: {rows} rows")

        expected = f"{SMOKE_DAY}/{SMOKE_DAY}"
        here = smoke_date_probe()
        _require(here == expected, f"{SMOKE_PHRASE!r} read as {here!r}, not {expected!r}")
        self._say(f"dates: {SMOKE_PHRASE!r} -> {SMOKE_DAY} (tagger and dateparser)")

        # zoneinfo prefers the system's files: read the bundled tzdata copy explicitly.
        zone_file = resources.files("tzdata.zoneinfo")
        for part in SMOKE_ZONE.split("/"):
            zone_file = zone_file / part
        with zone_file.open("rb") as f:
            zone = zoneinfo.ZoneInfo.from_file(f, key=SMOKE_ZONE)
        offset = dt.datetime(2016, 7, 25, 12, tzinfo=zone).utcoffset()
        _require(offset == dt.timedelta(hours=3), f"{SMOKE_ZONE} offset {offset}")
        self._say(f"tzdata: {SMOKE_ZONE} is UTC+3 in July 2016")

        app = QApplication.instance()
        sheet = app.styleSheet() if isinstance(app, QApplication) else ""
        _require(bool(sheet.strip()), f"no stylesheet loaded from {paths.resource('style.qss')}")
        _require(not theme.app_icon().pixmap(64, 64).isNull(), "the app icon does not render")
        names = sorted(p.stem for p in paths.resource("icons").glob("*.svg"))
        blank = [n for n in names if theme.icon(n).pixmap(24, 24).isNull()]
        _require(bool(names) and not blank, f"icons that do not render: {blank or 'all'}")
        self._say(f"look: stylesheet ({len(sheet)} chars), {len(names)} icons render")

    def _fail(self, reason: str) -> None:
        self.status = 1
        self._say(f"FAILED: {reason}", error=True)

    @Slot()
    def _timed_out(self) -> None:
        if not self._done:
            self._done = True
            waiting = "the first paint" if not self._painted else "the seed import"
            self._fail(f"timed out after {SMOKE_TIMEOUT_MS // 1000} s waiting for {waiting}")
            self._finish()

    def _finish(self) -> None:
        # A windowed Windows build has no stdout: the log in the data folder always tells.
        self._log.write_text("\n".join(self._lines) + "\n", encoding="utf-8")
        self._window.close()
        # Closing the last window ends the loop; quit too, should another window linger.
        QTimer.singleShot(0, QApplication.quit)

    def _say(self, line: str, error: bool = False) -> None:
        self._lines.append(line)
        print(line, file=sys.stderr if error else sys.stdout, flush=True)


def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise SmokeTestError(reason)


class SmokeTestError(Exception):
    """One smoke-test check did not hold."""


# -- errors nobody caught ----------------------------------------------------------------

LOG_FILE = "chancery.log"


def log_handler(data_dir: Path) -> logging.FileHandler:
    """Warnings and errors go to a log in the data folder, where a user can find them."""
    handler = logging.FileHandler(data_dir / LOG_FILE, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    return handler


class ErrorReporter:
    """The last resort for an exception no code caught (Qt would print it and go on): log
    the traceback, tell the user in one sentence, and keep running. Every change runs in
    one transaction, so whatever failed was rolled back whole."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._showing = False

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        logging.getLogger(__name__).error("uncaught error", exc_info=(kind, exc, tb))
        if isinstance(exc, (DBAPIError, OSError, sqlite3.Error, StoreError)):
            words = describe_os_error(exc)
        else:
            words = (
                f"Something went wrong ({type(exc).__name__}: {exc}). What you saved before "
                "is safe; the details are in the log."
            )
        print(f"chancery: {words}", file=sys.stderr)
        if self._showing or QApplication.instance() is None:
            return  # one box at a time, even if showing it fails again
        self._showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, words)
            box.setInformativeText(f"Log: {self.log_path}")
            box.exec()
        finally:
            self._showing = False


class Chancery(QObject):
    """The open store and its window, for the app's whole run.

    Restoring a backup swaps both: the window retires, the store closes, the file is
    replaced, and a new store and window open on it. A later launch on the same store
    (caught by the single-instance guard) brings the window to the front.
    """

    def __init__(self, db_path: Path, settings: QSettings) -> None:
        super().__init__()
        self.db_path = db_path
        self.settings = settings
        self.store: Store | None = None
        self.window: MainWindow | None = None

    def open(self) -> MainWindow:
        """Open the store and a window on it; StoreError if the store cannot be opened."""
        store = open_store(self.db_path)
        try:
            window = MainWindow(store, self.settings)
        except BaseException:
            store.close()
            raise
        window.restore_requested.connect(self.restore)
        self.store, self.window = store, window
        return window

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @Slot()
    def bring_to_front(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    @Slot()
    def back_up_if_due(self) -> None:
        """The automatic backup at start (not on the first run, which has nothing to keep
        yet), and not again for a restart within BACKUP_EVERY."""
        if self.window is not None and backup_due(self.db_path, BACKUP_EVERY):
            self.window.back_up()

    @Slot(object)
    def restore(self, backup: BackupInfo) -> None:
        old = self.window
        if old is None:
            return
        old.retire()
        self.close()
        try:
            saved = restore_backup(self.db_path, backup.path)
        except (StoreError, OSError, sqlite3.Error) as exc:
            icon, outcome = QMessageBox.Icon.Warning, describe_os_error(exc)
        else:
            icon = QMessageBox.Icon.Information
            outcome = f"Restored the store as it was {describe_moment(backup.taken_at)}."
            if saved:
                outcome += (
                    " The store as it was just before is kept as a backup too, so "
                    "File → Backups can bring it back."
                )
        self.window = None
        try:
            window = self.open()
        except Exception as exc:  # the old window is gone: never leave the app running unseen
            # Only when the file on disk can no longer be opened at all: say so and stop.
            logging.getLogger(__name__).error("reopening after a restore failed", exc_info=True)
            words = str(exc) if isinstance(exc, StoreError) else describe_os_error(exc)
            QMessageBox.critical(old, APP_NAME, f"{outcome}\n\n{words}")
            old.deleteLater()
            QApplication.quit()
            return
        window.show()
        old.deleteLater()
        window.tell(icon, "Restore from backup", outcome)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.smoke_test:
        prepare_smoke_test(args)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("chancery")
    apply_theme(app)

    data_dir = paths.data_dir(args.data_dir)
    handler = log_handler(data_dir)
    logging.getLogger().addHandler(handler)
    previous_hook = sys.excepthook
    sys.excepthook = ErrorReporter(Path(handler.baseFilename))
    try:
        return _run(args, app, data_dir)
    finally:
        sys.excepthook = previous_hook
        logging.getLogger().removeHandler(handler)
        handler.close()


def _run(args: argparse.Namespace, app: QApplication, data_dir: Path) -> int:
    db_path = paths.default_db_path(args.db, args.data_dir)
    guard = SingleInstance()
    if not guard.claim(db_path):
        print(f"chancery: {db_path} is already open; its window was brought to the front.")
        return 0
    settings = QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)
    chancery = Chancery(db_path, settings)
    try:
        try:
            window = chancery.open()
        except StoreError as exc:
            print(f"chancery: {exc}", file=sys.stderr)
            if not args.smoke_test:
                QMessageBox.critical(None, APP_NAME, str(exc))
            return 1
        guard.activation_requested.connect(chancery.bring_to_front)
        assert chancery.store is not None
        first_run = is_empty(chancery.store)
        smoke = None
        if args.smoke_test:
            log = data_dir / SMOKE_LOG
            smoke = SmokeTest(window, chancery.store, first_run, log)
        window.show()
        if first_run:
            # After the first paint, so a new user sees the window and the progress at once.
            QTimer.singleShot(0, window.import_seeds)
        else:
            QTimer.singleShot(0, chancery.back_up_if_due)
        status = app.exec()
        return status if smoke is None else smoke.status
    finally:
        chancery.close()
        guard.release()
