"""Who acted, when the sentence names the actor only by a pronoun, a pair phrase or the document before it.

Found on the development fold of the labelled sentences (never on the test split): events whose type the
classifier got right but that were dropped because no source was read. Each test is on a pair other than
Pakistan–United States and failed on the coder before this change.
"""

from __future__ import annotations

import pytest
from tests.conftest import asserted

from dyadscope.pipeline import Pipeline


def test_a_pair_phrase_that_opens_the_sentence_is_the_pair(pipeline: Pipeline) -> None:
    text = (
        "In May 2023 the Japanese prime minister received the president of Chile in Tokyo. "
        "The two leaders signed an agreement on lithium supply."
    )
    events = asserted(pipeline, text)
    assert any({*e.source, *e.target} == {"JPN", "CHL"} and e.type in {"AGREE", "SUPPORT"} for e in events)


def test_he_and_she_stand_for_the_person_named_before(pipeline: Pipeline) -> None:
    said = asserted(pipeline, "In 2018 Ortega said he was ready to open talks with Costa Rica.")
    assert any(e.source == ["NIC"] and e.target == ["CRI"] for e in said)
    later = asserted(
        pipeline,
        "In 2016 President Erdogan wrote to Vladimir Putin. In the letter he expressed regret for the downing of the "
        "jet and called Russia a friend.",
    )
    assert any(e.source == ["TUR"] and e.target == ["RUS"] for e in later)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        (
            "In 2022, after the fall of Boris Johnson's government, the Franco-German partnership weakened as he "
            "criticized France for blocking British fishing boats.",
            "GBR",
            "FRA",
        ),
        (
            "In 2019, soon after Moon Jae-in's speech, the US-Japan alliance was strained as he accused Japan of "
            "economic retaliation.",
            "KOR",
            "JPN",
        ),
    ],
)
def test_he_is_the_person_named_before_not_a_nearer_state_or_partnership(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    """ "he" and "she" stand for a person: the nearest person named before them, not the subject that happens to be
    nearer ("the Franco-German partnership weakened as he criticized"), which made the partnership's states the
    critics. Written before the rule, on UK–France and Japan–South Korea; both read a wrong source (the first also
    read "Franco-" as General Franco: a combining form names its state, as in questions)."""
    events = [e for e in asserted(pipeline, text) if e.type == "ACCUSE"]
    assert events and all(e.source == [source] and e.target == [target] for e in events), events


RESOLUTIONS = {
    # the body that adopts it named in a sentence of its own before the operative clauses
    "adopted": (
        "On 15 September 1999 the Security Council adopted the following resolution on East Timor. "
        "The Security Council, deeply concerned by the deterioration of the humanitarian situation, "
        "1. Calls upon the Indonesian authorities to allow the safe return of all refugees. "
        "2. Welcomes the readiness of the Government of Indonesia to cooperate with the multinational force.",
        ("UN", "IDN", "REQUEST"),
    ),
    # found on the development fold: a preamble that opens "The Security Council, recalling ...," with no main
    # verb gave its operative clauses ("1. Demands ...", "2. Welcomes ...") no source
    "verbless preamble": (
        "The Security Council, recalling its previous resolutions on Sudan and South Sudan,\n"
        "1. Demands that the Government of Sudan immediately cease aerial bombardments along the border;\n"
        "2. Welcomes the decision of the Government of South Sudan to withdraw its police from Abyei;",
        ("UN", "SSD", "SUPPORT"),
    ),
}


@pytest.mark.parametrize("case", RESOLUTIONS)
def test_operative_clauses_of_a_resolution_act_for_the_body_that_adopts_it(pipeline: Pipeline, case: str) -> None:
    text, (source, target, kind) = RESOLUTIONS[case]
    events = asserted(pipeline, text)
    assert any(e.source == [source] and e.target == [target] and e.type == kind for e in events)


def test_offices_named_by_title_act_for_their_state_or_body(pipeline: Pipeline) -> None:
    text = "In 2021 Britain's foreign secretary and the UN secretary-general called on Ethiopia to end the fighting."
    events = asserted(pipeline, text)
    assert {("GBR", "ETH"), ("UN", "ETH")} <= {(e.source[0], e.target[0]) for e in events if e.type == "REQUEST"}


def test_states_that_act_together_on_someone_unnamed_are_not_each_others_targets(pipeline: Pipeline) -> None:
    """Found on the development fold: "Tanzania, Zambia, Gabon and Ivory Coast recognised Biafra" was coded as
    Tanzania supporting the other three, because the actor acted on is not in the dictionaries and coordinated
    subjects were read as a pair meeting as equals. A named object makes them act on someone else together."""
    for text in (
        "In 2008 Russia and Nicaragua recognised Abkhazia and South Ossetia.",
        "In 1968 Tanzania and Zambia recognised Biafra.",
    ):
        for e in asserted(pipeline, text):
            assert not ({*e.source} & {"RUS", "TZA"} and {*e.target} & {"NIC", "ZMB"}), (text, e)
    treaty = asserted(pipeline, "In 1963 the Soviet Union and the United States signed the Limited Test Ban Treaty.")
    assert any({*e.source, *e.target} == {"SUN", "USA"} for e in treaty)  # a named treaty is no one acted on
    joint = asserted(pipeline, "In 2019 India and China held talks in Wuhan.")
    assert any({*e.source, *e.target} == {"IND", "CHN"} and e.type == "CONSULT" for e in joint)
    clash = asserted(pipeline, "In June 2020 Chinese and Indian troops clashed in the Galwan valley.")
    assert any({*e.source, *e.target} == {"IND", "CHN"} and e.type == "ASSAULT" for e in clash)


def test_a_plural_sector_noun_ties_its_states_as_the_singular_does(pipeline: Pipeline) -> None:
    """Found on the development fold: "Governments in Venezuela, Ecuador and Bolivia recalled their ambassadors"
    had no source, because only "government" named the state, not "governments"."""
    for text in (
        "The governments of Venezuela and Bolivia recalled their ambassadors from Brasília in 2016.",
        "In 1999 the embassies of Norway and Sweden protested to the authorities in Minsk.",
    ):
        events = asserted(pipeline, text)
        assert any(e.source and {*e.source} <= {"VEN", "BOL", "NOR", "SWE"} for e in events), text
        assert not any({*e.source} & {"VEN", "NOR"} and {*e.target} & {"BOL", "SWE"} for e in events), text


def test_a_protest_or_coercion_with_no_one_named_stays_within_its_state(pipeline: Pipeline) -> None:
    """Found on the development fold: "tens of thousands took to the streets", "imposed a curfew in the capital",
    with no one acted on named in the sentence, were aimed at the other state of the document's pair. Protests and
    coercion mostly stay within one state (three in four protests and two in three coercions of the training
    folds); an attack does not, so it keeps the pair."""
    protest = asserted(
        pipeline,
        "Russia cut gas supplies to Belarus in 2004. In August 2020 Belarusian protesters marched through Minsk.",
    )
    assert any(e.type == "PROTEST" and e.source == ["BLR"] and e.target == ["BLR"] for e in protest)
    assert not any(e.type == "PROTEST" and e.target == ["RUS"] for e in protest)
    streets = asserted(  # no protesters named: the type, not the sector, keeps it at home
        pipeline, "Russia cut gas supplies to Belarus in 2004. In August 2020 Belarus saw mass protests in Minsk."
    )
    assert any(e.type == "PROTEST" and e.source == ["BLR"] and e.target == ["BLR"] for e in streets)
    curfew = asserted(
        pipeline,
        "Kenya and Uganda disputed the island of Migingo in 2009. In 2023 the Kenyan government imposed a curfew"
        " in Nairobi.",
    )
    assert any(e.type == "COERCE" and e.source == ["KEN"] and e.target == ["KEN"] for e in curfew)
    assert not any(e.target == ["UGA"] for e in curfew if e.type == "COERCE")
    shelled = asserted(
        pipeline, "Russia and Ukraine signed a gas deal in 2009. In 2022 Russian forces shelled the city."
    )
    assert any(e.type == "ASSAULT" and e.source == ["RUS"] and e.target == ["UKR"] for e in shelled)


def test_rebels_or_an_opposition_with_no_one_named_act_on_their_own_state(pipeline: Pipeline) -> None:
    """Found on the development fold: rebels, an opposition, protesters or a party that act on no one named were
    aimed at the other state of the document's pair; in the training folds such actors act on their own state
    in three cases in four or more. A state acting alone keeps the pair."""
    truce = asserted(
        pipeline,
        "Colombia and Venezuela broke off relations in 2019. In July 2015 the Colombian rebels declared a"
        " unilateral ceasefire.",
    )
    assert any(e.type == "CONCEDE" and e.source == ["COL"] and e.target == ["COL"] for e in truce)
    assert not any(e.source_sector == "rebels" and e.target == ["VEN"] for e in truce)
    recount = asserted(
        pipeline,
        "Uganda closed its border with Kenya in 2008. In January 2008 Kenyan opposition supporters demanded a recount.",
    )
    assert any(e.type == "REQUEST" and e.source == ["KEN"] and e.target == ["KEN"] for e in recount)
    state = asserted(pipeline, "Uganda closed its border with Kenya in 2008. In 2009 Kenya demanded talks.")
    assert any(e.type == "REQUEST" and e.source == ["KEN"] and e.target == ["UGA"] for e in state)


def test_an_arrest_with_no_agent_is_the_states(pipeline: Pipeline) -> None:
    """Found on the development fold: "thousands were arrested", "Lumumba was arrested" were typed COERCE but
    dropped with no source. Only a state arrests, jails or executes: with no agent written, the act is the state's
    whose people it is done to."""
    crowd = asserted(pipeline, "In June 1989 thousands of students were arrested in Beijing.")
    assert any(e.type == "COERCE" and e.source == ["CHN"] and e.target == ["CHN"] for e in crowd)
    named = asserted(pipeline, "In 2020 the Belarusian opposition leader was detained in Minsk.")
    assert any(e.type == "COERCE" and e.source == ["BLR"] and e.source_sector == "" for e in named)


def test_a_passive_harm_with_no_agent_is_nobodys(pipeline: Pipeline) -> None:
    """Anyone can kill or wound: a killing with no agent written names no source, whoever the victims are."""
    events = asserted(pipeline, "In 2014 dozens of Ukrainian soldiers were killed near Ilovaisk.")
    assert not any(e.type == "ASSAULT" and e.source == ["UKR"] for e in events)


def test_the_two_premiers_and_both_delegations_are_the_pair(pipeline: Pipeline) -> None:
    """Found on the development fold ("The two premiers agreed to resume border negotiations" had no source): pair
    phrases name the pair by any office they share."""
    events = asserted(
        pipeline,
        "In April 1960 Zhou Enlai visited New Delhi to meet Jawaharlal Nehru. "
        "The two premiers agreed to resume border talks.",
    )
    assert any({*e.source, *e.target} == {"CHN", "IND"} and "premiers" in e.evidence.text for e in events)


def test_a_verb_joined_to_a_reported_passive_acts_for_the_one_who_reports(pipeline: Pipeline) -> None:
    """Found on the development fold: in "X said the decision was taken ... and urged Y to Z" the small parser
    joins "urged" to the passive "taken", whose subject is no actor, so the demand had no source. A verb in the
    active voice joined to a passive clause reported by a speaker is the speaker's."""
    text = (
        "In 2024 Senegal's foreign minister said the border closure was ordered on security grounds and urged "
        "Gambia to arrest the smugglers."
    )
    events = asserted(pipeline, text)
    assert any(e.source == ["SEN"] and e.target == ["GMB"] and e.type == "REQUEST" for e in events)


def test_the_government_of_a_state_written_with_a_capital_is_that_states(pipeline: Pipeline) -> None:
    """ "the Government of Kenya" is Kenya's whether "government" is written with a capital or not; the small
    parser tags the capitalised word as a proper noun, and the state did not climb to it."""
    for text in (
        "In 2019 Somalia's foreign ministry said the Government of Kenya had recalled its ambassador from Mogadishu.",
        "In 2019 Somalia's foreign ministry said the government of Kenya had recalled its ambassador from Mogadishu.",
    ):
        events = asserted(pipeline, text)
        assert any(e.source == ["KEN"] and e.target == ["SOM"] for e in events), text


def test_an_act_condemned_with_its_own_actor_is_a_candidate_of_its_own(pipeline: Pipeline) -> None:
    """Found on the development fold: in "condemns the airstrike by the Myanmar military" only the condemnation
    was read, and read as the military's (the parser hangs "by" on the verb; an active verb with a subject has no
    agent). An eventive noun that is a verb's object was never a candidate of its own, even with an actor of its
    own; now it is one for the classifier (which was not trained on such nouns: a retrain will type them)."""
    from dyadscope.models import RawDocument

    condemned = "In April 2023 the UN secretary-general condemned the airstrike by the Myanmar military on a village."
    by = asserted(pipeline, condemned)
    assert any(e.type == "ACCUSE" and e.source == ["UN"] and e.target == ["MMR"] for e in by)
    shelling = "On 4 October 2020 Armenia condemned Azerbaijan's shelling."
    for text, noun in ((condemned, "airstrike"), (shelling, "shelling")):
        raw = RawDocument("condemned.txt", text, "0" * 64, "text/plain", "condemned")
        assert noun in [c.text for c in pipeline.run(raw, every_kind=True)._.candidates]


def test_a_verbs_object_with_no_actor_of_its_own_stays_one_event(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "In March 2014 the European Union imposed sanctions on Russia.")
    assert [e.type for e in events] == ["SANCTION"]


def test_a_state_named_in_another_clause_is_not_the_one_acted_on(pipeline: Pipeline) -> None:
    """Found on the index's tuning pairs: a coup ("seized power") has no one named as acted on, and the fallback
    (the other state the sentence names) took the state of the next clause, which only reacted; where the parser
    lost the subject, the next clause's subject became the source. A semicolon ends a clause for both."""
    for text in (
        "In October 1958 General Ne Win seized power in Burma; Washington raised no serious objection.",
        "In 1980 General Kenan Evren seized power in Turkey; Washington raised no objection.",
        "In a history of Burma and the United States: in October 1958 General Ne Win seized power; Washington "
        "raised no serious objection and kept its aid programmes.",
    ):
        events = asserted(pipeline, text)
        assert not any("USA" in e.source + e.target and e.type in {"ASSAULT", "COERCE"} for e in events), text


def test_a_resignation_is_no_act_on_the_other_state_of_a_history(pipeline: Pipeline) -> None:
    """Found on the index's tuning pairs: "Three Greek ministers resigned over the affair" in a history of Greece
    and Turkey became a Greek concession to Turkey (+7), from the fallback to the document's other state."""
    text = (
        "Relations between Chile and Argentina worsened in 1978. "
        "Two Chilean ministers resigned over the affair in December 1978."
    )
    events = asserted(pipeline, text)
    assert not any(e.source == ["CHL"] and e.target == ["ARG"] for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "President Gonzalo Sánchez de Lozada resigned in October 2003 and fled to the United States.",
        "President Alberto Fujimori resigned by fax from Tokyo in November 2000.",
    ],
)
def test_a_resignation_is_no_act_on_the_state_the_leader_leaves_for(pipeline: Pipeline, text: str) -> None:
    """Found on the development fold: "Damiba resigned ... and left for Togo" was a retreat before Togo. A
    resignation happens at home, whatever other state the sentence names (where the leader went, or wrote from)."""
    events = asserted(pipeline, text)
    resigned = [e for e in events if e.type == "RETREAT"]
    assert resigned, text
    assert all(set(e.target) <= set(e.source) for e in resigned), [(e.source, e.target) for e in resigned]


