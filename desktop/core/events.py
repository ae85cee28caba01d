"""What the importer derives from one article, and when two reports tell one happening."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from desktop.core.dates import FuzzyDate, Precision
from desktop.core.names import fold
from desktop.core.records import ActorKind, Role


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as the importer found it; ``key`` is its canonical name key."""

    key: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class DerivedPassage:
    start: int
    end: int
    quote: str
    phrase_start: int
    phrase_end: int


@dataclass(frozen=True, slots=True)
class DerivedEvent:
    """One dated (or undated) happening found in one sentence of one article."""

    key: str
    date: FuzzyDate | None
    date_text: str
    title: str
    actor_keys: tuple[str, ...]
    passage: DerivedPassage
    date_inferred: bool


@dataclass(frozen=True, slots=True)
class ArticleData:
    path: str
    raw_text: str
    text: str
    title: str
    outlet: str | None
    published: FuzzyDate | None
    published_inferred: bool
    content_hash: str  # hex SHA-256 of the file's bytes as imported


def event_key(quote: str, date_text: str) -> str:
    """A stable identity for a derived event: survives re-import of the same sentence."""
    normal = " ".join(fold(quote).split()) + "\x1f" + " ".join(fold(date_text).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def same_happening(
    date_a: FuzzyDate | None,
    actors_a: Collection[str],
    date_b: FuzzyDate | None,
    actors_b: Collection[str],
    people: Collection[str],
) -> bool:
    """Whether two reports tell the same happening.

    Only day-precise reports of the same day are merged, and only when they name at least
    two of the same actors, one of them a person: two articles that both mention Canada and
    Russia on one day are not thereby one event, but Dion meeting Lavrov on 25 July 2016 is.
    """
    if date_a is None or date_b is None or date_a != date_b:
        return False
    if date_a.precision is not Precision.DAY:
        return False
    shared = set(actors_a) & set(actors_b)
    return len(shared) >= 2 and any(key in people for key in shared)
