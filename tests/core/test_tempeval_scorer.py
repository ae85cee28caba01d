"""The TempEval-3 scorer and TimeML reader of benchmarks/eval_tempeval.py, on hand-made data."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.eval_tempeval import (
    Comparison,
    Counts,
    Mention,
    compare,
    dct_day,
    error_lines,
    locate,
    match_relaxed,
    parse_timeml,
    prf,
    value_shape,
)

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME"
>March 22, 2013</TIMEX3></DCT>
<TITLE>Talks resume <TIMEX3 tid="t9" type="DATE" value="2013-03-22">today</TIMEX3></TITLE>
<TEXT>
Envoys <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE"
value="2013-03-21">Thursday</TIMEX3> &amp; agreed to talk for <TIMEX3 tid="t2" type="DURATION"
value="P2W">two weeks</TIMEX3>.
"R&amp;D" budgets grow <TIMEX3 tid="t3" type="SET" value="XXXX">annually</TIMEX3>.
</TEXT>
</TimeML>
"""


def m(start: int, end: int, value: str = "2013", type_: str = "DATE") -> Mention:
    return Mention(start, end, type_, value)


# -- TimeML reading -------------------------------------------------------------------------


def test_text_is_the_text_element_with_tags_stripped_and_entities_decoded() -> None:
    doc = parse_timeml(TIMEML, "TEST_1")
    assert doc.text == (
        '\nEnvoys met on Thursday & agreed to talk for two weeks.\n"R&D" budgets grow annually.\n'
    )
    assert doc.dct == "2013-03-22"


def test_gold_offsets_index_the_extracted_text() -> None:
    doc = parse_timeml(TIMEML)
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Thursday", "DATE", "2013-03-21"),
        ("two weeks", "DURATION", "P2W"),
        ("annually", "SET", "XXXX"),
    ]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text


def test_timexes_outside_text_and_the_creation_time_are_not_gold() -> None:
    source = (
        "<TimeML><TEXT>Filed <TIMEX3 tid='t0' type='DATE' value='1998-02-27' "
        "functionInDocument='CREATION_TIME'>Feb. 27</TIMEX3> late.</TEXT></TimeML>"
    )
    doc = parse_timeml(source)
    assert doc.gold == ()
    assert doc.dct == "1998-02-27"
    assert doc.text == "Filed Feb. 27 late."


def test_a_document_without_text_is_refused() -> None:
    with pytest.raises(ValueError, match="no TEXT"):
        parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>", "x")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2013-03-22", "2013-03-22"),
        ("1998-02-27T13:00:00", "1998-02-27"),
        ("19980227", "1998-02-27"),
        ("2013-W12", None),
        ("", None),
        (None, None),
    ],
)
def test_dct_day(value: str | None, day: str | None) -> None:
    assert dct_day(value) == day


# -- Matching -------------------------------------------------------------------------------


def test_exact_match_counts_everywhere() -> None:
    c = compare([m(0, 5, "2013")], [m(0, 5, "2013")]).counts
    assert c == Counts(gold=1, system=1, strict=1, relaxed=1, value=1, type=1)


def test_overlap_is_relaxed_but_not_strict() -> None:
    result = compare([m(10, 18)], [m(7, 18)])
    assert (result.counts.strict, result.counts.relaxed, result.counts.value) == (0, 1, 1)
    assert result.wrong_span == [(m(10, 18), m(7, 18))]


def test_touching_spans_do_not_overlap() -> None:
    result = compare([m(0, 5)], [m(5, 9)])
    assert result.counts.relaxed == 0
    assert (result.missed, result.spurious) == ([m(0, 5)], [m(5, 9)])


def test_one_system_mention_matches_at_most_one_gold() -> None:
    # "2009-2010" tagged as one span against two gold years.
    result = compare([m(0, 4, "2009"), m(5, 9, "2010")], [m(0, 9, "2009")])
    assert result.counts.relaxed == 1
    assert result.counts.value == 1
    assert result.missed == [m(5, 9, "2010")]


def test_one_gold_mention_matches_at_most_one_system() -> None:
    result = compare([m(0, 9)], [m(0, 4), m(5, 9)])
    assert (result.counts.relaxed, result.counts.strict) == (1, 0)
    assert len(result.spurious) == 1


