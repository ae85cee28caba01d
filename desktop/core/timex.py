"""Date-aware temporal tagger: finds TIMEX3 expressions in English news and resolves them."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from dateparser.date import DateDataParser

from desktop.core import timex_calendar as cal
from desktop.core.dates import FuzzyDate, Precision
from desktop.core.timex_calendar import NEAR_UNITS, Pick
from desktop.core.timex_lexicon import (
    AMBIGUOUS_MONTHS,
    CLOCK_UNITS,
    COUNT_NOUNS,
    MONTHS,
    NON_YEAR_PREFIXES,
    NOT_PAST_ED,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    PAST_IRREGULAR,
    SEASONS,
    UNIT_CODES,
    VAGUE_QUANTITIES,
    WEEKDAYS,
    alternation,
    words,
)


class TimexType(Enum):
    """The four TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Tense(Enum):
    """The crude tense of a sentence or clause, enough to pick "Monday" before or after."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found by :func:`tag`, with its TIMEX3 value.

    ``date`` is the calendar value at the precision actually known (None for durations,
    sets, ``*_REF`` values and anything unresolved); ``relative`` is True when the value
    depended on the document date or on a date mentioned earlier.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    date: FuzzyDate | None
    relative: bool


# ---------------------------------------------------------------------------------------
# Tense
# ---------------------------------------------------------------------------------------

# A future cue swallows the auxiliaries and participle after it, so the "held" of "will be
# held" is not read as a separate past-tense verb.
_FUTURE_TAIL = rf"(?:\s+(?:not|be|have|been|also|still))*(?:\s+(?:{PAST_IRREGULAR}|[a-z]+ed)\b)?"
_TENSE_RE = re.compile(
    r"(?:\b(?:(?P<fut>(?:will|shall|won't|wo\s+n't|"
    r"(?:is|are|am|was|were|be|been)\s+(?:expected|scheduled|set|due|slated|poised|going|"
    r"planning|preparing|about|likely)\s+to|"
    r"(?:is|are|was|were|been)\s+(?:scheduled|set|slated|planned|due)\s+for|"
    r"plans?\s+to|intends?\s+to|"
    rf"(?:is|are|am)\s+(?!being\b|having\b)[a-z]+ing){_FUTURE_TAIL})"
    rf"|(?P<past>{PAST_IRREGULAR}|[a-z][a-z-]*[a-z]ed))\b)"
    rf"|(?P<ll>['’]ll\b{_FUTURE_TAIL})"
)


def _tense_of(m: re.Match[str]) -> Tense | None:
    if m.group("fut") or m.group("ll"):
        return Tense.FUTURE
    word = m.group("past")
    if word and word not in NOT_PAST_ED:
        return Tense.PAST
    return None


def sentence_tense(sentence: str) -> Tense:
    """FUTURE if the sentence has a future cue ("will", "is meeting", "plans to"), else
    PAST if it has a past-tense verb, else PRESENT."""
    found: set[Tense] = set()
    for m in _TENSE_RE.finditer(sentence):
        tense = _tense_of(m)
        if tense is not None:
            found.add(tense)
    if Tense.FUTURE in found:
        return Tense.FUTURE
    return Tense.PAST if Tense.PAST in found else Tense.PRESENT


_SENT_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_ABBREVIATIONS = words(
    """mr mrs ms dr st prof gen sen rep gov lt col capt sgt jr sr u.s u.k u.n inc corp co ltd
    no vs jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m"""
)


def _is_break(text: str, m: re.Match[str]) -> bool:
    if text[m.start()] == "\n":
        return True
    # Only the word before the stop matters; a bounded look keeps one-line texts linear.
    tail = text[max(0, m.start() - 12) : m.start()].split()
    word = tail[-1].lstrip("\"'“‘(").lower() if tail else ""
    return len(word) > 1 and word not in _ABBREVIATIONS


def _pick_for(tense: Tense, present: Pick) -> Pick:
    if tense is Tense.PAST:
        return Pick.ON_OR_BEFORE
    if tense is Tense.FUTURE:
        return Pick.ON_OR_AFTER
    return present


# ---------------------------------------------------------------------------------------
# dateparser: the normaliser for explicit calendar dates (cached, never search_dates)
# ---------------------------------------------------------------------------------------

_PARSE_BASE = dt.datetime(2000, 1, 1)


@lru_cache(maxsize=4)
def _parser(order: str) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": _PARSE_BASE,
            "DATE_ORDER": order,
        },
    )


@lru_cache(maxsize=8192)
def _parse_day(phrase: str, order: str) -> dt.date | None:
    """The day dateparser reads in a complete day-month-year phrase, or None."""
    data = _parser(order).get_date_data(phrase)
    if data.date_obj is None or data.period != "day":
        return None
    value: dt.date = data.date_obj.date()
    return value


def _explicit_day(phrase: str, year: int, month: int, day: int, order: str) -> dt.date | None:
    """Normalise a full date with dateparser; trust it only where it agrees with the pattern."""
    found = _parse_day(phrase, order)
    if found is not None and (found.year, found.month, found.day) == (year, month, day):
        return found
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Candidates and resolution state
# ---------------------------------------------------------------------------------------

_Res = tuple[str, FuzzyDate | None, bool]


@dataclass(slots=True)
class _Markers:
    """The tense cues of one sentence, in text order."""

    starts: list[int]
    ends: list[int]
    tenses: list[Tense]


class _State:
    """What resolution needs while walking the chosen expressions in text order."""

    def __init__(self, text: str, dct: FuzzyDate | None) -> None:
        self.text = text
        self.dct = dct
        self.anchor: FuzzyDate | None = None  # last resolved date, for "two days earlier"
        self.anchor_end = -1
        self._sentence_starts: list[int] | None = None
        self._markers: dict[int, _Markers] = {}

    def sentence(self, pos: int) -> tuple[int, int]:
        """The bounds of the sentence holding ``pos`` (found once for the whole text)."""
        if self._sentence_starts is None:
            text = self.text
            breaks = (m.end() for m in _SENT_BREAK.finditer(text) if _is_break(text, m))
            self._sentence_starts = [0, *breaks]
        starts = self._sentence_starts
        i = bisect.bisect_right(starts, pos) - 1
        return starts[i], starts[i + 1] if i + 1 < len(starts) else len(self.text)

    def tense(self, start: int, end: int) -> Tense:
        """The tense of the cue nearest before the expression in its sentence, else after it.

        Whole-sentence tense is wrong for "flew to Vienna Monday evening for talks that are
        expected to go late into Tuesday evening": each weekday follows its own verb.
        """
        s, e = self.sentence(start)
        marks = self._markers.get(s)
        if marks is None:
            marks = _Markers([], [], [])
            for m in _TENSE_RE.finditer(self.text, s, e):
                tense = _tense_of(m)
                if tense is not None:
                    marks.starts.append(m.start())
                    marks.ends.append(m.end())
                    marks.tenses.append(tense)
            self._markers[s] = marks
        i = bisect.bisect_right(marks.ends, start) - 1
        if i >= 0:
            return marks.tenses[i]
        j = bisect.bisect_left(marks.starts, end)
        return marks.tenses[j] if j < len(marks.tenses) else Tense.PRESENT

    def reference(self, anaphoric: bool) -> FuzzyDate | None:
        if anaphoric and self.anchor is not None:
            return self.anchor
        return self.dct

    def clock_day(self, start: int) -> FuzzyDate | None:
        """The day of a bare clock time: a day named earlier in its sentence, else the dct."""
        if self.anchor is not None and self.anchor.precision is Precision.DAY:
            s, _ = self.sentence(start)
            if self.anchor_end >= s:
                return self.anchor
        return self.dct


def _against(ref: FuzzyDate | None, resolve: cal.Resolver, xvalue: str, near: bool) -> _Res:
    if ref is None:
        return xvalue, None, True
    found = cal.over_window(ref, resolve, near)
    if found is None:
        return xvalue, None, True
    return found.timex, found, True


def _with_time(res: _Res, suffix: str) -> _Res:
    value, date, relative = res
    if date is None:
        return (value + suffix if value.count("-") >= 2 else value), None, relative
    if date.precision is Precision.DAY:
        return date.timex + suffix, date, relative
    return value, date, relative


def _absolute(date: FuzzyDate) -> _Res:
    return date.timex, date, False


def _fixed(value: str) -> Callable[[_State], _Res | None]:
    def resolve(_: _State) -> _Res:
        return value, None, False

    return resolve


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    type: TimexType
    resolve: Callable[[_State], _Res | None]
    rank: int = 0


Builder = Callable[[re.Match[str], str], Iterator[_Cand]]

# ---------------------------------------------------------------------------------------
# Regex building blocks
# ---------------------------------------------------------------------------------------

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"


def _month(name: str) -> str:
    return rf"(?P<{name}>(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})\b\.?)"


_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?P<year>1\d{3}|20\d{2})(?![\w%]|[.,]\d)"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_UNITS = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|week-?ends?|weeks?|fortnights?|months?|"
    r"years?|decades?|century|centuries)"
)
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER = (
    r"(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d+)?|"
    rf"(?i:(?:{_TENS})[\s-](?:{_ONES})|a\s+dozen|a\s+hundred|"
    + alternation(w for w in NUMBER_WORDS if w not in ("a", "an"))
    + r"|a\s+few|a\s+couple\s+of|couple\s+of|a\s+number\s+of|several|some|many|few|an?))"
)
_SEASON = "spring|summer|autumn|fall|winter"
_TIME_ZONE = r"(?:\s+(?P<tz>GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|local\s+time))?"


def _number(raw: str) -> str | None:
    """A duration count as TIMEX3 writes it: "3", "1.5", or "X" for "several"."""
    word = re.sub(r"\s+", " ", raw.lower())
    if word in VAGUE_QUANTITIES:
        return "X"
    if word[0].isdigit():
        digits = word.replace(",", "")
        return digits.rstrip("0").rstrip(".") if "." in digits else str(int(digits))
    total = 0
    for part in re.split(r"[\s-]+", word):
        if part in ("a", "an") and total == 0 and word not in ("a", "an"):
            continue
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return str(total)


def _unit_key(raw: str) -> str:
    word = raw.lower().replace("-", "")
    if word in ("century", "centuries"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def _duration(count: str, unit: str) -> str:
    if unit == "fortnight":
        count, unit = ("X" if count == "X" else _trim(float(count) * 2)), "week"
    code = UNIT_CODES[unit]
    return f"PT{count}{code}" if unit in CLOCK_UNITS else f"P{count}{code}"


def _trim(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _x_value(unit: str) -> str:
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "weekend": "XXXX-WXX-WE",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "year": "XXXX",
        "decade": "XXX",
        "century": "XX",
    }.get(unit, "XXXX")


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w$€£#.]+)\s*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower().rstrip(".") if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([\w%]+)", text[pos : pos + 30])
    return m.group(1).lower() if m else ""


# ---------------------------------------------------------------------------------------
# Rules: each pattern with the builder that turns a match into candidates
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    build: Builder
    rank: int
    reach: int  # how far before its anchor a match may start ("the beginning of" 2014)


# Every match of a rule contains one of its anchors: cheap words found in one pass over a
# lowercased copy, so the rules run only at a few token starts instead of everywhere.
_ANCHORS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "month": "january|february|march|april|may|june|july|august|september|october|"
        "november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec",
        "weekday": "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
        "digit": r"\d+",
        "unit": "second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur",
        "dayword": "today|yesterday|tomorrow|tonight|morning|afternoon|evening|night",
        "season": "spring|summer|autumn|fall|winter",
        "q": "q[1-4]",
        "half": "half",
        "ref": "currently|nowadays|now|presently|recently|lately|past|future|present|moment",
        "set": "every|each|annually|yearly|weekly|daily|monthly|hourly|nightly|quarterly|"
        "biennially|once|twice|thrice|times",
        "noon": "noon|midday|midnight",
    }.items()
}
_RULES_BY_ANCHOR: dict[str, list[_Rule]] = {name: [] for name in _ANCHORS}
_RANKS = itertools.count()


def _rule(pattern: str, anchors: tuple[str, ...], reach: int) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        rule = _Rule(re.compile(pattern), builder, next(_RANKS), reach)
        for anchor in anchors:
            _RULES_BY_ANCHOR[anchor].append(rule)
        return builder

    return register


def _clean_phrase(phrase: str) -> str:
    phrase = re.sub(rf"^(?:{_WEEKDAY})\.?,?\s+", "", phrase)
    phrase = re.sub(r"\b(?:the|of)\s+", "", phrase)
    phrase = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", phrase)
    return re.sub(r"\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?(?=\D|$)", "", phrase, count=1)


def _day_or_month(
    phrase: str, year: int, month: int, day: int, order: str = "MDY"
) -> FuzzyDate | None:
    found = _explicit_day(phrase, year, month, day, order)
    if found is not None:
        return FuzzyDate.of_day(found)
    # An impossible day ("31 February 2016") still names a real month.
    return FuzzyDate.of_month(year, month) if 1 <= month <= 12 else None


def _yearless_day(m: re.Match[str], month: int, day: int) -> _Cand | None:
    if not 1 <= day <= 31 or day > calendar.monthrange(2000, month)[1]:
        return None
    start, end = m.start(), m.end()

    def resolve(state: _State) -> _Res:
        pick = _pick_for(state.tense(start, end), Pick.SAME)
        return _against(
            state.dct,
            lambda d: cal.month_day(d, month, day, pick) or cal.month(d, month, pick),
            f"XXXX-{month:02d}-{day:02d}",
            near=False,
        )

    return _Cand(start, end, TimexType.DATE, resolve)


@_rule(
    rf"\b(?:(?P<wd>{_WEEKDAY})\.?,?\s+)?{_month('mon')}\s*{_DAYNUM}(?!\d|,\d{{3}}(?!\d)|\.\d)"
    r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?(?!\d))?"
    rf"(?:,?\s*{_YEAR})?",
    anchors=("month",),
    reach=12,
)
def _month_day_year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "July 25, 2016", "Sept. 11, 2001", "Monday, July 25", "Jan. 5", "July 25-26"."""
    yield from _calendar_day(m, "MDY")


