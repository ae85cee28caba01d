"""The ORM models: Chancery's tables as SQLAlchemy typed declarative classes."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints make future migrations (ALTER via table rebuild) name-addressable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite keeps no zone, so every timestamp in the file is UTC by convention."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: DateTime(), str: Text()}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(index=True)
    raw_text: Mapped[str]
    text: Mapped[str]
    title: Mapped[str]
    outlet: Mapped[str | None]
    published_value: Mapped[str | None]
    published_precision: Mapped[str | None]
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # passive_deletes="all": the ORM never touches annotations; the RESTRICT key refuses.
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="article", lazy="raise", passive_deletes="all"
    )


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]
    roles_json: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class ActorAlias(Base):
    """One spelling of an actor; its key belongs to exactly one actor."""

    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str]
    key: Mapped[str] = mapped_column(unique=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases", lazy="raise")


class Event(Base):
    """A happening; ``date_*`` are the importer-derived values (NULL date: undated)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    date_value: Mapped[str | None]
    date_precision: Mapped[str | None]
    # Day ordinals of FuzzyDate.start/.end: integer range queries and ordering.
    date_start: Mapped[int | None] = mapped_column(index=True)
    date_end: Mapped[int | None]
    date_text: Mapped[str] = mapped_column(default="")
    title: Mapped[str]
    date_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    # Caches of event_sources and event_actors, kept by repo, so the timeline of 100,000
    # events is one scan of one table.
    source_count: Mapped[int] = mapped_column(default=0)
    actor_list: Mapped[str] = mapped_column(default="")  # sorted actor ids: "3,17"

    sources: Mapped[list[EventSource]] = relationship(
        back_populates="event", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class EventSource(Base):
    """One passage of one article evidencing an event."""

    __tablename__ = "event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # Indexed by ix_event_sources_article_start below (article first).
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str]
    phrase_start: Mapped[int]
    phrase_end: Mapped[int]
    event_key: Mapped[str]
    # The actors this passage names, sorted ids ("3,17"): event_actors is rebuilt from
    # these when an article is re-imported.
    actor_list: Mapped[str] = mapped_column(default="")

    event: Mapped[Event] = relationship(back_populates="sources", lazy="raise")


class EventActor(Base):
    """The union of the actors of an event's passages (before user corrections)."""

    __tablename__ = "event_actors"
    # The key is the whole row: WITHOUT ROWID stores it once, not in a table and an index.
    __table_args__ = ({"sqlite_with_rowid": False},)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    # No index of its own: every import would scatter ~20 page writes over one, while its
    # readers (actor counts, merges) scan this table anyway or are rare.
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )


class EventCorrectionRow(Base):
    """A user's edit of an event, keyed by the stable event key so it survives re-import."""

    __tablename__ = "event_corrections"

    event_key: Mapped[str] = mapped_column(primary_key=True)
    date_value: Mapped[str | None]
    date_precision: Mapped[str | None]
    clear_date: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str | None]
    actor_ids_json: Mapped[list[int] | None] = mapped_column(JSON(none_as_null=True))
    hidden: Mapped[bool | None] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Annotation(Base):
    """A highlight with a note; prefix/suffix let it be re-anchored when the text changes."""

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="RESTRICT"), index=True
    )
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str]
    prefix: Mapped[str] = mapped_column(default="")
    suffix: Mapped[str] = mapped_column(default="")
    colour: Mapped[str]
    note: Mapped[str] = mapped_column(default="")
    tags_json: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    orphaned: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="annotations", lazy="raise")


class EventNote(Base):
    """A user's note on an event, keyed like corrections by the stable event key."""

    __tablename__ = "event_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(index=True)
    note: Mapped[str]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PaletteSwatch(Base):
    """A highlight colour and the meaning the user gives it; no rows: the default palette."""

    __tablename__ = "palette"

    colour: Mapped[str] = mapped_column(primary_key=True)  # "#rrggbb", as annotations store it
    meaning: Mapped[str]
    position: Mapped[int] = mapped_column(default=0)


Index("ix_event_sources_article_start", EventSource.article_id, EventSource.start)
