"""The note dialog: a paragraph of note, tags and a colour for a highlight (or an event)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import Swatch
from desktop.ui.source_pane import swatch_icon

MAX_QUOTE_SHOWN = 400


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, without blanks or repeats, in the order typed."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


class NoteDialog(QDialog):
    """Edits a note; with a palette it also edits the highlight's colour and tags."""

    def __init__(
        self,
        title: str,
        quote: str,
        palette: Sequence[Swatch] = (),
        colour: str = "",
        note: str = "",
        tags: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        shown = " ".join(quote.split())
        if len(shown) > MAX_QUOTE_SHOWN:
            shown = shown[:MAX_QUOTE_SHOWN] + "\u2026"
        self.quote = QLabel(f"\u201c{shown}\u201d" if shown else "", self)
        self.quote.setObjectName("noteQuote")
        self.quote.setWordWrap(True)
        self.quote.setVisible(bool(shown))
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("noteText")
        self.note.setPlaceholderText("Write a note \u2014 a paragraph or more.")
        self.note.setPlainText(note)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note")
        self.tags = QLineEdit(", ".join(tags), self)
        self.tags.setPlaceholderText("comma-separated, e.g. sanctions, Lavrov")
        self.tags.setAccessibleName("Tags")
        self.colour = QComboBox(self)
        self.colour.setAccessibleName("Colour")
        for swatch in palette:
            self.colour.addItem(swatch_icon(swatch.colour), swatch.meaning, swatch.colour)
        if colour and self.colour.findData(colour) < 0:
            self.colour.addItem(swatch_icon(colour), colour, colour)
        if colour:
            self.colour.setCurrentIndex(self.colour.findData(colour))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        if palette:
            form.addRow("&Colour:", self.colour)
            form.addRow("&Tags:", self.tags)
        else:
            self.colour.hide()
            self.tags.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addWidget(self.note, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.note.setFocus()

    def values(self) -> tuple[str, str, tuple[str, ...]]:
        """(colour, note, tags) as the user left them."""
        colour = self.colour.currentData()
        return (
            str(colour) if colour else "",
            self.note.toPlainText().strip(),
            parse_tags(self.tags.text()),
        )
