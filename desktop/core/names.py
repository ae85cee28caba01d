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
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> str:
    """The key two spellings of one name share: 'U.S.' -> 'us', 'al-Assad' -> 'al assad'."""
    folded = fold(name).replace(".", "")
    return _NON_WORD.sub(" ", folded).strip()
