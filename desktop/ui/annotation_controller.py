"""The annotation side of the main window: its actions, the panel, dialogs and file exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from desktop.core.marks import meaning_of
from desktop.core.records import AnnotationRecord, ArticleId, EventId, SourceRecord
from desktop.store import repo
from desktop.store.db import Store
from desktop.ui.annotation_actions import AnnotationService
from desktop.ui.annotation_files import AnnotationFiles
from desktop.ui.annotation_model import AnnotationItem, build_items
from desktop.ui.annotations_panel import AnnotationsPanel
from desktop.ui.note_dialog import NoteDialog
from desktop.ui.palette_dialog import PaletteDialog
from desktop.ui.source_pane import SourcePane, SourceView, swatch_icon

COLOUR_KEY = "annotations/colour"


class AnnotationController(QObject):
    """Owns the annotation service (and its undo stack), the panel and the annotation actions;
    the main window only places them."""

    def __init__(
        self,
        store: Store,
        source: SourcePane,
        window: QMainWindow,
        settings: QSettings,
        selected_event: Callable[[], EventId | None],
        select_event: Callable[[EventId], bool],
        shown_events: Callable[[], Sequence[EventId] | None],
    ) -> None:
        super().__init__(window)
        self.store = store
        self.source = source
        self.window = window
        self.settings = settings
        self._selected_event = selected_event
        self._select_event = select_event
        self._shown_events = shown_events
        self.service = AnnotationService(store, self)
        self.panel = AnnotationsPanel(window)
        self.files = AnnotationFiles(store, window)
        self._build_actions()
        self.source.set_annotation_source(self.service.annotations, self.service.palette)
        browser = source.browser
        browser.highlight_requested.connect(self._highlight_span)
        browser.note_requested.connect(self._note_span)
        browser.annotation_edit_requested.connect(self.edit_annotation)
        browser.annotation_delete_requested.connect(self.service.delete)
        self.panel.item_activated.connect(self.show_item)
        self.panel.edit_requested.connect(self.edit_item)
        self.panel.delete_requested.connect(self.delete_item)
        self.service.annotations_changed.connect(self.refresh)
        self.service.save_failed.connect(self._save_failed)
        self.refresh()

    # -- actions -------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        stack = self.service.undo_stack
        self.undo_action = stack.createUndoAction(self.window, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = stack.createRedoAction(self.window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.highlight_action = self._action("&Highlight selection", "Ctrl+H", self.highlight)
        self.note_action = self._action("Add &note to selection\u2026", "Ctrl+Shift+N", self.note)
        self.event_note_action = self._action(
            "Note on selected &event\u2026", "Ctrl+Alt+N", self.note_on_event
        )
        self.palette_action = self._action("Highlight &colours\u2026", None, self.edit_palette)
        self.export_action = self._action(
            "&Export annotations\u2026", None, self.files.export_annotations
        )
        self.import_action = self._action(
            "Import &annotations\u2026", None, self._import_annotations
        )
        self.timeline_action = self._action(
            "Export &timeline\u2026", None, lambda: self.files.export_timeline(self._shown_events())
        )
        self.print_action = self._action(
            "&Print briefing\u2026", QKeySequence(QKeySequence.StandardKey.Print).toString(),
            self.files.print_briefing,
        )  # fmt: skip
        self.pdf_action = self._action(
            "Export briefing as P&DF\u2026", None, self.files.export_briefing_pdf
        )

    @property
    def current_colour(self) -> str:
        palette = self.service.palette
        stored = str(self.settings.value(COLOUR_KEY, "") or "")
        if any(s.colour == stored for s in palette):
            return stored
        return palette[0].colour if palette else "#f5c842"

    # -- highlights ----------------------------------------------------------------------

    def _selection(self) -> tuple[ArticleId, str, int, int] | None:
        article = self.source.current_article
        span = self.source.browser.selection_span()
        if article is None or span is None:
            self.window.statusBar().showMessage("Select some text in the article first.", 4000)
            return None
        return article.id, article.text, span[0], span[1]

    @Slot()
    def highlight(self) -> None:
        """Highlight the selected text in the current colour (Ctrl+H)."""
        picked = self._selection()
        if picked is not None:
            self._highlight_span(picked[2], picked[3], self.current_colour)

    @Slot(int, int, str)
    def _highlight_span(self, start: int, end: int, colour: str) -> None:
        article = self.source.current_article
        if article is None:
            return
        self.settings.setValue(COLOUR_KEY, colour)
        if self.service.highlight(article.id, article.text, start, end, colour) is not None:
            meaning = meaning_of(colour, self.service.palette)
            self.window.statusBar().showMessage(
                f"Highlighted as \u201c{meaning}\u201d; saved.", 3000
            )

    @Slot()
    def note(self) -> None:
        """Highlight the selected text with a note (Ctrl+Shift+N)."""
        picked = self._selection()
        if picked is not None:
            self._note_span(picked[2], picked[3])

    @Slot(int, int)
    def _note_span(self, start: int, end: int) -> None:
        article = self.source.current_article
        if article is None:
            return
        dialog = NoteDialog(
            "Add note", article.text[start:end], self.service.palette, self.current_colour,
            parent=self.window,
        )  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        colour, note, tags = dialog.values()
        self.settings.setValue(COLOUR_KEY, colour)
        self.service.highlight(article.id, article.text, start, end, colour, note, tags)

    @Slot(object)
    def edit_annotation(self, record: AnnotationRecord) -> None:
        dialog = NoteDialog(
            "Edit highlight", record.quote, self.service.palette, record.colour, record.note,
            record.tags, self.window,
        )  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.service.edit(record, *dialog.values())

    # -- event notes ---------------------------------------------------------------------

    @Slot()
    def note_on_event(self) -> None:
        event_id = self._selected_event()
        if event_id is None:
            self.window.statusBar().showMessage("Select an event in the timeline first.", 4000)
            return
        with self.store.session(write=False) as s:
            event = repo.get_event(s, event_id)
        dialog = NoteDialog(f"Note on \u201c{event.title}\u201d", "", parent=self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.service.add_event_note(event_id, dialog.values()[1])

    # -- the panel -----------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        with self.store.session(write=False) as s:
            titles = repo.article_titles(s)
        annotations = self.service.annotations()
        notes = self.service.event_notes()
        palette = self.service.palette
        self.panel.set_items(build_items(annotations, notes, titles, palette), palette, titles)
        self.source.set_palette(palette)
        self.highlight_action.setIcon(swatch_icon(self.current_colour))

    @Slot(object)
    def show_item(self, item: AnnotationItem) -> None:
        if item.event_note is not None:
            event_id = item.event_note.event_id
            if event_id is None or not self._select_event(event_id):
                self.window.statusBar().showMessage(
                    "That event is not in the timeline (gone, or hidden by filters).", 5000
                )
            return
        record = item.annotation
        if record is None:
            return
        with self.store.session(write=False) as s:
            article = repo.get_article(s, record.article_id)
            passages = tuple(repo.article_sources(s, record.article_id, include_hidden=True))
        span = SourceRecord(
            record.article_id, record.start, record.end, record.quote, record.start, record.start
        )
        self.source.show_article(SourceView(article, span, passages))
        if record.orphaned:
            self.window.statusBar().showMessage(
                f"Orphan: \u201c{record.quote[:80]}\u201d is no longer in this article's text.",
                8000,
            )
        else:
            self.source.browser.select_span(record.start, record.end)

    @Slot(object)
    def edit_item(self, item: AnnotationItem) -> None:
        if item.annotation is not None:
            self.edit_annotation(item.annotation)
        elif item.event_note is not None:
            note = item.event_note
            dialog = NoteDialog(
                f"Note on \u201c{note.event_title}\u201d", "", note=note.note, parent=self.window
            )
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.service.edit_event_note(note, dialog.values()[1])

    @Slot(object)
    def delete_item(self, item: AnnotationItem) -> None:
        if item.annotation is not None:
            self.service.delete(item.annotation)
        elif item.event_note is not None:
            self.service.delete_event_note(item.event_note)
        self.window.statusBar().showMessage("Deleted (Ctrl+Z to undo).", 4000)

    # -- palette and files ---------------------------------------------------------------

    @Slot()
    def edit_palette(self) -> None:
        in_use = Counter(a.colour.lower() for a in self.service.annotations())
        dialog = PaletteDialog(self.service.palette, self.window, in_use)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.service.set_palette(dialog.swatches())

    def _import_annotations(self) -> None:
        summary = self.files.import_annotations()
        if summary is not None:
            self.service.reload()
            self.window.statusBar().showMessage(f"Import: {summary.describe()}.", 8000)

    @Slot(str)
    def _save_failed(self, message: str) -> None:
        QMessageBox.warning(self.window, "Annotations", message)

    def after_import(self) -> None:
        """Articles were re-imported: highlights may have moved or become orphans."""
        self.service.reload()
