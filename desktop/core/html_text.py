"""Visible text and page metadata from a saved HTML page, with nothing ever fetched."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["PageMeta", "html_to_text"]


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself; ``published`` is the raw string, not yet parsed."""

    title: str | None
    published: str | None
    outlet: str | None


# Content a reader never sees as article text. Elements of page chrome (nav, footer, aside)
# are dropped whole: on news sites they hold menus, "most read" lists and sign-up boxes.
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "svg", "canvas",
        "head", "nav", "footer", "aside", "button", "label", "select", "textarea", "datalist",
        "output", "dialog", "map", "audio", "video", "picture", "math",
    }
)  # fmt: skip
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen",
    }
)  # fmt: skip
# Elements whose end tag may be omitted: a hidden one could never be closed reliably.
_OPTIONAL_END = frozenset(
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
        "tfoot", "rb", "rt", "rp", "colgroup", "caption",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "br", "center",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_ANY_SPACE = re.compile(r"\s+")
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{1,100})"')

# Lower rank wins; the order is how much each source is trusted for the publication time.
_PUBLISHED_META = {
    "article:published_time": 0,
    "og:published_time": 1,
    "datepublished": 3,
    "date": 4,
    "pubdate": 4,
    "publishdate": 4,
    "dc.date": 5,
    "dc.date.issued": 5,
    "dcterms.created": 5,
    "sailthru.date": 6,
}
_RANK_JSON_LD = 2
_RANK_TIME_IN_HEADER = 7
_RANK_TIME_IN_ARTICLE = 8


def _squash(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).strip()


def _one_line(text: str | None) -> str | None:
    """A metadata value on one line; no-break spaces too become plain spaces."""
    text = unicodedata.normalize("NFC", _ANY_SPACE.sub(" ", text or "").strip())
    return text or None


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._chunks: list[str] = []
        self._skip: list[str] = []  # open elements whose content is dropped
        self._open: list[str] = []  # open structural elements that give context
        self._pre = 0
        self._capture: str | None = None  # "title", "h1" or "ld" while collecting
        self._captured: list[str] = []
        self._seen_paragraph_in_article = False
        self.doc_title: str | None = None
        self.h1_in_article: str | None = None
        self.h1: str | None = None
        self.og_title: str | None = None
        self.outlets: dict[str, str] = {}
        self.published: tuple[int, str] | None = None
        self.ld_blocks: list[str] = []

    # -- output --------------------------------------------------------------------------

    def _break(self) -> None:
        if self._chunks:
            paragraph = _squash("".join(self._chunks))
            if paragraph:
                self.paragraphs.append(paragraph)
            self._chunks.clear()

    def _offer_published(self, rank: int, value: str | None) -> None:
        value = (value or "").strip()
        if value and (self.published is None or rank < self.published[0]):
            self.published = (rank, value)

    # -- parser callbacks ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(attr)
            return
        if tag == "body" and "head" in self._skip:
            # A page that never closes <head> must not lose its whole body.
            del self._skip[self._skip.index("head") :]
        if tag == "script" and attr.get("type", "").lower() == "application/ld+json":
            self._start_capture("ld")
        elif tag == "title" and self.doc_title is None:
            self._start_capture("title")
        if self._skip:
            if tag in _SKIP and tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _SKIP or (
            ("hidden" in attr or attr.get("aria-hidden", "").lower() == "true")
            and tag not in _VOID
            and tag not in _OPTIONAL_END
        ):
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in ("article", "main", "header"):
            self._open.append(tag)
        elif tag == "time":
            self._time(attr)
        if tag == "h1" and self.h1 is None:
            self._start_capture("h1")
        if tag in _BLOCK:
            self._break()
            if tag == "p" and "article" in self._open:
                self._seen_paragraph_in_article = True
        elif tag in _CELL:
            self._chunks.append(" ")
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <meta/>, or an XHTML-style empty element: never opens anything.
        if tag == "meta":
            self.handle_starttag(tag, attrs)
        elif not self._skip and tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if (tag, self._capture) in (("script", "ld"), ("title", "title")):
            self._end_capture()
        if self._skip:
            if tag in self._skip:
                last = len(self._skip) - 1 - self._skip[::-1].index(tag)
                del self._skip[last:]
            return
        if tag == "h1" and self._capture == "h1":
            self._end_capture()
        if tag in self._open:
            last = len(self._open) - 1 - self._open[::-1].index(tag)
            del self._open[last:]
        if tag in _BLOCK:
            self._break()
        elif tag in _CELL:
            self._chunks.append(" ")
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._captured.append(data)
        if self._skip:
            return
        if self._pre:
            lines = data.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self._break()
                self._chunks.append(line)
        else:
            self._chunks.append(data)

    def close(self) -> None:
        super().close()
        if self._capture is not None:
            self._end_capture()
        self._break()

    # -- metadata ------------------------------------------------------------------------

    def _start_capture(self, what: str) -> None:
        if self._capture is None:
            self._capture = what
            self._captured.clear()

    def _end_capture(self) -> None:
        what, text = self._capture, "".join(self._captured)
        self._capture = None
        self._captured.clear()
        if what == "ld":
            self.ld_blocks.append(text)
            return
        text = _squash(text)
        if not text:
            return
        if what == "title":
            self.doc_title = text
        elif what == "h1":
            self.h1 = text
            if "article" in self._open or "main" in self._open:
                self.h1_in_article = text

    def _meta(self, attr: dict[str, str]) -> None:
        key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
        content = attr.get("content", "").strip()
        if not key or not content:
            return
        if key in _PUBLISHED_META:
            self._offer_published(_PUBLISHED_META[key], content)
        elif key in ("og:site_name", "application-name"):
            self.outlets.setdefault(key, _squash(content))
        elif key in ("og:title", "twitter:title") and self.og_title is None:
            self.og_title = _squash(content)

    def _time(self, attr: dict[str, str]) -> None:
        when = attr.get("datetime")
        if not when:
            return
        if attr.get("itemprop", "").lower() == "datepublished":
            self._offer_published(_PUBLISHED_META["datepublished"], when)
        elif "pubdate" in attr or "header" in self._open:
            self._offer_published(_RANK_TIME_IN_HEADER, when)
        elif "article" in self._open and not self._seen_paragraph_in_article:
            self._offer_published(_RANK_TIME_IN_ARTICLE, when)


