"""The failures the issue lists, each on a pair of countries other than Pakistan–United States.

Written before the parsed, trained coder; each failed on the rule-based coder it replaced (commit cd24979).
"""

from __future__ import annotations

from datetime import date

from dyadscope.models import Event
from dyadscope.pipeline import Pipeline


def coded(pipeline: Pipeline, text: str) -> list[Event]:
    return [e for e in pipeline.code_text(text) if not e.negated and not e.hypothetical]


def pairs(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.source[0], e.target[0] if e.target else "", e.type) for e in events}


def sided(events: list[Event]) -> set[tuple[str, str, str, str, str]]:
    return {(e.source[0], e.source_sector, e.target[0] if e.target else "", e.target_sector, e.type) for e in events}


# No event where there is one


def test_domestic_events_have_sectors(pipeline: Pipeline) -> None:
    police = sided(coded(pipeline, "Kenyan police fired tear gas at protesters in Nairobi on Tuesday."))
    assert any(s == "KEN" and ss == "police" and t == "KEN" and ts == "protesters" for s, ss, t, ts, _ in police)
    army = sided(coded(pipeline, "In 2023 Sudanese troops attacked rebel positions in Darfur."))
    assert any(
        s == "SDN" and ss == "mil" and t == "SDN" and ts == "rebels" and k == "ASSAULT" for s, ss, t, ts, k in army
    )


def test_verbs_outside_any_trigger_list(pipeline: Pipeline) -> None:
    assert ("ISR", "PSE", "ASSAULT") in pairs(
        coded(pipeline, "In 2021 Israeli forces demolished a Palestinian school.")
    )
    upgraded = pairs(coded(pipeline, "In 2023 Vietnam upgraded its diplomatic ties with Japan."))
    assert ("VNM", "JPN", "SUPPORT") in upgraded
    spoke = pairs(coded(pipeline, "In March 2022 Macron spoke with Zelensky by telephone."))
    assert {("FRA", "UKR", "CONSULT")} <= spoke or {("UKR", "FRA", "CONSULT")} <= spoke


def test_actors_by_title_historical_names_and_case(pipeline: Pipeline) -> None:
    assert ("USA", "SUN", "CONSULT") in pairs(
        coded(pipeline, "In December 1989 President Bush met Gorbachev in Malta.")
    )
    obama = pairs(coded(pipeline, "In 2009 President obama met Hu Jintao in Beijing."))
    assert ("USA", "CHN", "CONSULT") in obama or ("CHN", "USA", "CONSULT") in obama
    ec = pairs(coded(pipeline, "In 1991 the European Community imposed sanctions on Yugoslavia."))
    assert ("EC", "YUG", "SANCTION") in ec


# The wrong direction


def test_a_by_phrase_of_another_clause_is_not_the_source(pipeline: Pipeline) -> None:
    events = coded(
        pipeline,
        "Cuba threatened to break off relations with Peru on the eve of a visit here by the Soviet foreign minister.",
    )
    assert ("CUB", "PER", "THREATEN") in pairs(events)
    assert not any(e.source[0] == "SUN" for e in events)


def test_progressive_verbs_are_active(pipeline: Pipeline) -> None:
    providing = pairs(coded(pipeline, "Germany is providing air defence systems to Ukraine under a deal with Kyiv."))
    assert ("DEU", "UKR", "AID") in providing and ("UKR", "DEU", "AID") not in providing
    assert ("TUR", "AZE", "AID") in pairs(coded(pipeline, "Turkey is supplying drones to Azerbaijan."))
    demanding = pairs(coded(pipeline, "The Indian government is demanding that China withdraw its troops."))
    assert ("IND", "CHN", "REQUEST") in demanding and ("CHN", "IND", "REQUEST") not in demanding


