"""The source pane: an article, read-only, scrolled to its passage, with the user's highlights."""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QIcon,
    QMouseEvent,
    QPalette,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import Swatch, meaning_of
from desktop.core.records import AnnotationRecord, ArticleId, ArticleRecord, EventId, SourceRecord
from desktop.ui import theme
from desktop.ui.timeline_view import blend, is_dark

_SCHEME = "event"


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source of an event: its article, its passage, and every event passage in it."""

    article: ArticleRecord
    passage: SourceRecord
    passages: tuple[tuple[EventId, SourceRecord], ...]


class _Offsets:
    """Python string offsets to QTextDocument positions (UTF-16 units) and back."""

    def __init__(self, text: str) -> None:
        self._prefix: list[int] | None = None
        if text and max(text) >= "\U00010000":
            prefix = [0]
            for ch in text:
                prefix.append(prefix[-1] + (2 if ord(ch) >= 0x10000 else 1))
            self._prefix = prefix
        self._length = len(text)

    def to_doc(self, offset: int) -> int:
        offset = max(0, min(offset, self._length))
        return offset if self._prefix is None else self._prefix[offset]

    def to_text(self, position: int) -> int:
        if self._prefix is None:
            return position
        return max(0, bisect_right(self._prefix, position) - 1)


def swatch_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ArticleBrowser(QTextBrowser):
    """Article text with every event's date phrase as a link and its passage clickable, and
    the user's highlights drawn in their colours (the note shows on hover).

    Never loads a resource: articles are the user's files, and nothing may reach the net.

    Signals: ``passage_clicked(object)`` with the EventId whose phrase or passage was clicked;
    ``highlight_requested(int, int, str)`` (start, end, colour) and ``note_requested(int, int)``
    for the selected text; ``annotation_edit_requested(object)`` and
    ``annotation_delete_requested(object)`` with the AnnotationRecord under the pointer.
    """

    passage_clicked = Signal(object)
    highlight_requested = Signal(int, int, str)
    note_requested = Signal(int, int)
    annotation_edit_requested = Signal(object)
    annotation_delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setAccessibleName("Article text")
        self.anchorClicked.connect(self._anchor_clicked)
        self._article_id: int | None = None
        self._offsets = _Offsets("")
        self._passages: tuple[tuple[EventId, SourceRecord], ...] = ()
        self._focus: SourceRecord | None = None
        self._pinned = False  # the passage was placed by us and the reader has not scrolled
        self._passage_marks: list[QTextEdit.ExtraSelection] = []
        self._annotations: tuple[AnnotationRecord, ...] = ()
        self._palette: tuple[Swatch, ...] = ()
        self.verticalScrollBar().actionTriggered.connect(self._user_scrolled)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None

    @property
    def focus_passage(self) -> SourceRecord | None:
        return self._focus

    def set_article(
        self, article: ArticleRecord, passages: tuple[tuple[EventId, SourceRecord], ...]
    ) -> None:
        if article.id == self._article_id and passages == self._passages:
            return
        self._article_id = article.id
        self._passages = passages
        self._offsets = _Offsets(article.text)
        self.setDocument(self._build(article.text, passages))

    @property
    def annotations(self) -> tuple[AnnotationRecord, ...]:
        return self._annotations

    def set_annotations(
        self, annotations: Sequence[AnnotationRecord], palette: Sequence[Swatch]
    ) -> None:
        """Draw these highlights (of the shown article) over the text."""
        self._annotations = tuple(a for a in annotations if a.article_id == self._article_id)
        self._palette = tuple(palette)
        self._apply_marks()

    def clear_article(self) -> None:
        self._article_id = None
        self._passages = ()
        self._focus = None
        self._passage_marks = []
        self._annotations = ()
        self.setExtraSelections([])
        self.setDocument(QTextDocument(self))

    def _build(self, text: str, passages: Sequence[tuple[EventId, SourceRecord]]) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setDocumentMargin(18)
        # Room below the last paragraph, so a passage near the end can still scroll up.
        frame = doc.rootFrame().frameFormat()
        frame.setBottomMargin(240)
        doc.rootFrame().setFrameFormat(frame)
        doc.setDefaultFont(self.font())
        link = self.palette().color(QPalette.ColorRole.Link)
        cuts = {0, len(text)}
        for _, src in passages:
            cuts.update((src.start, src.end, src.phrase_start, src.phrase_end))
        bounds = sorted(c for c in cuts if 0 <= c <= len(text))
        cursor = QTextCursor(doc)
        plain = QTextCharFormat()
        for start, end in pairwise(bounds):
            if start == end:
                continue
            phrase = next(
                (eid for eid, s in passages if s.phrase_start <= start < s.phrase_end), None
            )
            fmt = QTextCharFormat(plain)
            if phrase is not None:
                fmt.setAnchor(True)
                fmt.setAnchorHref(f"{_SCHEME}:{phrase}")
                fmt.setForeground(link)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setToolTip("Go to this event in the timeline")
            cursor.insertText(text[start:end], fmt)
        return doc

    def highlight(self, passage: SourceRecord) -> None:
        """Mark the passage and its date phrase, and scroll it into the upper third."""
        self._focus = passage
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        marks = []
        for start, end, amount, bold in (
            (passage.start, passage.end, 0.28, False),
            (passage.phrase_start, passage.phrase_end, 0.5, True),
        ):
            if end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_doc(start))
            cursor.setPosition(self._offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(blend(base, accent, amount))
            if bold:
                fmt.setFontWeight(700)
            selection.format = fmt
            marks.append(selection)
        self._passage_marks = marks
        self._apply_marks()
        self._pinned = True
        self.reveal_focus()
        # Again once the header above has re-wrapped and the viewport has its final height.
        QTimer.singleShot(0, self._reveal_if_pinned)

    def _apply_marks(self) -> None:
        """The event passage first (tests and readers find it there), highlights over it."""
        base = self.palette().color(QPalette.ColorRole.Base)
        text = self.palette().color(QPalette.ColorRole.Text)
        amount = 0.5 if is_dark(self.palette()) else 0.75
        marks = list(self._passage_marks)
        for a in self._annotations:
            if a.orphaned or a.end <= a.start:
                continue
            colour = QColor(a.colour)
            if not colour.isValid():
                colour = self.palette().color(QPalette.ColorRole.Highlight)
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_doc(a.start))
            cursor.setPosition(self._offsets.to_doc(a.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(blend(base, colour, amount))
            if a.note.strip():
                # A noted highlight is underlined: hovering it shows the note.
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(blend(colour, text, 0.45))
            selection.format = fmt
            marks.append(selection)
        self.setExtraSelections(marks)

    def annotations_at(self, offset: int) -> list[AnnotationRecord]:
        return [a for a in self._annotations if not a.orphaned and a.start <= offset < a.end]

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as offsets into the article text; None without a selection."""
        cursor = self.textCursor()
        if self._article_id is None or not cursor.hasSelection():
            return None
        start = self._offsets.to_text(cursor.selectionStart())
        end = self._offsets.to_text(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_doc(start))
        cursor.setPosition(self._offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def tooltip_at(self, point: QPoint) -> str:
        found = self.annotations_at(self.offset_at(point))
        parts = []
        for a in found:
            meaning = html.escape(meaning_of(a.colour, self._palette))
            part = f"<b>{meaning}</b>"
            if a.note.strip():
                note = a.note.strip()
                note = note if len(note) <= 600 else note[:600] + "\u2026"
                part += "<br>" + html.escape(note).replace("\n", "<br>")
            if a.tags:
                part += "<br><i>" + html.escape(", ".join(a.tags)) + "</i>"
            parts.append(part)
        return "<hr>".join(parts)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
                return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self, point: QPoint) -> QMenu:
        """Copy and select-all, then highlighting the selection or the highlight at ``point``."""
        menu = self.createStandardContextMenu(point)
        if self._article_id is None:
            return menu
        menu.addSeparator()
        span = self.selection_span()
        colours = menu.addMenu("Highlight as")
        colours.setEnabled(span is not None)
        for swatch in self._palette:
            action = colours.addAction(swatch_icon(swatch.colour), swatch.meaning)
            if span is not None:
                action.triggered.connect(
                    lambda _=False, c=swatch.colour, sp=span: self.highlight_requested.emit(
                        sp[0], sp[1], c
                    )
                )
        note = menu.addAction("Add note\u2026")
        note.setShortcut("Ctrl+Shift+N")
        note.setEnabled(span is not None)
        if span is not None:
            note.triggered.connect(lambda _=False, sp=span: self.note_requested.emit(*sp))
        under = self.annotations_at(self.offset_at(point))
        if under:
            record = under[-1]
            menu.addSeparator()
            edit = menu.addAction("Edit highlight\u2026")
            edit.triggered.connect(lambda: self.annotation_edit_requested.emit(record))
            drop = menu.addAction("Delete highlight")
            drop.triggered.connect(lambda: self.annotation_delete_requested.emit(record))
        return menu

    @Slot()
    def _reveal_if_pinned(self) -> None:
        if self._pinned:
            self.reveal_focus()

    @Slot(int)
    def _user_scrolled(self, _action: int) -> None:
        self._pinned = False

    def wheelEvent(self, event: Any) -> None:
        self._pinned = False
        super().wheelEvent(event)

    def reveal_focus(self) -> None:
        if self._focus is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_doc(self._focus.start))
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.viewport().height() // 4)

    def passage_visible(self) -> bool:
        """Whether the focused passage's first line is inside the viewport."""
        if self._focus is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_doc(self._focus.start))
        rect = self.cursorRect(cursor)
        return self.viewport().rect().contains(QPoint(rect.left(), rect.center().y()))

    def events_at(self, offset: int) -> list[EventId]:
        return [eid for eid, s in self._passages if s.start <= offset < s.end]

    def offset_at(self, point: QPoint) -> int:
        return self._offsets.to_text(self.cursorForPosition(point).position())

    @Slot(QUrl)
    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == _SCHEME and url.path().isdigit():
            self.passage_clicked.emit(EventId(int(url.path())))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if (
            event.button() != Qt.MouseButton.LeftButton
            or self.textCursor().hasSelection()
            or self.anchorAt(point)
        ):
            return
        events = self.events_at(self.offset_at(point))
        if events:
            self.passage_clicked.emit(events[0])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        # A passage is clickable though not a link: say so with the pointer.
        point = event.position().toPoint()
        over = bool(self.anchorAt(point)) or bool(self.events_at(self.offset_at(point)))
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._focus is not None and (self._pinned or not self.passage_visible()):
            self.reveal_focus()


