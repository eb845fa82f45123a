"""Every page says what it counts (issue: no command surprises, item 14).

The same pair showed 254 events (`events`), 189 (the web menu), 139 dated (`timeline`) and 86 deduplicated
(`report`) with nothing to say why. Each view now counts one thing, named on it, and `KnowledgeBase.counts`
gives all four. The text is about India and China: an undated protest, a hypothetical sanction, protesters
(a sector that does not act for its state), an era-long date and a retold attack each fall out of one count.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app
from dyadscope.web import create_app

runner = CliRunner()
BORDER = """# India and China

In April 1954 India and China signed the Panchsheel agreement on trade with Tibet.
In October 1962 Chinese troops attacked Indian positions in the Himalayas.
In October 1962 China attacked India across the McMahon Line.
India may impose sanctions on China if the attacks continue.
India protested to China about the new map.
Indian protesters burned Chinese flags outside the embassy in New Delhi in June 2020.
During the Cold War China criticized India.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("counts")
    source = folder / "border.md"
    source.write_text(BORDER, encoding="utf-8")
    path = folder / "kb.db"
    with dyadscope.open(path) as kb:
        kb.ingest([source])
    return path


def test_the_four_counts_are_what_each_view_shows(db: Path) -> None:
    with dyadscope.open(db) as kb:
        counts = kb.counts("India-China")
        analysis = kb.analysis("CHN-IND")
        assert counts.dyad == ("CHN", "IND")
        assert counts.listed == len(kb.events(dyad="CHN-IND"))
        assert counts.dated == len(kb.timeline("CHN", "IND"))
        assert counts.measured == analysis.measured == dict(kb.store.dyads())["CHN-IND"]
        assert counts.happenings == len(analysis.events)
        # each narrower view leaves something out here, and says so
        assert counts.listed > counts.dated > counts.measured > counts.happenings > 0
        sentence = counts.sentence()
        for number in (counts.listed, counts.dated, counts.measured, counts.happenings):
            assert str(number) in sentence
        assert "retellings" in sentence and "hypothetical" in sentence


def test_each_command_says_what_it_counts(db: Path, tmp_path: Path) -> None:
    with dyadscope.open(db) as kb:
        counts = kb.counts("CHN-IND")
    listed = runner.invoke(app, ["events", "--dyad", "India-China", "--db", str(db)], terminal_width=200)
    assert listed.exit_code == 0, listed.output
    assert "undated and hypothetical ones too, negated ones left out" in listed.output
    assert f"Of {counts.listed} events between CHN and IND" in listed.output
    timeline = runner.invoke(app, ["timeline", "China", "India", "--db", str(db)], terminal_width=200)
    assert f"CHN–IND: {counts.dated} dated events" in timeline.output
    assert f"{counts.measured} measured by the index" in timeline.output
    index = runner.invoke(app, ["index", "CHN", "IND", "--db", str(db)], terminal_width=200)
    assert f"{counts.happenings} distinct happenings from {counts.measured} measured events" in index.output
    report = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "CHN", "IND", "-o", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{counts.happenings} distinct happenings from {counts.measured} measured events" in report.read_text()


def test_the_web_menu_and_page_count_the_same_events(db: Path) -> None:
    with dyadscope.open(db) as kb:
        counts = kb.counts("CHN-IND")
    with TestClient(create_app(db, warm_up=False), base_url="http://127.0.0.1") as client:
        page = client.get("/relationship", params={"dyad": "CHN-IND"}).text
    assert f"CHN-IND ({counts.measured} measured events)" in page
    assert f"{counts.happenings} distinct happenings" in page
    assert f"Of {counts.listed} events between CHN and IND" in page


COLD_WAR = """# Moscow and Washington

In October 1962 the Soviet Union placed missiles in Cuba, and the United States imposed a blockade on Cuba.
In 1963 the Soviet Union and the United States signed the Limited Test Ban Treaty.
In 1972 Nixon and Brezhnev signed the SALT I agreement in Moscow.
In 2014 the United States imposed sanctions on Russia after it annexed Crimea.
"""


def test_a_pair_includes_its_states_predecessors_in_every_view(tmp_path: Path) -> None:
    """Russia-US relations as historians read them start in 1945: the coder names the state the Soviet Union
    before 1992 (data/actors/successions.csv), so `RUS-USA` showed the years after 1991 alone. Every view of
    a pair now includes its predecessors' events, and says so."""
    source = tmp_path / "cold-war.md"
    source.write_text(COLD_WAR, encoding="utf-8")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([source])
        soviet = kb.events(dyad="SUN-USA")
        russian = kb.events(dyad="Russia-United States")
        assert soviet and {e.dyad for e in russian} == {"RUS-USA", "SUN-USA"}
        assert len(russian) == len(soviet) + len([e for e in russian if e.dyad == "RUS-USA"])
        years = {e.date.start.year for e in kb.timeline("RUS", "USA") if e.date}
        assert {1963, 2014} <= years
        analysis = kb.analysis("RUS-USA")
        assert analysis.events["start"].min().year <= 1963 and analysis.events["start"].max().year == 2014
        counts = kb.counts("RUS-USA")
        assert counts.measured == analysis.measured and "SUN-USA" in counts.sentence()
        assert kb.counts("SUN-USA").includes == ()  # the predecessor's own pair is its own
        assert dict(kb.dyads())["RUS-USA"] == counts.measured  # the web menu's count is the page's


def test_the_python_and_sql_rules_for_measured_events_agree(db: Path) -> None:
    """`models.measurable` (events in memory) and the store's SQL (`measurable_count`) state one rule twice; on a
    text where each of its clauses leaves an event out, both keep the same events."""
    from dyadscope.analyze import frame_from_events

    with dyadscope.open(db) as kb:
        every = kb.events(dyad="CHN-IND", include_negated=True)
        kept = frame_from_events(every)
        assert len(kept) == kb.store.measurable_count(("CHN", "IND")) < len(every)
