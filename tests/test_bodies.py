"""A body named again by a common noun: "the bloc", "the alliance", "the group", "the resolution".

Found on the development fold of the labelled sentences (never on the test split): an organisation or an armed group
named once and then called "the bloc" or "the group" lost its later acts, which had no source. Each test is on a
pair other than Pakistan–United States and failed before the change.
"""

from __future__ import annotations

import pytest
from tests.conftest import asserted

from dyadscope.pipeline import Pipeline

NAMED_AGAIN = {
    "the bloc is the organisation named before": (
        "In September 2014 the Southern African Development Community sent a mission to Lesotho. "
        "The bloc condemned the attack on the police in Maseru and called on Lesotho's army to return to barracks.",
        ("SADC", "LSO", "REQUEST"),
    ),
    "the group is the armed group named before": (
        "ETA declared a permanent ceasefire in March 2006. "
        "In December 2006 the group bombed a car park at Madrid's Barajas airport, killing two people.",
        ("ETA", None, "ASSAULT"),
    ),
    "a resolution acts for the body that adopted it": (
        "On 19 June 2020 the IAEA Board of Governors adopted a resolution drafted by Britain, France and Germany. "
        "The resolution calls on Iran to restore access for inspectors.",
        ("IAEA", "IRN", "REQUEST"),
    ),
}


@pytest.mark.parametrize("case", NAMED_AGAIN)
def test_a_body_named_again_acts(pipeline: Pipeline, case: str) -> None:
    text, (source, target, kind) = NAMED_AGAIN[case]
    events = asserted(pipeline, text)
    assert any(e.source == [source] and (target is None or e.target == [target]) and e.type == kind for e in events), (
        events
    )


def test_a_body_named_long_before_is_not_the_antecedent(pipeline: Pipeline) -> None:
    """Four sentences on, "the alliance" may be another one: no source rather than a wrong one."""
    text = (
        "In 1999 NATO bombed Serbia for 78 days. Serbia withdrew its forces from Kosovo in June. "
        "UN administrators took over the province. Elections were held in 2001. Violence returned in 2004. "
        "In 2008 the alliance's new members welcomed Kosovo's declaration of independence."
    )
    events = asserted(pipeline, text)
    assert not any(e.source == ["NATO"] and e.date and e.date.start.year == 2008 for e in events)


def test_a_body_named_earlier_in_the_same_sentence_is_the_antecedent(pipeline: Pipeline) -> None:
    """The module's rule says "the same or the sentences before it"; a body named earlier in the sentence itself was
    missed, and the act fell back on the document's states (found on the index's TUNE pairs; tested elsewhere)."""
    demanded = asserted(
        pipeline, "In June 2021 the African Union suspended Mali, and the bloc demanded elections within 18 months."
    )
    assert any(e.source == ["AU"] and e.type == "REQUEST" for e in demanded), demanded
    left = asserted(
        pipeline,
        "In protest at NATO's failure to act, France withdrew from the alliance's integrated military command in 1966.",
    )
    assert left and all(e.source == ["FRA"] and e.target == ["NATO"] for e in left), left


def test_a_secretary_general_is_the_organisations_not_a_state_named_near(pipeline: Pipeline) -> None:
    """Found on the development fold: in a statement of the UN Secretary-General ("The Secretary-General strongly
    condemns the airstrike by the Myanmar military ... He calls on the military ..."), the bare title was read as an
    official of the state the sentence names, and the statement became that state's accusation of another. An
    organisation's officer is its body's when the phrase names it ("the UN Secretary-General"), else nobody's (no
    source rather than a wrong one: the body named last may be the one the statement is about)."""
    alone = asserted(
        pipeline,
        "On 3 May 2008 the Secretary-General strongly condemned the attack by Sudanese forces on Chadian border "
        "posts. He called on Sudan to exercise restraint.",
    )
    said = [e for e in alone if e.trigger in {"condemned", "called on"}]
    assert not any(e.source == ["SDN"] for e in said), [(e.trigger, e.source, e.target) for e in said]
    named = asserted(
        pipeline,
        "On 3 May 2008 the UN Secretary-General condemned the attack on Chadian border posts "
        "and called on Sudan to exercise restraint.",
    )
    assert any(e.source == ["UN"] and e.target == ["SDN"] and e.type == "REQUEST" for e in named), named
