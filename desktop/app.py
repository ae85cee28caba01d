"""Composition root of the desktop app: arguments, QApplication, store, first run, window."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__, paths
from desktop.store import repo
from desktop.store.db import Store, StoreError, open_store
from desktop.ui.main_window import MainWindow
from desktop.ui.theme import apply_theme

if TYPE_CHECKING:
    from desktop.importer import ImportReport

SETTINGS_FILE = "settings.ini"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chancery", description="Open the Chancery timeline.")
    parser.add_argument("--db", metavar="PATH", help="the database to open (default: user data)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder for user data and settings")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, finish any first-run import, print the counts and quit",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def is_empty(store: Store) -> bool:
    with store.session(write=False) as s:
        return repo.counts(s).articles == 0


def main(argv: Sequence[str] | None = None) -> int:
    # A large import analyses in spawned worker processes; a frozen app must let them run.
    multiprocessing.freeze_support()
    args = build_parser().parse_args(argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("chancery")
    apply_theme(app)

    db_path = paths.default_db_path(args.db, args.data_dir)
    try:
        store = open_store(db_path)
    except StoreError as exc:
        print(f"chancery: {exc}", file=sys.stderr)
        if not args.smoke_test:
            QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    settings = QSettings(
        str(paths.data_dir(args.data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat
    )
    try:
        window = MainWindow(store, settings)
        window.show()
        first_run = is_empty(store)

        def finish_smoke_test(_report: ImportReport | None = None) -> None:
            with store.session(write=False) as s:
                c = repo.counts(s)
            print(f"ok: {c.articles} articles, {c.events} events, {c.actors} actors")
            window.close()

        if first_run:
            if args.smoke_test:
                window.importer.show_reports = False
                window.importer.import_finished.connect(finish_smoke_test)
            # After the first paint, so a new user sees the window and the progress at once.
            QTimer.singleShot(0, window.import_seeds)
        elif args.smoke_test:
            QTimer.singleShot(0, finish_smoke_test)
        return app.exec()
    finally:
        store.close()
