"""Reading article files: decoding, HTML and Markdown to text, cleaning, headlines, sentences."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from desktop.core.html_text import PageMeta, html_to_text

__all__ = [
    "MAX_BYTES",
    "Cleaned",
    "Format",
    "PageMeta",
    "ReadError",
    "Sentence",
    "clean",
    "decode",
    "first_sentence_title",
    "html_to_text",
    "markdown_to_text",
    "sentences",
    "sniff_format",
]

MAX_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read as an article; the message is one line for the user."""


# -- decoding ----------------------------------------------------------------------------

_BINARY = "binary file (not text)"
_UNDECODABLE = "cannot decode: not UTF-8, UTF-16 or a Windows/Latin-1 text"
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 and C1 controls other than tab, newlines, vertical tab and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]+")
_CONTROL_RATIO = 0.05
_SNIFF_BYTES = 4096


def _size(n: float) -> str:
    if n >= 100 * 1024:
        return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KB"


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fall on one byte of each pair, as in Latin text."""
    sample = data[:_SNIFF_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    if odd >= max(1, pairs // 10) and even * 10 <= odd:
        return "utf-16-le"
    if even >= max(1, pairs // 10) and odd * 10 <= even:
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise ReadError(_UNDECODABLE) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass  # NULs that are not UTF-16: binary, reported below
    if b"\x00" in data:
        raise ReadError(_BINARY)
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte string is Latin-1: the last resort


def decode(data: bytes) -> str:
    """The text of a file's bytes, newlines as ``\\n`` and Unicode in NFC; ReadError if none."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"file too large ({_size(len(data))}; the limit is {_size(MAX_BYTES)})")
    text = _decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    controls = len(text) - len(_CONTROL.sub("", text))
    if controls > _CONTROL_RATIO * len(text):
        raise ReadError(_BINARY)
    if not text.strip():
        raise ReadError("empty file")
    return unicodedata.normalize("NFC", text)


# -- formats -----------------------------------------------------------------------------


class Format(Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


_HTML_SUFFIXES = frozenset({"html", "htm", "xhtml", "shtml"})
_MARKDOWN_SUFFIXES = frozenset({"md", "markdown", "mdown", "mkd"})
_HTML_START = re.compile(
    r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def sniff_format(path_suffix: str, text: str) -> Format:
    """The format by file suffix (``.html`` or ``html``), else by how the text starts."""
    suffix = path_suffix.lower().lstrip(".")
    if suffix in _HTML_SUFFIXES:
        return Format.HTML
    if suffix in _MARKDOWN_SUFFIXES:
        return Format.MARKDOWN
    if _HTML_START.match(text[:_SNIFF_BYTES]):
        return Format.HTML
    return Format.TEXT


# -- Markdown ----------------------------------------------------------------------------

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_LINK_DEF = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S+")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_RAW_BLOCK = re.compile(r"[ \t]*<(script|style)\b", re.IGNORECASE)

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN = re.compile(r"(`{1,2})([^`\n]{1,2000}?)\1")
_URL_PART = r"\(\s*<?(?:[^()\s]|\([^()\s]*\))*>?(?:\s+\"[^\"\n]*\")?\s*\)"
_IMAGE = re.compile(r"!\[[^\]\n]*\](?:" + _URL_PART + r"|\[[^\]\n]*\])")
_LINK = re.compile(r"\[([^\]\n]*)\](?:" + _URL_PART + r"|\[[^\]\n]*\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A run of * or _ that opens (after a non-word, before text) or closes (after text, before a
# non-word) emphasis; snake_case and "2 * 3" are left alone.
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\w*_])")
_STRIKE = re.compile(r"~~(?=\S)|(?<=\S)~~")
_SPACES = re.compile(r"[ \t]+")
_FRONT_MATTER_LINES = 200
_FRONT_TITLE = re.compile(r"title:[ \t]*(.+)", re.IGNORECASE)
_PRIVATE = 0xE000  # escaped and code characters hide here from the inline rules


def _hide(text: str) -> str:
    return "".join(chr(_PRIVATE + ord(c)) if ord(c) < 128 else c for c in text)


def _unhide(text: str) -> str:
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group()) - _PRIVATE), text)


