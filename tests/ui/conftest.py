"""UI test fixtures: offscreen Qt, a fresh store per test, isolated settings."""

from __future__ import annotations

import os

# Before any Qt import: with no display and no platform chosen, Qt aborts the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.core.dates import FuzzyDate
from desktop.core.events import ActorRef, ArticleData, DerivedEvent, DerivedPassage, event_key
from desktop.core.names import name_key
from desktop.core.records import ActorKind, ArticleId
from desktop.store import Store, open_store, repo

DION = ActorRef(name_key("Stéphane Dion"), "Stéphane Dion", ActorKind.PERSON, ("Dion",))
LAVROV = ActorRef(name_key("Sergei Lavrov"), "Sergei Lavrov", ActorKind.PERSON)
HARPER = ActorRef(name_key("Stephen Harper"), "Stephen Harper", ActorKind.PERSON)
PUTIN = ActorRef(name_key("Vladimir Putin"), "Vladimir Putin", ActorKind.PERSON)
CANADA = ActorRef(name_key("Canada"), "Canada", ActorKind.COUNTRY)
RUSSIA = ActorRef(name_key("Russia"), "Russia", ActorKind.COUNTRY)
APEC = ActorRef(name_key("APEC"), "APEC", ActorKind.ORGANISATION)


@dataclass(frozen=True)
class Mention:
    sentence: str
    date_text: str
    date: FuzzyDate | None
    actors: tuple[ActorRef, ...]
    title: str


def day(text: str) -> FuzzyDate:
    return FuzzyDate.of_day(dt.date.fromisoformat(text))


def add_article(
    store: Store, path: str, outlet: str, published: FuzzyDate, title: str, mentions: list[Mention]
) -> ArticleId:
    """Store an article whose text is its mentions' sentences, with one event per mention."""
    text = "\n\n".join(m.sentence for m in mentions) + "\n\nThe end of the article."
    data = ArticleData(
        path=path,
        raw_text=text,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        published_inferred=False,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )
    events = []
    for m in mentions:
        start = text.index(m.sentence)
        phrase = start + m.sentence.index(m.date_text)
        passage = DerivedPassage(
            start, start + len(m.sentence), m.sentence, phrase, phrase + len(m.date_text)
        )
        events.append(
            DerivedEvent(
                event_key(m.sentence, m.date_text),
                m.date,
                m.date_text,
                m.title,
                tuple(a.key for a in m.actors),
                passage,
                False,
            )
        )
    actors = {a.key: a for m in mentions for a in m.actors}
    with store.session() as s:
        article_id = repo.add_article(s, data)
        repo.replace_article_events(s, article_id, events, actors)
    return article_id


# Filler before the Vientiane sentence so the passage starts below the first screen.
FILLER = " ".join(["Diplomats spoke at length about many things that day."] * 60)


def populate(store: Store) -> None:
    add_article(
        store,
        "/news/rci.txt",
        "Radio Canada International",
        day("2016-07-25"),
        "Dion meets Lavrov in Laos",
        [
            Mention(
                "Relations froze after Russia annexed Crimea in March 2014.",
                "March 2014",
                FuzzyDate.of_month(2014, 3),
                (RUSSIA,),
                "Russia annexes Crimea",
            ),
            Mention(
                "Canada imposed sanctions on Russia in 2014.",
                "2014",
                FuzzyDate.of_year(2014),
                (CANADA, RUSSIA),
                "Canada imposes sanctions on Russia",
            ),
            Mention(FILLER + " Nothing was dated here.", "Nothing", None, (), "Talks continue"),
            Mention(
                "Dion met Lavrov on July 25, 2016 in Vientiane.",
                "July 25, 2016",
                day("2016-07-25"),
                (DION, LAVROV, CANADA, RUSSIA),
                "Dion meets Lavrov in Vientiane",
            ),
        ],
    )
    add_article(
        store,
        "/news/cbc.txt",
        "CBC News",
        day("2016-07-25"),
        "Canada and Russia talk again",
        [
            Mention(
                "Dion and Lavrov met on Monday in Laos.",
                "Monday",
                day("2016-07-25"),
                (DION, LAVROV),
                "Dion and Lavrov meet in Laos",
            ),
        ],
    )
    add_article(
        store,
        "/news/macleans.txt",
        "Maclean's",
        day("2012-09-08"),
        "Harper meets Putin at APEC",
        [
            Mention(
                "Harper met Putin on September 8, 2012 at the APEC summit.",
                "September 8, 2012",
                day("2012-09-08"),
                (HARPER, PUTIN, APEC),
                "Harper meets Putin at APEC",
            ),
            Mention(
                "The summit had been planned since spring 2012.",
                "spring 2012",
                FuzzyDate.from_timex("2012-SP"),
                (APEC,),
                "APEC summit planned",
            ),
        ],
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform says so on every top-level show; it is not our warning.
    for item in items:
        if "tests/ui" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data" / "chancery.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def sample_store(store: Store) -> Store:
    populate(store)
    return store


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
