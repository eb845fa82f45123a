"""Exam notes that argue: a thesis, arguments headed by claims in the question's terms, examples from the frame
told in the note's own words and checked against their citations, the other side, a way forward and a verdict.

The stores are short histories written for these tests (Greece–Turkey, China–India), never Pakistan–US.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.ask.examples import Example
from dyadscope.pipeline import Pipeline

GREECE_TURKEY = """# Greece and Turkey

## Before 1996

In July 1974 Turkey invaded Cyprus after a coup backed by the Greek junta, and Greece withdrew its forces from the \
military wing of NATO in protest. In March 1987 Greece and Turkey came close to war over oil exploration in the \
Aegean Sea, and Prime Minister Andreas Papandreou put the Greek armed forces on alert. In January 1988 the Turkish \
prime minister Turgut Özal met Papandreou at Davos, and the two leaders agreed to set up a hotline.

## The Aegean dispute since 1996

In January 1996 Greece and Turkey nearly went to war over the Imia islets in the Aegean, and Turkish commandos landed \
on one of the rocks. In July 1997 Greece and Turkey signed the Madrid declaration, which committed both governments to \
peaceful relations in the Aegean. In August 1999 Greece sent rescue teams and relief supplies to Turkey after the \
Izmit earthquake. In December 1999 Greece lifted its veto on Turkey's candidacy for membership of the European Union \
at the Helsinki summit. In March 2002 Greece and Turkey began exploratory talks on the Aegean continental shelf. In \
May 2006 a Greek and a Turkish fighter jet collided over the Aegean during a mock dogfight, and Greece protested the \
violation of its airspace. In December 2017 President Recep Tayyip Erdoğan visited Athens, where he called for a \
revision of the Treaty of Lausanne. In March 2018 Turkey arrested two Greek soldiers who had crossed the land border, \
and Greece condemned the detention. In August 2020 Turkey sent the survey ship Oruç Reis into waters claimed by \
Greece in the Aegean, and Greece put its navy on alert. In February 2023 Greece sent rescue teams and aid to Turkey \
after the earthquake in the south of the country. In December 2023 Greece and Turkey signed the Athens declaration \
on friendly relations, and the two governments agreed to keep channels of dialogue open on the Aegean.

## Press and other material

Did Turkey threaten Greece with war over the Aegean in 2022? In 2019 Nikos Dendias served as Greek foreign minister \
and met his Turkish counterpart in Ankara. In 2021 Greece blocked arms sales to Turkey, as defined in section 2375 \
of the Arms Export Control Act.
"""

CHINA_INDIA = """# China and India

## Before 1988

In October 1962 China attacked Indian positions in the Himalayas and defeated the Indian army in a short border war. \
In September 1967 Chinese and Indian troops clashed at Nathu La on the Sikkim border. In 1976 India and China \
restored relations at the level of ambassadors.

## Since 1988