def _inline(text: str) -> str:
    text = _ESCAPE.sub(lambda m: _hide(m.group(1)), text)
    text = _CODE_SPAN.sub(lambda m: _hide(m.group(2).strip()), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _STRIKE.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return _SPACES.sub(" ", _unhide(text)).strip()


def _front_matter(lines: list[str]) -> tuple[list[str], str | None]:
    """The lines after a leading YAML front-matter block, and the block's ``title:``."""
    if not lines or lines[0].strip() != "---":
        return lines, None
    for i, line in enumerate(lines[1:_FRONT_MATTER_LINES], start=1):
        if line.strip() in ("---", "..."):
            titles = [m.group(1) for m in map(_FRONT_TITLE.match, lines[1:i]) if m]
            title = titles[0].strip().strip("\"'").strip() if titles else ""
            return lines[i + 1 :], title or None
    return lines, None


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Markdown as plain paragraphs, and the first level-one heading (a title candidate)."""
    paragraphs: list[str] = []
    current: list[str] = []
    heading: str | None = None

    def flush() -> None:
        if current:
            paragraph = _inline(" ".join(current))
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    def add_heading(raw: str, level: int) -> None:
        nonlocal heading
        flush()
        text = _inline(raw)
        if text:
            paragraphs.append(text)
            if heading is None and level == 1:
                heading = text

    lines = md.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, front_title = _front_matter(lines)
    fence: str | None = None
    code: list[str] = []
    raw_block: str | None = None
    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                if any(c.strip() for c in code):
                    paragraphs.append("\n".join(code).strip("\n"))
                code.clear()
            else:
                code.append(line.rstrip())
            continue
        if raw_block is not None:
            if f"</{raw_block}" in line.lower():
                raw_block = None
            continue
        if match := _FENCE.match(line):
            flush()
            fence = match.group(1)
            continue
        if match := _RAW_BLOCK.match(line):
            flush()
            name = match.group(1).lower()
            if f"</{name}" not in line.lower():
                raw_block = name
            continue
        if match := _QUOTE.match(line):
            line = line[match.end() :]
        if not line.strip() or _LINK_DEF.match(line):
            flush()
            continue
        if current and (match := _SETEXT.match(line)):
            raw = " ".join(current)
            current.clear()
            add_heading(raw, 1 if match.group(1)[0] == "=" else 2)
            continue
        if _THEMATIC.match(line) or _TABLE_RULE.match(line):
            flush()
            continue
        if match := _ATX.match(line):
            add_heading(match.group(2) or "", len(match.group(1)))
            continue
        if match := _LIST_ITEM.match(line):
            flush()
            line = line[match.end() :]
        elif line.lstrip().startswith("|"):
            flush()
            cells = (cell.strip() for cell in line.strip().strip("|").split("|"))
            current.append("  ".join(cell for cell in cells if cell))
            flush()
            continue
        current.append(line.strip())
    flush()
    if any(c.strip() for c in code):  # an unclosed fence runs to the end of the file
        paragraphs.append("\n".join(code).strip("\n"))
    return "\n\n".join(paragraphs), heading or front_title


# -- cleaning ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str  # the text events are found in and the reader sees
    title: str | None  # the headline if the text has one, else None
    lead: str | None = None  # the first paragraph of the story proper (no caption, no headline)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Page furniture, matched against a whole line, case-insensitively, grouped by the most
# words such a line may have: a long line is news prose even when it mentions "sign up".
# A group with trigger words is only tried on lines that contain one (its rules are slow).
_FURNITURE_RULES: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        8,
        (),
        (
            r"(skip|jump) to (the )?(main )?(content|navigation|article|story)",
            r"follow (us|related authors|related topics|authors|topics)\b.*",
            r"interact with (the )?[\w' &]+",
            r"looking for more\??",
            r"advertisement|advertising|sponsored( content)?|ad|paid (post|content)",
            r"(story|article) continues below( this)?( advertisement)?",
            r"share( this| the)?( article| story| page)?( on [\w ]+| via [\w ]+)?",
            r"((\d+|view|show|hide|load|read) )?comments?( \(\d+\))?",
            r"(leave|add|post) a comment|join the conversation",
            r"(editorial )?code of conduct|editorial (standards|guidelines|policy)",
            r"corrections? (policy|and clarifications)",
            r"open this photo in gallery:?",
            r"(back to top|menu|search|close|print|home|next|previous)",
            r"(related|more on this( story| topic)?|recommended( for you)?|most (read|popular|"
            r"viewed)|trending( now)?|also read|further reading|editor'?s picks?|top stories|"
            r"latest (news|stories)|you may also like|what to read next|more stories)( ?:)?",
        ),
    ),
    (
        15,
        (),
        (
            r"(read|see) (more|also)\b.*",
            r"(related|more on this( story| topic)?|also read|see also)\s*:.*",
            r"(photo|image|picture|video|graphic)s?( credit)?s?\s*:.*",
            r"(photo )?credits?\s*:.*",
            r"with files from\b.*",
            r"listen to (this )?(article|story)\b.*",
            r".*\bclick here\b.*",
        ),
    ),
    (
        30,
        (),
        (
            r"authors and topics you follow\b.*",
            r"(do you want to |want to )?report an? (error|typo|mistake|correction)\b.*",
            r"(categories|category|tags?|topics|filed under|keywords)\s*:.*",
            r"(sign up|subscribe|register|log ?in|sign in)\b.*",
            r"(you (must|need to) be (logged|signed) in|you must be a subscriber)\b.*",
            r"(©|copyright\b|all rights reserved\b).*",
            r"this (article|story) was published more than .+ ago\b.*",
            r"(additional )?(reporting|writing|editing) by\b.*",
        ),
    ),
    (
        60,
        ("sign up", "subscribe", "register", "inbox", "comment", "cookie"),
        (
            r".*[.!?)]\s+(sign up|subscribe|register)\b.*",
            r".*\b(sent|delivered) (straight |directly |right )?to your inbox\b.*",
            r"for reasons beyond our control\b.*\bcomment.*",
            r".*\bcomments? (section )?(is|are|has been|have been) (now )?"
            r"(closed|disabled|turned off)\b.*",
            r".*\b(we|this (web)?site|our (web)?site|this page) uses? cookies\b.*",
            r".*\b(accept|manage|reject|allow)( all)? cookies\b.*",
            r".*\bcookie (policy|settings|preferences|notice|consent)\b.*",
        ),
    ),
)
_FURNITURE = tuple(
    (limit, triggers, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
    for limit, triggers, patterns in _FURNITURE_RULES
)
_MAX_FURNITURE_WORDS = max(rule[0] for rule in _FURNITURE)
# A short line made only of these words is a share bar or a menu, if one is a strong word.
_CHROME_STRONG = _wordset(
    "share facebook twitter linkedin whatsapp reddit email e-mail print comments bookmark "
    "subscribe newsletter newsletters advertisement login menu pinterest telegram flipboard "
    "listen gift"
)
_CHROME_WORDS = _CHROME_STRONG | _wordset(
    "this article story on via x mail copy link comment save follow us and menu search "
    "close sign in up log home back to top the a more next previous min read audio "
    "messenger sms text size"
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
_EDGE_JUNK = " \t-–—•·|>"


def _words(text: str, most: int) -> int:
    """How many words ``text`` has, counting no further than ``most + 1``."""
    return len(text.split(maxsplit=most))


def _is_furniture(line: str) -> bool:
    key = line.strip(_EDGE_JUNK)
    if not key:
        return True
    n = _words(key, _MAX_FURNITURE_WORDS)
    if n > _MAX_FURNITURE_WORDS:
        return False
    lowered = key.lower()
    for limit, triggers, rule in _FURNITURE:
        if n > limit or (triggers and not any(t in lowered for t in triggers)):
            continue
        if rule.fullmatch(key):
            return True
    if n <= 10:
        tokens = _WORD.findall(lowered)
        return (
            bool(tokens)
            and all(t in _CHROME_WORDS for t in tokens)
            and any(t in _CHROME_STRONG for t in tokens)
        )
    return False


# "…in Vienna, Austria.Leonhard Foeger/The Associated Press": a photo credit glued to the
# caption's last sentence by a page that laid them out in separate boxes.
_GLUED_CREDIT = re.compile(r"(?<=[a-z0-9)\]’”'\"][.!?])[A-Z][^.!?\n]{1,80}$")
_PAREN_CREDIT = re.compile(r"([.!?][\"”’]?)[ \t]*\(([^()\n]{2,100})\)$")
_AGENCY_END = re.compile(
    r"\b(press|presse|reuters|afp|ap|images|getty|photo|photos|photography|handout|pool|"
    r"file|files|bloomberg|agency|news|staff|epa|tass|sputnik|novosti|xinhua|mail|times|post)"
    r"$",
    re.IGNORECASE,
)
_CREDIT_WORD = re.compile(r"\b(photo|credit|file|handout|pool)\b", re.IGNORECASE)


def _looks_like_credit(text: str) -> bool:
    return _words(text, 10) <= 10 and ("/" in text or bool(_AGENCY_END.search(text.strip())))


def _strip_credit(line: str) -> str:
    match = _GLUED_CREDIT.search(line)
    if match and _looks_like_credit(match.group()):
        return line[: match.start()]
    match = _PAREN_CREDIT.search(line)
    if match and ("/" in match.group(2) or _CREDIT_WORD.search(match.group(2))):
        return line[: match.start()] + match.group(1)
    return line


_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_MIN_DEDUPE_WORDS = 6  # shorter repeats ("Yes.", "No.") can be real


def _paragraphs(text: str) -> Iterator[tuple[str, bool]]:
    """Paragraphs without furniture, each with whether it was a credited photo caption."""
    for block in _BLANK_LINES.split(text.strip()):
        lines = [line.strip() for line in block.split("\n")]
        kept = [line for line in lines if not _is_furniture(line)]
        lines = [_strip_credit(line) for line in kept]
        if not lines:
            continue
        caption = lines != kept
        # Hard-wrapped prose (every line but the last long) is one paragraph on one line.
        if len(lines) >= 3 and all(40 <= len(line) <= 100 for line in lines[:-1]):
            lines = [" ".join(lines)]
        paragraph = "\n".join(lines)
        if len(lines) > 1 and _is_furniture(" ".join(lines)):
            continue
        yield paragraph, caption


_HEADLINE_WINDOW = 3  # a headline may follow a photo caption or two
_HEADLINE_MAX_WORDS = 16
_NOT_HEADLINE = re.compile(
    r"(by|photo|photos|credit|file|published|updated|posted|written by|posted by)\b",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’)]"


def _is_headline(paragraph: str) -> bool:
    if "\n" in paragraph or "/" in paragraph:
        return False
    if not 3 <= _words(paragraph, _HEADLINE_MAX_WORDS) <= _HEADLINE_MAX_WORDS:
        return False
    first, last = paragraph[0], paragraph.rstrip(_CLOSERS)[-1:]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘"):
        return False
    return last not in ".,;:-–—" and not _NOT_HEADLINE.match(paragraph)


def _is_prose(paragraph: str) -> bool:
    return _words(paragraph, 8) >= 8 and any(c in paragraph for c in ".!?")


def _headline(paragraphs: list[str]) -> str | None:
    for i, paragraph in enumerate(paragraphs[:_HEADLINE_WINDOW]):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if _is_headline(paragraph) and _is_prose(nxt):
            return paragraph
    return None


def clean(text: str) -> Cleaned:
    """The article without page furniture, repeated captions or glued photo credits."""
    kept: list[str] = []
    seen: set[str] = set()
    captions: set[str] = set()
    for paragraph, caption in _paragraphs(text.replace("\r\n", "\n").replace("\r", "\n")):
        if _words(paragraph, _MIN_DEDUPE_WORDS) >= _MIN_DEDUPE_WORDS:
            if paragraph in seen:
                captions.add(paragraph)  # a repeated paragraph is a caption above its story
                continue
            seen.add(paragraph)
        if caption:
            captions.add(paragraph)
        kept.append(paragraph)
    title = _headline(kept)
    lead = next((p for p in kept if p not in captions and p != title and _is_prose(p)), None)
    return Cleaned(text="\n\n".join(kept), title=title, lead=lead)


# -- sentences ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str  # text[start:end] of the text it was found in


_TERMINATOR = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"[^\s\"“‘'(\[]*$")
_NEXT = re.compile(r"\s*[\"“‘'(\[]*(\w*)")
_ABBREV_WINDOW = 24

_NEVER_ENDS = _wordset(
    "Mr Mrs Ms Mx Dr Prof St Ste Sen Gen Gov Rep Lt Col Capt Cpl Sgt Maj Adm Cmdr Rev Hon "
    "Pres Supt Insp Det Mt Ft Msgr vs v cf approx ca e.g i.e viz"
)
_ENDS_UNLESS_NUMBER = _wordset(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Art Fig Vol p pp ch Ch"
)
_ENDS_BEFORE_STARTER = _wordset("Inc Ltd Co Corp Jr Sr Bros etc Ave Blvd Rd")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")  # U.S, a.m, an initial
# Words that begin sentences far more often than they follow "U.S." or an initial.
_STARTERS = _wordset(
    "The A An He She It They We I You But And Or So Yet In On At For By From With This That "
    "These Those There Here His Her Their Our Its My Your Mr Mrs Ms Dr Some Many Most All "
    "After Before When While If As Since Although Though However Meanwhile Still Also Asked "
    "According What Why How Who Where No Not One Two Last Earlier Later Now Then Today Both "
    "Each Other Such Under Over During Despite"
)


def _ends_sentence(text: str, match: re.Match[str], lo: int, hi: int) -> bool:
    nxt = _NEXT.match(text, match.end(), hi)
    if nxt is None or (nxt.end() >= hi and not nxt.group(1)):
        return True  # the paragraph ends here
    word = nxt.group(1)
    following = text[nxt.start(1)] if nxt.start(1) < hi else ""
    if following.islower():
        return False
    mark = match.group()
    if mark[0] != "." or len(mark.rstrip(_CLOSERS)) > 1 or mark != mark.rstrip(_CLOSERS):
        return True  # !, ?, an ellipsis, or a period inside a closing quote
    before = _TOKEN_BEFORE.search(text, max(lo, match.start() - _ABBREV_WINDOW), match.start())
    token = before.group() if before else ""
    if token in _NEVER_ENDS:
        return False
    if token in _ENDS_UNLESS_NUMBER:
        return not following.isdigit()
    if token in _ENDS_BEFORE_STARTER or _DOTTED.fullmatch(token):
        return word in _STARTERS
    return True


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for gap in _BLANK_LINES.finditer(text):
        yield start, gap.start()
        start = gap.end()
    yield start, len(text)


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end]) if start < end else None


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their offsets; a paragraph break always ends one."""
    found: list[Sentence] = []
    for lo, hi in _paragraph_spans(text):
        cuts = [
            m.end() for m in _TERMINATOR.finditer(text, lo, hi) if _ends_sentence(text, m, lo, hi)
        ]
        start = lo
        for end in [*cuts, hi]:
            if sentence := _trimmed(text, start, end):
                found.append(sentence)
            start = end
    return found


def first_sentence_title(text: str, limit: int = 90) -> str:
    """The first sentence as a title, cut at a word boundary with "…" beyond ``limit``."""
    found = sentences(text)
    title = " ".join(found[0].text.split()) if found else ""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if not title[limit - 1].isspace() and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–—(\"“‘'") + "…"
