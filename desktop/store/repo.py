"""Unit-of-work functions over the store: each takes the caller's Session and never commits."""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import pysqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop.core.dates import FuzzyDate, Precision
from desktop.core.events import ActorRef, ArticleData, DerivedEvent, same_happening
from desktop.core.names import name_key
from desktop.core.records import (
    ActorId,
    ActorKind,
    ActorRecord,
    AnnotationId,
    AnnotationRecord,
    ArticleId,
    ArticleRecord,
    Counts,
    EventCorrection,
    EventId,
    EventRecord,
    Role,
    SourceRecord,
)
from desktop.store.schema import (
    Actor,
    ActorAlias,
    Annotation,
    Article,
    Event,
    EventActor,
    EventCorrectionRow,
    EventSource,
    utcnow,
)

_DAY = Precision.DAY.value
# Timeline sort keys pack (first day, coarseness, id) into one int: sorting ints is fast.
_ID_BITS = 40
_UNDATED = (dt.date.max.toordinal() + 1) * 16 << _ID_BITS
_PERSON = ActorKind.PERSON.value


class NotFoundError(LookupError):
    """The id names no row (deleted meanwhile, or never there)."""


class ArticleInUseError(ValueError):
    """The article still has annotations, which must never be dropped silently."""


def _id_list(ids: Iterable[int]) -> str:
    """Actor ids as stored in the ``actor_list`` caches: sorted, comma-separated."""
    return ",".join(map(str, sorted(ids)))


def _in_json(column: Any, name: str) -> ColumnElement[bool]:
    """``column IN`` a JSON array bound as one parameter: a single cached statement for any
    number of values, where an expanding IN would be re-rendered on every call."""
    values = func.json_each(bindparam(name)).table_valued("value")
    return column.in_(select(values.c.value))  # type: ignore[no-any-return]


# -- prepared statements -----------------------------------------------------------------
# Built once: the importer runs these for every article, and building a statement costs
# more than executing it.
_INSERT_ARTICLE = insert(Article).returning(Article.id)
_ARTICLE_BY_HASH = select(Article.id).where(Article.content_hash == bindparam("hash"))
_ARTICLE_BY_PATH = (
    select(Article.id).where(Article.path == bindparam("path")).order_by(Article.id).limit(1)
)
_INSERT_ACTOR = insert(Actor).returning(Actor.id)
_ALIAS_OWNERS = (
    select(ActorAlias.key, ActorAlias.actor_id, Actor.kind, Actor.roles_json)
    .join(Actor, Actor.id == ActorAlias.actor_id)
    .where(_in_json(ActorAlias.key, "keys"))
)
_DELETE_SOURCES = (
    delete(EventSource)
    .where(EventSource.article_id == bindparam("article_id"))
    .returning(EventSource.event_id)
)
_EVENTS_BY_KEY = select(
    Event.id, Event.key, Event.date_value, Event.date_text, Event.title, Event.date_inferred
).where(_in_json(Event.key, "keys"))
_UPDATE_ROLES = (
    update(Actor).where(Actor.id == bindparam("b_id")).values(roles_json=bindparam("b_roles"))
)
_REFRESH_EVENT = update(Event).where(Event.id == bindparam("b_id"))
_SAME_DAY = (
    select(Event.id, Event.date_value, Event.date_start, EventActor.actor_id, Actor.kind)
    .join(EventActor, EventActor.event_id == Event.id)
    .join(Actor, Actor.id == EventActor.actor_id)
    .where(_in_json(Event.date_start, "days"), Event.date_precision == _DAY)
)
_INSERT_EVENTS = insert(Event).returning(Event.id, sort_by_parameter_order=True)
_DROP_ORPHANS = delete(Event).where(
    _in_json(Event.id, "ids"),
    ~exists().where(EventSource.event_id == Event.id),
)
_SOURCE_LINKS = select(EventSource.event_id, EventSource.actor_list).where(
    _in_json(EventSource.event_id, "ids")
)
_DELETE_EVENT_ACTORS = delete(EventActor).where(_in_json(EventActor.event_id, "ids"))
_UPDATE_EVENT_CACHE = (
    update(Event)
    .where(Event.id == bindparam("b_id"))
    .values(source_count=bindparam("b_count"), actor_list=bindparam("b_actors"))
)
_LIST_EVENTS = select(
    Event.id,
    Event.date_value,
    Event.date_text,
    Event.title,
    Event.date_inferred,
    Event.source_count,
    Event.actor_list,
)
# The timeline reads these through the driver's own cursor (see _event_records).
_LIST_EVENTS_SQL = str(_LIST_EVENTS.compile(dialect=pysqlite.dialect()))
_ONE_EVENT_SQL = str(
    _LIST_EVENTS.where(Event.id == bindparam("id")).compile(dialect=pysqlite.dialect())
)
_LIST_CORRECTIONS = select(
    Event.id,
    EventCorrectionRow.date_value,
    EventCorrectionRow.clear_date,
    EventCorrectionRow.title,
    EventCorrectionRow.actor_ids_json,
    EventCorrectionRow.hidden,
).join(Event, Event.key == EventCorrectionRow.event_key)


