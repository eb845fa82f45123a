"""Document kinds (issue 13, part 2): detected from the text, set by a `kind:` line or `ingest --kind`; non-prose
and student answers are never coded; table rows are data, not sentences to code; each kind has a weight.

Every text here is about pairs other than Pakistan–US."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app
from dyadscope.data.kinds import KIND_TABLE
from dyadscope.ingest import IngestError, read_document
from dyadscope.models import DOCUMENT_KINDS
from dyadscope.nlp.kinds import detect_kind
from dyadscope.pipeline import Pipeline

runner = CliRunner()

OFFICIAL = """Joint Statement of the Government of Japan and the Government of the Republic of Korea

1. Prime Minister of Japan and President of the Republic of Korea held a summit meeting in Tokyo on 16 March 2023.
2. The two leaders decided to resume the reciprocal visits of their leaders ("shuttle diplomacy").
3. Both sides shall establish a consultative body on economic security and hereby agree to restore each other's
trade status.
"""

HISTORY = """Greece and Turkey fought a war from 1919 to 1922 that ended with the defeat of the Greek army in Anatolia.
The Treaty of Lausanne of 1923 provided for an exchange of populations between the two countries.
In 1930 Venizelos and Atatürk signed a treaty of friendship, and both states joined NATO in 1952.
Relations worsened after the Istanbul pogrom of 1955 and over Cyprus in 1964 and 1974, when Turkey invaded the
island after a Greek-backed coup.
"""

NEWS = """ANKARA, March 3 (Reuters) - Turkey's foreign minister said on Tuesday that Ankara would not accept Greek
demands to demilitarise the islands, a day after talks in Athens ended without agreement.
"We will not step back," he told reporters, according to a ministry transcript.
Greek officials said they would raise the matter at the European Council on Thursday.
"""

ANALYSIS = """Why the China-India thaw will not last

In this essay I argue that the rapprochement announced after the Kazan meeting is tactical. Beijing should not
expect New Delhi to abandon its partnerships, and India must not mistake a disengagement for a settlement.
Arguably, the border remains the crux: without a boundary agreement, any improvement is hostage to the next patrol
clash. Policymakers in both capitals would do well to lower their expectations.
"""

NOTE = """Russia-Ukraine relations: revision notes

Key points
- 1991: Ukraine independent; Budapest Memorandum 1994 -> security assurances
- 2014: Crimea annexed; war in Donbas
- 2022: full-scale invasion (24 Feb)

Factors:
1. NATO enlargement
2. Energy transit (gas pipelines)
"""

ANSWER = """Q. Critically evaluate the role of energy in Russia-Germany relations since 2000. (20 marks)

Ans: Introduction. In this answer I will show that energy bound the two states together until 2022.
Germany imported more Russian gas after Nord Stream 1 opened in 2011. [Teacher: give the year it opened]
Conclusion. Thus energy was both a bridge and a weakness.
"""

NONPROSE = """# eu-turkey-data

Scripts to build the dataset.

## Installation

```
pip install -r requirements.txt
```

| year | event | actors |
|------|-------|--------|
| 1999 | Helsinki summit grants candidacy | EU, Turkey |
| 2005 | accession talks open | EU, Turkey |

## License

