"""Re-anchoring highlights by position, quote and context after the text changed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.anchoring import make_selector, reanchor

TEXT = (
    "Foreign Affairs Minister Stéphane Dion met his Russian counterpart Sergei Lavrov "
    "on Monday in Vientiane, the first such meeting since 2013. Canada froze most "
    "contacts with Moscow after Russia annexed Crimea in March 2014. Dion said the talks "
    "were frank and that Canada would keep its sanctions in place."
)
QUOTE = "Canada froze most contacts with Moscow"


def anchored(text: str, quote: str = QUOTE) -> tuple[int, int, str, str, str]:
    start = text.index(quote)
    end = start + len(quote)
    return (start, end, *make_selector(text, start, end))


def test_selector_carries_quote_and_context() -> None:
    start, end, quote, prefix, suffix = anchored(TEXT)
    assert quote == QUOTE
    assert TEXT[start - len(prefix) : start] == prefix and len(prefix) == 32
    assert TEXT[end : end + len(suffix)] == suffix and len(suffix) == 32
    assert make_selector("abc", 0, 3) == ("abc", "", "")
    assert make_selector("abc", 5, 9) == ("", "abc", "")


def test_unchanged_text_keeps_the_span() -> None:
    start, end, *selector = anchored(TEXT)
    assert reanchor(TEXT, start, end, *selector) == (start, end)


def test_text_inserted_before_the_quote_shifts_it() -> None:
    start, end, *selector = anchored(TEXT)
    changed = "UPDATED: a correction was appended below.\n\n" + TEXT
    found = reanchor(changed, start, end, *selector)
    assert found is not None
    assert changed[found[0] : found[1]] == QUOTE
    assert found[0] == start + len("UPDATED: a correction was appended below.\n\n")


def test_text_inserted_inside_the_quote_widens_it() -> None:
    start, end, *selector = anchored(TEXT)
    changed = TEXT.replace("froze most contacts", "froze almost all of its contacts")
    found = reanchor(changed, start, end, *selector)
    assert found is not None
    assert changed[found[0] : found[1]] == "Canada froze almost all of its contacts with Moscow"


def test_small_edit_at_the_quote_end_still_places_it() -> None:
    start, end, *selector = anchored(TEXT)
    changed = "Preface. " + TEXT.replace("with Moscow", "with Moskva")
    found = reanchor(changed, start, end, *selector)
    assert found is not None
    assert changed[found[0] : found[1]] == "Canada froze most contacts with Moskva"


def test_deleted_quote_is_an_orphan() -> None:
    start, end, *selector = anchored(TEXT)
    changed = TEXT.replace(
        "Canada froze most contacts with Moscow after Russia annexed Crimea in March 2014. ", ""
    )
    assert reanchor(changed, start, end, *selector) is None
    assert reanchor("", start, end, *selector) is None


def test_repeated_quote_picks_the_occurrence_with_its_context() -> None:
    text = (
        "In Ottawa, officials said the talks were frank. Later, in Moscow, "
        "officials said the talks were frank. Nobody else commented."
    )
    second = text.index("said the talks", text.index("Moscow"))
    quote = "said the talks were frank"
    _, prefix, suffix = make_selector(text, second, second + len(quote))
    # Text inserted at the top moves both occurrences; the old offset now hits neither.
    changed = "Correction: an earlier version misnamed a city.\n" + text
    found = reanchor(changed, second, second + len(quote), quote, prefix, suffix)
    shift = len("Correction: an earlier version misnamed a city.\n")
    assert found == (second + shift, second + shift + len(quote))


def test_repeated_quote_without_context_prefers_the_nearest() -> None:
    text = "aaa XYZ bbb " * 5
    found = reanchor("#" + text, 24, 27, "XYZ", "", "")
    assert found == (29, 32)


def test_large_text_with_a_missing_quote_is_an_orphan() -> None:
    # A megabyte of near-misses: every seed hits, none aligns.
    text = "the talks were " * 70_000
    quote = "the talks were frank and open, said the minister"
    assert reanchor(text, 500, 500 + len(quote), quote, "x" * 32, "y" * 32) is None


@given(
    st.text(alphabet="abc .,XY\n", min_size=1, max_size=300),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=0, max_value=60),
)
def test_unchanged_text_reanchors_to_the_same_span(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    quote, prefix, suffix = make_selector(text, start, end)
    assert reanchor(text, start, end, quote, prefix, suffix) == (start, end)
