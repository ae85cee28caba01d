"""Calendar arithmetic for the temporal tagger: relative expressions against a reference day."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from enum import Enum

from desktop.core.dates import DateWindow, FuzzyDate, Precision, Season, season_of


class Pick(Enum):
    """Which occurrence of a recurring calendar name ("Monday", "May", "spring") is meant."""

    ON_OR_BEFORE = "on_or_before"  # past-tense sentence
    ON_OR_AFTER = "on_or_after"  # future-tense sentence
    NEAREST = "nearest"  # no tense cue: the occurrence closest to the reference
    BEFORE = "before"  # "last Monday": strictly before the reference
    AFTER = "after"  # "next Monday": strictly after
    SAME = "same"  # "this Monday", "this spring": the one in the reference's own period


Resolver = Callable[[dt.date], FuzzyDate | None]

# Units whose reach from the reference is at most a week: a coarse reference (a month, a
# year) almost surely contains the result, so they fall back to the reference itself.
NEAR_UNITS = frozenset({"day", "week", "weekend"})


def over_window(ref: FuzzyDate, resolve: Resolver, near: bool) -> FuzzyDate | None:
    """Resolve against every day ``ref`` may stand for and keep only what they agree on.

    Every resolver here is monotone in its reference day, so the results for the first
    and last day of ``ref`` bound all the others: the finest value covering both is what
    can be known. ``near`` expressions fall back to ``ref`` when that cover is lost.
    """
    first = resolve(ref.start)
    if ref.precision is Precision.DAY:
        return first
    last = resolve(ref.end)
    if first is None or last is None:
        return None
    if first == last:
        return first
    cover = DateWindow(min(first.start, last.start), max(first.end, last.end)).best_value()
    if near and (cover is None or cover.precision.rank > ref.precision.rank):
        return ref
    return cover


def _safe(make: Callable[[], FuzzyDate]) -> FuzzyDate | None:
    try:
        return make()
    except (ValueError, OverflowError):
        return None


def shift(day: dt.date, unit: str, k: int) -> FuzzyDate | None:
    """The ``unit`` (day, week, month, quarter, year, decade, century) ``k`` units from ``day``."""
    if unit == "day":
        return _safe(lambda: FuzzyDate.of_day(day + dt.timedelta(days=k)))
    if unit in ("week", "weekend"):
        return _safe(lambda: FuzzyDate.of_week(day + dt.timedelta(weeks=k)))
    if unit == "month":
        y, m = divmod(day.year * 12 + day.month - 1 + k, 12)
        return _safe(lambda: FuzzyDate.of_month(y, m + 1)) if 1 <= y <= 9999 else None
    if unit == "quarter":
        y, q = divmod(day.year * 4 + (day.month - 1) // 3 + k, 4)
        return _safe(lambda: FuzzyDate.of_quarter(y, q + 1)) if 1 <= y <= 9999 else None
    step = {"year": 1, "decade": 10, "century": 100}.get(unit)
    if step is None:
        return None
    year = day.year + step * k
    if not 1 <= year <= 9999:
        return None
    if unit == "year":
        return FuzzyDate.of_year(year)
    if unit == "decade":
        return FuzzyDate.of_decade(year)
    return FuzzyDate.of_century(year)


def weekday(day: dt.date, target: int, pick: Pick) -> FuzzyDate | None:
    """The day named by weekday ``target`` (Monday = 0) relative to ``day``."""
    back = (day.weekday() - target) % 7
    ahead = (target - day.weekday()) % 7
    if pick is Pick.ON_OR_BEFORE:
        offset = -back
    elif pick is Pick.ON_OR_AFTER:
        offset = ahead
    elif pick is Pick.BEFORE:
        offset = -(back or 7)
    elif pick is Pick.AFTER:
        offset = ahead or 7
    elif pick is Pick.SAME:
        offset = target - day.weekday()
    else:
        offset = -back if back <= ahead else ahead
    return _safe(lambda: FuzzyDate.of_day(day + dt.timedelta(days=offset)))


def _choose_year(ref_key: tuple[int, ...], key: tuple[int, ...], year: int, pick: Pick) -> int:
    """The year of a yearless (month, day) or (month,) ``key`` seen from ``ref_key``."""
    if pick is Pick.ON_OR_BEFORE:
        return year if key <= ref_key else year - 1
    if pick is Pick.ON_OR_AFTER:
        return year if key >= ref_key else year + 1
    if pick is Pick.BEFORE:
        return year if key < ref_key else year - 1
    if pick is Pick.AFTER:
        return year if key > ref_key else year + 1
    return year


def month(day: dt.date, target: int, pick: Pick) -> FuzzyDate | None:
    """The month named ``target`` (1-12) relative to ``day``, e.g. "in February"."""
    year = _choose_year((day.month,), (target,), day.year, pick)
    return _safe(lambda: FuzzyDate.of_month(year, target))


def month_day(day: dt.date, target_month: int, target_day: int, pick: Pick) -> FuzzyDate | None:
    """A yearless date such as "May 4"; None when no year makes it a real day."""
    year = _choose_year((day.month, day.day), (target_month, target_day), day.year, pick)
    if not 1 <= year <= 9999 or target_day > calendar.monthrange(year, target_month)[1]:
        return None
    return FuzzyDate.of_day(dt.date(year, target_month, target_day))


def season(day: dt.date, target: Season, pick: Pick) -> FuzzyDate | None:
    """A season named without a year, e.g. "this past spring" (a past spring) or "next winter"."""
    current = season_of(day)
    this_year = current.year if target is Season.WINTER and day.month <= 2 else day.year
    same = _safe(lambda: FuzzyDate.of_season(this_year, target))
    if same is None:
        return None
    if pick is Pick.SAME or pick is Pick.NEAREST:
        return same
    if pick in (Pick.ON_OR_BEFORE, Pick.BEFORE):
        ok = same.start <= day if pick is Pick.ON_OR_BEFORE else same.end < day
        return same if ok else _safe(lambda: FuzzyDate.of_season(this_year - 1, target))
    ok = same.end >= day if pick is Pick.ON_OR_AFTER else same.start > day
    return same if ok else _safe(lambda: FuzzyDate.of_season(this_year + 1, target))


def quarter(day: dt.date, target: int, pick: Pick) -> FuzzyDate | None:
    """A quarter named without a year, e.g. "the first quarter"."""
    current = (day.month - 1) // 3 + 1
    year = _choose_year((current,), (target,), day.year, pick)
    return _safe(lambda: FuzzyDate.of_quarter(year, target))