def test_the_target_is_the_one_acted_on(pipeline: Pipeline) -> None:
    bombed = pairs(coded(pipeline, "In 1958 the PRC bombed islands controlled by the ROC."))
    assert ("CHN", "TWN", "ASSAULT") in bombed and ("TWN", "CHN", "ASSAULT") not in bombed


def test_people_are_resolved_by_date(pipeline: Pipeline) -> None:
    events = coded(pipeline, "In 2003 Shevardnadze met Putin in Moscow.")
    assert events and all("SUN" not in e.source + e.target for e in events)
    assert any({e.source[0], *e.target} == {"GEO", "RUS"} for e in events)


# Non-events that swung the index


def test_a_reaffirmed_commitment_is_no_attack(pipeline: Pipeline) -> None:
    events = pipeline.code_text(
        "The United States reaffirms the commitment made in its 1959 bilateral agreement with Turkey."
    )
    assert not any(e.intensity < 0 for e in events)
    assert not any(e.date is not None and e.date.start.year == 1959 and e.type != "SUPPORT" for e in events)


def test_condemning_an_attack_is_not_attacking(pipeline: Pipeline) -> None:
    events = coded(pipeline, "Canada strongly condemns the terrorist attack on a mosque in Kabul.")
    assert not any(e.type == "ASSAULT" and e.source[0] == "CAN" for e in events)


def test_an_individuals_crime_is_not_his_state(pipeline: Pipeline) -> None:
    events = coded(pipeline, "A Chinese man was arrested in Toronto for a plot to kill a Canadian minister.")
    assert not any(e.type == "ASSAULT" and e.source == ["CHN"] and not e.source_sector for e in events)


def test_a_reporters_question_reports_nothing(pipeline: Pipeline) -> None:
    events = coded(pipeline, "Has Japan lifted its restrictions on South Korean exports?")
    assert not any(e.type == "RETREAT" for e in events)


def test_a_law_named_is_no_aid(pipeline: Pipeline) -> None:
    events = coded(pipeline, "Section 7 of the Foreign Assistance Act of 1961 governs assistance to Jordan.")
    assert not any(e.type == "AID" for e in events)
    # the year in a law's name dates the law, not what the sentence tells
    law = pipeline.code_text(
        "The United States shall provide assistance to Jordan under the Foreign Assistance Act of 1961."
    )
    assert law and not any(e.date is not None and e.date.start.year == 1961 for e in law)


def test_an_instrument_named_with_its_year_is_an_event_of_that_year(pipeline: Pipeline) -> None:
    """The reaffirmation is the sentence's event, at its own date; the treaty it names is one of the treaty's year."""
    events = pipeline.code_text(
        "Japan reaffirms the commitment made in its 1960 security treaty with the United States.",
        anchor=date(2015, 4, 28),
    )
    years = {e.date.start.year for e in events if e.date is not None and set(e.source + e.target) == {"JPN", "USA"}}
    assert years == {1960, 2015}


def test_a_grievance_named_is_no_cooperation(pipeline: Pipeline) -> None:
    events = coded(pipeline, "In 2018 Washington condemned the PRC's unfair trade practices.")
    assert not any(e.intensity > 0 for e in events)


def test_sanctions_called_illegal_are_not_the_callers_sanctions(pipeline: Pipeline) -> None:
    """Seen in the demo: "... called the sanctions biased" gave the caller a SANCTION of its own, from the lexicon's
    reading of the object. A verb that judges what it names ("called", "described", "deemed") is not that act."""
    for text in (
        "In 2018 Washington imposed sanctions on Moscow, and Russia's foreign ministry called the sanctions illegal.",
        "In 2021 China described the American sanctions as unlawful.",
        "In 2019 Iran's foreign minister deemed the American embargo a crime against humanity.",
    ):
        events = coded(pipeline, text)
        assert not any(e.type == "SANCTION" and e.source[:1] in (["RUS"], ["CHN"], ["IRN"]) for e in events), text


