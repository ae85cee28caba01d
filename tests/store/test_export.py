"""Exports: the JSON shape and the CSV's header and formula neutralisation."""

from __future__ import annotations

import csv
import io
import json

from desktop.core.dates import FuzzyDate
from desktop.core.records import ActorKind, EventCorrection
from desktop.store import Store, repo
from desktop.store.export import CSV_HEADER, export_csv, export_json

from .builders import DION, LAVROV, actor, actor_map, article, day, derived

dion, lavrov = actor(DION, aliases=("Mr. Dion",)), actor(LAVROV)
canada = actor("Canada", ActorKind.COUNTRY)
ACTORS = actor_map(dion, lavrov, canada)


def _fill(store: Store) -> None:
    with store.session() as s:
        article_id = repo.add_article(s, article(published=FuzzyDate.of_month(2021, 1)))
        events = [
            derived("Dion met Lavrov.", day("2016-07-25"), (dion, lavrov), date_text="July 25"),
            derived("=HYPERLINK(evil)", FuzzyDate.of_year(2016), (canada,), 20, "2016"),
            derived("Hidden noise.", None, (canada,), 40, ""),
        ]
        repo.replace_article_events(s, article_id, events, ACTORS)
        hidden = next(e for e in repo.list_events(s) if e.title == "Hidden noise")
        repo.set_correction(s, hidden.id, EventCorrection(hidden=True))
        meeting = next(e for e in repo.list_events(s) if e.date == day("2016-07-25"))
        repo.set_correction(s, meeting.id, EventCorrection(title="-Dion and Lavrov meet"))


def test_json_shape(store: Store) -> None:
    _fill(store)
    with store.session(write=False) as s:
        data = export_json(s)
        article_id = repo.list_articles(s)[0].id
        actor_ids = {a.name: a.id for a in repo.list_actors(s)}
    json.dumps(data)  # plain data all the way down
    assert set(data) == {"articles", "actors", "events"}
    assert data["articles"] == [
        {
            "id": article_id,
            "path": "/news/a.txt",
            "title": "Dion meets Lavrov",
            "outlet": "The Globe and Mail",
            "published": "2021-01",
            "published_precision": "month",
            "published_inferred": False,
        }
    ]
    assert {"id": actor_ids[DION], "name": DION, "kind": "person", "aliases": ["Mr. Dion"]} in (
        data["actors"]
    )
    assert all(set(a) == {"id", "name", "kind", "aliases"} for a in data["actors"])
    year, meeting = data["events"]  # the hidden event is left out; the year comes first
    assert set(meeting) == {
        "id",
        "date",
        "precision",
        "date_text",
        "title",
        "actors",
        "sources",
    }
    assert (year["date"], year["precision"]) == ("2016", "year")
    assert (meeting["date"], meeting["precision"], meeting["date_text"]) == (
        "2016-07-25",
        "day",
        "July 25",
    )
    assert meeting["title"] == "-Dion and Lavrov meet"
    assert sorted(meeting["actors"]) == sorted([actor_ids[DION], actor_ids[LAVROV]])
    assert meeting["sources"] == [
        {"article": article_id, "start": 0, "end": 16, "quote": "Dion met Lavrov."}
    ]


def test_csv_header_rows_and_neutralised_formulas(store: Store) -> None:
    _fill(store)
    out = io.StringIO()
    with store.session(write=False) as s:
        export_csv(s, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(CSV_HEADER)
    assert out.getvalue().splitlines()[0] == (
        "event_id,date,precision,date_text,title,actors,article_id,article_title,start,end,quote"
    )
    year, meeting = rows[1:]
    assert year[1:3] == ["2016", "year"]
    assert year[4] == "'=HYPERLINK(evil)"
    assert year[10] == "'=HYPERLINK(evil)"
    assert meeting[4] == "'-Dion and Lavrov meet"
    assert meeting[5] == f"{DION}; {LAVROV}"
    assert meeting[7:] == ["Dion meets Lavrov", "0", "16", "Dion met Lavrov."]
