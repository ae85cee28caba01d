"""The Annotations panel: every highlight and event note, filtered by colour, tag, article, text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import Swatch
from desktop.core.records import ArticleId
from desktop.ui import theme
from desktop.ui.annotation_model import (
    EVENT_NOTE,
    AnnotationFilter,
    AnnotationItem,
    AnnotationModel,
)
from desktop.ui.roles import ItemRole
from desktop.ui.source_pane import swatch_icon

_ANY = ""


class _MarkView(QTreeView):
    """Enter opens the row, Delete deletes it."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class AnnotationsPanel(QWidget):
    """Lists annotations and event notes; picking one shows its passage.

    Signals: ``item_activated(object)``, ``edit_requested(object)`` and
    ``delete_requested(object)``, each with the AnnotationItem concerned.
    """

    item_activated = Signal(object)
    edit_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self.model = AnnotationModel(self)
        self.filter = AnnotationFilter(self)
        self.filter.setSourceModel(self.model)

        self.colour = QComboBox(self)
        self.colour.setAccessibleName("Filter by colour")
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Filter by tag")
        self.article = QComboBox(self)
        self.article.setAccessibleName("Filter by article")
        self.article.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.article.setMinimumContentsLength(14)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Filter notes and quotes")
        self.text.setClearButtonEnabled(True)
        self.text.addAction(theme.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.count = QLabel(self)
        self.count.setObjectName("annotationCount")

        self.view = _MarkView(self)
        self.view.setModel(self.filter)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AnnotationModel.DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Annotations")
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((0, 130), (1, 200), (2, 90), (3, 300)):
            self.view.setColumnWidth(column, width)

        filters = QHBoxLayout()
        filters.setContentsMargins(8, 6, 8, 4)
        filters.setSpacing(6)
        filters.addWidget(self.text, 2)
        filters.addWidget(self.colour, 1)
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.article, 1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

        self.colour.currentIndexChanged.connect(
            lambda _i: self._apply(lambda: self.filter.set_colour(self._data(self.colour)))
        )
        self.tag.currentIndexChanged.connect(
            lambda _i: self._apply(lambda: self.filter.set_tag(self._data(self.tag)))
        )
        self.article.currentIndexChanged.connect(
            lambda _i: self._apply(lambda: self.filter.set_article(self._article_filter()))
        )
        self.text.textChanged.connect(lambda t: self._apply(lambda: self.filter.set_text(t)))
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.delete_pressed.connect(self._delete_current)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self._update_count()

    # -- content -------------------------------------------------------------------------

    def set_items(
        self,
        items: Sequence[AnnotationItem],
        palette: Sequence[Swatch],
        articles: Mapping[ArticleId, str],
    ) -> None:
        """New rows; the filters keep their choices where those still exist."""
        self.model.set_items(items)
        colours = [(swatch_icon(s.colour), s.meaning, s.colour) for s in palette]
        known = {s.colour for s in palette}
        colours += [
            (swatch_icon(c), c, c) for c in sorted({i.colour for i in items} - known - {""})
        ]
        self._refill(self.colour, "All colours", [*colours, (None, "Event notes", EVENT_NOTE)])
        tags = sorted({t for i in items for t in i.tags}, key=str.casefold)
        self._refill(self.tag, "All tags", [(None, t, t) for t in tags])
        used = {i.article_id for i in items if i.article_id is not None}
        shown = sorted(((t, a) for a, t in articles.items() if a in used), key=lambda p: p[0])
        self._refill(self.article, "All articles", [(None, t, int(a)) for t, a in shown])
        self._update_count()

    def _refill(
        self, combo: QComboBox, everything: str, entries: Sequence[tuple[object, str, object]]
    ) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, _ANY)
        for icon, label, value in entries:
            if icon is None:
                combo.addItem(label, value)
            else:
                combo.addItem(icon, label, value)  # type: ignore[call-overload]
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if index < 0:  # the chosen value is gone: the filter must follow the combo
            combo.currentIndexChanged.emit(0)

    @staticmethod
    def _data(combo: QComboBox) -> str:
        value = combo.currentData()
        return str(value) if value else _ANY

    def _article_filter(self) -> ArticleId | None:
        value = self.article.currentData()
        return ArticleId(int(value)) if isinstance(value, int) else None

    def _apply(self, change: Callable[[], None]) -> None:
        change()
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.filter.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total}")

    # -- picking -------------------------------------------------------------------------

    def item_at(self, index: QModelIndex) -> AnnotationItem | None:
        if not index.isValid():
            return None
        item = self.filter.data(index, ItemRole.MARK)
        return item if isinstance(item, AnnotationItem) else None

    def current_item(self) -> AnnotationItem | None:
        return self.item_at(self.view.currentIndex())

    def select_row(self, row: int) -> None:
        index = self.filter.index(row, 0)
        self.view.setCurrentIndex(index)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        item = self.item_at(index)
        if item is not None:
            self.item_activated.emit(item)

    @Slot()
    def _delete_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.delete_requested.emit(item)

    @Slot(QPoint)
    def _context_menu(self, point: QPoint) -> None:
        item = self.item_at(self.view.indexAt(point))
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction("Show passage", lambda: self.item_activated.emit(item))
        menu.addAction("Edit\u2026", lambda: self.edit_requested.emit(item))
        menu.addAction("Delete", lambda: self.delete_requested.emit(item))
        menu.exec(self.view.viewport().mapToGlobal(point))
        menu.deleteLater()
