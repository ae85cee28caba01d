"""Score the temporal tagger on TimeML news the way TempEval-3 Task A does (held-out data only).

python benchmarks/eval_tempeval.py DIR [DIR ...] [--verbose] [--only chancery|baseline]

Each DIR holds ``.tml`` files (e.g. the TempEval-3 "platinum" test set). The text given to a
tagger is the TEXT element with its tags stripped; gold TIMEX3 offsets index that same string.
The document-creation-time TIMEX3 is not scored: its day is handed to the tagger as the DCT.

Scores follow TempEval-3 Task A (UzZaman et al., SemEval 2013): strict span P/R/F1 (same
offsets), relaxed span P/R/F1 (any overlap, one-to-one), and attribute F1 for value and type,
where a hit needs a relaxed match *and* an equal attribute. Attribute accuracy is the share of
relaxed matches whose attribute is equal. These documents are for measuring, never for tuning.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Mention:
    """One temporal expression: character span into the document text, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def overlap(self, other: Mention) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """The scorable part of a TimeML file: plain text, gold timexes and the DCT value."""

    name: str
    text: str
    dct: str | None
    gold: tuple[Mention, ...]


# -- TimeML reading -----------------------------------------------------------------------


def parse_timeml(source: str | bytes, name: str = "") -> TimeMLDoc:
    """Extract the TEXT element's plain text and its TIMEX3s, with offsets into that text.

    Entities are decoded and every tag inside TEXT (EVENT, SIGNAL, TIMEX3, ...) is dropped, so
    the offsets are those of the string a tagger receives. A CREATION_TIME TIMEX3 is the DCT,
    never a gold mention, wherever it sits.
    """
    root = ET.fromstring(source)
    dct: str | None = None
    for el in root.iter("TIMEX3"):
        if el.get("functionInDocument") == "CREATION_TIME":
            dct = el.get("value")
            break
    text_el = root if root.tag == "TEXT" else root.find(".//TEXT")
    if text_el is None:
        raise ValueError(f"{name or 'document'}: no TEXT element")
    parts: list[str] = []
    found: list[tuple[int, int, str, str]] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            begin = length
            walk(child)
            if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
                found.append((begin, length, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(text_el)
    text = "".join(parts)
    gold = tuple(Mention(b, e, t, v, text[b:e]) for b, e, t, v in found)
    return TimeMLDoc(name, text, dct, gold)


def read_timeml(path: Path) -> TimeMLDoc:
    # Bytes, so that the XML declaration decides the encoding.
    return parse_timeml(path.read_bytes(), path.stem)


def dct_day(value: str | None) -> str | None:
    """The calendar day of a DCT value ("2013-03-22", "1998-02-27T13:00", "19980227")."""
    if not value:
        return None
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if m is None:
        return None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


# -- Matching and scoring -----------------------------------------------------------------


def match_relaxed(gold: Sequence[Mention], system: Sequence[Mention]) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of overlapping gold and system mentions.

    Kuhn's augmenting paths, each gold trying its candidates best first (same span, then more
    overlap, then equal value), so ties resolve the way a reader would pair them.
    """

    def preference(g: Mention, j: int) -> tuple[bool, int, bool]:
        s = system[j]
        return ((s.start, s.end) != (g.start, g.end), -g.overlap(s), s.value != g.value)

    candidates = [
        sorted((j for j, s in enumerate(system) if g.overlaps(s)), key=lambda j: preference(g, j))
        for g in gold
    ]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


@dataclass(slots=True)
class Counts:
    """Tallies that add up across documents; every score is derived from them (micro-average)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.gold + other.gold,
            self.system + other.system,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.value + other.value,
            self.type + other.type,
        )

    def prf(self, hits: int) -> tuple[float, float, float]:
        return prf(hits, self.system, self.gold)

    def accuracy(self, hits: int) -> float:
        return hits / self.relaxed if self.relaxed else 0.0


