"""The SQLite policy: pragmas, schema version, backups before migrations, refusal of strangers."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from desktop import paths
from desktop.store.schema import Base

SCHEMA_VERSION = 1
# "CHNC" as a big-endian int: `PRAGMA application_id` marks a file as ours (`file` shows it).
APPLICATION_ID = 0x43484E43
BUSY_TIMEOUT_MS = 5000

# MIGRATIONS[n] takes a database from schema n to n + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}

_BEGIN_OPTION = "chancery_begin"


class StoreError(Exception):
    """A database Chancery cannot or must not open; ``str()`` is a sentence for the user."""


class Store:
    """An open Chancery database: sessions, one per unit of work, and backups."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine = engine
        # Writers take the write lock at BEGIN, so a read never has to upgrade to a write
        # mid-transaction (SQLite answers that with "database is locked", not with waiting).
        self._writer = sessionmaker(
            bind=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}),
            expire_on_commit=False,
        )
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``write=False`` takes no write lock, for reads alongside a long import.
        """
        factory = self._writer if write else self._reader
        with factory() as session, session.begin():
            yield session

    def backup(self, dest: Path) -> None:
        """A consistent copy of the database, taken with SQLite's online backup API."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        with self._engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            if not isinstance(raw, sqlite3.Connection):
                raise TypeError(f"not a sqlite3 connection: {raw!r}")
            with closing(sqlite3.connect(dest)) as target:
                raw.backup(target)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path) -> Store:
    """Open (creating or migrating if need be) the database at ``path``.

    Raises StoreError for a file that is not ours, is from a newer Chancery, or cannot be
    opened; such a file is left untouched.
    """
    path = Path(path)
    _check_access(path)
    backup: Path | None = None
    if path.exists() and path.stat().st_size > 0:
        application_id, version, has_tables = _inspect(path)
        if application_id != APPLICATION_ID and (application_id != 0 or has_tables):
            raise StoreError(f"{path}: not a Chancery database")
        if application_id == APPLICATION_ID and version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer version of Chancery (schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}). Update Chancery to open it; "
                "the file was left untouched."
            )
        if application_id == APPLICATION_ID and version < SCHEMA_VERSION:
            missing = [step for step in range(version, SCHEMA_VERSION) if step not in MIGRATIONS]
            if missing:
                # Refused before any connection could write: the file stays byte-identical.
                raise StoreError(
                    f"{path}: no upgrade from schema {missing[0]} to {missing[0] + 1} in this "
                    "version of Chancery; the file was left untouched."
                )
            backup = _backup_file(path, version)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)

    engine = _make_engine(path)
    try:
        _create_or_migrate(path, engine, backup)
    except BaseException:
        engine.dispose()
        raise
    return Store(path, engine)


def backup_name(path: Path, version: int, when: dt.datetime) -> Path:
    """Where the pre-migration backup of ``path`` at schema ``version`` goes."""
    stamp = when.strftime("%Y%m%dT%H%M%S%f")
    return paths.backups_dir(path) / f"{path.stem}-schema{version}-{stamp}{path.suffix}"


def _check_access(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path}: cannot open (permission denied)")
        if not os.access(path, os.W_OK):
            raise StoreError(f"{path}: cannot write to it (permission denied)")


def _inspect(path: Path) -> tuple[int, int, bool]:
    """(application_id, user_version, has tables), read without writing a byte."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(f"{path}: not a Chancery database") from exc
        raise StoreError(f"{path}: cannot open ({exc})") from exc
    return int(application_id), int(version), bool(tables)


def _backup_file(path: Path, version: int) -> Path:
    """Copy the database before any migration touches it."""
    dest = backup_name(path, version, dt.datetime.now())
    dest.parent.mkdir(parents=True, exist_ok=True)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(uri, uri=True)) as source,
        closing(sqlite3.connect(dest)) as target,
    ):
        source.backup(target)
    return dest


def _make_engine(path: Path) -> Engine:
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Hand BEGIN/COMMIT to SQLAlchemy: the driver's legacy mode would not begin a
        # transaction before DDL or SELECT, so neither would be atomic or repeatable.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # journal_mode = WAL is set once, by _use_wal, after the file is known good.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _create_or_migrate(path: Path, engine: Engine, backup: Path | None) -> None:
    try:
        with engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}).begin() as conn:
            # Re-read under the write lock: another process may have got here first.
            application_id = conn.exec_driver_sql("PRAGMA application_id").scalar_one()
            version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            has_tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
            if application_id == 0 and not has_tables:
                Base.metadata.create_all(conn)
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            else:
                if application_id != APPLICATION_ID:
                    raise StoreError(f"{path}: not a Chancery database")
                if version > SCHEMA_VERSION:
                    raise StoreError(f"{path}: written by a newer version of Chancery")
                for step in range(version, SCHEMA_VERSION):
                    _migrate(path, conn, step, backup)
            if version != SCHEMA_VERSION:
                conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _use_wal(engine)
    except DBAPIError as exc:
        raise StoreError(f"{path}: cannot open ({exc.orig})") from exc


def _use_wal(engine: Engine) -> None:
    """Switch the file to write-ahead logging, which it then keeps for every connection.

    Done only after creation or migration succeeded, so a file that is refused or whose
    upgrade fails keeps its header as it was. Outside any transaction: SQLite cannot
    change the journal mode inside one.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()
    finally:
        raw.close()


def _migrate(path: Path, conn: Connection, step: int, backup: Path | None) -> None:
    kept = f"; the file was left unchanged (backup: {backup})" if backup else ""
    migrate = MIGRATIONS.get(step)
    if migrate is None:
        raise StoreError(f"{path}: no upgrade from schema {step} to {step + 1}{kept}")
    try:
        migrate(conn)
    except StoreError:
        raise
    except Exception as exc:
        # The enclosing transaction rolls back, so the file keeps its old schema.
        raise StoreError(
            f"{path}: upgrading from schema {step} to {step + 1} failed ({exc}){kept}"
        ) from exc
