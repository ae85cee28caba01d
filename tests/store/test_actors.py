"""User edits of actors: rename, alias, merge; re-imports resolve to the user's actor."""

from __future__ import annotations

import pytest

from desktop.core.records import ActorKind, EventCorrection
from desktop.store import Store, repo

from .builders import DION, LAVROV, actor, actor_map, article, day, derived

dion, lavrov = actor(DION), actor(LAVROV)
stephane = actor("Stephane Dion Jr")  # a spelling the importer wrongly made a second actor
russia = actor("Russia", ActorKind.COUNTRY)
ACTORS = actor_map(dion, lavrov, stephane, russia)


def test_rename_keeps_the_old_name_as_an_alias(store: Store) -> None:
    with store.session() as s:
        dion_id = repo.resolve_actor(s, dion)
        repo.rename_actor(s, dion_id, "Stéphane Maurice Dion")
        assert repo.resolve_actor(s, dion) == dion_id
        assert repo.resolve_actor(s, actor("Stephane Maurice Dion")) == dion_id
        (record,) = repo.list_actors(s)
    assert record.name == "Stéphane Maurice Dion"
    assert DION in record.aliases


def test_add_alias_and_refuse_another_actors_name(store: Store) -> None:
    with store.session() as s:
        dion_id = repo.resolve_actor(s, dion)
        lavrov_id = repo.resolve_actor(s, lavrov)
        repo.add_alias(s, dion_id, "Mr. Dion")
        repo.add_alias(s, dion_id, "mr dion")  # same key: nothing to add
        assert repo.resolve_actor(s, actor("Mr Dion")) == dion_id
        with pytest.raises(ValueError, match=f"another actor \\({LAVROV}\\)"):
            repo.add_alias(s, dion_id, "Sergei Lavrov")
        with pytest.raises(ValueError, match="another actor"):
            repo.rename_actor(s, lavrov_id, "Mr Dion")
        with pytest.raises(ValueError, match="letter or digit"):
            repo.add_alias(s, dion_id, " – ")
        aliases = {a.id: a.aliases for a in repo.list_actors(s)}
    assert aliases[dion_id] == ("Mr. Dion",)


def test_merge_moves_aliases_events_and_corrections(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        events = [
            derived("Dion met Lavrov.", day("2016-07-25"), (dion, lavrov)),
            derived("Stephane Dion Jr met Lavrov too.", day("2016-07-26"), (stephane, lavrov)),
            derived("Both Dions and Russia.", None, (dion, stephane, russia), date_text=""),
        ]
        repo.replace_article_events(s, article_id, events, ACTORS)
        dion_id, jr_id, lavrov_id = (repo.resolve_actor(s, a) for a in (dion, stephane, lavrov))
        undated = repo.list_events(s)[-1]
        repo.set_correction(s, undated.id, EventCorrection(actor_ids=(jr_id, dion_id)))

        repo.merge_actors(s, keep=dion_id, drop=jr_id)

        assert repo.resolve_actor(s, stephane) == dion_id  # re-import finds the kept actor
        records = {a.id: a for a in repo.list_actors(s)}
        listed = repo.list_events(s)
        assert repo.get_correction(s, undated.id) == EventCorrection(actor_ids=(dion_id,))
        with pytest.raises(ValueError, match="itself"):
            repo.merge_actors(s, dion_id, dion_id)
        with pytest.raises(repo.NotFoundError):
            repo.merge_actors(s, dion_id, jr_id)

    assert jr_id not in records
    assert "Stephane Dion Jr" in records[dion_id].aliases
    assert records[dion_id].event_count == 3
    assert records[lavrov_id].event_count == 2
    assert [e.actor_ids for e in listed[:2]] == [
        tuple(sorted((dion_id, lavrov_id))),
        tuple(sorted((dion_id, lavrov_id))),
    ]
    assert listed[2].actor_ids == (dion_id,)  # the corrected list, deduplicated

    # Re-importing the article after the merge keeps one actor, not two.
    with store.session() as s:
        repo.replace_article_events(s, article_id, events, ACTORS)
        russia_id = repo.resolve_actor(s, russia)
        assert {a.id for a in repo.list_actors(s)} == {dion_id, lavrov_id, russia_id}
        assert [e.actor_ids for e in repo.list_events(s)][:2] == [e.actor_ids for e in listed[:2]]


def test_event_counts_ignore_hidden_events(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article())
        events = [
            derived("Dion met Lavrov.", day("2016-07-25"), (dion, lavrov)),
            derived("Dion spoke.", day("2016-07-26"), (dion,)),
        ]
        repo.replace_article_events(s, article_id, events, ACTORS)
        first = repo.list_events(s)[0]
        repo.set_correction(s, first.id, EventCorrection(hidden=True))
        counts = {a.name: a.event_count for a in repo.list_actors(s)}
    assert counts == {DION: 1, LAVROV: 0}
