"""The palette editor: rename what each highlight colour means, and add colours."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import Swatch
from desktop.ui.source_pane import swatch_icon


class PaletteDialog(QDialog):
    """One meaning field per colour; "Add colour" appends one. Colours themselves stay fixed:
    annotations store the colour, so renaming a meaning relabels every highlight at once."""

    def __init__(self, palette: Sequence[Swatch], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Highlight colours")
        self.setMinimumWidth(380)
        self._colours: list[str] = []
        self._fields: list[QLineEdit] = []
        intro = QLabel("What each colour means. Renaming relabels every highlight in it.", self)
        intro.setWordWrap(True)
        self._form = QFormLayout()
        for swatch in palette:
            self._add_row(swatch)
        self.add_button = QPushButton("&Add colour\u2026", self)
        self.add_button.clicked.connect(self.ask_colour)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._form)
        layout.addWidget(self.add_button)
        layout.addWidget(buttons)

    def _add_row(self, swatch: Swatch) -> QLineEdit:
        field = QLineEdit(swatch.meaning, self)
        field.setAccessibleName(f"Meaning of {swatch.colour}")
        field.textChanged.connect(self._validate)
        chip = QLabel(self)
        chip.setPixmap(swatch_icon(swatch.colour).pixmap(18, 18))
        chip.setToolTip(swatch.colour)
        self._form.addRow(chip, field)
        self._colours.append(swatch.colour)
        self._fields.append(field)
        return field

    def add_colour(self, colour: str, meaning: str = "") -> QLineEdit | None:
        """Append a colour (not one already there); its meaning field, focused."""
        colour = QColor(colour).name()
        if colour in self._colours:
            return None
        field = self._add_row(Swatch(colour, meaning))
        field.setFocus()
        self._validate()
        return field

    @Slot()
    def ask_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor("#c0c0c0"), self, "New highlight colour")
        if chosen.isValid():
            self.add_colour(chosen.name())

    @Slot()
    def _validate(self) -> None:
        self.save_button.setEnabled(all(f.text().strip() for f in self._fields))

    def swatches(self) -> list[Swatch]:
        return [
            Swatch(c, f.text().strip()) for c, f in zip(self._colours, self._fields, strict=True)
        ]
