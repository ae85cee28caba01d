"""Word lists and regex building blocks for the temporal tagger (English news)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.dates import Season


def words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string."""
    return frozenset(text.split())


MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Month names that are also common words or names ("May", "March", "June"...): taken
# alone only after a word that makes them a month.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "april", "june", "july", "august"})

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

SEASONS: dict[str, Season] = {
    "spring": Season.SPRING, "summer": Season.SUMMER, "autumn": Season.FALL,
    "fall": Season.FALL, "winter": Season.WINTER,
}  # fmt: skip

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty first": 21,
}  # fmt: skip

VAGUE_QUANTITIES = frozenset(
    {"few", "a few", "several", "some", "many", "a couple of", "couple of", "a number of"}
)

# TIMEX3 duration unit codes (TimeML uses DE and CE for decades and centuries).
UNIT_CODES: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE",
}  # fmt: skip
CLOCK_UNITS = frozenset({"second", "minute", "hour"})

# Words after a four-digit number that make it a count, not a year ("2000 people").
COUNT_NOUNS = words(
    """people persons troops soldiers men women children kids refugees civilians deaths dead
    casualties victims members workers employees students residents voters votes cases jobs
    homes houses units vehicles tanks planes aircraft jets ships missiles rockets weapons
    guns dollars euros pounds yen rubles roubles km kilometres kilometers miles metres
    meters feet tons tonnes barrels hectares acres pages words delegates officials
    protesters demonstrators prisoners detainees migrants signatures companies firms
    sanctions rounds points percent per hours hrs gmt utc families households patients
    doctors police officers fighters militants rebels seats times followers users copies"""
)

# Words before a four-digit number that make it a count or a label, not a year.
NON_YEAR_PREFIXES = words(
    """about some nearly almost around approximately roughly than least only just another
    additional extra resolution no number flight route page room article section chapter
    paragraph bill code model highway channel bus line"""
)

NOT_PAST_ED = words(
    """united limited based related supposed used alleged concerned interested armed detailed
    advanced experienced skilled noted renowned talented sophisticated complicated dedicated
    need needed feed seed speed proceed succeed exceed indeed embed shed bred hundred sacred
    biased"""
)

PAST_IRREGULAR = (
    "was|were|had|did|said|told|met|sat|went|came|took|made|gave|held|flew|saw|spoke|left|"
    "began|became|led|won|lost|got|brought|thought|felt|kept|paid|sent|spent|stood|struck|"
    "wrote|ran|rose|fell|fought|sought|caught|bought|built|chose|drove|drew|grew|knew|threw|"
    "broke|shot|found|heard|meant|understood|withdrew|sold|swore|tore|wore|woke|hid|forgot|"
    "froze|overtook|undertook|lay|laid"
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so prefixes never shadow words."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(w.replace(" ", r"\s+") for w in items)
