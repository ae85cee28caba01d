"""Annotations as a W3C Web Annotation collection (JSON-LD), out and back in."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Terms of our own, for what the W3C model has no word for (a highlight's colour).
NAMESPACE = "urn:x-chancery:vocab#"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"chancery": NAMESPACE}]
SHA256 = "urn:sha256:"
EVENT = "urn:x-chancery:event:"
# Annotation ids are UUIDv5 of their content: the same annotation exports with the same id,
# so importing a file twice adds nothing the second time.
_ID_SPACE = uuid.UUID("6f1b8c2e-4a55-5d0e-9b1c-3c7d2a9e0f41")


class FormatError(ValueError):
    """The document is not a Web Annotation collection this program can read."""


@dataclass(frozen=True, slots=True)
class PortableAnnotation:
    """A highlight as it travels between stores: its article named by content hash."""

    source: str  # hex SHA-256 of the article file's bytes as imported
    start: int | None
    end: int | None
    quote: str
    prefix: str
    suffix: str
    colour: str
    meaning: str
    note: str
    tags: tuple[str, ...]
    created: dt.datetime | None
    modified: dt.datetime | None
    orphaned: bool = False
    article_title: str = ""  # for people reading the file; not needed to import it


@dataclass(frozen=True, slots=True)
class PortableEventNote:
    event_key: str
    note: str
    created: dt.datetime | None
    modified: dt.datetime | None
    event_title: str = ""


def annotation_iri(a: PortableAnnotation) -> str:
    created = _time(a.created) or ""
    name = "\x1f".join((a.source, str(a.start), str(a.end), a.quote, created))
    return f"urn:uuid:{uuid.uuid5(_ID_SPACE, name)}"


def event_note_iri(n: PortableEventNote) -> str:
    name = "\x1f".join(("event", n.event_key, _time(n.created) or "", n.note))
    return f"urn:uuid:{uuid.uuid5(_ID_SPACE, name)}"


def to_collection(
    annotations: Iterable[PortableAnnotation],
    event_notes: Iterable[PortableEventNote] = (),
    label: str = "Chancery annotations",
) -> dict[str, Any]:
    """One AnnotationCollection whose first (and only) page embeds every annotation."""
    items = [_annotation(a) for a in annotations] + [_event_note(n) for n in event_notes]
    name = "\x1f".join(sorted(str(item["id"]) for item in items))
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(_ID_SPACE, 'collection' + name)}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def from_collection(
    doc: Any,
) -> tuple[list[PortableAnnotation], list[PortableEventNote]]:
    """The annotations of a collection, a page, a list of annotations, or one annotation."""
    annotations: list[PortableAnnotation] = []
    notes: list[PortableEventNote] = []
    for item in _items(doc):
        source, target = _target(item)
        if source.startswith(SHA256):
            annotations.append(_read_annotation(item, source[len(SHA256) :].lower(), target))
        elif source.startswith(EVENT):
            notes.append(_read_event_note(item, source[len(EVENT) :]))
        else:
            raise FormatError(f"annotation {item.get('id', '?')}: unknown target source {source!r}")
    return annotations, notes


# -- writing -----------------------------------------------------------------------------


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _dates(created: dt.datetime | None, modified: dt.datetime | None) -> dict[str, str]:
    out = {}
    if (c := _time(created)) is not None:
        out["created"] = c
    if (m := _time(modified)) is not None:
        out["modified"] = m
    return out


def _annotation(a: PortableAnnotation) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if a.note:
        body.append(_text_body(a.note, "commenting"))
    body.append(_text_body(a.meaning, "classifying"))
    body.extend(_text_body(tag, "tagging") for tag in a.tags)
    selectors: list[dict[str, Any]] = []
    if a.start is not None and a.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    selectors.append(
        {"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix, "suffix": a.suffix}
    )
    target: dict[str, Any] = {"source": SHA256 + a.source, "selector": selectors}
    if a.article_title:
        target["chancery:articleTitle"] = a.article_title
    out: dict[str, Any] = {
        "id": annotation_iri(a),
        "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        **_dates(a.created, a.modified),
        "body": body,
        "target": target,
        "chancery:colour": a.colour,
    }
    if a.orphaned:
        out["chancery:orphaned"] = True
    return out


def _event_note(n: PortableEventNote) -> dict[str, Any]:
    target: dict[str, Any] = {"source": EVENT + n.event_key}
    if n.event_title:
        target["chancery:eventTitle"] = n.event_title
    return {
        "id": event_note_iri(n),
        "type": "Annotation",
        "motivation": "commenting",
        **_dates(n.created, n.modified),
        "body": [_text_body(n.note, "commenting")],
        "target": target,
    }


def _text_body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": value, "format": "text/plain", "purpose": purpose}


# -- reading -----------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _is_type(node: Any, name: str) -> bool:
    return isinstance(node, Mapping) and name in _as_list(node.get("type") or node.get("@type"))


def _items(doc: Any) -> list[Mapping[str, Any]]:
    if isinstance(doc, list):
        nodes = doc
    elif _is_type(doc, "Annotation"):
        nodes = [doc]
    elif _is_type(doc, "AnnotationCollection") or _is_type(doc, "AnnotationPage"):
        nodes = list(_as_list(doc.get("items")))
        page = doc.get("first")
        while isinstance(page, Mapping):  # embedded pages, chained by "next"
            nodes.extend(_as_list(page.get("items")))
            page = page.get("next")
    else:
        raise FormatError("not a Web Annotation collection, page or annotation")
    for node in nodes:
        if not _is_type(node, "Annotation"):
            raise FormatError("an item of the collection is not an Annotation")
    return nodes


def _target(item: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    targets = _as_list(item.get("target"))
    if len(targets) != 1:
        raise FormatError(f"annotation {item.get('id', '?')}: expected one target")
    target = targets[0]
    if isinstance(target, str):
        return target, {}
    if not isinstance(target, Mapping) or not isinstance(target.get("source"), str):
        raise FormatError(f"annotation {item.get('id', '?')}: target has no source")
    return str(target["source"]), target


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise FormatError(f"not a date-time: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _bodies(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(purpose, value) of every textual body; a body without a purpose is a comment."""
    out: list[tuple[str, str]] = []
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            continue  # an IRI body: nothing to keep
        if isinstance(body, Mapping) and isinstance(body.get("value"), str):
            purposes = _as_list(body.get("purpose")) or ["commenting"]
            out.extend((str(p), str(body["value"])) for p in purposes)
    return out


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _selectors(target: Mapping[str, Any]) -> tuple[int | None, int | None, str, str, str]:
    start = end = None
    quote = prefix = suffix = ""
    for selector in _as_list(target.get("selector")):
        if _is_type(selector, "TextPositionSelector"):
            start, end = _int(selector.get("start")), _int(selector.get("end"))
        elif _is_type(selector, "TextQuoteSelector"):
            quote = str(selector.get("exact", ""))
            prefix = str(selector.get("prefix", ""))
            suffix = str(selector.get("suffix", ""))
    if start is None or end is None or end < start:
        start = end = None
    return start, end, quote, prefix, suffix


