"""Actor finding: gazetteer facts, the seeds' actor sets, titles, coreference, no false people."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.actors import ActorFinder, ActorMention, Gazetteer
from desktop.core.names import name_key
from desktop.core.records import ActorKind
from desktop.paths import resource, seeds_dir

D = dt.date


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def finder(gazetteer: Gazetteer) -> ActorFinder:
    return ActorFinder(gazetteer)


def _seed(prefix: str) -> str:
    (path,) = seeds_dir().glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _names(mentions: list[ActorMention], kind: ActorKind | None = None) -> set[str]:
    return {m.ref.name for m in mentions if kind is None or m.ref.kind is kind}


def _people(finder: ActorFinder, text: str) -> set[str]:
    return _names(finder.find(text), ActorKind.PERSON)


def _only(mentions: list[ActorMention], text: str) -> ActorMention:
    (mention,) = [m for m in mentions if m.text == text]
    return mention


# --- the gazetteer file ---------------------------------------------------------------------


def test_gazetteer_file_documents_its_format_and_has_unique_keys() -> None:
    data = json.loads(resource("gazetteer.json").read_text(encoding="utf-8"))
    assert isinstance(data["_format"], str)
    assert "surname_alone" in data["_format"]
    keys = [name_key(entry["name"]) for entry in data["actors"]]
    assert len(keys) == len(set(keys))
    kinds = {entry["kind"] for entry in data["actors"]}
    assert kinds == {"person", "country", "organisation", "group"}


def test_gazetteer_roles_run_forwards(gazetteer: Gazetteer) -> None:
    data = json.loads(resource("gazetteer.json").read_text(encoding="utf-8"))
    for entry in data["actors"]:
        for role in entry.get("roles", []):
            assert role["match"], (entry["name"], role["title"])
            if "start" in role and "end" in role:
                assert role["start"] <= role["end"], (entry["name"], role["title"])


def test_gazetteer_is_loaded_once(gazetteer: Gazetteer) -> None:
    assert Gazetteer.load() is gazetteer
    assert len(gazetteer) > 250


@pytest.mark.parametrize(
    ("spelling", "name", "kind"),
    [
        ("Stephane Dion", "Stéphane Dion", ActorKind.PERSON),
        ("Sergey Lavrov", "Sergei Lavrov", ActorKind.PERSON),
        ("Bashar Assad", "Bashar al-Assad", ActorKind.PERSON),
        ("Lavrov", "Sergei Lavrov", ActorKind.PERSON),
        ("Alexey Navalny", "Alexei Navalny", ActorKind.PERSON),
        ("U.S.", "United States", ActorKind.COUNTRY),
        ("US", "United States", ActorKind.COUNTRY),
        ("U.S.A.", "United States", ActorKind.COUNTRY),
        ("America", "United States", ActorKind.COUNTRY),
        ("U.K.", "United Kingdom", ActorKind.COUNTRY),
        ("Britain", "United Kingdom", ActorKind.COUNTRY),
        ("Russian Federation", "Russia", ActorKind.COUNTRY),
        ("USSR", "Soviet Union", ActorKind.COUNTRY),
        ("U.N.", "United Nations", ActorKind.ORGANISATION),
        ("Association of Southeast Asian Nations", "ASEAN", ActorKind.ORGANISATION),
        ("ISIL", "Islamic State", ActorKind.GROUP),
        ("Pussy Riot", "Pussy Riot", ActorKind.GROUP),
    ],
)
def test_lookup_folds_spellings_onto_one_record(
    gazetteer: Gazetteer, spelling: str, name: str, kind: ActorKind
) -> None:
    ref = gazetteer.lookup(spelling)
    assert ref is not None
    assert (ref.name, ref.kind, ref.key) == (name, kind, name_key(name))


@pytest.mark.parametrize("spelling", ["Russian", "Canadian", "Kremlin", "Li", "Moscow", ""])
def test_lookup_refuses_adjectives_cities_and_ambiguous_surnames(
    gazetteer: Gazetteer, spelling: str
) -> None:
    assert gazetteer.lookup(spelling) is None


@pytest.mark.parametrize(
    ("name", "title", "periods"),
    [
        ("Stéphane Dion", "Foreign Affairs Minister", [(D(2015, 11, 4), D(2017, 1, 10))]),
        ("Stéphane Dion", "foreign minister", [(D(2015, 11, 4), D(2017, 1, 10))]),
        ("Stéphane Dion", "Minister", []),
        ("Sergei Lavrov", "Russian Foreign Minister", [(D(2004, 3, 9), None)]),
        ("John Kerry", "U.S. Secretary of State", [(D(2013, 2, 1), D(2017, 1, 20))]),
        ("Stephen Harper", "PM", [(D(2006, 2, 6), D(2015, 11, 4))]),
        ("Justin Trudeau", "Prime Minister", [(D(2015, 11, 4), D(2025, 3, 14))]),
        ("John Baird", "Foreign Affairs Minister", [(D(2011, 5, 18), D(2015, 2, 3))]),
        (
            "François-Philippe Champagne",
            "Foreign Affairs Minister",
            [(D(2019, 11, 20), D(2021, 1, 12))],
        ),
        (
            "Staffan de Mistura",
            "United Nations special envoy for Syria",
            [(D(2014, 7, 10), D(2018, 12, 31))],
        ),
        ("Bashar al-Assad", "Syrian President", [(D(2000, 7, 17), D(2024, 12, 8))]),
        ("Tony Blair", "British Prime Minister", [(D(1997, 5, 2), D(2007, 6, 27))]),
        (
            "Vladimir Putin",
            "Russian President",
            [
                (D(2000, 5, 7), D(2008, 5, 7)),
                (D(2012, 5, 7), None),
                (D(1999, 12, 31), D(2000, 5, 7)),
            ],
        ),
        (
            "Vladimir Putin",
            "Prime Minister",
            [(D(1999, 8, 16), D(2000, 5, 7)), (D(2008, 5, 8), D(2012, 5, 7))],
        ),
        # "vice president" is another office than "president"
        ("Joe Biden", "Vice President", [(D(2009, 1, 20), D(2017, 1, 20))]),
        ("Joe Biden", "U.S. President", [(D(2021, 1, 20), D(2025, 1, 20))]),
    ],
)
def test_role_periods(
    gazetteer: Gazetteer,
    name: str,
    title: str,
    periods: list[tuple[dt.date | None, dt.date | None]],
) -> None:
    ref = gazetteer.lookup(name)
    assert ref is not None
    assert gazetteer.role_periods(ref, title) == periods


def test_role_periods_of_a_stranger_are_empty(finder: ActorFinder, gazetteer: Gazetteer) -> None:
    (mention,) = finder.find("Foreign Minister Jane Quill arrived.")
    assert mention.title == "Foreign Minister"
    assert gazetteer.role_periods(mention.ref, "Foreign Minister") == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"people": []}, "actors"),
        ({"actors": [{"kind": "person"}]}, "name"),
        ({"actors": [{"name": "X", "kind": "planet"}]}, "kind"),
        ({"actors": [{"name": "X", "kind": "person", "aliases": "Y"}]}, "aliases"),
        (
            {
                "actors": [
                    {"name": "X", "kind": "person", "roles": [{"title": "T", "start": "2016"}]}
                ]
            },
            "YYYY-MM-DD",
        ),
    ],
)
def test_malformed_gazetteer_is_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Gazetteer.from_json(raw)


def test_load_reads_a_given_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(
        json.dumps({"actors": [{"name": "Zed Quux", "kind": "person", "aliases": []}]}),
        encoding="utf-8",
    )
    finder = ActorFinder(Gazetteer.load(path))
    assert [m.ref.name for m in finder.find("Zed Quux met Quux.")] == ["Zed Quux", "Zed Quux"]


# --- the seeds --------------------------------------------------------------------------------

SEED_PEOPLE = {
    "000": {
        "Sergei Lavrov", "John Kerry", "Staffan de Mistura", "Stéphane Dion", "Stephen Harper",
        "Irwin Cotler", "Bob Rae", "Sergei Magnitsky", "Bill Browder", "Vladimir Putin",
        "Bashar al-Assad",
    },
    "001": {
        "Stéphane Dion", "Sergei Lavrov", "Joseph Pickerill", "Stephen Harper", "Justin Trudeau",
    },
    "002": {"Stéphane Dion", "Sergei Lavrov", "Joseph Pickerill", "Justin Trudeau"},
    "003": {
        "Stephen Harper", "Vladimir Putin", "Bashar al-Assad", "John Baird", "Sergei Lavrov",
        "Moammar Gadhafi", "Tony Blair",
    },
    "004": {
        "Vladimir Putin", "Sergei Lavrov", "Gilles Breton", "Piotr Dutkiewicz",
        "Vladimir Potanin", "Marcus Kolga", "Alexei Navalny", "Jason Kung",
        "François-Philippe Champagne",
    },
}  # fmt: skip

SEED_OTHERS = {
    "000": {
        "Canada", "Russia", "United States", "Syria", "Austria", "Iran", "Turkey", "China",
        "Saudi Arabia", "Iraq",
        "United Nations", "Arab League", "European Union", "International Syria Support Group",
        "Islamic State", "Liberal Party of Canada",
    },
    "001": {
        "Canada", "Russia", "Ukraine", "Syria", "Laos", "Latvia", "United States",
        "United Kingdom", "Germany", "Poland", "Estonia", "Lithuania",
        "ASEAN", "NATO", "Liberal Party of Canada",
    },
    "002": {
        "Canada", "Russia", "Ukraine", "Syria", "Laos", "Latvia", "United States",
        "United Kingdom", "Germany", "Poland", "Estonia", "Lithuania",
        "ASEAN", "NATO", "Liberal Party of Canada",
    },
    "003": {
        "Canada", "Russia", "Syria", "Iran", "Libya", "Soviet Union",
        "APEC", "United Nations", "UN Security Council", "NATO", "G8", "P5+1",
        "al-Qaida", "Pussy Riot",
    },
    "004": {
        "Canada", "Russia", "Ukraine", "Syria", "Singapore", "United States",
        "Carleton University", "Macdonald-Laurier Institute", "Global Affairs Canada", "G7",
        "NATO",
    },
}  # fmt: skip


@pytest.mark.parametrize("seed", sorted(SEED_PEOPLE))
def test_seed_people_are_exactly_the_expected_ones(finder: ActorFinder, seed: str) -> None:
    assert _people(finder, _seed(seed)) == SEED_PEOPLE[seed]


@pytest.mark.parametrize("seed", sorted(SEED_PEOPLE))
def test_seed_actor_set(finder: ActorFinder, seed: str) -> None:
    assert _names(finder.find(_seed(seed))) == SEED_PEOPLE[seed] | SEED_OTHERS[seed]


@pytest.mark.parametrize("seed", sorted(SEED_PEOPLE))
def test_seed_mentions_are_sorted_disjoint_and_point_into_the_text(
    finder: ActorFinder, seed: str
) -> None:
    text = _seed(seed)
    mentions = finder.find(text)
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    refs: dict[str, object] = {}
    for mention in mentions:  # one ref per real actor in one article
        assert refs.setdefault(mention.ref.key, mention.ref) == mention.ref


def test_seed_000_titles_and_former(finder: ActorFinder, gazetteer: Gazetteer) -> None:
    mentions = finder.find(_seed("000"))
    cotler = _only(mentions, "Irwin Cotler")
    assert (cotler.title, cotler.former) == ("justice minister", True)
    harper = _only(mentions, "Stephen Harper")
    assert (harper.title, harper.former) == ("prime minister", True)
    rae = _only(mentions, "Bob Rae")
    assert (rae.title, rae.former) == ("interim Liberal leader", True)
    dion = _only(mentions, "Stéphane Dion")
    assert (dion.title, dion.former) == ("Foreign Affairs Minister", False)
    assert gazetteer.role_periods(dion.ref, "Foreign Affairs Minister") == [
        (D(2015, 11, 4), D(2017, 1, 10))
    ]
    assert _only(mentions, "Sergei Lavrov").title == "Russian Foreign Minister"
    assert _only(mentions, "John Kerry").title == "U.S. Secretary of State"
    assert _only(mentions, "Staffan de Mistura").title == "United Nations special envoy for Syria"
    assert _only(mentions, "Vladimir Putin").title == "Russian President"
    assert _only(mentions, "al-Assad").ref.name == "Bashar al-Assad"  # "Mr. al-Assad"
    dions = [m for m in mentions if m.ref.name == "Stéphane Dion"]
    assert [m.text for m in dions] == ["Stéphane Dion"] + ["Dion"] * 4


def test_seed_004_short_forms_resolve_to_the_full_names(finder: ActorFinder) -> None:
    mentions = finder.find(_seed("004"))
    by_text = {(m.text, m.ref.name) for m in mentions}
    assert ("Breton", "Gilles Breton") in by_text  # "Mr. Breton"
    assert ("Dutkiewicz", "Piotr Dutkiewicz") in by_text  # "Prof. Dutkiewicz"
    assert ("Kolga", "Marcus Kolga") in by_text
    assert ("Champagne", "François-Philippe Champagne") in by_text  # "Mr. Champagne"
    breton = _only(mentions, "Gilles Breton")
    assert (breton.title, breton.former) == ("diplomat", True)
    assert _only(mentions, "Jason Kung").title == "media spokesperson"
    assert _only(mentions, "Alexey Navalny").title == "opposition leader"
    assert _only(mentions, "Vladimir Potanin").title == "billionaire oligarch"
    assert _only(mentions, "Marcus Kolga").title == "human-rights advocate"


MINOR_PEOPLE = {
    "Gilles Breton", "Piotr Dutkiewicz", "Marcus Kolga", "Jason Kung", "Joseph Pickerill",
    "Vladimir Potanin", "Alexei Navalny", "Bill Browder", "Sergei Magnitsky", "Irwin Cotler",
    "Bob Rae", "Moammar Gadhafi",
}  # fmt: skip


@pytest.fixture(scope="module")
def bare_finder() -> ActorFinder:
    """A finder whose gazetteer lacks the seeds' lesser-known people."""
    data = json.loads(resource("gazetteer.json").read_text(encoding="utf-8"))
    data["actors"] = [a for a in data["actors"] if a["name"] not in MINOR_PEOPLE]
    return ActorFinder(Gazetteer.from_json(data))


