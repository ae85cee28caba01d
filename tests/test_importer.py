"""The importer on the seeds: every dated happening at the right date and precision."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import paths
from desktop.core.dates import FuzzyDate, Precision
from desktop.core.records import ActorKind, EventCorrection, EventRecord
from desktop.importer import Importer, import_seeds
from desktop.store import repo
from desktop.store.db import Store, open_store

SEEDS = sorted(paths.seeds_dir().glob("*.txt"))
TRUE_DATES = {
    "000": "2016-05-16",
    "001": "2016-07-25",
    "002": "2016-07-25",
    "003": "2012-09-08",
    "004": "2021-01",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "test.sqlite3")
    yield st
    st.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = open_store(tmp_path_factory.mktemp("seeded") / "seeds.sqlite3")
    report = import_seeds(st)
    assert report.ok, report.results
    yield st
    st.close()


def _events(store: Store) -> list[EventRecord]:
    with store.session() as s:
        return repo.list_events(s)


def _article_ids(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {Path(a.path).name[:3]: a.id for a in repo.list_articles(s)}


def _dated_in(store: Store, seed: str) -> dict[str, set[str]]:
    """date phrase -> TIMEX3 values of the events one seed article evidences."""
    article = _article_ids(store)[seed]
    found: dict[str, set[str]] = {}
    with store.session() as s:
        for event_id, source in repo.article_sources(s, article):
            event = repo.get_event(s, event_id)
            phrase = repo.get_article(s, article).text[source.phrase_start : source.phrase_end]
            found.setdefault(phrase, set()).add(event.date.timex if event.date else "undated")
    return found


# (seed, date phrase as written, TIMEX3 value of its event)
SEED_EVENTS = [
    ("000", "Tuesday", "2016-05-17"),
    ("000", "last year", "2015"),
    ("000", "Monday", "2016-05-16"),
    ("000", "May 4", "2016-05-04"),
    ("000", "February", "2016-02"),
    ("000", "2012", "2012"),
    ("000", "2011", "2011"),
    ("001", "July 25, 2016", "2016-07-25"),
    ("001", "Monday", "2016-07-25"),
    ("001", "two years ago", "2014"),
    ("001", "earlier this month", "2016-07"),
    ("002", "Monday", "2016-07-25"),
    ("002", "March 2014", "2014-03"),
    ("002", "earlier this month", "2016-07"),
    ("003", "Saturday", "2012-09-08"),
    ("003", "Two days earlier", "2012-09-06"),
    ("003", "2006", "2006"),
    ("003", "six years ago", "2006"),
    ("003", "this past spring", "2012-SP"),
    ("004", "2014", "2014"),
    ("004", "2019", "2019"),
    ("004", "2020", "2020"),
]


@pytest.mark.parametrize(("seed", "phrase", "value"), SEED_EVENTS)
def test_seed_events_have_their_dates(seeded: Store, seed: str, phrase: str, value: str) -> None:
    found = _dated_in(seeded, seed)
    assert phrase in found, f"{phrase!r} not an event phrase in {seed}: {sorted(found)}"
    assert value in found[phrase]


TRAPS = ["we", "We", "may", "sat", "now", "30-minute", "1,000-strong", "32nd", "five-year",
         "18-month", "55-minute", "two-year", "40th", "21-nation", "17-nation"]  # fmt: skip


def test_no_trap_becomes_an_event(seeded: Store) -> None:
    phrases = {p for seed in TRUE_DATES for p in _dated_in(seeded, seed)}
    for trap in TRAPS:
        assert not any(trap in p.split() or trap == p for p in phrases), trap


def test_years_stay_years(seeded: Store) -> None:
    for event in _events(seeded):
        if event.date_text.strip().isdigit() and len(event.date_text.strip()) == 4:
            assert event.date is not None and event.date.precision is Precision.YEAR


def test_dion_lavrov_meeting_is_one_event_with_two_articles(seeded: Store) -> None:
    ids = _article_ids(seeded)
    with seeded.session() as s:
        actors = {a.id: a.name for a in repo.list_actors(s)}
        meetings = []
        for event in repo.list_events(s):
            names = {actors[a] for a in event.actor_ids}
            if event.date == FuzzyDate.from_timex("2016-07-25") and {
                "Stéphane Dion",
                "Sergey Lavrov",
            } <= names | {n.replace("Sergei", "Sergey") for n in names}:
                articles = {src.article_id for src in repo.event_sources(s, event.id)}
                meetings.append(articles)
    assert any({ids["001"], ids["002"]} <= arts for arts in meetings), meetings


def test_actor_spellings_are_one_record(seeded: Store) -> None:
    with seeded.session() as s:
        actors = repo.list_actors(s)
    people = [a for a in actors if a.kind is ActorKind.PERSON]
    lavrovs = [a for a in people if "Lavrov" in a.name]
    dions = [a for a in people if "Dion" in a.name]
    assads = [a for a in people if "Assad" in a.name]
    assert len(lavrovs) == 1 and len(dions) == 1 and len(assads) == 1
    us = [a for a in actors if a.name in ("United States", "U.S.")]
    assert len(us) == 1


def test_reimport_changes_nothing(seeded: Store) -> None:
    before = _events(seeded)
    report = import_seeds(seeded)
    assert {r.status for r in report.results} == {"unchanged"}
    assert _events(seeded) == before


@pytest.fixture
def bare_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "bare"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


def test_bare_seeds_get_dates_consistent_with_the_truth(store: Store, bare_seeds: Path) -> None:
    report = Importer(store).import_paths([bare_seeds])
    assert report.ok
    with store.session() as s:
        articles = {Path(a.path).name[:3]: a for a in repo.list_articles(s)}
    for seed, truth in TRUE_DATES.items():
        got = articles[seed].published
        true = FuzzyDate.from_timex(truth)
        assert got is not None, f"{seed}: no date inferred"
        assert articles[seed].published_inferred
        # Consistent: the inferred value covers the true one, never finer than the text allows.
        assert got.start <= true.start and true.end <= got.end, (seed, got.timex, truth)
    assert articles["001"].published == FuzzyDate.from_timex("2016-07-25")
    assert articles["002"].published == FuzzyDate.from_timex("2016-07-25")
    assert articles["003"].published == FuzzyDate.from_timex("2012")
    assert articles["000"].published == FuzzyDate.from_timex("2016")
    assert articles["004"].published == FuzzyDate.from_timex("2021-01")


def test_relative_days_resolve_only_as_far_as_a_year_allows(store: Store, bare_seeds: Path) -> None:
    Importer(store).import_paths([bare_seeds / SEEDS[0].name])
    found = _dated_in(store, "000")
    # The article is known only to be from 2016: "Tuesday" is 2016, not a guessed day.
    assert found["Tuesday"] == {"2016"}


def test_changed_article_keeps_annotations_and_corrections(store: Store, tmp_path: Path) -> None:
    article_path = tmp_path / "a.txt"
    shutil.copy(SEEDS[3], article_path)
    importer = Importer(store)
    importer.import_paths([article_path], published=FuzzyDate.from_timex("2012-09-08"))
    with store.session() as s:
        (article,) = repo.list_articles(s)
        start = article.text.index("Two days earlier")
        repo.add_annotation(
            s, article.id, start, start + 16, "Two days earlier", "", "", "#ffd54f", note="Baird"
        )
        event = next(e for e in repo.list_events(s) if e.date_text == "Two days earlier")
        repo.set_correction(s, event.id, EventCorrection(title="Baird meets Lavrov"))
    article_path.write_text(
        "An added first paragraph.\n\n" + SEEDS[3].read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = importer.import_paths([article_path], published=FuzzyDate.from_timex("2012-09-08"))
    assert [r.status for r in report.results] == ["updated"]
    with store.session() as s:
        (note,) = repo.list_annotations(s)
        assert note.note == "Baird"
        titles = {e.title for e in repo.list_events(s)}
    assert "Baird meets Lavrov" in titles


def test_bad_files_are_reported_and_the_rest_imported(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "nodates.txt").write_text("Diplomats talked at length about trade.\n")
    latin1 = "Caf\xe9 talks in Vienna on 5 March 2015.".encode("latin-1")
    (folder / "latin1.txt").write_bytes(latin1)
    with (folder / "huge.txt").open("wb") as big:
        big.truncate(50 * 1024 * 1024)
    shutil.copy(SEEDS[1], folder / SEEDS[1].name)
    report = Importer(store).import_paths([folder, tmp_path / "missing.txt"])
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["empty.txt"].status == "failed"
    assert by_name["binary.txt"].status == "failed"
    assert by_name["huge.txt"].status == "failed"
    assert "too large" in by_name["huge.txt"].message
    assert by_name["missing.txt"].status == "failed"
    assert by_name["nodates.txt"].status == "imported"
    assert "no dated events" in by_name["nodates.txt"].message
    assert by_name["latin1.txt"].status == "imported"
    assert by_name[SEEDS[1].name].status == "imported"
    for result in report.results:
        assert "\n" not in result.message and result.message
    assert not report.ok
