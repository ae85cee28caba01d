"""Calendar values that carry their precision: "2014" stays a year, never a day in 2014."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import total_ordering


class Precision(Enum):
    """How much of a date the source actually gave, finest first."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def finer_than(self, other: Precision) -> bool:
        return self.rank < other.rank


_RANK = {p: i for i, p in enumerate(Precision)}


class Season(Enum):
    """TimeML season codes; meteorological, northern hemisphere (winter runs Dec-Feb)."""

    SPRING = "SP"
    SUMMER = "SU"
    FALL = "FA"
    WINTER = "WI"

    @property
    def first_month(self) -> int:
        return {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[self.value]

    @property
    def label(self) -> str:
        return {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}[self.value]


MONTH_ABBR = (
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)  # fmt: skip

_TIMEX_PATTERNS: tuple[tuple[re.Pattern[str], Precision], ...] = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), Precision.DAY),
    (re.compile(r"^(\d{4})-W(\d{2})$"), Precision.WEEK),
    (re.compile(r"^(\d{4})-(\d{2})$"), Precision.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$"), Precision.QUARTER),
    (re.compile(r"^(\d{4})-(SP|SU|FA|WI)$"), Precision.SEASON),
    (re.compile(r"^(\d{4})$"), Precision.YEAR),
    (re.compile(r"^(\d{3})$"), Precision.DECADE),
    (re.compile(r"^(\d{2})$"), Precision.CENTURY),
)