@pytest.mark.parametrize("seed", sorted(SEED_PEOPLE))
def test_seed_people_are_found_without_the_gazetteer(bare_finder: ActorFinder, seed: str) -> None:
    """Titles, honorifics and appositions find the people the gazetteer does not know."""
    # the article's own spelling names a person the gazetteer does not know
    expected = {"Alexey Navalny" if n == "Alexei Navalny" else n for n in SEED_PEOPLE[seed]}
    mentions = bare_finder.find(_seed(seed))
    assert _names(mentions, ActorKind.PERSON) == expected
    for mention in mentions:
        assert mention.ref.key == name_key(mention.ref.name)


def test_seed_004_strangers_resolve_their_short_forms(bare_finder: ActorFinder) -> None:
    mentions = bare_finder.find(_seed("004"))
    breton = [m for m in mentions if m.ref.name == "Gilles Breton"]
    assert [m.text for m in breton] == ["Gilles Breton"] + ["Breton"] * 7
    assert {m.ref.key for m in breton} == {"gilles breton"}
    assert breton[0].ref.kind is ActorKind.PERSON
    dutkiewicz = [m.text for m in mentions if m.ref.name == "Piotr Dutkiewicz"]
    assert dutkiewicz == ["Piotr Dutkiewicz", "Dutkiewicz", "Dutkiewicz"]


