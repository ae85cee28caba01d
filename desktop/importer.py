"""Import articles (files or folders) into the store, each article atomic and skipped if known."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop import paths
from desktop.core.analysis import Analyser, Analysis
from desktop.core.dates import FuzzyDate, Precision
from desktop.core.dct import IntervalSet
from desktop.core.events import ArticleData
from desktop.core.names import name_key
from desktop.core.records import ActorKind, ArticleId
from desktop.core.text import (
    Format,
    ReadError,
    clean,
    decode,
    first_sentence_title,
    html_to_text,
    markdown_to_text,
    sniff_format,
)
from desktop.store import repo
from desktop.store.annotations import reanchor_article
from desktop.store.db import Store
from desktop.store.maintenance import describe_os_error

log = logging.getLogger(__name__)

METADATA_FILE = "metadata.json"
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
# A news article is tens of kilobytes; anything this large is not one.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024

ALREADY_THERE = "already in the store"

Status = Literal["imported", "updated", "unchanged", "failed", "cancelled"]


class Progress(Protocol):
    """What a long import reports to: a progress dialog, the command line, or a test fake."""

    def started(self, total: int) -> None: ...

    def advanced(self, done: int, message: str) -> None: ...

    def cancelled(self) -> bool: ...


class _Silent:
    def started(self, total: int) -> None:
        pass

    def advanced(self, done: int, message: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    status: Status
    message: str
    article_id: ArticleId | None = None
    events: int = 0

    @property
    def ok(self) -> bool:
        return self.status not in ("failed", "cancelled")


@dataclass(slots=True)
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        parts = [
            f"{self.count(s)} {s}"
            for s in ("imported", "updated", "unchanged", "failed", "cancelled")
            if self.count(s)
        ]
        return ", ".join(parts) if parts else "nothing to import"


@dataclass(frozen=True, slots=True)
class FileMeta:
    """What is known of a file from outside its text."""

    outlet: str | None = None
    published: FuzzyDate | None = None
    title: str | None = None


class FileRejectedError(Exception):
    """A file that cannot be imported; the message is one line for the report."""


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    shown: str  # the path as the user gave it
    meta: FileMeta


def parse_published(raw: str) -> FuzzyDate | None:
    """A publication date from metadata: a TIMEX3 value or an ISO date-time."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return FuzzyDate.parse(raw)
    except ValueError:
        pass
    try:
        return FuzzyDate.of_day(dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date())
    except ValueError:
        return None


def read_folder_metadata(folder: Path) -> dict[str, FileMeta]:
    """The folder's metadata file, if any; a broken one is reported, never fatal."""
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        return {}
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        entries: dict[str, Any] = data.get("articles", {})
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("ignoring %s: %s", meta_path, exc)
        return {}
    result: dict[str, FileMeta] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        published = parse_published(str(entry.get("published", "")))
        precision = entry.get("precision")
        if published is not None and precision and precision != published.precision.value:
            log.warning("%s: precision %r disagrees with %r", name, precision, published.timex)
        result[name] = FileMeta(entry.get("outlet"), published, entry.get("title"))
    return result