In December 1988 Prime Minister Rajiv Gandhi visited Beijing, and the two governments agreed to set up a joint \
working group on the boundary question. In September 1993 India and China signed an agreement on maintaining peace \
and tranquillity along the Line of Actual Control. In November 1996 China and India signed an agreement on \
confidence-building measures in the military field along the border. In May 1998 China condemned India's nuclear \
tests after Indian leaders cited China as a threat. In June 2003 Prime Minister Atal Bihari Vajpayee visited \
Beijing, and the two governments appointed special representatives to negotiate the boundary. In April 2005 China \
and India signed an agreement on the political parameters for settling the boundary question. In July 2006 India and \
China reopened the Nathu La pass to border trade. In April 2013 Chinese troops pitched tents in the Depsang plains, \
and India protested the incursion. In June 2017 Indian troops blocked Chinese road construction on the Doklam \
plateau, and China accused India of trespassing. In April 2018 Prime Minister Narendra Modi met President Xi Jinping \
at Wuhan for an informal summit. In June 2020 Chinese and Indian soldiers clashed in the Galwan valley, and twenty \
Indian soldiers were killed. In June 2020 India banned dozens of Chinese mobile applications, including TikTok. In \
October 2024 India and China agreed on patrolling arrangements along the Line of Actual Control.
"""
AEGEAN = "Critically evaluate Greece–Turkey relations since 1996 vis-à-vis the Aegean dispute"
NOT_EVIDENCE = ("Did Turkey threaten", "served as Greek foreign minister", "as defined in section 2375")


def _store(folder: Path, name: str, text: str) -> KnowledgeBase:
    return _store_all(folder, {name: text})


def _store_all(folder: Path, files: dict[str, str]) -> KnowledgeBase:
    """A store of these documents (file name → text), opened; the caller closes it."""
    docs = folder / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    kb = dyadscope.open(folder / "kb.db")
    kb.ingest([docs])
    return kb


@pytest.fixture(scope="module")
def greece_turkey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    kb = _store(tmp_path_factory.mktemp("grc-tur"), "greece-turkey.md", GREECE_TURKEY)
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def china_india(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    kb = _store(tmp_path_factory.mktemp("chn-ind"), "china-india.md", CHINA_INDIA)
    yield kb
    kb.close()


def _inside(start: date, points: list[date]) -> float:
    return sum(d >= start for d in points) / len(points)


def test_a_critical_evaluation_argues_the_variable_inside_the_frame(greece_turkey: KnowledgeBase) -> None:
    note = greece_turkey.note(AEGEAN)
    kinds = [s.kind for s in note.sections]
    assert kinds[0] == "introduction" and kinds[-1] == "conclusion"
    assert {"background", "argument", "counter", "challenges"} <= set(kinds)
    arguments = [s for s in note.sections if s.kind == "argument"]
    assert any("Aegean dispute" in s.heading for s in arguments)  # the question's variable heads an argument
    assert all(" " in s.heading and not s.heading.startswith(("Phase", "Rise", "Fall")) for s in arguments)
    examples = [p.date.start for p in note.examples if p.date is not None]
    assert len(examples) >= 6 and _inside(date(1996, 1, 1), examples) >= 0.6
    background = next(s for s in note.sections if s.kind == "background")
    assert len(background.points) <= 3  # one short paragraph of what came before
    assert all(p.date.end < date(1996, 1, 1) for p in background.points if p.date is not None)
    assert note.sections[0].points[0].text.startswith("Since 1996, relations between Greece and Turkey were")
    assert next(s for s in note.sections if s.kind == "counter").heading.startswith("The other side:")
    assert note.sections[-1].points[0].text.startswith("Verdict: since 1996")
    assert all(p.citations for s in note.sections for p in s.points)


def test_examples_are_the_notes_own_sentences_supported_by_their_citations(greece_turkey: KnowledgeBase) -> None:
    from dyadscope.ask.examples import supports

    note = greece_turkey.note(AEGEAN)
    assert note.rendered and [x.text for x in note.rendered] == [p.text for p in note.examples]
    for example in note.rendered:
        assert supports(example), example.text
        assert example.text != example.citation.text  # never the evidence pasted
        assert re.match(r"(In|On|Between) ", example.text) and str(example.date.start.year) in example.text
    every = list(greece_turkey.events(dyad="GRC-TUR"))  # every event, not one a sentence
    told = {x.text for x in note.rendered}
    assert "In March 2018 Turkey arrested two Greek soldiers who had crossed the land border." in told | {
        x.text for x in _all_examples(every)
    }
    survey = next(x for x in _all_examples(every) if "Oruç Reis" in x.text)
    assert survey.text.startswith("In August 2020 Turkey sent the survey ship Oruç Reis")
    assert not supports(replace(survey, text=survey.text.replace("2020", "2019")))  # another date
    assert not supports(replace(survey, text=survey.text.replace("Turkey sent", "Greece sent")))  # another actor
    assert not supports(replace(survey, text=survey.text.replace("sent", "withdrew")))  # another action


def _all_examples(events: list[dyadscope.models.Event]) -> list[Example]:
    """Every event the note could tell, as the note would tell it (the states' names read off their sentences)."""
    from dyadscope.ask.examples import render
    from dyadscope.ask.states import names_for

    codes = sorted({c for e in events for c in (*e.source, *e.target)})
    display = names_for(codes, [e.evidence.text for e in events])
    return [x for e in events if (x := render(e, display)) is not None]


def test_reporters_questions_biographies_and_cross_references_are_not_evidence(greece_turkey: KnowledgeBase) -> None:
    from dyadscope.ask.examples import is_evidence

    assert not is_evidence("Did the United States impose sanctions on Pakistan in 1998?")
    assert not is_evidence("Anne Patterson was U.S. Ambassador to Pakistan from 2007 to 2010.")
    assert not is_evidence("From 2011 to 2014 he served as the American ambassador in Islamabad.")
    assert not is_evidence("No assistance shall be furnished to Pakistan, as defined in section 2375 of this title.")
    assert not is_evidence("Copyright 2024 Dawn. All rights reserved.")
    assert is_evidence("Through the 1980s Pakistan served as the conduit for American support to the mujahideen.")
    assert is_evidence("In May 1998 the United States imposed sanctions on Pakistan under the Glenn Amendment.")
    cited = " ".join(c.text for c in greece_turkey.note(AEGEAN).citations())
    assert not any(text in cited for text in NOT_EVIDENCE)


def test_a_trace_question_keeps_a_chronological_spine_inside_its_frame(china_india: KnowledgeBase) -> None:
    note = china_india.note("Trace the evolution of China–India relations from 1988 to 2020.")
    phases = [s for s in note.sections if s.kind == "phase"]
    assert phases and all(s.span is not None and s.span[1] >= date(1988, 1, 1) for s in phases)
    assert [s.span for s in phases] == sorted(s.span for s in phases if s.span is not None)
    assert "counter" not in {s.kind for s in note.sections}
    examples = [p.date.start for p in note.examples if p.date is not None]
    assert examples and _inside(date(1988, 1, 1), examples) >= 0.6 and max(examples) <= date(2020, 12, 31)


def test_a_trace_question_s_introduction_is_headed_in_the_question_s_terms(china_india: KnowledgeBase) -> None:
    """ "Trace the evolution ... since Rajiv Gandhi's visit to Beijing": the spine's introduction was headed "how the
    relationship has fluctuated" whatever the question's frame, so a frame named by a happening or an era ("during
    the Cold War", "since the signing of the 1965 Treaty on Basic Relations") was in no heading. Written before the
    rule, on China–India (the DEV Japan–South Korea question missed its treaty)."""
    note = china_india.note(
        "Trace the evolution of China–India relations since Rajiv Gandhi's visit to Beijing in 1988."
    )
    intro = next(s for s in note.sections if s.kind == "introduction")
    assert "since Rajiv Gandhi's visit to Beijing in 1988" in intro.heading, intro.heading


def test_an_argued_note_s_introduction_names_the_pair_and_the_frame(greece_turkey: KnowledgeBase) -> None:
    """ "Critically evaluate ... under Erdoğan": the introduction was headed "the argument in brief" whatever the
    question, so its frame ("under the Joe Biden Administration", one of the two things the Biden question asks
    about) was in no heading. Written before the rule, on Greece–Turkey."""
    note = greece_turkey.note("Critically evaluate Greece–Turkey relations since 1996.")
    intro = next(s for s in note.sections if s.kind == "introduction")
    assert "since 1996" in intro.heading and "Greece" in intro.heading, intro.heading


def test_an_argument_says_what_its_happenings_turned_on(greece_turkey: KnowledgeBase) -> None:
    """Examiners mark narration down: an argument told its count, its examples and its place in the phases, but
    not what its happenings were about. It now says which issues (and third states) they turned on, counted from
    the events themselves. Written before the rule, on Greece–Turkey. (Asked without a variable until 2026-12-07;
    since the coder no longer reads "nearly went to war" as two attacks nor "the Madrid declaration" as an act on
    Spain, that note's arguments are aid alone and diplomacy with no issue tagged twice, the friction in its other
    side. The Aegean dispute's argument holds happenings of several issues.)"""
    note = greece_turkey.note("Discuss the Aegean dispute in Greece–Turkey relations since 1974.")
    points = [p.text for s in note.sections if s.kind == "argument" for p in s.points]
    turned = [t for t in points if t.startswith("What they turned on:")]
    assert turned, points
    assert all(re.search(r"\(\d+ of \d+\)", t) for t in turned), turned


def test_an_assess_question_gets_an_extent_and_the_other_side(china_india: KnowledgeBase) -> None:
    note = china_india.note("To what extent has the border dispute shaped China–India relations since 1988?")
    assert note.directive == "assess"
    assert any("border dispute" in s.heading.lower() for s in note.sections if s.kind == "argument")
    assert "counter" in {s.kind for s in note.sections}
    verdict = note.sections[-1].points[0].text
    assert re.match(r"To (a large|a considerable|a limited) extent: the border dispute accounts for \d+%", verdict)


def test_a_frame_the_documents_do_not_reach_gives_a_short_note_that_says_so(greece_turkey: KnowledgeBase) -> None:
    note = greece_turkey.note("Critically evaluate Greece–Turkey relations since 2025 vis-à-vis the Aegean dispute")
    assert note.examples == [] and note.sections  # nothing inside the frame to tell, and nothing from outside it
    assert any("add sources" in w for w in note.warnings)
    assert all(p.citations for s in note.sections for p in s.points)


def test_note_exports_keep_their_shape(greece_turkey: KnowledgeBase) -> None:
    note = greece_turkey.note(AEGEAN)
    data = json.loads(note.to_json())
    assert set(data) >= {"question", "dyad", "outline", "sections", "warnings", "directive", "frame"}
    assert data["directive"] == "critically evaluate" and data["frame"] == ["1996-01-01", None]
    assert set(data["sections"][0]) >= {"heading", "kind", "span", "points", "examples"}
    text = note.to_markdown()
    assert "## Outline" in text and "## Sources" in text
    background = text.split("Background before 1996")[2].split("\n## ")[0].strip()
    assert "\n" not in background and not background.startswith("- ")  # one paragraph
    assert "- In " in text.split("## 3.")[1]  # examples are listed under their argument
    page = note.to_html()
    assert page.startswith("<!doctype html>") and page.count("<section") == len(note.sections)


def test_eval_notes_scores_a_pair_with_a_history(tmp_path: Path) -> None:
    from dyadscope.eval.notes import evaluate_notes

    questions = tmp_path / "questions.jsonl"
    frame = {"start": "1996-01-01", "end": None, "phrase": "since 1996"}
    row = {"id": "t-1", "pair": ["GRC", "TUR"], "question": AEGEAN, "directive": "critically evaluate",
           "frame": frame, "variables": ["Aegean dispute"]}  # fmt: skip
    questions.write_text(json.dumps(row) + "\n", encoding="utf-8")
    console = Console(record=True, width=200)
    scores = evaluate_notes(console, path=questions)
    measured = scores["MEASURE"]
    assert measured.notes == 1 and measured.answer_citations == 0 and measured.examples >= 4
    assert measured.supported == measured.examples and measured.in_frame / measured.framed >= 0.6
    assert "MEASURE" in console.export_text()


def test_what_is_not_evidence_on_other_pairs() -> None:
    """The same filter on sentences about other pairs (the test above was written on Pakistan–US sentences)."""
    from dyadscope.ask.examples import is_evidence

    assert not is_evidence("Did Turkey expel the Greek ambassador from Ankara in 1964?")
    assert not is_evidence("Geoffrey Pyatt was U.S. Ambassador to Greece from 2016 to 2022.")
    assert not is_evidence("From 2009 to 2013 she served as the Indian ambassador in Beijing.")
    assert not is_evidence("No license shall be issued for exports to Turkey, as defined in section 38 of this Act.")
    assert is_evidence("Through the 1990s Greece blocked Turkey's customs union with the European Union.")
    assert is_evidence("In June 2020 Chinese and Indian soldiers clashed in the Galwan valley.")


CYPRUS = """# Greece, Turkey and Cyprus

In January 2002 Greece and Turkey began exploratory talks on the Aegean continental shelf. In May 2006 Greece \
protested to Turkey over a violation of its airspace in the Aegean. In March 2004 Greece backed the United Nations \
plan for the reunification of Cyprus. In April 2004 Turkey urged the Turkish Cypriots to vote for the Cyprus \
reunification plan. In July 2017 Turkey rejected a United Nations proposal on the withdrawal of its troops from \
Cyprus at the Crans-Montana talks. In December 2023 Greece and Turkey signed the Athens declaration on friendly \
relations.
"""


def test_a_variable_the_pairs_own_dealings_miss_is_argued_from_each_sides_acts(tmp_path: Path) -> None:
    """A variable no event between the two states argues ("the Cyprus question" in Greek–Turkish relations, where
    the documents tell Greece backing a UN plan and Turkey pressing the Turkish Cypriots) still gets its section,
    from what each of them did about it with others inside the frame, told in the note's words and cited; a
    variable the documents say nothing of gets none, and the warning asks for sources. Written before the rule,
    after the DEV questions' notes left such variables out of their headings."""
    from dyadscope.ask.examples import supports

    kb = _store(tmp_path, "cyprus.md", CYPRUS)
    note = kb.note("To what extent have the Cyprus question and the refugee crisis shaped Greece–Turkey relations "
                   "since 2000?")  # fmt: skip
    (section,) = [s for s in note.sections if "Cyprus question" in s.heading]
    told = [x for x in note.rendered if any(x.citation.text == p.citations[0].text for p in section.points[1:])]
    assert len(told) >= 2 and all(supports(x) for x in told), section
    assert all(x.date.start >= date(2000, 1, 1) and "Cyprus" in x.citation.text for x in told), section
    assert {"GRC", "TUR"} <= {c for x in told for c in x.subject}  # each side's moves
    assert not [s for s in note.sections if "refugee" in s.heading.lower()]
    assert any("refugee crisis" in w for w in note.warnings) and not any("Cyprus" in w for w in note.warnings)


IMIA = """# Greece and Turkey in the 1990s

In January 1996 Greece and Turkey withdrew their forces from the Imia islets under American pressure. In July 1997 \
Greece and Turkey signed the Madrid declaration with American mediation. In August 1999 Greece sent rescue teams to \
Turkey after the Izmit earthquake. In December 1999 Greece lifted its veto on Turkey's candidacy for membership of \
the European Union.
"""


def test_a_note_tells_each_sentence_once(tmp_path: Path) -> None:
    """ "Greece and Turkey withdrew their forces" is one act coded both ways round; a note that told it twice, once
    for each side, would pad its argument with one fact. Written before the rule, on Greece–Turkey, after a DEV note
    did so."""
    kb = _store(tmp_path, "imia.md", IMIA)
    note = kb.note("Discuss Greece–Turkey relations in the 1990s with reference to the role of the United States.")
    told = [(x.citation.doc, x.citation.sentence_id) for x in note.rendered]
    assert told and len(told) == len(set(told)), [x.text for x in note.rendered]


def test_the_thesis_leads_with_the_variable_then_the_theme_of_most_happenings() -> None:
    """The thesis names first the question's variable, then the theme that runs through most happenings: a third
    party in two events (the United States brokering the Imia climb-down) is no chief reason beside trade in seven.
    On Greece–Turkey; the ordering came from a DEV note that led with the two-event theme (this test fails
    without it)."""
    from dyadscope.ask.arguments import Theme
    from dyadscope.ask.claims import Balance
    from dyadscope.ask.note_sections import reasons

    def b(count: int) -> Balance:
        return Balance(3.0 * count, 0.5, 0, 1996, 2023, "GRC", ("support",), count)

    argued = [
        (Theme("the United States factor", "third party", {}), b(2)),
        (Theme("trade and the economy", "issue", {}), b(7)),
        (Theme("Aegean dispute", "variable", {}), b(3)),
    ]
    along, _, _ = reasons(argued, b(12))
    assert along == [
        "the Aegean dispute, as well as trade and the economy and the United States factor, drew the two states "
        "together"
    ]


def test_each_argument_is_weighed_against_the_phases_of_the_index(china_india: KnowledgeBase) -> None:
    """An argument ends by placing its happenings in the phases of the index and saying what they did there: the
    analysis an examiner looks for after the examples. On China–India, whose index reads good in the 2000s and tense
    in 2017–2020: the cooperative arguments fall where relations were good, the other side where they were tense,
    and each sentence names a measured phase as the index gives it and cites happenings inside it. Written before
    the rule."""
    note = china_india.note("Critically evaluate China–India relations since 1988 vis-à-vis the border dispute")
    phases = china_india.analysis("CHN-IND").measured_phases
    named = {f"{p.score:+.1f}": p for p in phases}
    weighed = [s.points[-1] for s in note.sections if s.kind in ("argument", "counter")]
    assert len(weighed) >= 3
    for point in weighed:
        found = re.findall(r"\(([+-]\d+\.\d) on the index\)", point.text)
        assert found and all(score in named for score in found), point.text
        spans = [(named[f].start.year, named[f].end.year) for f in found]
        cited = [c.text for c in point.citations]
        assert cited and all(
            any(a <= int(y) <= b for a, b in spans for y in re.findall(r"\b(?:19|20)\d\d\b", c)) for c in cited
        ), point.text
        if named[found[0]].score < 0 and "together" in point.text:
            raise AssertionError(point.text)
    counter = next(s for s in note.sections if s.kind == "counter").points[-1].text
    assert "2017" in counter and "tense" in counter, counter


def test_an_extent_the_pairs_own_record_cannot_weigh_is_said_so(tmp_path: Path) -> None:
    """When no happening between the two states bears on the variable asked about, the verdict does not answer "to
    no extent" (the documents' silence is not an answer): it says the pair's own record cannot weigh it, and where
    the variable shows instead. On Greece–Turkey and Cyprus; written before the change, after a DEV note answered
    "To no extent the documents show"."""
    kb = _store(tmp_path, "cyprus.md", CYPRUS)
    note = kb.note("To what extent has the Cyprus question shaped Greece–Turkey relations since 2000?")
    verdict = note.sections[-1].points[0].text
    assert not re.search(r"\bno extent\b|\b0%", verdict), verdict
    assert "cannot be weighed" in verdict and "dealings with others" in verdict, verdict


EU_BID = """# Greece, Turkey and Europe

At the European Union's Helsinki summit in December 1999 Greece lifted its objection to granting Turkey the status \
of candidate for membership. In October 2005 the European Union opened accession negotiations with Turkey. In \
December 2006 the European Union froze eight chapters of Turkey's accession negotiations after Turkey refused to \
open its ports to Cypriot ships. In May 2006 Greece protested to Turkey over a violation of its airspace in the \
Aegean. In December 2023 Greece and Turkey signed the Athens declaration on friendly relations.
"""


def test_a_variable_named_by_an_initialism_is_found_where_the_documents_spell_it_out(tmp_path: Path) -> None:
    """ "EU membership" in the question is "membership of the European Union" in the documents: the note still
    argues it and heads a section with it. On Greece–Turkey; written before the rule, after a DEV note warned that
    no event bore on Turkey's EU bid while its history told three."""
    kb = _store(tmp_path, "eu.md", EU_BID)
    note = kb.note(
        "To what extent has Turkey's stalled bid for EU membership shaped Greece–Turkey relations since 1999?"
    )
    assert any("EU membership" in s.heading for s in note.sections), [s.heading for s in note.sections]
    assert not any("EU membership" in w for w in note.warnings), note.warnings


INDIA_PAKISTAN = """# India and Pakistan

In January 1998 India and Pakistan resumed talks at the level of foreign secretaries in Islamabad. In March 1998 \
India protested to Pakistan over the test of the Ghauri missile. In May 1998 India conducted five nuclear tests at \
Pokhran, and Pakistan answered with six tests in the Chagai hills. In February 1999 Prime Minister Vajpayee rode the \
bus to Lahore and signed the Lahore Declaration with Nawaz Sharif. In May 1999 Pakistani troops crossed the Line of \
Control near Kargil, and India launched air strikes against them. In December 2001 India recalled its high \
commissioner from Islamabad after the attack on the Indian parliament.
"""


def test_a_frame_set_by_a_happening_and_its_year_starts_when_the_documents_date_it(tmp_path: Path) -> None:
    """ "Since the 1998 nuclear tests" opens the frame in May 1998, when the documents date the tests, not on 1
    January 1998: January's talks and March's protest come before it and are no examples of the frame. A frame
    set by a bare year ("since 1998") keeps 1 January. On India–Pakistan; written before the rule."""
    kb = _store(tmp_path, "india-pakistan.md", INDIA_PAKISTAN)
    note = kb.note("Critically evaluate India–Pakistan relations since the 1998 nuclear tests.")
    assert note.frame is not None and note.frame[0] == date(1998, 5, 1), note.frame
    argued = [p for s in note.sections if s.kind != "background" for p in s.points if p.date is not None]
    assert argued and all(p.date.start >= date(1998, 5, 1) for p in argued), [p.text for p in argued]
    bare = kb.note("Critically evaluate India–Pakistan relations since 1998.")
    assert bare.frame is not None and bare.frame[0] == date(1998, 1, 1), bare.frame


def test_the_outline_fills_a_page_with_the_thesis_and_each_arguments_evidence(china_india: KnowledgeBase) -> None:
    """An exam outline is more than a list of headings: under the introduction the thesis, under each argument and
    the other side the dated evidence it rests on, in a few words each, under the conclusion the verdict. On
    China–India; written before the change."""
    note = china_india.note("Critically evaluate China–India relations since 1988 vis-à-vis the border dispute")
    outline = note.to_markdown().split("## Outline", 1)[1].split("\n## 1.", 1)[0]
    blocks = re.split(r"\n(?=\d+\. )", outline.strip())
    by_heading = {b.splitlines()[0].split(". ", 1)[1]: b.splitlines()[1:] for b in blocks}
    intro = by_heading[note.sections[0].heading]
    assert intro and intro[0].strip().startswith("- Thesis: "), intro
    for section in note.sections:
        if section.kind in ("argument", "counter"):
            points = by_heading[section.heading]
            assert len(points) >= 2 and all(re.search(r"\((?:\w+ )?(?:19|20)\d\d\)$", p) for p in points), points
            assert all(len(p.split()) <= 20 for p in points), points
    assert by_heading[note.sections[-1].heading][0].strip().startswith("- Verdict: ")
    assert len(outline.split()) >= 120, outline


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "On 22 January 2019 President Emmanuel Macron and Chancellor Angela Merkel signed the Treaty of Aachen.",
            "On 22 January 2019 France and Germany signed the Treaty of Aachen",
        ),
        (
            "In July 1997 Prime Minister Kostas Simitis and President Süleyman Demirel signed a declaration in Madrid.",
            "In July 1997 Greece and Türkiye signed a declaration in Madrid",
        ),
    ],
)
def test_two_leaders_named_with_their_titles_act_together(pipeline: Pipeline, text: str, start: str) -> None:
    """ "President X and Chancellor Y signed": a title before the second leader's name does not stop the note
    telling the act as the two states'. Written before the rule, on France–Germany and Greece–Turkey: neither
    could be told then (the second leader read as named between the first and the verb)."""
    told = [x.text for x in _all_examples(pipeline.code_text(text))]
    assert any(t.startswith(start) for t in told), told