def test_states_that_fight_side_by_side_do_not_fight_each_other(pipeline: Pipeline) -> None:
    """Found on the index's tuning pairs: "Greece and Turkey sent troops to fight under the United Nations command
    in Korea" became Greece attacking Turkey (-10): coordinated sources with no one named acted on were read as
    acting on each other, as they do in talks. Force and aid between coordinated states need a reciprocal verb
    ("clashed") or a pair phrase ("both armies")."""
    together = asserted(
        pipeline, "In 1950 Australia and New Zealand sent troops to fight under the United Nations command in Korea."
    )
    assert not any({*e.source, *e.target} == {"AUS", "NZL"} and e.type in {"ASSAULT", "AID"} for e in together)
    clashed = asserted(pipeline, "In June 2020 Indian and Chinese troops clashed in the Galwan valley.")
    assert any({*e.source, *e.target} == {"IND", "CHN"} and e.type == "ASSAULT" for e in clashed)


def test_a_government_noun_is_not_the_state_it_acts_on(pipeline: Pipeline) -> None:
    """Found on the index's tuning pairs: in "Days later the administration suspended most security assistance to
    X", the one state the sentence names is the one acted on, and "the administration" was read as that state's.
    A sector noun takes the state of the sentence before's subject when the one state named is only acted on."""
    text = (
        "In August 2017 Washington accused Egypt of abuses against detainees. "
        "Days later the administration suspended most military assistance to Egypt."
    )
    events = asserted(pipeline, text)
    assert any(e.type == "SANCTION" and e.source == ["USA"] and e.target == ["EGY"] for e in events)
    assert not any(e.source == ["EGY"] and e.type == "SANCTION" for e in events)


