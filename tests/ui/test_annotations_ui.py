"""Highlighting and annotating in the window: create, note, edit, delete, undo, redo, panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QToolButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.marks import DEFAULT_PALETTE, Swatch
from desktop.core.records import AnnotationRecord, EventId
from desktop.store import Store, repo
from desktop.ui import annotation_controller
from desktop.ui.annotation_files import write_briefing_pdf, write_timeline
from desktop.ui.annotation_model import EVENT_NOTE, AnnotationModel, build_items
from desktop.ui.main_window import MainWindow
from desktop.ui.note_dialog import NoteDialog, parse_tags
from desktop.ui.palette_dialog import PaletteDialog

QUOTE = "Dion met Lavrov"
CLAIM, DENIAL = DEFAULT_PALETTE[0].colour, DEFAULT_PALETTE[1].colour


class _Typed:
    """What the user types into the next note dialog."""

    note = ""
    tags = ""
    colour = ""
    accept = True


class FakeNoteDialog(NoteDialog):
    def exec(self) -> int:
        self.note.setPlainText(_Typed.note)
        if _Typed.tags:
            self.tags.setText(_Typed.tags)
        if _Typed.colour:
            self.colour.setCurrentIndex(self.colour.findData(_Typed.colour))
        return QDialog.DialogCode.Accepted if _Typed.accept else QDialog.DialogCode.Rejected


@pytest.fixture
def window(
    qtbot: QtBot, sample_store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setattr(annotation_controller, "NoteDialog", FakeNoteDialog)

    def no_warnings(*args: object) -> None:
        raise AssertionError(f"unexpected warning box: {args[1:]}")

    # A modal box would block the test forever: fail instead.
    monkeypatch.setattr(QMessageBox, "warning", no_warnings)
    _Typed.note, _Typed.tags, _Typed.colour, _Typed.accept = "", "", "", True
    win = MainWindow(sample_store, settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def event_id(store: Store, title: str) -> EventId:
    with store.session(write=False) as s:
        return next(e.id for e in repo.list_events(s, include_hidden=True) if e.title == title)


def stored(store: Store) -> list[AnnotationRecord]:
    with store.session(write=False) as s:
        return repo.list_annotations(s)


def select_quote(win: MainWindow, store: Store, quote: str = QUOTE) -> tuple[int, int]:
    assert win.timeline.select_event(event_id(store, "Dion meets Lavrov in Vientiane"))
    article = win.source.current_article
    assert article is not None
    start = article.text.index(quote)
    win.source.browser.select_span(start, start + len(quote))
    return start, start + len(quote)


def drawn(win: MainWindow) -> dict[str, str]:
    """Highlighted text -> background colour, for the user's highlights in the pane."""
    marks = win.source.browser.extraSelections()[2:]  # after the passage and its date phrase
    return {m.cursor.selectedText(): m.format.background().color().name() for m in marks}  # type: ignore[attr-defined]


