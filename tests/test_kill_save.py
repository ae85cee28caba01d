"""Killing the app mid-save loses nothing it reported saved and leaves the store intact."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import open_store, repo
from tests.store.builders import article

# The child saves annotations one transaction each, as the UI does, and reports each
# id only after its transaction committed.
CHILD = """
import sys
from pathlib import Path
from desktop.core.records import ArticleId
from desktop.store import open_store, repo

store = open_store(Path(sys.argv[1]))
article_id = ArticleId(int(sys.argv[2]))
i = 0
while True:
    i += 1
    with store.session() as s:
        new_id = repo.add_annotation(
            s, article_id, 0, 4, "Dion", "", " met", "#f5c842", note="n" * (i % 500), tags=("t",)
        )
        if i % 3 == 0:
            repo.update_annotation(s, new_id, note="edited")
    print(new_id, flush=True)
"""


@pytest.mark.parametrize("after", [1, 40, 200])
def test_sigkill_mid_save_keeps_every_reported_annotation(tmp_path: Path, after: int) -> None:
    db = tmp_path / "chancery.sqlite3"
    with open_store(db) as store, store.session() as s:
        article_id = repo.add_article(s, article())
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(article_id)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    reported: list[int] = []
    try:
        for line in child.stdout:
            reported.append(int(line))
            if len(reported) >= after:
                break
    finally:
        child.kill()  # SIGKILL: no handler, no cleanup, as when the machine dies
        child.wait()
        child.stdout.close()
    assert len(reported) == after, "the child saved before it was killed"

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(db) as store, store.session(write=False) as s:
        stored = {a.id for a in repo.list_annotations(s, article_id)}
    assert set(reported) <= stored
