"""normalize_text: the canonical text every offset in the pipeline refers to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadscope.ingest.normalize import normalize_text

THESIS = (
    "This article focuses on U.S.-Pakistan relations under the Biden administration.During the Biden "
    "administration,the relationship between Pakistan and the United States has been focused on "
    "strengthening cooperation in areas such as counter-terrorism,regional stability and economic "
    "development.Generally speaking,the US-Pakistan relationship"
)


def test_thesis_abstract_gets_its_missing_spaces_back() -> None:
    assert normalize_text(THESIS) == (
        "This article focuses on U.S.-Pakistan relations under the Biden administration. During the Biden "
        "administration, the relationship between Pakistan and the United States has been focused on "
        "strengthening cooperation in areas such as counter-terrorism, regional stability and economic "
        "development. Generally speaking, the US-Pakistan relationship"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("freezing $7 billion in U.S.funds", "freezing $7 billion in U.S. funds"),
        ("bases for U.S.Counter terrorism operations", "bases for U.S. Counter terrorism operations"),
        ("On February 24,2022,the day", "On February 24, 2022, the day"),
        ("in 2022.The talks", "in 2022. The talks"),
        ("USA.The talks and NATO.Pakistan", "USA. The talks and NATO. Pakistan"),
        ("see www.State.Gov now", "see www.State.Gov now"),
        ("policy.NATO said", "policy. NATO said"),
        ("e.g.the army", "e.g. the army"),
        ("aid;military sales", "aid; military sales"),
    ],
)
def test_missing_space_is_restored(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "7,000 troops and 1,000,000 rupees",
        "growth of 7.5 percent and 0.25",
        "U.S. policy, e.g. aid, i.e. money, Washington D.C. and U.S.-Pakistan ties",
        "see history.state.gov and journal.ciss.org.pk and www.x.com",
        "read chapters/1953-1960.xml today",
        "https://Example.com/Foo.Bar,Baz and www.State.Gov/Press.Release",
        "mail John.Smith@State.Gov now",
        "U.S.A. and the U.K.",
    ],
)
def test_periods_that_are_not_punctuation_are_left_alone(kept: str) -> None:
    assert normalize_text(kept) == kept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pakistan’s ‘army’ said “no”", "Pakistan's 'army' said \"no\""),
        ("from 1990–2001 and 1990—2001", "from 1990-2001 and 1990-2001"),
        ("U.S.–Pakistan ties", "U.S.-Pakistan ties"),
        ("the war—then peace", "the war - then peace"),
        ("the war — then peace", "the war - then peace"),
        ("−5 degrees and non‑state actors", "-5 degrees and non-state actors"),
        ("a\u00a0b\u2009c\u3000d\te", "a b c d e"),
        ("coun\u00adtry\u200b", "country"),
        ("ﬁnal ﬂow", "final flow"),
        ("a    b", "a b"),
        ("  line one  \r\nline two\rline three  ", "line one\nline two\nline three"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("# Heading\n\nBody text", "# Heading\n\nBody text"),
        ("e\u0301t\u00e9", "\u00e9t\u00e9"),
    ],
)
def test_characters_and_whitespace(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the coun-\ntry is", "the country is"),
        ("a counter-\nterrorism pact", "a counterterrorism pact"),
        ("the Pakistan-\nbased group", "the Pakistan-based group"),
        ("in self-\ndefense", "in self-defense"),
        ("a well-\nknown fact", "a well-known fact"),
        ("the years 1990-\n2001", "the years 1990-\n2001"),
        ("item -\nnext", "item -\nnext"),
        ("End-\nThe next line", "End-\nThe next line"),
        ("a-\nb-\nc", "abc"),
    ],
)
def test_words_hyphenated_across_lines_are_joined(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_control_characters_are_removed_and_newlines_kept() -> None:
    assert normalize_text("a\x00b\x07c\x1b\x7f\x9dd\x0ce") == "abcd\ne"


_CHARS = "aAzZ09 .,;:-/@#\n\r\t\u00a0\u00ad\u2013\u2014\u2019\u201c\u0301\ufb01\u2028"
_PIECES = ["U.S.", "www.", "://", "e.g.", "-\n", ", ", "2022", "1,000", "\u0065\u0301"]
_INTERESTING = st.sampled_from([*_CHARS, *_PIECES])
_TEXT = st.one_of(st.text(), st.lists(_INTERESTING | st.text(max_size=3)).map("".join))


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_normalize_is_idempotent_and_total(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "  " not in once and "\n\n\n" not in once
    assert once == once.strip(" \n")
