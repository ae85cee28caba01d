"""The palette editor: rename what each highlight colour means, add colours, remove unused ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import Swatch
from desktop.ui import theme
from desktop.ui.source_pane import swatch_icon


class PaletteDialog(QDialog):
    """One meaning field per colour; "Add colour" appends one. Colours themselves stay fixed:
    annotations store the colour, so renaming a meaning relabels every highlight at once.
    A colour no highlight uses can be removed; ``in_use`` counts the highlights per colour."""

    def __init__(
        self,
        palette: Sequence[Swatch],
        parent: QWidget | None = None,
        in_use: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Highlight colours")
        self.setMinimumWidth(380)
        self._in_use = {c.lower(): n for c, n in (in_use or {}).items()}
        self._colours: list[str] = []
        self._fields: list[QLineEdit] = []
        self._removers: list[QToolButton] = []
        intro = QLabel(
            "What each colour means. Renaming relabels every highlight in it; a colour no "
            "highlight uses can be removed.",
            self,
        )
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
        remove = QToolButton(self)
        remove.setIcon(theme.icon("clear"))
        remove.setAutoRaise(True)
        remove.setAccessibleName(f"Remove {swatch.colour}")
        remove.clicked.connect(lambda: self.remove_colour(swatch.colour))
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(remove)
        self._form.addRow(chip, row)
        self._colours.append(swatch.colour)
        self._fields.append(field)
        self._removers.append(remove)
        self._update_removers()
        return field

    def remove_colour(self, colour: str) -> bool:
        """Take an unused colour out of the palette (at least one stays)."""
        if colour not in self._colours or not self._can_remove(colour):
            return False
        index = self._colours.index(colour)
        self._form.removeRow(index)  # deletes the chip, the field and the button
        del self._colours[index], self._fields[index], self._removers[index]
        self._update_removers()
        self._validate()
        return True

    def _can_remove(self, colour: str) -> bool:
        return len(self._colours) > 1 and not self._in_use.get(colour.lower())

    def _update_removers(self) -> None:
        for colour, button in zip(self._colours, self._removers, strict=True):
            used = self._in_use.get(colour.lower(), 0)
            button.setEnabled(self._can_remove(colour))
            if used:
                noun = "highlight uses" if used == 1 else "highlights use"
                button.setToolTip(f"{used} {noun} this colour: it stays while they do")
            elif len(self._colours) == 1:
                button.setToolTip("The palette keeps at least one colour")
            else:
                button.setToolTip("Remove this colour")

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