def test_highlight_note_edit_delete_with_undo_and_redo(
    window: MainWindow, sample_store: Store
) -> None:
    marks = window.marks
    start, end = select_quote(window, sample_store)

    # Ctrl+H: highlight in the current colour, saved at once, drawn in the pane.
    assert window.marks.highlight_action.shortcut() == QKeySequence("Ctrl+H")
    marks.highlight_action.trigger()
    (first,) = stored(sample_store)
    assert (first.start, first.end, first.quote, first.colour) == (start, end, QUOTE, CLAIM)
    assert first.prefix and first.suffix
    assert QUOTE in drawn(window)
    assert drawn(window)[QUOTE] != QColor(CLAIM).name()  # blended with the page, not raw

    # Ctrl+Shift+N: a note with tags and another colour on another passage.
    window.source.browser.select_span(start + 5, start + 15)  # "met Lavrov"
    _Typed.note, _Typed.tags, _Typed.colour = (
        "Checked against\nthe RCI report.",
        "laos, 2016",
        DENIAL,
    )
    assert marks.note_action.shortcut() == QKeySequence("Ctrl+Shift+N")
    marks.note_action.trigger()
    noted = next(a for a in stored(sample_store) if a.note)
    assert (noted.quote, noted.colour, noted.tags) == ("met Lavrov", DENIAL, ("laos", "2016"))
    offset = window.source.browser._offsets.to_doc(noted.start + 1)
    cursor = window.source.browser.textCursor()
    cursor.setPosition(offset)
    point = window.source.browser.cursorRect(cursor).center()
    tip = window.source.browser.tooltip_at(point)
    assert "denial" in tip and "Checked against<br>the RCI report." in tip and "laos" in tip

    # Edit the note.
    _Typed.note, _Typed.tags, _Typed.colour = "Rewritten.", "", ""
    marks.edit_annotation(noted)
    edited = next(a for a in stored(sample_store) if a.id == noted.id)
    assert (edited.note, edited.tags, edited.colour) == ("Rewritten.", ("laos", "2016"), DENIAL)

    # Delete, then undo everything step by step, then redo it all.
    marks.service.delete(edited)
    assert [a.id for a in stored(sample_store)] == [first.id]
    undo, redo = marks.undo_action, marks.redo_action
    assert undo.shortcut() == QKeySequence("Ctrl+Z")
    assert redo.shortcut() == QKeySequence("Ctrl+Shift+Z")
    undo.trigger()  # the delete
    assert next(a for a in stored(sample_store) if a.id == noted.id).note == "Rewritten."
    undo.trigger()  # the edit
    assert next(a for a in stored(sample_store) if a.id == noted.id).note.startswith("Checked")
    undo.trigger()  # the note
    undo.trigger()  # the highlight
    assert stored(sample_store) == []
    assert drawn(window) == {}
    for _ in range(4):
        redo.trigger()
    (back,) = stored(sample_store)
    assert back.id == first.id and back.created == first.created
    assert drawn(window) == {QUOTE: drawn(window)[QUOTE]}


def test_context_menu_highlights_in_a_chosen_colour(
    window: MainWindow, sample_store: Store
) -> None:
    select_quote(window, sample_store)
    browser = window.source.browser
    menu = browser.build_context_menu(QPoint(5, 5))
    labels = [a.text() for a in menu.actions()]
    assert "Highlight as" in labels and "Add note\u2026" in labels
    colours = next(a.menu() for a in menu.actions() if a.text() == "Highlight as")
    assert [a.text() for a in colours.actions()] == [s.meaning for s in DEFAULT_PALETTE]
    next(a for a in colours.actions() if a.text() == "date evidence").trigger()
    (record,) = stored(sample_store)
    assert record.colour == DEFAULT_PALETTE[2].colour and record.quote == QUOTE
    # On an existing highlight the menu offers to edit and delete it.
    cursor = browser.textCursor()
    cursor.setPosition(browser._offsets.to_doc(record.start + 2))
    on_it = browser.build_context_menu(browser.cursorRect(cursor).center())
    delete = next(a for a in on_it.actions() if a.text() == "Delete highlight")
    delete.trigger()
    assert stored(sample_store) == []


def test_panel_lists_filters_and_shows_the_passage(
    window: MainWindow, sample_store: Store, qtbot: QtBot
) -> None:
    marks = window.marks
    select_quote(window, sample_store)
    marks.highlight_action.trigger()
    _Typed.note, _Typed.tags, _Typed.colour = "About sanctions.", "sanctions", DENIAL
    select_quote(window, sample_store, "Canada imposed sanctions on Russia")
    marks.note_action.trigger()
    # A note on an event, listed in the same panel.
    _Typed.note = "Compare with the UN vote."
    assert window.timeline.select_event(event_id(sample_store, "Russia annexes Crimea"))
    marks.event_note_action.trigger()

    panel = marks.panel
    assert panel.model.rowCount() == 3
    panel.colour.setCurrentIndex(panel.colour.findData(DENIAL))
    assert panel.filter.rowCount() == 1
    panel.colour.setCurrentIndex(panel.colour.findData(EVENT_NOTE))
    assert panel.filter.rowCount() == 1
    panel.colour.setCurrentIndex(0)
    panel.tag.setCurrentIndex(panel.tag.findData("sanctions"))
    assert panel.filter.rowCount() == 1
    panel.tag.setCurrentIndex(0)
    panel.text.setText("un vote")
    assert panel.filter.rowCount() == 1
    panel.text.clear()
    assert panel.article.count() == 2  # "All articles" and the one annotated article
    panel.article.setCurrentIndex(1)
    assert panel.filter.rowCount() == 2
    panel.article.setCurrentIndex(0)

    # Clicking an annotation opens its article at its passage, selected.
    window.timeline.select_event(event_id(sample_store, "Harper meets Putin at APEC"))
    row = next(
        r
        for r in range(panel.filter.rowCount())
        if (item := panel.item_at(panel.filter.index(r, 0))) and item.quote == QUOTE
    )
    rect = panel.view.visualRect(panel.filter.index(row, 3))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    article = window.source.current_article
    assert article is not None and article.title == "Dion meets Lavrov in Laos"
    assert window.source.browser.textCursor().selectedText() == QUOTE

    # Clicking the event note selects its event.
    row = next(
        r
        for r in range(panel.filter.rowCount())
        if (item := panel.item_at(panel.filter.index(r, 0))) and item.event_note is not None
    )
    panel.item_activated.emit(panel.item_at(panel.filter.index(row, 0)))
    assert window.timeline.selected_event() == event_id(sample_store, "Russia annexes Crimea")

    # Renaming a colour relabels its highlights.
    assert marks.service.set_palette([Swatch(CLAIM, "assertion"), *DEFAULT_PALETTE[1:]])
    meanings = {panel.model.item(r).meaning for r in range(panel.model.rowCount())}
    assert "assertion" in meanings and "claim" not in meanings


