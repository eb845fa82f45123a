"""Acts joined by "and" are events of their own, even of one type; two words of one act stay one event.

Found on the development fold of the labelled sentences (never on the test split): a sentence whose state took
several measures of one type ("downgraded relations, expelled the ambassador and closed the border") gave one
event, the most confident, so every measure after the first was lost to the event list. Each test is on a pair
other than Pakistan–United States; the first two failed on the coder before this change.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_coordinated_measures_of_one_type_are_each_an_event(pipeline: Pipeline) -> None:
    text = (
        "In January 2003 Thailand downgraded diplomatic relations with Cambodia, expelled the Cambodian "
        "ambassador and suspended all trade with Cambodia."
    )
    events = [e for e in asserted(pipeline, text) if e.source == ["THA"] and e.target == ["KHM"]]
    triggers = {e.trigger for e in events if e.type == "SANCTION"}
    assert len(triggers) >= 2, [(e.type, e.trigger) for e in events]


def test_coordinated_military_moves_are_each_an_event(pipeline: Pipeline) -> None:
    text = (
        "In March 1987 Prime Minister Papandreou put the Greek armed forces on alert and ordered the navy to sail "
        "toward the disputed area of the Aegean, after Turkey sent a survey ship there."
    )
    moves = [e for e in asserted(pipeline, text) if e.source == ["GRC"] and e.type == "MOBILIZE"]
    assert len({e.trigger for e in moves}) == 2, [e.trigger for e in moves]


def test_a_verb_and_the_event_noun_it_governs_are_one_event(pipeline: Pipeline) -> None:
    text = "In 2010 the European Union imposed sanctions on Iran over its nuclear programme."
    events = [e for e in asserted(pipeline, text) if e.type == "SANCTION" and e.target == ["IRN"]]
    assert len(events) == 1, [e.trigger for e in events]


def test_a_participle_that_tells_the_toll_of_an_attack_is_the_same_event(pipeline: Pipeline) -> None:
    text = "In May 1999 Indian aircraft bombed positions held by Pakistani troops near Kargil, killing twelve soldiers."
    events = [e for e in asserted(pipeline, text) if e.type == "ASSAULT" and e.source == ["IND"]]
    assert len(events) == 1, [e.trigger for e in events]
