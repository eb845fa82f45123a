"""The examiner's mark out of 20, the strengths, narration outside the question's frame, and wrong years named
with their source, on pairs other than Pakistan–US (short histories and answers written for these tests)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rich.console import Console

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.review import Review


def unwrap(text: str) -> str:
    """A text written wrapped here, as it is typed: one line a paragraph."""
    return re.sub(r"(?<=\S)\n(?=\S)", " ", text)


GREECE_TURKEY = unwrap(
    """# Greece–Turkey relations

## 1923–1954: From war to alliance

The Treaty of Lausanne, signed on 24 July 1923, ended the war between Greece and Turkey and provided for the
exchange of their minorities. In October 1930 Prime Minister Eleftherios Venizelos visited Ankara and signed a
treaty of friendship with Turkey. In February 1952 Greece and Turkey joined NATO on the same day.

## 1955–1998: Cyprus and the Aegean

In September 1955 a mob attacked the Greek community of Istanbul. In 1959 Greece and Turkey signed the Zurich
agreement with Britain on the independence of Cyprus. In 1964 Turkey threatened to invade Cyprus after fighting
between the island's communities, and Greece sent troops to the island. On 20 July 1974 Turkey invaded Cyprus after
a coup backed by the military government in Athens. In August 1974 Greece withdrew its forces from NATO's military
command in protest. In 1976 a Turkish survey ship explored the disputed shelf of the Aegean and Greece took the case
to the International Court of Justice. In March 1987 Greece and Turkey came close to war over oil exploration in the
Aegean Sea. In May 1988 Prime Minister Turgut Ozal visited Athens, the first such visit in thirty-six years. In
January 1996 Greece and Turkey nearly went to war over the Imia islets in the Aegean. In 1998 Turkey threatened to
strike Russian missiles that Cyprus had bought, and Greece agreed to station them in Crete.

## 1999–2010: Earthquake diplomacy

In August 1999 Greece sent rescue teams to Turkey after an earthquake struck Izmit, and Turkey sent rescuers to
Athens after an earthquake there in September 1999. In December 1999 Greece lifted its veto and the European Union
accepted Turkey as a candidate at the Helsinki summit. In April 2004 the Greek Cypriots rejected the Annan Plan
for the reunification of Cyprus in a referendum. In October 2005 Turkey opened accession talks with the European
Union. In May 2010 Prime Minister Recep Tayyip Erdogan visited Athens, and Greece and Turkey set up a High-Level
Cooperation Council.

## 2016–2023: Crisis and a new thaw

In 2016 Turkey accused Greece of sheltering eight officers who fled after the failed coup, and in March 2020 Turkey
opened its border for migrants to cross into Greece. In August 2020 the Turkish survey ship Oruc Reis sailed with
naval escorts into waters claimed by Greece, and a Greek frigate collided with a Turkish frigate. In February 2023
Greece sent rescue teams and aid to Turkey after a severe earthquake. In December 2023 Prime Minister Kyriakos
Mitsotakis and President Erdogan signed the Athens Declaration on friendly relations between Greece and Turkey.
"""
)

CHINA_INDIA = unwrap(
    """# China–India relations

## 1949–1962

India recognised the People's Republic of China in December 1949. On 29 April 1954 India and China signed the
Panchsheel Agreement on trade with Tibet, which set out the five principles of peaceful coexistence. In March 1959
the Dalai Lama fled to India, and China protested against the asylum India gave him. On 20 October 1962 China
attacked Indian positions in the Himalayas, and the war ended with a Chinese ceasefire on 21 November 1962.

## 1988–2020

In December 1988 Prime Minister Rajiv Gandhi visited Beijing, the first visit by an Indian prime minister in
thirty-four years. In 1993 India and China signed an agreement on peace and tranquillity along the Line of Actual
Control. In June 2017 Chinese and Indian troops faced off at Doklam. On 15 June 2020 Indian and Chinese soldiers
clashed in the Galwan valley, and twenty Indian soldiers were killed.
"""
)

QUESTION = (
    "Critically evaluate Greece–Turkey relations since 1999 in the context of the European Union and the Aegean "
    "dispute."
)

GOOD = unwrap(
    """Introduction

Greece–Turkey relations since 1999 have moved between détente and crisis. The thaw that began with the earthquakes
of 1999 rested on a shared interest in Turkey's path to the European Union, and therefore weakened whenever that
path stalled. My argument is that the European Union made rapprochement possible but could not settle the Aegean
dispute, so the relationship remains a managed rivalry rather than a partnership.

Earthquake diplomacy and the European Union (1999–2004)