JAPAN_KOREA = """# Japan and South Korea since 2018

In October 2018 South Korea's Supreme Court ordered Nippon Steel to compensate Korean wartime forced labourers. In \
July 2019 Japan tightened controls on exports of chemicals to South Korea. In August 2019 South Korea announced that \
it would end its intelligence-sharing pact with Japan. In November 2019 South Korea suspended its decision to end the \
pact. In March 2023 President Yoon Suk Yeol visited Tokyo and met Prime Minister Fumio Kishida, and Japan lifted its \
export controls on South Korea. In May 2023 Kishida visited Seoul. In August 2023 Japan and South Korea agreed at \
Camp David to hold annual trilateral summits with the United States.
"""
SEOUL_TOKYO_ANALYSIS = """kind: analysis

# Seoul and Tokyo in Washington's design

The rapprochement between Seoul and Tokyo owes much to the Indo-Pacific strategy of the United States, which treats \
both as anchors of a coalition to balance China. Critics in both capitals argue that the Indo-Pacific framing \
subordinates their historical grievances to American priorities. The Pacific has long been a theatre of their \
rivalry.
"""


def test_a_variable_no_dated_event_argues_gets_a_section_on_what_the_documents_say_of_it(
    tmp_path: Path,
) -> None:
    """ "vis-à-vis the Indo-Pacific strategy" where the documents date no act on it: the variable is still a heading
    of the note, on what the documents say of it (quoted, attributed and cited), and the warning asks for sources."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "japan-korea.md").write_text(JAPAN_KOREA, encoding="utf-8")
    (docs / "seoul-tokyo.md").write_text(SEOUL_TOKYO_ANALYSIS, encoding="utf-8")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([docs])
        note = kb.note("Critically evaluate Japan–South Korea relations since 2018 vis-à-vis the Indo-Pacific strategy")
    section = next(s for s in note.sections if "Indo-Pacific" in s.heading)
    cited = [c.text for p in section.points for c in p.citations]
    assert cited and all("Indo-Pacific" in text for text in cited)  # not the sentence that says "Pacific" alone
    assert any("analysis" in p.text.lower() for p in section.points)  # attributed to its kind of document
    assert any("Indo-Pacific" in w and "add sources" in w for w in note.warnings)
    assert sum(len(s.examples) for s in note.sections) >= 3  # the pair's own dated record is argued as before


SEOUL_TOKYO_UNNAMED = """kind: analysis