# --- coreference and spelling ------------------------------------------------------------------


def test_spelling_variants_share_a_key_across_articles(finder: ActorFinder) -> None:
    one = finder.find("Foreign Minister Stéphane Dion met Sergei Lavrov and Bashar al-Assad.")
    two = finder.find("Stephane Dion met Sergey Lavrov and Bashar Assad in the U.S.")
    assert [m.ref.key for m in one] == [m.ref.key for m in two][:3]
    assert "Stephane Dion" in two[0].ref.aliases  # the spelling seen is kept
    assert two[0].ref.name == "Stéphane Dion"


def test_one_record_for_every_way_of_writing_the_united_states(finder: ActorFinder) -> None:
    text = "The U.S. and the United States, the US, America and the U.S.A. agree; us too."
    mentions = finder.find(text)
    assert [m.text for m in mentions] == ["U.S.", "United States", "US", "America", "U.S.A."]
    assert {m.ref.key for m in mentions} == {"united states"}


def test_short_form_follows_the_nearest_full_name(finder: ActorFinder) -> None:
    text = "Jane Roe, a senior diplomat, met John Roe, a lawyer. Later Roe spoke."
    assert [m.ref.name for m in finder.find(text)] == ["Jane Roe", "John Roe", "John Roe"]


def test_short_form_before_its_full_name_still_resolves(finder: ActorFinder) -> None:
    text = "Mr. Quill said so. Later, spokesman Adam Quill confirmed it."
    assert [m.ref.name for m in finder.find(text)] == ["Adam Quill", "Adam Quill"]


