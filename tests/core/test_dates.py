"""Dates keep their precision: labels, TIMEX3 values, ordering, windows."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.dates import DateWindow, FuzzyDate, Precision, Season, season_of
from desktop.core.dct import IntervalSet


@pytest.mark.parametrize(
    ("timex", "precision", "label", "start", "end"),
    [
        ("2016-07-25", Precision.DAY, "25 Jul 2016", "2016-07-25", "2016-07-25"),
        ("2016-07", Precision.MONTH, "Jul 2016", "2016-07-01", "2016-07-31"),
        ("2014", Precision.YEAR, "2014", "2014-01-01", "2014-12-31"),
        ("2012-SP", Precision.SEASON, "spring 2012", "2012-03-01", "2012-05-31"),
        ("2012-WI", Precision.SEASON, "winter 2012", "2012-12-01", "2013-02-28"),
        ("2012-W36", Precision.WEEK, "week of 3 Sep 2012", "2012-09-03", "2012-09-09"),
        ("2016-Q1", Precision.QUARTER, "Q1 2016", "2016-01-01", "2016-03-31"),
        ("199", Precision.DECADE, "1990s", "1990-01-01", "1999-12-31"),
        ("18", Precision.CENTURY, "19th century", "1800-01-01", "1899-12-31"),
    ],
)
def test_values_round_trip_with_their_precision(
    timex: str, precision: Precision, label: str, start: str, end: str
) -> None:
    value = FuzzyDate.from_timex(timex)
    assert value.precision is precision
    assert value.timex == timex
    assert value.label() == label
    assert value.start == dt.date.fromisoformat(start)
    assert value.end == dt.date.fromisoformat(end)


@pytest.mark.parametrize("bad", ["2016-13", "2016-02-30", "2016-W54", "16", "July 2016", ""])
def test_bad_values_are_refused(bad: str) -> None:
    if bad == "16":  # two digits is a century in TIMEX3
        assert FuzzyDate.from_timex(bad).label() == "17th century"
        return
    with pytest.raises(ValueError):
        FuzzyDate.from_timex(bad)


def test_a_year_sorts_before_the_days_in_it() -> None:
    values = [FuzzyDate.from_timex(v) for v in ("2014-03-05", "2014", "2013-12", "2014-03")]
    assert [v.timex for v in sorted(values)] == ["2013-12", "2014", "2014-03", "2014-03-05"]


def test_coarsen_and_seasons() -> None:
    day = FuzzyDate.from_timex("2016-07-25")
    assert day.coarsen(Precision.MONTH).timex == "2016-07"
    assert day.coarsen(Precision.YEAR).timex == "2016"
    assert day.coarsen(Precision.WEEK).timex == "2016-W30"
    assert season_of(dt.date(2013, 1, 15)) == FuzzyDate.of_season(2012, Season.WINTER)


def test_window_best_value_never_claims_more_than_it_knows() -> None:
    d = dt.date
    monday = d(2016, 7, 25)
    assert DateWindow(monday, monday).best_value() == FuzzyDate.of_day(monday)
    assert DateWindow(monday, d(2016, 7, 31)).best_value() == FuzzyDate.of_week(monday)
    assert DateWindow(d(2021, 1, 1), d(2021, 1, 12)).best_value() == FuzzyDate.of_month(2021, 1)
    assert DateWindow(d(2016, 5, 4), d(2016, 12, 31)).best_value() == FuzzyDate.of_year(2016)
    assert DateWindow(d(2015, 11, 4), d(2017, 1, 10)).best_value() is None


def test_interval_sets_intersect() -> None:
    d = dt.date
    a = IntervalSet([(d(2000, 5, 7), d(2008, 5, 7)), (d(2012, 5, 7), d(2030, 1, 1))])
    b = IntervalSet([(d(2011, 5, 18), d(2015, 2, 3))])
    assert (a & b).spans == ((d(2012, 5, 7), d(2015, 2, 3)),)
    assert not (b & IntervalSet([(d(2020, 1, 1), d(2021, 1, 1))]))