# Seoul and Tokyo in Washington's design

The rapprochement between Seoul and Tokyo owes much to Washington's great power competition with China, which treats \
both as anchors of a coalition to balance Beijing. Critics in both capitals argue that the Quad and the new trilateral \
framework subordinate their historical grievances to American priorities. The Pacific has long been a theatre of their \
rivalry.
"""
ATHENS_ANKARA = """kind: analysis

# Athens, Ankara and Brussels

Greece long used its veto to hold up Turkey's membership talks with the European Union. Once Athens backed Turkey's \
candidate status, the accession negotiations became the frame in which the two settled their quarrels.
"""


@pytest.mark.parametrize(
    ("files", "question", "variable", "says"),
    [
        (
            {"japan-korea.md": JAPAN_KOREA, "seoul-tokyo.md": SEOUL_TOKYO_UNNAMED},
            "Critically evaluate Japan–South Korea relations since 2018 vis-à-vis the Indo-Pacific strategy",
            "Indo-Pacific",
            ("great power competition", "Quad"),
        ),
        (
            {"imia.md": IMIA, "athens-ankara.md": ATHENS_ANKARA},
            "Discuss Greece–Turkey relations since 1995 vis-à-vis the EU accession process",
            "accession",
            ("membership talks", "candidate status", "candidacy for membership"),
        ),
    ],
)
def test_a_variable_the_documents_speak_of_without_naming_it_is_found_by_what_it_consists_of(
    tmp_path: Path, files: dict[str, str], question: str, variable: str, says: tuple[str, ...]
) -> None:
    """A question's strategy or process named by its name ("the Indo-Pacific strategy", "the EU accession
    process") where the documents speak of it by its parts ("the Quad", "great power competition with China";
    "membership talks", "candidate status"): the concepts lexicon (data/lexicon/concepts.yaml) gives what each
    consists of, so the variable keeps its heading on what the documents say, and a sentence that says only a word
    of its name ("The Pacific has long been ...") is not it. Written before the lexicon, on Japan–South Korea and
    Greece–Turkey: neither variable had a section."""
    with _store_all(tmp_path, files) as kb:
        note = kb.note(question)
    sections = [s for s in note.sections if variable in s.heading]
    assert sections, [s.heading for s in note.sections]
    cited = {c.text for s in sections for p in s.points for c in p.citations}
    assert any(phrase in text for text in cited for phrase in says), cited
    assert not any(text.startswith("The Pacific has long") for text in cited), cited


KOREA_JAPAN_THAW = """# Japan and South Korea since 2018