def test_arms_sales_to_taiwan_are_not_aid_to_china(pipeline: Pipeline) -> None:
    events = coded(pipeline, "In 1982 China protested American arms sales to Taiwan.")
    assert not any(e.type == "AID" and e.target[:1] == ["CHN"] for e in events)
    assert ("CHN", "USA", "ACCUSE") in pairs(events)


# Conventions


def test_intent_is_agree(pipeline: Pipeline) -> None:
    assert ("IND", "BTN", "AGREE") in pairs(coded(pipeline, "India will support Bhutan's bid for membership."))
    ready = pairs(coded(pipeline, "Nepal said it is ready to contribute troops to the UN mission in Lebanon."))
    assert any(s == "NPL" and k == "AGREE" for s, _, k in ready)


def test_an_announced_concession_is_the_concession(pipeline: Pipeline) -> None:
    """By the convention the modality module follows, a retreat an actor announces ("would free", "would release")
    is CONCEDE, asserted: the announcement is the event, not a prospect (it was coded CONCEDE but hypothetical)."""
    freed = coded(pipeline, "In 2021 the Guinean junta said it would free all political prisoners.")
    assert any(e.type == "CONCEDE" and e.source == ["GIN"] for e in freed)
    released = coded(pipeline, "In 2019 Ghana said it would release the detained Togolese activists.")
    assert ("GHA", "TGO", "CONCEDE") in pairs(released)


def test_conditional_harm_is_a_threat(pipeline: Pipeline) -> None:
    events = coded(pipeline, "Egypt said it would boycott the summit unless Ethiopia halted the filling of the dam.")
    assert ("EGY", "ETH", "THREATEN") in pairs(events) or any(
        e.type == "THREATEN" and e.source == ["EGY"] for e in events
    )


def test_a_protest_lodged_is_an_accusation(pipeline: Pipeline) -> None:
    events = coded(pipeline, "In 2012 Japan lodged a protest with China over the incursion.")
    assert ("JPN", "CHN", "ACCUSE") in pairs(events) and not any(e.type == "PROTEST" for e in events)


def test_the_demand_is_the_event(pipeline: Pipeline) -> None:
    events = coded(pipeline, "In 2008 Serbia demanded that its partners refuse to recognise Kosovo.")
    assert any(e.type == "REQUEST" and e.source == ["SRB"] for e in events)
    assert not any(e.type in ("SUPPORT", "REJECT") for e in events)


def test_what_a_request_asks_for_is_not_an_act(pipeline: Pipeline) -> None:
    """The act a state asks, urges or demands of another has not happened: only the request is asserted."""
    for text, request in [
        ("The United States demanded that North Korea abandon its nuclear programme.", ("USA", "PRK", "REQUEST")),
        ("The European Union urged Serbia to arrest the fugitive general.", ("EU", "SRB", "REQUEST")),
        ("Brazil called on Venezuela to release the opposition leaders.", ("BRA", "VEN", "REQUEST")),
        ("Poland's parliament demanded that Russia admit the massacre.", ("POL", "RUS", "REQUEST")),
    ]:
        assert pairs(coded(pipeline, text)) == {request}, text


def test_a_law_as_subject_acts_for_the_state_whose_aid_or_embargo_it_moves(pipeline: Pipeline) -> None:
    assert ("USA", "CUB", "SANCTION") in pairs(
        coded(pipeline, "The Helms-Burton Act tightened the US embargo on Cuba in 1996.")
    )
    suspended = coded(pipeline, "In 1990 the law suspended American military assistance to El Salvador.")
    assert [(e.source, e.target, e.type) for e in suspended] == [(["USA"], ["SLV"], "SANCTION")]
    assert suspended[0].date is not None and suspended[0].date.start.year == 1990  # "In 1990 the law": no name


