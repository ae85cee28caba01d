"""The importer's writes: articles, actor resolution, and merging passages into events."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from desktop.core.dates import FuzzyDate
from desktop.core.events import ActorRef, DerivedEvent
from desktop.core.records import ActorKind, ArticleId, EventCorrection, Role
from desktop.store import Store, repo
from desktop.store.schema import Article, Event, EventActor, EventSource

from .builders import DION, LAVROV, actor, actor_map, article, day, derived

dion = actor(DION, aliases=("Mr. Dion",))
lavrov = actor(LAVROV)
canada = actor("Canada", ActorKind.COUNTRY)
russia = actor("Russia", ActorKind.COUNTRY)
ACTORS = actor_map(dion, lavrov, canada, russia)

MEETING = "Dion met Lavrov in Vientiane on Monday."
TALKS = "Canada and Russia held talks in 2016."


def _events() -> list[DerivedEvent]:
    return [
        derived(MEETING, day("2016-07-25"), (dion, lavrov), start=0),
        derived(TALKS, FuzzyDate.of_year(2016), (canada, russia), start=40, date_text="2016"),
        derived("Relations have been frosty.", None, (canada,), start=80, date_text=""),
    ]


def _snapshot(store: Store) -> list[tuple[object, ...]]:
    with store.session(write=False) as s:
        return [(e.id, e.date, e.title, e.actor_ids, e.source_count) for e in repo.list_events(s)]


def test_add_find_and_update_article(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        assert repo.find_article_by_hash(s, article().content_hash) == article_id
        assert repo.find_article_by_path(s, "/news/a.txt") == article_id
        assert repo.find_article_by_hash(s, "0" * 64) is None
        assert repo.find_article_by_path(s, "/elsewhere.txt") is None

    changed = article(text="Dion met Lavrov on Monday in Laos.", title="Revised")
    with store.session() as s:
        repo.update_article(s, article_id, changed)
    with store.session(write=False) as s:
        record = repo.get_article(s, article_id)
        assert (record.title, record.text) == ("Revised", changed.text)
        assert record.content_hash == changed.content_hash
        assert record.published == day("2016-07-25")
        assert repo.find_article_by_hash(s, article().content_hash) is None
        assert [a.id for a in repo.list_articles(s)] == [article_id]


def test_update_published(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.update_published(s, article_id, FuzzyDate.of_month(2021, 1), inferred=True)
        record = repo.get_article(s, article_id)
    assert record.published == FuzzyDate.of_month(2021, 1)
    assert record.published_inferred


def test_same_content_twice_is_refused_by_the_database(store: Store) -> None:
    with pytest.raises(IntegrityError), store.session() as s:
        repo.add_article(s, article(path="/a.txt"))
        repo.add_article(s, article(path="/copy-of-a.txt"))


def test_resolve_actor_reuses_any_known_spelling(store: Store) -> None:
    with store.session() as s:
        first = repo.resolve_actor(s, dion)
        again = repo.resolve_actor(s, actor("Stephane Dion"))  # no accent: same key
        by_alias = repo.resolve_actor(s, actor("Dion", aliases=("Mr. Dion",)))
        other = repo.resolve_actor(s, lavrov)
    assert first == again == by_alias
    assert other != first


def test_resolve_actor_adds_roles_once(store: Store) -> None:
    role = Role("Minister of Foreign Affairs")
    with store.session() as s:
        actor_id = repo.resolve_actor(s, dion)
        repo.resolve_actor(s, actor(DION, roles=(role,)))
        repo.resolve_actor(s, actor(DION, roles=(role,)))
        (record,) = [a for a in repo.list_actors(s) if a.id == actor_id]
    assert record.roles == (role,)
    assert record.aliases == ("Mr. Dion",)


def test_replace_article_events_is_idempotent(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
    first = _snapshot(store)
    with store.session() as s:
        first_counts = repo.counts(s)
        repo.replace_article_events(s, article_id, _events(), ACTORS)
    assert _snapshot(store) == first
    with store.session(write=False) as s:
        assert repo.counts(s) == first_counts
        assert first_counts.events == 3 and first_counts.actors == 4
        assert s.scalar(select(func.count()).select_from(EventSource)) == 3


def test_changed_article_drops_stale_events_and_actor_links(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
        meeting_id = repo.list_events(s)[1].id
    only_dion = [derived(MEETING, day("2016-07-25"), (dion,), start=0)]
    with store.session() as s:
        repo.replace_article_events(s, article_id, only_dion, ACTORS)
        (event,) = repo.list_events(s)
        dion_id = repo.resolve_actor(s, dion)
    assert event.id == meeting_id
    assert event.actor_ids == (dion_id,)


def test_same_happening_merges_reports_from_two_articles(store: Store) -> None:
    with store.session() as s:
        rci = repo.add_article(s, article(path="/rci.txt"))
        cbc = repo.add_article(s, article(text="Another telling.", path="/cbc.txt"))
        repo.replace_article_events(
            s, rci, [derived(MEETING, day("2016-07-25"), (dion, lavrov, canada))], ACTORS
        )
        other_words = "Dion and Lavrov sat down in Laos on July 25."
        repo.replace_article_events(
            s,
            cbc,
            [derived(other_words, day("2016-07-25"), (dion, lavrov), date_text="July 25")],
            ACTORS,
        )
        (event,) = repo.list_events(s)
        sources = repo.event_sources(s, event.id)
    assert event.source_count == 2
    assert {src.article_id for src in sources} == {rci, cbc}
    assert len(event.actor_ids) == 3


@pytest.mark.parametrize(
    ("first", "date", "second"),
    [
        ((dion, lavrov), day("2016-07-26"), (dion, lavrov)),  # another day
        ((dion, canada, russia), day("2016-07-25"), (canada, russia)),  # no person shared
        ((dion, lavrov), day("2016-07-25"), (dion, canada)),  # one shared actor only
        ((dion, lavrov), FuzzyDate.of_month(2016, 7), (dion, lavrov)),  # not day-precise
    ],
)
def test_different_happenings_stay_apart(
    store: Store, first: tuple[ActorRef, ...], date: FuzzyDate, second: tuple[ActorRef, ...]
) -> None:
    with store.session() as s:
        a = repo.add_article(s, article(path="/a.txt"))
        b = repo.add_article(s, article(text="b", path="/b.txt"))
        repo.replace_article_events(s, a, [derived(MEETING, day("2016-07-25"), first)], ACTORS)
        repo.replace_article_events(
            s, b, [derived("Something else.", date, second, date_text="then")], ACTORS
        )
        assert repo.counts(s).events == 2


def test_shared_sentence_joins_the_event_with_its_key(store: Store) -> None:
    with store.session() as s:
        a = repo.add_article(s, article(path="/a.txt"))
        b = repo.add_article(s, article(text="syndicated", path="/b.txt"))
        talks = derived(TALKS, FuzzyDate.of_year(2016), (canada, russia), date_text="2016")
        repo.replace_article_events(s, a, [talks], ACTORS)
        repo.replace_article_events(s, b, [talks], ACTORS)
        (event,) = repo.list_events(s)
    assert event.source_count == 2


def test_corrections_survive_reimport(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
        meeting = next(e for e in repo.list_events(s) if e.date == day("2016-07-25"))
        repo.set_correction(s, meeting.id, EventCorrection(title="Dion–Lavrov meeting"))
    # The article vanishes and comes back: the event gets a new id, the correction follows.
    with store.session() as s:
        repo.delete_article(s, article_id)
        assert repo.counts(s).events == 0
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
    with store.session(write=False) as s:
        titles = {e.title: e.corrected for e in repo.list_events(s)}
    assert titles["Dion–Lavrov meeting"] is True
    assert sum(titles.values()) == 1


def test_unknown_actor_key_is_an_error(store: Store) -> None:
    with pytest.raises(ValueError, match="missing from the actor map"), store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), actor_map(dion))


def test_deleting_an_annotated_article_is_refused(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
        repo.add_annotation(s, article_id, 0, 4, "Dion", "", " met", "yellow")
    with pytest.raises(repo.ArticleInUseError, match="1 annotation"), store.session() as s:
        repo.delete_article(s, article_id)
    # The database itself refuses too, whatever code path tries.
    with pytest.raises(IntegrityError), store.session() as s:
        s.execute(delete(Article).where(Article.id == article_id))
    with store.session(write=False) as s:
        assert repo.counts(s).articles == 1
        assert len(repo.list_annotations(s, article_id)) == 1


def test_deleting_an_article_cascades_to_its_events(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        repo.replace_article_events(s, article_id, _events(), ACTORS)
        repo.delete_article(s, article_id)
        assert repo.counts(s).events == 0
        assert s.scalar(select(func.count()).select_from(EventActor)) == 0
        with pytest.raises(repo.NotFoundError):
            repo.delete_article(s, ArticleId(article_id))


def _assert_caches_match_links(store: Store) -> None:
    """events.source_count/actor_list and event_actors agree with the passages."""
    with store.session(write=False) as s:
        rows = s.execute(
            select(Event.id, Event.source_count, Event.actor_list, EventSource.actor_list).join(
                EventSource, EventSource.event_id == Event.id
            )
        ).all()
        links = {(e, a) for e, a in s.execute(select(EventActor.event_id, EventActor.actor_id))}
    expected_counts: dict[int, int] = {}
    expected_actors: dict[int, set[int]] = {}
    cached: dict[int, tuple[int, str]] = {}
    for event_id, count, event_actors, source_actors in rows:
        cached[event_id] = (count, event_actors)
        expected_counts[event_id] = expected_counts.get(event_id, 0) + 1
        ids = {int(a) for a in source_actors.split(",") if a}
        expected_actors.setdefault(event_id, set()).update(ids)
    for event_id, (count, event_actors) in cached.items():
        assert count == expected_counts[event_id]
        assert event_actors == ",".join(map(str, sorted(expected_actors[event_id])))
    assert links == {(e, a) for e, ids in expected_actors.items() for a in ids}


def test_cached_counts_and_links_follow_every_change(store: Store) -> None:
    with store.session() as s:
        rci = repo.add_article(s, article(path="/rci.txt"))
        cbc = repo.add_article(s, article(text="Another telling.", path="/cbc.txt"))
        repo.replace_article_events(s, rci, _events(), ACTORS)
        same_meeting = derived("Lavrov and Dion met.", day("2016-07-25"), (dion, lavrov, russia))
        repo.replace_article_events(s, cbc, [same_meeting], ACTORS)
    _assert_caches_match_links(store)
    with store.session() as s:
        repo.replace_article_events(s, rci, _events()[1:], ACTORS)  # the meeting left rci
        (meeting,) = [e for e in repo.list_events(s) if e.date == day("2016-07-25")]
        assert meeting.source_count == 1
        assert len(meeting.actor_ids) == 3
    _assert_caches_match_links(store)
    with store.session() as s:
        repo.merge_actors(s, repo.resolve_actor(s, canada), repo.resolve_actor(s, russia))
    _assert_caches_match_links(store)
    with store.session() as s:
        repo.delete_article(s, cbc)
    _assert_caches_match_links(store)