@_rule(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?i:the)\s+)?{_DAYNUM}\s+(?:of\s+)?{_month('mon')}"
    rf"(?:,?\s*{_YEAR})?",
    anchors=("month",),
    reach=26,
)
def _day_month_year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "5 January 2016", "the 25th of July", "Tuesday, 17 May 2016"."""
    yield from _calendar_day(m, "DMY")


def _calendar_day(m: re.Match[str], order: str) -> Iterator[_Cand]:
    """A month name with a day, and a year or not (then resolved against the dct)."""
    month = MONTHS[m.group("mon").rstrip(".").lower()]
    day = int(m.group("day"))
    if m.group("year") is None:
        cand = _yearless_day(m, month, day)
        if cand is not None:
            yield cand
        return
    date = _day_or_month(_clean_phrase(m.group()), int(m.group("year")), month, day, order)
    if date is not None:
        yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))


@_rule(
    r"\b(?:(?P<mod>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of))(?:\s+|-))?"
    rf"{_month('mon')},?\s+(?:of\s+)?{_YEAR}",
    anchors=("month",),
    reach=20,
)
def _month_year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "March 2014", "August, 2020", "mid-March 2014"."""
    month = MONTHS[m.group("mon").rstrip(".").lower()]
    date = FuzzyDate.of_month(int(m.group("year")), month)
    yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))


