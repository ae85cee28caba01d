"""The Backups dialog: the store's backups, newest first; back up now, restore one, keep N."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.store.db import SCHEMA_VERSION
from desktop.store.maintenance import BackupInfo
from desktop.ui.roles import AnyIndex

MAX_KEEP = 200


def describe_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def describe_time(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "Today 09:41", "Yesterday 18:02", or "3 Dec 2026 09:41"."""
    now = now or dt.datetime.now()
    clock = when.strftime("%H:%M")
    if when.date() == now.date():
        return f"Today {clock}"
    if when.date() == now.date() - dt.timedelta(days=1):
        return f"Yesterday {clock}"
    return f"{when.day} {when.strftime('%b %Y')} {clock}"


def describe_moment(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "today at 09:41", "yesterday at 18:02", or "on 3 Dec 2026 at 09:41", for a sentence."""
    day, clock = describe_time(when, now).rsplit(" ", 1)
    return f"{day.lower()} at {clock}" if day in ("Today", "Yesterday") else f"on {day} at {clock}"


def describe_backup(backup: BackupInfo) -> str:
    """ "the automatic backup taken today at 09:41", for a question or a report."""
    return f"the {backup.kind} backup taken {describe_moment(backup.taken_at)}"


class BackupListModel(QAbstractTableModel):
    """One row per backup: when it was taken, why, its size, and whether it can be restored."""

    HEADERS = ("Taken", "Kind", "Size", "")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups: list[BackupInfo] = []

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        return self._backups[row]

    @staticmethod
    def restorable(backup: BackupInfo) -> bool:
        return backup.schema_version is not None and backup.schema_version <= SCHEMA_VERSION

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        backup = self._backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return describe_time(backup.taken_at)
            if column == 1:
                return backup.kind
            if column == 2:
                return describe_size(backup.size)
            if backup.schema_version is None:
                return "unreadable"
            if backup.schema_version > SCHEMA_VERSION:
                return "from a newer Chancery"
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Taken {backup.taken_at:%d %b %Y %H:%M:%S}\n{backup.path}"
        if role == Qt.ItemDataRole.ForegroundRole and not self.restorable(backup):
            return QApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Every backup can be chosen, if only to delete it; restore asks restorable().
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class BackupsDialog(QDialog):
    """Lists the backups of one store. Signals: ``backup_requested()`` for "Back up now",
    ``restore_requested(object)`` and ``delete_requested(object)`` with the chosen
    BackupInfo, ``keep_changed(int)``."""

    backup_requested = Signal()
    restore_requested = Signal(object)
    delete_requested = Signal(object)
    keep_changed = Signal(int)

    def __init__(self, db_path: Path, keep: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setMinimumSize(520, 360)
        folder = paths.backups_dir(db_path)
        intro = QLabel(
            "Chancery backs the store up when it starts, at most once an hour. Backups made "
            "before an upgrade or a restore are kept until you delete them.",
            self,
        )
        intro.setWordWrap(True)
        self.model = BackupListModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Backups")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _index: self._restore())
        self.empty_note = QLabel("No backups yet.", self)
        self.empty_note.setObjectName("hint")

        self.keep = QSpinBox(self)
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(max(1, min(keep, MAX_KEEP)))
        self.keep.setAccessibleName("Automatic backups to keep")
        self.keep.valueChanged.connect(self.keep_changed)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep the newest", self))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("automatic backups", self))
        keep_row.addStretch(1)
        where = QLabel(f"Folder: {folder}", self)
        where.setObjectName("hint")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)

        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button = QPushButton("&Restore\u2026", self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_note)
        layout.addLayout(keep_row)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        self.model.set_backups(backups)
        self.empty_note.setVisible(not backups)
        self.restore_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        for row in range(self.model.rowCount()):
            if self.model.restorable(self.model.backup(row)):
                self.view.selectRow(row)
                break

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    @Slot()
    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and self.model.restorable(chosen))
        self.delete_button.setEnabled(chosen is not None)

    @Slot()
    def _delete(self) -> None:
        backup = self.selected()
        if backup is not None:
            self.delete_requested.emit(backup)

    @Slot()
    def _restore(self) -> None:
        backup = self.selected()
        if backup is not None and self.model.restorable(backup):
            self.restore_requested.emit(backup)