def _ld_values(node: object, key: str) -> list[object]:
    """Every value of ``key`` in a JSON-LD tree, depth first (graphs, lists and nesting)."""
    found: list[object] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                found.append(item[key])
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def _from_json_ld(blocks: list[str]) -> tuple[str | None, str | None]:
    """The first datePublished and publisher name in the page's JSON-LD blocks."""
    published: str | None = None
    publisher: str | None = None
    for block in blocks:
        try:
            tree: object = json.loads(block)
        except ValueError:
            # Hand-written JSON-LD is often invalid; the date is still worth having.
            match = _LD_DATE.search(block)
            if published is None and match:
                published = match.group(1).strip()
            continue
        if published is None:
            dates = [d for d in _ld_values(tree, "datePublished") if isinstance(d, str) and d]
            published = dates[0].strip() if dates else None
        if publisher is None:
            for org in _ld_values(tree, "publisher"):
                name = org.get("name") if isinstance(org, dict) else None
                if isinstance(name, str) and name.strip():
                    publisher = _squash(name)
                    break
    return published, publisher


def html_to_text(html: str) -> tuple[str, PageMeta]:
    """The page's visible text, paragraphs separated by a blank line, and its metadata."""
    parser = _TextExtractor()
    # html.parser rescans the rest of the page for every "<" it cannot finish as a tag,
    # which is quadratic; any "<" after the last ">" can only be text, so say so.
    last = html.rfind(">")
    parser.feed(html[: last + 1] + html[last + 1 :].replace("<", "&lt;"))
    parser.close()
    ld_published, ld_publisher = _from_json_ld(parser.ld_blocks)
    if ld_published:
        parser._offer_published(_RANK_JSON_LD, ld_published)
    title = parser.h1_in_article or parser.og_title or parser.h1 or parser.doc_title
    outlet = (
        parser.outlets.get("og:site_name") or parser.outlets.get("application-name") or ld_publisher
    )
    text = unicodedata.normalize("NFC", "\n\n".join(parser.paragraphs))
    meta = PageMeta(
        title=_one_line(title),
        published=_one_line(parser.published[1] if parser.published else None),
        outlet=_one_line(outlet),
    )
    return text, meta
