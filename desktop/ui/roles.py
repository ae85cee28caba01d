"""Custom item-data roles and row kinds shared by the models, proxies and delegates."""

from __future__ import annotations

from enum import IntEnum
from typing import TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex

_USER = int(Qt.ItemDataRole.UserRole)


class ItemRole(IntEnum):
    """Data roles beyond Qt's own; one enum for every model so delegates agree on them."""

    ROW_KIND = _USER + 1
    EVENT_ID = _USER + 2
    YEAR = _USER + 3  # int, or None for the undated group
    DATE_LABEL = _USER + 4
    PRECISION = _USER + 5  # Precision, or None when undated
    INFERRED = _USER + 6
    TITLE = _USER + 7
    ACTORS_TEXT = _USER + 8
    SOURCE_COUNT = _USER + 9
    HIDDEN = _USER + 10
    CORRECTED = _USER + 11
    GROUP_COUNT = _USER + 12  # events under a year header, as currently filtered
    ACTOR_ID = _USER + 13
    ACTOR = _USER + 14  # the ActorRecord
    SEARCH_TEXT = _USER + 15  # folded name and aliases, for the sidebar's search
    COUNT = _USER + 16
    IS_CURRENT = _USER + 17
    # The annotations panel (a gap, so the timeline's roles can grow).
    MARK = _USER + 40  # the AnnotationItem of a row
    COLOUR = _USER + 41  # "#rrggbb", or "" for an event note


class RowKind(IntEnum):
    HEADER = 1
    EVENT = 2
