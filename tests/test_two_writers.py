"""Two Chancery processes writing one store at once: both finish, nothing is lost."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _corpus(folder: Path, count: int, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(folder),
         "--articles", str(count), "--seed", str(seed)],
        check=True, capture_output=True,
    )  # fmt: skip


def test_two_processes_import_into_one_store(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    first, second = tmp_path / "a", tmp_path / "b"
    _corpus(first, 150, seed=1)
    _corpus(second, 150, seed=2)
    # Create the store first so both writers open an existing file.
    subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--db", str(db), "export"],
        check=True, capture_output=True,
    )  # fmt: skip
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "--db", str(db), "import", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    exported = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--db", str(db), "export"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    paths = {a["path"] for a in json.loads(exported.stdout)["articles"]}
    assert len(paths) == 300
    assert any(p.startswith(str(first)) for p in paths)
    assert any(p.startswith(str(second)) for p in paths)