In March 2023 President Yoon Suk Yeol visited Tokyo and met Prime Minister Fumio Kishida. In May 2023 Kishida visited \
Seoul and met Yoon. In August 2023 Japan and South Korea agreed at Camp David to hold annual trilateral summits with \
the United States. In September 2023 Japan and South Korea signed an agreement on a currency swap.

## The quarrel of 2019

Relations had soured in 2019. Seoul accused Tokyo of economic retaliation for the court rulings on wartime labour. \
South Korea then threatened to end its intelligence-sharing pact with Japan.
"""


def test_a_critical_evaluation_weighs_the_other_side_even_when_it_cannot_be_retold(tmp_path: Path) -> None:
    """ "Critically evaluate": the acts that pulled against the verdict are the other side, but a sentence that gives
    no date of its own ("Seoul accused Tokyo ...", under a paragraph dated 2019) cannot be retold as a dated example,
    and the note had no other side at all. It quotes them instead, attributed by their kind of document and cited.
    Written before the rule, on Japan–South Korea."""
    kb = _store(tmp_path, "thaw.md", KOREA_JAPAN_THAW)
    note = kb.note("Critically evaluate Japan–South Korea relations since 2018")
    counters = [s for s in note.sections if s.heading.startswith("The other side")]
    assert counters, [s.heading for s in note.sections]
    cited = {c.text for s in counters for p in s.points for c in p.citations}
    assert any(t.startswith("Seoul accused Tokyo") for t in cited), cited


POLAND_GERMANY = """# Poland and Germany since 2014

