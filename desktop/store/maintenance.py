"""Keeping a store healthy: Check database, rotating backups, restore, and plain-words errors."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop import paths
from desktop.store import repo
from desktop.store.db import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError

DEFAULT_KEEP = 10
# backup names: "<stem>-<kind>-<stamp><suffix>"; db.py writes the "schemaN" kind before a
# migration and rotation never deletes those.
AUTO = "auto"
BEFORE_RESTORE = "restore"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%f"
_NAME = re.compile(r"(?P<kind>auto|restore|schema\d+)-(?P<stamp>\d{8}T\d{12})")
_PARTIAL = ".partial"


# -- Check database ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What Check database repaired and what it could not; each item is one sentence."""

    fixed: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the store is sound now (whether or not something was repaired)."""
        return not self.problems

    def summary(self) -> str:
        lines = [*self.problems, *self.fixed]
        return "\n".join(lines) if lines else "The database is sound; nothing needed fixing."


def check_database(store: Store, reanchor: Callable[[Session], int] | None = None) -> CheckReport:
    """Verify the store and repair what is safe to repair, in one write transaction.

    Safe repairs: damaged indexes (REINDEX), links and passages pointing at rows that are
    gone, unknown actor ids in passages, events left with no passage, and the cached
    counts and actor lists the timeline reads. Annotations are never deleted.
    ``reanchor`` places annotations in their article's current text and returns how many
    it moved or orphaned.
    """
    fixed: list[str] = []
    problems: list[str] = []
    with store.session() as s:
        conn = s.connection()
        damage = _integrity(conn)
        if damage:
            conn.exec_driver_sql("REINDEX")
            if _integrity(conn):
                problems.append(
                    f"The database file is damaged ({damage[0]}); nothing was changed. "
                    "Restore it from a backup."
                )
                return CheckReport(problems=tuple(problems))
            fixed.append("Rebuilt the damaged indexes.")
        fixed.extend(_drop_dangling_links(conn))
        fixed.extend(_clean_passage_actors(conn))
        orphans = _count(conn.exec_driver_sql("DELETE FROM events WHERE id NOT IN "
                                              "(SELECT event_id FROM event_sources)"))  # fmt: skip
        if orphans:
            fixed.append(f"Removed {_n(orphans, 'event')} with no source passage left.")
        fixed.extend(_rebuild_caches(conn))
        if reanchor is not None:
            moved = reanchor(s)
            if moved:
                fixed.append(f"Re-anchored {_n(moved, 'annotation')} in their article's text.")
        stranded = _scalar(
            conn,
            "SELECT count(*) FROM annotations WHERE article_id NOT IN (SELECT id FROM articles)",
        )
        if stranded:
            problems.append(
                f"{_n(stranded, 'annotation')} belong to an article that is no longer stored; "
                "they were kept as they are."
            )
        if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None and not stranded:
            problems.append("Some rows still point at rows that do not exist.")
    return CheckReport(tuple(fixed), tuple(problems))


def _integrity(conn: Connection) -> list[str]:
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def _drop_dangling_links(conn: Connection) -> list[str]:
    """Derived rows whose parent is gone (possible only if something bypassed the keys)."""
    fixed = []
    passages = _count(
        conn.exec_driver_sql(
            "DELETE FROM event_sources WHERE event_id NOT IN (SELECT id FROM events) "
            "OR article_id NOT IN (SELECT id FROM articles)"
        )
    )
    if passages:
        fixed.append(f"Removed {_n(passages, 'passage')} of a missing event or article.")
    spellings = _count(
        conn.exec_driver_sql(
            "DELETE FROM actor_aliases WHERE actor_id NOT IN (SELECT id FROM actors)"
        )
    )
    if spellings:
        fixed.append(f"Removed {_n(spellings, 'spelling')} of a missing actor.")
    # event_actors is rebuilt from the passages below; its stale rows need no report.
    conn.exec_driver_sql(
        "DELETE FROM event_actors WHERE event_id NOT IN (SELECT id FROM events) "
        "OR actor_id NOT IN (SELECT id FROM actors)"
    )
    return fixed


def _clean_passage_actors(conn: Connection) -> list[str]:
    """Passages' actor lists reduced to known actor ids, in the form repo writes them."""
    known = {int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM actors")}
    changes = []
    for source_id, actor_list in conn.exec_driver_sql("SELECT id, actor_list FROM event_sources"):
        tokens = (t.strip() for t in str(actor_list or "").split(","))
        ids = {int(t) for t in tokens if t.isdigit()} & known
        cleaned = repo._id_list(ids)
        if cleaned != actor_list:
            changes.append({"id": source_id, "actors": cleaned})
    if changes:
        conn.execute(text("UPDATE event_sources SET actor_list = :actors WHERE id = :id"), changes)
        return [f"Repaired the actor lists of {_n(len(changes), 'passage')}."]
    return []


def _rebuild_caches(conn: Connection) -> list[str]:
    """Recompute every event's links and cached columns with repo's own code, then count
    what differed from what was stored."""
    conn.exec_driver_sql(
        "CREATE TEMP TABLE check_events AS SELECT id, source_count, actor_list FROM events"
    )
    conn.exec_driver_sql("CREATE TEMP TABLE check_links AS SELECT * FROM event_actors")
    try:
        ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM events")]
        repo._refresh_event_links(conn, ids)
        events = _scalar(
            conn,
            "SELECT count(*) FROM events e JOIN check_events c ON c.id = e.id "
            "WHERE c.source_count IS NOT e.source_count OR c.actor_list IS NOT e.actor_list",
        )
        links = _scalar(
            conn,
            "SELECT (SELECT count(*) FROM (SELECT * FROM event_actors EXCEPT "
            "SELECT * FROM check_links)) + (SELECT count(*) FROM (SELECT * FROM check_links "
            "EXCEPT SELECT * FROM event_actors))",
        )
    finally:
        conn.exec_driver_sql("DROP TABLE temp.check_events")
        conn.exec_driver_sql("DROP TABLE temp.check_links")
    fixed = []
    if events:
        fixed.append(f"Recounted the sources and actors of {_n(events, 'event')}.")
    if links:
        fixed.append(f"Corrected {_n(links, 'event–actor link')}.")
    return fixed


def _scalar(conn: Connection, sql: str) -> int:
    return int(conn.exec_driver_sql(sql).scalar_one())


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -- backups -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file of a store; ``schema_version`` is None when the file is unreadable."""

    path: Path
    kind: str  # "automatic", "before restore" or "before upgrade"
    taken_at: dt.datetime
    size: int
    schema_version: int | None


def backup_path(db_path: Path, kind: str, when: dt.datetime | None = None) -> Path:
    """Where a backup of ``db_path`` of this kind (AUTO, BEFORE_RESTORE) taken now goes."""
    stamp = (when or dt.datetime.now()).strftime(_STAMP_FORMAT)
    return paths.backups_dir(db_path) / f"{db_path.stem}-{kind}-{stamp}{db_path.suffix}"


def rotate_backups(store: Store, keep: int = DEFAULT_KEEP) -> Path:
    """Take an automatic backup of the open store and delete the oldest beyond ``keep``.

    Only automatic backups are rotated: those made before an upgrade or a restore stay.
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    dest = backup_path(store.path, AUTO)
    partial = dest.with_name(dest.name + _PARTIAL)
    try:
        store.backup(partial)
        _make_self_contained(partial)
        partial.replace(dest)
    except BaseException:
        # A half-written copy (disk full, say) must never pass for a backup.
        partial.unlink(missing_ok=True)
        raise
    automatic = sorted(
        (b.path for b in _backup_files(store.path) if b.kind == AUTO), key=lambda p: p.name
    )
    for old in automatic[: max(0, len(automatic) - keep)]:
        old.unlink(missing_ok=True)
    return dest


def backup_due(db_path: Path, every: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """True when the newest automatic backup of the store is older than ``every`` (or none
    exists): an automatic backup at each start, but not for a quick restart."""
    taken = [b.taken_at for b in _backup_files(db_path) if b.kind == AUTO]
    return not taken or (now or dt.datetime.now()) - max(taken) >= every


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of the store at ``db_path``, newest first."""
    found = []
    for kind, taken_at, path in _backup_files(db_path):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        label = {AUTO: "automatic", BEFORE_RESTORE: "before restore"}.get(kind, "before upgrade")
        found.append(BackupInfo(path, label, taken_at, size, _schema_version(path)))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


class _BackupFile(NamedTuple):
    kind: str
    taken_at: dt.datetime
    path: Path


def _backup_files(db_path: Path) -> list[_BackupFile]:
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{db_path.stem}-"
    for path in folder.iterdir():
        name = path.name
        if not (name.startswith(prefix) and name.endswith(db_path.suffix)) or not path.is_file():
            continue
        middle = name[len(prefix) : len(name) - len(db_path.suffix) or None]
        match = _NAME.fullmatch(middle)
        if match is None:
            continue
        taken_at = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT)
        found.append(_BackupFile(match["kind"], taken_at, path))
    return found


def _read_only(path: Path) -> sqlite3.Connection:
    """A backup opened as the bytes on disk: no -wal or -shm is created beside it, and
    what is checked is exactly what a restore copies."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _schema_version(path: Path) -> int | None:
    try:
        with closing(_read_only(path)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return None
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None


def _make_self_contained(path: Path) -> None:
    """One file, no -wal beside it: a backup must survive being copied on its own."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")


def verify_backup(backup: Path) -> int:
    """The schema version of a backup this build can restore; StoreError if it cannot."""
    try:
        with closing(_read_only(backup)) as conn:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            integrity = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.Error as exc:
        raise StoreError(f"{backup.name} cannot be restored: {describe_os_error(exc)}") from exc
    if application_id != APPLICATION_ID:
        raise StoreError(f"{backup.name} cannot be restored: it is not a Chancery database.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{backup.name} cannot be restored: it was written by a newer version of Chancery."
        )
    if integrity != ["ok"]:
        raise StoreError(f"{backup.name} cannot be restored: the file is damaged.")
    return version


def restore_backup(db_path: Path, backup: Path) -> Path | None:
    """Replace the store at ``db_path`` by ``backup``; the caller must have closed the store.

    The backup is verified first; the current store is then saved as a "before restore"
    backup (its path is returned; None when there was no store) and the file swapped in
    with one rename, so a crash leaves either the old store or the restored one.
    """
    verify_backup(backup)
    saved = _save_current(db_path) if db_path.exists() else None
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{db_path.name}-", dir=db_path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, backup.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        # The old file's log and index would be replayed into the restored file: remove
        # them while the old file (now checkpointed, or saved whole) is still in place.
        for side in _side_files(db_path):
            side.unlink(missing_ok=True)
        temp.replace(db_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(db_path.parent)
    return saved


def _save_current(db_path: Path) -> Path:
    """Fold the store's write-ahead log into it, then copy it aside."""
    dest = backup_path(db_path, BEFORE_RESTORE)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(db_path, timeout=1)) as conn:
            # Leaving WAL mode needs the only connection: it fails while Chancery has it open.
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise StoreError(
                    f"{db_path.name} is still open in Chancery; close it before restoring."
                )
            with closing(sqlite3.connect(dest)) as target:
                conn.backup(target)
    except sqlite3.OperationalError as exc:
        dest.unlink(missing_ok=True)
        raise StoreError(f"Cannot restore over {db_path.name}: {describe_os_error(exc)}") from exc
    except sqlite3.DatabaseError:
        # A damaged store cannot be read page by page: keep its bytes, log and all.
        for side in (db_path, *_side_files(db_path)):
            if side.exists():
                shutil.copyfile(side, dest.with_name(dest.name + side.name[len(db_path.name) :]))
    return dest


def _side_files(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder, which is fine."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- errors in plain words ---------------------------------------------------------------

_FULL_CODES = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_CODES = {errno.EROFS, errno.EACCES, errno.EPERM}
_SQLITE_FULL, _SQLITE_READONLY, _SQLITE_BUSY, _SQLITE_LOCKED = 13, 8, 5, 6
_SQLITE_CORRUPT, _SQLITE_NOTADB, _SQLITE_CANTOPEN, _SQLITE_PERM = 11, 26, 14, 3

DISK_FULL = (
    "The disk holding the store is full, so the change was not saved and the store was "
    "left as it was; free some space and try again."
)
READ_ONLY = (
    "The store cannot be written (a read-only disk or folder, or no permission to write "
    "the file), so the change was not saved."
)
LOCKED = (
    "The store is busy in another program, perhaps another Chancery window, so the change "
    "was not saved; try again in a moment."
)
DAMAGED = "The store file is damaged; run Check database, or restore it from a backup."
CANNOT_OPEN = "The store file cannot be opened; check that its folder exists and is readable."


def describe_os_error(exc: BaseException) -> str:
    """One sentence for the user about a failed read or write of the store."""
    if isinstance(exc, StoreError):
        return str(exc)  # already a sentence, and about the right file
    for cause in _causes(exc):
        if isinstance(cause, StoreError):
            return str(cause)
        if isinstance(cause, sqlite3.Error):
            return _describe_sqlite(cause)
        if isinstance(cause, OSError):
            if cause.errno in _FULL_CODES:
                return DISK_FULL
            if cause.errno in _READ_ONLY_CODES:
                return READ_ONLY
            where = f" ({cause.filename})" if cause.filename else ""
            return f"The store could not be read or written{where}: {cause.strerror or cause}."
    return f"The store could not be read or written: {exc}."


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, then what it wraps: SQLAlchemy's ``orig``, then ``__cause__``."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        if isinstance(current, DBAPIError) and isinstance(current.orig, BaseException):
            current = current.orig
        else:
            current = current.__cause__ or current.__context__
    # Prefer the driver's error over a wrapper's generic words.
    return sorted(chain, key=lambda e: not isinstance(e, (sqlite3.Error, OSError)))


def _describe_sqlite(exc: sqlite3.Error) -> str:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    words = str(exc).lower()
    if code == _SQLITE_FULL or "disk is full" in words:
        return DISK_FULL
    if code in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in words or "read-only" in words:
        return READ_ONLY
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in words or "busy" in words:
        return LOCKED
    if (
        code in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
        or "malformed" in words
        or "not a database" in (words)
    ):
        return DAMAGED
    if code == _SQLITE_CANTOPEN or "unable to open" in words:
        return CANNOT_OPEN
    return f"The store could not be read or written: {exc}."
