"""Actors the coder missed or invented: crowds counted in numbers, a subject the parse lost, treaty parties, seas
named after a country, short names.

Found on the development fold of the labelled sentences (never on the test split), as gold events with no
candidate or no source. The sentences here are written for these tests, on pairs other than Pakistan–United
States, and each failed on the coder before this change.
"""

from __future__ import annotations

import pytest
from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_a_crowd_counted_in_hundreds_or_thousands_acts(pipeline: Pipeline) -> None:
    marched = asserted(pipeline, "Hundreds of demonstrators marched through Nairobi on Tuesday against the new tax.")
    assert any(e.type == "PROTEST" and e.source == ["KEN"] and e.source_sector == "protesters" for e in marched)
    rallied = asserted(pipeline, "Tens of thousands rallied in Caracas against the government on Saturday.")
    assert any(e.type == "PROTEST" and e.source == ["VEN"] for e in rallied)


def test_a_number_of_things_is_no_crowd(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "In 2022 Russia shipped thousands of tonnes of grain to Egypt.")
    assert events and all(e.source == ["RUS"] and e.target == ["EGY"] for e in events)
    assert all(e.source_sector != "civilians" for e in events)


def test_a_subject_the_parse_lost_behind_an_opening_phrase_still_acts(pipeline: Pipeline) -> None:
    """ "By the end of March Ethiopian troops had captured Baidoa": the parser hangs the troops on "the end of"
    and the verb has no subject; the actor before the verb is its source, as for typed candidates already."""
    events = asserted(pipeline, "By the end of March Ethiopian troops had captured Baidoa.")
    assert any(e.source == ["ETH"] and e.type in {"ASSAULT", "COERCE"} for e in events)


def test_the_parties_to_a_treaty_are_its_two_states(pipeline: Pipeline) -> None:
    text = (
        "Treaty of extradition between the Federative Republic of Brazil and the Republic of Paraguay, "
        "signed at Asunción on 24 June 1994. "
        "Article 1. Each Contracting Party undertakes to surrender to the other any person sought for prosecution. "
        "Article 2. The Parties shall provide each other with assistance in criminal investigations."
    )
    events = [e for e in asserted(pipeline, text) if "Part" in e.evidence.text]
    assert events
    assert all({*e.source, *e.target} == {"BRA", "PRY"} for e in events)
    both = asserted(
        pipeline,
        "In June 2000 Ethiopia and Eritrea met in Algiers under OAU auspices. "
        "Both parties agreed to an immediate cessation of hostilities.",
    )
    later = [e for e in both if e.evidence.text.startswith("Both")]
    assert later and all({*e.source, *e.target} == {"ETH", "ERI"} for e in later)


def test_a_sea_or_gulf_named_after_a_country_is_a_place_not_the_country(pipeline: Pipeline) -> None:
    for text, country in (
        ("Russian warships held drills in the Sea of Japan in 2023.", "JPN"),
        ("In 2019 Iranian boats seized a tanker in the Gulf of Oman.", "OMN"),
        ("In 2024 Chinese coast guard ships held drills in the South China Sea near Vietnam.", "CHN"),
    ):
        events = asserted(pipeline, text)
        assert not any(country in e.target for e in events), (text, events)


def test_papua_new_guinea_and_new_zealand_by_their_short_names(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "In 1997 PNG accused Fiji of harbouring the rebels.")
    assert any(e.type == "ACCUSE" and e.source == ["PNG"] and e.target == ["FJI"] for e in events)
    hosted = asserted(pipeline, "In July 1997 NZ hosted talks between PNG and the Bougainville rebels.")
    assert any(e.source == ["NZL"] for e in hosted)


def test_training_reads_candidates_with_no_actor_around_them() -> None:
    """`train_event_model.py --every-candidate`: the classifier does not read the actors, so a predicate with
    none the dictionaries know is an example too; coding keeps only candidates with an actor."""
    from dyadscope.extract.components import Candidates
    from dyadscope.models import RawDocument
    from dyadscope.nlp.components import Parse

    text = "In 2014 the archbishop called for an end to the violence."
    raw = RawDocument("archbishop.txt", text, "0" * 64, "text/plain", "archbishop")
    reading = Pipeline(upto="dyadscope_candidates")
    assert not reading.run(raw, every_kind=True)._.candidates
    parse, candidates = reading.nlp.get_pipe("dyadscope_parse"), reading.nlp.get_pipe("dyadscope_candidates")
    assert isinstance(parse, Parse) and isinstance(candidates, Candidates)
    parse.every = candidates.every = True
    assert "called" in [c.text for c in reading.run(raw, every_kind=True)._.candidates]


