"""Throughput of the temporal tagger against naive dateparser.search_dates over the seeds."""

from __future__ import annotations

import datetime as dt
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateparser.search import search_dates  # noqa: E402

from desktop.core.dates import FuzzyDate  # noqa: E402
from desktop.core.timex import tag  # noqa: E402

TARGET_CHARS = 200_000
# Publication dates from seeds/README.md (004 is known only to the month).
DCTS = {
    "000": FuzzyDate.of_day(dt.date(2016, 5, 16)),
    "001": FuzzyDate.of_day(dt.date(2016, 7, 25)),
    "002": FuzzyDate.of_day(dt.date(2016, 7, 25)),
    "003": FuzzyDate.of_day(dt.date(2012, 9, 8)),
    "004": FuzzyDate.of_month(2021, 1),
}


def _articles() -> list[tuple[str, FuzzyDate | None]]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return [(p.read_text(encoding="utf-8"), DCTS.get(p.name[:3])) for p in seeds]


def _run(label: str, work: Callable[[str, FuzzyDate | None], int]) -> float:
    articles = _articles()
    for text, dct in articles:  # warm-up: imports, regex compilation, language data
        work(text, dct)
    chars = found = 0
    start = time.perf_counter()
    while chars < TARGET_CHARS:
        for text, dct in articles:
            found += work(text, dct)
            chars += len(text)
    elapsed = time.perf_counter() - start
    _report(label, chars, elapsed, found)
    return chars / elapsed


def _report(label: str, chars: int, elapsed: float, found: int) -> None:
    rate = chars / elapsed
    print(f"{label:<34} {chars:>9} chars {elapsed:7.2f} s {rate:>11,.0f} chars/s  {found} hits")


def _tagger(text: str, dct: FuzzyDate | None) -> int:
    return len(tag(text, dct))


def _search_dates(text: str, dct: FuzzyDate | None) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        return len(search_dates(text, languages=["en"]) or [])


def _long_inputs() -> None:
    """Linear growth check on inputs far larger than any article."""
    seeds = " ".join(text.replace("\n", " ") for text, _ in _articles())
    dct = DCTS["001"]
    for label, text in (
        ("tagger, 1 MB single line", seeds * (1_000_000 // len(seeds) + 1)),
        ("tagger, 4 MB single line", seeds * (4_000_000 // len(seeds) + 1)),
        (
            "tagger, 300 dates per line x 200",
            ("On July 25, 2016, last year, Monday. " * 300 + "\n") * 200,
        ),
    ):
        start = time.perf_counter()
        found = len(tag(text, dct))
        elapsed = time.perf_counter() - start
        _report(label, len(text), elapsed, found)


def main() -> None:
    ours = _run("tagger (desktop.core.timex.tag)", _tagger)
    theirs = _run("dateparser.search_dates (naive)", _search_dates)
    print(f"ratio tagger / search_dates: {ours / theirs:.1f}x")
    _long_inputs()


if __name__ == "__main__":
    main()
