"""Write a synthetic corpus of news-like articles (with a metadata file) for import timing.

python benchmarks/make_corpus.py OUT_DIR [--articles 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

PEOPLE = [
    ("Foreign Minister", "Sergey Lavrov"), ("Foreign Affairs Minister", "Stéphane Dion"),
    ("Prime Minister", "Justin Trudeau"), ("President", "Vladimir Putin"),
    ("Secretary of State", "John Kerry"), ("Prime Minister", "Stephen Harper"),
    ("Foreign Affairs Minister", "John Baird"), ("special envoy", "Staffan de Mistura"),
]  # fmt: skip
PLACES = ["Vienna", "Geneva", "Moscow", "Ottawa", "Vientiane", "Brussels", "New York", "Minsk"]
COUNTRIES = ["Canada", "Russia", "Ukraine", "Syria", "the United States", "Germany", "France"]
ORGS = ["NATO", "the United Nations", "the European Union", "ASEAN", "APEC", "the G7"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip

# Topics make each generated sentence unlike the others, as real reporting is; without
# them the same sentence would recur across articles and merge into a few huge events.
TOPIC_WORDS = [
    "energy",
    "trade",
    "sanctions",
    "grain",
    "Arctic",
    "fisheries",
    "cyber",
    "pipeline",
    "visa",
    "embassy",
    "nuclear",
    "refugee",
    "border",
    "airspace",
    "hockey",
    "wheat",
    "shipping",
    "satellite",
    "election",
    "observer",
    "ceasefire",
    "prisoner",
    "mining",
    "aluminium",
    "diplomatic",
    "consular",
    "tariff",
    "climate",
    "drone",
    "railway",
    "port",
]

SENTENCES = [
    "{title} {person} met counterparts from {country} in {place} on {weekday} about {topic}.",
    "The {topic} talks in {place} were first proposed in {month} {year}, officials said.",
    "{country} froze {topic} contacts with {country2} {n} years ago.",
    "{person} said last year that {org} would not change its position on {topic}.",
    "A {n}-hour meeting on {topic} on {month} {day} ended without a joint statement.",
    "Earlier this month, {org} announced a {n}-year programme for {country}.",
    "We may see progress, {person} told reporters, but the sanctions stay.",
    "Relations have not recovered since {year}, when the {topic} crisis began.",
    "{person} is expected to travel to {place} next week for talks with {org}.",
    "In a {n}-minute call, the ministers discussed {country} and {country2}.",
]


def article(rng: random.Random, published: dt.date) -> str:
    headline = (
        f"{rng.choice(PEOPLE)[1]} and {rng.choice(COUNTRIES)} in talks over {rng.choice(ORGS)}"
    )
    lines = [headline, ""]
    for _ in range(rng.randint(8, 14)):
        title, person = rng.choice(PEOPLE)
        lines.append(
            rng.choice(SENTENCES).format(
                title=title, person=person, place=rng.choice(PLACES),
                country=rng.choice(COUNTRIES), country2=rng.choice(COUNTRIES),
                org=rng.choice(ORGS), weekday=published.strftime("%A"),
                month=rng.choice(MONTHS), year=rng.randint(published.year - 10, published.year),
                day=rng.randint(1, 28), n=rng.randint(2, 40),
                topic=" and ".join(rng.sample(TOPIC_WORDS, 2)),
            )
        )  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {}
    start = dt.date(1990, 1, 1)
    for i in range(args.articles):
        published = start + dt.timedelta(days=rng.randint(0, 12_000))
        name = f"article_{i:05d}.txt"
        (args.out / name).write_text(article(rng, published), encoding="utf-8")
        meta[name] = {"outlet": "Synthetic Wire", "published": published.isoformat()}
    (args.out / "metadata.json").write_text(json.dumps({"articles": meta}), encoding="utf-8")
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
