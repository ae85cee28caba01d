"""From one article's cleaned text to its publication date, dated events and actors."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.actors import ActorFinder, ActorMention, Gazetteer
from desktop.core.dates import FuzzyDate, Precision
from desktop.core.dct import Inference, IntervalSet, infer_publication_date
from desktop.core.events import ActorRef, DerivedEvent, DerivedPassage, event_key
from desktop.core.records import ActorKind
from desktop.core.text import Sentence, sentences
from desktop.core.timex import Scan, Tense, Timex, TimexType, scan, sentence_tense, tag

TITLE_LIMIT = 90
MAX_PASSAGE = 600  # characters of evidence kept around a date in an overlong sentence

# A sentence telling of a day relative to publication: what pins an undated article.
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>today|tonight|yesterday|tomorrow|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LEADING_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|since|during|by|until|from|at|of|for|as of|back in|earlier)\s+)$", re.I
)


@dataclass(frozen=True, slots=True)
class DayReference:
    """A sentence that places a happening relative to publication ("met today", "on Monday")."""

    word: str
    past: bool
    actor_keys: frozenset[str]
    people: frozenset[str]

    def publication_window(self, happened: dt.date) -> IntervalSet:
        """Days the article may have been published on, if the happening was on ``happened``."""
        word = self.word.lower()
        if word in ("today", "tonight"):
            return IntervalSet([(happened, happened)])
        if word == "yesterday":
            day = happened + dt.timedelta(days=1)
            return IntervalSet([(day, day)])
        if word == "tomorrow":
            day = happened - dt.timedelta(days=1)
            return IntervalSet([(day, day)])
        if _WEEKDAYS.index(self.word) != happened.weekday():
            return IntervalSet([])
        if self.past:
            return IntervalSet([(happened, happened + dt.timedelta(days=6))])
        return IntervalSet([(happened - dt.timedelta(days=6), happened - dt.timedelta(days=1))])


@dataclass(frozen=True, slots=True)
class Analysis:
    published: FuzzyDate | None
    published_inferred: bool
    window: IntervalSet
    events: tuple[DerivedEvent, ...]
    actors: dict[str, ActorRef]
    day_references: tuple[DayReference, ...] = field(default=())


class Analyser:
    """Holds what is loaded once (the gazetteer and its matcher) for many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.finder = ActorFinder(self.gazetteer)

    def analyse(
        self,
        text: str,
        published: FuzzyDate | None,
        today: dt.date | None = None,
        *,
        published_inferred: bool = False,
    ) -> Analysis:
        """Analyse cleaned text; ``published`` None means: infer it from the text."""
        sents = sentences(text)
        mentions = self.finder.find(text)
        scanned = scan(text)
        inferred = published is None or published_inferred
        window = IntervalSet([])
        if published is None:
            inference: Inference = infer_publication_date(
                text, tag(text, None, scanned), sents, mentions, self.gazetteer, today
            )
            published, window = inference.date, inference.window
        else:
            window = IntervalSet([(published.start, published.end)])
        return self.derive(text, sents, mentions, published, inferred, window, scanned)

    def derive(
        self,
        text: str,
        sents: Sequence[Sentence],
        mentions: Sequence[ActorMention],
        published: FuzzyDate | None,
        inferred: bool,
        window: IntervalSet,
        scanned: Scan | None = None,
    ) -> Analysis:
        timexes = tag(text, published, scanned)
        mention_starts = [m.start for m in mentions]
        events: list[DerivedEvent] = []
        actors: dict[str, ActorRef] = {}
        day_refs: list[DayReference] = []
        tx_index = 0
        for sentence in sents:
            in_sentence: list[Timex] = []
            while tx_index < len(timexes) and timexes[tx_index].start < sentence.end:
                if timexes[tx_index].start >= sentence.start:
                    in_sentence.append(timexes[tx_index])
                tx_index += 1
            lo = bisect.bisect_left(mention_starts, sentence.start)
            hi = bisect.bisect_left(mention_starts, sentence.end)
            refs = _unique_refs(mentions[lo:hi])
            if inferred and (published is None or published.precision is not Precision.DAY):
                day_refs.extend(_day_references(sentence, refs))
            for tx in in_sentence:
                if not _is_event_anchor(tx):
                    continue
                passage = _passage(text, sentence, tx)
                if passage is not sentence:  # a run-on "sentence": only the actors near
                    lo = bisect.bisect_left(mention_starts, passage.start)
                    hi = bisect.bisect_left(mention_starts, passage.end)
                    refs = _unique_refs(mentions[lo:hi])
                for ref in refs:
                    actors.setdefault(ref.key, ref)
                events.append(_event(passage, tx, refs, inferred))
        return Analysis(published, inferred, window, tuple(events), actors, tuple(day_refs))