# --- patterns for people the gazetteer does not know -------------------------------------------


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Foreign Affairs Minister Jane Doe met Prime Minister John Smith.",
            {"Jane Doe", "John Smith"},
        ),
        ("said agency spokesperson Maria Lopez on Monday", {"Maria Lopez"}),
        ("Prof. Anna Berg said so; Prof. Berg added more.", {"Anna Berg"}),
        ("Mr. Smith declined to comment.", {"Smith"}),
        ("Dr. Jane Roe and Dr. Roe", {"Jane Roe"}),
        (
            "Ivan Petrov, a former diplomat, and Olga Ivanova, a human-rights advocate, wrote.",
            {"Ivan Petrov", "Olga Ivanova"},
        ),
        ("whistleblower Pavel Orlov died", {"Pavel Orlov"}),
        ("President John F. Kennedy spoke", {"John F. Kennedy"}),
        ("Mr. Champagne pick up the phone", {"François-Philippe Champagne"}),
        ("Mrs. May said", {"Theresa May"}),
        ("Sergei V. Lavrov said", {"Sergei Lavrov"}),
        ("Kerry-Lavrov talks", {"John Kerry", "Sergei Lavrov"}),
        ("the anti-Putin protest", {"Vladimir Putin"}),
        ("When Harper spoke, Putin listened.", {"Stephen Harper", "Vladimir Putin"}),
    ],
)  # fmt: skip
def test_people_found(finder: ActorFinder, text: str, people: set[str]) -> None:
    assert _people(finder, text) == people


