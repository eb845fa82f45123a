"""Reviewing answers as an examiner would, on a real student's answer (seed 003) and answers written for the tests.

tests/data/answers/README.md says what a good examiner should find in each answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from tests.conftest import chromium_page, needs_chromium, offline
from typer.testing import CliRunner

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.cli import app
from dyadscope.models import DateInterval, Event, Evidence
from dyadscope.review import Review
from dyadscope.review.checks.sides import reversed_way
from dyadscope.review.findings import Finding

ANSWERS = Path(__file__).parent / "data" / "answers"
TEACHER_LINES = (
    "relate your headings and arguments to the qs statement.",
    "add and highlight references/examples against these arguments.",
    "add more arguments.",
)
runner = CliRunner()


def seed003_no_comments(shared: Path) -> str:
    """Seed 003 as the student handed it in, without the teacher's three lines."""
    (path,) = (shared / "seeds").glob("003_*.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    for comment in TEACHER_LINES:
        assert sum(line.strip() == comment for line in lines) == 1, comment
    text = "\n".join(line for line in lines if line.strip() not in TEACHER_LINES)
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
    return re.sub(r"(?<=[a-z])\n\n(?=in IT, )", " ", text)  # the second comment cut a sentence in two


@pytest.fixture(scope="module")
def kb(corpus_kb: KnowledgeBase) -> KnowledgeBase:
    return corpus_kb


@pytest.fixture(scope="module")
def seed003(kb: KnowledgeBase, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Review:
    answer = tmp_path_factory.mktemp("answer") / "answer.md"
    answer.write_text(seed003_no_comments(shared), encoding="utf-8")
    return kb.review(answer)


def test_seed003_relevance_of_headings(seed003: Review) -> None:
    """The teacher, after the introduction: "relate your headings and arguments to the qs statement"."""
    assert seed003.question == "Write a note on fluctuating relations between Pakistan and US."
    headings = {f.location.heading for f in seed003.of_kind("relevance") if f.location and "heading" in f.message}
    assert len(headings) >= 3 and "Geoeconomic Shift" in headings
    first = min(f.location.start for f in seed003.of_kind("relevance") if f.location)
    assert first > seed003.text.index("Introduction")  # raised after the introduction, at the headings
    assert all(
        f.suggestions and f.suggestions[0] != f.location.heading for f in seed003.of_kind("relevance") if f.location
    )


def test_seed003_evidence_where_the_teacher_put_it(seed003: Review) -> None:
    """The teacher, in the strategic-alignment and geoeconomic parts: "add and highlight references/examples"."""
    flagged = {f.location.heading for f in seed003.of_kind("evidence") if f.location}
    assert {"Strategic alignment and divergence", "Geoeconomic Shift"} <= flagged
    examples = [f for f in seed003.of_kind("evidence") if f.citations]
    assert examples and all(re.match(r"(19|20)\d\d: ", s) for f in examples for s in f.suggestions)


def test_seed003_more_arguments(seed003: Review) -> None:
    """The teacher, at the end: "add more arguments": at least five specific missing ones, each cited."""
    (coverage,) = seed003.of_kind("coverage")
    assert coverage.location is not None and coverage.location.heading == "Conclusion"
    assert len(coverage.suggestions) >= 5 and len(coverage.citations) == len(coverage.suggestions)
    assert all(re.match(r"(19|20)\d\d: ", s) for s in coverage.suggestions)
    assert len({s[:4] for s in coverage.suggestions}) >= 4  # turning points from different years
    # the three most valuable improvements lead the summary
    assert {line.split(":")[0] for line in seed003.summary[:3]} == {"relevance", "evidence", "coverage"}
    assert not seed003.of_kind("consistency")


def test_a_good_answer_gets_few_findings(kb: KnowledgeBase) -> None:
    review = kb.review(ANSWERS / "good_fluctuating.md")
    assert {f.kind for f in review.findings} <= {"coverage", "language"}
    assert len(review.findings) <= 3


def test_an_off_topic_answer_gets_relevance_findings(kb: KnowledgeBase) -> None:
    review = kb.review(ANSWERS / "offtopic_fluctuating.md")
    flagged = {f.location.heading for f in review.of_kind("relevance") if f.location}
    assert {"Meaning of foreign policy", "Cricket diplomacy in South Asia", "The Mughal heritage"} <= flagged
    assert review.summary[0].startswith("relevance")
    off = [f for f in review.of_kind("relevance") if "not about the question" in f.message]
    assert len(off) >= 4 and all(f.location and f.location.heading != "Pakistan and the wider world" for f in off)


def test_wrong_facts_are_named_with_the_right_fact_and_its_source(kb: KnowledgeBase) -> None:
    errors = yaml.safe_load((ANSWERS / "wrong_facts_fluctuating.yaml").read_text(encoding="utf-8"))["errors"]
    review = kb.review(ANSWERS / "wrong_facts_fluctuating.md")
    found = review.of_kind("consistency")
    caught = [err for err in errors if any(err["sentence"] in f.message for f in found)]
    # 5 of 5 with the rule-based coder; the trained one misses the actor of the 1998 sanctions (India for the US)
    assert len(caught) >= 4  # the Pressler year (a law as subject acts for the state whose aid it cuts) and the sum
    by_sentence = {err["sentence"]: f for err in errors for f in found if err["sentence"] in f.message}
    assert "1954" in by_sentence["Pakistan joined SEATO in 1962."].message
    assert "1979" in by_sentence["The Soviet Union invaded Afghanistan in 1989."].message
    india = by_sentence.get("In 1998 India imposed sanctions on Pakistan after its nuclear tests.")
    assert india is None or "USA" in india.message
    money = by_sentence["The Kerry-Lugar-Berman Act of 2009 authorised $1.5 billion in total."]
    assert "$7.5 billion over five years, not $1.5 billion in total" in money.message
    assert "yearly figure" in money.message and "$7.5 billion" in money.citations[0].text
    assert all(f.citations and f.citations[0].doc for f in found)
    assert len(found) == len(caught)  # no true claim called wrong
    assert review.summary[0].startswith("consistency")


def test_review_for_another_dyad(kb: KnowledgeBase) -> None:
    review = kb.review(ANSWERS / "good_china_india.md")
    assert review.question and "China and India" in review.question
    assert not review.of_kind("consistency") and not review.of_kind("evidence")
    assert len(review.findings) <= 3
    off = kb.review(
        "Critically evaluate the ups and downs of relations between China and India since 1950.\n\n"
        "## Introduction\n\nChina and India are old civilisations.\n\n"
        "## Cricket\n\nCricket is the most popular sport in South Asia and draws huge crowds in every city, "
        "from Lahore to Colombo, where children play it in streets and parks every evening.\n\n"
        "## Conclusion\n\nRelations will improve.\n"
    )
    assert any(f.kind == "relevance" and f.location and f.location.heading == "Cricket" for f in off.findings)
    assert any(f.kind == "structure" and "short" in f.message for f in off.findings)


def test_review_json_and_markdown(kb: KnowledgeBase, tmp_path: Path, shared: Path) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(seed003_no_comments(shared), encoding="utf-8")
    result = runner.invoke(app, ["review", str(answer), "--db", str(kb.store.path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "summary", "findings"}
    kinds = {f["kind"] for f in data["findings"]}
    assert kinds <= {"structure", "relevance", "evidence", "coverage", "consistency", "language"}
    first = data["findings"][0]
    assert set(first) == {"kind", "location", "message", "suggestions", "citations"}
    loc = next(f["location"] for f in data["findings"] if f["location"])
    assert set(loc) == {"heading", "paragraph", "start", "end"}
    text = answer.read_text(encoding="utf-8")
    assert loc["heading"] is None or loc["heading"] in text
    md = runner.invoke(app, ["review", str(answer), "--db", str(kb.store.path), "--format", "md"])
    assert md.stdout.startswith("# Review: Write a note") and "## What to improve first" in md.stdout
    terminal = runner.invoke(app, ["review", str(answer), "--db", str(kb.store.path)])
    assert terminal.exit_code == 0 and "evidence" in terminal.output


def test_question_given_by_flag_and_bad_input(kb: KnowledgeBase, tmp_path: Path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("## Introduction\n\nPakistan and the United States signed a defence agreement in 1954.\n")
    missing = runner.invoke(app, ["review", str(answer), "--db", str(kb.store.path)])
    assert missing.exit_code == 2 and "no question found" in missing.output and "Traceback" not in missing.output
    given = runner.invoke(
        app, ["review", str(answer), "--db", str(kb.store.path), "--question", "Discuss Pakistan-US relations."]
    )
    assert given.exit_code == 0, given.output
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a docx")
    bad = runner.invoke(app, ["review", str(broken), "--db", str(kb.store.path)])
    assert bad.exit_code == 2 and "broken.docx" in bad.output and "Traceback" not in bad.output


@needs_chromium
def test_html_review_is_escaped_and_renders(kb: KnowledgeBase, tmp_path: Path) -> None:
    from dyadscope.review.render import to_html

    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    source = (ANSWERS / "wrong_facts_fluctuating.md").read_text(encoding="utf-8")
    review = kb.review(source.replace("## Introduction", f"## Introduction\n\nA note {hostile}.", 1))
    page_file = tmp_path / "review.html"
    page_file.write_text(to_html(review), encoding="utf-8")
    html = page_file.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    with chromium_page(page_file) as (page, seen):
        assert page.locator(".note.consistency").count() >= 4
        box = page.locator("aside .note").first.bounding_box()
        text_box = page.locator(".row .text").first.bounding_box()
        assert box and text_box and box["x"] > text_box["x"] + text_box["width"] - 1  # comments sit in the margin
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert offline(seen)
    assert (tmp_path / "review.png").read_bytes().startswith(b"\x89PNG")


def reviews_on(tmp_path: Path, documents: dict[str, str], *answers: str) -> list[Review]:
    """Reviews of `answers` against a small store of `documents` (file name → text)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in documents.items():
        (docs / name).write_text(text, encoding="utf-8")
    with dyadscope.open(tmp_path / "kb.db") as small:
        small.ingest([docs])
        return [small.review(answer) for answer in answers]


def essay(pair: str, heading: str, body: str, intro: str = "They have a long history.") -> str:
    """A short answer on relations between `pair`: an introduction, one section, a conclusion."""
    return (
        f"Discuss relations between {pair}.\n\n## Introduction\n\n{intro}\n\n## {heading}\n\n{body}\n\n"
        "## Conclusion\n\nThe record is mixed.\n"
    )


def answers_on(tmp_path: Path, documents: dict[str, str], pair: str, heading: str, *bodies: str) -> list[Review]:
    """Reviews of short answers on `pair` (one section under `heading` each, `essay`) against `documents`."""
    return reviews_on(tmp_path, documents, *(essay(pair, heading, body) for body in bodies))


def consistency_rule(review: Review, rule: str) -> list[Finding]:
    """The review's consistency findings of one rule ("wrong_actor", "reversed_direction", "wrong_year")."""
    return [f for f in review.of_kind("consistency") if f.rule == rule]


def test_sources_that_disagree_are_shown_side_by_side(tmp_path: Path) -> None:
    (review,) = reviews_on(
        tmp_path,
        {
            "a.md": "# Treaties\n\nIn 1960 India and Pakistan signed the Indus Waters Treaty in Karachi, with the "
            "World Bank as broker.\n",
            "b.md": "# Rivers\n\nIn 1962 India and Pakistan signed the Indus Waters Treaty after years of talks "
            "brokered by the World Bank.\n",
        },
        "Discuss relations between India and Pakistan.\n\n## Introduction\n\nThey have fought wars.\n\n"
        "## Water\n\nIndia and Pakistan signed the Indus Waters Treaty in 1960, brokered by the World Bank.\n\n"
        "## Conclusion\n\nWater has been shared.\n",
    )
    (finding,) = [f for f in review.of_kind("consistency")]
    assert "sources disagree" in finding.message and "1960" in finding.message and "1962" in finding.message
    assert {Path(c.doc).name for c in finding.citations} == {"a.md", "b.md"}


def test_renderers_follow_kinds_and_survive_an_unknown_kind() -> None:
    from rich.console import Console

    from dyadscope.review.findings import KINDS, Finding
    from dyadscope.review.render import COLOURS, OTHER_COLOUR, colour, to_html, to_markdown, to_rich

    assert set(COLOURS) == set(KINDS) and colour("no such kind") == OTHER_COLOUR
    findings = [Finding(kind, None, f"about {kind}") for kind in (*reversed(KINDS), "other")]
    review = Review("Q?", "An answer.", [], findings, 2)
    md = to_markdown(review)
    assert [line[3:].lower() for line in md.splitlines() if line.startswith("## ") and "improve" not in line] == [
        *KINDS
    ]
    console = Console(record=True, width=100)
    console.print(to_rich(review))  # a kind without a colour is drawn, not a KeyError
    assert "about other" in console.export_text() and "about other" in to_html(review)


def test_the_consistency_search_memory_keys_on_the_whole_question() -> None:
    from dataclasses import replace
    from datetime import date

    from dyadscope.ask.question import Question
    from dyadscope.ask.retrieve import Hit
    from dyadscope.review.checks.consistency import _remembered

    asked: list[tuple[Question, int]] = []

    def search(question: Question, k: int) -> list[Hit]:
        asked.append((question, k))
        return []

    remembered = _remembered(search)
    q = Question("text", ("term",), None, None, ("PAK", "USA"), ("PAK", "USA"), False)
    for probe, k in [(q, 8), (q, 8), (q, 5), (replace(q, start=date(1990, 1, 1)), 8), (replace(q, terms=()), 8)]:
        remembered(probe, k)
    assert asked == [(q, 8), (q, 5), (replace(q, start=date(1990, 1, 1)), 8), (replace(q, terms=()), 8)]


def test_a_wrong_year_is_found_when_the_answer_tells_the_act_in_other_words(tmp_path: Path) -> None:
    """An answer seldom copies its sources' verbs: "stopped" for "suspended", "captured" for "seized". The words a
    history uses for one act (data/lang/en/review.yaml, `same_act_words`) count as the same word."""
    answer = (
        "Discuss relations between Russia and Ukraine.\n\n## Introduction\n\nThe two states have quarrelled.\n\n"
        "## Energy\n\nRussia stopped gas supplies to Ukraine in {gas}.\n\n## Territory\n\nRussia captured Crimea "
        "from Ukraine in {crimea}.\n\n## Conclusion\n\nThey remain enemies.\n"
    )
    review, right = reviews_on(
        tmp_path,
        {
            "a.md": "# Gas\n\nIn January 2006 Russia suspended gas supplies to Ukraine after a dispute over prices.\n\n"
            "# Crimea\n\nIn March 2014 Russian forces seized Crimea from Ukraine.\n"
        },
        answer.format(gas=2004, crimea=2016),
        answer.format(gas=2006, crimea=2014),
    )
    wrong = [f.message for f in review.of_kind("consistency") if f.rule == "wrong_year"]
    assert any("stopped gas" in m and "2006, not 2004" in m for m in wrong), wrong
    assert any("captured Crimea" in m and "2014, not 2016" in m for m in wrong), wrong
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_year"]


def test_a_wrong_year_is_found_when_the_coder_types_the_two_tellings_apart(tmp_path: Path) -> None:
    """ "Stopped oil supplies" and "suspended oil supplies" are one act, even where the coder types one SANCTION and
    the other AID: the same act's words (`same_act_words`) tell the same happening as a type does. Written, failing,
    on Britain–Rhodesia, for a retrained coder that typed an answer's "stopped gas supplies" apart from its history's
    "suspended"."""
    history = (
        "# Sanctions\n\nIn December 1965 Britain suspended oil supplies to Rhodesia after its declaration of "
        "independence.\n"
    )
    claims = [f"Britain stopped oil supplies to Rhodesia in {year}." for year in (1962, 1965)]
    wrong, right = answers_on(tmp_path, {"gbr-rho.md": history}, "Britain and Rhodesia", "Oil", *claims)
    assert any("1965, not 1962" in f.message for f in consistency_rule(wrong, "wrong_year")), wrong.findings
    assert not consistency_rule(right, "wrong_year"), right.findings


def test_an_act_told_the_wrong_way_round_is_named_with_who_did_it(tmp_path: Path) -> None:
    """Planted in the exam answers as `reversed_direction` and never found: "Greece imposed an arms embargo on
    Turkey in 1975" where the documents say the United States embargoed Turkey is another actor, but "Turkey
    expelled Greek diplomats" where Greece expelled Turkish ones names the same two states the wrong way round."""
    history = (
        "# Greece and Turkey\n\nIn March 1987 the dispute over oil exploration in the Aegean flared. "
        "On 27 March 1987 Greece expelled two Turkish diplomats from Athens over the survey ship affair. "
        "In 1988 the two prime ministers met at Davos.\n"
    )
    wrong, right = reviews_on(
        tmp_path,
        {"grc-tur.md": history},
        essay(
            "Greece and Turkey",
            "The 1987 crisis",
            "In March 1987 Turkey expelled two Greek diplomats from Ankara over the survey ship affair.",
        ),
        essay(
            "Greece and Turkey",
            "The 1987 crisis",
            "In March 1987 Greece expelled two Turkish diplomats from Athens over the survey ship affair.",
        ),
    )
    found = [f for f in wrong.of_kind("consistency") if f.rule == "reversed_direction"]
    assert found and "GRC" in found[0].message and "TUR" in found[0].message, wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "reversed_direction"]


def test_two_acts_with_no_one_acted_on_are_not_one_act_by_another_actor(tmp_path: Path) -> None:
    """ "France deployed forces in support of Greece", coded with no one acted on (the forces are France's own),
    was called a wrong actor because the documents told another mobilisation that month with no one acted on
    either (Turkey sending a survey ship): "the same act against the same target" needs a target to compare.
    Found on a DEV answer (Greece–Turkey)."""
    history = (
        "# 2020\n\nAfter Greece and Egypt signed an agreement delimiting their maritime zones on 6 August 2020, "
        "Turkey sent the survey ship Oruç Reis, escorted by warships, into waters claimed by Greece south of "
        "Kastellorizo. France deployed warships and aircraft in support of Greece in August 2020.\n"
    )
    claim = (
        "The most dangerous moment followed: the survey ship Oruç Reis, escorted by warships, entered waters claimed "
        "by Greece south of Kastellorizo in August 2020, a Greek and a Turkish frigate collided, France deployed "
        "forces in support of Greece, and Chancellor Merkel mediated until the ship withdrew in September 2020."
    )
    (review,) = answers_on(tmp_path, {"grc-tur.md": history}, "Greece and Turkey", "The 2020 crisis", claim)
    assert not consistency_rule(review, "wrong_actor"), review.findings


def test_an_actor_added_beside_the_one_the_documents_name_is_no_wrong_actor(tmp_path: Path) -> None:
    """ "The United States and Britain stopped arms sales" where the documents name the United States alone: the
    answer also gives the act to the state the documents name, so Britain is an addition they do not tell, not an
    actor they contradict. Found with a retrained coder on the Pakistan–US answer with planted errors; written,
    failing, on Ethiopia–Eritrea."""
    history = "# Arms\n\nIn June 1999 the United States suspended arms sales to Ethiopia and Eritrea.\n"
    claim = (
        "When the border war went on, the United States and Britain suspended arms sales to Ethiopia and Eritrea "
        "in June 1999."
    )
    other = "In June 1999 France suspended arms sales to Ethiopia and Eritrea."
    both, alone = answers_on(tmp_path, {"eth-eri.md": history}, "Ethiopia and Eritrea", "Arms", claim, other)
    assert not consistency_rule(both, "wrong_actor"), both.findings
    assert consistency_rule(alone, "wrong_actor"), alone.findings


def test_an_office_holder_named_outside_his_term_is_corrected_with_who_held_it(tmp_path: Path) -> None:
    """Planted in the exam answers as `wrong_actor` and never found: "President George W. Bush signed the Act in
    October 2009" (Obama was president), "in July 2005 President Obama announced ..." The leaders' dictionary
    knows each term; a leader named in office at a date outside it is wrong, whatever the documents say."""
    history = "# Russia and the United States\n\nIn April 2010 the two presidents signed New START in Prague.\n"
    wrong, right = reviews_on(
        tmp_path,
        {"rus-usa.md": history},
        essay(
            "Russia and the United States",
            "Arms control",
            "In April 2010 President George W. Bush signed New START with Russia in Prague.",
        ),
        essay(
            "Russia and the United States",
            "Arms control",
            "In April 2010 President Obama signed New START with "
            "Russia in Prague, and former President George W. Bush praised it in 2011.",
        ),
    )
    found = [f for f in wrong.of_kind("consistency") if f.rule == "wrong_actor"]
    assert found and "Obama" in found[0].message and "2010" in found[0].message, wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_actor"], right.findings


SUM_TOLD = {
    "the actor named": (
        "The Camp David accords changed American policy. In 1979 Washington promised Egypt a package worth 1.5 "
        "billion dollars in military credits over three years, and Congress approved it that summer."
    ),
    # the document sentence names one of the claim's states and a pronoun for the other; the event coded from it
    # names both, and so it is the same happening
    "a pronoun for the actor": (
        "The Camp David accords changed American policy. The Carter administration moved quickly. In 1979 it "
        "promised Egypt a package worth 1.5 billion dollars in military credits over three years."
    ),
}


@pytest.mark.parametrize("told", SUM_TOLD)
def test_a_sum_the_documents_give_in_another_year_dates_the_claim(tmp_path: Path, told: str) -> None:
    """Planted as a wrong date and missed: "Reagan gave Pakistan a package of $3.2 billion in 1985" where the
    history says "In 1981 it negotiated a six-year package worth 3.2 billion dollars" (another event type, and
    "it" for the actor). The same sum between the same states is the same happening."""
    answers = [
        essay(
            "Egypt and the United States",
            "Aid",
            f"The United States gave Egypt a package of $1.5 billion in military credits in {year}.",
        )
        for year in (1983, 1979)
    ]
    history = f"# Egypt and the United States\n\n{SUM_TOLD[told]}\n"
    wrong, right = reviews_on(tmp_path, {"egy-usa.md": history}, *answers)
    found = [f.message for f in wrong.of_kind("consistency") if f.rule == "wrong_year"]
    assert found and "1979" in found[0], wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_year"], right.findings


def test_a_doubtful_reading_on_either_side_names_no_reversal() -> None:
    """Who acted on whom is read from the parse: a reversal is named only when the coder is fairly sure of both
    readings (`sides.SURE_WAY`; each must also lead its sentence, `sides.leading`), and never for talks or
    agreements, which are told either way round. Written after the rule, for Greece–Turkey, where it was chosen on
    a Pakistan–US false alarm; the floor went from 0.5 to 0.3 when the leading reading came (the DEV answers'
    reversals were read at 0.33–0.46), with no false alarm more on TUNE or DEV."""

    def event(source: str, target: str, kind: str, confidence: float) -> Event:
        when = DateInterval(date(1987, 3, 27), date(1987, 3, 27), "day")
        evidence = Evidence("d.md", "d", 0, 0, 10, "text")
        return Event(
            "ev", [source], [target], kind, None, [], None, -5.0, False, False, when, False, confidence, evidence
        )

    states = frozenset({"GRC", "TUR"})
    claimed = event("TUR", "GRC", "SANCTION", 0.9)
    assert reversed_way(claimed, event("GRC", "TUR", "SANCTION", 0.9), states)
    assert reversed_way(claimed, event("GRC", "TUR", "SANCTION", 0.25), states) is None
    assert reversed_way(event("TUR", "GRC", "SANCTION", 0.25), event("GRC", "TUR", "SANCTION", 0.9), states) is None
    assert reversed_way(event("TUR", "GRC", "CONSULT", 0.9), event("GRC", "TUR", "CONSULT", 0.9), states) is None
    # a two-sided act of force, by the lexicon's joint acts or the reciprocal verbs, has no way round either
    fired, clashed = replace(claimed, type="ASSAULT", trigger="exchanged"), replace(claimed, trigger="clashed")
    assert reversed_way(fired, event("GRC", "TUR", "ASSAULT", 0.9), states) is None
    assert reversed_way(replace(clashed, type="ASSAULT"), event("GRC", "TUR", "ASSAULT", 0.9), states) is None
    assert reversed_way(
        replace(claimed, type="ASSAULT", trigger="shelled"), event("GRC", "TUR", "ASSAULT", 0.9), states
    )


def test_a_two_sided_fight_told_either_way_round_is_not_reversed(tmp_path: Path) -> None:
    """A clash has no way round: the coder writes "Peruvian and Ecuadorian troops clashed" as one of its two ways,
    so an answer telling it the other way is no reversal (the lexicon's joint acts, `sides.joint`). An invasion
    told the other way round still is. Written on Peru–Ecuador, failing, for a China–India answer's false alarm
    (the 1967 fighting at Nathu La)."""
    history = (
        "# Border\n\nPeruvian and Ecuadorian troops clashed in the Cenepa valley in January 1995. In July 1941 "
        "Peruvian forces invaded Ecuador and occupied the coastal province of El Oro.\n"
    )
    clash = "In January 1995 Ecuadorian and Peruvian troops clashed in the Cenepa valley."
    invasion = "In July 1941 Ecuadorian forces invaded Peru and occupied the coastal province of El Oro."
    right, wrong = answers_on(tmp_path, {"per-ecu.md": history}, "Ecuador and Peru", "War", clash, invasion)
    assert not consistency_rule(right, "reversed_direction"), right.findings
    assert consistency_rule(wrong, "reversed_direction"), wrong.findings


def test_a_leader_named_without_title_or_in_the_year_the_term_began_is_not_flagged(tmp_path: Path) -> None:
    """The office check's two limits, chosen on Pakistan–US answers ("Kerry" in 2009 was a senator; "bin Laden" in
    2011 was killed that year), shown on China–US: a bare name out of term, and a title in the year a term began."""
    history = "# China and the United States\n\nIn April 2017 Xi Jinping met Donald Trump at Mar-a-Lago.\n"
    (review,) = reviews_on(
        tmp_path,
        {"chn-usa.md": history},
        essay(
            "China and the United States",
            "Trade",
            "In 2016 Trump accused China of manipulating its currency. "
            "In January 2017 President Trump withdrew from the Trans-Pacific Partnership.",
        ),
    )
    assert not [f for f in review.of_kind("consistency") if f.rule == "wrong_actor"], review.findings


def test_a_count_the_documents_give_otherwise_is_named_with_their_figure(tmp_path: Path) -> None:
    """Planted as `wrong_amount` and missed: a number of people or things ("42 soldiers" where the history says
    "twenty-four soldiers"), not a sum of money. Shown on Russia–Britain and India–Pakistan: the count of the same
    noun, in the same happening, written in figures or in words; a count of another noun, an estimate ("more than
    20") or the documents' own figure is no fault."""
    history = (
        "# Expulsions\n\nIn March 2018 Britain expelled twenty-three Russian diplomats after the poisoning of Sergei "
        "Skripal in Salisbury.\n\n# Nuclear tests\n\nIn May 1998 India conducted five nuclear tests at Pokhran, and "
        "Pakistan answered with six tests in the Chagai hills.\n"
    )
    wrong = essay(
        "Russia and Britain",
        "Expulsions",
        "In March 2018 Britain expelled 32 Russian diplomats after the Salisbury poisoning of Sergei Skripal. "
        "In May 1998 India conducted three nuclear tests at Pokhran.",
    )
    right = essay(
        "Russia and Britain",
        "Expulsions",
        "In March 2018 Britain expelled 23 Russian diplomats after the Salisbury poisoning of Sergei Skripal. "
        "In May 1998 India conducted more than two nuclear tests at Pokhran, watched by 400 journalists.",
    )
    bad, good = reviews_on(tmp_path, {"history.md": history}, wrong, right)
    found = [f.message for f in bad.of_kind("consistency") if f.rule == "wrong_amount"]
    assert any("32 Russian diplomats" in m and "23" in m for m in found), bad.findings
    assert any("three nuclear tests" in m and "five" in m for m in found), bad.findings
    assert not [f for f in good.of_kind("consistency") if f.rule == "wrong_amount"], good.findings


def test_a_right_year_is_not_flagged_by_a_sentence_that_tells_another_part_or_a_date_across_new_year(
    tmp_path: Path,
) -> None:
    """False alarms of the DEV answers' good ones, in their shapes, on Chile–Peru and Ethiopia–Eritrea (written
    before the rules): a claim whose year the documents give to its own clause ("which ruled in January 2014"),
    a crisis the documents start in late December of the year before, and a claim of two clauses whose other
    clause a document of another year tells. A wrong year is still named."""
    history = (
        "# Chile, Peru, Ethiopia and Eritrea\n\nPeru took its maritime dispute with Chile to the International Court "
        "of Justice, which in December 2012 heard both sides in public hearings, and the court ruled in January 2014 "
        "that it drew a new maritime boundary.\n\nIn late December 1998 fighting broke out along the border between "
        "Ethiopia and Eritrea over the sovereignty of the town of Badme.\n\nIn July 2018 Ethiopia and Eritrea "
        "signed a declaration of peace and friendship at a summit in Asmara.\n"
    )
    right = essay(
        "Ethiopia and Eritrea",
        "Disputes",
        "Peru took its maritime dispute with Chile to the International Court of Justice, which heard both sides in "
        "public hearings, and the court ruled in January 2014 that it drew a new maritime boundary. "
        "Since the Badme crisis of 1999, the sovereignty of the town of Badme has divided Ethiopia and Eritrea. "
        "Ethiopia and Eritrea signed a declaration of peace at a summit in Asmara, continuing a pattern in which "
        "Algiers had brokered an end to the fighting in December 2000.",
    )
    wrong = essay(
        "Ethiopia and Eritrea",
        "Disputes",
        "In July 2015 Ethiopia and Eritrea signed a declaration of peace and friendship at a summit in Asmara.",
    )
    good, bad = reviews_on(tmp_path, {"history.md": history}, right, wrong)
    assert not [f for f in good.of_kind("consistency") if f.rule == "wrong_year"], good.findings
    assert [f for f in bad.of_kind("consistency") if f.rule == "wrong_year" and "2018" in f.message], bad.findings


def test_an_office_holder_is_checked_by_the_date_beside_the_name_and_the_finding_quotes_the_claim(
    tmp_path: Path,
) -> None:
    """Of two dates in a sentence, the one after the title and name dates it ("Prime Minister Murayama issued a
    statement in August 1993 …, and in August 1995 …": Murayama took office in 1994); the finding quotes the whole
    claim, as the other consistency findings do. Japan–South Korea, written before the change after DEV answers'
    wrong actors went unfound or unplaced."""
    history = "# Japan and South Korea\n\nIn August 1995 Prime Minister Tomiichi Murayama apologised for colonial rule."
    claim = (
        "Prime Minister Murayama issued a statement in August 1993 admitting the role of the military, and in "
        "August 1995 Murayama apologised for colonial rule."
    )
    (review,) = reviews_on(tmp_path, {"jpn-kor.md": history}, essay("Japan and South Korea", "Apologies", claim))
    found = [f for f in review.of_kind("consistency") if f.rule == "wrong_actor"]
    assert found and found[0].message.startswith(f"“{claim}”") and "Hosokawa" in found[0].message, review.findings


def test_a_sentence_giving_the_claims_year_with_its_name_agrees_though_it_names_another_actor(
    tmp_path: Path,
) -> None:
    """ "Ethiopia needed Eritrea's help to reach the Jeddah agreement of September 2018": the documents' 2017
    sentence on the talks in Jeddah shares words with the claim but not the year's clause; no wrong year. The shape
    of a Pakistan–US false alarm (the Doha agreement of February 2020), shown on Ethiopia–Eritrea. Written after
    the clause rule that clears it; a rule added for that case alone (two shared words and a name) proved not to
    matter on any split and was removed."""
    history = (
        "# Ethiopia and Eritrea\n\nEthiopia needed Eritrean help to end the border standoff, and Asmara facilitated "
        "talks in Jeddah by releasing prisoners in October 2017.\n\nEthiopia and its Saudi hosts signed the peace "
        "agreement in Jeddah on 16 September 2018.\n"
    )
    answer = essay(
        "Ethiopia and Eritrea",
        "Peace",
        "Both wanted calm: Ethiopia needed Eritrea's help to reach the Jeddah agreement of September 2018, and Egypt "
        "has watched the Red Sea since 2019.",
    )
    (review,) = reviews_on(tmp_path, {"history.md": history}, answer)
    assert not [f for f in review.of_kind("consistency") if f.rule == "wrong_year"], review.findings


REVERSALS = {  # the documents' sentence, the claim told the wrong way round, the claim told right
    "a demand": (
        "In January 2008 Colombia asked Venezuela to withdraw its ambassador from Bogotá and recalled its own.",
        "In January 2008 Venezuela asked Colombia to withdraw its ambassador from Caracas.",
        "In January 2008 Colombia asked Venezuela to withdraw its ambassador from Bogotá.",
    ),
    "an agreement ended": (
        "In March 2010 Chile terminated the 1998 fisheries agreement with Peru, angering Lima.",
        "In March 2010 Peru cancelled the 1998 fisheries agreement with Chile, which angered Santiago.",
        "In March 2010 Chile cancelled the 1998 fisheries agreement with Peru, which angered Lima.",
    ),
    "a measure lifted": (
        "In May 2016 Ecuador lifted the import restrictions it had placed on Peru, and Lima dropped its complaint.",
        "In May 2016 Peru lifted the import restrictions it had placed on Ecuador.",
        "In May 2016 Ecuador lifted the import restrictions it had placed on Peru.",
    ),
}


@pytest.mark.parametrize("case", REVERSALS)
def test_a_reversal_is_named_when_each_reading_is_its_sentences_own(tmp_path: Path, case: str) -> None:
    """Planted as `reversed_direction` in the DEV answers and missed (1 of 9 found): the coder reads both the
    claim and the documents' sentence one way with modest confidence, or reads a sentence both ways, the wrong way
    weakly. A reversal is named when each side's reading of the act is the stronger one of its own sentence; a
    weak reading the other way does not make the documents agree with the claim. On Colombia–Venezuela,
    Chile–Peru and Ecuador–Peru; written before the rule."""
    told, wrong_way, right_way = REVERSALS[case]
    pair = " and ".join(re.findall(r"\b(Colombia|Venezuela|Chile|Peru|Ecuador)\b", told)[:2])
    history = f"# {pair}\n\nRelations have had ups and downs. {told}\n"
    wrong, right = reviews_on(
        tmp_path, {"history.md": history}, essay(pair, "A crisis", wrong_way), essay(pair, "A crisis", right_way)
    )
    assert [f for f in wrong.of_kind("consistency") if f.rule == "reversed_direction"], wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "reversed_direction"], right.findings


YEARS_OUT = {  # pair, the documents' history, a claim with its year left open, the wrong year, the right one
    # The turn of a year excuses a bare year ("the crisis of 1999" for fighting from late December 1998), not a
    # claim that gives its own month: "on 29 December 2012" where the documents say 29 December 2011 is a year out
    # (planted in a DEV answer, 28 December 2016 for 2015, and missed; written before the rule).
    "a December date": (
        "India and Pakistan",
        "The two states built confidence slowly. On 29 December 2011 India and Pakistan agreed to extend the "
        "agreement on reducing the risk from accidents relating to nuclear weapons by five years.",
        "On 29 December {} India and Pakistan agreed to extend the agreement on reducing the risk from accidents.",
        2012,
        2011,
    ),
    # "Croatia joined the EU in July 2011, which was a blow to Serbia": the comment after the year's clause shares
    # no word with the documents' sentence, the clause does (planted in a DEV answer, Cyprus joining the EU, and
    # missed; the rule and this case were written together, and the case fails without the rule).
    "a claim that goes on to comment": (
        "Croatia and Serbia",
        "Relations stayed cool after the war. Croatia joined the European Union in July 2013 after a decade of "
        "negotiations, and Serbia opened its own accession talks in 2014.",
        "Croatia joined the EU in July {}, which was a blow to Serbia, who had applied for membership too.",
        2011,
        2013,
    ),
}


YEARS_OUT.update(
    {
        # "became independent": "independent" is a word of some actor's name (an "Independent ..." body), so it
        # counted as a name, not as the claim's word, and the claim shared no word with the documents. A word is a
        # name only where it is written as one (capitalised). Planted in a Greece–Turkey answer written to check
        # the review on a pair other than Pakistan–US ("In 1962 the Republic of Cyprus became independent") and
        # missed; written before the rule.
        "a common word of an actor's name": (
            "Eritrea and Ethiopia",
            "The war of independence ended in 1991. After a referendum, Eritrea became independent in May 1993.",
            "Eritrea became independent in {}.",
            1991,
            1993,
        ),
        # "The Bern Declaration": a capital in a named agreement is part of its name, so the claim and the
        # documents name the same thing; a place the claim adds ("in the Aegean") is no clash. From the same
        # answer ("signed in November 1979"), missed; written before the rule.
        # "... joined NATO in 1949 because of the Soviet threat": a state named only in the reason (the Soviet
        # Union) is not in the documents' sentence, which then did not name "the claim's actors". The claim's actors
        # are those of its year's clause. From the same answer, missed; written before the rule.
        "a state named only in the reason": (
            "Spain and Portugal",
            "Portugal was a founding member of NATO in 1949, and Spain joined NATO in May 1982 after a long debate.",
            "Spain joined NATO in {} because of pressure from the United States.",
            1984,
            1982,
        ),
        "an agreement named after a capital": (
            "Greece and Turkey",
            "In November 1976 the two governments signed the Bern Declaration, committing themselves to refrain from "
            "unilateral action in the disputed areas while talks continued.",
            "The Bern Declaration was signed in November {} to stop unilateral action in the Aegean.",
            1979,
            1976,
        ),
    }
)


@pytest.mark.parametrize("case", YEARS_OUT)
def test_a_year_out_is_named_with_the_documents_year(tmp_path: Path, case: str) -> None:
    """A claim a year or two out is named with the year the documents give, and the same claim with that year
    is not flagged (the cases above, on pairs other than Pakistan–US)."""
    pair, history, claim, wrong_year, right_year = YEARS_OUT[case]
    wrong, right = reviews_on(
        tmp_path,
        {"history.md": f"# {pair}\n\n{history}\n"},
        essay(pair, "A happening", claim.format(wrong_year)),
        essay(pair, "A happening", claim.format(right_year)),
    )
    found = [f for f in wrong.of_kind("consistency") if f.rule == "wrong_year" and str(right_year) in f.message]
    assert found, wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_year"], right.findings


NAMED_BY_WHO = {  # the documents' sentence, a claim a few years out that names the same people or body
    "a body": (
        "In February 1952 Greece and Turkey joined the North Atlantic Treaty Organization, and in 1955 Turkey joined "
        "the Baghdad Pact, which became the Central Treaty Organization (CENTO) after Iraq left in 1959.",
        "Turkey also joined NATO in 1950 and CENTO.",
        "1952",
    ),
    "a person": (
        "Uruguay carried messages between Brasília and Buenos Aires through 1984, and in November 1985 Raúl "
        "Alfonsín, on a visit to Montevideo, flew secretly to Brasília to meet José Sarney.",
        "Raúl Alfonsín secretly went to Brazil from Uruguay in 1984.",
        "1985",
    ),
    # A leader the actor dictionary knows is an actor too, and his name was not counted as one: "Kissinger
    # secretly went to China from Pakistan in 1970" (TUNE) was missed where an unknown name was found. On
    # Egypt–Israel with Sadat (in data/actors/leaders.csv); written before the rule.
    "a known leader": (
        "Romania carried messages between Cairo and Jerusalem through 1976, and in November 1977 Anwar Sadat, "
        "after a visit to Bucharest, flew from Cairo to Jerusalem and addressed the Knesset.",
        "Anwar Sadat flew to Jerusalem and addressed the Knesset in 1976.",
        "1977",
    ),
}


@pytest.mark.parametrize("case", NAMED_BY_WHO)
def test_a_wrong_year_is_found_by_the_body_or_people_both_sentences_name(tmp_path: Path, case: str) -> None:
    """ "Pakistan joined SEATO in 1956" against "In September 1954 Pakistan joined the Southeast Asia Treaty
    Organization, and in 1955 ...", and "Kissinger secretly went to China in 1970" against "Yahya carried messages
    ... through 1970, and in July 1971 Henry Kissinger ... flew secretly ... to Beijing": planted in the TUNE
    answers and missed: a body named by its initials is an actor, which the check did not count as a name (the
    person case already passed here and stays as a guard). On Greece–Turkey (NATO) and Argentina–Brazil; written
    before the rule."""
    told, claim, year = NAMED_BY_WHO[case]
    pair = {"a body": "Greece and Turkey", "a person": "Argentina and Brazil", "a known leader": "Egypt and Israel"}[
        case
    ]
    (review,) = reviews_on(
        tmp_path, {"history.md": f"# {pair}\n\nThe two states were often at odds. {told}\n"}, essay(pair, "Ties", claim)
    )
    assert [f for f in review.of_kind("consistency") if f.rule == "wrong_year" and year in f.message], review.findings


def test_an_office_without_a_title_list_is_named_by_its_role(tmp_path: Path) -> None:
    """ "Foreign Secretary Jack Straw visited Tehran in May 2008": Straw had left the office in 2006, and the
    dictionary knows who held it then, but the check knew the titles of presidents and prime ministers only, so a
    foreign secretary, a secretary-general or an acting president was never checked. A role is its own title.
    Planted in a DEV answer (a British foreign secretary) and missed; on Iran–UK, written before the rule, with a
    guard in his term."""
    history = (
        "# Iran and the United Kingdom\n\nIn May 2008 David Miliband, the Foreign Secretary, met Iranian envoys.\n"
    )
    wrong, right = reviews_on(
        tmp_path,
        {"iran-uk.md": history},
        essay("Iran and the United Kingdom", "Diplomacy", "Foreign Secretary Jack Straw visited Tehran in May 2008."),
        essay(
            "Iran and the United Kingdom", "Diplomacy", "Foreign Secretary Jack Straw visited Tehran in September 2001."
        ),
    )
    found = [f for f in wrong.of_kind("consistency") if f.rule == "wrong_actor"]
    assert found and "Miliband" in found[0].message, wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_actor"], right.findings


def test_an_office_holder_is_checked_by_the_date_of_the_sentence_before(tmp_path: Path) -> None:
    """ "In February 2014 protesters toppled the government in Kyiv. President Leonid Kuchma fled to Russia.": the
    second sentence writes no date, but takes February 2014 from the one before it, when Kuchma had been out of
    office for nine years. Planted in DEV answers (a prime minister named in the sentence after the date) and
    missed; on Russia–Ukraine, written before the rule, with a guard on the president of that month."""
    history = "# Russia and Ukraine\n\nIn February 2014 President Viktor Yanukovych fled Kyiv for Russia.\n"
    body = "In February 2014 protesters toppled the government in Kyiv. President {} fled to Russia with his aides."
    wrong, right = reviews_on(
        tmp_path,
        {"ukraine.md": history},
        essay("Russia and Ukraine", "The crisis", body.format("Leonid Kuchma")),
        essay("Russia and Ukraine", "The crisis", body.format("Viktor Yanukovych")),
    )
    found = [f for f in wrong.of_kind("consistency") if f.rule == "wrong_actor"]
    assert found and "Yanukovych" in found[0].message, wrong.findings
    assert not [f for f in right.of_kind("consistency") if f.rule == "wrong_actor"], right.findings


GREECE_TURKEY_SEVEN_WRONG = """Introduction
Greece and Turkey are neighbours who have fought many times. In this answer I will trace their relations.

Early years
Greece and Turkey joined NATO in 1949 because of the Soviet threat. They were good friends in those years. The \
Istanbul pogrom took place in September 1957 when mobs destroyed Greek homes and shops.

Cyprus
In 1962 the Republic of Cyprus became independent. Turkish forces landed near Kyrenia in July 1975 and took a large \
part of the island.

Aegean
The Bern Declaration was signed in November 1979 to stop unilateral action in the Aegean. In 1989 Papandreou and \
Özal met at Davos and agreed to establish a hotline.

Friendship
Greek rescue teams helped Turkey after the Izmit earthquake of 2001. After that relations became much better.

Conclusion
Greece and Turkey should be friends because they are neighbours.
"""
SEVEN_RIGHT_YEARS = {"NATO": 1952, "pogrom": 1955, "independent": 1960, "Kyrenia": 1974, "Bern": 1976, "Davos": 1988,
                     "Izmit": 1999}  # fmt: skip


def test_seven_wrong_dates_on_another_pair_are_named_with_the_right_years(tmp_path: Path) -> None:
    """Issue 15's bar for the seed-style answer (6 of its 7 wrong dates named with the right year), on Greece–Turkey
    against the project's reference history of the pair: a weak answer written to check the review on a pair
    other than Pakistan–US found 3 of 7. The rules each test above names (a common word of a name, an agreement
    named after a capital, a state named only in the reason, the clause a year is in) brought it to 6; the pogrom
    is told across two sentences of the history (the name in one, the mobs in the next) and stays missed. Since
    2026-12-07 it is 5: the Izmit earthquake was found through two wrong events that matched, the answer's "Greek
    rescue teams helped Turkey" read as an ASSAULT and the history's "an earthquake struck the Izmit region" read as
    one; an earthquake is no actor now, and the classifier still reads "helped" there as an attack."""
    history = Path(__file__).parents[1] / "training" / "histories" / "GRC-TUR.md"
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([history])
        review = kb.review(
            GREECE_TURKEY_SEVEN_WRONG, question="Trace the evolution of Greece–Turkey relations since 1945."
        )
    found = [f.message for f in review.findings if f.rule == "wrong_year"]
    named = [
        k
        for k, year in SEVEN_RIGHT_YEARS.items()
        if any(k in m and re.search(rf"date this to {year}\b", m) for m in found)
    ]
    assert len(named) >= 5, found
