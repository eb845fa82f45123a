"""What an actor acts with is not whom it acts on, and an agreement to act is one event, not two.

Found on the development fold of the labelled sentences (never on the test split): "agreed to withdraw its troops
from Afghanistan" was coded as the Soviet Union acting on itself (its troops, the verb's object, taken as the
target), and "agreed to lift its tariffs" as two events, AGREE at "agreed" and CONCEDE at "lift". The sentences
here are written for these tests, on pairs other than Pakistan–United States; each failed before the change.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_its_own_troops_or_envoy_are_not_the_target(pipeline: Pipeline) -> None:
    for text, source, target in (
        ("In 1988 the Soviet Union agreed to withdraw its troops from Afghanistan.", "SUN", "AFG"),
        ("In August 2018 Saudi Arabia recalled its ambassador from Canada.", "SAU", "CAN"),
        ("In May 2000 Britain sent its troops to Sierra Leone.", "GBR", "SLE"),
    ):
        events = asserted(pipeline, text)
        assert any(e.source == [source] and e.target == [target] for e in events), (text, events)
        assert not any(e.source == [source] and e.target == [source] for e in events), (text, events)


def test_a_state_acting_on_its_own_sector_is_still_domestic(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "In April 2019 the Sudanese army arrested the country's president, Omar al-Bashir.")
    assert any(e.type == "COERCE" and e.source == ["SDN"] and e.target == ["SDN"] for e in events)


def test_agreeing_to_an_act_is_one_event_of_the_act(pipeline: Pipeline) -> None:
    for text, kind in (
        ("In May 2019 the United States agreed to lift its tariffs on Canadian steel.", "CONCEDE"),
        ("In 2021 Ethiopia agreed to release the detained Kenyan aid workers.", "CONCEDE"),
        ("In March 2022 Japan pledged to send emergency aid to Ukraine.", "AGREE"),
    ):
        events = asserted(pipeline, text)
        assert [e.type for e in events] == [kind], (text, events)