In March 2014 Poland and Germany condemned Russia's annexation of Crimea. In June 2016 Germany sent troops to \
Lithuania under NATO's enhanced forward presence, and Poland welcomed the deployment. In February 2022 Russia invaded \
Ukraine. In March 2022 Poland accused Germany of delaying sanctions on Russia. In January 2023 Germany agreed to let \
Poland send Leopard tanks to Ukraine. In April 2023 Poland and Germany signed an agreement on air defence against \
Russia. In October 2023 Germany and Poland held talks in Warsaw on border controls.
"""


def test_a_third_state_named_as_a_threat_is_its_factor_in_the_question_s_words(tmp_path: Path) -> None:
    """ "How far has the Russian threat pushed Poland and Germany together?": a variable naming a third state with a
    word for its part ("threat", "influence", "role") is that state's factor (the events naming it), headed in the
    question's words ("The Russian threat ..."), not left out. Written before the rule, on Poland–Germany (the DEV
    question on the North Korean threat between Japan and South Korea had no heading for it)."""
    kb = _store(tmp_path, "poland-germany.md", POLAND_GERMANY)
    note = kb.note("How far has the Russian threat pushed Poland and Germany together since 2014?")
    headings = [s.heading for s in note.sections]
    assert any("Russian threat" in h for h in headings), headings


AEGEAN_AND_CYPRUS = """# Greece and Turkey since 1985

