"""Every item model through qtmodeltester, and the timeline's rows on sample events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.core.dates import FuzzyDate, Precision
from desktop.core.records import ActorId, EventId, EventRecord
from desktop.store import Store, repo
from desktop.ui.actor_model import ActorModel, ActorSearchProxy
from desktop.ui.correction_dialog import ActorChecklistModel, date_at
from desktop.ui.roles import ItemRole, RowKind
from desktop.ui.timeline_data import TimelineData
from desktop.ui.timeline_filter import TimelineFilter
from desktop.ui.timeline_model import TimelineModel
from desktop.ui.year_strip import YearStripModel


def load(store: Store) -> tuple[list[EventRecord], dict[ActorId, str]]:
    with store.session(write=False) as s:
        events = repo.list_events(s, include_hidden=True)
        names = {a.id: a.name for a in repo.list_actors(s)}
    return events, names


def event_titles(proxy: TimelineFilter) -> set[str]:
    views = (proxy.row_view(r) for r in range(proxy.rowCount()))
    return {v.title for v in views if v.kind == RowKind.EVENT}


def event(event_id: int, date: FuzzyDate | None, actors: tuple[int, ...] = ()) -> EventRecord:
    return EventRecord(
        id=EventId(event_id),
        date=date,
        date_text="",
        title=f"event {event_id}",
        actor_ids=tuple(ActorId(a) for a in actors),
        source_count=1,
        date_inferred=False,
    )


def test_timeline_models_pass_the_model_tester(
    qtmodeltester: ModelTester, sample_store: Store
) -> None:
    events, names = load(sample_store)
    model = TimelineModel()
    model.set_events(events, names)
    qtmodeltester.check(model)
    proxy = TimelineFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    some_actor = next(iter(names))
    proxy.set_actor_filter({some_actor}, match_all=False)
    qtmodeltester.check(proxy)
    proxy.set_search_rows(set())
    qtmodeltester.check(proxy)
    strip = YearStripModel()
    strip.set_counts(proxy.year_counts())
    qtmodeltester.check(strip)


def test_actor_models_pass_the_model_tester(
    qtmodeltester: ModelTester, sample_store: Store
) -> None:
    with sample_store.session(write=False) as s:
        actors = repo.list_actors(s)
    model = ActorModel()
    model.set_actors(actors)
    qtmodeltester.check(model)
    proxy = ActorSearchProxy()
    proxy.setSourceModel(model)
    proxy.set_search("dion")
    qtmodeltester.check(proxy)
    checklist = ActorChecklistModel(actors, (actors[0].id,))
    qtmodeltester.check(checklist)


def test_dates_show_at_their_precision_and_undated_comes_last(sample_store: Store) -> None:
    events, names = load(sample_store)
    model = TimelineModel()
    model.set_events(events, names)
    views = [model.row_view(r) for r in range(model.rowCount())]
    event_labels = [v.label for v in views if v.kind == RowKind.EVENT]
    assert "2014" in event_labels
    assert "Mar 2014" in event_labels
    assert "spring 2012" in event_labels
    assert "25 Jul 2016" in event_labels
    headers = [v.label for v in views if v.kind == RowKind.HEADER]
    assert headers == ["2012", "2014", "2016", "Undated"]
    assert views[-1].label == "Undated"
    # The roles say the same as the views the delegate reads.
    last = model.index(model.rowCount() - 1)
    assert last.data(ItemRole.DATE_LABEL) == "Undated"
    assert last.data(Qt.ItemDataRole.DisplayRole).startswith("Undated")
    year_only = next(e for e in events if e.date is not None and e.date.precision is Precision.YEAR)
    row = model.row_of(year_only.id)
    assert row is not None
    assert model.index(row).data(ItemRole.PRECISION) is Precision.YEAR
    assert model.index(row).data(ItemRole.DATE_LABEL) == "2014"


def test_the_merged_meeting_is_reported_by_two_sources(sample_store: Store) -> None:
    events, _ = load(sample_store)
    meeting = [
        e for e in events if e.date == FuzzyDate.of_day(__import__("datetime").date(2016, 7, 25))
    ]
    assert [e.source_count for e in meeting] == [2]


def test_grouping_sorts_out_of_order_events_and_keeps_undated_last() -> None:
    data = TimelineData.build(
        [
            event(3, None),
            event(1, FuzzyDate.of_year(2015), (7,)),
            event(2, FuzzyDate.of_month(2014, 3), (7, 8)),
        ]
    )
    assert [g.label for g in data.groups] == ["2014", "2015", "Undated"]
    assert [None if e is None else e.id for e in data.events] == [None, 2, None, 1, None, 3]
    any_rows = sorted(set(data.rows_of_actor[ActorId(7)]) | set(data.rows_of_actor[ActorId(8)]))
    shown = data.filtered_rows(any_rows, show_hidden=False)
    assert shown.rows == [0, 1, 2, 3]
    assert shown.group_sizes() == [1, 1]


def test_filter_any_and_all(sample_store: Store) -> None:
    events, names = load(sample_store)
    by_name = {n: a for a, n in names.items()}
    model = TimelineModel()
    model.set_events(events, names)
    proxy = TimelineFilter()
    proxy.setSourceModel(model)
    both = {by_name["Canada"], by_name["Stephen Harper"]}
    proxy.set_actor_filter(both, match_all=False)
    titles_any = event_titles(proxy)
    assert "Harper meets Putin at APEC" in titles_any
    assert "Canada imposes sanctions on Russia" in titles_any
    proxy.set_actor_filter(both, match_all=True)
    assert proxy.event_count() == 0
    proxy.set_actor_filter({by_name["Canada"], by_name["Russia"]}, match_all=True)
    titles_all = event_titles(proxy)
    assert titles_all == {"Canada imposes sanctions on Russia", "Dion meets Lavrov in Vientiane"}


def test_correction_dialog_dates_keep_their_precision() -> None:
    assert date_at(dt.date(2014, 3, 18), Precision.MONTH).label() == "Mar 2014"
    assert date_at(dt.date(2014, 3, 18), Precision.YEAR).label() == "2014"
    assert date_at(dt.date(2012, 4, 2), Precision.SEASON).label() == "spring 2012"
