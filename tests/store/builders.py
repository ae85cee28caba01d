"""Small builders of importer output for store tests."""

from __future__ import annotations

import datetime as dt
import hashlib

from desktop.core.dates import FuzzyDate
from desktop.core.events import ActorRef, ArticleData, DerivedEvent, DerivedPassage, event_key
from desktop.core.names import name_key
from desktop.core.records import ActorKind, Role

DION = "Stéphane Dion"
LAVROV = "Sergei Lavrov"


def day(text: str) -> FuzzyDate:
    return FuzzyDate.of_day(dt.date.fromisoformat(text))


def article(
    text: str = "Dion met Lavrov on Monday.",
    path: str = "/news/a.txt",
    title: str = "Dion meets Lavrov",
    published: FuzzyDate | None = None,
    inferred: bool = False,
) -> ArticleData:
    return ArticleData(
        path=path,
        raw_text="Skip to main content\n\n" + text,
        text=text,
        title=title,
        outlet="The Globe and Mail",
        published=published if published is not None else day("2016-07-25"),
        published_inferred=inferred,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def actor(
    name: str,
    kind: ActorKind = ActorKind.PERSON,
    aliases: tuple[str, ...] = (),
    roles: tuple[Role, ...] = (),
) -> ActorRef:
    return ActorRef(key=name_key(name), name=name, kind=kind, aliases=aliases, roles=roles)


def actor_map(*refs: ActorRef) -> dict[str, ActorRef]:
    return {ref.key: ref for ref in refs}


def derived(
    quote: str,
    date: FuzzyDate | None,
    actors: tuple[ActorRef, ...] = (),
    start: int = 0,
    date_text: str = "Monday",
    title: str | None = None,
    inferred: bool = False,
) -> DerivedEvent:
    return DerivedEvent(
        key=event_key(quote, date_text),
        date=date,
        date_text=date_text,
        title=title if title is not None else quote.rstrip("."),
        actor_keys=tuple(ref.key for ref in actors),
        passage=DerivedPassage(start, start + len(quote), quote, start, start + len(date_text)),
        date_inferred=inferred,
    )