In March 1987 Turkey sent a survey ship into disputed Aegean waters, and Greece mobilised its fleet. In January 1996 \
Greece and Turkey withdrew their forces from the Imia islets in the Aegean. In July 1997 Greece and Turkey signed the \
Madrid declaration on the Aegean. In November 2003 Greece accused Turkey of violating Greek airspace over the Aegean \
and of obstructing a settlement in Cyprus.
"""


def test_a_scarce_variable_gets_its_example_before_a_plentiful_one(tmp_path: Path) -> None:
    """Two variables argued from one sentence (an accusation over the Aegean and Cyprus): each sentence is told once,
    so the variable argued first took it although it had others, and the second was left with no section. The
    variables with the fewest examples now choose first (the note keeps the question's order). Written before the
    rule, on Greece–Turkey (the DEV Argentina–United Kingdom question lost "hydrocarbon exploration" so)."""
    kb = _store(tmp_path, "aegean.md", AEGEAN_AND_CYPRUS)
    note = kb.note(
        "Discuss Greece–Turkey relations since 1985 with reference to the Aegean dispute and the Cyprus question."
    )
    headings = [s.heading for s in note.sections]
    assert any("Aegean dispute" in h for h in headings) and any("Cyprus question" in h for h in headings), headings
    assert next(h for h in headings if "Aegean" in h or "Cyprus" in h).count("Aegean"), headings  # question order


def test_a_meeting_told_as_its_sentence_tells_it_is_supported_by_that_sentence(tmp_path: Path) -> None:
    """A note tells an event whose sentence names the target only by its capital, or tells it whole, with the
    type's gloss ("…, a high-level exchange with Japan"). The support check read "high-level" as the words "high"
    and "level", found them in neither the sentence nor the gloss's words, and dropped every such meeting."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "meetings.md").write_text(
        "# Meetings\n\nIn March 2023 President Yoon Suk Yeol visited Tokyo and met Prime Minister Fumio Kishida.\n\n"
        "In June 2015 Greece's prime minister flew to Ankara and signed a trade agreement with Turkey.\n\n"
        "In April 2018 India's prime minister met the Chinese president at Wuhan for an informal summit with China.\n",
        encoding="utf-8",
    )
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([docs])
        told = {x.text for x in _all_examples([e for e in kb.events() if e.type == "CONSULT"])}
    for opening in ("In March 2023", "In June 2015", "In April 2018"):
        assert any(t.startswith(opening) and "a high-level exchange with" in t for t in told), (opening, told)


