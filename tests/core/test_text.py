"""Reading articles: decoding, HTML and Markdown, cleaning the seeds, headlines, sentences."""

from __future__ import annotations

import codecs
import random
import socket
import unicodedata
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import text as text_module
from desktop.core.text import (
    MAX_BYTES,
    Format,
    ReadError,
    clean,
    decode,
    first_sentence_title,
    html_to_text,
    markdown_to_text,
    sentences,
    sniff_format,
)
from desktop.paths import seeds_dir

# -- decode ------------------------------------------------------------------------------

SAMPLE = "Stéphane Dion met “Sergey Lavrov” in Vientiane – 2016.\nSecond line.\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),  # no BOM: found by where the NULs fall
        SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
        SAMPLE.replace("\n", "\r").encode("utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32",
        "crlf",
        "cr",
    ],
)
def test_decode_unicode_encodings_and_newlines(data: bytes) -> None:
    assert decode(data) == SAMPLE


def test_decode_windows_smart_quotes() -> None:
    assert decode(b"\x93hi\x94") == "“hi”"
    assert decode(b"Caf\xe9 \x96 \x85") == "Café – …"


def test_decode_falls_back_to_latin1() -> None:
    # 0x81 is undefined in cp1252, so only Latin-1 can read this (as a lone C1 control).
    data = b"Ren\xe9e Lavall\xe9e wrote to the minister on Monday and again on Tuesday.\x81"
    assert (
        decode(data) == "Renée Lavallée wrote to the minister on Monday and again on Tuesday.\x81"
    )