@pytest.mark.parametrize(
    "text",
    [
        "The Globe and Mail reported it, as did The Canadian Press and Maclean's.",
        "With files from The Associated Press and Radio Canada International. CBC News",
        "Photo Credit: (Photo: mid.ru)",
        "Skip to main content\n\nFollow related authors and topics",
        "Monday. Tuesday evening. In May and June.",
        "Parliament unanimously passed a resolution, which the Liberals promised.",
        "Foreign Affairs said the Kremlin agreed with Liberal and Conservative MPs.",
        "The Prime Minister's Office said the Foreign Affairs Minister flew to Vienna.",
        "Celine Dion sang and Harper Lee wrote.",
        "a glass of Champagne in Cape Breton",
        "the U.S. Magnitsky Act",
        "Leonhard Foeger/The Associated Press",
        "(Paul Chiasson/Canadian Press)",
        "Canada Eurasia Russia Business Association",
        "General Motors and Premier League",
        "Categories: International, Politics",
        "his Russian counterpart met Russian officials",
    ],
)
def test_no_false_people(finder: ActorFinder, text: str) -> None:
    assert _people(finder, text) == set()


# --- countries and bodies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Canada-Russia relations", {"Canada", "Russia"}),
        ("the Canada-USSR series", {"Canada", "Soviet Union"}),
        ("Russian officials and Canadian experts", set()),
        ("Latin America and Radio Canada International", set()),
        ("Jordan Peterson said", set()),
        ("King Abdullah of Jordan", {"Abdullah", "Jordan"}),
        ("the UK, the U.K. and Britain", {"United Kingdom"}),
        ("Russia and the Russian Federation", {"Russia"}),
        (
            "the U.N., the UN and the United Nations Security Council",
            {"United Nations", "UN Security Council"},
        ),
        ("Islamic State, ISIS and al-Qaida", {"Islamic State", "al-Qaida"}),
        ("NATO, Nato and nato", {"NATO"}),
        ("the People's Republic of China", {"China"}),
        ("Canada's department of Global Affairs", {"Canada", "Global Affairs Canada"}),
        ("Northern Ireland", set()),
        ("Moscow, Ottawa and Washington", set()),
    ],
)  # fmt: skip
def test_countries_and_bodies(finder: ActorFinder, text: str, actors: set[str]) -> None:
    assert _names(finder.find(text)) == actors


