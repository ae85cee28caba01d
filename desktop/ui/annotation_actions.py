"""Undoable annotation edits: one QUndoCommand per user action, each its own transaction."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.core.anchoring import make_selector
from desktop.core.marks import EventNoteId, EventNoteRecord, Swatch
from desktop.core.records import AnnotationId, AnnotationRecord, ArticleId, EventId
from desktop.store import annotations as ann_store
from desktop.store import repo
from desktop.store.db import Store
from desktop.store.maintenance import describe_os_error

log = logging.getLogger(__name__)


class AnnotationService(QObject):
    """The store's annotations and event notes behind an undo stack.

    Signals: ``annotations_changed()`` after any change is saved (or undone);
    ``save_failed(str)`` with a sentence for the user when a change could not be saved.
    """

    annotations_changed = Signal()
    save_failed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        with store.session(write=False) as s:
            self._palette = ann_store.palette(s)

    # -- reading ---------------------------------------------------------------------------

    @property
    def palette(self) -> list[Swatch]:
        return list(self._palette)

    def annotations(self, article_id: ArticleId | None = None) -> list[AnnotationRecord]:
        with self.store.session(write=False) as s:
            return repo.list_annotations(s, article_id)

    def event_notes(self, event_id: EventId | None = None) -> list[EventNoteRecord]:
        with self.store.session(write=False) as s:
            return ann_store.list_event_notes(s, event_id)

    # -- user actions (undoable) -------------------------------------------------------------

    def highlight(
        self,
        article_id: ArticleId,
        text: str,
        start: int,
        end: int,
        colour: str,
        note: str = "",
        tags: Sequence[str] = (),
    ) -> AnnotationId | None:
        """Highlight ``text[start:end]`` of the article; the new id, or None if not saved."""
        if end <= start:
            return None
        quote, prefix, suffix = make_selector(text, start, end)
        command = _CreateAnnotation(self, article_id, start, end, quote, prefix, suffix)
        command.values = (colour, note, tuple(tags))
        self.undo_stack.push(command)
        return command.annotation_id

    def edit(self, record: AnnotationRecord, colour: str, note: str, tags: Sequence[str]) -> None:
        after = dataclasses.replace(record, colour=colour, note=note, tags=tuple(tags))
        if after != record:
            self.undo_stack.push(_EditAnnotation(self, record, after))

    def delete(self, record: AnnotationRecord) -> None:
        self.undo_stack.push(_DeleteAnnotation(self, record))

    def add_event_note(self, event_id: EventId, note: str) -> None:
        if note.strip():
            self.undo_stack.push(_CreateEventNote(self, event_id, note))

    def edit_event_note(self, record: EventNoteRecord, note: str) -> None:
        if note != record.note:
            self.undo_stack.push(_EditEventNote(self, record, note))

    def delete_event_note(self, record: EventNoteRecord) -> None:
        self.undo_stack.push(_DeleteEventNote(self, record))

    # -- not undoable --------------------------------------------------------------------

    def set_palette(self, swatches: Sequence[Swatch]) -> bool:
        saved = self.attempt(lambda s: ann_store.set_palette(s, swatches))
        if saved:
            with self.store.session(write=False) as s:
                self._palette = ann_store.palette(s)
            self.annotations_changed.emit()
        return saved

    def reload(self) -> None:
        """After an import changed the store behind our back: read afresh, keep no stale undo."""
        with self.store.session(write=False) as s:
            self._palette = ann_store.palette(s)
        self.undo_stack.clear()
        self.annotations_changed.emit()

    def attempt(self, change: Callable[[Session], object]) -> bool:
        """Run ``change`` in one transaction; False (and ``save_failed``) if it was refused."""
        try:
            with self.store.session() as s:
                change(s)
        except (LookupError, ValueError) as exc:
            self.save_failed.emit(f"Not saved: {exc}")
        except (DBAPIError, OSError, sqlite3.Error) as exc:  # a locked, full or read-only disk
            log.warning("saving an annotation failed", exc_info=True)
            self.save_failed.emit(describe_os_error(exc))
        except Exception as exc:  # whatever it was, the change was rolled back: say so
            log.exception("saving an annotation failed")
            self.save_failed.emit(f"Not saved: {exc}")
        else:
            return True
        return False


class _Command(QUndoCommand):
    """Runs its change in a transaction; a change the store refused makes the command obsolete."""

    def __init__(self, service: AnnotationService, text: str) -> None:
        super().__init__(text)
        self.service = service

    def _run(self, change: Callable[[Session], object]) -> None:
        if not self.service.attempt(change):
            self.setObsolete(True)
        self.service.annotations_changed.emit()


class _CreateAnnotation(_Command):
    def __init__(
        self,
        service: AnnotationService,
        article_id: ArticleId,
        start: int,
        end: int,
        quote: str,
        prefix: str,
        suffix: str,
    ) -> None:
        super().__init__(service, "Highlight")
        self.span = (article_id, start, end, quote, prefix, suffix)
        self.values: tuple[str, str, tuple[str, ...]] = ("", "", ())
        self.annotation_id: AnnotationId | None = None
        self._saved: AnnotationRecord | None = None  # as created, for redo after undo

    def redo(self) -> None:
        def create(s: Session) -> AnnotationId:
            if self._saved is not None:
                return ann_store.restore_annotation(s, self._saved)
            colour, note, tags = self.values
            new_id = repo.add_annotation(s, *self.span, colour, note, tags)
            self._saved = ann_store.get_annotation(s, new_id)
            return new_id

        def remember(s: Session) -> AnnotationId:
            new_id = create(s)
            self.annotation_id = new_id
            if self._saved is not None:
                self._saved = dataclasses.replace(self._saved, id=new_id)
            return new_id

        self._run(remember)

    def undo(self) -> None:
        annotation_id = self.annotation_id
        if annotation_id is not None:
            self._run(lambda s: repo.delete_annotation(s, annotation_id))


class _EditAnnotation(_Command):
    def __init__(
        self, service: AnnotationService, before: AnnotationRecord, after: AnnotationRecord
    ) -> None:
        super().__init__(service, "Edit highlight")
        self.before, self.after = before, after

    def _apply(self, record: AnnotationRecord) -> None:
        self._run(
            lambda s: repo.update_annotation(
                s, record.id, colour=record.colour, note=record.note, tags=record.tags
            )
        )

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class _DeleteAnnotation(_Command):
    def __init__(self, service: AnnotationService, record: AnnotationRecord) -> None:
        super().__init__(service, "Delete highlight")
        self.record = record

    def redo(self) -> None:
        self._run(lambda s: repo.delete_annotation(s, self.record.id))

    def undo(self) -> None:
        def restore(s: Session) -> AnnotationId:
            new_id = ann_store.restore_annotation(s, self.record)
            self.record = dataclasses.replace(self.record, id=new_id)
            return new_id

        self._run(restore)


class _CreateEventNote(_Command):
    def __init__(self, service: AnnotationService, event_id: EventId, note: str) -> None:
        super().__init__(service, "Note on event")
        self.event_id, self.note = event_id, note
        self.record: EventNoteRecord | None = None

    def redo(self) -> None:
        def create(s: Session) -> EventNoteId:
            if self.record is not None:
                new_id = ann_store.restore_event_note(s, self.record)
            else:
                new_id = ann_store.add_event_note(s, self.event_id, self.note)
            self.record = next(n for n in ann_store.list_event_notes(s) if n.id == new_id)
            return new_id

        self._run(create)

    def undo(self) -> None:
        record = self.record
        if record is not None:
            self._run(lambda s: ann_store.delete_event_note(s, record.id))


class _EditEventNote(_Command):
    def __init__(self, service: AnnotationService, record: EventNoteRecord, note: str) -> None:
        super().__init__(service, "Edit event note")
        self.record, self.before, self.after = record, record.note, note

    def redo(self) -> None:
        self._run(lambda s: ann_store.update_event_note(s, self.record.id, self.after))

    def undo(self) -> None:
        self._run(lambda s: ann_store.update_event_note(s, self.record.id, self.before))


class _DeleteEventNote(_Command):
    def __init__(self, service: AnnotationService, record: EventNoteRecord) -> None:
        super().__init__(service, "Delete event note")
        self.record = record

    def redo(self) -> None:
        self._run(lambda s: ann_store.delete_event_note(s, self.record.id))

    def undo(self) -> None:
        def restore(s: Session) -> EventNoteId:
            new_id = ann_store.restore_event_note(s, self.record)
            self.record = dataclasses.replace(self.record, id=new_id)
            return new_id

        self._run(restore)