The turning point came in August 1999, when Greece sent rescue teams to Turkey after the Izmit earthquake, and
Turkey returned the help after the Athens earthquake in September 1999. This mattered because it gave both
governments public support for a change of course. In December 1999 Greece lifted its veto at the Helsinki summit
and the European Union accepted Turkey as a candidate. Athens thus tied Turkey's European ambitions to restraint in
the Aegean, which explains why the dialogue of the two foreign ministers produced a series of small agreements.

The limits of détente

However, the détente did not resolve the core disputes. The Greek Cypriots rejected the Annan Plan in April 2004,
and Turkey's accession talks with the European Union, opened in October 2005, slowed soon afterwards. As a result,
the European anchor lost its pull. In May 2010 Recep Tayyip Erdogan visited Athens and the two governments created
a High-Level Cooperation Council, but the council could not address sovereignty in the Aegean.

The Aegean dispute returns (2016–2020)

The Aegean dispute shows the limits most clearly. In March 2020 Turkey opened its border for migrants to cross into
Greece, and in August 2020 the survey ship Oruc Reis sailed with naval escorts into waters claimed by Greece, which
led to a collision between Greek and Turkish frigates. This shows that without a European incentive, Ankara saw
little cost in pressing its claims.

A renewed thaw (2023)

Paradoxically, disaster again opened the door. Greece sent rescue teams after the February 2023 earthquake in
Turkey, and in December 2023 Kyriakos Mitsotakis and Erdogan signed the Athens Declaration on friendly relations.
Yet the declaration set the continental shelf aside, which suggests that both sides chose calm over settlement.

Conclusion

Since 1999 the European Union has made Greece–Turkey rapprochement possible, but the Aegean dispute has limited it.
On balance the relationship is a managed rivalry: it improves when both sides see a European or humanitarian gain,
and it will remain fragile until the Aegean dispute is settled.
"""
)

WEAK = unwrap(
    """Introduction

Greece and Turkey are old enemies. Turkey has always been aggressive and Greece has always been a victim. Everyone
knows that they can never be friends.

Historical Background

The Treaty of Lausanne was signed in 1923 and ended the war between the two countries. Then in 1930 Venizelos
visited Ankara and signed a friendship treaty with Turkey. Then Greece and Turkey joined NATO in 1952. Then in 1955
there was a riot in Istanbul against the Greeks. Then in 1974 Turkey invaded Cyprus after a coup in Athens.

Cyprus Issue

The Cyprus issue is the mother of all problems between the two nations. Turkey invaded the island and still
occupies the north of it. It is a big injustice and the whole world should condemn it.

Earthquakes

There were earthquakes in both countries and the two peoples helped each other like brothers. In 2004 Greece lifted
its veto and the European Union made Turkey a candidate at the Helsinki summit.

Football Rivalry

Football matches between Greek and Turkish clubs are full of passion, and fans of Olympiacos and Galatasaray sing
songs and wave flags in crowded stadiums every season.

Conclusion

Greece and Turkey should live in peace like brothers. War is not good for anyone and peace is the only way forward.
"""
)

SHORT_BACKGROUND = unwrap(
    """Background

The Treaty of Lausanne of 1923 ended the war between the two states, and the invasion of Cyprus in 1974 divided them
for decades.

"""
)

LONG_BACKGROUND = unwrap(
    """Cold War Rivalry

Greece and Turkey joined NATO in February 1952 as allies. In September 1955 a mob attacked the Greek community of
Istanbul. In July 1974 Turkey invaded Cyprus after a coup in Athens. In March 1987 the two came close to war over
oil exploration in the Aegean Sea.

"""
)

COMPARE = "Compare Greece's relations with Turkey and with Bulgaria since 1999."
TWO_ACCOUNTS = unwrap(
    """Introduction

Greece has two neighbours to the north and east. In this answer I will first describe Greece–Turkey relations and
then Greece–Bulgaria relations.

Greece–Turkey relations

In August 1999 Greece sent rescue teams to Turkey after the Izmit earthquake. In December 1999 Greece lifted its
veto at the Helsinki summit. In March 2020 Turkey opened its border for migrants to cross into Greece. In December
2023 Kyriakos Mitsotakis and Erdogan signed the Athens Declaration.

Greece–Bulgaria relations

Bulgaria joined NATO in 2004 and the European Union in 2007. Greek companies invested in Bulgarian banks in the
2000s. In 2016 the two countries agreed to build a gas pipeline between Komotini and Stara Zagora.

Conclusion

Greece has relations with both countries. Both are its neighbours.
"""
)

LATE_QUESTION = "Discuss Greece–Turkey relations since 2016 with reference to the Aegean dispute."
AEGEAN_ONLY = unwrap(
    """Introduction

Greece–Turkey relations since 2016 have turned on the Aegean dispute, because each crisis at sea undid the
diplomacy that came before it.

The Aegean dispute

In August 2020 the survey ship Oruc Reis sailed with naval escorts into waters claimed by Greece. This shows that the
dispute over the sea is the core of the rivalry.

