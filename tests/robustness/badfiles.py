"""A seeded generator of over a thousand odd files for the importer to survive.

python -m tests.robustness.badfiles OUT_DIR [--seed N]
"""

from __future__ import annotations

import argparse
import codecs
import random
from collections.abc import Callable
from pathlib import Path

BIG_BYTES = 50 * 1024 * 1024
LINE_BYTES = 1024 * 1024

SENTENCES = (
    "Foreign Affairs Minister Stéphane Dion met Sergey Lavrov in Vienna on Tuesday.",
    "Dion and Lavrov met on July 25, 2016 in Vientiane, officials said.",
    "Relations froze after Russia annexed Crimea in March 2014.",
    "The talks collapsed on 31 February 2016, a spokesman claimed.",
    "Troops withdrew on the 45th of May after a 30-minute meeting.",
    "The treaty dates from 1815 and was revised in the 1990s.",
    "Historians trace the dispute to 300 BC, long before the 2006 G8 summit.",
    "We may sat now with a 1,000-strong delegation at the 32nd session.",
)
RTL_AND_MIXED = (
    "وزير الخارجية الروسي سيرغي لافروف التقى نظيره الكندي في فيينا يوم الثلاثاء ٢٥ يوليو ٢٠١٦.",
    "שר החוץ נפגש עם עמיתו הרוסי ב-25 ביולי 2016 בלאוס.",
    "Министр иностранных дел Сергей Лавров встретился с коллегой 25 июля 2016 года.",
    "外交部长于2016年7月25日在万象会见了俄罗斯外长拉夫罗夫。",
    "Dion \u202ereversed text\u202c met \u200fLavrov\u200e on 25\u00a0July\u00a02016.",
    "Ο υπουργός συναντήθηκε με τον Λαβρόφ στις 25 Ιουλίου 2016.",
    "मंत्री ने 25 जुलाई 2016 को लावरोव से मुलाकात की।",
)
EMOJI = ("🤝", "🇨🇦", "🇷🇺", "🎉", "👍🏽", "👨‍👩‍👧‍👦", "🕊️", "🗓️", "\ufe0f", "\u200d")
REMOTE = (
    '<img src="http://example.invalid/x.png" alt="photo">',
    '<iframe src="https://video.example.invalid/embed/1"></iframe>',
    '<form action="https://example.invalid/f" method="post"><input name="q"></form>',
    '<script src="https://ads.example.invalid/t.js"></script>',
    '<script>fetch("https://ads.example.invalid/beacon"); document.write("<p>2016</p>")</script>',
    '<link rel="stylesheet" href="https://cdn.example.invalid/site.css">',
    '<p style="background:url(https://example.invalid/bg.png)">Styled.</p>',
    '<object data="https://example.invalid/flash.swf"></object>',
    '<meta http-equiv="refresh" content="0; url=https://example.invalid/">',
)
IMPOSSIBLE = ("31 February 2016", "the 45th of May", "30 February", "32 July 2016",
              "February 30, 2015", "the 0th of June", "13/45/2016", "2016-13-40")  # fmt: skip
FAR = ("in 1815", "in the 1990s", "300 BC", "in 10000 BC", "the 3rd century",
       "in the year 9999", "in 0001", "the 1800s", "AD 476")  # fmt: skip
WHITESPACE = (b" ", b"\n\n\n", b"\t \r\n", b"\xc2\xa0", b"\xef\xbb\xbf \n")
LINK = "[source](https://example.invalid) ![x](http://example.invalid/x.png)"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