def _passage(text: str, sentence: Sentence, tx: Timex) -> Sentence:
    """The sentence, or for a run-on one (a page with no full stops) a stretch around the
    date phrase: a passage quotes what evidences the date, never a megabyte."""
    if sentence.end - sentence.start <= MAX_PASSAGE:
        return sentence
    start = max(sentence.start, tx.start - MAX_PASSAGE // 2)
    end = min(sentence.end, tx.end + MAX_PASSAGE // 2)
    # Widen to whole words when a space is near.
    space = text.rfind(" ", sentence.start, start + 1)
    start = space + 1 if space >= 0 and start - space < 40 else start
    space = text.find(" ", end, sentence.end)
    end = space if space >= 0 and space - end < 40 else end
    return Sentence(start, end, text[start:end])


def _unique_refs(mentions: Sequence[ActorMention]) -> list[ActorRef]:
    seen: dict[str, ActorRef] = {}
    for mention in mentions:
        seen.setdefault(mention.ref.key, mention.ref)
    return list(seen.values())


def _is_event_anchor(tx: Timex) -> bool:
    """Dates and times anchor events; an unresolved weekday or month is an undated event."""
    if tx.type not in (TimexType.DATE, TimexType.TIME):
        return False
    return tx.date is not None or "X" in tx.value


def _event(sentence: Sentence, tx: Timex, refs: Sequence[ActorRef], inferred: bool) -> DerivedEvent:
    quote = sentence.text
    passage = DerivedPassage(sentence.start, sentence.end, quote, tx.start, tx.end)
    return DerivedEvent(
        key=event_key(quote, tx.text),
        date=tx.date,
        date_text=tx.text,
        title=make_title(quote, tx.start - sentence.start, tx.end - sentence.start),
        actor_keys=tuple(ref.key for ref in refs),
        passage=passage,
        date_inferred=inferred and tx.relative,
    )


def _day_references(sentence: Sentence, refs: Sequence[ActorRef]) -> list[DayReference]:
    found: list[DayReference] = []
    keys = frozenset(ref.key for ref in refs)
    people = frozenset(ref.key for ref in refs if ref.kind is ActorKind.PERSON)
    if len(keys) < 2 or not people:
        return found
    past: bool | None = None
    for m in _RELATIVE_DAY.finditer(sentence.text):
        if past is None:
            past = sentence_tense(sentence.text) is not Tense.FUTURE
        found.append(DayReference(m.group("word"), past, keys, people))
    return found


def make_title(sentence: str, phrase_start: int, phrase_end: int) -> str:
    """A short title: the sentence without its date phrase, trimmed at a word boundary."""
    head = _LEADING_PREPOSITION.sub("", sentence[:phrase_start]).rstrip(" ,")
    tail = sentence[phrase_end:].lstrip(" ,")
    if tail[:3] in ("'s ", "’s "):  # "last month's sentence" -> "sentence"
        tail = tail[3:]
    text = f"{head} {tail}" if head and tail and tail[0] not in ".,;:" else head + tail
    text = " ".join(text.split()).strip(' ,;:—–-“”"‘')
    text = text.rstrip(".")
    if not text:
        text = sentence.strip()
    if len(text) <= TITLE_LIMIT:
        return text[:1].upper() + text[1:]
    cut = text[: TITLE_LIMIT - 1]
    space = cut.rfind(" ")
    if space > TITLE_LIMIT // 2:
        cut = cut[:space]
    return cut[:1].upper() + cut[1:].rstrip(" ,;:") + "…"