# -- dates -------------------------------------------------------------------------------


def date_columns(date: FuzzyDate | None) -> dict[str, Any]:
    """The events table's date columns for a date (all None when undated)."""
    if date is None:
        return {"date_value": None, "date_precision": None, "date_start": None, "date_end": None}
    return {
        "date_value": date.timex,
        "date_precision": date.precision.value,
        "date_start": date.start.toordinal(),
        "date_end": date.end.toordinal(),
    }


class _DateCache:
    """Parses each distinct TIMEX3 value once: a large timeline repeats few dates."""

    def __init__(self) -> None:
        self._seen: dict[str, FuzzyDate] = {}

    def __call__(self, value: str | None) -> FuzzyDate | None:
        if value is None:
            return None
        date = self._seen.get(value)
        if date is None:
            date = self._seen[value] = FuzzyDate.from_timex(value)
        return date


# -- articles ----------------------------------------------------------------------------


def _article_values(data: ArticleData) -> dict[str, Any]:
    published = data.published
    return {
        "path": data.path,
        "raw_text": data.raw_text,
        "text": data.text,
        "title": data.title,
        "outlet": data.outlet,
        "published_value": published.timex if published else None,
        "published_precision": published.precision.value if published else None,
        "published_inferred": data.published_inferred,
        "content_hash": data.content_hash,
    }


def find_article_by_hash(s: Session, content_hash: str) -> ArticleId | None:
    found = s.connection().execute(_ARTICLE_BY_HASH, {"hash": content_hash}).scalar()
    return None if found is None else ArticleId(found)


def content_hashes(s: Session) -> set[str]:
    """The SHA-256 of every stored article's file, for skipping unchanged files cheaply."""
    return set(s.scalars(select(Article.content_hash)))


def find_article_by_path(s: Session, path: str) -> ArticleId | None:
    found = s.connection().execute(_ARTICLE_BY_PATH, {"path": path}).scalar()
    return None if found is None else ArticleId(found)


def add_article(s: Session, data: ArticleData) -> ArticleId:
    now = utcnow()
    values = _article_values(data) | {"imported_at": now, "updated_at": now}
    return ArticleId(s.connection().execute(_INSERT_ARTICLE, values).scalar_one())


def update_article(s: Session, article_id: ArticleId, data: ArticleData) -> None:
    """A changed version of the same file: same id, so its annotations stay attached."""
    values = _article_values(data) | {"updated_at": utcnow()}
    _update_one(s, Article, article_id, values)


def update_published(
    s: Session, article_id: ArticleId, published: FuzzyDate | None, inferred: bool
) -> None:
    values = {
        "published_value": published.timex if published else None,
        "published_precision": published.precision.value if published else None,
        "published_inferred": inferred,
        "updated_at": utcnow(),
    }
    _update_one(s, Article, article_id, values)


def delete_article(s: Session, article_id: ArticleId) -> None:
    """Delete an article and the events only it evidences; refused while it has annotations."""
    annotated = s.scalar(select(func.count()).where(Annotation.article_id == article_id))
    if annotated:
        raise ArticleInUseError(
            f"article {article_id} has {annotated} annotation(s); delete them first"
        )
    conn = s.connection()
    old_events = set(conn.execute(_DELETE_SOURCES, {"article_id": article_id}).scalars())
    result = conn.execute(delete(Article).where(Article.id == article_id))
    if not result.rowcount:
        raise NotFoundError(f"no article {article_id}")
    _drop_orphan_events(conn, old_events)
    _refresh_event_links(conn, old_events)


def get_article(s: Session, article_id: ArticleId) -> ArticleRecord:
    row = s.execute(_article_query().where(Article.id == article_id)).one_or_none()
    if row is None:
        raise NotFoundError(f"no article {article_id}")
    return _article_record(row, _DateCache())


def list_articles(s: Session) -> list[ArticleRecord]:
    parse = _DateCache()
    return [_article_record(r, parse) for r in s.execute(_article_query().order_by(Article.id))]


def _article_query() -> Any:
    return select(
        Article.id,
        Article.path,
        Article.title,
        Article.outlet,
        Article.published_value,
        Article.published_inferred,
        Article.text,
        Article.content_hash,
    )


def _article_record(row: Any, parse: _DateCache) -> ArticleRecord:
    return ArticleRecord(
        id=ArticleId(row.id),
        path=row.path,
        title=row.title,
        outlet=row.outlet,
        published=parse(row.published_value),
        published_inferred=bool(row.published_inferred),
        text=row.text,
        content_hash=row.content_hash,
    )


# -- actors ------------------------------------------------------------------------------


def _role_json(role: Role) -> dict[str, Any]:
    return {
        "title": role.title,
        "start": role.start.isoformat() if role.start else None,
        "end": role.end.isoformat() if role.end else None,
    }


