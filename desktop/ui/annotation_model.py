"""The annotations panel's model: highlights and event notes as rows, with a filter proxy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.core.marks import EventNoteRecord, Swatch, meaning_of
from desktop.core.names import fold
from desktop.core.records import AnnotationRecord, ArticleId
from desktop.ui.roles import AnyIndex, ItemRole

_NO_INDEX = QModelIndex()
EVENT_NOTE = "Event note"


@dataclass(frozen=True, slots=True)
class AnnotationItem:
    """One row: a highlight of an article, or a note on an event."""

    annotation: AnnotationRecord | None
    event_note: EventNoteRecord | None
    where: str  # the article's title, or the event's date and title
    meaning: str
    colour: str
    when: dt.datetime | None
    quote: str
    note: str
    tags: tuple[str, ...]
    search: str  # folded text of every column, for the text filter

    @property
    def article_id(self) -> ArticleId | None:
        return None if self.annotation is None else self.annotation.article_id


def build_items(
    annotations: Sequence[AnnotationRecord],
    event_notes: Sequence[EventNoteRecord],
    article_titles: Mapping[ArticleId, str],
    palette: Sequence[Swatch],
) -> list[AnnotationItem]:
    swatches = tuple(palette)
    items = []
    for a in annotations:
        where = article_titles.get(a.article_id, f"Article {a.article_id}")
        meaning = meaning_of(a.colour, swatches)
        quote = " ".join(a.quote.split())
        items.append(
            AnnotationItem(
                a, None, where, meaning, a.colour, a.created, quote, a.note, a.tags,
                fold(" ".join((where, meaning, quote, a.note, *a.tags))),
            )
        )  # fmt: skip
    for n in event_notes:
        date = n.event_date.label() if n.event_date is not None else "Undated"
        where = f"{date} \u2014 {n.event_title}"
        search = fold(where + " " + n.note)
        items.append(
            AnnotationItem(None, n, where, EVENT_NOTE, "", n.created, "", n.note, (), search)
        )
    return items


class AnnotationModel(QAbstractTableModel):
    """Rows of AnnotationItem; ``ItemRole.MARK`` gives the item itself."""

    COLUMNS = ("Meaning", "Article or event", "Date", "Quote", "Note")
    MEANING, WHERE, DATE, QUOTE, NOTE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[AnnotationItem] = []

    def set_items(self, items: Sequence[AnnotationItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[AnnotationItem]:
        return list(self._items)

    def item(self, row: int) -> AnnotationItem:
        return self._items[row]

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == ItemRole.MARK:
            return item
        if role == ItemRole.COLOUR:
            return item.colour
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.DecorationRole and column == self.MEANING and item.colour:
            colour = QColor(item.colour)
            return colour if colour.isValid() else None
        if role == Qt.ItemDataRole.UserRole:  # sort key
            if column == self.DATE:
                return item.when.timestamp() if item.when else 0.0
            return self._text(item, column, False).casefold()
        return None

    def _text(self, item: AnnotationItem, column: int, full: bool) -> str:
        if column == self.MEANING:
            orphan = item.annotation is not None and item.annotation.orphaned
            return item.meaning + (" (orphan)" if orphan else "")
        if column == self.WHERE:
            return item.where
        if column == self.DATE:
            return "" if item.when is None else item.when.astimezone().strftime("%d %b %Y")
        text = item.quote if column == self.QUOTE else item.note
        return text if full else " ".join(text.split())[:200]


class AnnotationFilter(QSortFilterProxyModel):
    """Filters by colour, tag, article and folded text; all filters combine with AND."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colour = ""  # "" any; EVENT_NOTE: event notes only
        self._tag = ""
        self._article: ArticleId | None = None
        self._words: list[str] = []
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_colour(self, colour: str) -> None:
        self._begin()
        self._colour = colour
        self._end()

    def set_tag(self, tag: str) -> None:
        self._begin()
        self._tag = tag
        self._end()

    def set_article(self, article_id: ArticleId | None) -> None:
        self._begin()
        self._article = article_id
        self._end()

    def set_text(self, text: str) -> None:
        self._begin()
        self._words = fold(text).split()
        self._end()

    # Qt 6.9 brought begin/endFilterChange and deprecates invalidateFilter; 6.8 has only it.
    def _begin(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AnnotationModel):
            return True
        item = model.item(source_row)
        if self._colour == EVENT_NOTE:
            if item.event_note is None:
                return False
        elif self._colour and item.colour != self._colour:
            return False
        if self._tag and self._tag not in item.tags:
            return False
        if self._article is not None and item.article_id != self._article:
            return False
        return all(word in item.search for word in self._words)
