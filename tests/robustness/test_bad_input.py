"""Over a thousand odd files into a store holding the seeds: no crash, no hang, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.store import Store
from tests.robustness.badfiles import generate
from tests.robustness.conftest import ROOT, assert_sound, snapshot

# A hang detector for the whole corpus, far above its normal run; not a speed target.
TIMEOUT_S = 600

# The import runs in a child so that a hang is a timeout here, not a stuck test run.
CHILD = """
import json, sys
from pathlib import Path
from desktop.importer import Importer
from desktop.store import open_store

with open_store(Path(sys.argv[1])) as store:
    report = Importer(store).import_paths([Path(sys.argv[2])])
json.dump([[r.path, r.status, r.message] for r in report.results], sys.stdout)
"""


def test_a_thousand_odd_files(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    seeded.close()
    before = snapshot(db_path)
    seed_articles = {row[0] for row in before["articles"]}
    made = generate(tmp_path / "odd", seed=6)
    assert len(made) >= 1000

    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), str(tmp_path / "odd")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    results = json.loads(run.stdout)

    # Every file the generator made has exactly one result: none skipped, none crashed.
    assert sorted(path for path, _, _ in results) == sorted(str(p) for p in made)
    statuses = {status for _, status, _ in results}
    assert statuses <= {"imported", "unchanged", "failed"}
    failed = [(path, message) for path, status, message in results if status == "failed"]
    assert failed  # the corpus has files that must be refused
    for path, message in failed:
        assert message and "\n" not in message and len(message) < 200, (path, message)
        assert "internal error" not in message and "Traceback" not in message, (path, message)
    reasons = dict(failed)
    assert "too large" in reasons[str(tmp_path / "odd" / "fifty_megabytes.txt")]
    assert str(tmp_path / "odd" / "loop.txt") in reasons
    by_path = {path: status for path, status, _ in results}
    assert by_path[str(tmp_path / "odd" / "folder_named_like_a_file.txt" / "inside.txt")] in (
        "imported",
        "unchanged",
    )

    assert_sound(db_path)
    after = snapshot(db_path)
    # Everything stored before is still there, unchanged: the seeds' articles, their
    # passages, the annotation, and every event (an event may gain sources, not lose them).
    for table in ("annotations", "event_corrections", "event_notes", "palette"):
        assert after[table] == before[table], table
    assert [r for r in after["articles"] if r[0] in seed_articles] == before["articles"]
    seed_sources = [r for r in after["event_sources"] if r[2] in seed_articles]
    assert seed_sources == before["event_sources"]
    assert {r[0] for r in before["events"]} <= {r[0] for r in after["events"]}
    assert {r[0] for r in before["actors"]} <= {r[0] for r in after["actors"]}