def test_a_request_and_what_it_asks_for_are_one_event_whatever_their_dates(pipeline: Pipeline) -> None:
    """Found in review: one event per pair, type and date let "calls for the withdrawal" count twice once the verb
    took the resolution's year and the noun the document's date. Only a treaty or agreement a sentence names with a
    year of its own is a happening apart ("reaffirms ... its 1960 security treaty")."""
    events = pipeline.code_text(
        "Security Council Resolution 242 (1967) calls for the withdrawal of Israeli armed forces.",
        anchor=date(2009, 10, 15),
    )
    requests = [e for e in events if e.type == "REQUEST" and e.source == ["UN"] and e.target == ["ISR"]]
    assert len(requests) == 1 and requests[0].date is not None and requests[0].date.start.year == 1967


def test_a_disaster_that_strikes_is_nobodys_attack(pipeline: Pipeline) -> None:
    """An earthquake or a storm that "struck" is no state's assault: a verb whose own subject is a noun that is no
    actor has no actor to borrow from the clause above, and a passive in an adverbial clause ("when Athens was
    struck") is not done by the main clause's subject. Found in review, where a Greece–Turkey answer's "when Athens
    was struck ..., Turkish rescuers reciprocated" became a Turkish assault; written before the rule, with guards
    on attacks that do have their actor."""
    quake = coded(
        pipeline,
        "The foreign ministers of Greece and Turkey had begun exchanging letters when a massive earthquake struck "
        "the Izmit region of Turkey in August 1999.",
    )
    assert not [e for e in quake if e.type == "ASSAULT"], pairs(quake)
    athens = coded(pipeline, "When Athens was struck by an earthquake in September 1999, Turkish rescuers helped.")
    assert not [e for e in athens if e.type == "ASSAULT"], pairs(athens)
    typhoon = coded(pipeline, "Japanese rescuers arrived in the Philippines in 2013 after a typhoon hit the coast.")
    assert not [e for e in typhoon if e.type == "ASSAULT"], pairs(typhoon)
    assert ("TUR", "IRQ", "ASSAULT") in pairs(coded(pipeline, "In 2019 Turkish jets struck targets in northern Iraq."))
    shelled = coded(pipeline, "Israeli artillery shelled Gaza in 2014, when Hamas rockets were fired at Tel Aviv.")
    assert any(e.type == "ASSAULT" and e.source == ["ISR"] and e.trigger == "shelled" for e in shelled), pairs(shelled)
    assert not [e for e in shelled if e.trigger == "fired" and e.source == ["ISR"]], pairs(shelled)


def test_a_passive_conjunct_is_not_done_by_the_other_conjuncts_subject(pipeline: Pipeline) -> None:
    """ "Turkey protested to Washington, and the arms embargo was only lifted in 1978": the lifting has a patient
    of its own and no agent, so Turkey did not lift it. Found by the review test of wrong facts (a Pakistan–US
    answer's right claim called a reversal); written for Turkey–United States before the rule."""
    events = coded(
        pipeline, "Turkey protested to the United States, and the arms embargo was only lifted in September 1978."
    )
    assert not [e for e in events if e.source == ["TUR"] and e.type == "RETREAT"], pairs(events)


def test_an_act_on_an_unnamed_polity_is_not_on_another_state_the_sentence_names(pipeline: Pipeline) -> None:
    """ "Russia condemned the declaration, and the United States recognised the new state": the recognition is of
    the new state, not of Russia, though Russia is the only other state the sentence names. Found in a
    Greece–Turkey note ("Turkey recognised the new state, a show of support for Greece"); written on Kosovo and
    Slovenia before the rule, with a guard on an act whose object is an instrument."""
    kosovo = coded(
        pipeline,
        "In February 2008 Kosovo's assembly declared independence; Russia condemned the declaration, and the "
        "United States recognised the new state the next day.",
    )
    assert ("USA", "RUS", "SUPPORT") not in pairs(kosovo), pairs(kosovo)
    slovenia = coded(
        pipeline,
        "In 1991 Slovenia declared independence; Serbia condemned the declaration, and Germany recognised the new "
        "republic in December.",
    )
    assert ("DEU", "YUG", "SUPPORT") not in pairs(slovenia), pairs(slovenia)
    lifted = coded(pipeline, "Greece protested for years; in 2003 Turkey lifted the ban on Greek shipping.")
    assert ("TUR", "GRC", "RETREAT") in pairs(lifted), pairs(lifted)