class _Writer:
    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng
        self.made: list[Path] = []

    def write(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.write_bytes(data)
        self.made.append(path)

    def many(self, stem: str, count: int, make: Callable[[int], bytes], suffix: str) -> None:
        for i in range(count):
            self.write(f"{stem}_{i:03d}{suffix}", make(i))

    def prose(self, count: int = 4) -> str:
        return " ".join(self.rng.choice(SENTENCES) for _ in range(count))


def generate(folder: Path, seed: int = 0) -> list[Path]:
    """Write the corpus into ``folder`` (created); returns every file the importer will see.

    Also writes a folder named like a file and, where the OS allows, symlink loops; a
    loop is returned as a file (the importer is handed it and must refuse it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    w = _Writer(folder, rng)
    text = " ".join(SENTENCES)
    utf8 = (text * 3).encode("utf-8")

    w.many("random", 220, lambda _: rng.randbytes(rng.randint(1, 8192)), ".txt")
    w.many("random_html", 30, lambda _: b"<html>" + rng.randbytes(rng.randint(1, 4096)), ".html")
    w.many("truncated_utf8", 100, lambda _: utf8[: rng.randint(1, len(utf8) - 1)], ".txt")
    w.many("utf16le_bom", 40, lambda _: codecs.BOM_UTF16_LE + w.prose().encode("utf-16-le"), ".txt")
    w.many("utf16be_bom", 20, lambda _: codecs.BOM_UTF16_BE + w.prose().encode("utf-16-be"), ".txt")
    w.many(
        "utf16_nobom", 40, lambda i: w.prose().encode(f"utf-16-{'le' if i % 2 else 'be'}"), ".txt"
    )
    w.many(
        "utf16_odd", 10, lambda _: codecs.BOM_UTF16_LE + w.prose().encode("utf-16-le")[:-1], ".txt"
    )

    def with_nuls(_: int) -> bytes:
        body = w.prose().encode("utf-8")
        cut = rng.randint(0, len(body))
        return body[:cut] + b"\x00" * rng.randint(1, 64) + body[cut:]

    w.many("nul", 60, with_nuls, ".txt")
    w.many("cp1252", 20, lambda _: w.prose().encode("cp1252", errors="replace"), ".txt")

    def html(i: int) -> bytes:
        parts = rng.sample(REMOTE, rng.randint(1, len(REMOTE)))
        head = "".join(parts[: len(parts) // 2])
        body = "".join(f"{p}<p>{rng.choice(SENTENCES)}</p>" for p in parts[len(parts) // 2 :])
        page = f"<!doctype html><html><head><title>Page {i}</title>{head}</head><body>{body}"
        return (page + ("</body></html>" if i % 3 else "")).encode("utf-8")

    w.many("remote", 120, html, ".html")
    w.many("rtl_mixed", 80, lambda _: " ".join(rng.sample(RTL_AND_MIXED, 3)).encode(), ".txt")

    def emoji(_: int) -> bytes:
        words = w.prose().split()
        for _ in range(len(words) // 2):
            words.insert(rng.randrange(len(words) + 1), rng.choice(EMOJI))
        return " ".join(words).encode("utf-8")

    w.many("emoji", 60, emoji, ".txt")

    def impossible(_: int) -> bytes:
        phrase = rng.choice(IMPOSSIBLE)
        return f"The ministers met on {phrase}. {rng.choice(SENTENCES)}".encode()

    w.many("impossible_dates", 60, impossible, ".txt")

    def far(_: int) -> bytes:
        phrase = rng.choice(FAR)
        return f"The border was first drawn {phrase}. {rng.choice(SENTENCES)}".encode()

    w.many("far_dates", 60, far, ".txt")

    def dense(_: int) -> bytes:
        dates = (
            f"{rng.randint(1, 31)} {rng.choice(MONTHS)} {rng.randint(1800, 2100)}"
            for _ in range(rng.randint(200, 400))
        )
        return (", ".join(dates) + ".\n").encode("utf-8")

    w.many("dense_dates", 12, dense, ".txt")
    w.many("empty", 30, lambda _: b"", ".txt")
    w.many("whitespace", 30, lambda _: rng.choice(WHITESPACE), ".txt")
    w.many("markdown", 30, lambda i: f"# Note {i}\n\n* {w.prose(2)}\n\n{LINK}\n".encode(), ".md")
    w.many("controls", 20, lambda _: bytes(rng.choice(range(1, 32)) for _ in range(500)), ".txt")

    line = (text.replace(".", ";") + " ") * (LINE_BYTES // len(text) + 1)
    w.write("one_megabyte_line.txt", line.encode("utf-8")[:LINE_BYTES])
    big = folder / "fifty_megabytes.txt"
    with big.open("wb") as f:
        f.write(text.encode("utf-8"))
        f.truncate(BIG_BYTES)  # sparse: fast to make, refused by size before it is read
    w.made.append(big)

    # A folder named like an article, holding one real article.
    odd_folder = folder / "folder_named_like_a_file.txt"
    odd_folder.mkdir()
    w.made.append(odd_folder / "inside.txt")
    (odd_folder / "inside.txt").write_text(SENTENCES[1], encoding="utf-8")

    for name, target in (("loop.txt", "loop.txt"), ("ping.txt", "pong.txt"),
                         ("pong.txt", "ping.txt"), ("dangling.txt", "missing.txt")):  # fmt: skip
        try:
            (folder / name).symlink_to(target)
        except (OSError, NotImplementedError):  # Windows without the symlink privilege
            continue
        w.made.append(folder / name)
    return w.made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{len(generate(args.out, args.seed))} files in {args.out}")


if __name__ == "__main__":
    main()
