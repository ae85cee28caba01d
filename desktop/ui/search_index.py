"""Which events come from articles whose text contains a phrase (plain Python, no Qt)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.core.names import fold
from desktop.core.records import ArticleId, EventId


class ArticleSearch:
    """Folded article texts and the events each article evidences, built once per reload."""

    def __init__(
        self, texts: Mapping[ArticleId, str], events: Mapping[ArticleId, Iterable[EventId]]
    ) -> None:
        self._texts = {a: fold(t) for a, t in texts.items()}
        self._events = {a: tuple(e) for a, e in events.items()}

    def event_ids(self, needle: str) -> set[EventId]:
        key = fold(needle.strip())
        found: set[EventId] = set()
        if not key:
            return found
        for article, text in self._texts.items():
            if key in text:
                found.update(self._events.get(article, ()))
        return found