def test_an_events_issues_are_those_of_its_own_clause(pipeline: Pipeline) -> None:
    """ "Greece introduced a visa scheme for tourists visiting some Aegean islands, and Mitsotakis paid an official
    visit to Ankara": the visit is about no island; the issues an event drives are read from its own clause, not
    from another clause with a subject of its own (a driver needs an event about it, not a word). Found in a
    Greece–Turkey note that argued "territory and sovereignty" with that visit; written on Greece–Turkey and
    India–US before the rule, with guards where the issue is in the event's clause."""
    visit = coded(
        pipeline,
        "In April 2024 Greece introduced a visa scheme for Turkish tourists visiting some Aegean islands, and in "
        "May 2024 Prime Minister Mitsotakis paid an official visit to Ankara.",
    )
    consult = [e for e in visit if e.type == "CONSULT"]
    assert consult and all("territory_sovereignty" not in e.issues for e in consult), [
        (e.type, e.issues) for e in visit
    ]
    airspace = coded(
        pipeline, "In May 2006 Greece protested to Turkey over the violation of its airspace in the Aegean."
    )
    assert any("territory_sovereignty" in e.issues for e in airspace), [(e.type, e.issues) for e in airspace]
    tests = coded(pipeline, "After India's nuclear tests, the United States imposed sanctions on India in May 1998.")
    assert any(e.type == "SANCTION" and "nuclear_wmd" in e.issues for e in tests), [(e.type, e.issues) for e in tests]


def test_the_year_of_a_thing_named_by_it_does_not_date_the_act(pipeline: Pipeline) -> None:
    """ "India eased the investment restrictions of 2020": 2020 names the restrictions, not the easing, which takes
    its date from the sentence before (October 2024). Found in a DEV note ("In 2019 Japan lifted the export
    restrictions of 2019"); written on China–India before the rule, with a guard on "the summer of 2018", which is
    a time, not a thing."""
    events = coded(
        pipeline,
        "In October 2024 India and China agreed on patrolling arrangements along the border. India eased the "
        "investment restrictions of 2020 on Chinese companies.",
    )
    eased = [e for e in events if e.source == ["IND"] and "eased" in e.evidence.text and e.type != "AGREE"]
    assert eased and all(e.date is not None and e.date.start.year == 2024 for e in eased), [
        (e.type, e.date) for e in events
    ]
    summer = coded(pipeline, "In the summer of 2018 Turkey sent a survey ship into waters claimed by Greece.")
    assert summer and all(e.date is not None and e.date.start.year == 2018 for e in summer), summer


def test_rights_groups_and_churches_are_civil_society_actors(pipeline: Pipeline) -> None:
    """ "Human rights groups and the Catholic Church accused the government of a massacre": civil society acting at
    home, coded as the state's civilians against its government. Missed on the dev fold (typed right, then
    dropped for want of a source); written on Bolivia and Kenya before the words were added."""
    bolivia = coded(
        pipeline,
        "Human rights groups and the Catholic Church in Bolivia accused the government of a massacre in 2003.",
    )
    assert ("BOL", "civilians", "BOL", "", "ACCUSE") in sided(bolivia), sided(bolivia)
    kenya = coded(pipeline, "In Kenya, church leaders condemned the police for the killings of protesters in 2023.")
    assert any(e.source == ["KEN"] and e.source_sector == "civilians" and e.type == "ACCUSE" for e in kenya), sided(
        kenya
    )