def test_annotation_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    record = AnnotationRecord(
        id=1, article_id=1, start=0, end=4, quote="Dion", prefix="", suffix=" met",  # type: ignore[arg-type]
        colour=CLAIM, note="n", tags=("t",),
    )  # fmt: skip
    model = AnnotationModel()
    model.set_items(build_items([record], [], {1: "An article"}, DEFAULT_PALETTE))  # type: ignore[dict-item]
    qtmodeltester.check(model)
    model.set_items([])
    qtmodeltester.check(model)


def test_highlights_survive_reopening(
    qtbot: QtBot, sample_store: Store, settings: QSettings, window: MainWindow
) -> None:
    select_quote(window, sample_store)
    window.marks.highlight_action.trigger()
    window.close()
    again = MainWindow(sample_store, settings)
    qtbot.addWidget(again)
    again.show()
    select_quote(again, sample_store)
    assert QUOTE in drawn(again)
    assert again.marks.panel.model.rowCount() == 1
    again.close()


def test_exports_write_files(window: MainWindow, sample_store: Store, tmp_path: Path) -> None:
    select_quote(window, sample_store)
    window.marks.highlight_action.trigger()
    pdf = tmp_path / "briefing.pdf"
    write_briefing_pdf(sample_store, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    meeting = event_id(sample_store, "Dion meets Lavrov in Vientiane")
    md = tmp_path / "timeline.md"
    write_timeline(sample_store, md, "md", [meeting])
    assert "Dion meets Lavrov in Vientiane" in md.read_text(encoding="utf-8")


def test_tags_are_parsed_once_each() -> None:
    assert parse_tags(" a, b ,, a,c ") == ("a", "b", "c")


def test_the_annotations_dock_opens_with_the_first_highlight(
    window: MainWindow, sample_store: Store
) -> None:
    # A new user (no saved layout, nothing annotated) is not shown an empty list...
    assert not window.annotations_dock.isVisible()
    select_quote(window, sample_store)
    window.marks.highlight_action.trigger()
    # ...and sees it as soon as there is something in it.
    assert window.annotations_dock.isVisible()


def test_palette_dialog_removes_unused_colours_only(qtbot: QtBot) -> None:
    rumour = Swatch("#c0c0c0", "rumour")
    palette = [*DEFAULT_PALETTE, rumour]
    dialog = PaletteDialog(palette, in_use={CLAIM: 3})
    qtbot.addWidget(dialog)
    buttons = {b.accessibleName(): b for b in dialog.findChildren(QToolButton)}
    claim = buttons[f"Remove {CLAIM}"]
    assert not claim.isEnabled() and claim.toolTip().startswith("3 highlights use this colour")
    assert not dialog.remove_colour(CLAIM)
    buttons[f"Remove {rumour.colour}"].click()
    assert [sw.colour for sw in dialog.swatches()] == [sw.colour for sw in DEFAULT_PALETTE]
    for swatch in DEFAULT_PALETTE[1:]:
        assert dialog.remove_colour(swatch.colour)
    assert dialog.swatches() == [DEFAULT_PALETTE[0]]
    assert dialog.save_button.isEnabled()
