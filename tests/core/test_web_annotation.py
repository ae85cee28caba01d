"""W3C Web Annotation JSON-LD: the shape of what we write, and a round trip of every field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from desktop.core.web_annotation import (
    ANNO_CONTEXT,
    FormatError,
    PortableAnnotation,
    PortableEventNote,
    from_collection,
    to_collection,
)

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
CREATED = dt.datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
MODIFIED = dt.datetime(2024, 3, 2, 17, 5, 0, 42, tzinfo=dt.UTC)

NOTED = PortableAnnotation(
    source=HASH,
    start=120,
    end=158,
    quote="Canada froze most contacts with Moscow",
    prefix="the first such meeting since 2013. ",
    suffix=" after Russia annexed Crimea",
    colour="#f08a8a",
    meaning="denial",
    note="Check against the 2014 sanctions list.\n\nSecond paragraph: «quoted» text.",
    tags=("sanctions", "2014"),
    created=CREATED,
    modified=MODIFIED,
    article_title="Dion meets Lavrov",
)
PLAIN = PortableAnnotation(
    source=HASH,
    start=0,
    end=7,
    quote="Ottawa,",
    prefix="",
    suffix=" May 16",
    colour="#f5c842",
    meaning="claim",
    note="",
    tags=(),
    created=CREATED,
    modified=CREATED,
)
ORPHAN = dataclasses.replace(
    PLAIN, quote="a sentence since removed", orphaned=True, start=3, end=27
)
EVENT_NOTE = PortableEventNote(
    event_key="0c1f" * 10,
    note="Same meeting as the RCI report.",
    created=CREATED,
    modified=MODIFIED,
    event_title="Dion meets Lavrov in Vientiane",
)


def test_collection_follows_the_w3c_model() -> None:
    doc = to_collection([NOTED], [EVENT_NOTE])
    assert doc["@context"][0] == ANNO_CONTEXT
    assert doc["type"] == "AnnotationCollection"
    assert doc["total"] == 2
    first = doc["first"]["items"][0]
    assert first["type"] == "Annotation"
    assert first["id"].startswith("urn:uuid:")
    assert first["motivation"] == "commenting"
    assert first["created"] == "2024-03-01T09:30:15.123456Z"
    target = first["target"]
    assert target["source"] == "urn:sha256:" + HASH
    assert target["selector"] == [
        {"type": "TextPositionSelector", "start": 120, "end": 158},
        {
            "type": "TextQuoteSelector",
            "exact": NOTED.quote,
            "prefix": NOTED.prefix,
            "suffix": NOTED.suffix,
        },
    ]
    purposes = [(b["type"], b["purpose"], b["value"]) for b in first["body"]]
    assert purposes == [
        ("TextualBody", "commenting", NOTED.note),
        ("TextualBody", "classifying", "denial"),
        ("TextualBody", "tagging", "sanctions"),
        ("TextualBody", "tagging", "2014"),
    ]
    assert first["chancery:colour"] == "#f08a8a"
    assert to_collection([PLAIN])["first"]["items"][0]["motivation"] == "highlighting"
    # Stable ids: exporting twice names every annotation the same way.
    assert to_collection([NOTED], [EVENT_NOTE]) == doc


def test_round_trip_reproduces_every_field() -> None:
    doc = json.loads(json.dumps(to_collection([NOTED, PLAIN, ORPHAN], [EVENT_NOTE])))
    annotations, notes = from_collection(doc)
    assert annotations == [NOTED, PLAIN, ORPHAN]
    assert notes == [EVENT_NOTE]
    for field in dataclasses.fields(PortableAnnotation):
        assert getattr(annotations[0], field.name) == getattr(NOTED, field.name), field.name


def test_reads_other_shapes_of_the_same_model() -> None:
    one = to_collection([NOTED])["first"]["items"][0]
    assert from_collection(one)[0] == [NOTED]
    assert from_collection([one])[0] == [NOTED]
    flat = {"type": "AnnotationCollection", "items": [one]}
    assert from_collection(flat)[0] == [NOTED]
    # A bare comment body without a purpose, a single selector object, no dates.
    minimal = {
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "A note."},
        "target": {
            "source": "urn:sha256:" + HASH.upper(),
            "selector": {"type": "TextQuoteSelector", "exact": "Ottawa"},
        },
    }
    (read,), _ = from_collection(minimal)
    assert (read.source, read.note, read.quote, read.start, read.created) == (
        HASH,
        "A note.",
        "Ottawa",
        None,
        None,
    )


@pytest.mark.parametrize(
    "doc",
    [
        {"type": "Something"},
        {"type": "AnnotationCollection", "items": [{"type": "Note"}]},
        {"type": "Annotation", "target": {"source": "https://example.org/page"}},
        {"type": "Annotation", "target": {"source": "urn:sha256:" + HASH}},
        {"type": "Annotation", "target": [], "body": []},
        {
            "type": "Annotation",
            "created": "yesterday",
            "target": {
                "source": "urn:sha256:" + HASH,
                "selector": {"type": "TextQuoteSelector", "exact": "x"},
            },
        },
    ],
)
def test_malformed_documents_are_refused(doc: object) -> None:
    with pytest.raises(FormatError):
        from_collection(doc)
