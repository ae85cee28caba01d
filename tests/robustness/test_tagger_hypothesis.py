"""The tagger on arbitrary text: it never raises, spans index the text, values are TIMEX3."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.dates import FuzzyDate
from desktop.core.timex import TimexType, tag

_YEAR = r"(?:\d{4}|XXXX|BC\d{4})"
_DATE = (
    rf"(?:{_YEAR}(?:-(?P<month>\d{{2}}|XX)(?:-(?P<day>\d{{2}}|XX))?"
    r"|-W(?P<week>\d{2}|XX)(?:-(?:[1-7]|WE))?|-(?:SP|SU|FA|WI)|-Q(?:[1-4]|X)|-H[12])?"
    r"|\d{2,3}|XXX|XX)"  # centuries and decades: "19", "199"
)
_TIME = r"T(?:MO|AF|EV|NI|(?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)"
_AMOUNT = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = rf"P(?:(?:{_AMOUNT}(?:Y|M|W|D|DE|CE|Q))+(?:T(?:{_AMOUNT}[HMS])+)?|T(?:{_AMOUNT}[HMS])+)"
TIMEX3_VALUE = re.compile(
    rf"(?P<date>{_DATE})(?:{_TIME})?|(?P<duration>{_DURATION})|PRESENT_REF|PAST_REF|FUTURE_REF"
)

DATE_WORDS = (
    "31 February 2016", "the 45th of May", "in 1815", "in the 1990s", "300 BC", "May 4",
    "2016-07-25", "7/25/2016", "last year", "two years ago", "on Monday", "this week",
    "Two days earlier", "this past spring", "the 2006 G8 summit", "a 30-minute talk",
    "every Tuesday", "at 3 p.m.", "15:00", "Q4", "the second half of 2015", "today", "now",
    "we", "may", "sat", "32nd", "a 1,000-strong", "٢٠١٦", "2016年7月25日", "יולי 2016", "🤝",
)  # fmt: skip
DCTS = st.sampled_from(
    [
        None,
        FuzzyDate.of_day(dt.date(2016, 7, 25)),
        FuzzyDate.of_day(dt.date(2016, 2, 29)),
        FuzzyDate.of_year(2016),
        FuzzyDate.of_month(1, 1),
        FuzzyDate.of_day(dt.date(9999, 12, 31)),
    ]
)
# Arbitrary Unicode, surrogates excluded (they cannot come out of decoding a file).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)
DATEISH_TEXT = st.lists(
    st.one_of(st.sampled_from(DATE_WORDS), ANY_TEXT.map(lambda s: s[:12])), max_size=30
).map(" ".join)


def _check(text: str, dct: FuzzyDate | None) -> None:
    found = tag(text, dct)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        m = TIMEX3_VALUE.fullmatch(t.value)
        assert m is not None, f"{t.text!r} -> {t.value!r}"
        if t.type is TimexType.DURATION:
            assert m["duration"] and t.date is None
        if t.type in (TimexType.DATE, TimexType.TIME):
            assert not m["duration"]
        _check_calendar(m, t.value)


def _check_calendar(m: re.Match[str], value: str) -> None:
    """No impossible day, month, week or hour reaches a value ("31 February" included)."""
    if m["month"] and m["month"] != "XX":
        assert 1 <= int(m["month"]) <= 12, value
        if m["day"] and m["day"] != "XX" and value[:4].isdigit():
            dt.date(int(value[:4]), int(m["month"]), int(m["day"]))  # raises if impossible
    if m["week"] and m["week"] != "XX":
        assert 1 <= int(m["week"]) <= 53, value
    if m["hour"]:
        assert int(m["hour"]) <= 24 and int(m["minute"]) <= 59, value


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, DCTS)
def test_arbitrary_text(text: str, dct: FuzzyDate | None) -> None:
    _check(text, dct)


@settings(max_examples=300, deadline=None)
@given(DATEISH_TEXT, DCTS)
def test_date_phrases_among_arbitrary_text(text: str, dct: FuzzyDate | None) -> None:
    _check(text, dct)


def test_the_value_pattern_is_not_vacuous() -> None:
    for good in ("2016-07-25", "2016-W30", "2012-SP", "P5Y", "PT30M", "PRESENT_REF", "199"):
        assert TIMEX3_VALUE.fullmatch(good), good
    for bad in ("2016-7-25", "July", "P", "PT", "2016-W30-8", "20160725", ""):
        assert not TIMEX3_VALUE.fullmatch(bad), bad
