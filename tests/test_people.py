"""People the dictionaries do not know, introduced with their state and office, act for it when named again.

Found on the development fold of the labelled sentences (never on the test split): in histories and news stories
a person is introduced once ("Burkina Faso's military leader Lieutenant Colonel Paul-Henri Damiba") and named by
surname afterwards ("Damiba resigned"); those later sentences were coded with no source. The texts here are
written for these tests, on pairs other than Pakistan–United States, and each failed on the coder before this
change.
"""

from __future__ import annotations

from tests.conftest import asserted

from dyadscope.models import RawDocument
from dyadscope.pipeline import Pipeline


def test_a_person_introduced_with_a_state_and_an_office_acts_for_it_later(pipeline: Pipeline) -> None:
    text = (
        "In October 2022 Armenian Prime Minister Vahagn Tevosyan met the Azerbaijani foreign minister in Prague. "
        "A week later Tevosyan accused Azerbaijan of shelling border villages."
    )
    events = asserted(pipeline, text)
    assert any(e.type == "ACCUSE" and e.source == ["ARM"] and e.target == ["AZE"] for e in events)


def test_the_office_gives_the_sector(pipeline: Pipeline) -> None:
    text = (
        "Kenya's opposition leader Odhiambo Wekesa led a march in Nairobi in July 2023. "
        "On Monday Wekesa called on the government to scrap the finance bill."
    )
    events = asserted(pipeline, text)
    assert any(e.type == "REQUEST" and e.source == ["KEN"] and e.source_sector == "opposition" for e in events)


def test_a_person_introduced_after_the_name(pipeline: Pipeline) -> None:
    text = (
        "Tomas Kerevan, Serbia's defence minister, visited Moscow in March 2021. "
        "In April Kerevan signed an agreement with Russia on air defence."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["SRB"] and e.target == ["RUS"] and "signed" in e.evidence.text for e in events)


def test_a_name_two_states_claim_and_a_former_officeholder_act_for_no_state(pipeline: Pipeline) -> None:
    shared = (
        "Chilean President Ana Ferreyra and Peruvian Foreign Minister Luis Ferreyra met in Lima in May 2019. "
        "Ferreyra later criticised Bolivia."
    )
    assert not [e for e in asserted(pipeline, shared) if e.type == "ACCUSE" and e.target == ["BOL"]]
    former = "Former Ghanaian President Kwame Boateng visited Togo in 2015. In 2016 Boateng criticised Nigeria."
    acts = asserted(pipeline, former)
    assert {e.target[0] for e in acts} == {"TGO", "NGA"}
    assert all(e.source == ["GHA"] and e.source_sector == "civilians" for e in acts)


def test_a_countrys_adjective_before_a_common_noun_introduces_no_one(pipeline: Pipeline) -> None:
    text = "Nigerian electricity Company supplies Niger. In 2023 Company halted supplies to Niger."
    events = asserted(pipeline, text)
    # "Company" is no person of Nigeria's: at most the sector noun, a Nigerian business (the sentence before's
    # subject, as the one state named, Niger, is only acted on)
    halted = [e for e in events if e.source == ["NGA"] and e.target == ["NER"] and "halted" in e.evidence.text]
    assert all(e.source_sector == "business" for e in halted)


def test_a_name_set_off_after_the_office(pipeline: Pipeline) -> None:
    text = (
        "In June 2020 Lesotho's prime minister, Motsamai Lekhanya, suspended parliament. "
        "South Africa criticised the move. "
        "In August Lekhanya accused South Africa of sheltering the army commander."
    )
    events = asserted(pipeline, text)
    assert any(e.type == "ACCUSE" and e.source == ["LSO"] and e.target == ["ZAF"] for e in events)


def test_a_person_introduced_by_title_alone_acts_for_the_state_the_story_is_about(pipeline: Pipeline) -> None:
    """Found on the development fold ("Lieutenant Colonel Antonio Tejero burst into the Congress of Deputies"):
    a titled person the dictionaries do not know is read like a sector noun, of the document's home state."""
    text = (
        "MADRID, Feb. 24 - Spain's parliament was voting on the new government on Monday. "
        "Lieutenant Colonel Ramiro Echevarren burst into the chamber with two hundred guards. "
        "Echevarren surrendered to the army on Tuesday."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["ESP"] and e.source_sector == "mil" and "burst" in e.evidence.text for e in events)
    assert any(e.source == ["ESP"] and "surrendered" in e.evidence.text for e in events)


def test_a_person_named_by_title_alone_is_not_the_state_he_speaks_of(pipeline: Pipeline) -> None:
    """ "Admiral Mullen told the Senate that Pakistani intelligence ...": the one state a sentence names is often
    the one a foreign official speaks of; a person named by title alone takes only the document's home state."""
    text = (
        "Greek and Turkish warships faced each other near Imia in January 1996. Greece protested to the United "
        "Nations. Admiral Stavros Kouris accused Turkey of provoking the crisis."
    )
    events = asserted(pipeline, text)
    assert not any(e.source == ["TUR"] and "Kouris" in e.evidence.text for e in events)
    majority = (  # a history of two states where one has a bare majority of the mentions is no domestic story
        "In 1996 Turkey and Greece quarrelled over Imia. Turkey sent commandos. Greece protested. Admiral Stavros "
        "Kouris accused Ankara of provoking the crisis."
    )
    assert not any("Kouris" in e.evidence.text for e in asserted(pipeline, majority))


def test_a_word_that_begins_like_late_makes_no_one_former(pipeline: Pipeline) -> None:
    """ "Later Boateng criticised Nigeria": "later" is not "late"."""
    text = "Ghanaian President Kwame Boateng visited Togo in 2015. Later Boateng criticised Nigeria."
    events = asserted(pipeline, text)
    assert any(e.source == ["GHA"] and e.source_sector == "" and e.target == ["NGA"] for e in events)


def test_a_family_name_comes_from_a_title_and_one_name_only(pipeline: Pipeline) -> None:
    """A leader's family name is read off an alias of titles and one name ("President Yoon"), never off a title
    and a full name ("President George W. Bush": George is a given name) or a lowercase particle ("General de
    Gaulle": "de facto" is nobody). Written before the fix, on France and Britain: "de" and "George" were read
    as the leaders then."""
    text = (
        "Charles de Gaulle became president of France in January 1959. In 1966 France de facto left the integrated "
        "command. President George W. Bush visited London in November 2003. George Galloway led the protests."
    )
    doc = pipeline.run(RawDocument("t", text, "t" * 64, "text/plain", "t"), every_kind=True)
    names = {m.text for s in doc._.sentences for m in s.mentions}
    assert "de" not in names and "George" not in names