def prf(hits: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; an empty side scores 0 rather than dividing by zero."""
    p = hits / n_system if n_system else 0.0
    r = hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass(slots=True)
class Comparison:
    """One document's tallies plus what went wrong, for the ``--verbose`` report."""

    counts: Counts
    missed: list[Mention] = field(default_factory=list)
    spurious: list[Mention] = field(default_factory=list)
    wrong_value: list[tuple[Mention, Mention]] = field(default_factory=list)
    wrong_span: list[tuple[Mention, Mention]] = field(default_factory=list)


def compare(gold: Sequence[Mention], system: Sequence[Mention]) -> Comparison:
    spans = Counter((m.start, m.end) for m in gold)
    strict = sum(
        min(n, spans[span]) for span, n in Counter((m.start, m.end) for m in system).items()
    )
    pairs = match_relaxed(gold, system)
    out = Comparison(Counts(len(gold), len(system), strict, len(pairs)))
    for i, j in pairs:
        g, s = gold[i], system[j]
        if g.value == s.value:
            out.counts.value += 1
        else:
            out.wrong_value.append((g, s))
        if g.type == s.type:
            out.counts.type += 1
        if (g.start, g.end) != (s.start, s.end):
            out.wrong_span.append((g, s))
    matched_gold = {i for i, _ in pairs}
    matched_system = {j for _, j in pairs}
    out.missed = [g for i, g in enumerate(gold) if i not in matched_gold]
    out.spurious = [s for j, s in enumerate(system) if j not in matched_system]
    return out


def value_shape(value: str) -> str:
    """A value with its digits masked ("2013-03-22" -> "9999-99-99"), to group like with like."""
    return re.sub(r"\d", "9", value)


# -- Systems -------------------------------------------------------------------------------

System = Callable[[str, str | None], list[Mention]]


def chancery_system() -> System:
    """The project's tagger; imported lazily so the scorer works without it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from desktop.core.dates import FuzzyDate
    from desktop.core.timex import tag

    def run(text: str, dct: str | None) -> list[Mention]:
        day = dct_day(dct)
        ref = FuzzyDate.from_timex(day) if day else None
        return [Mention(t.start, t.end, t.type.value, t.value, t.text) for t in tag(text, ref)]

    return run


def locate(text: str, found: Iterable[tuple[str, dt.datetime]]) -> list[Mention]:
    """Place search_dates hits in the text by successive find; unplaceable hits are dropped."""
    out: list[Mention] = []
    cursor = 0
    for phrase, when in found:
        at = text.find(phrase, cursor)
        if at < 0:
            continue
        cursor = at + len(phrase)
        out.append(Mention(at, cursor, "DATE", when.strftime("%Y-%m-%d"), phrase))
    return out


def search_dates_system() -> System:
    """The naive baseline: dateparser's search_dates, each hit a DATE of its day.

    Relative phrases are anchored to the DCT, not to today's date, so the numbers do not move
    with the clock (this is the configuration behind the spec's value F1 of 9.1).
    """
    from dateparser.search import search_dates

    def run(text: str, dct: str | None) -> list[Mention]:
        day = dct_day(dct)
        if day:
            base = dt.datetime.fromisoformat(day)
            found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
        else:
            found = search_dates(text, languages=["en"])
        return locate(text, found or [])

    return run


# -- Report --------------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def summary_lines(label: str, c: Counts) -> list[str]:
    sp, sr, sf = c.prf(c.strict)
    rp, rr, rf = c.prf(c.relaxed)
    vp, vr, vf = c.prf(c.value)
    tp, tr, tf = c.prf(c.type)
    return [
        f"== {label}: gold {c.gold}, system {c.system}",
        f"   strict  span   P {pct(sp)}  R {pct(sr)}  F1 {pct(sf)}",
        f"   relaxed span   P {pct(rp)}  R {pct(rr)}  F1 {pct(rf)}",
        f"   value          P {pct(vp)}  R {pct(vr)}  F1 {pct(vf)}"
        f"   (accuracy on relaxed matches {pct(c.accuracy(c.value))})",
        f"   type           P {pct(tp)}  R {pct(tr)}  F1 {pct(tf)}"
        f"   (accuracy on relaxed matches {pct(c.accuracy(c.type))})",
    ]


def doc_line(name: str, c: Counts) -> str:
    f = [c.prf(hits)[2] for hits in (c.strict, c.relaxed, c.value, c.type)]
    return (
        f"  {name:34.34} gold {c.gold:3} sys {c.system:3}  strict {pct(f[0])}"
        f"  relaxed {pct(f[1])}  value {pct(f[2])}  type {pct(f[3])}"
    )


def grouped(title: str, items: Iterable[tuple[str, str]], limit: int = 8) -> list[str]:
    """``(key, example)`` pairs as "key xN: ex1 | ex2 ...", most frequent key first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, example in items:
        groups[key].append(example)
    if not groups:
        return []
    lines = [f"  -- {title} ({sum(len(v) for v in groups.values())})"]
    for key, examples in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = " | ".join(examples[:limit]) + (" | ..." if len(examples) > limit else "")
        lines.append(f"     {key:28} x{len(examples):<3} {shown}")
    return lines


def error_lines(errors: list[tuple[str, Comparison]]) -> list[str]:
    def q(m: Mention) -> str:
        return repr(m.text)

    missed = (
        (f"{g.type} {value_shape(g.value)}", f"{q(g)}={g.value} [{doc}]")
        for doc, c in errors
        for g in c.missed
    )
    spurious = (
        (f"{s.type} {value_shape(s.value)}", f"{q(s)}={s.value} [{doc}]")
        for doc, c in errors
        for s in c.spurious
    )
    values = (
        (
            f"{value_shape(g.value)} -> {value_shape(s.value)}",
            f"{q(g)} {g.value} vs {s.value} [{doc}]",
        )
        for doc, c in errors
        for g, s in c.wrong_value
    )
    spans = (
        (
            "longer" if s.end - s.start > g.end - g.start else "shorter/shifted",
            f"gold {q(g)} sys {q(s)} [{doc}]",
        )
        for doc, c in errors
        for g, s in c.wrong_span
    )
    return [
        *grouped("missed gold (by type, value shape)", missed),
        *grouped("spurious system (by type, value shape)", spurious),
        *grouped("wrong value (gold shape -> system shape)", values),
        *grouped("span differs on a relaxed match", spans),
    ]


def evaluate(docs: Sequence[TimeMLDoc], label: str, system: System, verbose: bool) -> Counts:
    total = Counts()
    errors: list[tuple[str, Comparison]] = []
    began = time.perf_counter()
    print(f"\n{label}")
    for doc in docs:
        result = compare(doc.gold, system(doc.text, doc.dct))
        total = total + result.counts
        errors.append((doc.name, result))
        print(doc_line(doc.name, result.counts))
    elapsed = time.perf_counter() - began
    print("\n".join(summary_lines(f"{label} (micro, {len(docs)} docs, {elapsed:.1f} s)", total)))
    if verbose:
        print("\n".join(error_lines(errors)))
    return total


def load(dirs: Sequence[Path]) -> list[TimeMLDoc]:
    docs: list[TimeMLDoc] = []
    for d in dirs:
        for path in sorted(d.glob("*.tml")):
            try:
                docs.append(read_timeml(path))
            except (ET.ParseError, ValueError) as exc:
                print(f"skipped {path}: {exc}", file=sys.stderr)
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score temporal taggers on TimeML (TempEval-3 A).")
    parser.add_argument("dirs", nargs="+", type=Path, help="folders of .tml files")
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--only", choices=("chancery", "baseline"), help="run one side (default: both)"
    )
    args = parser.parse_args(argv)
    docs = load(args.dirs)
    if not docs:
        print("no .tml documents found", file=sys.stderr)
        return 1
    n_gold = sum(len(d.gold) for d in docs)
    no_dct = sum(1 for d in docs if dct_day(d.dct) is None)
    print(f"{len(docs)} documents, {n_gold} gold TIMEX3 (DCT excluded), {no_dct} without a DCT")
    if args.only != "baseline":
        evaluate(docs, "Chancery desktop.core.timex.tag", chancery_system(), args.verbose)
    if args.only != "chancery":
        label = "Baseline: naive dateparser search_dates (RELATIVE_BASE=DCT)"
        evaluate(docs, label, search_dates_system(), args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