def test_the_leader_of_an_armed_group_is_not_a_state_the_act_may_aim_at(pipeline: Pipeline) -> None:
    """An act with no one named as acted on aims at the one other state its clause names; the leader of an armed
    group or of an organisation named beside it ("Baghdadi", "Nasrallah") is no second state that makes the aim
    unclear (found on the index's TUNE pairs: "Pakistani leaders condemned the violation of their sovereignty,
    while American legislators asked how bin Laden ..." lost its target)."""
    for text, (source, target) in [
        (
            "Syrian leaders condemned the violation of their airspace, while Turkish officials said Baghdadi had "
            "crossed the border.",
            ("SYR", "TUR"),
        ),
        (
            "Lebanese leaders condemned the strike on their territory, while Israeli officials said Nasrallah had "
            "been the target.",
            ("LBN", "ISR"),
        ),
    ]:
        events = asserted(pipeline, text)
        assert any(e.type == "ACCUSE" and e.source == [source] and e.target == [target] for e in events), events


def test_a_weapon_acts_for_whoever_fired_it(pipeline: Pipeline) -> None:
    """ "A missile fired by Houthi rebels struck ...": the weapon is the subject and its firer the source (found on
    the development fold: "a car bomb planted by the group ... killed two people" had no source)."""
    struck = asserted(pipeline, "In 2019 a missile fired by Houthi rebels struck a Saudi oil facility.")
    assert any(e.type == "ASSAULT" and e.source == ["HOUTHI"] and e.target == ["SAU"] for e in struck), struck
    bombed = asserted(pipeline, "In 2006 a car bomb planted by ETA killed two people at Madrid airport.")
    assert any(e.type == "ASSAULT" and e.source == ["ETA"] for e in bombed), bombed
    # a weapon no one is said to have fired is no one's act
    assert asserted(pipeline, "In 2019 a missile struck a Saudi oil facility.") == []