Conclusion

On balance the Aegean dispute still decides the relationship.
"""
)

FACTS_QUESTION = "Examine China–India relations with reference to Tibet."
FACTS = unwrap(
    """Introduction

Tibet has shaped China–India relations since 1949. My argument is that the question of Tibet, more than the border
itself, set the limits of the relationship.

Tibet and coexistence

In 1958 the Panchsheel Agreement was signed. In March 1959 the Dalai Lama fled to India, and China protested
against the asylum India gave him. This shows that Tibet turned coexistence into suspicion.

The border

In 2017 Indian and Chinese soldiers clashed in the Galwan valley, and twenty Indian soldiers were killed. In June
2017 Chinese and Indian troops faced off at Doklam.

Conclusion

Tibet therefore remains the root of China–India mistrust.
"""
)

GREEK_FACTS = unwrap(
    """Introduction

Greece–Turkey relations since 1999 have been unstable, because crises in the Aegean follow every thaw.

Crises

Turkey opened its border to let migrants cross into Greece in 2015. In August 2020 the Turkish survey ship Oruc
Reis sailed with naval escorts into waters claimed by Greece. This shows that the Aegean dispute is still open.

Conclusion

On balance, the relationship is a managed rivalry.
"""
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    folder = tmp_path_factory.mktemp("histories")
    (folder / "greece-turkey.md").write_text(GREECE_TURKEY, encoding="utf-8")
    (folder / "china-india.md").write_text(CHINA_INDIA, encoding="utf-8")
    with dyadscope.open(folder / "kb.db") as opened:
        opened.ingest([folder / "greece-turkey.md", folder / "china-india.md"])
        yield opened


@pytest.fixture(scope="module")
def good(kb: KnowledgeBase) -> Review:
    return kb.review(GOOD, question=QUESTION)


@pytest.fixture(scope="module")
def weak(kb: KnowledgeBase) -> Review:
    return kb.review(WEAK, question=QUESTION)


def criterion(review: Review, name: str) -> float:
    assert review.mark is not None
    return next(c.score for c in review.mark.criteria if c.name == name)


def test_the_rubric_is_a_data_file_that_adds_up_to_20() -> None:
    from dyadscope.data import data_path

    rubric = yaml.safe_load(data_path("rubric.yaml").read_text(encoding="utf-8"))
    assert "FPSC" in rubric["source"]
    maxima = {c["name"]: c["out_of"] for c in rubric["criteria"]}
    assert maxima == {"relevance": 4, "structure": 3, "evidence": 4, "analysis": 4, "coverage": 3, "language": 2}
    assert rubric["out_of"] == sum(maxima.values()) == 20
    assert all(c["descriptors"] for c in rubric["criteria"])


def test_a_mark_out_of_20_with_the_criteria_behind_it(good: Review) -> None:
    mark = good.mark
    assert mark is not None and mark.out_of == 20
    assert [c.name for c in mark.criteria] == ["relevance", "structure", "evidence", "analysis", "coverage", "language"]
    assert [c.out_of for c in mark.criteria] == [4, 3, 4, 4, 3, 2]
    assert mark.score == sum(c.score for c in mark.criteria)
    assert all(0 <= c.score <= c.out_of and (2 * c.score).is_integer() and c.why for c in mark.criteria)
    data = good.to_dict()
    assert data["mark"]["score"] == mark.score and data["mark"]["out_of"] == 20
    assert set(data["mark"]["criteria"][0]) == {"name", "score", "out_of", "why"}
    assert data["strengths"] == good.strengths and good.strengths


def test_a_good_answer_outscores_a_weak_one_by_at_least_4(good: Review, weak: Review) -> None:
    assert good.mark is not None and weak.mark is not None
    assert good.mark.score >= 13 and weak.mark.score <= 9
    assert good.mark.score >= weak.mark.score + 4
    for name in ("relevance", "evidence", "analysis", "structure"):
        assert criterion(good, name) > criterion(weak, name), name


def test_strengths_say_concretely_what_the_answer_does_well(good: Review, weak: Review) -> None:
    said = " ".join(good.strengths).lower()
    assert "thesis" in said and "dated" in said and "european union" in said
    assert len(weak.strengths) < len(good.strengths)


def test_narration_before_the_frame_is_flagged_and_costs_relevance(good: Review, weak: Review) -> None:
    (off,) = [f for f in weak.of_kind("relevance") if "narrates" in f.message]
    assert off.location is not None and off.location.heading == "Historical Background"
    assert "1923–1974" in off.message and "1999" in off.message and "since 1999" in off.message
    assert "keep one short background paragraph" in off.message
    assert not [f for f in good.of_kind("relevance") if "narrates" in f.message]
    relevance = next(c for c in weak.mark.criteria if c.name == "relevance") if weak.mark else None
    assert relevance is not None and "1999" in relevance.why and relevance.score <= 2


def test_one_short_background_paragraph_is_allowed_but_not_more(kb: KnowledgeBase, good: Review) -> None:
    body = GOOD.split("Earthquake diplomacy", 1)
    allowed = kb.review(body[0] + SHORT_BACKGROUND + "Earthquake diplomacy" + body[1], question=QUESTION)
    assert not [f for f in allowed.of_kind("relevance") if "narrates" in f.message]
    assert criterion(allowed, "relevance") == criterion(good, "relevance")
    longer = kb.review(
        body[0] + SHORT_BACKGROUND + LONG_BACKGROUND + "Earthquake diplomacy" + body[1], question=QUESTION
    )
    (off,) = [f for f in longer.of_kind("relevance") if "narrates" in f.message]
    assert off.location is not None and off.location.heading == "Cold War Rivalry" and "1952–1987" in off.message
    assert criterion(longer, "relevance") < criterion(good, "relevance")


def test_coverage_suggestions_stay_inside_the_frame(kb: KnowledgeBase, weak: Review) -> None:
    for review, first in ((weak, 1999), (kb.review(AEGEAN_ONLY, question=LATE_QUESTION), 2016)):
        (coverage,) = review.of_kind("coverage")
        years = [int(s[:4]) for s in coverage.suggestions]
        assert years and all(year >= first for year in years), coverage.suggestions
        assert len(set(coverage.suggestions)) == len(coverage.suggestions)
        assert len({c.text for c in coverage.citations}) == len(coverage.citations)


def test_a_wrong_year_is_named_with_the_right_year_and_its_source(kb: KnowledgeBase, weak: Review) -> None:
    (wrong,) = [f for f in weak.of_kind("consistency") if "Helsinki" in f.message]
    assert "1999, not 2004" in wrong.message and wrong.citations
    assert Path(wrong.citations[0].doc).name == "greece-turkey.md" and "1999" in wrong.citations[0].text
    facts = kb.review(FACTS, question=FACTS_QUESTION)
    found = {f.message.split("”")[0].lstrip("“"): f for f in facts.of_kind("consistency")}
    assert "1954, not 1958" in found["In 1958 the Panchsheel Agreement was signed."].message  # no actor named
    galwan = found[
        "In 2017 Indian and Chinese soldiers clashed in the Galwan valley, and twenty Indian soldiers were killed."
    ]
    assert "2020, not 2017" in galwan.message and Path(galwan.citations[0].doc).name == "china-india.md"
    assert len(found) == 2  # the Dalai Lama's flight and Doklam are told as the documents tell them
    # a document sentence with two years: the year of the clause that tells the claim's happening
    greek = kb.review(GREEK_FACTS, question=QUESTION)
    (border,) = greek.of_kind("consistency")
    assert "2020, not 2015" in border.message


def test_a_missed_crux_is_named(good: Review, weak: Review) -> None:
    missed = [f for f in weak.of_kind("relevance") if "Aegean dispute" in f.message and "never" in f.message]
    assert len(missed) == 1
    assert not [f for f in good.of_kind("relevance") if "never" in f.message]
    assert criterion(weak, "relevance") <= 2


def test_an_outline_that_does_not_follow_the_directive(kb: KnowledgeBase) -> None:
    review = kb.review(TWO_ACCOUNTS, question=COMPARE)
    (mismatch,) = [f for f in review.of_kind("structure") if "compare" in f.message.lower()]
    assert mismatch.location is not None and mismatch.location.heading == "Introduction"
    assert criterion(review, "structure") <= 1


def test_narration_without_analysis_is_flagged_and_costs_analysis(good: Review, weak: Review) -> None:
    narration = [f for f in weak.findings if "without" in f.message and "Then" in f.message]
    assert narration and narration[0].location and narration[0].location.heading == "Historical Background"
    assert criterion(weak, "analysis") <= 1 and criterion(good, "analysis") >= 3
    assert not [f for f in good.findings if "Then" in f.message]


def test_the_renderings_show_the_mark_and_the_strengths(good: Review) -> None:
    from dyadscope.review.render import to_html, to_markdown, to_rich

    assert good.mark is not None
    total = f"{good.mark.score:g}/20"
    md = to_markdown(good)
    assert f"Mark: {total}" in md and "## Strengths" in md
    assert all(re.search(rf"\| {c.name} \| {c.score:g}/{c.out_of:g} \|", md) for c in good.mark.criteria)
    assert all(s in md for s in good.strengths)
    page = to_html(good)
    assert total in page and "Strengths" in page and html.escape(good.strengths[0]) in page
    console = Console(record=True, width=120)
    console.print(to_rich(good))
    text = console.export_text()
    assert total in text and "relevance" in text and "Strengths" in text
