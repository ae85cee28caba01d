"""The year strip: how many events each year holds, as bars; a click jumps to that year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.ui.roles import AnyIndex, ItemRole
from desktop.ui.timeline_data import Year
from desktop.ui.timeline_view import blend


class YearStripModel(QAbstractListModel):
    """One row per year shown in the timeline (the undated group last), with its count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._years: list[tuple[Year, int]] = []
        self._largest = 1

    def set_counts(self, counts: Sequence[tuple[Year, int]]) -> None:
        self.beginResetModel()
        self._years = list(counts)
        self._largest = max((c for _, c in self._years), default=1) or 1
        self.endResetModel()

    def entry(self, row: int) -> tuple[Year, int, float]:
        """(year, count, count as a share of the busiest year), read without QVariant."""
        year, count = self._years[row]
        return year, count, count / self._largest

    def row_of_year(self, year: Year) -> int | None:
        for row, (y, _) in enumerate(self._years):
            if y == year:
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._years)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        year, count = self._years[index.row()]
        label = "Undated" if year is None else str(year)
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == ItemRole.YEAR:
            return year
        if role == ItemRole.COUNT:
            return count
        if role == ItemRole.GROUP_COUNT:
            return count / self._largest
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            noun = "event" if count == 1 else "events"
            return f"{label}: {count} {noun}. Click to go there."
        return None


class _YearDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(96, QFontMetrics(option.font).height() + 8)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect: QRect = option.rect
        pal: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        accent = pal.color(QPalette.ColorRole.Highlight)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            p.fillRect(rect, blend(base, accent, 0.18))
            p.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            p.fillRect(rect, blend(base, accent, 0.08))
        model = index.model()
        assert isinstance(model, YearStripModel)
        year, count, share = model.entry(index.row())
        fm = QFontMetrics(option.font)
        year_w = fm.horizontalAdvance("Undated")
        year_rect = QRect(rect.left() + 8, rect.top(), year_w, rect.height())
        p.setPen(text)
        p.drawText(
            year_rect,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            "Undated" if year is None else str(year),
        )

        count_text = str(count)
        count_w = fm.horizontalAdvance("0000")
        bar_left = year_rect.right() + 8
        bar_room = rect.right() - 8 - count_w - 4 - bar_left
        if bar_room > 4:
            width = max(2.0, bar_room * share)
            bar = QRectF(bar_left, rect.center().y() - 3, width, 6)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(blend(base, accent, 0.85 if selected else 0.55))
            p.drawRoundedRect(bar, 3, 3)
        p.setPen(blend(base, text, 0.65))
        count_rect = QRect(rect.right() - 8 - count_w, rect.top(), count_w, rect.height())
        p.drawText(
            count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text
        )
        p.restore()


class YearStrip(QListView):
    """A narrow list of years beside the timeline.

    Signals: ``year_activated(object)`` with the year (None for the undated group) when
    the user clicks a year or presses Enter on it.
    """

    year_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yearStrip")
        self._model = YearStripModel(self)
        self.setModel(self._model)
        self.setItemDelegate(_YearDelegate(self))
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Years")
        self.setToolTip("Events per year: click a year to go there")
        fm = QFontMetrics(self.font())
        # Year, a bar of at least 40 px, the count, and room for a scroll bar.
        room = fm.horizontalAdvance("Undated") + fm.horizontalAdvance("0000") + 40 + 28
        self.setFixedWidth(room + self.verticalScrollBar().sizeHint().width())
        self.clicked.connect(self._activated)
        self.activated.connect(self._activated)

    @property
    def strip_model(self) -> YearStripModel:
        return self._model

    def set_counts(self, counts: Sequence[tuple[Year, int]]) -> None:
        self._model.set_counts(counts)

    @Slot(object)
    def show_year(self, year: Year) -> None:
        """Mark the year the timeline is showing, without emitting anything."""
        row = self._model.row_of_year(year)
        if row is None:
            return
        index = self._model.index(row)
        if self.currentIndex() != index:
            self.selectionModel().blockSignals(True)
            self.setCurrentIndex(index)
            self.selectionModel().blockSignals(False)
            self.scrollTo(index)
            self.viewport().update()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.year_activated.emit(self._model.entry(index.row())[0])