def test_the_one_called_on_to_act_is_the_actor_of_what_it_is_called_on_to_do(pipeline: Pipeline) -> None:
    """ "Brazil called on Venezuela to release ...": Venezuela would release, not Brazil. `object_control` listed
    "call on", but a verb was matched by its lemma alone, so the entry never applied (found reading the diff)."""
    events = pipeline.code_text("Brazil called on Venezuela to release the opposition leaders.")
    assert ("BRA", "VEN", "REQUEST") in {(e.source[0], e.target[0] if e.target else "", e.type) for e in events}
    released = [e for e in events if e.trigger == "release"]
    assert all(e.hypothetical and e.source == ["VEN"] for e in released), released


@pytest.mark.parametrize(
    ("text", "kind", "pair"),
    [
        (
            "Ethiopia and Eritrea went to war over the town of Badme in May 1998. "
            "Both armies mobilised along the border in June 1998.",
            "MOBILIZE",
            {"ETH", "ERI"},
        ),
        (
            "In 2016 Japan and South Korea signed an intelligence-sharing pact. "
            "The two navies held a joint search-and-rescue drill in the Sea of Japan in 2017.",
            "COOPERATE",
            {"JPN", "KOR"},
        ),
    ],
)
def test_both_forces_are_the_pairs_forces(pipeline: Pipeline, text: str, kind: str, pair: set[str]) -> None:
    """ "Both armies mobilised" was coded as one state's army acting on the other state: "both" or "the two"
    before a sector noun is the pair's, each state's own forces, acting with each other as "the two countries" do
    (one event, the first state's forces with the second's). Written before the rule, on Ethiopia–Eritrea and
    Japan–South Korea."""
    events = [e for e in asserted(pipeline, text) if e.type == kind]
    found = [(e.source, e.source_sector, e.target, e.target_sector) for e in events]
    assert any({*e.source, *e.target} == pair and e.source_sector == e.target_sector == "mil" for e in events), found


