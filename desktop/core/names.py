"""Name keys: one spelling-insensitive key per name ("Stéphane Dion" and "Stephane Dion" agree)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents and typographic quotes removed: 'Stéphane' -> 'stephane'."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    # Look up each distinct character once, then drop the marks in one C-level pass: a
    # 1 MB passage has a few hundred distinct characters, not a million.
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return (decomposed.translate(marks) if marks else decomposed).casefold()


def name_key(name: str) -> str:
    """The key two spellings of one name share: 'U.S.' -> 'us', 'al-Assad' -> 'al assad'."""
    folded = fold(name).replace(".", "")
    return _NON_WORD.sub(" ", folded).strip()
