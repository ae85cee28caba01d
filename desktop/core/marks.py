"""The user's marks beyond highlights: colour meanings (the palette) and notes on events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NewType

from desktop.core.dates import FuzzyDate
from desktop.core.records import EventId

EventNoteId = NewType("EventNoteId", int)


@dataclass(frozen=True, slots=True)
class Swatch:
    """A highlight colour (``#rrggbb``, what annotations store) and what the user means by it."""

    colour: str
    meaning: str


DEFAULT_PALETTE: tuple[Swatch, ...] = (
    Swatch("#f5c842", "claim"),
    Swatch("#f08a8a", "denial"),
    Swatch("#86cf8e", "date evidence"),
    Swatch("#8ab8f0", "question"),
)


def meaning_of(colour: str, palette: tuple[Swatch, ...] | list[Swatch]) -> str:
    """The meaning the palette gives ``colour``; the colour itself when it has none."""
    return next((s.meaning for s in palette if s.colour == colour), colour)


@dataclass(frozen=True, slots=True)
class EventNoteRecord:
    """A note on an event, with what the notes panel and briefings show of the event."""

    id: EventNoteId
    event_key: str
    event_id: EventId | None  # None: the event is gone from the store (kept, never dropped)
    event_title: str
    event_date: FuzzyDate | None
    note: str
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
