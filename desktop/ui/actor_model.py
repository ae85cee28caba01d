"""ActorModel: actors grouped by kind, with event counts and check boxes for filtering."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from desktop.core.names import fold
from desktop.core.records import ActorId, ActorKind, ActorRecord
from desktop.ui.roles import AnyIndex, ItemRole

_KIND_ORDER = (ActorKind.PERSON, ActorKind.COUNTRY, ActorKind.ORGANISATION, ActorKind.GROUP)
_GROUP = 0  # internal id of a group row; an actor row's internal id is its group's row + 1
NAME, EVENTS = 0, 1


class ActorModel(QAbstractItemModel):
    """Two levels: kinds (People, Countries, ...) and their actors; two columns: name, events.

    Signals: ``checked_changed(object)`` with the frozenset of checked ActorIds.
    """

    checked_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[ActorKind, list[ActorRecord]]] = []
        self._checked: set[ActorId] = set()
        self._by_id: dict[ActorId, ActorRecord] = {}
        self._position: dict[ActorId, tuple[int, int]] = {}  # (group row, row in group)
        self._search: dict[ActorId, str] = {}

    # -- content -------------------------------------------------------------------------

    def set_actors(self, actors: Iterable[ActorRecord]) -> None:
        self.beginResetModel()
        by_kind: dict[ActorKind, list[ActorRecord]] = {}
        for actor in actors:
            by_kind.setdefault(actor.kind, []).append(actor)
        self._groups = [
            (kind, sorted(by_kind[kind], key=lambda a: (fold(a.name), a.id)))
            for kind in _KIND_ORDER
            if kind in by_kind
        ]
        self._by_id = {a.id: a for _, group in self._groups for a in group}
        self._position = {
            a.id: (g, r) for g, (_, group) in enumerate(self._groups) for r, a in enumerate(group)
        }
        self._search = {
            a.id: " ".join(fold(n) for n in (a.name, *a.aliases)) for a in self._by_id.values()
        }
        dropped = self._checked - self._by_id.keys()
        self._checked &= self._by_id.keys()
        self.endResetModel()
        if dropped:
            self.checked_changed.emit(frozenset(self._checked))

    def actor(self, actor_id: ActorId) -> ActorRecord | None:
        return self._by_id.get(actor_id)

    def actors(self) -> Sequence[ActorRecord]:
        return list(self._by_id.values())

    def names(self) -> dict[ActorId, str]:
        return {a.id: a.name for a in self._by_id.values()}

    @property
    def checked(self) -> frozenset[ActorId]:
        return frozenset(self._checked)

    def set_checked(self, actor_ids: Iterable[ActorId]) -> None:
        wanted = set(actor_ids) & self._by_id.keys()
        if wanted == self._checked:
            return
        changed = wanted ^ self._checked
        self._checked = wanted
        # Only the rows that changed: a proxy re-filters every row it is told about.
        for actor_id in changed:
            index = self.index_of(actor_id)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(frozenset(self._checked))

    def index_of(self, actor_id: ActorId) -> QModelIndex:
        position = self._position.get(actor_id)
        if position is None:
            return QModelIndex()
        return self.createIndex(position[1], NAME, position[0] + 1)

    def actor_at(self, index: AnyIndex) -> ActorRecord | None:
        group = index.internalId()
        if not index.isValid() or group == _GROUP:
            return None
        return self._groups[group - 1][1][index.row()]

    # -- Qt model ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than by hasIndex(), which would call back into Python.
        if not 0 <= column < 2 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, column, _GROUP) if row < len(self._groups) else QModelIndex()
            )
        if parent.internalId() != _GROUP or parent.column() != NAME:
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...

    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, NAME, _GROUP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == NAME:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Actor", "Events")[section] if 0 <= section < 2 else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _GROUP and index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        actor = self.actor_at(index)
        if actor is None:
            kind, group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return kind.plural_label if index.column() == NAME else str(len(group))
            if role == ItemRole.SEARCH_TEXT:
                return ""
            if role == ItemRole.COUNT:
                return len(group)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{len(group)} {kind.plural_label.lower()}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return actor.name if index.column() == NAME else str(actor.event_count)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == NAME:
            checked = actor.id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == EVENTS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            aliases = f"\nAlso: {', '.join(actor.aliases)}" if actor.aliases else ""
            return f"{actor.name} \u00b7 {actor.event_count} events{aliases}"
        if role == ItemRole.ACTOR_ID:
            return actor.id
        if role == ItemRole.ACTOR:
            return actor
        if role == ItemRole.SEARCH_TEXT:
            return self._search[actor.id]
        if role == ItemRole.COUNT:
            return actor.event_count
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        actor = self.actor_at(index)
        if actor is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != NAME:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(actor.id)
        else:
            self._checked.discard(actor.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(frozenset(self._checked))
        return True


class ActorSearchProxy(QSortFilterProxyModel):
    """Keeps actors whose name or an alias contains the search text, with their group."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(ItemRole.SEARCH_TEXT)
        self.setFilterKeyColumn(NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self.setFilterFixedString(fold(text.strip()))
