"""Drivers from a general issue taxonomy, not one pair's framing (issue: the relationship as a historian reads it,
part 4). Written before the change, on pairs other than Pakistan-US: the issue cues were Pakistan-US's own
(Afghanistan, China, India and Kashmir, the Soviet Union) and "climate" in "economic climate" made a driver.
"""

from __future__ import annotations

import pytest

from dyadscope.analyze.frame import issue_names
from dyadscope.extract.lexicon import CueTagger
from dyadscope.nlp.actor_data import load_builtin_actors

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