@pytest.mark.parametrize(
    ("text", "name", "title", "former"),
    [
        ("then British Prime Minister Tony Blair", "Tony Blair", "British Prime Minister", True),
        ("ex-president Boris Yeltsin", "Boris Yeltsin", "president", True),
        ("the late Moammar Gadhafi", "Moammar Gadhafi", None, True),
        (
            "Sergei Lavrov, Russia's foreign minister, said",
            "Sergei Lavrov", "Russia's foreign minister", False,
        ),
        (
            "John Kerry, U.S. Secretary of State, said",
            "John Kerry", "U.S. Secretary of State", False,
        ),
        (
            "Bill Browder, a noted critic of Russian President Vladimir Putin",
            "Bill Browder", "noted critic", False,
        ),
        ("PM Harper urges Putin", "Stephen Harper", "PM", False),
        ("said Dion spokesman Joseph Pickerill", "Joseph Pickerill", "spokesman", False),
        ("then Harper said", "Stephen Harper", None, False),
    ],
)  # fmt: skip
def test_titles_and_former(
    finder: ActorFinder, text: str, name: str, title: str | None, former: bool
) -> None:
    (mention,) = [m for m in finder.find(text) if m.ref.name == name]
    assert (mention.title, mention.former) == (title, former)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Mr.", "Dion", "Stéphane", "U.S.", "Prime", "Minister", "former", ",", "a", "diplomat",
             "Canada", "-", "Russia's", "al-Assad", "de", "Mistura", "the", "Liberals", "\n", ".",
             "Jane", "Roe", "Prof.", "’s", "President", "of", "J.", "x", "É"]
        ),
        max_size=40,
    ).map(" ".join)
)  # fmt: skip
def test_find_never_fails_and_spans_stay_sound(text: str) -> None:
    finder = ActorFinder(Gazetteer.load())
    mentions = finder.find(text)
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.ref.key
