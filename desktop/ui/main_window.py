"""The main window: composes the panes, wires their signals, and carries out user actions."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop import APP_NAME, __version__
from desktop.core.records import ActorId, ArticleId, ArticleRecord, Counts, EventCorrection, EventId
from desktop.store import repo
from desktop.store.annotations import reanchor_all
from desktop.store.db import Store
from desktop.store.maintenance import (
    DEFAULT_KEEP,
    BackupInfo,
    CheckReport,
    describe_os_error,
    list_backups,
    rotate_backups,
)
from desktop.store.maintenance import check_database as check_store
from desktop.ui import theme
from desktop.ui.actor_sidebar import ActorSidebar
from desktop.ui.annotation_controller import AnnotationController
from desktop.ui.backups_dialog import BackupsDialog, describe_backup
from desktop.ui.correction_dialog import CorrectionDialog
from desktop.ui.import_worker import ImportController
from desktop.ui.search_index import ArticleSearch
from desktop.ui.source_pane import SourcePane, SourceView
from desktop.ui.timeline_data import Year
from desktop.ui.timeline_filter import TimelineFilter
from desktop.ui.timeline_model import TimelineModel
from desktop.ui.timeline_view import TimelineView
from desktop.ui.year_strip import YearStrip

if TYPE_CHECKING:
    from desktop.importer import ImportReport

SEARCH_DELAY_MS = 180
KEEP_BACKUPS_KEY = "backups/keep"


class MainWindow(QMainWindow):
    """The timeline in the centre, the actors on the left, the source on the right.

    Signals: ``restore_requested(object)`` with a BackupInfo once the user confirmed
    replacing the store by it; whoever opened the store closes it and restores.
    """

    restore_requested = Signal(object)

    def __init__(self, store: Store, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._articles: dict[ArticleId, ArticleRecord] = {}
        self._article_search: ArticleSearch | None = None
        self._counts = Counts(0, 0, 0)
        self.last_message: QMessageBox | None = None
        self.setWindowTitle(f"{APP_NAME} \u2014 {store.path.name}")
        self.setWindowIcon(theme.app_icon())
        self.setAcceptDrops(True)

        self.model = TimelineModel(self)
        self.filter = TimelineFilter(self)
        self.filter.setSourceModel(self.model)
        self.timeline = TimelineView(self)
        self.timeline.set_filter_model(self.filter)
        self.years = YearStrip(self)
        self.sidebar = ActorSidebar(self)
        self.source = SourcePane(self)
        self.importer = ImportController(store, self)
        self.marks = AnnotationController(
            store,
            self.source,
            self,
            settings,
            self.timeline.selected_event,
            self.timeline.select_event,
            self._shown_events,
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search event titles and article text  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(theme.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search")
        self.filter_note = QLabel(self)
        self.filter_note.setObjectName("filterNote")
        self.clear_filters = QPushButton("Clear filters", self)
        self.clear_filters.setToolTip("Show every event again (Esc clears the search)")
        self.counts_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts_label)

        self._build_layout()
        self._build_menus()
        self._connect_signals()
        self._restore_settings()
        self.reload()
        self._restore_selection()

    # -- construction --------------------------------------------------------------------

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(10, 10, 10, 6)
        bar.setSpacing(8)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.filter_note)
        bar.addWidget(self.clear_filters)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.years)
        body.addWidget(self.timeline, 1)
        centre = QWidget(self)
        centre.setObjectName("centre")
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(bar)
        column.addLayout(body, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.source)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(5)
        self.splitter.setSizes([265, 685, 450])
        self.setCentralWidget(self.splitter)
        self.annotations_dock = QDockWidget("Annotations", self)
        self.annotations_dock.setObjectName("annotationsDock")
        self.annotations_dock.setWidget(self.marks.panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.annotations_dock)
        # Room for a handful of rows; the timeline and the article keep most of the height.
        self.resizeDocks([self.annotations_dock], [190], Qt.Orientation.Vertical)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[..., object],
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(theme.icon(icon))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.import_files_action = self._action(
            "Import &files\u2026",
            QKeySequence.StandardKey.Open,
            self.ask_import_files,
            "import-file",
        )
        self.import_folder_action = self._action(
            "Import f&older\u2026", "Ctrl+Shift+O", self.ask_import_folder, "import-folder"
        )
        file.addAction(self.import_files_action)
        file.addAction(self.import_folder_action)
        file.addSeparator()
        m = self.marks
        for action in (m.import_action, m.export_action, m.timeline_action):
            file.addAction(action)
        file.addSeparator()
        file.addAction(m.print_action)
        file.addAction(m.pdf_action)
        file.addSeparator()
        self.check_action = self._action("&Check database…", None, self.check_database)
        self.check_action.setToolTip("Verify the store, repair what is safe, re-anchor notes")
        self.backups_action = self._action("&Backups…", None, self.show_backups)
        file.addAction(self.check_action)
        file.addAction(self.backups_action)
        file.addSeparator()
        file.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.close))

        edit = bar.addMenu("&Edit")
        edit.addAction(m.undo_action)
        edit.addAction(m.redo_action)
        edit.addSeparator()
        for action in (m.highlight_action, m.note_action, m.event_note_action, m.palette_action):
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(
            self._action("&Find\u2026", QKeySequence.StandardKey.Find, self.focus_search, "find")
        )
        self.clear_search_action = self._action("Clear search", "Esc", self.clear_search)
        edit.addAction(self.clear_search_action)
        edit.addSeparator()
        self.correct_action = self._action(
            "&Correct event\u2026", "Ctrl+E", self.correct_selected, "edit"
        )
        self.hide_action = self._action(
            "&Hide or show event", "Ctrl+Shift+H", self.toggle_hidden_selected, "hide"
        )
        edit.addAction(self.correct_action)
        edit.addAction(self.hide_action)

        view = bar.addMenu("&View")
        self.show_hidden_action = self._action(
            "Show &hidden events", None, self.filter.set_show_hidden
        )
        self.show_hidden_action.setCheckable(True)
        view.addAction(self.show_hidden_action)
        view.addSeparator()
        view.addAction(self._action("&Timeline", "Ctrl+1", self.timeline.setFocus))
        view.addAction(self._action("&Article", "Ctrl+2", self.source.browser.setFocus))
        view.addAction(self._action("A&ctors", "Ctrl+3", self.sidebar.search.setFocus))
        panel = self.annotations_dock.toggleViewAction()
        panel.setShortcut(QKeySequence("Ctrl+4"))
        view.addAction(panel)

        go = bar.addMenu("&Go")
        go.addAction(self._action("&Year\u2026", "Ctrl+G", self.ask_year, "calendar"))
        # Year paging belongs to the timeline: elsewhere PageUp/PageDown scroll the article.
        for text, key, slot in (
            ("&Previous year", "PgUp", lambda: self.timeline.step_year(-1)),
            ("&Next year", "PgDown", lambda: self.timeline.step_year(1)),
            ("&First event", "Home", lambda: self.timeline.go_to_end(last=False)),
            ("&Last event", "End", lambda: self.timeline.go_to_end(last=True)),
        ):
            action = self._action(text, key, slot)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.timeline.addAction(action)
            go.addAction(action)
        go.addSeparator()
        go.addAction(
            self._action("Previous &source", "Alt+Left", lambda: self.source.step(-1), "previous")
        )
        go.addAction(self._action("Next s&ource", "Alt+Right", lambda: self.source.step(1), "next"))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About Chancery", None, self.about))

    def _connect_signals(self) -> None:
        self.timeline.event_selected.connect(self._event_selected)
        self.timeline.year_shown.connect(self.years.show_year)
        self.timeline.correction_requested.connect(self.correct_event)
        self.timeline.hide_requested.connect(self.toggle_hidden)
        self.years.year_activated.connect(self.go_to_year)
        self.filter.filter_changed.connect(self._filter_changed)
        self.source.event_activated.connect(self._event_activated)
        self.sidebar.filter_changed.connect(self._actor_filter_changed)
        self.sidebar.rename_requested.connect(self.rename_actor)
        self.sidebar.alias_requested.connect(self.add_alias)
        self.sidebar.merge_requested.connect(self.merge_actors)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self._search_timer.timeout.connect(self.apply_search)
        self.clear_filters.clicked.connect(self.clear_all_filters)
        self.importer.import_finished.connect(self._import_finished)

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read events and actors afresh, keeping filters and the selected event."""
        with self._store.session(write=False) as s:
            events = repo.list_events(s, include_hidden=True)
            actors = repo.list_actors(s)
            articles = repo.count_articles(s)
        self._counts = Counts(
            articles=articles, events=sum(not e.hidden for e in events), actors=len(actors)
        )
        self._articles = {}
        self._article_search = None
        self.sidebar.set_actors(actors)
        self.model.set_events(events, self.sidebar.model.names())
        if self.search.text().strip():
            self.apply_search()
        selected = self.timeline.selected_event()
        if selected is not None and self.model.row_of(selected) is not None:
            self._show_sources(selected)
        elif selected is not None:
            self.source.clear()
        self._update_status()

    def _restore_selection(self) -> None:
        stored = self._settings.value(self._selection_key())
        if (
            stored is not None
            and str(stored).isdigit()
            and self.timeline.select_event(EventId(int(str(stored))))
        ):
            return
        if self.filter.rowCount() > 1:
            self.timeline.go_to_end(last=False)

    # -- selection and reading -----------------------------------------------------------

    @Slot(object)
    def _event_selected(self, event_id: EventId) -> None:
        self._show_sources(event_id)

    @Slot(object)
    def _event_activated(self, event_id: EventId) -> None:
        if not self.timeline.select_event(event_id):
            self.statusBar().showMessage("That event is hidden by the current filters.", 4000)

    def _show_sources(self, event_id: EventId) -> None:
        views: list[SourceView] = []
        with self._store.session(write=False) as s:
            for passage in repo.event_sources(s, event_id):
                article = self._articles.get(passage.article_id)
                if article is None:
                    article = self._articles[passage.article_id] = repo.get_article(
                        s, passage.article_id
                    )
                passages = tuple(repo.article_sources(s, passage.article_id, include_hidden=True))
                views.append(SourceView(article, passage, passages))
        self.source.show_event(event_id, views)

    @Slot(object)
    def go_to_year(self, year: Year) -> None:
        self.timeline.go_to_year(year)

    @Slot()
    def ask_year(self) -> None:
        counts = self.filter.year_counts()
        if not counts:
            return
        labels = ["Undated" if y is None else str(y) for y, _ in counts]
        shown = self.timeline.rowAt(2)
        current = self.filter.year_of_row(shown) if shown >= 0 else counts[0][0]
        start = labels.index("Undated" if current is None else str(current))
        label, ok = QInputDialog.getItem(self, "Go to year", "Year:", labels, start, True)
        if not ok:
            return
        label = label.strip()
        if label.casefold() == "undated":
            self.go_to_year(None)
        elif label.isdigit():
            years = [y for y, _ in counts if y is not None]
            nearest = min(years, key=lambda y: abs(y - int(label)), default=None)
            self.go_to_year(nearest)

    def _shown_events(self) -> list[EventId] | None:
        """The events the filters let through, in timeline order; None when unfiltered."""
        if not self.filter.is_filtered:
            return None
        views = (self.filter.row_view(r) for r in range(self.filter.rowCount()))
        return [v.event_id for v in views if v.event_id is not None]

    # -- filters -------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def clear_search(self) -> None:
        had_focus = self.search.hasFocus()
        if self.search.text():
            self.search.clear()
            self.apply_search()
        if had_focus:
            self.timeline.setFocus()

    @Slot()
    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if not text:
            self.filter.set_search_rows(None)
            return
        data = self.model.timeline
        rows = data.title_matches(text) | data.rows_for_events(
            self._articles_search().event_ids(text)
        )
        self.filter.set_search_rows(rows)

    def _articles_search(self) -> ArticleSearch:
        if self._article_search is None:
            with self._store.session(write=False) as s:
                texts = repo.article_texts(s)
                events = repo.events_by_article(s)
            self._article_search = ArticleSearch(texts, events)
        return self._article_search

    @Slot(object, bool)
    def _actor_filter_changed(self, actors: frozenset[ActorId], match_all: bool) -> None:
        self.filter.set_actor_filter(actors, match_all=match_all)

    @Slot()
    def clear_all_filters(self) -> None:
        self.search.clear()
        self.sidebar.model.set_checked(())
        self.apply_search()

    @Slot()
    def _filter_changed(self) -> None:
        self.years.set_counts(self.filter.year_counts())
        shown = self.timeline.rowAt(2)
        if shown >= 0:
            self.years.show_year(self.filter.year_of_row(shown))
        self._update_status()

    def _update_status(self) -> None:
        c = self._counts
        self.counts_label.setText(
            f"{c.articles} articles \u00b7 {c.events} events \u00b7 {c.actors} actors  "
        )
        filtered = self.filter.is_filtered
        total = self._counts.events
        self.filter_note.setVisible(filtered)
        self.clear_filters.setVisible(filtered)
        if filtered:
            self.filter_note.setText(f"{self.filter.event_count()} of {total} events")

    # -- corrections and actors ----------------------------------------------------------

    @Slot()
    def correct_selected(self) -> None:
        selected = self.timeline.selected_event()
        if selected is not None:
            self.correct_event(selected)

    @Slot(object)
    def correct_event(self, event_id: EventId) -> None:
        with self._store.session(write=False) as s:
            event = repo.get_event(s, event_id)
        dialog = CorrectionDialog(event, self.sidebar.model.actors(), self)
        result = dialog.exec()
        if result == QDialog.DialogCode.Accepted:
            self.apply_correction(event_id, dialog.correction())
        elif result == CorrectionDialog.REVERT:
            self.save("Correct event", lambda s: repo.clear_correction(s, event_id))

    def apply_correction(self, event_id: EventId, correction: EventCorrection) -> None:
        if correction == EventCorrection():
            return
        if self.save("Correct event", lambda s: repo.set_correction(s, event_id, correction)):
            self.statusBar().showMessage("Correction saved; it will survive re-import.", 4000)

    @Slot()
    def toggle_hidden_selected(self) -> None:
        selected = self.timeline.selected_event()
        if selected is not None:
            self.toggle_hidden(selected)

    @Slot(object)
    def toggle_hidden(self, event_id: EventId) -> None:
        with self._store.session(write=False) as s:
            hidden = repo.get_event(s, event_id).hidden
        self.apply_correction(event_id, EventCorrection(hidden=not hidden))

    @Slot(object, str)
    def rename_actor(self, actor_id: ActorId, name: str) -> None:
        self.save("Actors", lambda s: repo.rename_actor(s, actor_id, name))

    @Slot(object, str)
    def add_alias(self, actor_id: ActorId, alias: str) -> None:
        self.save("Actors", lambda s: repo.add_alias(s, actor_id, alias))

    @Slot(object, object)
    def merge_actors(self, keep: ActorId, drop: ActorId) -> None:
        self.save("Actors", lambda s: repo.merge_actors(s, keep, drop))

    def save(self, title: str, change: Callable[[Session], object]) -> bool:
        """Run one user action's change in one transaction, then show the store afresh.

        A refused change (bad input, or a full, read-only or busy store) is rolled back
        whole and explained in one sentence; False then.
        """
        try:
            with self._store.session() as s:
                change(s)
        except (ValueError, LookupError) as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            QMessageBox.warning(self, title, describe_os_error(exc))
            return False
        self.reload()
        return True

    # -- import --------------------------------------------------------------------------

    @Slot()
    def ask_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            str(Path.home()),
            "Articles (*.txt *.md *.html *.htm);;All files (*)",
        )
        if files:
            self.import_paths([Path(f) for f in files])

    @Slot()
    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import a folder of articles", str(Path.home())
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> bool:
        started = self.importer.import_paths(paths)
        if not started:
            self.statusBar().showMessage("An import is already running.", 4000)
        return started

    def import_seeds(self) -> bool:
        return self.importer.import_seeds()

    @Slot(object)
    def _import_finished(self, report: ImportReport) -> None:
        self.reload()
        self.marks.after_import()
        if self.timeline.selected_event() is None and self.filter.rowCount() > 1:
            self.timeline.go_to_end(last=False)
        self.statusBar().showMessage(f"Import: {report.summary()}.", 8000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- store maintenance ---------------------------------------------------------------

    @property
    def keep_backups(self) -> int:
        value = str(self._settings.value(KEEP_BACKUPS_KEY, DEFAULT_KEEP)).strip()
        return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_KEEP

    def tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the caller (nor a test)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box

    @Slot()
    def check_database(self) -> CheckReport | None:
        """Verify the store and repair what is safe (File > Check database)."""
        if self.importer.busy:
            self.statusBar().showMessage("Wait for the import to finish, then check.", 5000)
            return None
        # One transaction, seconds on a big store: say so while it runs.
        self.statusBar().showMessage("Checking the database…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        try:
            report = check_store(self._store, reanchor=reanchor_all)
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            self.tell(QMessageBox.Icon.Warning, "Check database", describe_os_error(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        self.reload()
        self.marks.after_import()
        icon = QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning
        self.tell(icon, "Check database", report.summary())
        return report

    def back_up(self) -> Path | None:
        """Take an automatic backup now, keeping the newest ``keep_backups``."""
        try:
            path = rotate_backups(self._store, self.keep_backups)
        except (DBAPIError, OSError, sqlite3.Error, ValueError) as exc:
            self.statusBar().showMessage(f"Backup failed: {describe_os_error(exc)}", 10000)
            return None
        self.statusBar().showMessage("Backed up the store.", 4000)
        return path

    @Slot()
    def show_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self._store.path, self.keep_backups, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.set_backups(list_backups(self._store.path))

        def backup_now() -> None:
            self.back_up()
            dialog.set_backups(list_backups(self._store.path))

        def delete(backup: BackupInfo) -> None:
            if self.delete_backup(backup, dialog):
                dialog.set_backups(list_backups(self._store.path))

        dialog.backup_requested.connect(backup_now)
        dialog.delete_requested.connect(delete)
        dialog.keep_changed.connect(lambda keep: self._settings.setValue(KEEP_BACKUPS_KEY, keep))
        dialog.restore_requested.connect(lambda backup: self.ask_restore(backup, dialog))
        dialog.open()
        return dialog

    def delete_backup(self, backup: BackupInfo, dialog: QWidget | None = None) -> bool:
        """Confirm, then delete one backup file."""
        answer = QMessageBox.question(
            dialog or self,
            "Delete backup",
            f"Delete {describe_backup(backup)}? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            backup.path.unlink(missing_ok=True)
        except OSError as exc:
            self.tell(QMessageBox.Icon.Warning, "Delete backup", describe_os_error(exc))
            return False
        return True

    def ask_restore(self, backup: BackupInfo, dialog: QDialog | None = None) -> bool:
        """Confirm, then ask for the store to be replaced by ``backup``."""
        if self.importer.busy:
            self.statusBar().showMessage("Wait for the import to finish, then restore.", 5000)
            return False
        answer = QMessageBox.question(
            dialog or self,
            "Restore from backup",
            f"Replace the store with {describe_backup(backup)}?\n\n"
            "Everything saved since then is replaced; the store as it is now is kept as a "
            '"before restore" backup, so this can be undone by restoring that one.',
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if dialog is not None:
            dialog.accept()
        self.restore_requested.emit(backup)
        return True

    @Slot()
    def bring_to_front(self) -> None:
        """Another launch asked for this store: show this window instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def retire(self) -> None:
        """Stop using the store (it is about to be replaced): end any import, save the
        window's settings and hide, without closing the app."""
        self._search_timer.stop()
        self.importer.shutdown()
        self.save_settings()
        self.hide()

    # -- settings ------------------------------------------------------------------------

    def _selection_key(self) -> str:
        # One remembered event per database: the same id means nothing in another store.
        digest = hashlib.sha1(str(self._store.path.resolve()).encode()).hexdigest()[:12]
        return f"selection/{digest}"

    def _restore_settings(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        sizes = self._settings.value("window/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            self.splitter.restoreState(sizes)
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        elif not self.marks.service.annotations() and not self.marks.service.event_notes():
            # A new user has nothing to list yet: the dock opens with the first highlight.
            self.annotations_dock.hide()
            self.marks.service.annotations_changed.connect(self._reveal_annotations)
        self.show_hidden_action.setChecked(
            self._settings.value("view/show_hidden", False, bool) is True
        )
        self.sidebar.set_match_all(self._settings.value("actors/match_all", False, bool) is True)

    @Slot()
    def _reveal_annotations(self) -> None:
        service = self.marks.service
        if service.annotations() or service.event_notes():
            service.annotations_changed.disconnect(self._reveal_annotations)
            self.annotations_dock.show()

    def save_settings(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("view/show_hidden", self.show_hidden_action.isChecked())
        self._settings.setValue("actors/match_all", self.sidebar.match_all)
        selected = self.timeline.selected_event()
        if selected is not None:
            self._settings.setValue(self._selection_key(), int(selected))
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.importer.shutdown()
        self.save_settings()
        super().closeEvent(event)

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>News articles about diplomacy, turned into a "
            "timeline you can scroll, read and annotate. Works offline.</p>",
        )