def test_a_datelined_story_is_about_its_datelines_state(pipeline: Pipeline) -> None:
    """Found on the development fold: in a news story that names several states, "police" and "soldiers" with no
    state in their sentence had none, and their acts were dropped. A story datelined from a capital is about that
    state when no state has most of its mentions."""
    text = (
        "NAIROBI, July 7 - Britain and France urged calm on Monday after a week of unrest. "
        "Police fired tear gas at demonstrators in the capital and arrested dozens of opposition supporters."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["KEN"] and e.source_sector == "police" and e.type in {"ASSAULT", "COERCE"} for e in events)


def test_a_dateline_does_not_outvote_the_state_a_story_is_mostly_about(pipeline: Pipeline) -> None:
    text = (
        "ABUJA, Aug 6 - Niger's junta closed the country's airspace on Sunday. Niger said the move answered the "
        "threat of intervention, and Niger's state television showed crowds in Niamey. "
        "Soldiers blocked the main roads into the capital."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["NER"] and "Soldiers" in e.evidence.text for e in events)


def test_pickets_unions_and_a_crowds_supporters_are_protesters(pipeline: Pipeline) -> None:
    """Found on the development fold: strikers named as pickets or unions, and a leader's supporters in the street,
    were no actor, so their acts had no source. They act as their state's protesters, outside its index."""
    for text, state in (
        ("CANBERRA, May 3 - Pickets blocked the gates of the Port Botany terminal on Monday.", "AUS"),
        ("In 1980 Poland's unions staged a general strike against the government in Gdańsk.", "POL"),
        ("In 2019 supporters of the Bolivian president clashed with riot police in La Paz.", "BOL"),
    ):
        events = asserted(pipeline, text)
        assert any(e.source == [state] and e.source_sector == "protesters" for e in events), text


def test_a_presidency_and_a_junta_act_for_their_state(pipeline: Pipeline) -> None:
    """The office of a head of state acts for the state, and a junta is its military."""
    presidency = asserted(pipeline, "In 2021 the Tunisian presidency imposed a nighttime curfew on Tunis.")
    assert any(e.source == ["TUN"] and e.source_sector == "" and e.type == "COERCE" for e in presidency)
    junta = asserted(pipeline, "In 2023 Niger's junta expelled the French ambassador.")
    assert any(e.source == ["NER"] and e.source_sector == "mil" and e.target == ["FRA"] for e in junta)


def test_the_pope_acts_for_the_holy_see(pipeline: Pipeline) -> None:
    """Found on the development fold: "Pope John Paul II agreed to mediate" named no actor."""
    events = asserted(pipeline, "In December 1978 Pope John Paul II agreed to mediate between Chile and Argentina.")
    assert any(e.source == ["VAT"] and e.type in {"AGREE", "CONSULT"} for e in events)


def test_a_constitutional_court_is_its_states_judiciary(pipeline: Pipeline) -> None:
    events = asserted(
        pipeline, "In February 2024 Senegal's Constitutional Council overturned the postponement of the election."
    )
    assert any(e.source == ["SEN"] and e.source_sector == "judiciary" for e in events)


def test_a_warship_named_with_its_navys_prefix_is_that_states_military(pipeline: Pipeline) -> None:
    """Found on the development fold: "USS Vincennes shot down Iran Air Flight 655" had no actor. Naval incidents
    are told by the ship's name; its prefix (USS, HMS, ARA, ROKS ...) names the navy."""
    sank = asserted(pipeline, "On 2 May 1982 HMS Conqueror sank the ARA General Belgrano.")
    assert any(
        e.type == "ASSAULT" and e.source == ["GBR"] and e.source_sector == "mil" and e.target == ["ARG"] for e in sank
    )
    held = asserted(pipeline, "In January 1968 North Korean patrol boats seized the USS Pueblo off Wonsan.")
    assert any(e.source == ["PRK"] and e.target == ["USA"] for e in held)


