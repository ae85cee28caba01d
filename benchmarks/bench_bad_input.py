"""Import the bad-input corpus into a store holding the seeds and a note; print the figures.

python benchmarks/bench_bad_input.py [--seed 6]

Prints files tried, how each ended, the slowest files, and rows lost (stored rows of the
seeds and the note that are missing or changed afterwards). Asserts nothing: the test
suite's tests/robustness/test_bad_input.py does that.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.importer import Importer  # noqa: E402
from desktop.store import open_store  # noqa: E402
from tests.robustness.badfiles import generate  # noqa: E402
from tests.robustness.conftest import seed, snapshot  # noqa: E402


class _Clock:
    """Progress that notes how long each file took."""

    def __init__(self) -> None:
        self.times: list[tuple[float, str]] = []
        self._last = time.perf_counter()

    def started(self, total: int) -> None:
        self._last = time.perf_counter()

    def advanced(self, done: int, message: str) -> None:
        now = time.perf_counter()
        self.times.append((now - self._last, message.split(": ", 1)[0]))
        self._last = now

    def cancelled(self) -> bool:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "chancery.sqlite3"
        with open_store(db) as store:
            seed(store)
        before = snapshot(db)
        made = generate(Path(tmp) / "odd", seed=args.seed)
        clock = _Clock()
        started = time.perf_counter()
        with open_store(db) as store:
            report = Importer(store).import_paths([Path(tmp) / "odd"], progress=clock)
        took = time.perf_counter() - started
        after = snapshot(db)
        with closing(sqlite3.connect(db)) as con:
            integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
            dangling = len(con.execute("PRAGMA foreign_key_check").fetchall())

    statuses = Counter(r.status for r in report.results)
    messages = Counter(r.message for r in report.results if r.status == "failed")
    lost = sum(
        len(set(before[table]) - set(after[table]))
        for table in ("articles", "annotations", "event_corrections", "event_notes", "palette")
    )
    lost += len({r[0] for r in before["events"]} - {r[0] for r in after["events"]})
    lost += len(set(before["event_sources"]) - set(after["event_sources"]))
    print(f"files generated: {len(made)}; results: {len(report.results)}")
    print("  " + ", ".join(f"{n} {s}" for s, n in statuses.most_common()))
    print(f"refused with a one-line message: {statuses['failed']}; distinct messages:")
    for message, n in messages.most_common(12):
        print(f"  {n:4d}  {message[:110]}")
    print(f"whole import: {took:.1f} s; slowest files:")
    for seconds, path in sorted(clock.times, reverse=True)[:5]:
        print(f"  {seconds:6.2f} s  {Path(path).name}")
    print(f"integrity_check: {integrity}; foreign_key_check rows: {dangling}")
    print(f"rows stored before and lost or changed after: {lost}")


if __name__ == "__main__":
    main()
