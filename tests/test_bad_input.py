"""A thousand odd files: no crash, no hang, one clear line for each rejected file."""

from __future__ import annotations

import codecs
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop.importer import import_seeds
from desktop.store import open_store

TIMEOUT = 600  # a hang detector for the whole corpus, not a speed target

SENTENCES = [
    "Foreign Affairs Minister Stéphane Dion met Sergey Lavrov in Vienna on Tuesday.",
    "The talks collapsed on 31 February 2016, officials said.",
    "Troops withdrew on the 45th of May after a 30-minute meeting.",
    "The treaty dates from 1815 and was revised in the 1990s.",
    "Historians trace the dispute to 300 BC.",
    "وزير الخارجية الروسي سيرغي لافروف التقى نظيره الكندي في فيينا يوم الثلاثاء.",
    "שר החוץ נפגש עם עמיתו ב-25 ביולי 2016.",
    "Министр иностранных дел Сергей Лавров встретился с коллегой 25 июля 2016 года.",
    "外交部长于2016年7月25日会见了俄罗斯外长。",
    "Talks 🤝 in Laos 🇱🇦 on July 25, 2016 🎉 went well 👍.",
]


def _odd_files(folder: Path, rng: random.Random) -> list[Path]:
    folder.mkdir()
    made: list[Path] = []

    def write(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        made.append(path)

    text = " ".join(SENTENCES)
    for i in range(250):
        write(f"random_{i}.txt", rng.randbytes(rng.randint(1, 4096)))
    for i in range(100):
        raw = (text * 3).encode("utf-8")
        write(f"truncated_{i}.txt", raw[: rng.randint(1, len(raw) - 1)])
    for i in range(100):
        write(f"utf16bom_{i}.txt", codecs.BOM_UTF16_LE + (text * 2).encode("utf-16-le"))
    for i in range(100):
        write(f"utf16nobom_{i}.txt", (text * 2).encode("utf-16-be"))
    for i in range(50):
        body = text.encode("utf-8")
        cut = rng.randint(0, len(body))
        write(f"nul_{i}.txt", body[:cut] + b"\x00" * rng.randint(1, 50) + body[cut:])
    for i in range(100):
        remote = rng.choice(
            [
                '<img src="http://example.invalid/p.jpg">',
                '<iframe src="https://example.invalid/e"></iframe>',
                '<form action="https://example.invalid/f"><input name="q"></form>',
                '<script src="https://example.invalid/t.js"></script><script>alert(1)</script>',
                '<link rel="stylesheet" href="https://example.invalid/s.css">',
            ]
        )
        html = f"<html><head>{remote}</head><body>{remote}<p>{rng.choice(SENTENCES)}</p>"
        write(f"page_{i}.html", html.encode("utf-8") + (b"</body>" if i % 2 else b""))
    for i in range(150):
        write(f"scripts_{i}.txt", " ".join(rng.sample(SENTENCES, 4)).encode("utf-8"))
    for i in range(50):
        line = ", ".join(
            f"{rng.randint(1, 28)} March {rng.randint(1900, 2030)}" for _ in range(300)
        )
        write(f"dense_{i}.txt", (line + "\n").encode("utf-8"))
    for i in range(50):
        write(f"empty_{i}.txt", b"" if i % 2 else b" \n\t \n")
    for i in range(48):
        md = f"# Heading {i}\n\n* {rng.choice(SENTENCES)}\n\n[link](https://example.invalid)\n"
        write(f"note_{i}.md", md.encode("utf-8"))
    write("one_megabyte_line.txt", (text.replace(".", ",") * 2000)[: 1 << 20].encode("utf-8"))
    big = folder / "fifty_megabytes.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    made.append(big)
    return made


def test_a_thousand_odd_files(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db) as store:
        assert import_seeds(store).ok
    with sqlite3.connect(db) as con:
        before = con.execute("SELECT id, content_hash FROM articles ORDER BY id").fetchall()
        events_before = con.execute("SELECT id FROM events ORDER BY id").fetchall()
    files = _odd_files(tmp_path / "odd", random.Random(7))
    assert len(files) >= 1000

    run = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--db", str(db), "import", str(tmp_path / "odd")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 1  # some files were refused, and said so
    assert "Traceback" not in run.stderr
    reports = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert len(reports) == len(files)  # one line per file, nothing skipped silently
    refused = [line for line in run.stderr.splitlines() if line.startswith("chancery-cli:")]
    assert refused and all(line.count(": ") >= 2 for line in refused)  # path: reason
    assert not any("internal error" in line for line in reports)

    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        after = con.execute("SELECT id, content_hash FROM articles ORDER BY id").fetchall()
        events_after = {row[0] for row in con.execute("SELECT id FROM events")}
    assert after[: len(before)] == before  # every seed article kept, unchanged
    assert {row[0] for row in events_before} <= events_after