def collect(paths_given: Sequence[Path]) -> Iterator[_Job | FileResult]:
    """Expand files and folders into import jobs; missing paths become failed results."""
    for given in paths_given:
        if given.is_dir():
            metadata = read_folder_metadata(given)
            for root, dirs, files in os.walk(given):
                dirs.sort()
                root_path = Path(root)
                folder_meta = metadata if root_path == given else read_folder_metadata(root_path)
                for name in sorted(files):
                    file_path = root_path / name
                    if name == METADATA_FILE or file_path.suffix.lower() not in ARTICLE_SUFFIXES:
                        continue
                    yield _Job(file_path, str(file_path), folder_meta.get(name, FileMeta()))
        elif given.is_file():
            meta = read_folder_metadata(given.parent).get(given.name, FileMeta())
            yield _Job(given, str(given), meta)
        else:
            yield FileResult(str(given), "failed", "no such file or folder")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An article read and analysed, ready to be stored."""

    job: _Job
    article: ArticleData
    analysis: Analysis


def prepare(
    job: _Job, meta: FileMeta, analyser: Analyser, known: Collection[str] = ()
) -> _Prepared | FileResult:
    """Read, decode, clean and analyse one file: everything but the store.

    A file whose SHA-256 is among ``known`` (already stored) is not analysed again.
    """
    try:
        data = _read_bytes(job.path)
        if hashlib.sha256(data).hexdigest() in known:
            return FileResult(job.shown, "unchanged", ALREADY_THERE)
        return _Prepared(job, *_analyse(job, data, meta, analyser))
    except FileRejectedError as exc:
        return FileResult(job.shown, "failed", str(exc))
    except Exception as exc:  # one bad file never stops the others
        # The user sees the one-line message; the traceback is for a debug log only.
        log.debug("reading %s failed", job.path, exc_info=True)
        return FileResult(job.shown, "failed", f"internal error: {exc}")


def _analyse(
    job: _Job, data: bytes, meta: FileMeta, analyser: Analyser
) -> tuple[ArticleData, Analysis]:
    try:
        raw = decode(data)
    except ReadError as exc:
        raise FileRejectedError(str(exc)) from None
    fmt = sniff_format(job.path.suffix, raw)
    headline: str | None = None
    published = meta.published
    outlet = meta.outlet
    if fmt is Format.HTML:
        body, page = html_to_text(raw)
        headline = page.title
        outlet = outlet or page.outlet
        if published is None and page.published:
            published = parse_published(page.published)
    elif fmt is Format.MARKDOWN:
        body, headline = markdown_to_text(raw)
    else:
        body = raw
    cleaned = clean(body)
    if not cleaned.text.strip():
        raise FileRejectedError("no article text left after removing page furniture")
    title = (
        meta.title
        or cleaned.title
        or headline
        or first_sentence_title(cleaned.lead or cleaned.text)
    )
    analysis = analyser.analyse(cleaned.text, published)
    article = ArticleData(
        path=job.shown,
        raw_text=raw,
        text=cleaned.text,
        title=title,
        outlet=outlet,
        published=analysis.published,
        published_inferred=analysis.published_inferred,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
    return article, analysis


class Importer:
    """Imports files into one store; keeps the gazetteer loaded between files."""

    def __init__(self, store: Store, analyser: Analyser | None = None) -> None:
        self.store = store
        self.analyser = analyser or Analyser()

    def import_paths(
        self,
        paths_given: Sequence[Path],
        *,
        published: FuzzyDate | None = None,
        outlet: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        progress = progress or _Silent()
        items = list(collect(paths_given))
        report = ImportReport()
        progress.started(len(items))
        pending: list[tuple[ArticleId, Analysis]] = []
        jobs = [
            (i, FileMeta(outlet or i.meta.outlet, published or i.meta.published, i.meta.title))
            for i in items
            if isinstance(i, _Job)
        ]
        with self.store.session(write=False) as s:
            known = repo.content_hashes(s)
        try:
            with _Batches(self.store) as batches:
                results = (prepare(job, meta, self.analyser, known) for job, meta in jobs)
                for done, item in enumerate(items, start=1):
                    if progress.cancelled():
                        left = items[done - 1 :]
                        report.results.extend(
                            FileResult(_shown(i), "cancelled", "cancelled") for i in left
                        )
                        break
                    if isinstance(item, FileResult):
                        result = item
                    else:
                        ready = next(results)
                        if isinstance(ready, FileResult):
                            result = ready
                        else:
                            result = self._store(ready, batches.session())
                            if result.article_id is not None:
                                batches.stored(len(report.results))
                                pending.append((result.article_id, ready.analysis))
                    report.results.append(result)
                    progress.advanced(done, f"{result.path}: {result.message}")
                batches.commit()
        except _BatchError as exc:
            # The store refused a whole batch (disk full, read-only, locked): its articles
            # were rolled back together, and the files not reached yet would fail the same.
            for row in exc.rows:
                report.results[row] = FileResult(report.results[row].path, "failed", exc.message)
            reached = len(report.results)
            report.results.extend(
                FileResult(_shown(i), "failed", exc.message) for i in items[reached:]
            )
            progress.advanced(len(items), exc.message)
            return report
        try:
            self._pin_undated(pending)
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            # Dating articles by one another is a refinement: they are stored either way.
            log.warning("dating undated articles failed: %s", describe_os_error(exc))
        return report

    def _store(self, ready: _Prepared, session: Session) -> FileResult:
        """Write one article inside the batch, under a savepoint of its own."""
        job, article, analysis = ready.job, ready.article, ready.analysis
        try:
            with session.begin_nested():
                if repo.find_article_by_hash(session, article.content_hash) is not None:
                    return FileResult(job.shown, "unchanged", ALREADY_THERE)
                existing = repo.find_article_by_path(session, job.shown)
                if existing is None:
                    article_id = repo.add_article(session, article)
                    status: Status = "imported"
                else:
                    article_id = existing
                    repo.update_article(session, article_id, article)
                    reanchor_article(session, article_id)
                    status = "updated"
                repo.replace_article_events(session, article_id, analysis.events, analysis.actors)
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            log.debug("storing %s failed", job.path, exc_info=True)
            return FileResult(job.shown, "failed", describe_os_error(exc))
        except Exception as exc:  # a store error on one file never stops the others
            log.debug("storing %s failed", job.path, exc_info=True)
            return FileResult(job.shown, "failed", f"could not store: {exc}")
        return _describe(job.shown, status, article_id, article, analysis)

    def _pin_undated(self, pending: Sequence[tuple[ArticleId, Analysis]]) -> None:
        """Date articles by a happening another article dates ("met Lavrov today")."""
        todo = [(aid, a) for aid, a in pending if a.day_references]
        if not todo:
            return
        with self.store.session() as s:
            actor_keys = {
                actor.id: {name_key(actor.name), *(name_key(al) for al in actor.aliases)}
                for actor in repo.list_actors(s)
            }
            people = {
                key
                for actor in repo.list_actors(s)
                if actor.kind is ActorKind.PERSON
                for key in actor_keys[actor.id]
            }
            dated = [
                (event, set().union(*(actor_keys.get(a, set()) for a in event.actor_ids)))
                for event in repo.list_events(s)
                if event.date is not None
                and event.date.precision is Precision.DAY
                and not event.date_inferred
            ]
        for article_id, analysis in todo:
            window = analysis.window
            pinned: IntervalSet | None = None
            for ref in analysis.day_references:
                for event, keys in dated:
                    assert event.date is not None
                    shared = ref.actor_keys & keys
                    if len(shared) < 2 or not shared & people:
                        continue
                    candidate = ref.publication_window(event.date.start)
                    if window:
                        candidate = candidate & window
                    if candidate:
                        pinned = candidate if pinned is None else (pinned & candidate or pinned)
            if pinned is None:
                continue
            best = pinned.hull().best_value()
            if best is None or (
                analysis.published is not None
                and not best.precision.finer_than(analysis.published.precision)
            ):
                continue
            self._redate(article_id, best)

    def _redate(self, article_id: ArticleId, published: FuzzyDate) -> None:
        with self.store.session() as s:
            article = repo.get_article(s, article_id)
            analysis = self.analyser.analyse(article.text, published, published_inferred=True)
            repo.update_published(s, article_id, published, inferred=True)
            repo.replace_article_events(s, article_id, analysis.events, analysis.actors)


class _BatchError(Exception):
    """A batch could not be written; ``rows`` are the report rows of its articles."""

    def __init__(self, message: str, rows: Sequence[int]) -> None:
        super().__init__(message)
        self.message = message
        self.rows = tuple(rows)


class _Batches:
    """Write transactions spanning a few articles each, committed at least every BATCH_SECONDS.

    An import is one user action; committing it in short batches keeps a long import's
    work safe as it goes (a kill loses at most the last fraction of a second) while a
    commit per article would cost more than writing the article itself. A batch that
    cannot be begun or committed raises _BatchError naming the articles it held.
    """

    BATCH_SECONDS = 0.25

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stack = ExitStack()
        self._session: Session | None = None
        self._opened = 0.0
        self._rows: list[int] = []

    def session(self) -> Session:
        now = time.monotonic()
        if self._session is not None and now - self._opened > self.BATCH_SECONDS:
            self.commit()
        if self._session is None:
            try:
                self._session = self._stack.enter_context(self._store.session())
            except (DBAPIError, OSError, sqlite3.Error) as exc:
                raise _BatchError(describe_os_error(exc), ()) from exc
            self._opened = now
        return self._session

    def stored(self, row: int) -> None:
        """The article reported at ``row`` was written in the open batch."""
        self._rows.append(row)

    def commit(self) -> None:
        self._session = None
        rows, self._rows = self._rows, []
        try:
            self._stack.close()
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            raise _BatchError(describe_os_error(exc), rows) from exc

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *exc: object) -> None:
        # On an exception the session's own context rolls back the open batch.
        self._session = None
        self._rows = []
        self._stack.__exit__(*exc)  # type: ignore[arg-type]


def _shown(item: _Job | FileResult) -> str:
    return item.shown if isinstance(item, _Job) else item.path


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise FileRejectedError(
                f"file too large for an article ({size / 1_048_576:.1f} MB; "
                f"the limit is {MAX_ARTICLE_BYTES // 1_048_576} MB)"
            )
        return path.read_bytes()
    except PermissionError:
        raise FileRejectedError("cannot read: permission denied") from None
    except IsADirectoryError:
        raise FileRejectedError("is a folder, not a file") from None
    except OSError as exc:
        raise FileRejectedError(f"cannot read: {exc.strerror or exc}") from None


def _describe(
    shown: str, status: Status, article_id: ArticleId, article: ArticleData, analysis: Analysis
) -> FileResult:
    dated = sum(1 for e in analysis.events if e.date is not None)
    if article.published is None:
        when = "publication date unknown"
    else:
        how = "inferred" if article.published_inferred else "given"
        when = f"published {article.published.timex} ({how})"
    if not analysis.events:
        message = f"{status}, but no dated events were found; {when}"
    else:
        message = f"{status}: {dated} dated events, {len(analysis.events) - dated} undated; {when}"
    return FileResult(shown, status, message, article_id, len(analysis.events))


def import_paths(
    store: Store,
    paths_given: Sequence[Path],
    *,
    published: FuzzyDate | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files and folders into ``store`` (see :class:`Importer`)."""
    return Importer(store).import_paths(
        paths_given, published=published, outlet=outlet, progress=progress
    )


def import_seeds(store: Store, progress: Progress | None = None) -> ImportReport:
    """Import the five bundled seed articles with their metadata."""
    return import_paths(store, [paths.seeds_dir()], progress=progress)