def _read_annotation(
    item: Mapping[str, Any], source: str, target: Mapping[str, Any]
) -> PortableAnnotation:
    start, end, quote, prefix, suffix = _selectors(target)
    if start is None and not quote:
        raise FormatError(f"annotation {item.get('id', '?')}: no selector to place it by")
    bodies = _bodies(item)
    notes = [v for p, v in bodies if p == "commenting"]
    meanings = [v for p, v in bodies if p in ("classifying", "highlighting")]
    colour = item.get("chancery:colour") or item.get(NAMESPACE + "colour")
    meaning = meanings[0] if meanings else ""
    return PortableAnnotation(
        source=source,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        colour=str(colour) if colour else "",
        meaning=meaning,
        note="\n\n".join(notes),
        tags=tuple(v for p, v in bodies if p == "tagging"),
        created=_parse_time(item.get("created")),
        modified=_parse_time(item.get("modified")),
        orphaned=item.get("chancery:orphaned") is True,
        article_title=str(target.get("chancery:articleTitle", "")),
    )


def _read_event_note(item: Mapping[str, Any], key: str) -> PortableEventNote:
    notes = [v for p, v in _bodies(item) if p == "commenting"]
    target = _as_list(item.get("target"))[0]
    title = target.get("chancery:eventTitle", "") if isinstance(target, Mapping) else ""
    return PortableEventNote(
        event_key=key,
        note="\n\n".join(notes),
        created=_parse_time(item.get("created")),
        modified=_parse_time(item.get("modified")),
        event_title=str(title),
    )
