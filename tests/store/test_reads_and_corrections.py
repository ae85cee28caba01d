"""The window's reads (timeline order, hidden events) and the user's event corrections."""

from __future__ import annotations

import pytest

from desktop.core.dates import FuzzyDate, Season
from desktop.core.records import ActorKind, ArticleId, EventCorrection, EventId
from desktop.store import Store, repo

from .builders import DION, LAVROV, actor, actor_map, article, day, derived

dion, lavrov, canada = actor(DION), actor(LAVROV), actor("Canada", ActorKind.COUNTRY)
ACTORS = actor_map(dion, lavrov, canada)


def _import(store: Store, events: list[tuple[str, FuzzyDate | None]]) -> ArticleId:
    offset, derived_events = 0, []
    for quote, date in events:
        derived_events.append(derived(quote, date, (dion, canada), start=offset, date_text=quote))
        offset += len(quote) + 1
    with store.session() as s:
        article_id = repo.add_article(s, article(text=" ".join(q for q, _ in events)))
        repo.replace_article_events(s, article_id, derived_events, ACTORS)
    return article_id


def _by_title(store: Store) -> dict[str, EventId]:
    with store.session(write=False) as s:
        return {e.title: e.id for e in repo.list_events(s, include_hidden=True)}


def test_timeline_order_coarser_first_undated_last(store: Store) -> None:
    _import(
        store,
        [
            ("undated", None),
            ("day", day("2016-07-01")),
            ("year", FuzzyDate.of_year(2016)),
            ("month", FuzzyDate.of_month(2016, 7)),
            ("summer", FuzzyDate.of_season(2016, Season.SUMMER)),
            ("earlier", day("2012-09-08")),
            ("undated too", None),
        ],
    )
    with store.session(write=False) as s:
        titles = [e.title for e in repo.list_events(s)]
    assert titles == ["earlier", "year", "summer", "month", "day", "undated", "undated too"]


def test_hidden_events_are_filtered_unless_asked(store: Store) -> None:
    _import(store, [("a", day("2016-07-01")), ("b", day("2016-07-02"))])
    ids = _by_title(store)
    with store.session() as s:
        repo.set_correction(s, ids["a"], EventCorrection(hidden=True))
    with store.session(write=False) as s:
        assert [e.title for e in repo.list_events(s)] == ["b"]
        everything = repo.list_events(s, include_hidden=True)
        assert [(e.title, e.hidden) for e in everything] == [("a", True), ("b", False)]
        assert repo.counts(s).events == 1
        assert repo.get_event(s, ids["a"]).hidden


def test_corrections_apply_and_merge(store: Store) -> None:
    _import(store, [("a", day("2016-07-01")), ("b", day("2016-07-02"))])
    ids = _by_title(store)
    with store.session() as s:
        dion_id = repo.resolve_actor(s, dion)
        repo.set_correction(s, ids["b"], EventCorrection(date=FuzzyDate.of_year(2015)))
        repo.set_correction(s, ids["b"], EventCorrection(title="B, corrected"))
        repo.set_correction(s, ids["b"], EventCorrection(actor_ids=(dion_id,)))
    with store.session(write=False) as s:
        first, second = repo.list_events(s)
        assert repo.get_correction(s, ids["a"]) is None
        stored = repo.get_correction(s, ids["b"])
    assert (first.title, first.date, first.actor_ids, first.corrected) == (
        "B, corrected",
        FuzzyDate.of_year(2015),
        (dion_id,),
        True,
    )
    assert not second.corrected
    assert stored == EventCorrection(
        date=FuzzyDate.of_year(2015), title="B, corrected", actor_ids=(dion_id,)
    )


def test_clear_date_then_clear_correction(store: Store) -> None:
    _import(store, [("a", day("2016-07-01")), ("b", day("2016-07-02"))])
    ids = _by_title(store)
    with store.session() as s:
        repo.set_correction(s, ids["a"], EventCorrection(clear_date=True))
        assert [(e.title, e.date) for e in repo.list_events(s)] == [
            ("b", day("2016-07-02")),
            ("a", None),
        ]
        repo.clear_correction(s, ids["a"])
        assert [e.title for e in repo.list_events(s)] == ["a", "b"]
        assert repo.get_correction(s, ids["a"]) is None


def test_correction_with_unknown_actor_is_refused(store: Store) -> None:
    _import(store, [("a", day("2016-07-01"))])
    with pytest.raises(repo.NotFoundError), store.session() as s:
        repo.set_correction(s, _by_title(store)["a"], EventCorrection(actor_ids=(999,)))  # type: ignore[arg-type]


def test_sources_and_events_at_an_offset(store: Store) -> None:
    article_id = _import(store, [("first one", day("2016-07-01")), ("second", None)])
    ids = _by_title(store)
    with store.session(write=False) as s:
        (source,) = repo.event_sources(s, ids["first one"])
        assert (source.article_id, source.start, source.end, source.quote) == (
            article_id,
            0,
            9,
            "first one",
        )
        assert [e for e, _ in repo.article_sources(s, article_id)] == [
            ids["first one"],
            ids["second"],
        ]
        assert repo.events_at(s, article_id, 3) == [ids["first one"]]
        assert repo.events_at(s, article_id, 10) == [ids["second"]]
        assert repo.events_at(s, article_id, 9) == []  # the space between passages
        event = repo.get_event(s, ids["first one"])
    assert event.source_count == 1
    assert event.date == day("2016-07-01")
    with pytest.raises(repo.NotFoundError), store.session(write=False) as s:
        repo.get_event(s, EventId(12345))


def test_reimport_with_a_new_reading_refreshes_the_event(store: Store) -> None:
    quote = "Dion flew to Vienna on Monday."
    with store.session() as s:
        article_id = repo.add_article(s, article())
        monday = derived(quote, day("2016-05-16"), (dion,), inferred=True)
        repo.replace_article_events(s, article_id, [monday], ACTORS)
        (before,) = repo.list_events(s)
        later = derived(quote, day("2016-05-23"), (dion,))
        repo.replace_article_events(s, article_id, [later], ACTORS)
        (after,) = repo.list_events(s)
    assert after.id == before.id
    assert (after.date, after.date_inferred) == (day("2016-05-23"), False)


def test_two_passages_of_one_article_about_one_meeting_merge(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        passages = [
            derived("Dion met Lavrov on Monday.", day("2016-07-25"), (dion, lavrov)),
            derived("Lavrov told Dion on Monday.", day("2016-07-25"), (lavrov, dion), start=30),
        ]
        repo.replace_article_events(s, article_id, passages, ACTORS)
        (event,) = repo.list_events(s)
    assert event.source_count == 2