def test_matching_finds_the_pairing_that_covers_most() -> None:
    # Gold 0 could take either system mention; gold 1 only the first. Both must be matched.
    gold = [m(0, 10), m(0, 3)]
    system = [m(0, 3), m(5, 10)]
    assert match_relaxed(gold, system) == [(0, 1), (1, 0)]


def test_matching_prefers_the_exact_span_then_the_equal_value() -> None:
    gold = [m(0, 10, "2012")]
    assert match_relaxed(gold, [m(0, 4, "2012"), m(0, 10, "2011")]) == [(0, 1)]
    assert match_relaxed(gold, [m(0, 6, "2011"), m(4, 10, "2012")]) == [(0, 1)]


def test_value_mismatch_keeps_span_and_type_credit() -> None:
    result = compare([m(0, 6, "2013-03-22")], [m(0, 6, "2013-03-15")])
    assert result.counts == Counts(gold=1, system=1, strict=1, relaxed=1, value=0, type=1)
    assert result.wrong_value == [(m(0, 6, "2013-03-22"), m(0, 6, "2013-03-15"))]


def test_type_mismatch_keeps_value_credit() -> None:
    result = compare([m(0, 6, "P2W", "DURATION")], [m(0, 6, "P2W", "DATE")])
    assert (result.counts.value, result.counts.type) == (1, 0)


def test_empty_system_scores_zero_and_misses_everything() -> None:
    gold = [m(0, 4), m(9, 12)]
    result = compare(gold, [])
    assert result.counts == Counts(gold=2, system=0)
    assert result.missed == gold
    assert result.counts.prf(result.counts.relaxed) == (0.0, 0.0, 0.0)
    assert result.counts.accuracy(result.counts.value) == 0.0


def test_duplicate_system_spans_count_once_as_strict() -> None:
    assert compare([m(0, 4)], [m(0, 4), m(0, 4)]).counts.strict == 1


# -- Scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hits", "n_system", "n_gold", "expected"),
    [
        (0, 0, 0, (0.0, 0.0, 0.0)),
        (1, 2, 4, (0.5, 0.25, 1 / 3)),
        (3, 3, 3, (1.0, 1.0, 1.0)),
        (0, 5, 5, (0.0, 0.0, 0.0)),
    ],
)
def test_prf(hits: int, n_system: int, n_gold: int, expected: tuple[float, ...]) -> None:
    assert prf(hits, n_system, n_gold) == pytest.approx(expected)


def test_counts_add_up_for_micro_averaging() -> None:
    total = Counts(2, 3, 1, 2, 1, 2) + Counts(1, 1, 1, 1, 0, 1)
    assert total == Counts(3, 4, 2, 3, 1, 3)
    assert total.accuracy(total.value) == pytest.approx(1 / 3)


def test_value_shape_masks_digits_only() -> None:
    assert [value_shape(v) for v in ("2013-03-22", "P10Y", "PRESENT_REF", "XXXX-WI")] == [
        "9999-99-99",
        "P99Y",
        "PRESENT_REF",
        "XXXX-WI",
    ]


# -- Baseline placement and report ----------------------------------------------------------


def test_locate_finds_each_phrase_after_the_previous_one() -> None:
    text = "May said in May that May 3 was fine."
    found = [("May", dt.datetime(2013, 5, 1)), ("May 3", dt.datetime(2013, 5, 3))]
    placed = locate(text, found)
    assert [(p.start, p.end, p.value, p.type) for p in placed] == [
        (0, 3, "2013-05-01", "DATE"),
        (21, 26, "2013-05-03", "DATE"),
    ]


def test_locate_drops_phrases_it_cannot_place() -> None:
    assert locate("on Friday", [("Saturday", dt.datetime(2013, 3, 23))]) == []


def test_error_report_groups_by_value_shape() -> None:
    result = Comparison(
        Counts(),
        missed=[Mention(0, 9, "DATE", "2013-W12", "this week")],
        spurious=[Mention(0, 2, "DATE", "2013-05-01", "We")],
        wrong_value=[(m(0, 4, "2012"), m(0, 4, "2012-03-22"))],
    )
    report = "\n".join(error_lines([("doc", result)]))
    assert "DATE 9999-W99" in report
    assert "'this week'=2013-W12 [doc]" in report
    assert "9999 -> 9999-99-99" in report
    assert "'We'=2013-05-01 [doc]" in report
