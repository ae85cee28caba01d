"""Table-driven tests of the temporal tagger, plus a golden test over the five seed articles."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.dates import FuzzyDate, Precision
from desktop.core.timex import Tense, Timex, TimexType, sentence_tense, tag

DATE, TIME, DURATION, SET = TimexType.DATE, TimexType.TIME, TimexType.DURATION, TimexType.SET

MON_16_MAY = FuzzyDate.of_day(dt.date(2016, 5, 16))  # a Monday (seed 000)
MON_25_JUL = FuzzyDate.of_day(dt.date(2016, 7, 25))  # a Monday (seeds 001, 002)
SAT_8_SEP = FuzzyDate.of_day(dt.date(2012, 9, 8))  # a Saturday (seed 003)
JAN_2021 = FuzzyDate.of_month(2021, 1)  # seed 004, known to the month
YEAR_2016 = FuzzyDate.of_year(2016)

Expected = list[tuple[str, TimexType, str]]

CASES: list[tuple[str, FuzzyDate | None, Expected]] = [
    # --- absolute dates keep the precision they were written with ---
    ("The U.S. passed the law in 2014.", MON_16_MAY, [("2014", DATE, "2014")]),
    ("Russia seized Crimea in March 2014.", MON_16_MAY, [("March 2014", DATE, "2014-03")]),
    ("Napoleon was defeated in 1815.", MON_16_MAY, [("1815", DATE, "1815")]),
    ("Sales fell in 2019.", JAN_2021, [("2019", DATE, "2019")]),
    ("The war has killed 270,000 people since 2011.", MON_16_MAY, [("2011", DATE, "2011")]),
    ("Putin met Harper at the 2006 G8 summit.", SAT_8_SEP, [("2006", DATE, "2006")]),
    ("Many hold Moscow responsible for an August, 2020, attempt.", JAN_2021,
     [("August, 2020", DATE, "2020-08")]),
    ("The attacks of Sept. 11, 2001 changed everything.", MON_16_MAY,
     [("Sept. 11, 2001", DATE, "2001-09-11")]),
    ("The law took effect on 5 January 2016.", MON_16_MAY,
     [("5 January 2016", DATE, "2016-01-05")]),
    ("Dion met Lavrov in Laos on July 25, 2016.", None, [("July 25, 2016", DATE, "2016-07-25")]),
    ("The meeting was on Monday, July 25, 2016.", MON_25_JUL,
     [("Monday, July 25, 2016", DATE, "2016-07-25")]),
    ("The file is dated 2016-07-25.", None, [("2016-07-25", DATE, "2016-07-25")]),
    ("The memo is dated 7/25/2016.", None, [("7/25/2016", DATE, "2016-07-25")]),
    ("Russia held the chair from 2012 to 2014.", MON_16_MAY,
     [("2012", DATE, "2012"), ("2014", DATE, "2014")]),
    ("The talks, held 2012-2014, failed.", MON_16_MAY,
     [("2012", DATE, "2012"), ("2014", DATE, "2014")]),
    ("The conflict began in the 1990s.", MON_16_MAY, [("the 1990s", DATE, "199")]),
    ("In the 2000s, relations warmed.", MON_16_MAY, [("the 2000s", DATE, "200")]),
    ("The mid-1980s saw reforms.", MON_16_MAY, [("The mid-1980s", DATE, "198")]),
    ("The empire declined in the 19th century.", MON_16_MAY, [("the 19th century", DATE, "18")]),
    ("This is the twenty-first century.", MON_16_MAY, [("the twenty-first century", DATE, "20")]),
    ("Revenue rose in fiscal 2016.", MON_16_MAY, [("fiscal 2016", DATE, "2016")]),
    ("The pipeline opens in mid-2014.", MON_16_MAY, [("mid-2014", DATE, "2014")]),
    ("Talks resumed in early 2014.", MON_16_MAY, [("early 2014", DATE, "2014")]),
    ("The deal collapsed in late 2014.", MON_16_MAY, [("late 2014", DATE, "2014")]),
    ("Results for Q1 2016 were weak.", MON_16_MAY, [("Q1 2016", DATE, "2016-Q1")]),
    ("Profits fell in the fourth quarter of 2015.", MON_16_MAY,
     [("the fourth quarter of 2015", DATE, "2015-Q4")]),
    ("Growth slowed in the first half of 2016.", MON_16_MAY,
     [("the first half of 2016", DATE, "2016-H1")]),
    ("Talks stalled in the summer of 2015.", MON_16_MAY,
     [("the summer of 2015", DATE, "2015-SU")]),
    ("The spring 2012 protests were large.", MON_16_MAY, [("spring 2012", DATE, "2012-SP")]),
    ("Athens fought Sparta around 300 BC.", MON_16_MAY, [("300 BC", DATE, "BC0300")]),
    # impossible dates: no crash, no invalid value
    ("The treaty is dated 31 February 2016.", MON_16_MAY,
     [("31 February 2016", DATE, "2016-02")]),
    ("Nothing happened on the 45th of May.", MON_16_MAY, [("May", DATE, "2016-05")]),
    # --- yearless dates and months resolve against the dct ---
    ("A ceasefire came into force on May 4.", MON_16_MAY, [("May 4", DATE, "2016-05-04")]),
    ("The ceasefire began Jan. 5.", MON_16_MAY, [("Jan. 5", DATE, "2016-01-05")]),
    ("The summit ended on the 25th of July.", MON_25_JUL,
     [("the 25th of July", DATE, "2016-07-25")]),
    ("The summit runs July 25-26.", MON_25_JUL, [("July 25-26", DATE, "2016-07-25")]),
    ("An earlier truce in February had collapsed.", MON_16_MAY,
     [("February", DATE, "2016-02")]),
    ("The election was held in November.", MON_16_MAY, [("November", DATE, "2015-11")]),
    ("The election will be held in November.", MON_16_MAY, [("November", DATE, "2016-11")]),
    ("Fighting raged between March and May.", MON_16_MAY,
     [("March", DATE, "2016-03"), ("May", DATE, "2016-05")]),
    ("Talks will resume in May.", MON_16_MAY, [("May", DATE, "2016-05")]),
    ("The vote was last May.", MON_25_JUL, [("last May", DATE, "2016-05")]),
    # --- relative to the dct ---
    ("Trudeau announced earlier this month that Canada will lead a battle group.", MON_25_JUL,
     [("earlier this month", DATE, "2016-07")]),
    ("Parliament passed a resolution last year.", MON_16_MAY, [("last year", DATE, "2015")]),
    ("The Liberals promised during last year's campaign to re-engage.", MON_25_JUL,
     [("last year", DATE, "2015")]),
    ("Canada froze contacts two years ago.", MON_25_JUL, [("two years ago", DATE, "2014")]),
    ("There were large protests this past spring.", SAT_8_SEP,
     [("this past spring", DATE, "2012-SP")]),
    ("This week's development is a testament to engagement.", MON_25_JUL,
     [("This week", DATE, "2016-W30")]),
    ("He has been attacked over last month's prison sentence.", SAT_8_SEP,
     [("last month", DATE, "2012-08")]),
    ("Putin struck back earlier this week.", SAT_8_SEP, [("earlier this week", DATE, "2012-W36")]),
    ("Dion is meeting Lavrov in Laos today.", MON_25_JUL, [("today", DATE, "2016-07-25")]),
    ("Officials met yesterday.", MON_16_MAY, [("yesterday", DATE, "2016-05-15")]),
    ("The envoy arrives tomorrow.", MON_16_MAY, [("tomorrow", DATE, "2016-05-17")]),
    ("He met Lavrov last week.", MON_16_MAY, [("last week", DATE, "2016-W19")]),
    ("The talks will resume next month.", MON_16_MAY, [("next month", DATE, "2016-06")]),
    ("The election is next year.", MON_16_MAY, [("next year", DATE, "2017")]),
    ("The summit is this weekend.", MON_16_MAY, [("this weekend", DATE, "2016-W20-WE")]),
    ("Exports fell in the first quarter.", MON_16_MAY, [("the first quarter", DATE, "2016-Q1")]),
    ("He was abroad in the summer.", MON_16_MAY, [("the summer", DATE, "2015-SU")]),
    ("Unrest grew six years ago.", SAT_8_SEP, [("six years ago", DATE, "2006")]),
    ("The envoy expects a deal by the end of the year.", MON_16_MAY,
     [("the end of the year", DATE, "2016")]),
    ("Talks will resume later in the month.", MON_16_MAY, [("the month", DATE, "2016-05")]),
    ("The plan faltered a decade ago.", MON_16_MAY, [("a decade ago", DATE, "200")]),
    # --- weekdays follow the tense of their own clause ---
    ("The ministers met on Monday.", MON_25_JUL, [("Monday", DATE, "2016-07-25")]),
    ("The group, which is meeting in Vienna on Tuesday, will discuss Syria.", MON_16_MAY,
     [("Tuesday", DATE, "2016-05-17")]),
    ("He will meet Lavrov on Tuesday.", MON_16_MAY, [("Tuesday", DATE, "2016-05-17")]),
    ("He met Lavrov on Friday.", MON_16_MAY, [("Friday", DATE, "2016-05-13")]),
    ("Harper met Putin on Saturday.", SAT_8_SEP, [("Saturday", DATE, "2012-09-08")]),
    ("The vote is scheduled for Thursday.", MON_16_MAY, [("Thursday", DATE, "2016-05-19")]),
    ("Thousands of protesters will march on Sunday.", MON_16_MAY,
     [("Sunday", DATE, "2016-05-22")]),
    ("He flew to Vienna Monday evening for talks that are expected to go late into Tuesday "
     "evening.", MON_16_MAY,
     [("Monday evening", TIME, "2016-05-16TEV"), ("Tuesday evening", TIME, "2016-05-17TEV")]),
    ("The envoy arrived last Friday.", MON_16_MAY, [("last Friday", DATE, "2016-05-13")]),
    ("The envoy arrives next Friday.", MON_16_MAY, [("next Friday", DATE, "2016-05-20")]),
    # --- anaphora: the last date mentioned ---
    ("Harper met Putin on Saturday. Two days earlier, Baird met Lavrov.", SAT_8_SEP,
     [("Saturday", DATE, "2012-09-08"), ("Two days earlier", DATE, "2012-09-06")]),
    ("The pact was signed in 2012 and renewed six years later.", MON_16_MAY,
     [("2012", DATE, "2012"), ("six years later", DATE, "2018")]),
    ("The truce began on May 4. A week later, talks resumed.", MON_16_MAY,
     [("May 4", DATE, "2016-05-04"), ("A week later", DATE, "2016-W19")]),
    ("Relations collapsed in 2014. Since that year, Ottawa has added sanctions.", JAN_2021,
     [("2014", DATE, "2014"), ("that year", DATE, "2014")]),
    ("Talks began on 3 March 2015 and ended the next day.", MON_16_MAY,
     [("3 March 2015", DATE, "2015-03-03"), ("the next day", DATE, "2015-03-04")]),
    # --- durations are never dates ---
    ("Dion sat down for a 30-minute discussion with Lavrov.", MON_25_JUL,
     [("30-minute", DURATION, "PT30M")]),
    ("Assad has battled an 18-month uprising.", SAT_8_SEP, [("18-month", DURATION, "P18M")]),
    ("The five-year civil war has killed thousands.", MON_16_MAY,
     [("five-year", DURATION, "P5Y")]),
    ("He spoke during a 55-minute face to face meeting.", SAT_8_SEP,
     [("55-minute", DURATION, "PT55M")]),
    ("He has travelled far in six years.", SAT_8_SEP, [("six years", DURATION, "P6Y")]),
    ("They received a two-year prison sentence.", SAT_8_SEP, [("two-year", DURATION, "P2Y")]),
    ("The talks lasted for three weeks.", MON_16_MAY, [("three weeks", DURATION, "P3W")]),
    ("Growth has slowed over the past three years.", MON_16_MAY,
     [("the past three years", DURATION, "P3Y")]),
    ("Over the next two years, Canada will spend more.", MON_16_MAY,
     [("the next two years", DURATION, "P2Y")]),
    ("Prices rose in the past year.", MON_16_MAY, [("the past year", DURATION, "P1Y")]),
    ("Relations have been frozen for years.", MON_16_MAY, [("years", DURATION, "PXY")]),
    ("It took half an hour.", MON_16_MAY, [("half an hour", DURATION, "PT30M")]),
    ("The ten-day visit ended.", MON_16_MAY, [("ten-day", DURATION, "P10D")]),
    ("The mission lasted a year and a half.", MON_16_MAY,
     [("a year and a half", DURATION, "P18M")]),
    ("The siege lasted several months.", MON_16_MAY, [("several months", DURATION, "PXM")]),
    ("They talked for 24 hours.", MON_16_MAY, [("24 hours", DURATION, "PT24H")]),
    # --- references ---
    ("Relations are currently strained.", MON_16_MAY, [("currently", DATE, "PRESENT_REF")]),
    ("At present, no talks are planned.", MON_16_MAY, [("present", DATE, "PRESENT_REF")]),
    ("Nowadays few diplomats visit Moscow.", MON_16_MAY, [("Nowadays", DATE, "PRESENT_REF")]),
    ("Putin recently travelled to Russia.", MON_16_MAY, [("recently", DATE, "PAST_REF")]),
    ("Such talks have failed in the past.", MON_16_MAY, [("the past", DATE, "PAST_REF")]),
    ("Relations may improve in the future.", MON_16_MAY, [("the future", DATE, "FUTURE_REF")]),
    ("Realism dictates dealing with Russia as it is now.", MON_16_MAY,
     [("now", DATE, "PRESENT_REF")]),
    ("The now-defunct council met.", MON_16_MAY, []),
    # --- sets ---
    ("The ministers meet every week.", MON_16_MAY, [("every week", SET, "P1W")]),
    ("The forum is held each year.", MON_16_MAY, [("each year", SET, "P1Y")]),
    ("The report is published annually.", MON_16_MAY, [("annually", SET, "P1Y")]),
    ("The council meets weekly.", MON_16_MAY, [("weekly", SET, "P1W")]),
    ("Protests are held every Monday.", MON_16_MAY, [("every Monday", SET, "XXXX-WXX-1")]),
    ("Every four years, voters elect a president.", MON_16_MAY,
     [("Every four years", SET, "P4Y")]),
    ("Officials meet twice a year.", MON_16_MAY, [("twice a year", SET, "P1Y")]),
    ("Activists rally on Mondays.", MON_16_MAY, [("Mondays", SET, "XXXX-WXX-1")]),
    # --- times ---
    ("The vote is at 3 p.m.", MON_16_MAY, [("3 p.m.", TIME, "2016-05-16T15:00")]),
    ("The meeting starts at 15:00.", MON_16_MAY, [("15:00", TIME, "2016-05-16T15:00")]),
    ("They will meet Tuesday morning.", MON_16_MAY, [("Tuesday morning", TIME, "2016-05-17TMO")]),
    ("Leaders will dine tonight.", MON_16_MAY, [("tonight", TIME, "2016-05-16TNI")]),
    ("Shots were heard last night.", MON_16_MAY, [("last night", TIME, "2016-05-15TNI")]),
    ("The talks on May 4 began at 10:30 a.m.", MON_16_MAY,
     [("May 4", DATE, "2016-05-04"), ("10:30 a.m.", TIME, "2016-05-04T10:30")]),
    # --- traps: none of these are temporal expressions ---
    ("We are in Latvia to deter aggression, and we will stay.", MON_16_MAY, []),
    ("Washington may change its stance.", MON_16_MAY, []),
    ("Dion sat down with Lavrov.", MON_16_MAY, []),
    ("Canada will lead a 1,000-strong NATO battle group.", MON_16_MAY, []),
    ("Russia was Canada's 32nd biggest trading partner.", MON_16_MAY, []),
    ("They celebrated the 40th anniversary of the series.", MON_16_MAY, []),
    ("Putin opened the 21-nation summit with the 17-nation group.", MON_16_MAY, []),
    ("The war forced 4.6 million Syrians to flee; 25,000 refugees came.", MON_16_MAY, []),
    ("Ottawa has sanctioned 430 people and 210 Russians.", MON_16_MAY, []),
    ("Harper noted the P5-plus-one group, the G7 and the G8.", MON_16_MAY, []),
    ("Call 1-800-555-1234 or use card 4111 1111 1111 1111.", MON_16_MAY, []),
    ("Protesters march through the capital.", MON_16_MAY, []),
    ("The Sunday Times reported the story.", MON_16_MAY, []),
    ("may I ask? the cat sat in the sun; they wed in march", MON_16_MAY, []),
    ("About 2000 people protested.", MON_16_MAY, []),
    ("Resolution 1973 authorised force.", MON_16_MAY, []),
    ("He is a 45-year-old diplomat.", MON_16_MAY, []),
    ("A second round of talks began.", MON_16_MAY, []),
    ("Theresa May met Trudeau.", MON_16_MAY, []),
    # --- no dct: TimeML underspecified values ---
    ("The ceasefire began on May 4.", None, [("May 4", DATE, "XXXX-05-04")]),
    ("An earlier truce in February collapsed.", None, [("February", DATE, "XXXX-02")]),
    ("They met on Monday.", None, [("Monday", DATE, "XXXX-WXX-1")]),
    ("Parliament acted last year.", None, [("last year", DATE, "XXXX")]),
    ("Dion is in Laos today.", None, [("today", DATE, "XXXX-XX-XX")]),
    ("He flew out Monday evening.", None, [("Monday evening", TIME, "XXXX-WXX-1TEV")]),
    ("Russia seized Crimea in March 2014.", None, [("March 2014", DATE, "2014-03")]),
    ("Two days earlier, talks failed.", None, [("Two days earlier", DATE, "XXXX-XX-XX")]),
    # --- coarse dct: never more precise than it allows ---
    ("They met on Monday.", YEAR_2016, [("Monday", DATE, "2016")]),
    ("Parliament acted last month.", YEAR_2016, [("last month", DATE, "XXXX-XX")]),
    ("Parliament acted last year.", YEAR_2016, [("last year", DATE, "2015")]),
    ("Dion spoke today.", JAN_2021, [("today", DATE, "2021-01")]),
    ("Dion spoke last month.", JAN_2021, [("last month", DATE, "2020-12")]),
    ("They met this week.", FuzzyDate.from_timex("2016-W30"), [("this week", DATE, "2016-W30")]),
    ("They met on Monday.", FuzzyDate.from_timex("2016-W30"), [("Monday", DATE, "2016-07-25")]),
]  # fmt: skip


def _ids() -> list[str]:
    return [f"{i:03d}-{sentence[:40]}" for i, (sentence, _, _) in enumerate(CASES)]


@pytest.mark.parametrize(("sentence", "dct", "expected"), CASES, ids=_ids())
def test_tag_table(sentence: str, dct: FuzzyDate | None, expected: Expected) -> None:
    found = tag(sentence, dct)
    assert [(t.text, t.type, t.value) for t in found] == expected
    for t in found:
        _check_invariants(sentence, t)


def _check_invariants(text: str, t: Timex) -> None:
    assert text[t.start : t.end] == t.text
    if t.date is not None:
        assert t.type in (DATE, TIME)
        # the calendar value is what the TIMEX3 value says (TIME values add a part of day)
        calendar_part = re.sub(r"T.*$|-WE$|-H[12]$", "", t.value)
        if not re.search(r"-H[12]$", t.value):
            assert FuzzyDate.from_timex(calendar_part) == t.date
    if t.type in (DURATION, SET):
        assert t.date is None


DATE_CHECKS: list[tuple[str, FuzzyDate | None, Precision | None, bool]] = [
    ("in 2014", MON_16_MAY, Precision.YEAR, False),
    ("in March 2014", None, Precision.MONTH, False),
    ("on July 25, 2016", None, Precision.DAY, False),
    ("on May 4", MON_16_MAY, Precision.DAY, True),
    ("on Monday", YEAR_2016, Precision.YEAR, True),
    ("last month", YEAR_2016, None, True),
    ("this week", MON_25_JUL, Precision.WEEK, True),
    ("in the 1990s", None, Precision.DECADE, False),
    ("for three weeks", MON_16_MAY, None, False),
    ("recently", MON_16_MAY, None, False),
]


@pytest.mark.parametrize(("phrase", "dct", "precision", "relative"), DATE_CHECKS)
def test_date_precision_and_relative_flag(
    phrase: str, dct: FuzzyDate | None, precision: Precision | None, relative: bool
) -> None:
    (t,) = tag(f"It happened {phrase}.", dct)
    assert (t.date.precision if t.date else None) is precision
    assert t.relative is relative


TENSES = [
    ("The group is meeting in Vienna on Tuesday.", Tense.FUTURE),
    ("Canada will lead a battle group.", Tense.FUTURE),
    ("The talks are expected to go late.", Tense.FUTURE),
    ("Ottawa plans to reopen the embassy.", Tense.FUTURE),
    ("We'll see.", Tense.FUTURE),
    ("The ministers met on Monday.", Tense.PAST),
    ("Dion sat down with Lavrov.", Tense.PAST),
    ("Russia annexed Crimea.", Tense.PAST),
    ("Canada is a member of NATO.", Tense.PRESENT),
    ("The United States supports Ukraine.", Tense.PRESENT),
]


@pytest.mark.parametrize(("sentence", "tense"), TENSES)
def test_sentence_tense(sentence: str, tense: Tense) -> None:
    assert sentence_tense(sentence) is tense


def test_output_is_sorted_and_non_overlapping_on_dense_text() -> None:
    text = "On July 25, 2016 and 5 January 2016, last year, Monday evening, at 3 p.m.; " * 300
    found = tag(text, MON_25_JUL)
    assert len(found) == 5 * 300
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_long_single_line_and_blank_text() -> None:
    line = "Talks resumed in March 2014 after a pause. " * 25_000  # ~1 MB, no newline
    found = tag(line, MON_16_MAY)
    assert len(found) == 25_000
    assert {t.value for t in found} == {"2014-03"}
    assert tag(" " * 1_000_000, None) == []
    assert tag("", None) == []


FUZZ_TOKENS = (
    "May", "may", "March", "4", "25th", "of", "July", "2016", "2016-07-25", "7/25/2016",
    "Monday", "evening", "last", "year", "ago", "two", "days", "earlier", "the", "past", "in",
    "on", "since", "1990s", "century", "Q1", "half", "an", "hour", "31", "February", "45th",
    ",", ".", "\n", "every", "week", "3", "p.m.", "15:00", "at", "today", "İ", "’s",
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(FUZZ_TOKENS),
        max_size=40,
    ),
    st.sampled_from([None, MON_16_MAY, YEAR_2016, JAN_2021, SAT_8_SEP]),
)
def test_never_crashes_and_values_are_consistent(words: list[str], dct: FuzzyDate | None) -> None:
    text = " ".join(words)
    found = tag(text, dct)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for t in found:
        _check_invariants(text, t)


# ---------------------------------------------------------------------------------------
# Golden test over the seed articles with their real publication dates
# ---------------------------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

GOLDEN: dict[str, tuple[FuzzyDate, list[tuple[str, str]]]] = {
    "000_1cbbfe95d23a700d.txt": (MON_16_MAY, [
        ("Tuesday", "2016-05-17"), ("This week", "2016-W20"), ("2012", "2012"),
        ("last year", "2015"), ("Monday", "2016-05-16"), ("Monday evening", "2016-05-16TEV"),
        ("one-day", "P1D"), ("Tuesday evening", "2016-05-17TEV"), ("five-year", "P5Y"),
        ("May 4", "2016-05-04"), ("February", "2016-02"), ("2011", "2011"),
    ]),
    "001_7d411593f19f2ef7.txt": (MON_25_JUL, [
        ("July 25, 2016", "2016-07-25"), ("Monday", "2016-07-25"), ("two years ago", "2014"),
        ("30-minute", "PT30M"), ("last year", "2015"), ("earlier this month", "2016-07"),
        ("this week", "2016-W30"),
    ]),
    "002_edd85cf211fc05cd.txt": (MON_25_JUL, [
        ("today", "2016-07-25"), ("Monday", "2016-07-25"), ("30-minute", "PT30M"),
        ("March 2014", "2014-03"), ("last year", "2015"), ("earlier this month", "2016-07"),
        ("Earlier this month", "2016-07"), ("this week", "2016-W30"),
    ]),
    "003_5034644849f90e86.txt": (SAT_8_SEP, [
        ("Saturday", "2012-09-08"), ("six years", "P6Y"), ("18-month", "P18M"),
        ("55-minute", "PT55M"), ("Two days earlier", "2012-09-06"), ("last year", "2011"),
        ("earlier this week", "2012-W36"), ("this week", "2012-W36"), ("six years ago", "2006"),
        ("2006", "2006"), ("Six years later", "2012"), ("this past spring", "2012-SP"),
        ("last month", "2012-08"), ("two-year", "P2Y"), ("recently", "PAST_REF"),
    ]),
    "004_e46db69f7fe2f087.txt": (JAN_2021, [
        ("2019", "2019"), ("2014", "2014"), ("2020", "2020"), ("August, 2020", "2020-08"),
        ("today", "2021-01"), ("that year", "2014"),
    ]),
}  # fmt: skip

TRAPS = [
    "we", "We", "may", "sat", "1,000-strong", "32nd", "40th", "21-nation", "17-nation",
    "270,000", "25,000", "4.6 million", "430", "210", "P5-plus-one", "G7", "G8", "23,000",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_seeds(name: str) -> None:
    dct, expected = GOLDEN[name]
    text = (SEEDS / name).read_text(encoding="utf-8")
    found = tag(text, dct)
    pairs = {(t.text, t.value) for t in found}
    missing = [pair for pair in expected if pair not in pairs]
    assert not missing
    for t in found:
        _check_invariants(text, t)
    for trap in TRAPS:
        for m in re.finditer(rf"(?<![\w-]){re.escape(trap)}(?![\w-])", text):
            hits = [t.text for t in found if t.start < m.end() and m.start() < t.end]
            assert not hits, (trap, hits)
    # "now" refers to the present; it is never a calendar date.
    assert all(t.date is None and t.value == "PRESENT_REF" for t in found if t.text == "now")