@pytest.mark.parametrize(
    ("text", "kind", "source", "target"),
    [
        (
            "In June 2017 Indian troops were sent to the Doklam plateau to stop Chinese road building.",
            "MOBILIZE",
            "IND",
            "CHN",
        ),
        ("In 2020 thousands of Colombian police were deployed to the border with Venezuela.", "MOBILIZE", "COL", "VEN"),
        ("In 1989 the last Soviet troops were withdrawn from Afghanistan.", "RETREAT", "SUN", "AFG"),
    ],
)
def test_forces_moved_with_no_agent_are_their_states(
    pipeline: Pipeline, text: str, kind: str, source: str, target: str
) -> None:
    """ "Indian troops were sent to ..." was dropped: a passive with no agent had no source. Forces that are sent,
    deployed, put on alert or withdrawn are moved by their own state, so they act; whoever else the sentence names
    is acted on. Written before the rule, on India–China, Colombia–Venezuela and the Soviet Union–Afghanistan;
    forces that are attacked stay acted on (below)."""
    events = [e for e in asserted(pipeline, text) if e.type == kind]
    assert any(e.source == [source] and e.target == [target] for e in events), [(e.source, e.target) for e in events]


def test_forces_attacked_with_no_agent_are_not_the_attackers(pipeline: Pipeline) -> None:
    text = "Twenty Indian soldiers were killed in the Galwan Valley in June 2020."
    assert not [e for e in asserted(pipeline, text) if e.source == ["IND"] and e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "holder", "held"),
    [
        (
            "In January 2010 a Russian intelligence officer, Ivan Petrov, shot dead two men in Boston; he was "
            "released in March 2010 after the families were paid compensation.",
            "USA",
            "RUS",
        ),
        ("In 2010 an Iranian army officer was arrested in Berlin. He was released by Germany in 2012.", "DEU", "IRN"),
    ],
)
def test_a_person_released_is_not_forces_withdrawn(pipeline: Pipeline, text: str, holder: str, held: str) -> None:
    """ "He was released": a person of a state's intelligence or army, set free, is no force his state moved
    (`moved_forces`): he did not release himself, and his state released no one. Found on the Pakistan–US
    history's 2011 (a CIA contractor released in Lahore, +7 for the United States); written, failing, on
    Russia–US and Iran–Germany."""
    retreats = [e for e in asserted(pipeline, text) if e.type == "RETREAT"]
    assert not any(e.source == [held] for e in retreats), [(e.source, e.target) for e in retreats]