def test_a_nationality_that_qualifies_another_is_not_its_state(pipeline: Pipeline) -> None:
    """ "Greek Cypriot forces" are Cyprus's, "Kosovo Albanian leaders" Kosovo's: of two nationalities side by side
    the one nearest the noun is the state and the first its people's origin; a place named first is the state and
    the nationality after it the origin. Written before the change: "Greek Cypriot forces attacked Turkish Cypriot
    villages" was coded as Greece attacking Turkey."""
    attack = asserted(pipeline, "Greek Cypriot forces attacked Turkish Cypriot villages at Kophinou in November 1967.")
    assert attack and all(e.source == ["CYP"] and e.target in ([], ["CYP"]) for e in attack)
    rejected = asserted(pipeline, "Kosovo Albanian leaders rejected the Serbian plan for the province.")
    assert any(e.source == ["XKX"] and e.target == ["SRB"] for e in rejected)
    # a place after a preposition ends its phrase: the nationality after it starts the next
    struck = asserted(pipeline, "In 2019 in Syria Turkish drones struck a Kurdish convoy.")
    assert any(e.source == ["TUR"] for e in struck), struck
    met = asserted(pipeline, "In 2020 in Libya Egyptian officials met Haftar.")
    assert any(e.source == ["EGY"] for e in met), met
    # coordinated or hyphenated nationalities are still two states
    bombed = asserted(pipeline, "British and French forces bombed Egyptian airfields in November 1956.")
    assert {("GBR", "EGY"), ("FRA", "EGY")} <= {(e.source[0], e.target[0]) for e in bombed if e.target}


def test_a_name_inside_a_laws_or_pacts_name_is_no_one_acting(pipeline: Pipeline) -> None:
    """ "The Molotov-Ribbentrop Pact", "the Kerry-Lugar-Berman Act": the people a law, pact or plan is named after
    do not act in the sentence that names it (before the change Kerry's name made the Act's aid a private person's,
    and "the army" that objected to it the United States' army). A leader named beside a law still acts."""
    from dyadscope.models import RawDocument

    def people(text: str) -> list[str]:
        raw = RawDocument("d.md", text, f"h-{hash(text)}", "text/markdown", "D")
        done = pipeline.process(raw, every_kind=True)
        return [m.text for s in done.sentences for m in s.mentions if m.kind in ("leader", "person")]

    pact = "The Molotov-Ribbentrop Pact of August 1939 divided Eastern Europe into Soviet and German spheres."
    law = (
        "In 2010 the Kerry-Lugar-Berman Act tripled civilian aid to Pakistan, and the army objected to its conditions."
    )
    assert people(pact) == [] and people(law) == []
    assert not any(e.source == ["USA"] and e.source_sector == "mil" for e in asserted(pipeline, law))
    signed = "In 1995 President Chirac signed the Schengen Agreement's implementing decree."
    assert people(signed) == ["President Chirac"]


def test_a_name_inside_a_buildings_name_is_no_one_acting(pipeline: Pipeline) -> None:
    """ "at Blair House Clinton persuaded him" made Tony Blair's Britain a party to a US–Pakistan meeting: a leader's
    name before a building's or a place's noun (House, Center, Airport, Square) names the place. Written before the
    change, on China–India and Egypt–Israel; a leader acting beside the place still acts."""
    met = asserted(pipeline, "In 1999 the Chinese and Indian delegations met at Blair House in Washington.")
    assert met and not [e for e in met if "GBR" in e.source + e.target], [(e.source, e.target) for e in met]
    talks = "In 1995 Blair met the Chinese premier at the Carter Center, where he urged China to release prisoners."
    assert any(e.source == ["GBR"] for e in asserted(pipeline, talks.replace("1995", "1999")))