def _role(data: Mapping[str, Any]) -> Role:
    start, end = data.get("start"), data.get("end")
    return Role(
        title=str(data["title"]),
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
    )


# Every article names the same few actors again: fold each spelling once.
_name_key = lru_cache(maxsize=65536)(name_key)


def _spellings(ref: ActorRef) -> list[tuple[str, str]]:
    """(key, spelling) for every name of a ref, canonical key first, without repeats."""
    seen: dict[str, str] = {}
    for spelling in (ref.key, ref.name, *ref.aliases):
        key = _name_key(spelling)
        if key and key not in seen:
            seen[key] = spelling
    # The display name is the better spelling of its own key than the lower-case key.
    if own_key := _name_key(ref.name):
        seen[own_key] = ref.name
    return list(seen.items())


def resolve_actor(s: Session, ref: ActorRef) -> ActorId:
    """The actor any of the ref's names already belongs to (user merges included), or a new one."""
    return _resolve_actors(s, [ref])[0][0]


def _resolve_actors(s: Session, refs: Sequence[ActorRef]) -> tuple[list[ActorId], set[int]]:
    """The refs' actors, and which of them are people, creating the unknown ones."""
    conn = s.connection()
    spellings = [_spellings(ref) for ref in refs]
    wanted = list({key for names in spellings for key, _ in names})
    owner: dict[str, int] = {}
    people: set[int] = set()
    stored_roles: dict[int, list[dict[str, Any]]] = {}
    if wanted:
        rows = conn.execute(_ALIAS_OWNERS, {"keys": json.dumps(wanted)})
        for key, owner_id, kind, roles_json in rows:
            owner[key] = owner_id
            stored_roles[owner_id] = roles_json or []
            if kind == _PERSON:
                people.add(owner_id)

    resolved: list[ActorId] = []
    new_aliases: list[dict[str, Any]] = []
    roles_to_merge: dict[int, list[Role]] = defaultdict(list)
    for ref, names in zip(refs, spellings, strict=True):
        actor_id = next((owner[key] for key, _ in names if key in owner), None)
        if actor_id is None:
            values = {
                "name": ref.name,
                "kind": ref.kind.value,
                "roles_json": [_role_json(r) for r in ref.roles],
            }
            actor_id = conn.execute(_INSERT_ACTOR, values).scalar_one()
            if ref.kind is ActorKind.PERSON:
                people.add(actor_id)
        elif ref.roles:
            roles_to_merge[actor_id].extend(ref.roles)
        for key, spelling in names:
            if key not in owner:
                owner[key] = actor_id
                new_aliases.append({"actor_id": actor_id, "alias": spelling, "key": key})
        resolved.append(ActorId(actor_id))

    if new_aliases:
        conn.execute(insert(ActorAlias), new_aliases)
    if roles_to_merge:
        _merge_roles(conn, roles_to_merge, stored_roles)
    return resolved, people


def _merge_roles(
    conn: Connection,
    extra: Mapping[int, Sequence[Role]],
    stored: Mapping[int, list[dict[str, Any]]] | None = None,
) -> None:
    """Add roles an actor does not have yet (``stored``: its roles, if already read)."""
    if stored is None:
        query = select(Actor.id, Actor.roles_json).where(Actor.id.in_(extra))
        stored = {actor_id: roles or [] for actor_id, roles in conn.execute(query)}
    changes = []
    for actor_id, roles in extra.items():
        merged = list(stored.get(actor_id, []))
        for role in roles:
            encoded = _role_json(role)
            if encoded not in merged:
                merged.append(encoded)
        if len(merged) > len(stored.get(actor_id, [])):
            changes.append({"b_id": actor_id, "b_roles": merged})
    if changes:
        conn.execute(_UPDATE_ROLES, changes)


def list_actors(s: Session) -> list[ActorRecord]:
    """Every actor, with its other spellings and how many visible events it takes part in."""
    counts = _actor_event_counts(s)
    aliases: dict[int, list[str]] = defaultdict(list)
    names = {}
    actor_rows = list(s.execute(select(Actor.id, Actor.name, Actor.kind, Actor.roles_json)))
    for row in actor_rows:
        names[row.id] = row.name
    for actor_id, alias in s.execute(
        select(ActorAlias.actor_id, ActorAlias.alias).order_by(ActorAlias.id)
    ):
        if alias != names.get(actor_id):
            aliases[actor_id].append(alias)
    records = [
        ActorRecord(
            id=ActorId(row.id),
            name=row.name,
            kind=ActorKind(row.kind),
            aliases=tuple(aliases[row.id]),
            roles=tuple(_role(r) for r in row.roles_json or ()),
            event_count=counts.get(row.id, 0),
        )
        for row in actor_rows
    ]
    records.sort(key=lambda r: (r.name.casefold(), r.id))
    return records


