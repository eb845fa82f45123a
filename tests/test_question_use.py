"""The question as read (directive, frame, variables) is shown to the user and bounds what `ask` answers
(issue 15, parts 1 and 4). Greece–Turkey and China–India texts: no Pakistan–US framing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.cli import app

HISTORY = """# Greece and Turkey

In 1930 Greece and Turkey signed a treaty of friendship in Ankara.
In 1952 Greece and Turkey joined NATO together.
In September 1955 rioters attacked the Greek community of Istanbul.
In 1974 Turkey invaded Cyprus after a coup backed by the Greek junta.
In 1987 Turkey and Greece came close to war over oil exploration in the Aegean.
In January 1996 Greece and Turkey confronted each other over the Imia islets.
In 1999 Greece lifted its veto on Turkey's candidacy for the European Union.
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("grc")
    (folder / "history.md").write_text(HISTORY, encoding="utf-8")
    base = dyadscope.open(folder / "kb.db")
    base.ingest([folder])
    return base


def test_the_answer_shows_how_the_question_was_read(kb: KnowledgeBase) -> None:
    answer = kb.ask("Critically evaluate Greece–Turkey relations between 1974 and 1999 vis-à-vis the Aegean dispute")
    reading = answer.to_dict()["reading"]
    assert reading["directive"] == "critically evaluate" and reading["pair"] == ["GRC", "TUR"]
    assert reading["frame"]["start"].startswith("1974") and reading["frame"]["end"].startswith("1999")
    assert any("Aegean" in v for v in reading["variables"])
    assert "critically evaluate" in answer.to_markdown() and "Aegean" in answer.to_markdown().split("\n")[2]


def test_a_frame_the_documents_say_nothing_about_is_refused(kb: KnowledgeBase) -> None:
    answer = kb.ask("Discuss Greece–Turkey relations since 2016.")
    assert not answer.supported
    assert "2016" in answer.refusal and "add sources" in answer.refusal
    assert answer.refusal in answer.to_markdown()


def test_cli_ask_prints_the_reading(kb: KnowledgeBase, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ask", "Examine Greece–Turkey relations in the 1990s", "--db", str(kb.store.path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reading"]["directive"] == "examine" and data["supported"]


SUPERPOWERS = """# The United States and the Soviet Union

In 1972 the United States and the Soviet Union signed the SALT I agreement in Moscow.
In 1974 Congress passed the Jackson-Vanik Amendment, which denied most-favoured-nation trade status to states that
restricted emigration.
The Soviet Union protested that the amendment interfered in its internal affairs.
In 1979 the two superpowers signed the SALT II treaty in Vienna.
In December 1979 Soviet troops invaded Afghanistan and the United States imposed a grain embargo on the Soviet Union.
In 1987 Reagan and Gorbachev signed the INF Treaty in Washington.
"""


def test_a_law_asked_for_by_name_is_found_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "superpowers.md").write_text(SUPERPOWERS, encoding="utf-8")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([tmp_path / "superpowers.md"])
        answer = kb.ask("What did the Jackson-Vanik Amendment do to Soviet-US trade?")
    assert answer.supported and "Jackson-Vanik" in answer.points[0].citations[0].text


BORDER_WAR = """# China and India

## The border war and after, 1959-1969

In the 1960s relations between China and India stayed poor. The dispute over the border grew sharper in those
years. In October 1962 China attacked Indian positions in the Himalayas. In November 1962 China declared a
unilateral ceasefire and withdrew its troops from the eastern sector. In December 1962 India rejected the
Colombo proposals for talks on the border. Both capitals recalled their ambassadors after the war.
"""


def test_ask_keeps_to_points_dated_inside_a_short_frame(tmp_path: Path) -> None:
    """ "How did the 1962 war affect China–India relations?": sentences dated only by a decade ("in the 1960s") or a
    heading's span (1959–1969) cover 1962 but do not place a point in it; with three points dated inside the
    frame, the answer keeps to them. Written before the rule, after a Greece–Turkey answer on the 1996 crisis
    padded its points with a heading's 1988–1998 and "in the 1990s"."""
    (tmp_path / "border.md").write_text(BORDER_WAR, encoding="utf-8")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([tmp_path / "border.md"])
        answer = kb.ask("How did the 1962 war affect China–India relations?")
    dated = [p.date for p in answer.points if p.date is not None]
    assert len(answer.points) >= 3 and len(dated) == len(answer.points), answer.points
    assert all(d.start.year >= 1962 and d.end.year <= 1963 for d in dated), [(p.text, p.date) for p in answer.points]