@total_ordering
@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to some precision.

    Only the fields the precision needs are set: ``year`` always (for a decade, its first
    year, e.g. 1990; for a century, e.g. 1900), ``month`` for MONTH and DAY, ``day`` for DAY,
    ``week`` (ISO, with ``year`` the ISO year) for WEEK, ``season`` for SEASON and
    ``quarter`` for QUARTER. Build one with the ``of_*`` constructors or :meth:`from_timex`.
    """

    precision: Precision
    year: int
    month: int | None = None
    day: int | None = None
    week: int | None = None
    season: Season | None = None
    quarter: int | None = None

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def of_day(cls, value: dt.date) -> FuzzyDate:
        return cls(Precision.DAY, value.year, value.month, value.day)

    @classmethod
    def of_month(cls, year: int, month: int) -> FuzzyDate:
        if not 1 <= month <= 12:
            raise ValueError(f"month out of range: {month}")
        return cls(Precision.MONTH, year, month)

    @classmethod
    def of_year(cls, year: int) -> FuzzyDate:
        return cls(Precision.YEAR, year)

    @classmethod
    def of_week(cls, value: dt.date) -> FuzzyDate:
        iso_year, iso_week, _ = value.isocalendar()
        return cls(Precision.WEEK, iso_year, week=iso_week)

    @classmethod
    def of_season(cls, year: int, season: Season) -> FuzzyDate:
        return cls(Precision.SEASON, year, season=season)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> FuzzyDate:
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter out of range: {quarter}")
        return cls(Precision.QUARTER, year, quarter=quarter)

    @classmethod
    def of_decade(cls, year: int) -> FuzzyDate:
        return cls(Precision.DECADE, year - year % 10)

    @classmethod
    def of_century(cls, year: int) -> FuzzyDate:
        return cls(Precision.CENTURY, year - year % 100)

    @classmethod
    def from_timex(cls, value: str) -> FuzzyDate:
        """Parse a TIMEX3 calendar value ("2016-07-25", "2016-W30", "2012-SP", "199", ...)."""
        if len(value) == 10 and value[4] == value[7] == "-" and value[5:7].isdigit():
            # Days are most values by far: the timeline reads 100,000 of them on open.
            try:
                return cls.of_day(dt.date.fromisoformat(value))
            except ValueError:
                raise ValueError(f"not a TIMEX3 calendar value: {value!r}") from None
        for pattern, precision in _TIMEX_PATTERNS:
            m = pattern.match(value.strip())
            if m is None:
                continue
            year = int(m.group(1))
            if precision is Precision.DAY:
                return cls.of_day(dt.date(year, int(m.group(2)), int(m.group(3))))
            if precision is Precision.WEEK:
                week = int(m.group(2))
                dt.date.fromisocalendar(year, week, 1)  # validates the week number
                return cls(Precision.WEEK, year, week=week)
            if precision is Precision.MONTH:
                return cls.of_month(year, int(m.group(2)))
            if precision is Precision.QUARTER:
                return cls.of_quarter(year, int(m.group(2)))
            if precision is Precision.SEASON:
                return cls.of_season(year, Season(m.group(2)))
            if precision is Precision.YEAR:
                return cls.of_year(year)
            if precision is Precision.DECADE:
                return cls.of_decade(year * 10)
            return cls.of_century(year * 100)
        raise ValueError(f"not a TIMEX3 calendar value: {value!r}")

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse what a user types: a TIMEX3 value or an ISO date/datetime."""
        text = text.strip()
        try:
            return cls.from_timex(text)
        except ValueError:
            pass
        try:
            return cls.of_day(dt.datetime.fromisoformat(text).date())
        except ValueError:
            raise ValueError(
                f"not a date: {text!r} (use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYYY-SP)"
            ) from None

    # -- views ---------------------------------------------------------------------------

    @property
    def timex(self) -> str:
        """The TIMEX3 value at this precision."""
        p = self.precision
        if p is Precision.DAY:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if p is Precision.WEEK:
            return f"{self.year:04d}-W{self.week:02d}"
        if p is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        if p is Precision.QUARTER:
            return f"{self.year:04d}-Q{self.quarter}"
        if p is Precision.SEASON:
            assert self.season is not None
            return f"{self.year:04d}-{self.season.value}"
        if p is Precision.YEAR:
            return f"{self.year:04d}"
        if p is Precision.DECADE:
            return f"{self.year // 10:03d}"
        return f"{self.year // 100:02d}"

    @property
    def start(self) -> dt.date:
        """The first day this value covers."""
        p = self.precision
        if p is Precision.DAY:
            assert self.month is not None and self.day is not None
            return dt.date(self.year, self.month, self.day)
        if p is Precision.WEEK:
            assert self.week is not None
            return dt.date.fromisocalendar(self.year, self.week, 1)
        if p is Precision.MONTH:
            assert self.month is not None
            return dt.date(self.year, self.month, 1)
        if p is Precision.QUARTER:
            assert self.quarter is not None
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        if p is Precision.SEASON:
            assert self.season is not None
            return dt.date(self.year, self.season.first_month, 1)
        return dt.date(max(self.year, 1), 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day this value covers."""
        p = self.precision
        if p is Precision.DAY:
            return self.start
        if p is Precision.WEEK:
            return self.start + dt.timedelta(days=6)
        if p is Precision.MONTH:
            assert self.month is not None
            return _month_end(self.year, self.month)
        if p is Precision.QUARTER:
            assert self.quarter is not None
            return _month_end(self.year, 3 * self.quarter)
        if p is Precision.SEASON:
            assert self.season is not None
            last = self.season.first_month + 2
            return _month_end(self.year + (last - 1) // 12, (last - 1) % 12 + 1)
        if p is Precision.YEAR:
            return dt.date(self.year, 12, 31)
        if p is Precision.DECADE:
            return dt.date(min(self.year + 9, 9999), 12, 31)
        return dt.date(min(self.year + 99, 9999), 12, 31)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Orders by first day, coarser values before finer ones starting the same day."""
        return (self.start.toordinal(), -self.precision.rank)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def coarsen(self, precision: Precision) -> FuzzyDate:
        """This value at a coarser precision (finer requests return it unchanged)."""
        if not self.precision.finer_than(precision):
            return self
        s = self.start
        if precision is Precision.WEEK:
            return FuzzyDate.of_week(s)
        if precision is Precision.MONTH:
            return FuzzyDate.of_month(s.year, s.month)
        if precision is Precision.QUARTER:
            return FuzzyDate.of_quarter(s.year, (s.month - 1) // 3 + 1)
        if precision is Precision.SEASON:
            return season_of(s)
        if precision is Precision.YEAR:
            # An ISO week may start in the previous calendar year; its year is the ISO year.
            return FuzzyDate.of_year(self.year if self.precision is Precision.WEEK else s.year)
        if precision is Precision.DECADE:
            return FuzzyDate.of_decade(s.year)
        return FuzzyDate.of_century(s.year)

    def label(self) -> str:
        """How a reader sees it: "25 Jul 2016", "Jul 2016", "2016", "spring 2012"."""
        p = self.precision
        if p is Precision.DAY:
            return f"{self.day} {MONTH_ABBR[self.month or 0]} {self.year}"
        if p is Precision.WEEK:
            s = self.start
            return f"week of {s.day} {MONTH_ABBR[s.month]} {s.year}"
        if p is Precision.MONTH:
            return f"{MONTH_ABBR[self.month or 0]} {self.year}"
        if p is Precision.QUARTER:
            return f"Q{self.quarter} {self.year}"
        if p is Precision.SEASON:
            assert self.season is not None
            return f"{self.season.label} {self.year}"
        if p is Precision.YEAR:
            return str(self.year)
        if p is Precision.DECADE:
            return f"{self.year}s"
        century = self.year // 100 + 1
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        if 10 <= century % 100 <= 20:
            suffix = "th"
        return f"{century}{suffix} century"

    def __str__(self) -> str:
        return self.timex


def season_of(day: dt.date) -> FuzzyDate:
    """The season a day falls in (December belongs to the winter of its own year)."""
    month = day.month
    if month in (1, 2):
        return FuzzyDate.of_season(day.year - 1, Season.WINTER)
    season = {3: Season.SPRING, 6: Season.SUMMER, 9: Season.FALL, 12: Season.WINTER}[
        month - (month % 3)
    ]
    return FuzzyDate.of_season(day.year, season)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class DateWindow:
    """An interval of days a document date is known to lie in (both ends inclusive)."""

    earliest: dt.date
    latest: dt.date

    @property
    def empty(self) -> bool:
        return self.earliest > self.latest

    def intersect(self, other: DateWindow) -> DateWindow:
        return DateWindow(max(self.earliest, other.earliest), min(self.latest, other.latest))

    def best_value(self) -> FuzzyDate | None:
        """The finest value that covers the whole window: a day, a month, a year, or nothing."""
        if self.empty:
            return None
        a, b = self.earliest, self.latest
        if a == b:
            return FuzzyDate.of_day(a)
        if a.isocalendar()[:2] == b.isocalendar()[:2]:
            return FuzzyDate.of_week(a)
        if (a.year, a.month) == (b.year, b.month):
            return FuzzyDate.of_month(a.year, a.month)
        if a.year == b.year:
            return FuzzyDate.of_year(a.year)
        return None