def _actor_event_counts(s: Session) -> dict[int, int]:
    c = EventCorrectionRow
    # Count every derived link in one plain GROUP BY (SQLite does 250,000 links in
    # ~0.1 s; joining the corrections onto each link took ten times that)...
    counts: dict[int, int] = dict(
        s.execute(select(EventActor.actor_id, func.count()).group_by(EventActor.actor_id)).all()
    )
    # ...then settle the few corrected events: hidden ones do not count, and a corrected
    # actor list replaces the derived one.
    corrected = s.execute(
        select(Event.id, c.hidden, c.actor_ids_json)
        .join(c, c.event_key == Event.key)
        .where(or_(c.hidden.is_(True), c.actor_ids_json.is_not(None)))
    ).all()
    if not corrected:
        return counts
    derived: dict[int, list[int]] = defaultdict(list)
    for event_id, actor_id in s.execute(
        select(EventActor.event_id, EventActor.actor_id).where(
            EventActor.event_id.in_([row[0] for row in corrected])
        )
    ):
        derived[event_id].append(actor_id)
    for event_id, hidden, actor_ids in corrected:
        for actor_id in derived[event_id]:
            counts[actor_id] -= 1
        if not hidden:
            for actor_id in set(actor_ids or ()):
                counts[actor_id] = counts.get(actor_id, 0) + 1
    return counts


def rename_actor(s: Session, actor_id: ActorId, name: str) -> None:
    """Give an actor a new display name; the old one stays an alias, so re-imports still find it."""
    name = name.strip()
    key = name_key(name)
    if not key:
        raise ValueError("an actor's name needs at least one letter or digit")
    _require_actor(s, actor_id)
    _claim_alias(s, actor_id, name, key)
    s.execute(
        update(Actor).where(Actor.id == actor_id).values(name=name),
        execution_options={"synchronize_session": False},
    )


def add_alias(s: Session, actor_id: ActorId, alias: str) -> None:
    """Record another spelling of an actor (a no-op if it already has one with that key)."""
    alias = alias.strip()
    key = name_key(alias)
    if not key:
        raise ValueError("an alias needs at least one letter or digit")
    _require_actor(s, actor_id)
    _claim_alias(s, actor_id, alias, key)


def _claim_alias(s: Session, actor_id: ActorId, spelling: str, key: str) -> None:
    owner = s.scalar(select(ActorAlias.actor_id).where(ActorAlias.key == key))
    if owner is None:
        s.execute(insert(ActorAlias), [{"actor_id": actor_id, "alias": spelling, "key": key}])
    elif owner != actor_id:
        other = s.scalar(select(Actor.name).where(Actor.id == owner))
        raise ValueError(
            f"“{spelling}” already names another actor ({other}); merge the two actors instead"
        )


def merge_actors(s: Session, keep: ActorId, drop: ActorId) -> None:
    """Make ``drop`` part of ``keep``: its spellings, events and roles move over; it goes."""
    if keep == drop:
        raise ValueError("cannot merge an actor with itself")
    _require_actor(s, keep)
    _require_actor(s, drop)
    no_sync = {"synchronize_session": False}
    s.execute(
        update(ActorAlias).where(ActorAlias.actor_id == drop).values(actor_id=keep),
        execution_options=no_sync,
    )
    conn = s.connection()
    affected = set(
        conn.execute(select(EventActor.event_id).where(EventActor.actor_id == drop)).scalars()
    )
    rewritten = []
    for source_id, actor_list in conn.execute(
        select(EventSource.id, EventSource.actor_list).where(_in_json(EventSource.event_id, "ids")),
        {"ids": json.dumps(sorted(affected))},
    ):
        ids = {int(a) for a in actor_list.split(",") if a}
        if drop in ids:
            rewritten.append({"b_id": source_id, "b_actors": _id_list(ids - {drop} | {keep})})
    if rewritten:
        conn.execute(
            update(EventSource)
            .where(EventSource.id == bindparam("b_id"))
            .values(actor_list=bindparam("b_actors")),
            rewritten,
        )
    _refresh_event_links(conn, affected)
    drop_roles = s.scalar(select(Actor.roles_json).where(Actor.id == drop)) or []
    if drop_roles:
        _merge_roles(conn, {keep: [_role(r) for r in drop_roles]})
    c = EventCorrectionRow
    for key, actor_ids in s.execute(
        select(c.event_key, c.actor_ids_json).where(c.actor_ids_json.is_not(None))
    ):
        if actor_ids and drop in actor_ids:
            merged = list(dict.fromkeys(keep if a == drop else a for a in actor_ids))
            s.execute(
                update(c).where(c.event_key == key).values(actor_ids_json=merged),
                execution_options=no_sync,
            )
    s.execute(delete(Actor).where(Actor.id == drop), execution_options=no_sync)


def _require_actor(s: Session, actor_id: ActorId) -> None:
    if s.scalar(select(Actor.id).where(Actor.id == actor_id)) is None:
        raise NotFoundError(f"no actor {actor_id}")


# -- importing events --------------------------------------------------------------------


@dataclass(slots=True, eq=False)  # identity: two new events may look alike
class _Target:
    """The event a derived passage goes to: an existing row or one to create."""

    event_id: int | None
    date: FuzzyDate | None
    actors: set[int] = field(default_factory=set)
    derived: DerivedEvent | None = None  # set for events to create