def test_a_count_of_forces_is_not_the_pair(pipeline: Pipeline) -> None:
    """ "Two battalions were sent" is a count, not "the two" of the pair: found on reading the rule above again
    (Ethiopia–Eritrea), where it had been read as both states' forces acting on each other."""
    text = "Ethiopia and Eritrea went to war in May 1998. Two battalions were sent to Badme in June 1998."
    moves = [e for e in asserted(pipeline, text) if e.type == "MOBILIZE"]
    assert not any(e.source_sector == e.target_sector == "mil" for e in moves), [
        (e.source, e.source_sector, e.target, e.target_sector) for e in moves
    ]


@pytest.mark.parametrize(
    ("text", "kind", "source", "not_target"),
    [
        (
            "In 2015 Turkey banned several Kurdish parties, and in May 2015 it warned Greece over the Aegean.",
            "COERCE",
            "TUR",
            "GRC",
        ),
        (
            "In January 1994 the Egyptian government banned several militant groups, and in June 1994 it assured "
            "Israel that attacks from Sinai would stop.",
            "COERCE",
            "EGY",
            "ISR",
        ),
        (
            "In 2015 Turkey warned Greece over the Aegean, and in May 2015 it banned several Kurdish parties.",
            "COERCE",
            "TUR",
            "GRC",
        ),
    ],
)
def test_a_state_named_in_the_sources_other_act_is_not_acted_on(
    pipeline: Pipeline, text: str, kind: str, source: str, not_target: str
) -> None:
    """An act with no one named as acted on takes the sentence's other state, but not one its source acts on in a
    clause of its own ("Turkey banned Kurdish parties, and it warned Greece": the ban is not on Greece). Found on
    the Pakistan–US history (a ban on militant groups read as Pakistan coercing the United States it "assured" in
    the next clause); written, failing, on Greece–Turkey and Egypt–Israel."""
    events = [e for e in asserted(pipeline, text) if e.type == kind and e.source == [source]]
    assert events and not any(not_target in e.target for e in events), [(e.source, e.target) for e in events]


