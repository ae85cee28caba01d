"""chancery-cli as a user runs it: import, export, extract, and clear one-line errors."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from desktop import paths
from desktop.cli import main

SEED_DIR = paths.seeds_dir()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_export_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    code, out, _ = run(capsys, "--db", db, "import", str(SEED_DIR))
    assert code == 0
    assert out.count("imported") >= 5
    code, out, _ = run(capsys, "--db", db, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"articles", "actors", "events"}
    assert len(data["articles"]) == 5
    article = data["articles"][0]
    assert set(article) == {
        "id", "path", "title", "outlet", "published", "published_precision", "published_inferred"
    }  # fmt: skip
    assert article["path"].startswith(str(SEED_DIR))
    by_file = {Path(a["path"]).name[:3]: a for a in data["articles"]}
    assert by_file["004"]["published"] == "2021-01"
    assert by_file["004"]["published_precision"] == "month"
    headline = "Dion and Lavrov attempt to mend broken ties during Laos meeting"
    assert by_file["001"]["title"] == headline
    event = data["events"][0]
    assert set(event) == {"id", "date", "precision", "date_text", "title", "actors", "sources"}
    assert set(event["sources"][0]) == {"article", "start", "end", "quote"}
    actor_ids = {a["id"] for a in data["actors"]}
    assert all(set(e["actors"]) <= actor_ids for e in data["events"])
    assert {"2006", "2014-03", "2016-07-25", "2012-SP"} <= {e["date"] for e in data["events"]}
    # Quotes are the text at their offsets in the article's stored text.
    assert all(src["end"] > src["start"] for e in data["events"] for src in e["sources"])


def test_second_import_reports_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite3")
    run(capsys, "--db", db, "import", str(SEED_DIR))
    code, out, _ = run(capsys, "--db", db, "import", str(SEED_DIR))
    assert code == 0
    assert "5 unchanged" in out


def test_export_csv_has_a_header_and_a_row_per_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite3")
    run(capsys, "--db", db, "import", str(SEED_DIR))
    target = tmp_path / "out.csv"
    code, _, _ = run(capsys, "--db", db, "export", "--format", "csv", "-o", str(target))
    assert code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["event_id", "date", "precision"]
    assert len(rows) > 20


def test_extract_prints_timex3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "We met on Monday for a 30-minute talk, two years after the March 2014 crisis."
    f = tmp_path / "t.txt"
    f.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--dct", "2016-07-25", str(f))
    assert code == 0
    found = json.loads(out)
    by_text = {t["text"]: t for t in found}
    assert by_text["Monday"]["value"] == "2016-07-25"
    assert by_text["Monday"]["type"] == "DATE"
    assert by_text["30-minute"]["type"] == "DURATION"
    assert by_text["30-minute"]["value"] == "PT30M"
    assert by_text["March 2014"]["value"] == "2014-03"
    assert "We" not in by_text
    for t in found:
        assert text[t["start"] : t["end"]] == t["text"]


@pytest.mark.parametrize(
    "argv",
    [
        ("extract", "--dct", "2016-07-25", "/no/such/file.txt"),
        ("extract", "--dct", "not-a-date", "x.txt"),
        ("import", "--published", "yesterday-ish", "x.txt"),
        ("frobnicate",),
    ],
)
def test_user_errors_are_one_line(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unreadable_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "--db", str(bogus), "export")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err


def test_newer_database_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.sqlite3"
    run(capsys, "--db", str(db), "import", str(SEED_DIR / "001_7d411593f19f2ef7.txt"))
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 999")
    before = db.read_bytes()
    code, _, err = run(capsys, "--db", str(db), "export")
    assert code == 2 and "newer" in err
    assert db.read_bytes() == before


def test_import_exit_code_is_1_when_a_file_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "--db", str(tmp_path / "c.sqlite3"), "import", str(empty))
    assert code == 1
    assert "empty" in err