def replace_article_events(
    s: Session,
    article_id: ArticleId,
    events: Sequence[DerivedEvent],
    actors: Mapping[str, ActorRef],
) -> None:
    """Make ``events`` the article's passages, merging each into the event it reports.

    A passage joins the event with its key, else a same-day event that
    :func:`same_happening` says is the same, else a new event. Events left with no passage
    are deleted only at the end, so re-importing an unchanged article keeps every event id.
    """
    conn = s.connection()
    old_events = set(conn.execute(_DELETE_SOURCES, {"article_id": article_id}).scalars())

    actor_keys = list(dict.fromkeys(k for ev in events for k in ev.actor_keys))
    missing = [k for k in actor_keys if k not in actors]
    if missing:
        raise ValueError(f"events name actors missing from the actor map: {missing}")
    resolved, people = _resolve_actors(s, [actors[k] for k in actor_keys])
    actor_of = dict(zip(actor_keys, resolved, strict=True))
    targets = _assign_targets(conn, events, actor_of, people)

    # A new event's passages and actors all come from this batch: its links and cached
    # counts are known here, with no need to read them back.
    passages = Counter(targets)
    stored = old_events | {t.event_id for t in passages if t.event_id is not None}
    to_create = [t for t in passages if t.event_id is None]
    new_links: list[dict[str, int]] = []
    if to_create:
        rows = []
        for target in to_create:
            derived = target.derived
            assert derived is not None
            rows.append(
                _event_values(derived)
                | {
                    "key": derived.key,
                    "source_count": passages[target],
                    "actor_list": _id_list(target.actors),
                }
            )
        new_ids = conn.execute(_INSERT_EVENTS, rows).scalars().all()
        for target, new_id in zip(to_create, new_ids, strict=True):
            target.event_id = new_id
            new_links.extend({"event_id": new_id, "actor_id": a} for a in target.actors)

    if events:
        source_rows = [
            {
                "event_id": target.event_id,
                "article_id": article_id,
                "start": ev.passage.start,
                "end": ev.passage.end,
                "quote": ev.passage.quote,
                "phrase_start": ev.passage.phrase_start,
                "phrase_end": ev.passage.phrase_end,
                "event_key": ev.key,
                "actor_list": _id_list({actor_of[k] for k in ev.actor_keys}),
            }
            for ev, target in zip(events, targets, strict=True)
        ]
        conn.execute(insert(EventSource), source_rows)

    _drop_orphan_events(conn, old_events)
    _refresh_event_links(conn, stored, new_links)


def _event_values(ev: DerivedEvent) -> dict[str, Any]:
    return date_columns(ev.date) | {
        "date_text": ev.date_text,
        "title": ev.title,
        "date_inferred": ev.date_inferred,
    }


def _day_of(date: FuzzyDate | None) -> int | None:
    """The day ordinal of a day-precise date: only those can be merged across reports."""
    if date is None or date.precision is not Precision.DAY:
        return None
    return date.start.toordinal()


def _assign_targets(
    conn: Connection,
    events: Sequence[DerivedEvent],
    actor_of: Mapping[str, int],
    people: set[int],
) -> list[_Target]:
    """For each derived event, the event it belongs to (batched reads, no per-event query)."""
    parse = _DateCache()
    by_key: dict[str, _Target] = {}
    keys = list(dict.fromkeys(ev.key for ev in events))
    refresh = []
    if keys:
        derived_by_key = {ev.key: ev for ev in events}
        for event_id, key, *stored in conn.execute(_EVENTS_BY_KEY, {"keys": json.dumps(keys)}):
            ev = derived_by_key[key]
            by_key[key] = _Target(event_id, ev.date)
            # The same sentence re-derived: its latest reading (e.g. a corrected
            # publication date moving "yesterday") replaces the stored one.
            fresh = [ev.date.timex if ev.date else None, ev.date_text, ev.title, ev.date_inferred]
            if stored != fresh:
                refresh.append({"b_id": event_id} | _event_values(ev))
    if refresh:
        conn.execute(_REFRESH_EVENT, refresh)

    # Candidates for same_happening: stored day-precise events on the days we report.
    days = list({day for ev in events if ev.key not in by_key if (day := _day_of(ev.date))})
    same_day: dict[int, list[_Target]] = defaultdict(list)
    if days:
        stored_targets: dict[int, _Target] = {}
        for event_id, value, start, actor_id, kind in conn.execute(
            _SAME_DAY, {"days": json.dumps(days)}
        ):
            target = stored_targets.get(event_id)
            if target is None:
                assert start is not None  # selected by day
                target = stored_targets[event_id] = _Target(event_id, parse(value))
                same_day[start].append(target)
            target.actors.add(actor_id)
            if kind == _PERSON:
                people.add(actor_id)

    # Actor ids stand in for name keys: every alias key of an actor names that one actor,
    # and counting shared actors (not shared spellings) is what same_happening means.
    person_names = {str(a) for a in people}
    targets = []
    for ev in events:
        ids = {actor_of[k] for k in ev.actor_keys}
        target = by_key.get(ev.key)
        day = _day_of(ev.date)
        if target is None and day is not None:
            names = {str(a) for a in ids}
            target = next(
                (
                    t
                    for t in same_day[day]
                    if same_happening(
                        ev.date, names, t.date, {str(a) for a in t.actors}, person_names
                    )
                ),
                None,
            )
        if target is None:
            target = _Target(None, ev.date, derived=ev)
            if day is not None:
                same_day[day].append(target)
        by_key.setdefault(ev.key, target)
        target.actors |= ids
        targets.append(target)
    return targets


