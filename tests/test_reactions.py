"""A reaction drawn from a state: "X's move drew condemnation from Y" is Y acting on X.

Found on the Greece–Turkey and Pakistan–US histories the index is tuned on: the state after "from" was read as
the one acted on, and the event, with no source, was dropped. Tests on other pairs, written before the change;
both failed on the coder before it.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_condemnation_drawn_from_a_state_is_that_state_accusing(pipeline: Pipeline) -> None:
    events = asserted(
        pipeline, "India's revocation of Kashmir's autonomy in August 2019 drew condemnation from Pakistan."
    )
    assert any(e.source == ["PAK"] and e.target == ["IND"] for e in events), [(e.source, e.target) for e in events]
    assert not any(e.target == ["PAK"] for e in events)


def test_protests_provoked_from_a_state_are_that_states(pipeline: Pipeline) -> None:
    text = (
        "Japan's decision to release treated water from the Fukushima plant in August 2023 drew fierce protests "
        "from China."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["CHN"] and e.target == ["JPN"] for e in events), [(e.source, e.target) for e in events]


def test_the_state_reacting_is_not_the_target_of_the_act_it_reacts_to(pipeline: Pipeline) -> None:
    text = "The Israeli raid on the compound in Jerusalem in May 2021 provoked sharp criticism from Jordan."
    events = asserted(pipeline, text)
    assert not any(e.source == ["ISR"] and e.target == ["JOR"] for e in events), [
        (e.type, e.source, e.target) for e in events
    ]


def test_an_act_a_state_condemns_keeps_its_own_type(pipeline: Pipeline) -> None:
    """ "condemned the attack by Sudanese forces" with no state condemning: the model read the condemnation onto
    the noun "attack" (an accusation by Sudan). The noun a judging verb speaks of is its own act, of its own
    type, or none. Written before the rule, on Sudan–Chad and Azerbaijan–Armenia."""
    events = asserted(
        pipeline, "On 3 May 2008 the Secretary-General condemned the attack by Sudanese forces on Chadian border posts."
    )
    assert not any(e.type == "ACCUSE" and e.source == ["SDN"] for e in events), [
        (e.type, e.source, e.target) for e in events
    ]
    events = asserted(pipeline, "In 2020 the Pope deplored the shelling by Azerbaijani forces of Armenian villages.")
    assert not any(e.type == "ACCUSE" and e.source == ["AZE"] for e in events), [
        (e.type, e.source, e.target) for e in events
    ]
