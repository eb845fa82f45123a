"""Who signed an agreement the sentence names no signatory of.

Found on the development fold of the labelled sentences (never on the test split): agreements signed in the
passive with no agent ("A revised peace agreement was signed in Bogotá", "The Camp David Accords, signed at the
White House on ...") had no source, and were dropped. Written, failing, on pairs other than Pakistan–US.
"""

from __future__ import annotations

import pytest
from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Chile and Argentina had disputed the Beagle Channel for a century. The Treaty of Peace and Friendship "
            "was signed in the Vatican on 29 November 1984.",
            {"ARG", "CHL"},
        ),
        (
            "The Treaty of Peace and Friendship, signed in Beijing on 12 August 1978, ended six years of talks "
            "between Japan and China.",
            {"JPN", "CHN"},
        ),
    ],
)
def test_a_treaty_signed_with_no_signatory_named_is_the_pairs(pipeline: Pipeline, text: str, pair: set[str]) -> None:
    """Found on the development fold: "A revised peace agreement was signed in Bogotá", "The Camp David Accords,
    signed at the White House on ..." had no source and were dropped. An agreement signed with no one named as
    signing it is the two states the sentence names as parties (not as places), else the document's pair."""
    events = asserted(pipeline, text)
    assert any(e.type == "SUPPORT" and {*e.source, *e.target} == pair for e in events), [
        (e.type, e.source, e.target) for e in events
    ]


def test_a_treaty_signed_in_a_capital_is_not_the_capitals_act(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "The Tashkent Declaration was signed in the Soviet Union on 10 January 1966.")
    assert not any(e.type == "SUPPORT" and "SUN" in {*e.source, *e.target} for e in events)
