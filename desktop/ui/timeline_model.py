"""TimelineModel: one row per year header and per event, display strings cached lazily."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from desktop.core.dates import Precision
from desktop.core.records import ActorId, EventId, EventRecord
from desktop.ui.roles import AnyIndex, ItemRole, RowKind
from desktop.ui.timeline_data import TimelineData, Year, actor_names_line

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


@dataclass(frozen=True, slots=True)
class RowView:
    """Everything a row shows, computed the first time the row is painted.

    Delegates read this directly: one attribute read instead of a dozen role lookups, each
    a round trip through C++ and QVariant (and, on PySide6 6.12 with Python 3.11, one that
    drops a reference to None whenever the role has no value).
    """

    kind: RowKind
    year: Year
    label: str  # the date at its precision, or the header's year
    title: str
    actors: str
    tooltip: str
    precision: Precision | None = None
    inferred: bool = False
    source_count: int = 0
    hidden: bool = False
    corrected: bool = False
    event_id: EventId | None = None
    group_count: int = 0  # a header's events (as filtered, when read through the proxy)


class TimelineModel(QAbstractListModel):
    """The source model of the timeline; proxies filter it, the delegate paints it.

    Emits the usual model signals only: a reload is a reset, a rename a ``dataChanged``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = TimelineData()
        self._names: Mapping[ActorId, str] = {}
        self._views: dict[int, RowView] = {}

    # -- loading -------------------------------------------------------------------------

    def set_events(self, events: Sequence[EventRecord], names: Mapping[ActorId, str]) -> None:
        self.beginResetModel()
        self._data = TimelineData.build(events)
        self._names = names
        self._views = {}
        self.endResetModel()

    def set_actor_names(self, names: Mapping[ActorId, str]) -> None:
        self._names = names
        self._views = {}
        if self._data.events:
            self.dataChanged.emit(self.index(0), self.index(len(self._data) - 1))

    # -- lookups -------------------------------------------------------------------------

    @property
    def timeline(self) -> TimelineData:
        return self._data

    def event_at(self, row: int) -> EventRecord | None:
        return self._data.events[row]

    def row_of(self, event_id: EventId) -> int | None:
        return self._data.row_of_event.get(event_id)

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._data.events)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or self._data.events[index.row()] is None:
            # Headers are neither enabled nor selectable, so keyboard moves skip them.
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_view(self, row: int) -> RowView:
        view = self._views.get(row)
        if view is None:
            view = self._views[row] = self._describe(row)
        return view

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        view = self.row_view(index.row())
        if role in (_DISPLAY, _ACCESSIBLE):
            return view.tooltip.split("\n", 1)[0]
        if role == _TOOLTIP:
            return view.tooltip if view.kind == RowKind.EVENT else None
        if role == ItemRole.ROW_KIND:
            return view.kind
        if role == ItemRole.YEAR:
            return view.year
        if role == ItemRole.GROUP_COUNT:
            return view.group_count if view.kind == RowKind.HEADER else None
        if view.kind == RowKind.HEADER:
            return None
        values: dict[int, Any] = {
            ItemRole.EVENT_ID: view.event_id,
            ItemRole.TITLE: view.title,
            ItemRole.DATE_LABEL: view.label,
            ItemRole.ACTORS_TEXT: view.actors,
            ItemRole.PRECISION: view.precision,
            ItemRole.INFERRED: view.inferred,
            ItemRole.SOURCE_COUNT: view.source_count,
            ItemRole.HIDDEN: view.hidden,
            ItemRole.CORRECTED: view.corrected,
        }
        return values.get(role)

    def _describe(self, row: int) -> RowView:
        event = self._data.events[row]
        group = self._data.group_for_row(row)
        if event is None:
            count = group.end_row - group.first_event_row
            return RowView(
                RowKind.HEADER, group.year, group.label, "", "", group.label, group_count=count
            )
        label = "Undated" if event.date is None else event.date.label()
        display = f"{label}: {event.title}"
        notes = []
        if event.date is not None and event.date.precision is not Precision.DAY:
            notes.append(f"Known only to the {event.date.precision.value}.")
        if event.date_inferred:
            notes.append("Date inferred: it rests on an inferred publication date.")
        if event.date_text:
            notes.append(f"The article says: \u201c{event.date_text}\u201d.")
        if event.source_count > 1:
            notes.append(f"Reported by {event.source_count} sources.")
        if event.corrected:
            notes.append("Corrected by you.")
        if event.hidden:
            notes.append("Hidden from the timeline.")
        return RowView(
            kind=RowKind.EVENT,
            year=group.year,
            label=label,
            title=event.title,
            actors=actor_names_line(event.actor_ids, self._names),
            tooltip="\n".join([display, *notes]),
            precision=None if event.date is None else event.date.precision,
            inferred=event.date_inferred,
            source_count=event.source_count,
            hidden=event.hidden,
            corrected=event.corrected,
            event_id=event.id,
        )
