"""A body named again by a common noun: "the bloc", "the alliance", "the group", "the resolution".

Found on the development fold of the labelled sentences (never on the test split): an organisation or an armed group
named once and then called "the bloc" or "the group" lost its later acts, which had no source. Each test is on a
pair other than Pakistan–United States and failed before the change.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_the_bloc_is_the_organisation_named_before(pipeline: Pipeline) -> None:
    text = (
        "In September 2014 the Southern African Development Community sent a mission to Lesotho. "
        "The bloc condemned the attack on the police in Maseru and called on Lesotho's army to return to barracks."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["SADC"] and e.target == ["LSO"] and e.type == "REQUEST" for e in events)


def test_the_group_is_the_armed_group_named_before(pipeline: Pipeline) -> None:
    text = (
        "ETA declared a permanent ceasefire in March 2006. "
        "In December 2006 the group bombed a car park at Madrid's Barajas airport, killing two people."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["ETA"] and e.type == "ASSAULT" for e in events)


def test_a_resolution_acts_for_the_body_that_adopted_it(pipeline: Pipeline) -> None:
    text = (
        "On 19 June 2020 the IAEA Board of Governors adopted a resolution drafted by Britain, France and Germany. "
        "The resolution calls on Iran to restore access for inspectors."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["IAEA"] and e.target == ["IRN"] and e.type == "REQUEST" for e in events)


def test_a_body_named_long_before_is_not_the_antecedent(pipeline: Pipeline) -> None:
    """Four sentences on, "the alliance" may be another one: no source rather than a wrong one."""
    text = (
        "In 1999 NATO bombed Serbia for 78 days. Serbia withdrew its forces from Kosovo in June. "
        "UN administrators took over the province. Elections were held in 2001. Violence returned in 2004. "
        "In 2008 the alliance's new members welcomed Kosovo's declaration of independence."
    )
    events = asserted(pipeline, text)
    assert not any(e.source == ["NATO"] and e.date and e.date.start.year == 2008 for e in events)