def _drop_orphan_events(conn: Connection, event_ids: Iterable[int]) -> None:
    ids = list(event_ids)
    if ids:
        conn.execute(_DROP_ORPHANS, {"ids": json.dumps(ids)})


def _refresh_event_links(
    conn: Connection, event_ids: Iterable[int], new_links: Sequence[Mapping[str, int]] = ()
) -> None:
    """Rebuild these stored events' actor links and cached counts from their passages.

    ``new_links`` (event_actors rows of events created in this unit of work) ride along in
    the same INSERT.
    """
    ids = json.dumps(sorted(set(event_ids)))
    links = list(new_links)
    caches = []
    if ids != "[]":
        sources: dict[int, int] = defaultdict(int)
        actors: dict[int, set[int]] = defaultdict(set)
        for event_id, actor_list in conn.execute(_SOURCE_LINKS, {"ids": ids}):
            sources[event_id] += 1
            actors[event_id].update(int(a) for a in actor_list.split(",") if a)
        conn.execute(_DELETE_EVENT_ACTORS, {"ids": ids})
        links.extend({"event_id": e, "actor_id": a} for e, linked in actors.items() for a in linked)
        caches = [
            {"b_id": event_id, "b_count": count, "b_actors": _id_list(actors[event_id])}
            for event_id, count in sources.items()
        ]
    if links:
        conn.execute(insert(EventActor), links)
    if caches:
        conn.execute(_UPDATE_EVENT_CACHE, caches)


# -- reading events ----------------------------------------------------------------------


def _not_hidden() -> ColumnElement[bool]:
    return func.coalesce(EventCorrectionRow.hidden, false()).is_(false())


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building 100,000 records would set off a dozen full collections for no garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _event_records(
    conn: Connection, event_id: EventId | None, include_hidden: bool
) -> list[EventRecord]:
    """Events (one, or all) with corrections applied, in timeline order.

    The timeline's hot path (100,000 events): rows straight from the driver's cursor,
    caches for the few distinct dates and actor lists, and one integer per event to sort on.
    """
    corrections = _LIST_CORRECTIONS
    if event_id is not None:
        corrections = corrections.where(Event.id == event_id)
    # Corrections are few: a dict beats joining them onto every row.
    corrected = {row[0]: row[1:] for row in conn.execute(corrections)}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if event_id is None:
        cursor.execute(_LIST_EVENTS_SQL)
    else:
        cursor.execute(_ONE_EVENT_SQL, (event_id,))
    dates: dict[str | None, tuple[FuzzyDate | None, int]] = {None: (None, _UNDATED)}
    actor_lists: dict[str, tuple[ActorId, ...]] = {"": ()}
    keyed: list[tuple[int, EventRecord]] = []
    append = keyed.append
    with _gc_paused():
        for id_, value, date_text, title, inferred, count, actor_list in cursor:
            actor_ids = actor_lists.get(actor_list)
            if actor_ids is None:
                ids = tuple(map(int, actor_list.split(",")))
                actor_ids = actor_lists[actor_list] = cast(tuple[ActorId, ...], ids)
            hidden = corrected_ = False
            # Most stores have no correction at all: then not even a lookup per event.
            if corrected and (correction := corrected.get(id_)) is not None:
                corrected_ = True
                c_value, c_clear, c_title, c_actors, c_hidden = correction
                hidden = bool(c_hidden)
                if hidden and not include_hidden:
                    continue
                if c_clear:
                    value, inferred = None, False
                elif c_value is not None:
                    value, inferred = c_value, False
                if c_title is not None:
                    title = c_title
                if c_actors is not None:
                    actor_ids = tuple(ActorId(a) for a in c_actors)
            known = dates.get(value)
            if known is None:
                date = FuzzyDate.from_timex(value)
                start, coarseness = date.sort_key
                known = dates[value] = (date, (start * 16 + coarseness + 8) << _ID_BITS)
            # id_ comes untyped from the driver: it is the EventId.
            record = EventRecord(
                id_, known[0], date_text, title, actor_ids, count, inferred == 1, hidden, corrected_
            )
            append((known[1] | id_, record))
        cursor.close()
        keyed.sort(key=itemgetter(0))
        return [record for _, record in keyed]


def list_events(s: Session, include_hidden: bool = False) -> list[EventRecord]:
    """All events as the user sees them, in timeline order; undated ones last."""
    return _event_records(s.connection(), None, include_hidden)


