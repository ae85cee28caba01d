"""Time importing a synthetic corpus into a fresh store.

python benchmarks/bench_import.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.importer import Importer
from desktop.store.db import open_store

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make = [sys.executable, str(HERE / "make_corpus.py"), str(corpus)]
        subprocess.run(
            [*make, "--articles", str(args.articles)],
            check=True,
        )
        chars = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        store = open_store(Path(tmp) / "bench.sqlite3")
        begun = time.perf_counter()
        report = Importer(store).import_paths([corpus])
        elapsed = time.perf_counter() - begun
        with store.session() as s:
            from desktop.store import repo

            counts = repo.counts(s)
        store.close()
    print(f"articles: {args.articles}  bytes: {chars:,}")
    rate = f"{args.articles / elapsed:.0f} articles/s, {chars / elapsed:,.0f} bytes/s"
    print(f"import: {elapsed:.1f} s  ({rate})")
    print(f"report: {report.summary()}")
    print(f"store: {counts.articles} articles, {counts.events} events, {counts.actors} actors")


if __name__ == "__main__":
    main()
