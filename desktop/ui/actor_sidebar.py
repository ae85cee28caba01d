"""The actor sidebar: search, check actors to filter the timeline, details, rename and merge."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dates import FuzzyDate
from desktop.core.records import ActorId, ActorRecord, Role
from desktop.ui import theme
from desktop.ui.actor_model import EVENTS, NAME, ActorModel, ActorSearchProxy


def role_line(role: Role) -> str:
    if role.start is None and role.end is None:
        return role.title
    start = FuzzyDate.of_day(role.start).label() if role.start else "?"
    end = FuzzyDate.of_day(role.end).label() if role.end else "now"
    return f"{role.title} ({start} \u2013 {end})"


class ActorSidebar(QWidget):
    """Actors by kind with counts; checking some filters the timeline.

    Signals: ``filter_changed(object, bool)`` with the checked ActorIds and whether all of
    them must take part; ``rename_requested(object, str)``, ``alias_requested(object, str)``
    and ``merge_requested(object, object)`` (kept, dropped) when the user asks for a change.
    """

    filter_changed = Signal(object, bool)
    rename_requested = Signal(object, str)
    alias_requested = Signal(object, str)
    merge_requested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actorSidebar")
        self.model = ActorModel(self)
        self.proxy = ActorSearchProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find an actor")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find an actor")
        self.match = QComboBox(self)
        self.match.addItems(["Any checked actor", "All checked actors"])
        self.match.setToolTip("Show events with any of the checked actors, or with all of them")
        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(theme.icon("clear"))
        self.clear_button.setToolTip("Uncheck every actor")
        self.clear_button.setAutoRaise(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("actorTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setAccessibleName("Actors")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed, not ResizeToContents: measuring would ask every one of 2,000 actors.
        header.setSectionResizeMode(EVENTS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(EVENTS, self.fontMetrics().horizontalAdvance("Events") + 14)
        self.details = QLabel(self)
        self.details.setObjectName("actorDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(96)

        title = QLabel("Actors", self)
        title.setObjectName("paneTitle")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.match, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 10)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)

        self.search.textChanged.connect(self._search_changed)
        self.match.currentIndexChanged.connect(self._emit_filter)
        self.clear_button.clicked.connect(lambda: self.model.set_checked(()))
        self.model.checked_changed.connect(self._emit_filter)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self._show_details(None)

    # -- content -------------------------------------------------------------------------

    def set_actors(self, actors: list[ActorRecord]) -> None:
        selected = self.selected_actor()
        self.model.set_actors(actors)
        self._expand_groups()
        if selected is not None:
            self.select_actor(selected.id)
        else:
            self._show_details(None)

    def _expand_groups(self) -> None:
        # Only the few kind rows: expandAll() would visit every actor through Python.
        for row in range(self.proxy.rowCount()):
            self.tree.expand(self.proxy.index(row, NAME))

    @property
    def match_all(self) -> bool:
        return self.match.currentIndex() == 1

    def set_match_all(self, value: bool) -> None:
        self.match.setCurrentIndex(1 if value else 0)

    def selected_actor(self) -> ActorRecord | None:
        indexes = self.tree.selectionModel().selectedRows(NAME)
        return self.actor_at(indexes[0]) if indexes else None

    def actor_at(self, index: QModelIndex) -> ActorRecord | None:
        """The actor of a tree row (None for a kind row), read in Python, not through data()."""
        if not index.isValid():
            return None
        return self.model.actor_at(self.proxy.mapToSource(index))

    def select_actor(self, actor_id: ActorId) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(actor_id))
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    # -- reactions -----------------------------------------------------------------------

    @Slot(str)
    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._expand_groups()

    @Slot()
    def _emit_filter(self) -> None:
        self.filter_changed.emit(self.model.checked, self.match_all)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details(self.selected_actor())

    def _show_details(self, actor: ActorRecord | None) -> None:
        if actor is None:
            self.details.setText(
                "<i>Check actors to filter the timeline; right-click one to rename it, "
                "add an alias or merge it with another.</i>"
            )
            return
        noun = "event" if actor.event_count == 1 else "events"
        lines = [
            f"<b>{escape(actor.name)}</b> \u00b7 {escape(actor.kind.value)} \u00b7 "
            f"{actor.event_count} {noun}"
        ]
        if actor.aliases:
            lines.append("Also known as: " + escape(", ".join(actor.aliases)))
        lines.extend(escape(role_line(r)) for r in actor.roles)
        self.details.setText("<br>".join(lines))

    @Slot(QPoint)
    def _context_menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        actor = self.actor_at(index)
        if actor is None:
            return
        menu = QMenu(self)
        rename = menu.addAction("Rename\u2026")
        alias = menu.addAction("Add alias\u2026")
        merge = menu.addAction("Merge with\u2026")
        chosen = menu.exec(self.tree.viewport().mapToGlobal(point))
        if chosen is rename:
            self.ask_rename(actor)
        elif chosen is alias:
            self.ask_alias(actor)
        elif chosen is merge:
            self.ask_merge(actor)

    def ask_rename(self, actor: ActorRecord) -> None:
        name, ok = QInputDialog.getText(self, "Rename actor", "Name:", text=actor.name)
        if ok and name.strip() and name.strip() != actor.name:
            self.rename_requested.emit(actor.id, name.strip())

    def ask_alias(self, actor: ActorRecord) -> None:
        alias, ok = QInputDialog.getText(
            self, "Add alias", f"Another name for {actor.name}, used when importing:"
        )
        if ok and alias.strip():
            self.alias_requested.emit(actor.id, alias.strip())

    def ask_merge(self, actor: ActorRecord) -> None:
        others = sorted(
            (a for a in self.model.actors() if a.id != actor.id),
            key=lambda a: (a.kind != actor.kind, a.name.casefold()),
        )
        if not others:
            return
        labels = [f"{a.name} ({a.kind.value}, {a.event_count} events)" for a in others]
        label, ok = QInputDialog.getItem(
            self,
            "Merge actors",
            f"Merge into {actor.name} (it keeps its name; the other becomes an alias):",
            labels,
            0,
            False,
        )
        if ok and label in labels:
            self.merge_requested.emit(actor.id, others[labels.index(label)].id)