def test_a_capital_naming_a_meeting_or_an_accord_is_no_one_acting(pipeline: Pipeline) -> None:
    """ "The two governments signed the Bern Declaration" was Greece's and Turkey's SUPPORT for Switzerland, and
    "boycotted the Bonn conference" a protest against Germany: a capital before an accord's or a meeting's noun
    names where it was made. Written before the change, on Israel–PLO, Iran and Croatia–Serbia; a capital that
    acts still acts."""
    for text, place in (
        ("In September 1993 Israel and the PLO signed the Oslo Accords at the White House.", "NOR"),
        ("In December 2001 Iran boycotted the Bonn conference on Afghanistan.", "DEU"),
        ("In 1995 Croatia and Serbia attended the Paris peace conference.", "FRA"),
    ):
        events = asserted(pipeline, text)
        assert events and not [e for e in events if place in e.source + e.target], (text, events)
    opposed = asserted(pipeline, "In 2003 Paris opposed the American invasion of Iraq at the Security Council.")
    assert any(e.source == ["FRA"] for e in opposed), opposed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 1990 Bush imposed sanctions on Iraq.", ("USA", "IRQ")),
        ("In 2003 Bush imposed sanctions on Syria.", ("USA", "SYR")),
        ("In 1999 Clinton ordered air strikes on Serbia.", ("USA", "SRB")),
        ("In 2014 Kenyatta visited Beijing.", ("KEN", "CHN")),
        ("In 2016 Trudeau visited Beijing.", ("CAN", "CHN")),
    ],
)
def test_a_family_name_two_leaders_share_is_the_one_in_office(pipeline: Pipeline, text: str, expected: object) -> None:
    """ "Bush" alone, "Clinton", "Kenyatta", "Trudeau": the dictionaries left a surname two leaders of one state
    share out of both, so it named no one; it is each one's name now, and the date tells them apart as it does
    for other names ("President Bush" in 1991 and in 2003)."""
    assert expected in {(e.source[0], e.target[0]) for e in asserted(pipeline, text) if e.target}


def test_a_non_member_is_not_the_body(pipeline: Pipeline) -> None:
    """ "A major non-NATO ally" names no act on NATO (found on the index's TUNE pairs, where the ally's
    designation was aimed at the alliance too)."""
    events = asserted(pipeline, "In 1989 the United States designated Israel a major non-NATO ally.")
    assert events and all(e.source == ["USA"] and e.target == ["ISR"] for e in events), events


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("In July 1967 Lagos ordered a blockade of the breakaway east.", "NGA"),
        ("In 1955 Rio de Janeiro protested to Buenos Aires over the arrest of two Brazilian sailors.", "BRA"),
        ("In 1994 Almaty signed a border agreement with Beijing.", "KAZ"),
        ("In 1914 Constantinople closed the Dardanelles to Allied shipping.", "TUR"),
        ("In March 1916 Petrograd protested to Berlin over the sinking of a hospital ship.", "RUS"),
    ],
)
def test_a_former_capital_acts_for_its_state(pipeline: Pipeline, text: str, source: str) -> None:
    """A government is named by the city it sat in then: Lagos for Nigeria before 1991, Rio de Janeiro for Brazil
    before 1960, Almaty for Kazakhstan before 1997, Constantinople for the Ottoman state, Petrograd for Russia
    (before the Soviet Union was, so Russia, not SUN). Written before the change (the capitals column held only
    today's seats and a few, and any Russia before 1991 was the Soviet Union)."""
    events = asserted(pipeline, text)
    assert any(e.source == [source] for e in events), [(e.type, e.source, e.target) for e in events]


def test_a_state_before_its_predecessor_began_is_itself(pipeline: Pipeline) -> None:
    """Serbia in 1914 is Serbia, not Yugoslavia (from December 1918); Russia in 1904 is Russia, not the Soviet
    Union (from December 1922); both after are their predecessors, as before."""
    war = asserted(pipeline, "On 28 July 1914 Austria-Hungary declared war on Serbia.")
    assert any(e.target == ["SRB"] for e in war) and not any("YUG" in e.target for e in war)
    japan = asserted(pipeline, "In February 1904 Japan attacked the Russian fleet at Port Arthur.")
    assert any(e.source == ["JPN"] and e.target == ["RUS"] for e in japan)
    later = asserted(pipeline, "In 1979 Moscow sent troops into Afghanistan.")
    assert any(e.source == ["SUN"] for e in later)


@pytest.mark.parametrize(
    "text",
    [
        "Tens of thousands protested in Minsk against Lukashenko in August 2020.",
        "On 25 January 2011 tens of thousands protested in Tahrir Square against Mubarak.",
    ],
)
def test_a_crowd_the_parser_made_a_participles_object_still_protests(pipeline: Pipeline, text: str) -> None:
    """ "Tens of thousands protested in Minsk": the small parser reads "protested" as a participle on the crowd
    ("thousands [who were] protested"), so the crowd was the one acted on and the protest had no source. No one is
    protested by a crowd: in a protest the crowd that a participle is on is its source."""
    events = asserted(pipeline, text)
    assert any(e.type == "PROTEST" and e.source_sector in {"civilians", "protesters"} for e in events), [
        (e.type, e.source, e.source_sector, e.target) for e in events
    ]
