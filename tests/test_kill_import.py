"""Killing an import at any moment leaves a sound store with no half-imported article."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desktop.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def _sources_by_article(db: Path) -> dict[str, set[tuple[int, int, int]]]:
    """Each stored article's passages (start, end, phrase start), by the path given."""
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT a.path, s.start, s.end, s.phrase_start FROM articles a "
            "LEFT JOIN event_sources s ON s.article_id = a.id"
        ).fetchall()
    found: dict[str, set[tuple[int, int, int]]] = {}
    for path, start, end, phrase in rows:
        found.setdefault(path, set())
        if start is not None:
            found[path].add((start, end, phrase))
    return found


def _import(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "--db", str(db), "import", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_mid_import_loses_nothing_saved(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(corpus),
         "--articles", "1500"],
        check=True, capture_output=True,
    )  # fmt: skip
    killed_db = tmp_path / "killed.sqlite3"
    child = _import(killed_db, corpus)
    deadline = time.monotonic() + 120
    while _articles(killed_db) < 100:
        assert child.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import never got going"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()

    with sqlite3.connect(killed_db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    open_store(killed_db).close()  # opens normally, and so does the whole app on it:
    smoke = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke-test", "--db", str(killed_db),
         "--data-dir", str(tmp_path / "app-data")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert smoke.returncode == 0, smoke.stderr
    assert "already in the store, no import" in smoke.stdout
    survived = _sources_by_article(killed_db)
    assert 100 <= len(survived) < 1500

    # The same corpus imported without interruption: every article the killed import
    # stored must be stored whole, exactly as an uninterrupted import stores it.
    whole_db = tmp_path / "whole.sqlite3"
    assert _import(whole_db, corpus).wait(timeout=600) == 0
    whole = _sources_by_article(whole_db)
    for path, sources in survived.items():
        assert sources == whole[path], path

    # And finishing the killed import afterwards completes it.
    assert _import(killed_db, corpus).wait(timeout=600) == 0
    assert _sources_by_article(killed_db) == whole
