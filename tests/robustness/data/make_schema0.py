"""Write chancery-schema0.sqlite3: a store as an earlier Chancery (schema 0) left it.

python tests/robustness/data/make_schema0.py

Schema 0 is the first schema with user_version 0: a current store holding one seed
article, its events and one annotation, marked as schema 0. Regenerate only if the
test needs a different file; the checked-in one is the fixture.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402
from desktop.core.anchoring import make_selector  # noqa: E402
from desktop.importer import Importer  # noqa: E402
from desktop.store import open_store, repo  # noqa: E402

OUT = Path(__file__).resolve().parent / "chancery-schema0.sqlite3"
SEED = "001_7d411593f19f2ef7.txt"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "chancery.sqlite3"
        with open_store(db) as store:
            assert Importer(store).import_paths([paths.seeds_dir() / SEED]).ok
            with store.session() as s:
                article = repo.list_articles(s)[0]
                quote, prefix, suffix = make_selector(article.text, 0, 30)
                repo.add_annotation(
                    s, article.id, 0, 30, quote, prefix, suffix, "#f5c842", note="kept"
                )
        with closing(sqlite3.connect(db, isolation_level=None)) as con:
            con.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
            con.execute("PRAGMA user_version = 0")
            con.execute("VACUUM")
        OUT.write_bytes(db.read_bytes())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