def test_decode_normalises_to_nfc() -> None:
    assert decode("Ste\u0301phane".encode()) == "Stéphane"


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4096),
        bytes(range(1, 32)) * 10,
        b"GIF89a\x01\x00\x01\x00\x00\xff\x00",
        b"text with a NUL\x00 in the middle of ordinary words and nothing else",
    ],
    ids=["random", "controls", "gif", "nul"],
)
def test_decode_refuses_binary(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^binary file \(not text\)$"):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, "\u00a0\n".encode()])
def test_decode_refuses_empty(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^empty file$"):
        decode(data)


def test_decode_refuses_a_bom_that_lies() -> None:
    with pytest.raises(ReadError, match=r"^cannot decode"):
        decode(codecs.BOM_UTF8 + b"caf\xe9")


def test_decode_size_limit_is_fifty_megabytes() -> None:
    assert MAX_BYTES == 50 * 1024 * 1024
    data = b"a" * MAX_BYTES
    assert len(decode(data)) == MAX_BYTES  # exactly the limit is accepted
    with pytest.raises(ReadError, match=r"^file too large \(50 MB; the limit is 50 MB\)$"):
        decode(data + b"a" * 1000)
    with pytest.raises(ReadError, match=r"^file too large \(62.4 MB; the limit is 50 MB\)$"):
        decode(b"a" * int(62.4 * 1024 * 1024))


def test_decode_reads_the_limit_when_called(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_BYTES", 2048)
    assert decode(b"x" * 2048) == "x" * 2048
    with pytest.raises(ReadError, match=r"^file too large \(2 KB; the limit is 2 KB\)$"):
        decode(b"x" * 2049)


# -- formats -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "text", "expected"),
    [
        (".html", "plain words", Format.HTML),
        (".HTM", "", Format.HTML),
        ("xhtml", "", Format.HTML),
        (".md", "<html>", Format.MARKDOWN),
        (".markdown", "# Title", Format.MARKDOWN),
        (".txt", "Plain words about <html> tags.", Format.TEXT),
        ("", "# Not markdown without the suffix", Format.TEXT),
        (".txt", "\n  <!DOCTYPE html>\n<html><body>x</body></html>", Format.HTML),
        ("", '<?xml version="1.0"?>\n<!-- saved -->\n<html lang="en">', Format.HTML),
        (".txt", "<htmlish>", Format.TEXT),
    ],
)
def test_sniff_format(suffix: str, text: str, expected: Format) -> None:
    assert sniff_format(suffix, text) is expected


# -- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Canada meets Russian foreign minister | CBC News</title>
<meta charset="utf-8">
<meta property="og:site_name" content="CBC News">
<meta property="og:title" content="Canada meets Russian foreign minister">
<meta property="article:published_time" content="2016-07-25T08:00:00Z">
<link rel="stylesheet" href="https://cdn.example.com/site.css">
<script src="https://cdn.example.com/tracker.js"></script>
<style>p { color: red } .secret { display: none }</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article>
<header><h1>Canada meets Russian&nbsp;foreign minister for first time in years</h1>
<time datetime="2016-07-24">July 24</time></header>
<figure><img src="https://images.example.com/dion.jpg" alt="Dion alt text">
<figcaption>St&eacute;phane Dion in Vientiane.</figcaption></figure>
<p>Foreign Affairs Minister St&eacute;phane Dion sat   down
Monday with his Russian counterpart <b>Sergey</b> <a href="https://x.example">Lavrov</a>
&mdash; the first meeting of its kind in years &amp; a thaw&#8217;s first sign.</p>
<p>The 30-minute discussion took place in Laos.<br>It was a signal.</p>
<iframe src="https://ads.example.com/"><p>Iframe fallback</p></iframe>
<form action="https://example.com/subscribe"><label>Your email</label>
<input name="email" value="typed value"><button>Send me news</button>
<select><option>Daily digest</option></select><textarea>draft</textarea></form>
<script>document.write("<p>written by script</p>");</script>
<noscript>Please enable JavaScript</noscript>
<template><p>template text</p></template>
<svg><text>svg label</text></svg>
<object data="movie.swf">object fallback</object>
<div hidden>hidden note</div>
<ul><li>First point</li><li>Second point</li></ul>
<table><tr><td>Moscow</td><td>Ottawa</td></tr></table>
</article>
<aside>Most read today</aside>
<footer>© CBC 2016</footer>
</body></html>"""


def test_html_visible_text_only() -> None:
    text, _ = html_to_text(PAGE)
    assert text.split("\n\n") == [
        "Canada meets Russian\u00a0foreign minister for first time in years",
        "July 24",
        "Stéphane Dion in Vientiane.",
        "Foreign Affairs Minister Stéphane Dion sat down Monday with his Russian counterpart "
        "Sergey Lavrov — the first meeting of its kind in years & a thaw’s first sign.",
        "The 30-minute discussion took place in Laos.",
        "It was a signal.",
        "First point",
        "Second point",
        "Moscow Ottawa",
    ]


def test_html_metadata() -> None:
    _, meta = html_to_text(PAGE)
    assert meta.title == "Canada meets Russian foreign minister for first time in years"
    assert meta.published == "2016-07-25T08:00:00Z"
    assert meta.outlet == "CBC News"


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ('<meta property="og:published_time" content="2016-07-25">', "", "2016-07-25"),
        ('<meta name="date" content="2016-07-23">', "", "2016-07-23"),
        ('<meta name="pubdate" content="20160722">', "", "20160722"),
        ('<meta name="DC.date" content="2016-07-21">', "", "2016-07-21"),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2016-07-20T10:00:00-04:00"}]}</script>',
            "",
            "2016-07-20T10:00:00-04:00",
        ),
        (
            '<script type="application/ld+json">{"datePublished": "2016-07-19",}</script>',
            "",
            "2016-07-19",
        ),
        (
            "",
            '<article><header><time datetime="2016-07-18">Jul 18</time></header></article>',
            "2016-07-18",
        ),
        ("", '<article><p>Text <time datetime="2016-01-01">then</time></p></article>', None),
        ("", "<p>No date here.</p>", None),
    ],
)
def test_html_published_sources(head: str, body: str, published: str | None) -> None:
    _, meta = html_to_text(f"<html><head>{head}</head><body>{body}</body></html>")
    assert meta.published == published


def test_html_json_ld_yields_to_article_meta() -> None:
    page = (
        '<head><script type="application/ld+json">{"datePublished": "2016-01-01"}</script>'
        '<meta property="article:published_time" content="2016-07-25"></head>'
    )
    assert html_to_text(page)[1].published == "2016-07-25"


def test_html_outlet_and_title_fallbacks() -> None:
    page = (
        '<head><meta name="application-name" content="Radio Canada International">'
        "<title>Dion and Lavrov | RCI</title></head><body><p>Text.</p></body>"
    )
    _, meta = html_to_text(page)
    assert meta.outlet == "Radio Canada International"
    assert meta.title == "Dion and Lavrov | RCI"
    assert html_to_text("<p>Just text.</p>")[1].title is None


def test_html_without_closing_head_keeps_the_body() -> None:
    text, meta = html_to_text("<html><head><title>T</title><body><p>Body text.</p></body>")
    assert text == "Body text."
    assert meta.title == "T"


def test_html_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    text, _ = html_to_text(PAGE + '<img src="http://remote.example/a.png"><p>End.</p>')
    assert "remote.example" not in text
    assert "Dion alt text" not in text


def test_html_unfinished_tags_are_read_as_text() -> None:
    # html.parser is quadratic on unfinished tags; this must simply finish.
    text, _ = html_to_text("<p>Start</p>" + "<a " * 200_000)
    assert text.startswith("Start")


# -- Markdown ----------------------------------------------------------------------------

MARKDOWN = """# Dion *meets* Lavrov in Laos

Foreign Affairs Minister **Stéphane Dion** met [Sergey Lavrov](https://mid.ru/(en)) on
Monday. ![photo](https://example.com/dion.jpg) The talks_were_private and 2 * 3 = 6.
He said \\*nothing\\* more &amp; left. <span class="x">Tagged</span> text.

> “Engagement matters,”
> Pickerill said.

- first item
* second item
1. third item

## Background

```python
print("code kept")
```

---

| City | Country |
|------|---------|
| Vientiane | Laos |

[mid]: https://mid.ru
"""


def test_markdown_to_text() -> None:
    text, heading = markdown_to_text(MARKDOWN)
    assert heading == "Dion meets Lavrov in Laos"
    assert text.split("\n\n") == [
        "Dion meets Lavrov in Laos",
        "Foreign Affairs Minister Stéphane Dion met Sergey Lavrov on Monday. The "
        "talks_were_private and 2 * 3 = 6. He said *nothing* more & left. Tagged text.",
        "“Engagement matters,” Pickerill said.",
        "first item",
        "second item",
        "third item",
        "Background",
        'print("code kept")',
        "City Country",
        "Vientiane Laos",
    ]


def test_markdown_setext_heading_and_front_matter() -> None:
    assert markdown_to_text("Dion in Laos\n============\n\nText.") == (
        "Dion in Laos\n\nText.",
        "Dion in Laos",
    )
    assert markdown_to_text('---\ntitle: "From front matter"\n---\nText.') == (
        "Text.",
        "From front matter",
    )
    assert markdown_to_text("## Only a subheading\n\nText.")[1] is None


# -- cleaning the seeds ------------------------------------------------------------------


@dataclass(frozen=True)
class SeedEdits:
    dropped: tuple[str, ...]  # a raw paragraph containing one of these is removed
    credits: tuple[str, ...]  # a raw paragraph ending with one of these loses it
    title: str | None


CAPTION_001 = (
    "Canada’s Foreign Affairs Minister Stephane Dion says he had *frank discussions* with "
    "his Russian counterpart Sergey Lavrov during a meeting on the margins of the ASEAN "
    "ministers’ meeting in Laos on July 25, 2016."
)
SEED_EDITS = {
    "000": SeedEdits(
        dropped=(
            "Skip to main content",
            "Follow related authors and topics",
            "Authors and topics you follow will be added to your personal news feed",
            "Interact with The Globe",
        ),
        credits=("Leonhard Foeger/The Associated Press",),
        title=None,
    ),
    "001": SeedEdits(
        dropped=(
            "Photo Credit: (Photo: mid.ru)",  # the caption's second copy goes with it
            "With files from The Canadian Press",
            "Categories: International, Politics",
            "Do you want to report an error or a typo? Click here!",
            "For reasons beyond our control",
        ),
        credits=(),
        title="Dion and Lavrov attempt to mend broken ties during Laos meeting",
    ),
    "002": SeedEdits(
        dropped=(),
        credits=(" (Paul Chiasson/Canadian Press)",),
        title="Canada meets Russian foreign minister for first time in years",
    ),
    "003": SeedEdits(
        dropped=("Looking for more?", "Get the Best of Maclean's sent straight to your inbox."),
        credits=(),
        title="PM Harper urges Putin to play more positive role on Syria",
    ),
    "004": SeedEdits(
        dropped=("Skip to main content", "Know what is happening in the halls of power"),
        credits=("The Canadian Press",),
        title=None,
    ),
}


def _seed(prefix: str) -> str:
    (path,) = seeds_dir().glob(f"{prefix}_*.txt")
    return decode(path.read_bytes())


def _expected(raw: str, edits: SeedEdits) -> list[str]:
    kept = []
    for paragraph in raw.split("\n\n"):
        if any(d in paragraph for d in edits.dropped):
            continue
        for credit in edits.credits:
            paragraph = paragraph.removesuffix(credit)
        kept.append(paragraph)
    return kept


@pytest.mark.parametrize("prefix", sorted(SEED_EDITS))
def test_clean_seed_keeps_the_news_byte_for_byte(prefix: str) -> None:
    edits = SEED_EDITS[prefix]
    raw = _seed(prefix)
    expected = _expected(raw, edits)
    assert expected != raw.split("\n\n")  # every seed has something to clean
    assert clean(raw).text.split("\n\n") == expected


@pytest.mark.parametrize("prefix", sorted(SEED_EDITS))
def test_clean_seed_title(prefix: str) -> None:
    assert clean(_seed(prefix)).title == SEED_EDITS[prefix].title


@pytest.mark.parametrize("prefix", sorted(SEED_EDITS))
def test_clean_seed_has_no_furniture_left(prefix: str) -> None:
    cleaned = clean(_seed(prefix)).text
    for phrase in ("Skip to", "Sign up", "Photo Credit", "Click here", "Follow related", "Tags:"):
        assert phrase not in cleaned


def test_clean_seed_001_keeps_one_caption_then_the_headline() -> None:
    cleaned = clean(_seed("001")).text
    assert cleaned.count(CAPTION_001) == 1
    assert cleaned.startswith(
        CAPTION_001 + "\n\nDion and Lavrov attempt to mend broken ties during Laos meeting\n\n"
    )


def test_clean_seed_captions_lose_glued_credits() -> None:
    assert clean(_seed("000")).text.split("\n\n")[0].endswith("in Vienna, Austria.")
    assert clean(_seed("004")).text.split("\n\n")[0].endswith("Ukraine’s Crimean Peninsula.")


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Story continues below advertisement",
        "Share this article",
        "Share on Facebook Twitter Email",
        "Read more: Putin warns the West over NATO build-up",
        "Related: Canada expels four Russian diplomats",
        "Subscribe to our daily newsletter",
        "Comments",
        "12 Comments",
        "Listen to this article 4 min",
        "Report an error",
        "Editorial code of conduct",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "Photo: Reuters",
        "Tags: Russia, Canada, Ukraine",
        "— With files from Reuters",
        "Skip to content",
        "Follow us on Twitter",
        "Sign up for the Politics Briefing newsletter.",
    ],
)
def test_clean_drops_furniture(line: str) -> None:
    news = "Russia and Canada agreed on Monday to resume talks in Geneva next month."
    assert clean(f"{news}\n\n{line}\n\n{news} Again.").text == f"{news}\n\n{news} Again."


@pytest.mark.parametrize(
    "line",
    [
        "Thousands of Russians rushed to sign up for the new vaccine trial, officials said.",
        "Comments by the minister drew a sharp rebuke from Moscow on Tuesday.",
        "The advertisement ran in three Moscow newspapers.",
        "Related talks were held in Geneva.",
        "Share prices fell in Moscow.",
        "Tags on the crates showed they came from Rostov.",
        "Registered voters in Crimea were told to stay home.",
        "The talks ended.Negotiators will meet again next week.",
        "He moved to the U.S.Army base in Germany",
    ],
)
def test_clean_keeps_news_that_mentions_furniture_words(line: str) -> None:
    assert clean(line).text == line


def test_clean_strips_credits_only_from_captions() -> None:
    assert clean("Putin in Moscow.Sergei Karpukhin/Reuters").text == "Putin in Moscow."
    assert (
        clean("Lavrov speaks in Moscow. (AP Photo/Alexander Zemlianichenko)").text
        == "Lavrov speaks in Moscow."
    )
    poll = "Support rose to 40 per cent (Reuters/Ipsos)."
    assert clean(poll).text == poll


def test_clean_drops_repeated_long_paragraphs_only() -> None:
    caption = "Sergey Lavrov and Stéphane Dion shake hands in Vientiane on Monday."
    text = f"{caption}\n\nYes.\n\nThe talks lasted thirty minutes.\n\nYes.\n\n{caption}"
    assert clean(text).text == f"{caption}\n\nYes.\n\nThe talks lasted thirty minutes.\n\nYes."


def test_clean_joins_hard_wrapped_lines() -> None:
    wrapped = (
        "Foreign Affairs Minister Stéphane Dion sat down Monday with his\n"
        "Russian counterpart Sergey Lavrov, the first meeting of its kind\n"
        "in years."
    )
    assert clean(wrapped).text == " ".join(wrapped.split("\n"))
    address = "Global Affairs Canada\n125 Sussex Drive\nOttawa"
    assert clean(address).text == address


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Russia and Canada agreed on Monday to resume talks in Geneva next month.", None),
        ("By Jane Smith\n\nRussia and Canada agreed on Monday to resume talks in Geneva.", None),
        ("OTTAWA —\n\nRussia and Canada agreed on Monday to resume talks in Geneva.", None),
        ("Putin snubs Ottawa\n\nToo short.", None),
        (
            "Is the thaw over?\n\nRussia and Canada agreed on Monday to resume talks.",
            "Is the thaw over?",
        ),
    ],
)
def test_clean_title(text: str, title: str | None) -> None:
    assert clean(text).title == title


# -- sentences ---------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_sentences_brief_example() -> None:
    text = "Mr. Dion said… The U.S. passed the law in 2012."
    assert _split(text) == ["Mr. Dion said…", "The U.S. passed the law in 2012."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It forced 4.6 million Syrians to flee. The war goes on.", 2),
        ("John F. Kennedy met Nikita Khrushchev in Vienna.", 1),
        ("Dr. Smith and Prof. Jones spoke with Sen. Brown and Gen. Lee.", 1),
        ("They met on Sept. 8 and again on Jan. 5 at St. Petersburg.", 1),
        ("He arrived at 9 a.m. Monday and left at 5 p.m. on Tuesday.", 1),
        ("Allies, e.g. the U.K. and Germany, i.e. two of them, agreed.", 1),
        ("It is ranked No. 1 among Apple Inc. suppliers vs. rivals.", 1),
        ("The law passed in the U.S. The Russians objected.", 2),
        ('He said "no." Then he left.', 2),
        ("“Yes!” he said. “No?” she asked.", 2),
        ("Why? Because. Really!", 3),
        ("It was … not to be. Then … Later it was.", 3),
        ("A headline without a period\n\nThe story starts here.", 2),
        ("One line\nwraps here. And ends.", 2),
    ],
)
def test_sentences_count(text: str, expected: int) -> None:
    assert len(sentences(text)) == expected, _split(text)


def test_sentences_offsets_point_into_the_text() -> None:
    text = clean(_seed("000")).text
    found = sentences(text)
    assert len(found) == 22
    assert any(s.text.endswith("forced 4.6 million Syrians to flee the country.") for s in found)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from(list('aZ .!?…"”’\n\t4U.S')), max_size=200))
def test_sentences_are_ordered_trimmed_spans(text: str) -> None:
    previous_end = 0
    for sentence in sentences(text):
        assert sentence.start >= previous_end
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.text and sentence.text == sentence.text.strip()
        previous_end = sentence.end
    covered = "".join("".join(s.text.split()) for s in sentences(text))
    assert covered == "".join(text.split())  # no character outside a sentence but spaces


def test_sentences_finish_on_a_one_megabyte_line() -> None:
    unit = "Mr. Dion said the U.S. sent 4.6 million doses… Was it enough? “Yes.” "
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    found = sentences(line)
    assert len(found) > 10_000
    assert all(line[s.start : s.end] == s.text for s in found[:100])
    for pathological in ("a." * 500_000, " . " * 333_333, "x" * 1_000_000):
        assert sentences(pathological)
        assert clean(pathological).text


def test_first_sentence_title() -> None:
    assert first_sentence_title("Dion meets Lavrov. They talk.") == "Dion meets Lavrov."
    long = clean(_seed("000")).text
    title = first_sentence_title(long)
    assert title == (
        "Russian Foreign Minister Sergei Lavrov, center left, U.S. Secretary of State John Kerry…"
    )
    assert len(title) <= 90
    assert first_sentence_title("word " * 40, limit=20) == "word word word word…"
    assert first_sentence_title("x" * 50, limit=10) == "x" * 9 + "…"
    assert first_sentence_title("") == ""


def test_decode_of_the_seeds_is_nfc_text() -> None:
    paths = sorted(seeds_dir().glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        text = decode(path.read_bytes())
        assert text == unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def test_lead_skips_photo_captions_and_headlines() -> None:
    seeds = seeds_dir()
    leads = {p.name[:3]: clean(decode(p.read_bytes())).lead for p in sorted(seeds.glob("*.txt"))}
    assert leads["000"] is not None and leads["000"].startswith("The United States and Russia")
    assert leads["004"] is not None and leads["004"].startswith("Two Canadian experts")
    assert leads["001"] is not None and leads["001"].startswith("Canada’s and Russia’s")