class SourcePane(QWidget):
    """Title, outlet and date of the article above its text; steps through an event's sources.

    Signals: ``event_activated(object)`` with the EventId the reader clicked in the text.
    """

    event_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePane")
        self._sources: list[SourceView] = []
        self._current = 0
        self._event_id: EventId | None = None
        self._annotation_source: Callable[[ArticleId], Sequence[AnnotationRecord]] | None = None
        self._palette: tuple[Swatch, ...] = ()

        self.title = QLabel(self)
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setObjectName("articleMeta")
        self.meta.setWordWrap(True)
        self.previous = QToolButton(self)
        self.previous.setIcon(theme.icon("previous"))
        self.previous.setToolTip("Previous source (Alt+Left)")
        self.previous.setShortcut("Alt+Left")
        self.next = QToolButton(self)
        self.next.setIcon(theme.icon("next"))
        self.next.setToolTip("Next source (Alt+Right)")
        self.next.setShortcut("Alt+Right")
        self.position = QLabel(self)
        self.position.setObjectName("sourcePosition")
        self.browser = ArticleBrowser(self)
        self.placeholder = QLabel("Select an event to read the article it comes from.", self)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        header = QWidget(self)
        header.setObjectName("sourceHeader")
        stepper = QHBoxLayout()
        stepper.setContentsMargins(0, 0, 0, 0)
        stepper.addWidget(self.meta, 1)
        stepper.addWidget(self.previous)
        stepper.addWidget(self.position)
        stepper.addWidget(self.next)
        head = QVBoxLayout(header)
        head.setContentsMargins(18, 14, 14, 10)
        head.setSpacing(4)
        head.addWidget(self.title)
        head.addLayout(stepper)
        reading = QWidget(self)
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.browser, 1)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(reading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.browser.passage_clicked.connect(self._passage_clicked)
        self._update_stepper()

    @property
    def event_id(self) -> EventId | None:
        return self._event_id

    @property
    def current_source(self) -> SourceView | None:
        return self._sources[self._current] if self._sources else None

    @property
    def current_article(self) -> ArticleRecord | None:
        view = self.current_source
        return None if view is None else view.article

    def set_annotation_source(
        self, source: Callable[[ArticleId], Sequence[AnnotationRecord]], palette: Sequence[Swatch]
    ) -> None:
        """Where the pane reads the highlights of each article it shows."""
        self._annotation_source = source
        self._palette = tuple(palette)
        self.refresh_annotations()

    def set_palette(self, palette: Sequence[Swatch]) -> None:
        self._palette = tuple(palette)
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        article = self.current_article
        if article is None or self._annotation_source is None:
            return
        self.browser.set_annotations(self._annotation_source(article.id), self._palette)

    def show_article(self, view: SourceView) -> None:
        """One article on its own (an annotation's), scrolled to ``view.passage``."""
        self._event_id = None
        self._sources = [view]
        self._current = 0
        self._stack.setCurrentIndex(1)
        self._show_current()

    def show_event(self, event_id: EventId, sources: Sequence[SourceView]) -> None:
        self._event_id = event_id
        self._sources = list(sources)
        self._current = 0
        if not self._sources:
            self.clear("This event has no stored source.")
            return
        self._stack.setCurrentIndex(1)
        self._show_current()

    def clear(self, message: str = "Select an event to read the article it comes from.") -> None:
        self._sources = []
        self._current = 0
        self.placeholder.setText(message)
        self.browser.clear_article()
        self._stack.setCurrentIndex(0)
        self._update_stepper()

    @Slot()
    def step(self, delta: int) -> None:
        if len(self._sources) < 2:
            return
        self._current = (self._current + delta) % len(self._sources)
        self._show_current()

    def _show_current(self) -> None:
        view = self._sources[self._current]
        article = view.article
        self.title.setText(article.title or "Untitled article")
        parts = [article.outlet or "Unknown outlet"]
        if article.published is not None:
            shown = f"published {article.published.label()}"
            if article.published_inferred:
                shown += " (inferred from the text)"
            parts.append(shown)
        else:
            parts.append("publication date unknown")
        self.meta.setText(" \u00b7 ".join(parts))
        self.meta.setToolTip(article.path)
        self.browser.set_article(article, view.passages)
        if self._annotation_source is not None:
            self.browser.set_annotations(self._annotation_source(article.id), self._palette)
        self.browser.highlight(view.passage)
        self._update_stepper()

    def _update_stepper(self) -> None:
        many = len(self._sources) > 1
        for widget in (self.previous, self.next, self.position):
            widget.setVisible(many)
        if many:
            self.position.setText(f"Source {self._current + 1} of {len(self._sources)}")

    @Slot(object)
    def _passage_clicked(self, event_id: EventId) -> None:
        if event_id != self._event_id:
            self.event_activated.emit(event_id)