def get_event(s: Session, event_id: EventId) -> EventRecord:
    found = _event_records(s.connection(), event_id, include_hidden=True)
    if not found:
        raise NotFoundError(f"no event {event_id}")
    return found[0]


def _source_query() -> Any:
    return select(
        EventSource.event_id,
        EventSource.article_id,
        EventSource.start,
        EventSource.end,
        EventSource.quote,
        EventSource.phrase_start,
        EventSource.phrase_end,
    )


def _source_record(row: Any) -> SourceRecord:
    return SourceRecord(
        article_id=ArticleId(row.article_id),
        start=row.start,
        end=row.end,
        quote=row.quote,
        phrase_start=row.phrase_start,
        phrase_end=row.phrase_end,
    )


def event_sources(s: Session, event_id: EventId) -> list[SourceRecord]:
    query = (
        _source_query()
        .where(EventSource.event_id == event_id)
        .order_by(EventSource.article_id, EventSource.start, EventSource.id)
    )
    return [_source_record(row) for row in s.execute(query)]


def _article_source_query(article_id: ArticleId, include_hidden: bool) -> Any:
    query = _source_query().where(EventSource.article_id == article_id)
    if not include_hidden:
        query = (
            query.join(Event, Event.id == EventSource.event_id)
            .outerjoin(EventCorrectionRow, EventCorrectionRow.event_key == Event.key)
            .where(_not_hidden())
        )
    return query.order_by(EventSource.start, EventSource.id)


def article_sources(
    s: Session, article_id: ArticleId, include_hidden: bool = False
) -> list[tuple[EventId, SourceRecord]]:
    """The article's passages in text order, each with its event."""
    rows = s.execute(_article_source_query(article_id, include_hidden))
    return [(EventId(row.event_id), _source_record(row)) for row in rows]


def events_at(
    s: Session, article_id: ArticleId, offset: int, include_hidden: bool = False
) -> list[EventId]:
    """The events whose passages in this article cover character ``offset`` (start <= o < end)."""
    query = _article_source_query(article_id, include_hidden).where(
        EventSource.start <= offset, EventSource.end > offset
    )
    return list(dict.fromkeys(EventId(row.event_id) for row in s.execute(query)))


def article_titles(s: Session) -> dict[ArticleId, str]:
    """Every article's title, without reading the texts."""
    return {ArticleId(i): t for i, t in s.execute(select(Article.id, Article.title))}


def article_texts(s: Session) -> dict[ArticleId, str]:
    """Every article's cleaned text, in one query (for searching)."""
    return {ArticleId(i): t for i, t in s.execute(select(Article.id, Article.text))}


def events_by_article(s: Session) -> dict[ArticleId, list[EventId]]:
    """The events each article evidences, hidden ones included, in one query."""
    found: dict[ArticleId, list[EventId]] = defaultdict(list)
    rows = s.execute(select(EventSource.article_id, EventSource.event_id).distinct())
    for article_id, event_id in rows:
        found[ArticleId(article_id)].append(EventId(event_id))
    return dict(found)


def count_articles(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Article)) or 0


def counts(s: Session) -> Counts:
    """Articles, visible (not hidden) events and actors."""
    events = s.scalar(
        select(func.count())
        .select_from(Event)
        .outerjoin(EventCorrectionRow, EventCorrectionRow.event_key == Event.key)
        .where(_not_hidden())
    )
    return Counts(
        articles=s.scalar(select(func.count()).select_from(Article)) or 0,
        events=events or 0,
        actors=s.scalar(select(func.count()).select_from(Actor)) or 0,
    )


# -- corrections -------------------------------------------------------------------------


def _event_key(s: Session, event_id: EventId) -> str:
    key = s.scalar(select(Event.key).where(Event.id == event_id))
    if key is None:
        raise NotFoundError(f"no event {event_id}")
    return key


def set_correction(s: Session, event_id: EventId, correction: EventCorrection) -> None:
    """Merge ``correction`` into the event's stored one: its ``None`` fields change nothing."""
    key = _event_key(s, event_id)
    if correction.actor_ids is not None:
        wanted = set(correction.actor_ids)
        known = set(s.scalars(select(Actor.id).where(Actor.id.in_(wanted))))
        if wanted - known:
            raise NotFoundError(f"no actor(s) {sorted(wanted - known)}")
    c = EventCorrectionRow
    values: dict[str, Any] = {"updated_at": utcnow()}
    if correction.clear_date:
        values |= {"date_value": None, "date_precision": None, "clear_date": True}
    elif correction.date is not None:
        values |= {
            "date_value": correction.date.timex,
            "date_precision": correction.date.precision.value,
            "clear_date": False,
        }
    if correction.title is not None:
        values["title"] = correction.title
    if correction.actor_ids is not None:
        values["actor_ids_json"] = list(dict.fromkeys(correction.actor_ids))
    if correction.hidden is not None:
        values["hidden"] = correction.hidden
    # Core statements, not ORM objects: no identity map to go stale behind later updates.
    conn = s.connection()
    if not conn.execute(update(c).where(c.event_key == key).values(values)).rowcount:
        conn.execute(insert(c).values({"event_key": key, "clear_date": False} | values))