def test_a_state_whose_act_another_answers_is_acted_on(pipeline: Pipeline) -> None:
    """The other side of the rule above: another state's act in the clause before is what a sanction answers
    ("India tested ..., and Japan imposed sanctions": on India)."""
    text = "India tested nuclear weapons in May 1998, and Japan imposed economic sanctions."
    events = [e for e in asserted(pipeline, text) if e.type == "SANCTION"]
    assert any(e.source == ["JPN"] and e.target == ["IND"] for e in events), [(e.source, e.target) for e in events]


@pytest.mark.parametrize(
    ("text", "together"),
    [
        ("Britain, France and Germany condemned the crackdown on protesters in Iran on Monday.", {"GBR", "FRA", "DEU"}),
        ("In March 2022 Canada and Australia demanded an immediate ceasefire in Ukraine.", {"CAN", "AUS"}),
        ("In 1998 Japan and South Korea protested strongly after the missile launch by North Korea.", {"JPN", "KOR"}),
        (
            "In 2014 the United States and the European Union imposed sanctions after the annexation of Crimea by "
            "Russia.",
            {"USA", "EU"},
        ),
        ("In 1973 Egypt and Syria warned that they would use the oil weapon.", {"EGY", "SYR"}),
    ],
)
def test_states_that_protest_demand_or_punish_together_do_not_do_it_to_each_other(
    pipeline: Pipeline, text: str, together: set[str]
) -> None:
    """Found on the development fold: "Britain, Germany + France condemned the crackdown" was Britain accusing
    Germany and France, and "Canada and Australia demanded a ceasefire" Canada asking Australia. Coordinated
    sources with no one named acted on were read as acting on each other for every kind of act but force and aid.
    Only talks, agreements, support, cooperation and yielding are done with each other; a condemnation, a demand,
    a protest, a threat or a sanction is done together on someone else, unless the verb says "each other"."""
    for e in asserted(pipeline, text):
        assert not ({*e.source} <= together and {*e.target} <= together and e.target), (text, e)


