"""The timeline's structure in plain Python: rows, year groups and lookup indexes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.core.dates import Precision
from desktop.core.names import fold
from desktop.core.records import ActorId, EventId, EventRecord

Year = int | None  # None: the undated group, always last


@dataclass(frozen=True, slots=True)
class Group:
    """One year header: its row and the rows of its events (a contiguous range)."""

    year: Year
    header_row: int
    first_event_row: int
    end_row: int  # one past the last event row

    @property
    def label(self) -> str:
        return "Undated" if self.year is None else str(self.year)


def event_year(event: EventRecord) -> Year:
    # Group by the year of the first day covered, the year the events are sorted by, so an
    # ISO week starting in late December sits with that December rather than splitting a
    # year. Only a week can start in another year than its own; the rest skip `start`.
    date = event.date
    if date is None:
        return None
    return date.start.year if date.precision is Precision.WEEK else date.year


def _year_lookup() -> Callable[[EventRecord], Year]:
    """event_year, computed once per date object: the store hands out one FuzzyDate per
    distinct date, so 100,000 events share a few thousand (the objects outlive the lookup)."""
    years: dict[int, Year] = {}

    def year_of(event: EventRecord) -> Year:
        year = years.get(id(event.date), False)
        if year is False:
            year = years[id(event.date)] = event_year(event)
        return year

    return year_of


@dataclass(slots=True)
class TimelineData:
    """Year headers interleaved with events; row ``r`` is a header iff ``events[r]`` is None.

    Built once per reload; every lookup the views need (row of an event, group of a row,
    rows of an actor) is a dictionary or list access.
    """

    events: list[EventRecord | None] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    group_of_row: list[int] = field(default_factory=list)
    row_of_event: dict[EventId, int] = field(default_factory=dict)
    any_hidden: bool = False
    _folded_titles: list[str] | None = None
    _rows_of_actor: dict[ActorId, list[int]] | None = None

    @classmethod
    def build(cls, events: Iterable[EventRecord]) -> TimelineData:
        ordered = _grouped(list(events))
        data = cls()
        rows = data.events
        current: Year | bool = False  # False: no group opened yet (None is a real group)
        header = first = 0
        year_of = _year_lookup()
        for event in ordered:
            year = year_of(event)
            if year != current:
                if current is not False:
                    data.groups.append(Group(_as_year(current), header, first, len(rows)))
                current = year
                header = len(rows)
                rows.append(None)
                first = len(rows)
            row = len(rows)
            rows.append(event)
            data.row_of_event[event.id] = row
            if event.hidden:
                data.any_hidden = True
        if current is not False:
            data.groups.append(Group(_as_year(current), header, first, len(rows)))
        group_of_row = data.group_of_row
        for index, group in enumerate(data.groups):
            group_of_row.extend([index] * (group.end_row - group.header_row))
        return data

    def __len__(self) -> int:
        return len(self.events)

    @property
    def rows_of_actor(self) -> dict[ActorId, list[int]]:
        """Each actor's event rows, ascending; built on the first actor filter, not on open."""
        if self._rows_of_actor is None:
            index: dict[ActorId, list[int]] = {}
            for row, event in enumerate(self.events):
                if event is not None:
                    for actor_id in event.actor_ids:
                        index.setdefault(actor_id, []).append(row)
            self._rows_of_actor = index
        return self._rows_of_actor

    def group_for_row(self, row: int) -> Group:
        return self.groups[self.group_of_row[row]]

    def group_for_year(self, year: Year) -> Group | None:
        for group in self.groups:
            if group.year == year:
                return group
        return None

    def title_matches(self, needle: str) -> set[int]:
        """Rows whose event title contains ``needle`` (case- and accent-insensitive)."""
        if self._folded_titles is None:
            self._folded_titles = ["" if e is None else fold(e.title) for e in self.events]
        key = fold(needle)
        return {row for row, title in enumerate(self._folded_titles) if key in title}

    def rows_for_events(self, event_ids: Iterable[EventId]) -> set[int]:
        lookup = self.row_of_event
        return {lookup[e] for e in event_ids if e in lookup}

    def filtered_rows(self, accepted: Iterable[int] | None, *, show_hidden: bool) -> Filtered:
        """Event rows ``accepted`` (ascending; all when None) with their year headers."""
        events = self.events
        if accepted is None and (show_hidden or not self.any_hidden):
            return Filtered(list(range(len(events))), [g.header_row for g in self.groups])
        candidates: Iterable[int] = range(len(events)) if accepted is None else accepted
        rows: list[int] = []
        headers: list[int] = []
        group_of_row = self.group_of_row
        groups = self.groups
        last_group = -1
        for row in candidates:
            event = events[row]
            if event is None or (event.hidden and not show_hidden):
                continue
            group = group_of_row[row]
            if group != last_group:
                headers.append(len(rows))
                rows.append(groups[group].header_row)
                last_group = group
            rows.append(row)
        return Filtered(rows, headers)


@dataclass(frozen=True, slots=True)
class Filtered:
    """Source rows shown, in order, and the positions (in ``rows``) of the year headers."""

    rows: list[int]
    header_positions: list[int]

    def group_sizes(self) -> list[int]:
        if not self.header_positions:
            return []
        ends = [*self.header_positions[1:], len(self.rows)]
        return [end - start - 1 for start, end in zip(self.header_positions, ends, strict=True)]


def actor_names_line(actor_ids: Sequence[ActorId], names: Mapping[ActorId, str]) -> str:
    shown = [names[a] for a in actor_ids[:4] if a in names]
    extra = len(actor_ids) - 4
    line = ", ".join(shown)
    return f"{line} +{extra}" if extra > 0 else line


def _as_year(value: Year | bool) -> Year:
    assert value is not False
    return None if value is None else int(value)


def _grouped(events: list[EventRecord]) -> list[EventRecord]:
    """Events with their years ascending and undated last.

    The store already sorts them (its contract); only if the years are out of order, as
    from a careless caller, are they sorted here, which costs a key per event.
    """
    previous = -(10**9)
    seen_undated = False
    year_of = _year_lookup()
    for event in events:
        year = year_of(event)
        if year is None:
            seen_undated = True
        elif seen_undated or year < previous:
            break
        else:
            previous = year
    else:
        return events
    dated = sorted((e for e in events if e.date is not None), key=_sort_key)
    return dated + [e for e in events if e.date is None]


def _sort_key(event: EventRecord) -> tuple[int, int, int]:
    assert event.date is not None
    ordinal, coarse = event.date.sort_key
    return (ordinal, coarse, event.id)
