"""Generate a synthetic store: 100,000 events over 60 years, 2,000 actors, bulk-inserted.

Usage: python benchmarks/make_big_store.py OUT.sqlite3 [--events N] [--actors N] [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import random
import sys
import time
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert

# Run as a script from a checkout: the repository root holds the `desktop` package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.dates import FuzzyDate, Season
from desktop.core.names import name_key
from desktop.core.records import ActorKind
from desktop.store import open_store
from desktop.store.repo import date_columns
from desktop.store.schema import (
    Actor,
    ActorAlias,
    Article,
    Event,
    EventActor,
    EventSource,
)

FIRST_YEAR = 1965
YEARS = 60
EVENTS_PER_ARTICLE = 20
FIRST = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jon"]
LAST = ["Abe", "Brandt", "Castro", "Dion", "Eriksen", "Fabius", "Gromyko", "Haas", "Ivanov", "Jung"]
VERBS = ["meets", "calls", "visits", "signs a treaty with", "condemns", "hosts", "talks with"]
OUTLETS = ["The Daily Record", "Wire Service", "The Evening Post", "Radio International"]


def actor_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    kinds = [ActorKind.PERSON] * 6 + [ActorKind.COUNTRY] * 2 + [ActorKind.ORGANISATION] * 2
    rows = []
    for i in range(1, count + 1):
        kind = kinds[i % len(kinds)]
        if kind is ActorKind.PERSON:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        elif kind is ActorKind.COUNTRY:
            name = f"Country {i}"
        else:
            name = f"Organisation {i}"
        rows.append({"id": i, "name": name, "kind": kind.value, "roles_json": []})
    return rows


def random_date(rng: random.Random) -> FuzzyDate | None:
    roll = rng.random()
    if roll < 0.02:
        return None
    day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(YEARS * 365))
    if roll < 0.72:
        return FuzzyDate.of_day(day)
    if roll < 0.87:
        return FuzzyDate.of_month(day.year, day.month)
    if roll < 0.97:
        return FuzzyDate.of_year(day.year)
    return FuzzyDate.of_season(day.year, rng.choice(list(Season)))


def build(path: Path, events: int, actors: int, seed: int) -> None:
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    store = open_store(path)
    people = actor_rows(actors, rng)
    names = {row["id"]: row["name"] for row in people}
    # Popularity is skewed, as in the news: a few actors take part in most events.
    cumulative = list(itertools.accumulate(1.0 / (i**0.8) for i in range(1, actors + 1)))
    actor_ids = list(range(1, actors + 1))

    articles: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    event_actors: list[dict[str, Any]] = []
    now = dt.datetime(2025, 1, 1)
    article_count = (events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE
    event_id = 0
    for article_id in range(1, article_count + 1):
        sentences: list[tuple[int, str, str, FuzzyDate | None, list[int]]] = []
        for _ in range(min(EVENTS_PER_ARTICLE, events - event_id)):
            event_id += 1
            date = random_date(rng)
            who = sorted(set(rng.choices(actor_ids, cum_weights=cumulative, k=rng.randint(1, 4))))
            phrase = "at some point" if date is None else f"in {date.label()}"
            a, b = names[who[0]], names[who[-1]]
            title = f"{a} {rng.choice(VERBS)} {b}" if len(who) > 1 else f"{a} speaks"
            sentences.append((event_id, f"{title} {phrase}.", phrase, date, who))
        text = ""
        for eid, sentence, phrase, date, who in sentences:
            start = len(text)
            text += sentence + "\n\n"
            phrase_start = start + sentence.index(phrase)
            key = hashlib.sha1(f"{eid}".encode()).hexdigest()
            event_rows.append(
                {
                    "id": eid,
                    "key": key,
                    "date_text": phrase,
                    "title": sentence.split(" in ")[0].split(" at some")[0],
                    "date_inferred": rng.random() < 0.03,
                    "source_count": 1,
                    "actor_list": ",".join(map(str, who)),
                    **date_columns(date),
                }
            )
            sources.append(
                {
                    "id": eid,
                    "event_id": eid,
                    "article_id": article_id,
                    "start": start,
                    "end": start + len(sentence),
                    "quote": sentence,
                    "phrase_start": phrase_start,
                    "phrase_end": phrase_start + len(phrase),
                    "event_key": key,
                    "actor_list": ",".join(map(str, who)),
                }
            )
            event_actors.extend({"event_id": eid, "actor_id": a} for a in who)
        published = FuzzyDate.of_year(FIRST_YEAR + YEARS - 1)
        articles.append(
            {
                "id": article_id,
                "path": f"/synthetic/article-{article_id:05d}.txt",
                "raw_text": text,
                "text": text,
                "title": f"Synthetic article {article_id}",
                "outlet": OUTLETS[article_id % len(OUTLETS)],
                "published_value": published.timex,
                "published_precision": published.precision.value,
                "published_inferred": False,
                "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                "imported_at": now,
                "updated_at": now,
            }
        )
    aliases = [
        {"actor_id": r["id"], "alias": r["name"], "key": name_key(r["name"])} for r in people
    ]
    with store.session() as s:
        # Core executemany: one prepared statement per table, no ORM unit of work.
        conn = s.connection()
        for model, rows in (
            (Article, articles),
            (Actor, people),
            (ActorAlias, aliases),
            (Event, event_rows),
            (EventSource, sources),
            (EventActor, event_actors),
        ):
            started = time.perf_counter()
            conn.execute(insert(cast(Table, model.__table__)), rows)
            took = time.perf_counter() - started
            print(f"  {model.__tablename__}: {len(rows)} rows in {took:.1f} s")
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    build(args.out, args.events, args.actors, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out}: {args.events} events, {args.actors} actors in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