_MONTH_TRIGGERS = (
    "in|on|since|until|till|by|from|through|throughout|during|before|after|of|for|around|"
    "between|last|next|this|early|late|mid|past|previous|coming|and|or|to"
)
_SPAN_TRIGGERS = frozenset({"last", "next", "this", "early", "late", "mid", "past", "coming"})
_PREV_MONTH = re.compile(rf"(?:{_MONTH_FULL})\s*(?:,\s*)?$")


@_rule(
    rf"(?:\b(?P<trig>(?i:{_MONTH_TRIGGERS}))(?:\s+|-)|\b)(?P<mon>{_MONTH_FULL})\b",
    anchors=("month",),
    reach=12,
)
def _bare_month(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "in February", "last May", "between March and May"; never the verb "may"."""
    name = m.group("mon").lower()
    trig = (m.group("trig") or "").lower()
    if trig in ("and", "or", "to") and not _PREV_MONTH.search(
        text, max(0, m.start() - 15), m.start()
    ):
        trig = ""
    if name in AMBIGUOUS_MONTHS and not trig:
        return
    month = MONTHS[name]
    start = m.start() if trig in _SPAN_TRIGGERS else m.start("mon")
    end = m.end()
    fixed = {"last": Pick.BEFORE, "past": Pick.BEFORE, "previous": Pick.BEFORE}
    fixed |= {"next": Pick.AFTER, "coming": Pick.AFTER, "this": Pick.SAME}

    def resolve(state: _State) -> _Res:
        pick = fixed.get(trig) or _pick_for(state.tense(start, end), Pick.SAME)
        return _against(state.dct, lambda d: cal.month(d, month, pick), f"XXXX-{month:02d}", False)

    yield _Cand(start, end, TimexType.DATE, resolve)


_NEWSPAPER_WORDS = "Times|Telegraph|Express|Mirror|Herald|Post|Star|Mail|Sun|People|Observer"


@_rule(
    r"\b(?:(?P<pre>(?i:last|next|this|early|late|on|until|by|since|from|before|after|every|"
    r"each|coming|past))\s+)?"
    rf"(?P<wd>{_WEEKDAY})(?P<pl>s)?\b(?!['’]?\s*(?:{_NEWSPAPER_WORDS})\b)"
    r"(?:\s+(?P<pod>morning|afternoon|evening|night)(?P<pods>s)?\b)?",
    anchors=("weekday",),
    reach=8,
)
def _weekday(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "on Monday", "Monday evening", "last Friday", "every Monday" (a set)."""
    pre = (m.group("pre") or "").lower()
    target = WEEKDAYS[m.group("wd").lower()]
    start = m.start() if pre in _SPAN_TRIGGERS | {"every", "each"} else m.start("wd")
    end = m.end()
    pod = m.group("pod")
    suffix = f"T{PARTS_OF_DAY[pod]}" if pod else ""
    if m.group("pl") or m.group("pods") or pre in ("every", "each"):
        yield _Cand(start, end, TimexType.SET, _fixed(f"XXXX-WXX-{target + 1}{suffix}"))
        return
    fixed = {"last": Pick.BEFORE, "past": Pick.BEFORE, "next": Pick.AFTER}
    fixed |= {"coming": Pick.AFTER, "this": Pick.SAME}

    def resolve(state: _State) -> _Res:
        pick = fixed.get(pre) or _pick_for(state.tense(start, end), Pick.NEAREST)
        res = _against(
            state.dct, lambda d: cal.weekday(d, target, pick), f"XXXX-WXX-{target + 1}", True
        )
        return _with_time(res, suffix)

    yield _Cand(start, end, TimexType.TIME if pod else TimexType.DATE, resolve)


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@_rule(
    r"\b(?:(?P<w>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)"
    r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?"
    r"|(?P<this>[Tt]his)\s+(?P<pod2>morning|afternoon|evening)"
    r"|(?P<lastnight>[Ll]ast\s+night)"
    r"|(?P<two>[Tt]he\s+day\s+(?:before\s+yesterday|after\s+tomorrow)))\b",
    anchors=("dayword",),
    reach=16,
)
def _day_word(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "today", "yesterday morning", "tonight", "this morning", "last night"."""
    if m.group("w"):
        word = m.group("w").lower()
        offset = _DAY_WORDS[word]
        pod = m.group("pod") or ("night" if word == "tonight" else None)
    elif m.group("this"):
        offset, pod = 0, m.group("pod2")
    elif m.group("lastnight"):
        offset, pod = -1, "night"
    else:
        offset, pod = (-2 if "before" in m.group("two") else 2), None
    suffix = f"T{PARTS_OF_DAY[pod]}" if pod else ""

    def resolve(state: _State) -> _Res:
        res = _against(state.dct, lambda d: cal.shift(d, "day", offset), "XXXX-XX-XX", True)
        return _with_time(res, suffix)

    yield _Cand(m.start(), m.end(), TimexType.TIME if pod else TimexType.DATE, resolve)


_REL_DETS = (
    r"this\s+past|this\s+coming|this|last|next|the\s+past|the\s+last|the\s+coming|"
    r"the\s+previous|the\s+preceding|the\s+following|the\s+next|the\s+same|that|the\s+current"
)
_DURATION_PREPS = frozenset({"over", "for", "within", "during", "in", "throughout"})


@_rule(
    r"\b(?:(?P<mod>(?i:earlier|later|early|late))\s+)?"
    rf"(?P<det>(?i:{_REL_DETS}))\s+"
    rf"(?P<unit>day|week-?end|week|month|quarter|year|decade|century|{_SEASON})\b",
    anchors=(
        "unit",
        "season",
    ),
    reach=22,
)
def _relative_unit(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "last year", "earlier this month", "this week", "this past spring", "that year"."""
    det = re.sub(r"\s+", " ", m.group("det").lower())
    unit = _unit_key(m.group("unit"))
    start, end = m.start(), m.end()
    stretch = det in ("the past", "the last") or (
        det in ("the next", "the coming") and _prev_word(text, start) in _DURATION_PREPS
    )
    if stretch and unit not in SEASONS:
        # "the past year", "over the next month": a stretch of time, not a calendar unit.
        if unit == "day" or m.group("mod"):
            return
        yield _Cand(start, end, TimexType.DURATION, _fixed(_duration("1", unit)))
        return
    anaphoric = det in ("the previous", "the preceding", "the following", "the next")
    anaphoric = anaphoric or det in ("the same", "that")
    if unit == "day" and not anaphoric:
        return
    k = {"last": -1, "this past": -1, "the past": -1, "the last": -1}.get(det, 0)
    k = {"next": 1, "this coming": 1}.get(det, k)
    k = {"the previous": -1, "the preceding": -1, "the following": 1, "the next": 1}.get(det, k)
    k = 1 if det == "the coming" else k

    if unit in SEASONS:
        target = SEASONS[unit]
        pick = {-1: Pick.BEFORE, 0: Pick.SAME, 1: Pick.AFTER}[k]

        def resolve_season(state: _State) -> _Res:
            ref = state.reference(anaphoric)
            return _against(
                ref, lambda d: cal.season(d, target, pick), f"XXXX-{target.value}", False
            )

        yield _Cand(start, end, TimexType.DATE, resolve_season)
        return

    near = unit in NEAR_UNITS

    def resolve(state: _State) -> _Res:
        ref = state.reference(anaphoric)
        res = _against(ref, lambda d: cal.shift(d, unit, k), _x_value(unit), near)
        if unit == "weekend" and res[1] is not None and res[1].precision is Precision.WEEK:
            return res[0] + "-WE", res[1], True
        return res

    yield _Cand(start, end, TimexType.DATE, resolve)


@_rule(
    r"\b(?P<mod>(?i:the\s+(?:end|beginning|start|middle|rest|remainder)\s+of|"
    r"(?:earlier|later)\s+in))\s+the\s+(?P<unit>week|month|year)\b",
    anchors=("unit",),
    reach=28,
)
def _part_of_current(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "by the end of the year", "later in the month": the dct's own unit."""
    unit = m.group("unit")
    start = m.start() if m.group("mod").lower().startswith("the") else m.start("unit") - 4

    def resolve(state: _State) -> _Res:
        near = unit == "week"
        return _against(state.dct, lambda d: cal.shift(d, unit, 0), _x_value(unit), near)

    yield _Cand(start, m.end(), TimexType.DATE, resolve)


_AGO_DIRS = (
    r"ago|earlier|later|back|hence|from\s+now|before(?=\s*[,.;:!?)]|\s*$)|"
    r"after(?=\s*[,.;:!?)]|\s*$)"
)


@_rule(
    rf"\b(?:{_NUMBER}[\s-]+)?(?i:{_UNITS})\s+(?P<dir>{_AGO_DIRS})\b", anchors=("unit",), reach=18
)
def _ago(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "two years ago", "Two days earlier", "six years later", "years ago"."""
    unit = _unit_key(m.group("unit"))
    raw_n = m.group("n")
    if raw_n is None and not m.group("unit").lower().endswith("s"):
        return
    count = _number(raw_n) if raw_n else "X"
    if count is None:
        return
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    sign = -1 if direction in ("ago", "back", "earlier", "before") else 1
    anaphoric = direction in ("earlier", "later", "before", "after")
    start, end = m.start(), m.end()
    if count == "X" or "." in count or int(count) > 10000:
        ref_value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        yield _Cand(start, end, TimexType.DATE, _fixed(ref_value))
        return
    k = sign * int(count)
    if unit == "fortnight":
        unit, k = "week", 2 * k
    elif unit in CLOCK_UNITS:
        unit, k = "day", 0
    elif unit == "weekend":
        unit = "week"
    near = (unit in NEAR_UNITS and abs(k) <= 1) or (unit == "day" and abs(k) <= 7)

    def resolve(state: _State) -> _Res:
        ref = state.reference(anaphoric)
        return _against(ref, lambda d: cal.shift(d, unit, k), _x_value(unit), near)

    yield _Cand(start, end, TimexType.DATE, resolve)


@_rule(
    r"\b(?P<the>(?i:the|these|those)\s+(?:past|last|next|coming|previous|following|first|"
    r"final|remaining|initial|recent)\s+)"
    rf"(?:{_NUMBER}\s+)?(?i:{_UNITS})\b",
    anchors=("unit",),
    reach=40,
)
def _span_duration(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "the past three years", "the next few days", "the past weeks"."""
    unit = _unit_key(m.group("unit"))
    raw_n = m.group("n")
    if raw_n is None and not m.group("unit").lower().endswith("s"):
        return  # "the past year" is the relative-unit rule's
    count = _number(raw_n) if raw_n else "X"
    if count is None or unit == "quarter":
        return
    yield _Cand(m.start(), m.end(), TimexType.DURATION, _fixed(_duration(count, unit)))


@_rule(
    rf"(?<![\w$€£.,-]){_NUMBER}(?:\s+more)?(?P<sep>[\s-]+)(?i:{_UNITS})"
    r"(?P<half>\s+and\s+a\s+half)?(?P<adj>-long|-old|\s+old\b|\s+older\b|\s+younger\b)?\b",
    anchors=("unit",),
    reach=20,
)
def _count_duration(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "six years", "a 30-minute discussion", "an 18-month uprising", "three weeks"."""
    adj = (m.group("adj") or "").strip()
    if adj and adj != "-long":
        return  # ages ("a 10-year-old") are not durations in TimeML practice
    unit = _unit_key(m.group("unit"))
    raw_n = re.sub(r"\s+", " ", m.group("n").lower())
    if unit == "quarter" or (unit == "second" and raw_n in ("a", "an", "one")):
        return  # "a quarter of", "a second term"
    count = _number(raw_n)
    if count is None:
        return
    if m.group("half") and count != "X":
        count, unit = _half_more(float(count), unit)
    yield _Cand(m.start(), m.end(), TimexType.DURATION, _fixed(_duration(count, unit)))


def _half_more(count: float, unit: str) -> tuple[str, str]:
    finer = {"year": ("month", 12), "day": ("hour", 24), "hour": ("minute", 60)}
    if unit in finer:
        name, factor = finer[unit]
        return _trim((count + 0.5) * factor), name
    return _trim(count + 0.5), unit


@_rule(r"\b(?i:half)\s+an?\s+(?P<unit>hour|day|year|century)\b", anchors=("half",), reach=0)
def _half_unit(m: re.Match[str], text: str) -> Iterator[_Cand]:
    value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "century": "P50Y"}
    yield _Cand(m.start(), m.end(), TimexType.DURATION, _fixed(value[m.group("unit").lower()]))


@_rule(
    r"\b(?i:for|in|over|within)\s+(?P<unit>years|decades|months|weeks|days|hours|centuries)\b",
    anchors=("unit",),
    reach=8,
)
def _vague_duration(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "for years", "in decades": the unit word alone, a duration of unknown length."""
    unit = _unit_key(m.group("unit"))
    yield _Cand(m.start("unit"), m.end(), TimexType.DURATION, _fixed(_duration("X", unit)))


def _clock_value(start: int, hour: int, minute: int) -> Callable[[_State], _Res]:
    suffix = f"T{hour:02d}:{minute:02d}"

    def resolve(state: _State) -> _Res:
        day = state.clock_day(start)
        if day is None:
            return "XXXX-XX-XX" + suffix, None, True
        if day.precision is Precision.DAY:
            return day.timex + suffix, day, True
        return day.timex, day, True

    return resolve


@_rule(
    r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*"
    r"(?P<ap>[AaPp]\.[Mm]\.|[AaPp]\.?[Mm]\b|o['’]clock\b)" + _TIME_ZONE,
    anchors=("digit",),
    reach=0,
)
def _clock_12(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "3 p.m.", "10:30 am", "5 o'clock"."""
    hour = int(m.group("h"))
    ap = m.group("ap").lower()
    if ap.startswith("p") and hour != 12:
        hour += 12
    elif ap.startswith("a") and hour == 12:
        hour = 0
    minute = int(m.group("mi") or 0)
    yield _Cand(m.start(), m.end(), TimexType.TIME, _clock_value(m.start(), hour, minute))


_CLOCK_PREPS = frozenset(
    {"at", "by", "until", "till", "from", "before", "after", "around", "since"}
)


@_rule(
    r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?!\.\d)" + _TIME_ZONE,
    anchors=("digit",),
    reach=0,
)
def _clock_24(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "at 15:00", "18:30 GMT" (a bare h:mm needs a preposition or a time zone)."""
    if not m.group("tz") and _prev_word(text, m.start()) not in _CLOCK_PREPS:
        return
    hour, minute = int(m.group("h")), int(m.group("mi"))
    yield _Cand(m.start(), m.end(), TimexType.TIME, _clock_value(m.start(), hour, minute))


@_rule(r"\b(?P<w>(?i:noon|midday|midnight))\b", anchors=("noon",), reach=0)
def _noon(m: re.Match[str], text: str) -> Iterator[_Cand]:
    hour = 24 if m.group("w").lower() == "midnight" else 12
    yield _Cand(m.start(), m.end(), TimexType.TIME, _clock_value(m.start(), hour, 0))


@_rule(
    r"(?<![\w$€£#.,:/'’-])(?:(?P<mod>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|"
    r"the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of|fiscal|calendar))(?:\s+|-))?"
    r"(?P<year>1\d{3}|20\d{2})(?![\w%]|[.,:/]\d|-[A-Za-z]|\s*(?:percent|per\s+cent)\b)"
    r"(?:\s*[-–]\s*(?P<year2>1\d{3}|20\d{2})(?![\w%-]|[.,:/]\d))?",
    anchors=("digit",),
    reach=20,
)
def _year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "2014", "in 1815", "mid-2014", "fiscal 2016", "from 2012 to 2014", "2012-2014"."""
    if not m.group("mod"):
        before, after = _prev_word(text, m.start()), _next_word(text, m.end("year"))
        if before in NON_YEAR_PREFIXES or after in COUNT_NOUNS:
            return
        if before.isdigit() or (after.isdigit() and not m.group("year2")):
            return  # a group in a longer number: "4111 1111 1111"
    year = FuzzyDate.of_year(int(m.group("year")))
    yield _Cand(m.start(), m.end("year"), TimexType.DATE, lambda _s: _absolute(year))
    if m.group("year2") and int(m.group("year2")) > year.year:
        second = FuzzyDate.of_year(int(m.group("year2")))
        yield _Cand(m.start("year2"), m.end(), TimexType.DATE, lambda _s: _absolute(second))


@_rule(r"\b(?P<y>\d{1,4})\s*(?P<era>BC|B\.C\.|BCE|B\.C\.E\.)(?!\w)", anchors=("digit",), reach=0)
def _year_bc(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "300 BC": a valid TIMEX3 value, but no calendar date (FuzzyDate has no year zero)."""
    value = f"BC{int(m.group('y')):04d}"
    yield _Cand(m.start(), m.end(), TimexType.DATE, _fixed(value))


@_rule(
    r"\b(?:(?P<the>[Tt]he)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
    rf"(?P<season>(?i:{_SEASON}))(?:\s+of)?,?\s+{_YEAR}",
    anchors=("season",),
    reach=12,
)
def _season_year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "spring 2012", "the summer of 2012"."""
    date = FuzzyDate.of_season(int(m.group("year")), SEASONS[m.group("season").lower()])
    # "the" belongs to the expression only in "the summer of 2012", not "the spring 2012 protests"
    of = re.search(r"\sof\s", m.group())
    start = m.start() if of or not m.group("the") else m.start("the") + 4
    start = m.start("mod") if m.group("mod") and start > m.start("mod") else start
    yield _Cand(start, m.end(), TimexType.DATE, lambda _s: _absolute(date))


@_rule(
    r"\b(?P<trig>(?i:in|during|since|until|by|over|through|throughout|early|late|mid|"
    r"before|after))(?:\s+|-)(?:(?P<the>the)\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?"
    rf"(?P<season>{_SEASON})\b(?!\s+of\b)",
    anchors=("season",),
    reach=22,
)
def _bare_season(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "in the spring", "during the summer", "early spring"."""
    target = SEASONS[m.group("season")]
    if m.group("the"):
        start = m.start("the")
    elif m.group("mod"):
        start = m.start("mod")
    elif m.group("trig").lower() in ("early", "late", "mid"):
        start = m.start()
    else:
        start = m.start("season")
    end = m.end()

    def resolve(state: _State) -> _Res:
        pick = _pick_for(state.tense(start, end), Pick.SAME)
        return _against(
            state.dct, lambda d: cal.season(d, target, pick), f"XXXX-{target.value}", False
        )

    yield _Cand(start, end, TimexType.DATE, resolve)


_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_ORDINAL_QUARTER |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@_rule(
    r"\b(?:(?P<the>[Tt]he)\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))"
    r"[\s-]+quarter\b"
    rf"(?:\s+of\s+(?:(?i:fiscal)\s+)?{_YEAR}|,?\s+(?P<year2>1\d{{3}}|20\d{{2}})(?![\w%]))?",
    anchors=("unit",),
    reach=12,
)
def _quarter(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "the first quarter", "first-quarter", "the fourth quarter of 2015"."""
    ordinal = m.group("ord").lower()
    target = _ORDINAL_QUARTER[ordinal]
    year = m.group("year") or m.group("year2")
    if not year and ordinal in ("final", "last"):
        return  # "the last quarter" is the relative-unit rule's
    yield _quarter_of(m, target, year)


@_rule(
    r"\bQ(?P<q>[1-4])(?:\s*(?:of\s+)?(?P<year>1\d{3}|20\d{2})(?![\w%]))?\b"
    r"|\b(?P<year2>1\d{3}|20\d{2})\s*Q(?P<q2>[1-4])\b",
    anchors=(
        "q",
        "digit",
    ),
    reach=0,
)
def _quarter_code(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "Q1 2016", "2016 Q1" (a bare "Q1" resolves like "the first quarter")."""
    target = int(m.group("q") or m.group("q2"))
    yield _quarter_of(m, target, m.group("year") or m.group("year2"))


def _quarter_of(m: re.Match[str], target: int, year: str | None) -> _Cand:
    """A quarter of a given year, or of the year the dct and tense point to."""
    if year:
        date = FuzzyDate.of_quarter(int(year), target)
        return _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))
    start, end = m.start(), m.end()

    def resolve(state: _State) -> _Res:
        pick = _pick_for(state.tense(start, end), Pick.SAME)
        return _against(state.dct, lambda d: cal.quarter(d, target, pick), f"XXXX-Q{target}", False)

    return _Cand(start, end, TimexType.DATE, resolve)


@_rule(
    rf"\b(?:[Tt]he\s+)?(?P<half>[Ff]irst|[Ss]econd)\s+half\s+of\s+{_YEAR}",
    anchors=("half",),
    reach=12,
)
def _half_year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "the first half of 2016" -> 2016-H1 (the calendar value coarsens to the year)."""
    half = 1 if m.group("half").lower() == "first" else 2
    year = int(m.group("year"))
    value = f"{year:04d}-H{half}"
    yield _Cand(
        m.start(), m.end(), TimexType.DATE, lambda _s: (value, FuzzyDate.of_year(year), False)
    )


@_rule(
    r"\b(?:(?P<the>[Tt]he)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
    r"(?:(?P<dec>1\d\d0|20\d0)|['’](?P<dec2>\d0))['’]?s\b",
    anchors=("digit",),
    reach=12,
)
def _decade(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "the 1990s", "the mid-1980s", "the '90s"."""
    year = int(m.group("dec")) if m.group("dec") else 1900 + int(m.group("dec2"))
    if m.group("dec2") is None and m.start("dec") > 0 and text[m.start("dec") - 1] in "$€£":
        return
    date = FuzzyDate.of_decade(year)
    yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))


@_rule(
    r"\b(?:(?P<the>[Tt]he)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
    rf"(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th)|(?P<word>(?i:{alternation(ORDINAL_WORDS)})))"
    r"[\s-]+[Cc]entury\b",
    anchors=("unit",),
    reach=28,
)
def _century(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "the 19th century" -> 18, "the twenty-first century" -> 20."""
    number = int(m.group("num")) if m.group("num") else ORDINAL_WORDS[m.group("word").lower()]
    if not 1 <= number <= 30:
        return
    date = FuzzyDate.of_century((number - 1) * 100)
    value = f"{number - 1:02d}"
    yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: (value, date, False))


@_rule(
    r"(?<![\w.:/-])(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d|-\d)"
    r"|(?<![\w.:/-])(?P<y2>1\d{3}|20\d{2})/(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)(?![\w/])",
    anchors=("digit",),
    reach=0,
)
def _iso_date(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "2016-07-25", "2016/07/25"."""
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (
        m.group("y2"), m.group("m2"), m.group("d2"))  # fmt: skip
    phrase = f"{y}-{int(mo):02d}-{int(d):02d}"
    found = _explicit_day(phrase, int(y), int(mo), int(d), "YMD")
    if found is not None:
        date = FuzzyDate.of_day(found)
        yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))


@_rule(
    r"(?<![\w.:/-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:1\d|20)?\d\d)(?![\w/]|[.,]\d)",
    anchors=("digit",),
    reach=0,
)
def _slash_date(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "7/25/2016" (US order), "25/7/2016" when the first number cannot be a month."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if len(m.group("y")) == 2:
        y += 2000 if y < 50 else 1900
    month, day, order = (a, b, "MDY") if a <= 12 else (b, a, "DMY")
    if not 1 <= month <= 12:
        return
    found = _explicit_day(f"{a}/{b}/{y}", y, month, day, order)
    if found is not None:
        date = FuzzyDate.of_day(found)
        yield _Cand(m.start(), m.end(), TimexType.DATE, lambda _s: _absolute(date))


@_rule(
    r"\b(?:(?P<w>(?i:currently|nowadays|presently|recently|lately|these\s+days)|[Nn]ow(?![\w-]))"
    r"|(?P<prep>(?i:in|of|from|into|than|for|to|at))\s+"
    r"(?P<w2>(?i:the\s+(?:near\s+|distant\s+|recent\s+|foreseeable\s+)?(?:past|future)|"
    r"the\s+present(?:\s+day)?|present|the\s+moment)))\b",
    anchors=(
        "ref",
        "unit",
    ),
    reach=20,
)
def _reference(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "now", "currently", "at present", "recently", "in the past", "in the future".

    TimeML marks "now" as a reference to the present (PRESENT_REF), not a calendar date:
    it never becomes a dated event, unlike the day search_dates would make of it.
    """
    word = (m.group("w") or m.group("w2")).lower()
    if m.group("w2") and word == "present" and m.group("prep").lower() != "at":
        return
    if word == "the moment" and m.group("prep").lower() != "at":
        return
    value = "PRESENT_REF"
    if word.endswith("past") or word in ("recently", "lately"):
        value = "PAST_REF"
    elif word.endswith("future"):
        value = "FUTURE_REF"
    start = m.start("w") if m.group("w") else m.start("w2")
    yield _Cand(start, m.end(), TimexType.DATE, _fixed(value))


_SET_ADVERBS = {
    "annually": "P1Y", "yearly": "P1Y", "weekly": "P1W", "daily": "P1D", "monthly": "P1M",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biennially": "P2Y",
}  # fmt: skip


@_rule(
    r"\b(?P<q>(?i:every|each))\s+(?:(?P<other>other)\s+)?(?:"
    rf"{_NUMBER}\s+)?(?:(?i:{_UNITS})|(?P<wd>{_WEEKDAY})|(?P<mon>{_MONTH_FULL})|"
    rf"(?P<season>(?i:{_SEASON})))\b"
    rf"|\b(?P<adv>(?:[Aa]nnually|[Yy]early|weekly|daily|monthly|hourly|nightly|[Qq]uarterly|"
    r"[Bb]iennially))\b"
    rf"|\b(?P<freq>(?i:once|twice|thrice)|{_NUMBER.replace('<n>', '<fn>')}\s+times)\s+"
    r"(?:a|an|per|each|every)\s+(?P<funit>second|minute|hour|day|week|month|year|decade)\b",
    anchors=(
        "set",
        "unit",
    ),
    reach=20,
)
def _set(m: re.Match[str], text: str) -> Iterator[_Cand]:
    """ "every week", "each year", "annually", "every Monday", "twice a year"."""
    if m.group("adv"):
        value = _SET_ADVERBS[m.group("adv").lower()]
    elif m.group("freq"):
        value = _duration("1", m.group("funit"))
    elif m.group("wd"):
        value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}"
    elif m.group("mon"):
        value = f"XXXX-{MONTHS[m.group('mon').lower()]:02d}"
    elif m.group("season"):
        value = f"XXXX-{SEASONS[m.group('season').lower()].value}"
    else:
        unit = _unit_key(m.group("unit"))
        count = _number(m.group("n")) if m.group("n") else "1"
        if count is None or count == "X" or unit == "quarter":
            return
        if m.group("other"):
            count = _trim(float(count) * 2)
        if unit == "fortnight":
            count, unit = _trim(float(count) * 2), "week"
        value = _duration(count, unit)
    yield _Cand(m.start(), m.end(), TimexType.SET, _fixed(value))


# ---------------------------------------------------------------------------------------
# Tagging
# ---------------------------------------------------------------------------------------


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Leftmost-longest non-overlapping choice; on equal spans the earlier rule wins."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.rank))
    chosen: list[_Cand] = []
    for c in cands:
        if c.end <= c.start:
            continue
        if chosen and c.start < chosen[-1].end:
            last = chosen[-1]
            if c.end - c.start > last.end - last.start:
                chosen[-1] = c
            continue
        chosen.append(c)
    return chosen


_TOKEN_START = re.compile(r"(?<![\w'’])[\w'’$€£]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MAX_REACH = 40


def _anchor_hits(text: str) -> Iterator[tuple[int, str]]:
    """Every anchor in text order, as (offset, anchor class)."""
    low = text.lower()
    if len(low) != len(text):
        # A few characters ("İ") grow when lowercased; anchors are ASCII, so blank them.
        low = _NON_ASCII.sub("\x00", text).lower()

    def hits(name: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, str]]:
        for m in pattern.finditer(low):
            yield m.start(), name

    return heapq.merge(*(hits(name, pattern) for name, pattern in _ANCHORS.items()))


def _candidates(text: str) -> list[_Cand]:
    """All rule matches, found like ``finditer`` per rule but tried only near anchors."""
    cands: list[_Cand] = []
    done: dict[int, int] = {}  # rule rank -> end of its last match, so matches never overlap
    at_anchor = [0]
    for s, name in _anchor_hits(text):
        starts: list[int] | None = None
        for rule in _RULES_BY_ANCHOR[name]:
            floor = done.get(rule.rank, 0)
            if s < floor:
                continue
            if rule.reach == 0:
                at_anchor[0] = s
                tries: list[int] = at_anchor
            else:
                if starts is None:
                    lo = max(0, s - _MAX_REACH)
                    starts = [t.start() for t in _TOKEN_START.finditer(text, lo, s + 1)]
                tries = starts[bisect.bisect_left(starts, max(floor, s - rule.reach)) :]
            for p in tries:
                m = rule.pattern.match(text, p)
                if m is not None and m.end() > s:
                    done[rule.rank] = m.end()
                    for cand in rule.build(m, text):
                        cand.rank = rule.rank
                        cands.append(cand)
                    break
    return cands


@dataclass(frozen=True, slots=True)
class Scan:
    """The expressions found in one text, not yet resolved. Finding them is most of the
    tagger's work and does not depend on the publication date, so a text tagged against
    two dates (a guess, then the inferred date) is scanned once."""

    text: str
    candidates: tuple[_Cand, ...]


def scan(text: str) -> Scan:
    return Scan(text, tuple(_select(_candidates(text))))


def tag(text: str, dct: FuzzyDate | None, scanned: Scan | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, sorted by start and non-overlapping.

    ``dct`` is the publication date at whatever precision is known, or None; relative
    expressions resolve only as precisely as it allows. ``scanned``, from ``scan(text)``,
    saves scanning the text again.
    """
    if scanned is None or scanned.text is not text:
        scanned = scan(text)
    state = _State(text, dct)
    found: list[Timex] = []
    for cand in scanned.candidates:
        res = cand.resolve(state)
        if res is None:
            continue
        value, date, relative = res
        span = text[cand.start : cand.end]
        found.append(Timex(cand.start, cand.end, span, cand.type, value, date, relative))
        if date is not None and cand.type in (TimexType.DATE, TimexType.TIME):
            state.anchor, state.anchor_end = date, cand.end
    return found


__all__ = ["Scan", "Tense", "Timex", "TimexType", "scan", "sentence_tense", "tag"]