def get_correction(s: Session, event_id: EventId) -> EventCorrection | None:
    c = EventCorrectionRow
    row = s.execute(
        select(c.date_value, c.title, c.actor_ids_json, c.hidden, c.clear_date).where(
            c.event_key == _event_key(s, event_id)
        )
    ).one_or_none()
    if row is None:
        return None
    date_value, title, actor_ids, hidden, clear_date = row
    return EventCorrection(
        date=FuzzyDate.from_timex(date_value) if date_value else None,
        title=title,
        actor_ids=None if actor_ids is None else tuple(ActorId(a) for a in actor_ids),
        hidden=hidden,
        clear_date=bool(clear_date),
    )


def clear_correction(s: Session, event_id: EventId) -> None:
    """Back to the importer's values for this event."""
    key = _event_key(s, event_id)
    s.execute(
        delete(EventCorrectionRow).where(EventCorrectionRow.event_key == key),
        execution_options={"synchronize_session": False},
    )


# -- annotations -------------------------------------------------------------------------


def add_annotation(
    s: Session,
    article_id: ArticleId,
    start: int,
    end: int,
    quote: str,
    prefix: str,
    suffix: str,
    colour: str,
    note: str = "",
    tags: Sequence[str] = (),
) -> AnnotationId:
    if not 0 <= start <= end:
        raise ValueError(f"bad annotation span {start}..{end}")
    now = utcnow()
    values = {
        "article_id": article_id,
        "start": start,
        "end": end,
        "quote": quote,
        "prefix": prefix,
        "suffix": suffix,
        "colour": colour,
        "note": note,
        "tags_json": list(tags),
        "created_at": now,
        "updated_at": now,
        "orphaned": False,
    }
    new_id = s.connection().execute(insert(Annotation).returning(Annotation.id), values)
    return AnnotationId(new_id.scalar_one())


def update_annotation(
    s: Session,
    annotation_id: AnnotationId,
    *,
    colour: str | None = None,
    note: str | None = None,
    tags: Sequence[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
    orphaned: bool | None = None,
) -> None:
    """Change the given fields; ``None`` leaves a field as it is."""
    given = {
        "colour": colour,
        "note": note,
        "tags_json": None if tags is None else list(tags),
        "start": start,
        "end": end,
        "quote": quote,
        "prefix": prefix,
        "suffix": suffix,
        "orphaned": orphaned,
    }
    values = {name: value for name, value in given.items() if value is not None}
    _update_one(s, Annotation, annotation_id, values | {"updated_at": utcnow()})


def delete_annotation(s: Session, annotation_id: AnnotationId) -> None:
    result = s.execute(
        delete(Annotation).where(Annotation.id == annotation_id),
        execution_options={"synchronize_session": False},
    )
    if not _rowcount(result):
        raise NotFoundError(f"no annotation {annotation_id}")


ANNOTATION_COLUMNS = (
    Annotation.id,
    Annotation.article_id,
    Annotation.start,
    Annotation.end,
    Annotation.quote,
    Annotation.prefix,
    Annotation.suffix,
    Annotation.colour,
    Annotation.note,
    Annotation.tags_json,
    Annotation.created_at,
    Annotation.updated_at,
    Annotation.orphaned,
)


def annotation_record(row: Any) -> AnnotationRecord:
    """An annotation from a row of ANNOTATION_COLUMNS; times are UTC, made aware."""
    return AnnotationRecord(
        id=AnnotationId(row.id),
        article_id=ArticleId(row.article_id),
        start=row.start,
        end=row.end,
        quote=row.quote,
        prefix=row.prefix,
        suffix=row.suffix,
        colour=row.colour,
        note=row.note,
        tags=tuple(row.tags_json or ()),
        created=aware_utc(row.created_at),
        updated=aware_utc(row.updated_at),
        orphaned=bool(row.orphaned),
    )


def list_annotations(s: Session, article_id: ArticleId | None = None) -> list[AnnotationRecord]:
    query = select(*ANNOTATION_COLUMNS).order_by(
        Annotation.article_id, Annotation.start, Annotation.id
    )
    if article_id is not None:
        query = query.where(Annotation.article_id == article_id)
    return [annotation_record(row) for row in s.execute(query)]


# -- helpers -----------------------------------------------------------------------------


def aware_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A time the store keeps as naive UTC, made aware."""
    return None if value is None else value.replace(tzinfo=dt.UTC)


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


def _update_one(s: Session, model: Any, row_id: int, values: Mapping[str, Any]) -> None:
    result = s.execute(
        update(model).where(model.id == row_id).values(**values),
        execution_options={"synchronize_session": False},
    )
    if not _rowcount(result):
        raise NotFoundError(f"no {model.__tablename__} row {row_id}")