MIT. Copyright (c) 2024 the authors. All rights reserved.
"""

EXPECTED = {
    "official": OFFICIAL,
    "history": HISTORY,
    "news": NEWS,
    "analysis": ANALYSIS,
    "note": NOTE,
    "answer": ANSWER,
    "nonprose": NONPROSE,
}


def test_every_kind_has_a_documented_weight() -> None:
    assert set(DOCUMENT_KINDS) == set(KIND_TABLE)
    for kind in DOCUMENT_KINDS:
        entry = KIND_TABLE[kind]
        assert entry.description and 0.0 <= entry.index_weight <= 1.0 and 0.0 <= entry.evidence_weight <= 1.0
    assert not KIND_TABLE["answer"].coded and KIND_TABLE["answer"].evidence_weight == 0
    assert not KIND_TABLE["nonprose"].coded and KIND_TABLE["nonprose"].evidence_weight == 0
    docs = (Path(__file__).resolve().parents[1] / "docs" / "index.md").read_text(encoding="utf-8")
    assert all(f"`{kind}`" in docs for kind in DOCUMENT_KINDS)  # the weights are documented beside the formula


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_kind_is_detected_from_the_text(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(EXPECTED[kind], encoding="utf-8")
    raw = read_document(path)
    assert detect_kind(raw).kind == kind


def test_a_kind_line_sets_the_kind_and_is_not_a_sentence(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "greece-turkey.txt"
    path.write_text("kind: news\n\n" + HISTORY, encoding="utf-8")
    raw = read_document(path)
    assert (raw.kind, raw.kind_origin) == ("news", "kind-line")
    assert not raw.text.lower().startswith("kind")
    processed = pipeline.process(raw)
    assert processed.raw.kind == "news" and all("kind:" not in s.text for s in processed.sentences)


def test_an_unknown_kind_line_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text("Kind: gossip\n\n" + HISTORY, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "odd.txt" in message and "gossip" in message and "official" in message and "\n" not in message


def test_nonprose_and_answers_are_never_coded(pipeline: Pipeline, tmp_path: Path) -> None:
    for kind in ("nonprose", "answer"):
        path = tmp_path / f"{kind}.md"
        path.write_text(f"kind: {kind}\n\n" + HISTORY, encoding="utf-8")
        assert pipeline.process(read_document(path)).events == []
    path = tmp_path / "history.md"
    path.write_text(HISTORY, encoding="utf-8")
    assert pipeline.process(read_document(path)).events  # the same text as history is coded


def test_table_rows_are_data_not_sentences_to_code(pipeline: Pipeline, tmp_path: Path) -> None:
    text = (
        "Egypt and Israel signed a peace treaty in March 1979, sixteen months after Sadat's visit to Jerusalem.\n"
        "The Arab League suspended Egypt's membership and moved its headquarters from Cairo to Tunis.\n\n"
        "Israel returned the Sinai in stages, as the timeline shows.\n\n"
        "| year | what |\n|---|---|\n| 1978 | Egypt and Israel signed the Camp David Accords |\n"
        "| 1982 | Israel withdrew from the Sinai |\n"
    )
    path = tmp_path / "egypt-israel.md"
    path.write_text(text, encoding="utf-8")
    processed = pipeline.process(read_document(path))
    rows = [s for s in processed.sentences if "Camp David" in s.text or "withdrew from the Sinai" in s.text]
    assert rows and all(s.is_table for s in rows)
    assert processed.events and all("Camp David" not in e.evidence.text for e in processed.events)
    assert all("withdrew from the Sinai" not in e.evidence.text for e in processed.events)


def test_ingest_kind_option_overrides_and_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "greece-turkey.md").write_text(HISTORY, encoding="utf-8")
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--kind", "analysis"])
    assert result.exit_code == 0, result.output
    with dyadscope.open(db) as kb:
        (doc,) = kb.documents()
        assert (doc["kind"], doc["kind_origin"]) == ("analysis", "user")
    # the same file again: unchanged, the user's kind kept; with --kind detect the kind is read again, and the
    # document is replaced, not duplicated
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0 and "unchanged" in again.output, again.output
    detect = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--kind", "detect"])
    assert detect.exit_code == 0 and "replaced" in detect.output and "history" in detect.output, detect.output
    with dyadscope.open(db) as kb:
        (doc,) = kb.documents()
        assert (doc["kind"], doc["kind_origin"]) == ("history", "detected")
    bad = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--kind", "gossip"])
    assert bad.exit_code != 0 and "gossip" in bad.output and "Traceback" not in bad.output


def test_a_student_answer_is_never_evidence(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "history.md").write_text(HISTORY, encoding="utf-8")
    (folder / "answer.md").write_text(
        "kind: answer\n\nGreece and Turkey signed a treaty of friendship in 1930 after Venizelos visited Ankara.\n",
        encoding="utf-8",
    )
    db = tmp_path / "kb.db"
    with dyadscope.open(db) as kb:
        kb.ingest([folder])
        answer = kb.ask("When did Greece and Turkey sign a treaty of friendship?")
        cited = {c.doc for p in answer.points for c in p.citations} if hasattr(answer, "points") else set()
        text = json.dumps(answer.to_dict())
    assert "answer.md" not in text and not any("answer.md" in d for d in cited)


def test_ingest_says_when_a_file_is_read_as_not_evidence(tmp_path: Path) -> None:
    """A file read as a student's answer or as non-prose is stored but not coded: ingest says so, and how to
    change it, so a user's notes are never dropped from the index in silence."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "answer.md").write_text(ANSWER, encoding="utf-8")
    (folder / "history.md").write_text(HISTORY, encoding="utf-8")
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    hint = [line for line in result.output.splitlines() if "answer.md" in line or "not coded" in line]
    assert any("read as a student's answer" in line and "--kind" in line for line in hint), result.output
    assert not any("history.md" in line and "not coded" in line for line in result.output.splitlines())
    told = runner.invoke(app, ["ingest", str(folder / "answer.md"), "--db", str(db), "--kind", "note"])
    assert "not coded" not in told.output  # the user's own kind: no hint


def test_html_table_rows_are_not_coded(pipeline: Pipeline, tmp_path: Path) -> None:
    """docs/index.md says rows of an HTML table are data too: the reader joins a <tr>'s cells with " | "."""
    path = tmp_path / "egypt-israel.html"
    path.write_text(
        "<html><body><h1>Egypt and Israel</h1><p>Egypt and Israel signed a peace treaty in March 1979 after talks at"
        " Camp David in the United States.</p><table><tr><td>1978</td><td>Egypt and Israel signed the Camp David"
        " Accords</td></tr><tr><td>1982</td><td>Israel withdrew from the Sinai</td></tr></table></body></html>",
        encoding="utf-8",
    )
    processed = pipeline.process(read_document(path))
    rows = [s for s in processed.sentences if s.text.startswith(("1978", "1982"))]
    assert len(rows) == 2 and all(s.is_table for s in rows)
    assert processed.events and all(not e.evidence.text.startswith(("1978", "1982")) for e in processed.events)
