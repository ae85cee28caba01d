"""Anchoring a highlight in text that may have changed: W3C position + quote selectors."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

CONTEXT = 32
# Bounds that keep re-anchoring linear in the text: a quote seen more often than this is
# placed among its first occurrences only, and fuzzy search looks at a few places only.
MAX_OCCURRENCES = 1000
MAX_SEED_HITS = 64
SEEDS = 8
CANDIDATES = 6
# Quotes longer than this are aligned by their head and tail, not character by character.
MAX_ALIGNED = 4000
# A fuzzy match must recover this share of the quote's characters.
MIN_SIMILARITY = 0.7
# Below this many characters a quote is too short to place by resemblance.
MIN_FUZZY = 8


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """(quote, prefix, suffix) of ``text[start:end]``, ``context`` characters each side."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


def reanchor(
    text: str, start: int, end: int, quote: str, prefix: str, suffix: str
) -> tuple[int, int] | None:
    """Where the quote is now in ``text``, or None when it can no longer be placed (an orphan).

    Tries, in order: the old position; every exact occurrence of the quote, preferring the
    one whose context matches and that lies nearest the old position; then an approximate
    match near the places where pieces of the quote or its context still occur.
    """
    if not quote:
        return (start, start) if 0 <= start <= len(text) else None
    if start >= 0 and text[start : start + len(quote)] == quote:
        return start, start + len(quote)
    exact = _best_exact(text, start, quote, prefix, suffix)
    if exact is not None:
        return exact, exact + len(quote)
    if len(quote) < MIN_FUZZY:
        return None
    return _best_fuzzy(text, start, quote, prefix, suffix)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the old context still surround ``text[start:end]``."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_suffix(before, prefix) + _common_prefix(after, suffix)


def _best_exact(text: str, old: int, quote: str, prefix: str, suffix: str) -> int | None:
    best: tuple[int, int] | None = None
    found: int | None = None
    position = text.find(quote)
    seen = 0
    while position != -1 and seen < MAX_OCCURRENCES:
        context = _context_score(text, position, position + len(quote), prefix, suffix)
        rank = (context, -abs(position - old))
        if best is None or rank > best:
            best, found = rank, position
        seen += 1
        position = text.find(quote, position + 1)
    return found


def _hits(text: str, piece: str) -> list[int]:
    """The first occurrences of ``piece`` in ``text``, at most MAX_SEED_HITS of them."""
    hits: list[int] = []
    position = text.find(piece)
    while position != -1 and len(hits) < MAX_SEED_HITS:
        hits.append(position)
        position = text.find(piece, position + 1)
    return hits


def _candidates(text: str, old: int, quote: str, prefix: str, suffix: str) -> list[int]:
    """Likely start positions: votes from pieces of the quote and of its context found in text."""
    size = len(quote)
    width = max(5, min(32, size // 5))
    votes: Counter[int] = Counter()
    # Votes fall in buckets, so pieces shifted by a small edit still agree.
    bucket = max(8, size // 4)
    steps = max(1, SEEDS - 1)
    for i in range(SEEDS):
        offset = (size - width) * i // steps
        piece = quote[offset : offset + width]
        if len(piece) < width:
            continue
        for hit in _hits(text, piece):
            votes[(hit - offset) // bucket] += 1
    tail = prefix[-width:]
    if len(tail) >= MIN_FUZZY:
        for hit in _hits(text, tail):
            votes[(hit + len(tail)) // bucket] += 1
    head = suffix[:width]
    if len(head) >= MIN_FUZZY:
        for hit in _hits(text, head):
            votes[max(0, hit - size) // bucket] += 1
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], abs(kv[0] * bucket - old)))
    return [max(0, b * bucket) for b, _ in ranked[:CANDIDATES]]


def _align(text: str, guess: int, quote: str) -> tuple[int, int, float] | None:
    """(start, end, share of the quote recovered) of the quote's best alignment near ``guess``."""
    size = len(quote)
    slack = max(16, size // 2)
    lo = max(0, guess - slack)
    window = text[lo : guess + size + slack]
    if not window:
        return None
    if size > MAX_ALIGNED:
        head, tail = quote[:200], quote[-200:]
        first, last = window.find(head), window.rfind(tail)
        if first == -1 or last == -1 or last + len(tail) <= first:
            return None
        return lo + first, lo + last + len(tail), 1.0
    matcher = SequenceMatcher(None, quote, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    matched = sum(b.size for b in blocks)
    # Trim stray single letters matched far from the body of the quote.
    while len(blocks) > 1 and blocks[0].size <= 2 and blocks[1].b - blocks[0].b > 8:
        matched -= blocks.pop(0).size
    while len(blocks) > 1 and blocks[-1].size <= 2 and blocks[-1].b - blocks[-2].b > 8:
        matched -= blocks.pop().size
    first_block, last_block = blocks[0], blocks[-1]
    # Extend to the quote's ends, so an edit of its first or last letters keeps them covered.
    begin = max(0, first_block.b - first_block.a)
    finish = min(
        len(window), last_block.b + last_block.size + (size - last_block.a - last_block.size)
    )
    return lo + begin, lo + finish, matched / size


def _best_fuzzy(
    text: str, old: int, quote: str, prefix: str, suffix: str
) -> tuple[int, int] | None:
    best: tuple[float, int, int] | None = None
    span: tuple[int, int] | None = None
    for guess in _candidates(text, old, quote, prefix, suffix):
        aligned = _align(text, guess, quote)
        if aligned is None:
            continue
        begin, finish, share = aligned
        length = finish - begin
        if share < MIN_SIMILARITY or not 0.5 * len(quote) <= length <= 2 * len(quote):
            continue
        rank = (
            round(share, 3),
            _context_score(text, begin, finish, prefix, suffix),
            -abs(begin - old),
        )
        if best is None or rank > best:
            best, span = rank, (begin, finish)
    return span
