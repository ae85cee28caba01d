"""chancery-cli annotations: export as JSON-LD and Markdown, import into another store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import paths
from desktop.cli import main
from desktop.core.anchoring import make_selector
from desktop.store import open_store, repo

SEED = paths.seeds_dir() / "001_7d411593f19f2ef7.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def annotate(db: Path) -> None:
    with open_store(db) as store, store.session() as s:
        (article,) = repo.list_articles(s)
        text = article.text
        for word, colour, note in (
            ("Lavrov", "#f5c842", "The Russian minister."),
            ("Dion", "#f08a8a", ""),
        ):
            start = text.index(word)
            quote, prefix, suffix = make_selector(text, start, start + len(word))
            repo.add_annotation(
                s, article.id, start, start + len(word), quote, prefix, suffix, colour, note,
                tags=("people",),
            )  # fmt: skip


def test_export_and_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    for db in (first, second):
        assert run(capsys, "--db", str(db), "import", str(SEED))[0] == 0
    annotate(first)

    out_file = tmp_path / "notes.jsonld"
    code, _, err = run(
        capsys,
        "--db",
        str(first),
        "annotations",
        "export",
        "--format",
        "jsonld",
        "-o",
        str(out_file),
    )
    assert (code, err) == (0, "")
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 2

    code, md, _ = run(capsys, "--db", str(first), "annotations", "export", "--format", "md")
    assert code == 0
    assert md.startswith("# Annotations briefing")
    assert "> Lavrov" in md and "**claim**" in md and "The Russian minister." in md

    code, out, err = run(capsys, "--db", str(second), "annotations", "import", str(out_file))
    assert (code, err) == (0, "")
    assert "2 annotation(s) added" in out

    with open_store(first) as a, open_store(second) as b:
        with a.session(write=False) as s:
            originals = repo.list_annotations(s)
        with b.session(write=False) as s:
            copies = repo.list_annotations(s)
    strip = [(x.start, x.end, x.quote, x.prefix, x.suffix, x.colour, x.note, x.tags, x.created,
              x.updated, x.orphaned) for x in originals]  # fmt: skip
    assert strip == [
        (x.start, x.end, x.quote, x.prefix, x.suffix, x.colour, x.note, x.tags, x.created,
         x.updated, x.orphaned) for x in copies
    ]  # fmt: skip


def test_import_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    missing = tmp_path / "missing.jsonld"
    code, _, err = run(capsys, "--db", db, "annotations", "import", str(missing))
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err

    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"type": "Nothing"}', encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "annotations", "import", str(bad))
    assert code == 2 and err.count("\n") == 1 and "not a Web Annotation" in err

    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "annotations", "import", str(bad))
    assert code == 2 and "not JSON" in err

    # An annotation of an article this store lacks: reported, exit status 1.
    bad.write_text(
        json.dumps({
            "type": "Annotation",
            "target": {"source": "urn:sha256:" + "a" * 64, "selector": {
                "type": "TextQuoteSelector", "exact": "x"}},
        }),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(capsys, "--db", db, "annotations", "import", str(bad))
    assert code == 1 and "0 annotation(s) added" in out and "not in this store" in err
