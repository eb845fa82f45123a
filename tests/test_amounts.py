"""Sums of money read from prose (nlp/amounts.py), and the review's wrong-amount rule on a made-up dyad."""

from __future__ import annotations

from pathlib import Path

import pytest

import dyadscope
from dyadscope.nlp.amounts import close, find_amounts, money, same_currency

BILLION, MILLION = 1e9, 1e6


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("aid of $400 million", 400 * MILLION, "USD"),
        ("up to $1,500,000,000 for aid", 1.5 * BILLION, "USD"),
        ("a grant of Rs 50 billion", 50 * BILLION, "RS"),
        ("Rs.50 crore", 500 * MILLION, "RS"),
        ("1.5 billion dollars", 1.5 * BILLION, "USD"),
        ("2 million US dollars", 2 * MILLION, "USD"),
        ("US$ 3 bn", 3 * BILLION, "USD"),
        ("U.S. $3 billion", 3 * BILLION, "USD"),
        ("€2m", 2 * MILLION, "EUR"),
        ("£2.5 million", 2.5 * MILLION, "GBP"),
        ("₹10 lakh", 1e6, "INR"),
        ("USD 400 million", 400 * MILLION, "USD"),
        ("3 billion USD", 3 * BILLION, "USD"),
        ("PKR 700 billion", 700 * BILLION, "PKR"),
        ("50 billion Pakistani rupees", 50 * BILLION, "PKR"),
        ("20 billion yuan", 20 * BILLION, "CNY"),
        ("$3.2 Billion", 3.2 * BILLION, "USD"),
        ("$5k", 5e3, "USD"),
        ("$2,500", 2500, "USD"),
    ],
)
def test_formats_normalise_to_value_and_currency(text: str, value: float, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert amount.value == pytest.approx(value) and amount.currency == currency


@pytest.mark.parametrize(
    "text",
    [
        "In 1990 the aid stopped.",
        "Congress amended section 2375 of title 22.",
        "Pakistan has more than 240 million people.",
        "India's 1.4 billion citizens",
        "Growth was 5 percent in 2004 and 3.2% in 2005.",
        "It has 1,500,000 soldiers and 12 divisions.",
        "F-16 jets and the 1st Armoured Division",
    ],
)
def test_numbers_that_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "years"),
    [
        ("The act authorised $1.5 billion in total.", "total", None),
        ("It gave a total of $2 billion.", "total", None),
        ("It gave $2 billion altogether.", "total", None),
        ("which authorised $7.5 billion in civilian aid to Pakistan over five years.", "total", 5),
        ("a five-year aid package of $3 billion", "total", 5),
        ("$3 billion spread over a period of 5 years", "total", 5),
        ("$10 billion over a decade", "total", 10),
        ("$1.5 billion a year", "rate", None),
        ("$1.5 billion per year for five years", "rate", 5),
        ("Rs 40 billion annually", "rate", None),
        ("annual aid of $600 million", "rate", None),
        ("up to $1,500,000,000 for each of the fiscal years 2010 through 2014.", "rate", 5),
        ("It approved $450 million for the fleet.", None, None),
    ],
)
def test_kind_total_or_rate(text: str, kind: str | None, years: int | None) -> None:
    (amount,) = find_amounts(text)
    assert (amount.kind, amount.years) == (kind, years)


def test_several_sums_each_with_its_own_kind() -> None:
    total, rate = find_amounts("$7.5 billion in civilian aid over five years ($1.5 billion a year), and more.")
    assert (total.kind, total.years, rate.kind) == ("total", 5, "rate")
    assert dict(total.readings())["rate"] == pytest.approx(1.5 * BILLION)  # a total over years is also a rate
    assert total.describe() == "$7.5 billion over five years" and rate.describe() == "$1.5 billion a year"


def test_limits_and_estimates_are_marked() -> None:
    assert [a.bound for a in find_amounts("more than $15 billion, up to $2 million, about €5m and $3 billion")] == [
        True,
        True,
        True,
        False,
    ]


def test_rounding_currency_and_display() -> None:
    assert close(1.5 * BILLION, 1.48 * BILLION) and not close(1.5 * BILLION, 1.3 * BILLION)
    assert same_currency("RS", "PKR") and not same_currency("USD", "EUR")
    assert money(7.5 * BILLION, "USD") == "$7.5 billion" and money(2500, "EUR") == "€2,500"


def test_a_wrong_total_is_named_for_any_dyad(tmp_path: Path) -> None:
    """Ghana and Japan, not in any shipped document: the rule is about sums, not one sentence."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ghana-japan.md").write_text(
        "# Ghana and Japan\n\n"
        "In March 2012 Japan and Ghana signed the Takoradi Harbour Agreement, under which Japan lent Ghana "
        "$600 million for the harbour over three years. In May 2014 Ghana and Japan opened a joint rice "
        "research centre in Tamale.\n\n"
        "In June 2018 Japan funded the Volta Bridge Project in Ghana "
        "with a grant of $120 million.\n",
        encoding="utf-8",
    )
    (docs / "bridge.md").write_text(
        "# The Volta bridge\n\nIn June 2018 Japan funded the Volta Bridge Project in Ghana with a grant of $130 "
        "million, according to the Ghanaian press.\n",
        encoding="utf-8",
    )
    answer = (
        "Discuss relations between Ghana and Japan.\n\n## Introduction\n\nGhana and Japan are partners.\n\n"
        "## Loans\n\nUnder the Takoradi Harbour Agreement of 2012 Japan lent Ghana $200 million in total.\n\n"
        "## Grants\n\nIn June 2018 Japan funded the Volta Bridge Project in Ghana with a grant of $130 million.\n\n"
        "## Conclusion\n\nThe two are close.\n"
    )
    with dyadscope.open(tmp_path / "kb.db") as small:
        small.ingest([docs])
        review = small.review(answer)
    (finding,) = review.of_kind("consistency")  # the bridge grant follows one of two sources: not flagged
    assert "Takoradi" in finding.message
    assert "$600 million over three years, not $200 million in total" in finding.message
    assert "$200 million is the yearly figure" in finding.message
    assert finding.citations and Path(finding.citations[0].doc).name == "ghana-japan.md"
    assert "lent Ghana $600 million" in finding.citations[0].text


def test_counts_of_people_and_things_in_figures_and_words() -> None:
    """What `review` compares besides money: a number and the plural noun it counts within three words, never a
    year, a sum, a span of time, a reference ("the two countries") or a name ("Resolution 242", "F-16")."""
    from dyadscope.nlp.counts import find_counts

    text = (
        "In March 2018 Britain expelled twenty-three Russian diplomats; NATO aircraft attacked two Pakistani border "
        "posts, killing 24 soldiers and about 1,200 people. The two countries spent $3 billion over five years on "
        "Resolution 242 talks, F-16 deliveries and some twenty-eight F-16 aircraft, and 100 men."
    )
    found = [(c.value, c.noun, c.bound) for c in find_counts(text)]
    assert found == [
        (23, "diplomat", False),
        (2, "post", False),
        (24, "soldier", False),
        (1200, "people", True),
        (28, "aircraft", True),
        (100, "man", False),
    ]
    assert find_counts("India conducted five nuclear tests.")[0].describe() == "five nuclear tests (5)"
