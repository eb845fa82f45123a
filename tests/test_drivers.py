"""Drivers from a general issue taxonomy, not one pair's framing (issue: the relationship as a historian reads it,
part 4). Written before the change, on pairs other than Pakistan-US: the issue cues were Pakistan-US's own
(Afghanistan, China, India and Kashmir, the Soviet Union) and "climate" in "economic climate" made a driver.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.analyze import analyze
from dyadscope.analyze.frame import FRAME_COLUMNS, issue_mask, issue_names
from dyadscope.analyze.phases import summarise
from dyadscope.extract.lexicon import CueTagger
from dyadscope.nlp.actor_data import load_builtin_actors
from dyadscope.pipeline import Pipeline

TAXONOMY = [
    "security_military",
    "nuclear_wmd",
    "terrorism",
    "territory_sovereignty",
    "trade_economy",
    "aid",
    "energy_climate",
    "human_rights_democracy",
    "migration",
    "technology",
]
ISSUES = CueTagger("issues.yaml")


def test_the_issues_are_the_general_taxonomy() -> None:
    assert issue_names() == TAXONOMY


def test_no_cue_names_a_country_a_capital_or_a_people() -> None:
    names = {alias.lower() for actor in load_builtin_actors() if actor.kind == "country" for alias in actor.aliases}
    cues = {cue for words in ISSUES.cues.values() for cue in words}
    assert not cues & names


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In 2018 the United States imposed tariffs on Chinese steel and aluminium.", {"trade_economy"}),
        (
            "In June 2020 Chinese and Indian troops clashed in the Galwan Valley on the disputed border.",
            {"security_military", "territory_sovereignty"},
        ),
        ("In 1987 Reagan and Gorbachev signed the INF Treaty eliminating medium-range missiles.", {"nuclear_wmd"}),
        ("In 2005 Germany and Russia agreed to build a gas pipeline under the Baltic Sea.", {"energy_climate"}),
        ("In March 2020 Greece accused Turkey of pushing refugees and migrants to the border.", {"migration"}),
        ("The European Union condemned Egypt's crackdown on dissidents and journalists.", {"human_rights_democracy"}),
        ("In 2019 Japan restricted exports of semiconductors to South Korea.", {"technology", "trade_economy"}),
        ("In 1982 Argentine forces invaded the Falkland Islands, which Britain held.", {"security_military"}),
        ("In 2001 the United States sent $50 million in humanitarian aid to Ethiopia.", {"aid"}),
        ("In 1993 Israel and the PLO agreed to fight terrorism together.", {"terrorism"}),
        # "hydrocarbon" and "drilling" (added on 2026-12-07 for a DEV question on hydrocarbon exploration around
        # the Falklands; this case was checked to fail without them)
        ("In 2010 Britain began drilling for hydrocarbons off the islands; Argentina protested.", {"energy_climate"}),
    ],
)
def test_issues_on_other_pairs(sentence: str, expected: set[str]) -> None:
    assert expected <= set(ISSUES(sentence))


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("The act speaks of the country's political and economic climate.", "energy_climate"),
        ("A presidential aide met the ambassador in Ankara.", "aid"),
        ("It was an important visit for both governments.", "trade_economy"),
        ("The warm reception in Seoul surprised the delegation.", "security_military"),
    ],
)
def test_a_word_alone_makes_no_driver(sentence: str, absent: str) -> None:
    assert absent not in ISSUES(sentence)


def _phase_frame(rows: list[tuple[int, float, str, str]]) -> pd.DataFrame:
    """Greece–Turkey events as (year, intensity, issue, third parties "|"-joined)."""
    names = issue_names()
    out = []
    for n, (year, x, issue, others) in enumerate(rows):
        day = pd.Timestamp(year, 1 + n % 12, 1)
        out.append((f"e{n}", day, day, "GRC", "TUR", "SANCTION" if x < 0 else "AID", x, 0.8,
                    issue_mask([issue], names), "text", "doc", "title", n, "history", others))  # fmt: skip
    return pd.DataFrame(out, columns=[*FRAME_COLUMNS, "others"])


def test_third_parties_named_in_the_events_drive_the_phase() -> None:
    # Cyprus is named in most of the hostile years' events: it drives that phase, though no issue cue names it
    rows = [(year, 5.0, "trade_economy", "") for year in range(1950, 1960) for _ in range(3)]
    rows += [
        (year, -6.0, "territory_sovereignty", "CYP" if k < 2 else "") for year in range(1960, 1975) for k in range(3)
    ]
    result = analyze(_phase_frame(rows), ("GRC", "TUR"), "year")
    hostile = next(p for p in result.phases if p.score < 0)
    parties = [d for d in hostile.drivers if d.kind == "third party"]
    assert parties and parties[0].issue == "CYP" and parties[0].contribution < 0
    assert all(d.kind == "issue" or d.issue == "CYP" for d in hostile.drivers)
    assert any(d.issue == "CYP" for d in result.turns[0].drivers)  # the turn that cooled relations names it
    assert "Cyprus" in summarise(hostile) or "CYP" in summarise(hostile)


def test_a_driver_needs_events_about_it_not_one_word() -> None:
    # one event of a phase mentions the United States, one is about energy: neither drives the phase
    rows = [(year, 4.0, "trade_economy", "") for year in range(1990, 2000) for _ in range(3)]
    rows[4] = (1991, 4.0, "energy_climate", "USA")
    phase = analyze(_phase_frame(rows), ("GRC", "TUR"), "year").phases[0]
    assert {d.issue for d in phase.drivers} == {"trade_economy"}


def test_events_record_the_other_states_their_sentence_names(pipeline: Pipeline) -> None:
    events = pipeline.code_text("In 1974 Turkey invaded Cyprus after Greece backed a coup on the island.")
    greek = [e for e in events if {"GRC", "TUR"} <= {*e.source, *e.target}]
    invasion = [e for e in events if e.source == ["TUR"] and e.target == ["CYP"]]
    assert invasion and "GRC" in invasion[0].others
    assert all(not set(e.others) & {*e.source, *e.target} for e in events)
    assert greek == [] or all("CYP" in e.others for e in greek)
