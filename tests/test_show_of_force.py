"""A show of force is MOBILIZE, not ASSAULT (PLOVER manual, MOBILIZE: "all military or police moves that fall
short of the actual use of force ... typically a demonstration of military capabilities and readiness").

Found on the development fold: "fired missiles over Japan", "fired four missiles into the East Sea in a show of
force" and "fired hundreds of warning shots" were coded as attacks (−10 on the index). Missiles fired into the
sea, over a country, as warning shots or in a test use no force on anyone; fired at someone, they do. Written
before the change, on pairs other than Pakistan–US.
"""

from __future__ import annotations

import pytest
from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("In August 2022 China fired ballistic missiles into waters around Taiwan.", "CHN"),
        ("In August 2017 North Korea fired a missile over Japan.", "PRK"),
        ("In March 2023 North Korea launched an intercontinental ballistic missile into the sea off Japan.", "PRK"),
        ("In 2012 India test-fired an Agni-V missile.", "IND"),
        ("In July 2019 South Korean jets fired warning shots at a Russian military aircraft.", "KOR"),
    ],
)
def test_missiles_fired_into_the_sea_over_a_country_as_a_warning_or_a_test_are_a_show_of_force(
    pipeline: Pipeline, text: str, source: str
) -> None:
    events = asserted(pipeline, text)
    assert any(e.type == "MOBILIZE" and e.source == [source] for e in events), [(e.type, e.source) for e in events]
    assert not any(e.type == "ASSAULT" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "In January 2020 Iran fired missiles at American bases in Iraq.",
        "In May 2021 Hamas fired rockets into Israel.",
        "In 1991 Iraq launched Scud missiles against Saudi Arabia.",
    ],
)
def test_missiles_fired_at_someone_are_an_attack(pipeline: Pipeline, text: str) -> None:
    assert any(e.type == "ASSAULT" for e in asserted(pipeline, text))


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        (
            "In March 2005 China declared that a formal declaration of independence by Taiwan would be a cause "
            "for war.",
            "CHN",
            "TWN",
        ),
        (
            "In July 2019 the Iranian parliament declared that any seizure of Iranian tankers by Britain would be "
            "an act of war.",
            "IRN",
            "GBR",
        ),
        ("In 2012 Israel said that a nuclear-armed Iran would be a casus belli.", "ISR", "IRN"),
    ],
)
def test_declaring_something_a_cause_for_war_is_a_threat(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    """Found on the index's tuning pairs, where a parliament's declaration that a neighbour's act "would be a cause
    for war" was no event at all: a report verb's clause is read as what it reports, and a cause for war is no
    act. Declaring an act a cause for war, an act of war or a casus belli threatens force (CAMEO 138)."""
    events = asserted(pipeline, text)
    assert any(e.type == "THREATEN" and e.source == [source] and e.target == [target] for e in events), [
        (e.type, e.source, e.target) for e in events
    ]


def test_calling_a_past_act_a_cause_for_war_in_a_history_is_no_threat(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "Historians said the assassination in Sarajevo was the cause of the war in 1914.")
    assert not any(e.type == "THREATEN" for e in events)


def test_a_past_act_called_an_act_of_war_is_judged_not_threatened(pipeline: Pipeline) -> None:
    """ "Iran said that the killing of Soleimani was an act of war" condemns what was done; only something still to
    come ("would be a cause for war") is threatened."""
    events = asserted(
        pipeline, "In January 2020 Iran said that the killing of Soleimani by the United States was an act of war."
    )
    assert not any(e.type == "THREATEN" for e in events)
