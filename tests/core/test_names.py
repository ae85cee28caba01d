"""Folding and name keys: the keys stored for events and actors must never drift."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.events import event_key
from desktop.core.names import fold, name_key


def _fold_by_definition(text: str) -> str:
    """Character by character, as the docstring defines it."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_accents_quotes_and_case_fold_away() -> None:
    assert fold("Stéphane DION") == "stephane dion"
    assert fold("Canada\u2019s") == "canada's"
    assert fold("Ｌａｖｒｏｖ") == "lavrov"  # full-width letters
    assert name_key("U.S.") == name_key("us") == "us"
    assert name_key("al-Assad") == "al assad"


@given(st.text())
def test_fold_matches_its_definition_on_any_text(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


def test_event_keys_are_stable_across_releases() -> None:
    # Corrections are stored by event key: a changed key would orphan a user's correction.
    assert event_key("Dion met Lavrov on July 25, 2016.", "July 25, 2016") == (
        event_key("DION  met   Lavrov on July 25, 2016.", "july 25, 2016")
    )
    assert event_key("Stéphane Dion met Lavrov.", "2016") == event_key(
        "Stephane Dion met Lavrov.", "2016"
    )
