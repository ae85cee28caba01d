"""Re-anchoring in arbitrary, edited text: in bounds, never raising, exact when it can."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.anchoring import make_selector, reanchor

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(-5, 400), st.integers(-5, 400), TEXT, TEXT, TEXT)
def test_any_input_gives_a_span_in_the_text_or_none(
    new: str, start: int, end: int, quote: str, prefix: str, suffix: str
) -> None:
    span = reanchor(new, start, end, quote[:80], prefix[:32], suffix[:32])
    if span is not None:
        assert 0 <= span[0] <= span[1] <= len(new)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.text(min_size=1, max_size=40), TEXT, TEXT, TEXT)
def test_a_quote_left_whole_is_found_exactly_after_edits_around_it(
    before: str, quote: str, after: str, inserted_before: str, inserted_after: str
) -> None:
    text = before + quote + after
    start = len(before)
    q, prefix, suffix = make_selector(text, start, start + len(quote))
    edited = inserted_before + before + quote + after + inserted_after
    span = reanchor(edited, start, start + len(quote), q, prefix, suffix)
    assert span is not None
    assert edited[span[0] : span[1]] == quote