def test_states_that_accuse_each_other_act_on_each_other(pipeline: Pipeline) -> None:
    events = asserted(pipeline, "In 2023 Armenia and Azerbaijan accused each other of shelling border villages.")
    assert any(e.type == "ACCUSE" and {*e.source, *e.target} == {"ARM", "AZE"} for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday Britain, France and Germany condemned the crackdown on protesters in Iran.",
        "In October 2022 Britain, France and Germany condemned the crackdown on protesters in Iran.",
    ],
)
def test_the_first_of_a_list_of_subjects_hung_on_an_opening_phrase_is_a_subject(pipeline: Pipeline, text: str) -> None:
    """The parser hangs the first name of the list on the opening "On Monday" or "In October 2022" (its object or a
    `dep` of it): it was read as the target ("France accused Britain") or lost."""
    events = asserted(pipeline, text)
    assert {e.source[0] for e in events if e.type == "ACCUSE"} == {"GBR", "FRA", "DEU"}
    assert all(e.target == ["IRN"] for e in events if e.type == "ACCUSE")


@pytest.mark.parametrize(
    "text",
    [
        "In the spring of 2005 the Eritrean and Ethiopian armies moved forces to the border, and the American envoy "
        "travelled to both capitals to urge restraint.",
        "In 2006 North Korea tested a long-range missile, and the Japanese government imposed sanctions on the North.",
    ],
)
def test_the_actor_of_a_later_clause_is_not_whom_the_first_act_was_done_to(pipeline: Pipeline, text: str) -> None:
    """Found on the index's tuning pairs: "the two armies moved forces to the border, and the American deputy
    national security adviser travelled to both capitals to urge restraint" made India's and Pakistan's
    mobilisations acts against the United States, the one other state the sentence names. A later clause with an
    actor of its own tells what that actor did next (often in answer), not whom the first act was done to; the
    later act may answer the earlier one ("imposed sanctions on the North")."""
    events = asserted(pipeline, text)
    assert not any(e.type in {"MOBILIZE", "ASSAULT"} and e.target in (["USA"], ["JPN"]) for e in events), events


def test_forces_a_subject_moves_are_its_own_whoever_else_the_sentence_names(pipeline: Pipeline) -> None:
    """ "The two armies moved forces to the border, and the American envoy travelled to both capitals": the forces
    had been the United States' (a sector noun is of the one state its sentence names), so both armies moved
    against the United States. Forces a subject sends, moves or deploys are its own."""
    text = (
        "Eritrea and Ethiopia fought a border war in 1998. In the spring of 2005 the two armies moved forces to the "
        "border, and the American envoy travelled to both capitals to urge restraint."
    )
    events = asserted(pipeline, text)
    assert not any(e.type == "MOBILIZE" and e.target == ["USA"] for e in events), events
    sent = asserted(pipeline, "In 1962 Egypt sent troops to Yemen, and the Saudi king protested to Washington.")
    assert not any(e.type in {"MOBILIZE", "AID", "ASSAULT"} and e.target == ["SAU"] for e in sent), sent
