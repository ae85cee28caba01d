"""Actors in an article: gazetteer names, titled newcomers, and the short forms that follow."""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from desktop.core.events import ActorRef
from desktop.core.names import fold, name_key
from desktop.core.records import ActorKind, Role
from desktop.paths import resource

__all__ = ["ActorFinder", "ActorMention", "Gazetteer"]


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One stretch of an article naming an actor; offsets index the text given to find()."""

    start: int
    end: int
    text: str
    ref: ActorRef
    title: str | None  # the office phrase written next to the name, e.g. "Russian President"
    former: bool  # "former", "then", "ex-", "late": the title (or the actor) is in the past


# --- word lists (folded keys) ---------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HONORIFICS = _words(
    "mr mrs ms miss dr prof sir dame madame mme mlle m herr sen rep gen col capt lt rev"
)
# Nouns that name what a person is; the last word of a title before a name.
_HEADS = _words(
    "minister ministers president secretary envoy ambassador spokesman spokeswoman "
    "spokesperson leader professor pm premier chancellor king queen prince princess emperor "
    "pope monarch sheikh emir dictator diplomat oligarch whistleblower billionaire "
    "businessman businesswoman tycoon senator mp mep governor mayor chairman chairwoman "
    "chair chairperson director commissioner advocate activist dissident critic lawyer "
    "journalist analyst economist expert fellow adviser advisor negotiator commander "
    "general officer official representative rapporteur ombudsman judge prosecutor attorney "
    "strongman ruler founder ceo head chief counsellor counselor consul researcher scholar "
    "historian author writer politician lawmaker legislator congressman congresswoman "
    "candidate agent mediator ayatollah cardinal archbishop bishop"
)
# Heads too vague to make a lone capitalised word after them a person ("General Motors").
_WEAK_HEADS = _words("general head chief fellow official officer agent expert")
_MODIFIERS = _words(
    "foreign affairs prime deputy interim acting special senior chief justice defence "
    "defense finance trade state general vice media press opposition billionaire "
    "international public safety health immigration environment energy economy economic "
    "national security human rights political federal provincial supreme crown grand high "
    "permanent executive principal lead top parliamentary majority minority interior home "
    "external development cooperation co former assistant associate junior under exchequer "
    "treasury climate veteran noted prominent exiled jailed imprisoned"
)
_DEMONYMS = _words(
    "russian canadian american british syrian chinese ukrainian french german italian "
    "japanese iranian turkish israeli palestinian saudi iraqi egyptian indian pakistani "
    "afghan polish latvian estonian lithuanian belarusian georgian armenian azerbaijani "
    "kazakh korean australian mexican brazilian dutch belgian swiss austrian swedish "
    "norwegian danish finnish spanish portuguese greek hungarian czech slovak romanian "
    "bulgarian serbian croatian libyan lebanese jordanian qatari emirati yemeni kuwaiti "
    "soviet european arab african asian"
)
_PARTIES = _words(
    "liberal conservative labour tory democratic republican ndp green communist socialist"
)
_FORMER = _words("former ex then late previous onetime erstwhile")
_FORMER_WITHOUT_TITLE = _words("former ex late onetime erstwhile")
_CONNECTORS = _words("of for to on at")
_PARTICLES = _words("al el bin ibn de del della di da dos das du van von der den ter ten le la")
_MONTHS_DAYS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
# Words that open sentences or clauses: capitalised, they still start no name.
_FUNCTION = _words(
    "the a an and but or nor so yet for in on at by to of from with without as if when "
    "while where who whom whose what which why how that this these those there here then "
    "than since after before during under over about against between among into through "
    "although though because unless until once also even only just still both either "
    "neither each every all some many most much more few several any no not none one two "
    "three four five six seven eight nine ten first second third last next new earlier "
    "later meanwhile however afterwards afterward moreover furthermore indeed instead "
    "yesterday today tomorrow tonight now it its he she they we i you his her their our my "
    "your him them is was were are be been has have had do does did will would can could "
    "should might must shall said says asked according obviously sources officials critics "
    "experts like please yes"
)
# Capitalised words that belong to names of things, never of people: "Radio Canada",
# "Latin America", page furniture such as "Photo Credit".
_THINGS = _words(
    "photo credit credits file update updated read sign click share follow watch listen "
    "related advertisement opinion analysis comment comments news editorial categories tags "
    "tag skip main content government ministry department office council committee "
    "commission parliament senate congress house cabinet party court agency group bank fund "
    "university college school institute institution association union act law treaty "
    "accord agreement summit forum conference day week month year embassy consulate kremlin "
    "centre center foundation organization organisation society times post globe mail "
    "journal magazine network television radio service services forces force army navy "
    "military police company corp inc ltd board trust church city province republic kingdom "
    "federation empire region island islands sea ocean river peninsula airport street "
    "avenue square hall palace tower building program programme project plan initiative "
    "strategy policy war crisis revolution movement campaign election liberals "
    "conservatives tories democrats republicans mps west western east eastern north "
    "northern south southern middle central latin arctic baltic baltics europe asia africa "
    "god christmas easter covid coronavirus pandemic internet web online email air team "
    "statistics export league cup club games olympics prize award series championship "
    "tournament index exchange market airlines airways motors channel"
)
_STOP = _FUNCTION | _THINGS
_NOT_NAME = (
    _STOP | _HEADS | _MODIFIERS | _DEMONYMS | _PARTIES | _FORMER | _MONTHS_DAYS | _HONORIFICS
)
# What may stand right before a one-word country without making it part of a longer name.
_BEFORE_STANDALONE = _FUNCTION | _MONTHS_DAYS | _FORMER | _HONORIFICS

# --- tokens -----------------------------------------------------------------------------------

# "U.S." and "U.K." are one token; otherwise a run of letters and digits, apostrophes inside.
_TOKEN = re.compile(r"[A-Z](?:\.[A-Z])+\.|\w+(?:['’]\w+)*")
_TOKEN_OR_GAP = re.compile(f"({_TOKEN.pattern})")  # split() keeps the words between the gaps
_SPACE, _HYPHEN, _INITIAL, _PLUS = 1, 2, 3, 4
_JOINS = {" ": _SPACE, "\u00a0": _SPACE, "-": _HYPHEN, "\u2011": _HYPHEN, "+": _PLUS}
_APPOSITION_GAPS = frozenset({", ", ",\u00a0"})
_HONORIFIC_GAPS = frozenset({". ", " ", ".\u00a0", "\u00a0"})

_POSSESSIVE = re.compile(r"(?<=\w)['’][sS](?!\w)")
_key_cache: dict[str, str] = {}


def _token_key(surface: str) -> str:
    key = _key_cache.get(surface)
    if key is None:
        key = surface.lower() if surface.isascii() else fold(surface)
        key = key.replace(".", "")
        if len(_key_cache) > 200_000:  # a bound, not a policy: the vocabulary of news is small
            _key_cache.clear()
        _key_cache[surface] = key
    return key


@dataclass(slots=True)
class _Tokens:
    """Parallel lists, one slot per word; ``join[i]`` says how word i hangs on word i-1."""

    start: list[int]
    end: list[int]  # a possessive "'s" is left out of the word
    surface: list[str]
    key: list[str]
    cap: list[bool]
    upper: list[bool]
    poss: list[bool]
    join: list[int]

    def __len__(self) -> int:
        return len(self.key)


def _tokenize(text: str) -> _Tokens:
    # Whole-list comprehensions over the regex's own split: several times faster than a
    # per-match loop, and this runs over every word of every imported article.
    pieces = _TOKEN_OR_GAP.split(text)
    gaps = pieces[0::2]
    raw = pieces[1::2]
    lengths = [0] * (2 * len(raw) + 1)
    lengths[0::2] = map(len, gaps)
    lengths[1::2] = map(len, raw)
    offsets = list(accumulate(lengths))
    starts = offsets[0:-1:2]
    raw_ends = offsets[1::2]
    posses = [False] * len(raw)
    surfaces = raw[:]
    ends = raw_ends[:]
    for match in _POSSESSIVE.finditer(text):
        i = bisect_left(raw_ends, match.end())
        if i < len(raw) and raw_ends[i] == match.end() and len(raw[i]) > 2:
            posses[i] = True
            surfaces[i] = raw[i][:-2]
            ends[i] -= 2
    cache = _key_cache
    keys = [cache.get(w) or _token_key(w) for w in surfaces]
    caps = [w[0].isupper() for w in surfaces]
    uppers = [w.isupper() for w in surfaces]
    joins = [0] + [_JOINS.get(gap, 0) for gap in gaps[1:-1]] if raw else []
    for i in [i for i, poss in enumerate(posses[:-1]) if poss]:
        joins[i + 1] = 0
    for i in [i for i, gap in enumerate(gaps[1:-1], start=1) if gap == ". "]:
        # "John F. Kennedy": an initial's full stop does not end the name
        if len(surfaces[i - 1]) == 1 and uppers[i - 1]:
            joins[i] = _INITIAL
    return _Tokens(starts, ends, surfaces, keys, caps, uppers, posses, joins)


# --- the gazetteer ----------------------------------------------------------------------------

_ANY, _CAPITALISED, _CAPITALS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Spelling:
    """One matchable spelling of a gazetteer actor: what each word's case must be."""

    entry: int
    cases: tuple[int, ...]
    possessives: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class _RoleSpec:
    role: Role
    pattern: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _Entry:
    ref: ActorRef
    roles: tuple[_RoleSpec, ...]
    shorts: tuple[tuple[str, ...], ...]
    surname_alone: bool
    ambiguous: bool
    first_names: frozenset[str]


