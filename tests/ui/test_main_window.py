"""The flows a reader follows in the main window, on a small store built through the repo."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.core.records import ActorId, EventId
from desktop.store import Store, repo
from desktop.ui.main_window import MainWindow
from desktop.ui.roles import RowKind


@pytest.fixture
def window(qtbot: QtBot, sample_store: Store, settings: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(sample_store, settings)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def event_id(store: Store, title: str) -> EventId:
    with store.session(write=False) as s:
        return next(e.id for e in repo.list_events(s, include_hidden=True) if e.title == title)


def actor_id(store: Store, name: str) -> ActorId:
    with store.session(write=False) as s:
        return next(a.id for a in repo.list_actors(s) if a.name == name)


def shown_titles(win: MainWindow) -> list[str]:
    # Through row_view, not data(): see RowView on PySide6 and None.
    views = (win.filter.row_view(r) for r in range(win.filter.rowCount()))
    return [v.title for v in views if v.kind == RowKind.EVENT]


def test_selecting_an_event_shows_its_passage_highlighted_and_visible(
    window: MainWindow, sample_store: Store
) -> None:
    meeting = event_id(sample_store, "Dion meets Lavrov in Vientiane")
    assert window.timeline.select_event(meeting)
    pane = window.source
    assert pane.event_id == meeting
    browser = pane.browser
    focus = browser.focus_passage
    assert focus is not None
    marks = browser.extraSelections()
    assert marks, "the passage is highlighted"
    highlighted = marks[0].cursor.selectedText()  # type: ignore[attr-defined]
    assert highlighted == focus.quote
    assert browser.verticalScrollBar().value() > 0, "scrolled down to the passage"
    assert browser.passage_visible()
    # Two reports of one meeting: the reader can step to the other one.
    assert pane.position.isVisible()
    first_title = pane.title.text()
    pane.step(1)
    assert pane.title.text() != first_title
    assert {first_title, pane.title.text()} == {
        "Dion meets Lavrov in Laos",
        "Canada and Russia talk again",
    }
    assert browser.passage_visible()


def test_clicking_a_passage_selects_its_event(
    qtbot: QtBot, window: MainWindow, sample_store: Store
) -> None:
    crimea = event_id(sample_store, "Russia annexes Crimea")
    sanctions = event_id(sample_store, "Canada imposes sanctions on Russia")
    window.timeline.select_event(crimea)
    browser = window.source.browser
    text = window.source.current_source.article.text  # type: ignore[union-attr]
    target = text.index("imposed sanctions")
    cursor = QTextCursor(browser.document())
    cursor.setPosition(target)
    browser.verticalScrollBar().setValue(0)
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(
        browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(2, 0)
    )
    assert window.timeline.selected_event() == sanctions
    assert window.source.event_id == sanctions


def test_checking_actors_filters_the_timeline_any_or_all(
    window: MainWindow, sample_store: Store
) -> None:
    everything = shown_titles(window)
    model = window.sidebar.model
    canada = model.index_of(actor_id(sample_store, "Canada"))
    harper = model.index_of(actor_id(sample_store, "Stephen Harper"))
    model.setData(canada, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert set(shown_titles(window)) == {
        "Canada imposes sanctions on Russia",
        "Dion meets Lavrov in Vientiane",
    }
    model.setData(harper, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert "Harper meets Putin at APEC" in shown_titles(window)
    assert window.filter_note.isVisible()
    window.sidebar.set_match_all(True)
    assert shown_titles(window) == []
    window.clear_all_filters()
    assert shown_titles(window) == everything
    assert not window.filter_note.isVisible()


def test_jumping_to_a_year_shows_its_first_event(
    qtbot: QtBot, window: MainWindow, sample_store: Store
) -> None:
    window.resize(1200, 320)
    qtbot.wait(10)
    window.timeline.go_to_end(last=True)
    window.go_to_year(2014)
    selected = window.timeline.selected_event()
    assert selected == event_id(sample_store, "Canada imposes sanctions on Russia")
    row = window.filter.row_of_event(selected)
    assert row is not None and window.timeline.row_visible(row)
    assert window.years.strip_model.entry(window.years.currentIndex().row())[0] == 2014
    # PageDown moves on to the next year, PageUp back.
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_PageDown)
    assert window.filter.year_of_row(window.timeline.currentIndex().row()) == 2016
    qtbot.keyClick(window.timeline, Qt.Key.Key_PageUp)
    assert window.filter.year_of_row(window.timeline.currentIndex().row()) == 2014
    # The year strip jumps too.
    strip = window.years
    last_year = strip.strip_model.entry(strip.strip_model.rowCount() - 1)[0]
    assert last_year is None
    strip.year_activated.emit(last_year)
    assert window.timeline.selected_event() == event_id(sample_store, "Talks continue")


def test_search_filters_titles_and_article_text_and_escape_clears(
    qtbot: QtBot, window: MainWindow
) -> None:
    everything = shown_titles(window)
    window.focus_search()
    qtbot.keyClicks(window.search, "APEC summit")
    qtbot.waitUntil(lambda: len(shown_titles(window)) < len(everything))
    assert set(shown_titles(window)) == {"Harper meets Putin at APEC", "APEC summit planned"}
    window.search.setText("froze")  # only in the article text, not in any title
    window.apply_search()
    assert "Dion meets Lavrov in Vientiane" in shown_titles(window)
    assert "Harper meets Putin at APEC" not in shown_titles(window)
    window.activateWindow()
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert shown_titles(window) == everything


def test_hidden_events_leave_the_timeline_until_shown(
    window: MainWindow, sample_store: Store
) -> None:
    talks = event_id(sample_store, "Talks continue")
    window.toggle_hidden(talks)
    assert "Talks continue" not in shown_titles(window)
    assert "Undated" not in [str(y) for y, _ in window.filter.year_counts()]
    window.show_hidden_action.trigger()
    assert "Talks continue" in shown_titles(window)
    window.toggle_hidden(talks)
    window.show_hidden_action.trigger()
    assert "Talks continue" in shown_titles(window)


def test_actor_rename_and_merge_apply_everywhere(window: MainWindow, sample_store: Store) -> None:
    putin = actor_id(sample_store, "Vladimir Putin")
    window.rename_actor(putin, "Vladimir V. Putin")
    assert window.sidebar.model.actor(putin).name == "Vladimir V. Putin"  # type: ignore[union-attr]
    apec = window.filter.row_of_event(event_id(sample_store, "Harper meets Putin at APEC"))
    assert apec is not None
    assert "Vladimir V. Putin" in window.filter.row_view(apec).actors
    lavrov = actor_id(sample_store, "Sergei Lavrov")
    window.merge_actors(putin, lavrov)
    assert window.sidebar.model.actor(lavrov) is None
    merged = window.sidebar.model.actor(putin)
    assert merged is not None and "Sergei Lavrov" in merged.aliases


def test_selection_and_layout_survive_a_restart(
    qtbot: QtBot, sample_store: Store, settings: QSettings
) -> None:
    first = MainWindow(sample_store, settings)
    qtbot.addWidget(first)
    first.resize(760, 560)  # inside the offscreen platform's 800 x 800 screen
    first.show()
    crimea = event_id(sample_store, "Russia annexes Crimea")
    first.timeline.select_event(crimea)
    first.splitter.setSizes([200, 320, 220])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(sample_store, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.timeline.selected_event() == crimea
    assert second.source.event_id == crimea
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes
    second.close()


def test_status_bar_counts(window: MainWindow) -> None:
    assert window.counts_label.text().split()[:6] == [
        "3",
        "articles",
        "\u00b7",
        "6",
        "events",
        "\u00b7",
    ]


def test_repainting_does_not_leak_none(window: MainWindow) -> None:
    # PySide6 6.12 on Python 3.11 drops a reference to None per void Qt call, and a few
    # hundred repaints abort the interpreter (none_dealloc); pyproject.toml excludes it.
    window.timeline.select_event(window.filter.event_at(1) or EventId(0))
    before = sys.getrefcount(None)
    for _ in range(300):
        window.timeline.viewport().repaint()
        window.years.viewport().repaint()
        window.sidebar.tree.viewport().repaint()
    assert sys.getrefcount(None) > before - 100
