"""The correction dialog: the user's date (with precision), title, actors and hidden state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dates import FuzzyDate, Precision, season_of
from desktop.core.names import fold
from desktop.core.records import ActorId, ActorRecord, EventCorrection, EventRecord
from desktop.ui.roles import AnyIndex, ItemRole

# The precisions a user picks from, finest first; None means "no date".
PRECISIONS: tuple[tuple[str, Precision | None], ...] = (
    ("Day", Precision.DAY),
    ("Week", Precision.WEEK),
    ("Month", Precision.MONTH),
    ("Season", Precision.SEASON),
    ("Quarter", Precision.QUARTER),
    ("Year", Precision.YEAR),
    ("Decade", Precision.DECADE),
    ("Undated", None),
)


def date_at(day: dt.date, precision: Precision) -> FuzzyDate:
    """The value of ``precision`` that contains ``day``."""
    if precision is Precision.SEASON:
        return season_of(day)
    return FuzzyDate.of_day(day).coarsen(precision)


class ActorChecklistModel(QAbstractListModel):
    """Every actor with a check box: checked ones take part in the event."""

    def __init__(
        self,
        actors: Sequence[ActorRecord],
        checked: Sequence[ActorId],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._actors = sorted(actors, key=lambda a: (a.id not in checked, fold(a.name)))
        self._checked = set(checked)

    @property
    def checked(self) -> tuple[ActorId, ...]:
        return tuple(a.id for a in self._actors if a.id in self._checked)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actors)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        actor = self._actors[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{actor.name} ({actor.kind.value})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if actor.id in self._checked else Qt.CheckState.Unchecked
        if role == ItemRole.ACTOR_ID:
            return actor.id
        if role == ItemRole.SEARCH_TEXT:
            return " ".join(fold(n) for n in (actor.name, *actor.aliases))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        actor = self._actors[index.row()]
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(actor.id)
        else:
            self._checked.discard(actor.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class CorrectionDialog(QDialog):
    """Edits one event; :meth:`correction` is what changed, as an EventCorrection."""

    REVERT = 2  # the dialog's result when the user asks for the importer's values back

    def __init__(
        self, event: EventRecord, actors: Sequence[ActorRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Correct event")
        self.setMinimumWidth(520)
        self._event = event

        self.precision = QComboBox(self)
        for label, _ in PRECISIONS:
            self.precision.addItem(label)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.preview = QLabel(self)
        self.preview.setObjectName("datePreview")
        start = event.date.start if event.date is not None else dt.date.today()
        self.day.setDate(QDate(start.year, start.month, start.day))
        chosen = None if event.date is None else event.date.precision
        if chosen is Precision.CENTURY:
            chosen = Precision.DECADE
        self.precision.setCurrentIndex([p for _, p in PRECISIONS].index(chosen))
        self.title = QLineEdit(event.title, self)
        self.hidden = QCheckBox("Hide this event from the timeline", self)
        self.hidden.setChecked(event.hidden)

        self.actor_model = ActorChecklistModel(actors, event.actor_ids, self)
        self.actor_proxy = QSortFilterProxyModel(self)
        self.actor_proxy.setSourceModel(self.actor_model)
        self.actor_proxy.setFilterRole(ItemRole.SEARCH_TEXT)
        self.actor_search = QLineEdit(self)
        self.actor_search.setPlaceholderText("Find an actor")
        self.actor_search.setClearButtonEnabled(True)
        self.actor_search.textChanged.connect(
            lambda t: self.actor_proxy.setFilterFixedString(fold(t))
        )
        self.actor_list = QListView(self)
        self.actor_list.setModel(self.actor_proxy)
        self.actor_list.setMinimumHeight(160)

        date_row = QHBoxLayout()
        date_row.addWidget(self.precision)
        date_row.addWidget(self.day, 1)
        form = QFormLayout()
        form.addRow("Date:", date_row)
        form.addRow("", self.preview)
        form.addRow("Title:", self.title)
        actors_box = QVBoxLayout()
        actors_box.addWidget(self.actor_search)
        actors_box.addWidget(self.actor_list)
        form.addRow("Actors:", actors_box)
        form.addRow("", self.hidden)
        note = QLabel(
            "Corrections are kept apart from what the importer found, so they survive "
            "re-importing the article.",
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        revert = buttons.addButton("Revert to imported", QDialogButtonBox.ButtonRole.ResetRole)
        revert.setEnabled(event.corrected)
        revert.clicked.connect(lambda: self.done(self.REVERT))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

        self.precision.currentIndexChanged.connect(self._update_preview)
        self.day.dateChanged.connect(self._update_preview)
        self._update_preview()

    def chosen_date(self) -> FuzzyDate | None:
        # By index, not currentData(): a None item datum would come back through QVariant.
        precision = PRECISIONS[self.precision.currentIndex()][1]
        if precision is None:
            return None
        q = self.day.date()
        return date_at(dt.date(q.year(), q.month(), q.day()), precision)

    def _update_preview(self) -> None:
        value = self.chosen_date()
        self.day.setEnabled(value is not None)
        self.preview.setText("Shown as: " + ("Undated" if value is None else value.label()))

    def correction(self) -> EventCorrection:
        """Only what differs from the event as shown; everything else stays as it is."""
        event = self._event
        date = self.chosen_date()
        title = self.title.text().strip()
        actors = self.actor_model.checked
        return EventCorrection(
            date=date if date is not None and date != event.date else None,
            clear_date=date is None and event.date is not None,
            title=title if title and title != event.title else None,
            actor_ids=actors if set(actors) != set(event.actor_ids) else None,
            hidden=self.hidden.isChecked() if self.hidden.isChecked() != event.hidden else None,
        )
