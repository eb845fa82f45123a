"""Timelines in study notes: an entry that is a date and a noun phrase ("- Aug 1990: UN trade embargo on Iraq.").

Found on the development fold of the labelled sentences (never on the test split): study notes list events as
dated noun phrases with no verb, and the classifier, trained mostly on prose, left them as no event. Each test is
on a pair other than Pakistan–United States and failed before the change.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.pipeline import Pipeline

TIMELINE = """Gulf crises: a timeline
- Aug 1990: UN trade embargo on Iraq.
- Jun 2017: Saudi blockade of Qatar.
- Jan 2021: talk of an end to the blockade grew in Doha.
"""


def test_a_dated_entry_that_names_an_act_is_that_act(pipeline: Pipeline) -> None:
    events = asserted(pipeline, TIMELINE)
    assert any(e.type == "SANCTION" and e.source == ["UN"] and e.target == ["IRQ"] for e in events)
    blockade = [e for e in events if e.source == ["SAU"] and e.target == ["QAT"]]
    assert blockade and blockade[0].type in {"COERCE", "SANCTION"} and blockade[0].date is not None
    assert blockade[0].date.start.year == 2017


def test_an_act_named_inside_an_entry_is_not_its_headline(pipeline: Pipeline) -> None:
    """ "talk of an end to the blockade": the blockade is what the talk is about, not the entry's act."""
    events = asserted(pipeline, TIMELINE)
    assert not any(e.date is not None and e.date.start.year == 2021 and e.type == "COERCE" for e in events)
