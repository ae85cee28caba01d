"""Infer an article's publication date from its own text, as precisely as the text allows.

The date is the intersection of constraints, each an interval set of days:

* hard: the article was written after every past-tense absolute date it mentions, and
  before today;
* the terms of the offices its people hold ("Foreign Affairs Minister Stéphane Dion" was
  written while Dion held that office), from the gazetteer's dated roles;
* news-writing conventions, applied only while they leave a possible day: a month and day
  given without a year are in the publication year (AP style), a bare past year ("in
  2020") is an earlier year than the publication year, and "six years ago" beside "2006"
  puts the article in 2012.

When the latest explicit day the article names lies in what remains, the article is taken
to report that day ("names its day"); otherwise the answer is the finest value covering the
whole window (a week, a month or a year), or nothing when it spans years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.core.actors import ActorMention, Gazetteer
from desktop.core.dates import DateWindow, FuzzyDate, Precision
from desktop.core.text import Sentence
from desktop.core.timex import Tense, Timex, TimexType, sentence_tense

Interval = tuple[dt.date, dt.date]

EARLIEST = dt.date(1800, 1, 1)
RECENT = dt.timedelta(days=183)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_YEARS_AGO = re.compile(
    r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|a)\s+years?\s+(?:ago|later|earlier|before)\b",
    re.IGNORECASE,
)
_EXPLICIT_YEAR = re.compile(r"(?<![\d,.$-])(1[89]\d\d|20\d\d)(?![\d,-])")
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)(?:-(\d\d))?$")


class IntervalSet:
    """A sorted union of disjoint day intervals."""

    __slots__ = ("spans",)

    def __init__(self, spans: Iterable[Interval]) -> None:
        merged: list[Interval] = []
        for start, end in sorted(s for s in spans if s[0] <= s[1]):
            if merged and start <= merged[-1][1] + dt.timedelta(days=1):
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.spans = tuple(merged)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __and__(self, other: IntervalSet) -> IntervalSet:
        out: list[Interval] = []
        for a0, a1 in self.spans:
            for b0, b1 in other.spans:
                lo, hi = max(a0, b0), min(a1, b1)
                if lo <= hi:
                    out.append((lo, hi))
        return IntervalSet(out)

    def contains(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.spans)

    def hull(self) -> DateWindow:
        return DateWindow(self.spans[0][0], self.spans[-1][1])


@dataclass(frozen=True, slots=True)
class Inference:
    """The inferred date and the window of days it was drawn from (for later pinning)."""

    date: FuzzyDate | None
    window: IntervalSet


def _years(make: Iterable[Interval]) -> IntervalSet:
    return IntervalSet(make)


def _year_range(today: dt.date) -> range:
    return range(EARLIEST.year, today.year + 1)


def infer_publication_date(
    text: str,
    timexes: Sequence[Timex],
    sentences: Sequence[Sentence],
    mentions: Sequence[ActorMention],
    gazetteer: Gazetteer,
    today: dt.date | None = None,
) -> Inference:
    """The publication date of ``text``; ``timexes`` must come from ``tag(text, None)``."""
    today = today or dt.date.today()
    window = IntervalSet([(EARLIEST, today)])
    tense_at = _TenseLookup(sentences)

    # Hard constraints: after every explicit past date.
    latest_day: dt.date | None = None
    explicit: list[tuple[Timex, Tense]] = []
    for tx in timexes:
        if tx.type not in (TimexType.DATE, TimexType.TIME) or tx.date is None or tx.relative:
            continue
        tense = tense_at(tx.start)
        explicit.append((tx, tense))
        if tense is Tense.FUTURE or tx.date.start > today:
            continue
        window = _narrow(window, IntervalSet([(tx.date.start, today)]))
        if tx.date.precision is Precision.DAY:
            latest_day = max(latest_day or tx.date.start, tx.date.start)

    # Offices held at the time of writing.
    for mention in mentions:
        if mention.former or not mention.title:
            continue
        periods = gazetteer.role_periods(mention.ref, mention.title)
        if periods:
            window = _narrow(
                window, IntervalSet((start or EARLIEST, end or today) for start, end in periods)
            )

    # Conventions of news writing, each kept only while a day remains possible.
    for constraint in _conventions(text, timexes, explicit, sentences, tense_at, today):
        window = _narrow(window, constraint)

    if latest_day is not None and window.contains(latest_day):
        return Inference(FuzzyDate.of_day(latest_day), IntervalSet([(latest_day, latest_day)]))
    return Inference(window.hull().best_value() if window else None, window)


def _narrow(window: IntervalSet, constraint: IntervalSet) -> IntervalSet:
    narrowed = window & constraint
    return narrowed if narrowed else window


class _TenseLookup:
    """The tense of the sentence holding an offset, computed once per sentence."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = sentences
        self._cache: dict[int, Tense] = {}

    def sentence_index(self, offset: int) -> int:
        lo, hi = 0, len(self._sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def __call__(self, offset: int) -> Tense:
        if not self._sentences:
            return Tense.PAST
        i = self.sentence_index(offset)
        if i not in self._cache:
            self._cache[i] = sentence_tense(self._sentences[i].text)
        return self._cache[i]


def _conventions(
    text: str,
    timexes: Sequence[Timex],
    explicit: Sequence[tuple[Timex, Tense]],
    sentences: Sequence[Sentence],
    tense_at: _TenseLookup,
    today: dt.date,
) -> Iterable[IntervalSet]:
    years = _year_range(today)
    # "six years ago" beside an explicit year: the article is that many years later.
    for m in _YEARS_AGO.finditer(text):
        word = m.group("n").lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        if not n or not sentences:
            continue
        i = tense_at.sentence_index(m.start())
        near = " ".join(s.text for s in sentences[max(0, i - 1) : i + 2])
        mentioned = {int(y) for y in _EXPLICIT_YEAR.findall(near)}
        if len(mentioned) == 1:
            year = mentioned.pop() + n
            yield IntervalSet([(dt.date(year, 1, 1), dt.date(year, 12, 31))])
    # A month (and day) with no year: the publication year (AP style).
    for tx in timexes:
        md = _MONTH_DAY.match(tx.value)
        if md is None or tx.type is not TimexType.DATE:
            continue
        month, day = int(md.group(1)), int(md.group(2) or 1)
        future = tense_at(tx.start) is Tense.FUTURE
        spans = []
        for mentioned_day in _days(years, month, day):
            y = mentioned_day.year
            if future:
                spans.append((dt.date(y, 1, 1), mentioned_day))
            else:
                spans.append((mentioned_day, dt.date(y, 12, 31)))
        yield IntervalSet(spans)
        if md.group(2) and not future:
            # A day given without its year is a recent one: within half a year.
            yield IntervalSet(
                (d, min(d + RECENT, dt.date(d.year, 12, 31))) for d in _days(years, month, day)
            )
    # A bare year in the past tense: journalists say "this year" for the current one.
    for tx, tense in explicit:
        assert tx.date is not None
        if tense is Tense.PAST and tx.date.precision in (Precision.YEAR, Precision.MONTH):
            yield IntervalSet([(dt.date(tx.date.end.year + 1, 1, 1), today)])


def _days(years: range, month: int, day: int) -> Iterable[dt.date]:
    """That month and day in each year where it exists (29 February only in leap years)."""
    for year in years:
        try:
            yield dt.date(year, month, day)
        except ValueError:
            continue