@pytest.mark.parametrize(
    "text",
    [
        "Germany recognized Croatia as an independent state on December 23, 1991.",
        "The United States recognized India as an independent state on August 15, 1947.",
    ],
)
def test_a_date_written_month_first_is_not_told_twice(pipeline: Pipeline, text: str) -> None:
    """ "On 23 December 1991 Germany recognized Croatia ... on December 23, 1991.": a date written month first
    stayed in the told sentence after the note put it first. Written before the rule, on Germany–Croatia and
    India–United States."""
    told = [x.text for x in _all_examples(pipeline.code_text(text))]
    assert told and all(t.count("1991") + t.count("1947") == 1 for t in told), told


def test_an_act_after_the_source_s_own_first_verb_is_still_told_as_the_source_s(pipeline: Pipeline) -> None:
    """ "Park Jin visited Japan and met Prime Minister Fumio Kishida", coded at "met": Japan stands between the
    source and the verb, but as the object of the source's own first verb, so the source is plainly the subject.
    A target named before the verb in any other way still stops the telling; in "Park Jin and Japan's envoy to
    Seoul met", told before as "South Korea met", neither the capital after "to" nor "Japan's" is a subject."""
    from dyadscope.ask.examples import render
    from dyadscope.ask.states import names_for

    text = "In May 2022 Foreign Minister Park Jin visited Japan and met with Prime Minister Fumio Kishida."
    coded = pipeline.code_text(text)
    event = replace(next(e for e in coded if e.type == "CONSULT"), trigger="met")
    display = names_for(["JPN", "KOR"], [text])
    told = render(event, display)
    assert told is not None and told.text.startswith("In May 2022 ") and "visited Japan and met with" in told.text
    other = "In May 2022 Foreign Minister Park Jin and Japan's envoy to Seoul met in Busan."
    crossed = replace(event, evidence=replace(event.evidence, text=other))
    assert render(crossed, display) is None
