"""Small frozen values the UI and the command line see instead of database rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple, NewType

from desktop.core.dates import FuzzyDate

ArticleId = NewType("ArticleId", int)
EventId = NewType("EventId", int)
ActorId = NewType("ActorId", int)
AnnotationId = NewType("AnnotationId", int)


class ActorKind(Enum):
    PERSON = "person"
    COUNTRY = "country"
    ORGANISATION = "organisation"
    GROUP = "group"

    @property
    def plural_label(self) -> str:
        return {
            "person": "People",
            "country": "Countries",
            "organisation": "Organisations",
            "group": "Groups",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Role:
    """An office an actor held, e.g. Canada's foreign minister from 2015-11-04 to 2017-01-10."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: ArticleId
    path: str
    title: str
    outlet: str | None
    published: FuzzyDate | None
    published_inferred: bool
    text: str  # cleaned text: what events and annotations point into
    content_hash: str


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One passage evidencing an event: a character span into the article's cleaned text."""

    article_id: ArticleId
    start: int
    end: int
    quote: str
    phrase_start: int  # the date phrase inside the article text, for highlighting
    phrase_end: int


class EventRecord(NamedTuple):
    """An event as the user sees it: importer-derived values with user corrections applied.

    A NamedTuple rather than a frozen dataclass: the timeline builds 100,000 of these on
    open, and a tuple is built four times faster than a frozen dataclass sets its fields.
    """

    id: EventId
    date: FuzzyDate | None  # None: undated
    date_text: str
    title: str
    actor_ids: tuple[ActorId, ...]
    source_count: int
    date_inferred: bool  # the date rests on an inferred publication date
    hidden: bool = False
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: ActorId
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    event_count: int = 0


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    events: int
    actors: int


@dataclass(frozen=True, slots=True)
class EventCorrection:
    """What the user changed on an event; ``None`` fields leave the derived value alone."""

    date: FuzzyDate | None = None
    title: str | None = None
    actor_ids: tuple[ActorId, ...] | None = None
    hidden: bool | None = None
    clear_date: bool = False  # the user says the event has no date


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    id: AnnotationId
    article_id: ArticleId
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    colour: str
    note: str
    tags: tuple[str, ...] = field(default=())
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    orphaned: bool = False