def _parse_date(value: object, where: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: dates are ISO strings, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _strings(raw: dict[str, Any], field: str, where: str) -> list[str]:
    value = raw.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {field!r} must be a list of strings")
    return list(value)


def _match_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    folded = sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not folded:
        return None
    # "vice president" and "deputy prime minister" are other offices than the bare title.
    body = "|".join(re.escape(p) for p in folded)
    return re.compile(rf"(?<![\w-])(?<!vice )(?<!deputy )(?:{body})(?![\w-])")


def _derived_shorts(names: Sequence[str]) -> list[tuple[str, ...]]:
    shorts: list[tuple[str, ...]] = []
    for name in names:
        keys = _tokenize(name).key
        if len(keys) < 2:
            continue
        last = len(keys) - 1
        shorts.append((keys[last],))
        first_particle = last
        while first_particle > 1 and keys[first_particle - 1] in _PARTICLES:
            first_particle -= 1
        if first_particle < last:
            shorts.append(tuple(keys[first_particle:]))
    return shorts


class Gazetteer:
    """The known actors, read from ``resources/gazetteer.json`` (its ``_format`` explains it)."""

    def __init__(
        self, entries: Sequence[_Entry], spellings: dict[tuple[str, ...], list[_Spelling]]
    ) -> None:
        self._entries = tuple(entries)
        self._spellings = spellings
        self._longest: dict[str, int] = {}
        for words in spellings:
            if len(words) > self._longest.get(words[0], 0):
                self._longest[words[0]] = len(words)
        self._by_name: dict[str, int] = {}
        self._by_key: dict[str, int] = {}
        self._shorts: dict[tuple[str, ...], list[int]] = {}
        for index, entry in enumerate(self._entries):
            self._by_key.setdefault(entry.ref.key, index)
            for name in (entry.ref.name, *entry.ref.aliases):
                self._by_name.setdefault(name_key(name), index)
            for short in entry.shorts:
                bucket = self._shorts.setdefault(short, [])
                if index not in bucket:
                    bucket.append(index)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """The gazetteer at ``path``; without one the bundled file, read once per process."""
        if path is None:
            return _default_gazetteer()
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: object) -> Gazetteer:
        """Build from the parsed JSON document; ValueError says which entry is malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise ValueError('a gazetteer is an object with an "actors" list')
        entries: list[_Entry] = []
        spellings: dict[tuple[str, ...], list[_Spelling]] = {}
        for position, raw in enumerate(data["actors"]):
            where = f"gazetteer actor #{position}"
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise ValueError(f"{where}: needs a string 'name'")
            entry = _parse_entry(raw, f"{where} ({raw['name']})")
            for spelling in (entry.ref.name, *entry.ref.aliases):
                toks = _tokenize(spelling)
                if not len(toks) or not all(toks.join[1:]):
                    continue  # punctuation inside: never matchable as running text
                cases = tuple(
                    _CAPITALS
                    if up and sum(c.isalpha() for c in s) > 1
                    else (_CAPITALISED if cap else _ANY)
                    for s, cap, up in zip(toks.surface, toks.cap, toks.upper, strict=True)
                )
                bucket = spellings.setdefault(tuple(toks.key), [])
                candidate = _Spelling(len(entries), cases, tuple(toks.poss))
                if candidate not in bucket:
                    bucket.append(candidate)
            entries.append(entry)
        return cls(entries, spellings)

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, name: str) -> ActorRef | None:
        """The actor a name (or an alias, or an unambiguous surname) stands for."""
        index = self._by_name.get(name_key(name))
        if index is None:
            candidates = self._shorts.get(tuple(_tokenize(name).key), [])
            if len(candidates) != 1:
                return None
            index = candidates[0]
        return self._entries[index].ref

    def role_periods(
        self, ref: ActorRef, title: str
    ) -> list[tuple[dt.date | None, dt.date | None]]:
        """When ``ref`` held the offices ``title`` names ("Foreign Affairs Minister"), or []."""
        index = self._by_key.get(ref.key)
        if index is None:
            return []
        folded = fold(title)
        return [
            (spec.role.start, spec.role.end)
            for spec in self._entries[index].roles
            if spec.pattern is not None and spec.pattern.search(folded)
        ]


def _parse_entry(raw: dict[str, Any], where: str) -> _Entry:
    name: str = raw["name"]
    try:
        kind = ActorKind(raw.get("kind"))
    except ValueError:
        raise ValueError(f"{where}: unknown kind {raw.get('kind')!r}") from None
    aliases = tuple(a for a in _strings(raw, "aliases", where) if a != name)
    roles: list[_RoleSpec] = []
    raw_roles = raw.get("roles", [])
    if not isinstance(raw_roles, list):
        raise ValueError(f"{where}: 'roles' must be a list")
    for raw_role in raw_roles:
        if not isinstance(raw_role, dict) or not isinstance(raw_role.get("title"), str):
            raise ValueError(f"{where}: each role needs a string 'title'")
        role = Role(
            title=raw_role["title"],
            start=_parse_date(raw_role.get("start"), where),
            end=_parse_date(raw_role.get("end"), where),
        )
        roles.append(_RoleSpec(role, _match_pattern(_strings(raw_role, "match", where))))
    names = (name, *aliases)
    if kind is ActorKind.PERSON and "short" in raw:
        shorts = [tuple(_tokenize(s).key) for s in _strings(raw, "short", where)]
    elif kind is ActorKind.PERSON:
        shorts = _derived_shorts(names)
    else:
        shorts = []
    firsts = frozenset(_tokenize(n).key[0] for n in names if len(_tokenize(n)) > 1)
    ref = ActorRef(
        key=name_key(name),
        name=name,
        kind=kind,
        aliases=aliases,
        roles=tuple(spec.role for spec in roles),
    )
    return _Entry(
        ref=ref,
        roles=tuple(roles),
        shorts=tuple(dict.fromkeys(s for s in shorts if s)),
        surname_alone=bool(raw.get("surname_alone", True)),
        ambiguous=bool(raw.get("ambiguous", False)),
        first_names=firsts if kind is ActorKind.PERSON else frozenset(),
    )


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.load(resource("gazetteer.json"))


# --- finding actors in one article ------------------------------------------------------------

# Word classes for reading titles and appositions around a name.
_C_PERSON, _C_GAZ, _C_FORMER, _C_CONN, _C_THE, _C_HEAD, _C_MOD, _C_HYPH, _C_CAP, _C_FREE = range(10)
_C_OTHER = 10
_TITLE_BODY = frozenset({_C_HEAD, _C_MOD, _C_GAZ, _C_HYPH})
_TITLE_TAIL = frozenset({_C_CONN, _C_THE, _C_GAZ, _C_MOD, _C_CAP})


@dataclass(slots=True)
class _Actor:
    """An actor as found in one document; ``spellings`` are the texts it was seen under."""

    key: str
    name: str
    kind: ActorKind
    entry: int | None
    spellings: list[str]


@dataclass(slots=True)
class _Found:
    first: int  # the first word and the word after the last
    stop: int
    actor: _Actor
    title: tuple[int, int] | None = None  # character span of the title phrase
    former: bool = False


@dataclass(slots=True)
class _Context:
    """What find() has learnt so far about one text."""

    text: str
    toks: _Tokens
    owner: list[int]  # index into ``found`` per word, -1 when no actor covers it
    found: list[_Found]
    actors: dict[str, _Actor]
    name_like: list[bool]  # capitalised, not a known non-name word, not all capitals


class _Named:
    """Where a short form's full names occur, for resolving "Lavrov" to the person last
    named in full before it (else the first named at all) with a binary search: an article
    naming one person thousands of times must not cost a scan per mention."""

    def __init__(self, found: list[tuple[int, _Actor]]) -> None:
        self.first = found[0][1]
        ordered = sorted(found, key=lambda item: item[0])  # stable: ties keep their order
        self.positions = [position for position, _ in ordered]
        self.actors = [actor for _, actor in ordered]

    def nearest(self, at: int) -> _Actor:
        before = bisect_left(self.positions, at)
        return self.actors[before - 1] if before else self.first


class ActorFinder:
    """Finds the actors an article names, one ActorRef per real actor per article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer

    def find(self, text: str) -> list[ActorMention]:
        toks = _tokenize(text)
        name_like = [
            cap and key not in _NOT_NAME and word[0].isalpha() and not (upper and len(word) > 1)
            for cap, key, word, upper in zip(
                toks.cap, toks.key, toks.surface, toks.upper, strict=True
            )
        ]
        ctx = _Context(text, toks, [-1] * len(toks), [], {}, name_like)
        self._match_gazetteer(ctx)
        singles = self._match_patterns(ctx)
        self._resolve_singles(ctx, singles)
        for found in ctx.found:
            self._describe(ctx, found)
        return self._mentions(ctx)

    # pass 1: gazetteer names and aliases, longest first
    def _match_gazetteer(self, ctx: _Context) -> None:
        toks, gaz = ctx.toks, self._gaz
        keys, join, longest, spellings = toks.key, toks.join, gaz._longest, gaz._spellings
        n = len(toks)
        resume = 0
        for i in [i for i, key in enumerate(keys) if key in longest]:
            if i < resume:
                continue
            most = longest[keys[i]]
            reach = 1
            while reach < most and i + reach < n and join[i + reach]:
                reach += 1
            for length in range(reach, 0, -1):
                options = spellings.get(tuple(keys[i : i + length]))
                if options is None:
                    continue
                entry = self._accept(ctx, i, length, options)
                if entry is not None:
                    self._add(ctx, i, i + length, self._gaz_actor(ctx, entry))
                    resume = i + length
                    break

    def _accept(self, ctx: _Context, i: int, length: int, options: list[_Spelling]) -> int | None:
        toks = ctx.toks
        for option in options:
            if not self._case_fits(toks, i, option):
                continue
            entry = self._gaz._entries[option.entry]
            if (
                length == 1
                and entry.ref.kind is not ActorKind.PERSON
                and not self._standalone(ctx, i, entry)
            ):
                continue
            return option.entry
        return None

    @staticmethod
    def _case_fits(toks: _Tokens, i: int, option: _Spelling) -> bool:
        last = len(option.cases) - 1
        for offset, case in enumerate(option.cases):
            at = i + offset
            if case == _CAPITALISED and not toks.cap[at]:
                return False
            if case == _CAPITALS and not toks.upper[at]:
                return False
            if offset < last and toks.poss[at] != option.possessives[offset]:
                return False
        return True

    @staticmethod
    def _standalone(ctx: _Context, i: int, entry: _Entry) -> bool:
        """A one-word country or body is not the tail of a longer name ("Radio Canada")."""
        toks = ctx.toks
        if (
            i > 0
            and toks.join[i]
            and toks.cap[i - 1]
            and ctx.owner[i - 1] < 0
            and toks.key[i - 1] not in _BEFORE_STANDALONE
        ):
            return False
        if entry.ambiguous and i + 1 < len(toks) and toks.join[i + 1] and toks.cap[i + 1]:
            return toks.key[i + 1] in _NOT_NAME
        return True

    def _gaz_actor(self, ctx: _Context, entry_index: int) -> _Actor:
        ref = self._gaz._entries[entry_index].ref
        actor = ctx.actors.get(ref.key)
        if actor is None:
            actor = _Actor(ref.key, ref.name, ref.kind, entry_index, [])
            ctx.actors[ref.key] = actor
        return actor

    @staticmethod
    def _add(ctx: _Context, first: int, stop: int, actor: _Actor) -> None:
        index = len(ctx.found)
        ctx.found.append(_Found(first, stop, actor))
        for at in range(first, stop):
            ctx.owner[at] = index
        toks = ctx.toks
        spelling = ctx.text[toks.start[first] : toks.end[stop - 1]]
        if spelling != actor.name and spelling not in actor.spellings:
            spelling = " ".join(spelling.split())  # no line breaks or no-break spaces in aliases
            if spelling != actor.name and spelling not in actor.spellings:
                actor.spellings.append(spelling)

    # pass 2: people the gazetteer does not know, from titles, honorifics and appositions
    def _match_patterns(self, ctx: _Context) -> list[tuple[int, int, bool]]:
        """Add newly found people; return one-name runs (first, stop, signalled) for pass 3."""
        toks, owner = ctx.toks, ctx.owner
        n = len(toks)
        singles: list[tuple[int, int, bool]] = []
        keys = toks.key
        maybe = [
            i
            for i, (like, key) in enumerate(zip(ctx.name_like, keys, strict=True))
            if like or key in _PARTICLES or key in _MONTHS_DAYS
        ]
        resume = 0
        for i in maybe:
            if i < resume:
                continue
            starts_run = (
                self._nameish(ctx, i)
                # "Mrs. May": a month after an honorific is a surname
                or (keys[i] in _MONTHS_DAYS and toks.cap[i] and self._honorific_before(ctx, i))
                or (
                    keys[i] in _PARTICLES
                    and owner[i] < 0
                    and i + 1 < n
                    and toks.join[i + 1]
                    and self._nameish(ctx, i + 1)
                )
            )
            if not starts_run:
                continue
            j = i + 1
            while j < n and toks.join[j] and owner[j] < 0:
                if self._nameish(ctx, j):
                    j += 1
                elif (
                    toks.key[j] in _PARTICLES
                    and j + 1 < n
                    and toks.join[j + 1]
                    and self._nameish(ctx, j + 1)
                ):
                    j += 2
                else:
                    break
            words = sum(1 for k in range(i, j) if toks.key[k] not in _PARTICLES)
            honorific = self._honorific_before(ctx, i)
            title = self._title_before(ctx, i)
            strong = honorific or (title is not None and title[2] not in _WEAK_HEADS)
            if words == 1 or toks.key[i] in _PARTICLES:
                if not self._names_a_thing(ctx, i, j):
                    singles.append((i, j, strong))
            elif words <= 4 and (
                honorific or title is not None or self._apposition(ctx, j - 1) is not None
            ):
                self._add(ctx, i, j, self._new_person(ctx, i, j))
            elif (known := self._known_variant(ctx, i, j)) is not None:
                self._add(ctx, i, j, self._gaz_actor(ctx, known))
            elif all(toks.join[k] == _HYPHEN for k in range(i + 1, j)):
                # "Kerry-Lavrov talks": each part may still be a known surname
                singles.extend((k, k + 1, False) for k in range(i, j))
            resume = j
        return singles

    @staticmethod
    def _names_a_thing(ctx: _Context, first: int, stop: int) -> bool:
        """Whether a lone name is part of a thing's name: "Magnitsky Act", "Radio Harper"."""
        toks = ctx.toks
        if stop < len(toks) and toks.join[stop] and toks.cap[stop] and toks.key[stop] in _THINGS:
            return True
        if first == 0 or not toks.join[first] or not toks.cap[first - 1]:
            return False
        return ctx.owner[first - 1] < 0 and toks.key[first - 1] in _THINGS

    @staticmethod
    def _nameish(ctx: _Context, i: int) -> bool:
        return ctx.name_like[i] and ctx.owner[i] < 0

    def _new_person(self, ctx: _Context, first: int, stop: int) -> _Actor:
        toks = ctx.toks
        known = self._known_variant(ctx, first, stop)
        if known is not None:
            return self._gaz_actor(ctx, known)
        name = " ".join(ctx.text[toks.start[first] : toks.end[stop - 1]].split())
        key = name_key(name)
        actor = ctx.actors.get(key)
        if actor is None:
            actor = _Actor(key, name, ActorKind.PERSON, None, [])
            ctx.actors[key] = actor
        return actor

    def _known_variant(self, ctx: _Context, first: int, stop: int) -> int | None:
        """The gazetteer person whose first name and surname these are ("Sergei V. Lavrov")."""
        keys = ctx.toks.key
        for index in self._gaz._shorts.get((keys[stop - 1],), []):
            if keys[first] in self._gaz._entries[index].first_names:
                return index
        return None

    # pass 3: one-word mentions ("Lavrov", "Mr. Breton") resolve to full names
    def _resolve_singles(self, ctx: _Context, singles: list[tuple[int, int, bool]]) -> None:
        toks = ctx.toks
        seen: dict[tuple[str, ...], list[tuple[int, _Actor]]] = {}
        for found in ctx.found:
            if found.actor.kind is not ActorKind.PERSON or found.stop - found.first < 2:
                continue
            known = found.actor.entry
            if known is not None:
                shorts: Sequence[tuple[str, ...]] = self._gaz._entries[known].shorts
            else:
                shorts = _derived_shorts([found.actor.name])
            for short in shorts:
                seen.setdefault(short, []).append((found.first, found.actor))
        named = {short: _Named(found) for short, found in seen.items()}
        for first, stop, strong in singles:
            words = tuple(toks.key[first:stop])
            by_name = named.get(words)
            actor: _Actor | None = None if by_name is None else by_name.nearest(first)
            if actor is None:
                for index in self._gaz._shorts.get(words, []):
                    if strong or self._gaz._entries[index].surname_alone:
                        actor = self._gaz_actor(ctx, index)
                        break
            if actor is None and strong:
                actor = self._new_person(ctx, first, stop)
            if actor is not None:
                self._add(ctx, first, stop, actor)

    # titles, appositions and "former"
    def _describe(self, ctx: _Context, found: _Found) -> None:
        if found.actor.kind is not ActorKind.PERSON:
            return
        toks = ctx.toks
        title = self._title_before(ctx, found.first)
        if title is not None:
            found.title = (toks.start[title[0]], toks.end[title[1] - 1])
            found.former = self._former_at(ctx, title[0] - 1, title[0], with_title=True)
            return
        apposition = self._apposition(ctx, found.stop - 1)
        if apposition is not None:
            first, stop, former = apposition
            found.title = (toks.start[first], toks.end[stop - 1])
            found.former = former
            return
        found.former = self._former_at(ctx, found.first - 1, found.first, with_title=False)

    @staticmethod
    def _former_at(ctx: _Context, k: int, after: int, *, with_title: bool) -> bool:
        toks = ctx.toks
        if k < 0 or not toks.join[after]:
            return False
        return toks.key[k] in (_FORMER if with_title else _FORMER_WITHOUT_TITLE)

    @staticmethod
    def _honorific_before(ctx: _Context, i: int) -> bool:
        toks = ctx.toks
        if i == 0 or not toks.cap[i - 1] or toks.key[i - 1] not in _HONORIFICS:
            return False
        return ctx.text[toks.end[i - 1] : toks.start[i]] in _HONORIFIC_GAPS

    def _word_class(self, ctx: _Context, k: int) -> int:
        toks = ctx.toks
        found = ctx.owner[k]
        if found >= 0:
            kind = ctx.found[found].actor.kind
            return _C_PERSON if kind is ActorKind.PERSON else _C_GAZ
        key = toks.key[k]
        if key in _FORMER:
            return _C_FORMER
        if key in _CONNECTORS and not toks.cap[k]:
            return _C_CONN
        if key == "the":
            return _C_THE
        if key in _HEADS:
            return _C_HEAD
        if key in _MODIFIERS or key in _DEMONYMS or key in _PARTIES:
            return _C_MOD
        if toks.cap[k]:
            return _C_CAP if key not in _NOT_NAME else _C_OTHER
        if key in _STOP or not toks.surface[k].isalpha():
            return _C_OTHER
        hyphenated = toks.join[k] == _HYPHEN or (k + 1 < len(toks) and toks.join[k + 1] == _HYPHEN)
        return _C_HYPH if hyphenated else _C_FREE

    def _title_before(self, ctx: _Context, i: int) -> tuple[int, int, str] | None:
        """The title phrase ending right before word ``i``: (first, end, head word) or None."""
        toks = ctx.toks
        if i == 0 or toks.join[i] != _SPACE:
            return None
        classes: list[int] = []  # backwards from i - 1
        k = i - 1
        while k >= 0 and len(classes) < 12:
            cls = self._word_class(ctx, k)
            if cls in (_C_PERSON, _C_FORMER, _C_FREE, _C_OTHER):
                break
            if cls == _C_GAZ:
                # a country or body inside a title counts as one word; take all of it
                start = ctx.found[ctx.owner[k]].first
                classes.extend([_C_GAZ] * (k - start + 1))
                k = start
            else:
                classes.append(cls)
            if not toks.join[k]:
                break
            k -= 1
        # forwards: [body words] HEAD [connector + complement]
        forward = classes[::-1]
        first = i - len(forward)
        head = -1
        for position in range(len(forward) - 1, -1, -1):
            if forward[position] == _C_HEAD:
                head = position
                break
        if head < 0:
            return None
        tail = forward[head + 1 :]
        if tail and (tail[0] != _C_CONN or any(c not in _TITLE_TAIL for c in tail)):
            return None
        body_start = head
        while body_start > 0 and forward[body_start - 1] in _TITLE_BODY:
            body_start -= 1
        return first + body_start, i, toks.key[first + head]

    def _apposition(self, ctx: _Context, last: int) -> tuple[int, int, bool] | None:
        """The title in an apposition after word ``last`` (", a former diplomat,").

        Returns the title's first word, the word after it, and whether it is qualified as past.
        """
        toks = ctx.toks
        n = len(toks)
        k = last + 1
        if (
            k >= n
            or toks.poss[last]
            or ctx.text[toks.end[last] : toks.start[k]] not in _APPOSITION_GAPS
        ):
            return None
        first = k
        if toks.key[k] in ("a", "an", "the"):
            k += 1
            first = k
        elif ctx.owner[k] >= 0 and ctx.found[ctx.owner[k]].actor.kind is not ActorKind.PERSON:
            end = ctx.found[ctx.owner[k]].stop
            if toks.poss[end - 1]:
                k = end  # "Russia's foreign minister": the title reads from "Russia"
        former = k < n and toks.key[k] in _FORMER
        if former:
            k += 1
            first = k
        body = k
        head_end = -1
        free = 0
        while k < n and k - body < 8:
            if k > body and not toks.join[k]:
                break
            cls = self._word_class(ctx, k)
            if cls == _C_HEAD:
                head_end = k + 1
            elif cls == _C_FREE and head_end < 0 and free < 2:
                free += 1
            elif cls == _C_CONN and head_end == k:
                complement = self._complement(ctx, k)
                if complement > k:
                    head_end = complement
                break
            elif cls not in _TITLE_BODY:
                break
            if toks.poss[k]:
                break
            k += 1
        if head_end < 0:
            return None
        return first, head_end, former

    def _complement(self, ctx: _Context, conn: int) -> int:
        """Word index after "of the United Nations" starting at the connector, or ``conn``."""
        toks = ctx.toks
        k = conn + 1
        if k < len(toks) and toks.key[k] == "the" and toks.join[k]:
            k += 1
        end = conn
        while k < len(toks) and toks.join[k] and k - conn < 6:
            cls = self._word_class(ctx, k)
            capital_modifier = cls == _C_MOD and toks.cap[k] and toks.key[k] in _MODIFIERS
            if cls not in (_C_GAZ, _C_CAP) and not capital_modifier:
                break
            k += 1
            end = k
        return end

    def _mentions(self, ctx: _Context) -> list[ActorMention]:
        refs: dict[str, ActorRef] = {}
        for key, actor in ctx.actors.items():
            if actor.entry is not None:
                base = self._gaz._entries[actor.entry].ref
                extra = tuple(s for s in actor.spellings if s not in base.aliases)
                refs[key] = (
                    ActorRef(base.key, base.name, base.kind, base.aliases + extra, base.roles)
                    if extra
                    else base
                )
            else:
                refs[key] = ActorRef(
                    key=actor.key, name=actor.name, kind=actor.kind, aliases=tuple(actor.spellings)
                )
        toks, text = ctx.toks, ctx.text
        mentions = []
        for found in sorted(ctx.found, key=lambda f: f.first):
            start, end = toks.start[found.first], toks.end[found.stop - 1]
            title = text[found.title[0] : found.title[1]] if found.title else None
            mentions.append(
                ActorMention(
                    start=start,
                    end=end,
                    text=text[start:end],
                    ref=refs[found.actor.key],
                    title=title,
                    former=found.former,
                )
            )
        return mentions
