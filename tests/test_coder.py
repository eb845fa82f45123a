"""Event coding on real sentences (the issue's examples and others) and its data's consistency.

Where the labelled data's guidelines (training/events/GUIDELINES.md) settle a case differently from the rules
these tests were first written for, the test follows the guidelines and says so: an opinion, a prospect, a
prescription or a state of relations ("tensions rose", "the partnership was weakened") is no event, so the
test asks that no event be asserted from it (hypothetical ones are allowed) rather than that one be coded.
"""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from dyadscope.models import Event, RawDocument
from dyadscope.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data"
KNOWN_MISS = "the trained coder misses this one (model card, known misses below)"


def triples(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.source[0], e.target[0] if e.target else "", e.type) for e in events}


def test_sanctions_after_nuclear_tests(pipeline: Pipeline) -> None:
    events = pipeline.code_text("In 1998 the United States imposed sanctions on Pakistan after its nuclear tests.")
    sanction = next(e for e in events if e.type == "SANCTION")
    assert (sanction.source, sanction.target) == (["USA"], ["PAK"])
    assert sanction.intensity < 0 and "cbrn" in sanction.contexts and sanction.cameo == "163"
    assert "nuclear_wmd" in sanction.issues
    assert sanction.date is not None and (sanction.date.start, sanction.date.end) == (
        date(1998, 1, 1),
        date(1998, 12, 31),
    )
    assert sanction.evidence.start == 0 and sanction.evidence.text.startswith("In 1998")


def test_response_with_sanctions_and_aid_suspension(pipeline: Pipeline) -> None:
    text = (
        "In 1998 the United States responded to Pakistan's nuclear tests with swift condemnation and punitive "
        "measures, including economic sanctions and the suspension of military aid."
    )
    found = triples(pipeline.code_text(text))
    assert ("USA", "PAK", "AID") not in found  # suspended aid is not aid


@pytest.mark.xfail(strict=True, reason=KNOWN_MISS)
def test_support_for_operations_after_9_11(pipeline: Pipeline) -> None:
    events = pipeline.code_text("After 9/11, Pakistan's support for US military operations in Afghanistan grew.")
    support = next(e for e in events if e.type == "SUPPORT")
    assert (support.source, support.target) == (["PAK"], ["USA"])
    assert "terrorism" in support.contexts and support.date is not None and support.date.start.year == 2001


def test_passive_and_lifted_sanctions(pipeline: Pipeline) -> None:
    assert ("USA", "PAK", "SANCTION") in triples(pipeline.code_text("Pakistan was sanctioned by the United States."))
    lifted = pipeline.code_text("In 2001 Washington lifted sanctions on Pakistan.")
    assert triples(lifted) == {("USA", "PAK", "RETREAT")} and lifted[0].intensity > 0


def test_joint_actions_and_coordinated_actors(pipeline: Pipeline) -> None:
    supplied = triples(pipeline.code_text("Both the United States and the United Kingdom supplied arms to Pakistan."))
    assert {("USA", "PAK", "AID"), ("GBR", "PAK", "AID")} <= supplied
    assert ("TAL", "USA", "SUPPORT") in triples(pipeline.code_text("The Taliban-US deal was signed in Doha in 2020."))


def test_negated_and_hypothetical(pipeline: Pipeline) -> None:
    denied = pipeline.code_text("The United States did not impose sanctions on India.")
    assert denied and all(e.negated for e in denied)
    proposed = pipeline.code_text("The United States may provide aid to Pakistan next year.")
    assert proposed and all(e.hypothetical for e in proposed)
    assert not any(e.hypothetical for e in pipeline.code_text("In May 2022 Bilawal Bhutto visited the United States."))


def test_other_dyads_keep_their_actors(pipeline: Pipeline) -> None:
    found = triples(
        pipeline.code_text("In June 2020 Chinese troops clashed with Indian soldiers in the Galwan Valley.")
    )
    assert ("CHN", "IND", "ASSAULT") in found
    found = triples(pipeline.code_text("In 1979 the Soviet Union invaded Afghanistan."))
    assert ("SUN", "AFG", "ASSAULT") in found


def test_no_event_without_two_actors(pipeline: Pipeline) -> None:
    assert pipeline.code_text("The weather was cold and the talks were long.") == []
    assert pipeline.code_text("The Cold War shaped the region.") == []


def test_trigger_types_agree_with_the_cameo_plover_crosswalk() -> None:
    crosswalk = {}
    for line in (DATA / "cameo" / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            crosswalk[match.group(1)] = match.group(2)
    overrides = {"163": "SANCTION"}  # the PLOVER manual: international sanctions are SANCTION 'discontinue'
    crosswalk["020"] = "REQUEST"  # CAMEO's appeals, which PLOVER drops: REQUEST ("all requests, demands")
    for entry in yaml.safe_load((DATA / "lexicon" / "triggers.yaml").read_text()):
        for rule in (entry, entry.get("flip"), *entry.get("decline", ())):
            if rule and rule.get("cameo"):
                code = rule["cameo"]
                expected = overrides.get(code) or crosswalk.get(code) or crosswalk.get(code[:3])
                assert expected == rule["type"], (rule["cameo"], rule["type"])


def test_event_json_schema(pipeline: Pipeline) -> None:
    event = pipeline.code_text("In May 2022 Bilawal Bhutto met Antony Blinken in Washington.")[0].to_dict()
    assert set(event) == {
        "id", "source", "target", "type", "mode", "contexts", "issues", "cameo", "intensity", "negated", "hypothetical",
        "date", "date_inherited", "confidence", "evidence", "source_sector", "target_sector", "trigger", "others",
    }  # fmt: skip
    assert event["date"] == {"start": "2022-05-01", "end": "2022-05-31", "granularity": "month"}
    assert set(event["evidence"]) == {"doc", "title", "sentence_id", "start", "end", "text", "kind"}


def test_opinion_frames_are_not_events(pipeline: Pipeline) -> None:
    believed = pipeline.code_text(
        "Analysts believe that China has little interest in signing a trade agreement with India before the election."
    )
    assert all(e.hypothetical for e in believed)  # an analyst's opinion: no event asserted (guidelines)
    argued = pipeline.code_text("Many in Delhi argue that Washington will never impose sanctions on China over Taiwan.")
    assert all(e.hypothetical for e in argued)
    # A reported act is still an event (CAMEO codes what is reported), and a frame ends at a new clause.
    accused = pipeline.code_text("In 2020 India accused China of violating the border agreement.")
    assert any(e.type == "ACCUSE" and not e.hypothetical for e in accused)
    mixed = pipeline.code_text(
        "Tokyo believes that Beijing is arming Russia, and in 2023 Japan imposed sanctions on China."
    )
    assert any(
        e.type == "SANCTION" and (e.source, e.target) == (["JPN"], ["CHN"]) and not e.hypothetical for e in mixed
    )


def test_text_about_itself_is_not_an_event(pipeline: Pipeline) -> None:
    about = pipeline.code_text(
        "This paper examines the alliances and partnerships that shaped India-Russia relations after 1971."
    )
    assert all(e.hypothetical for e in about)
    meta = pipeline.code_text("In this chapter we analyse how the United States imposed sanctions on Iran in 2012.")
    assert all(e.hypothetical for e in meta)  # the text describing itself asserts nothing (guidelines)
    real = pipeline.code_text("In 2012 the United States imposed sanctions on Iran.")
    assert ("USA", "IRN", "SANCTION") in triples(real) and not any(e.hypothetical for e in real)


def test_weakened_cooperation_is_a_negative_relation_state(pipeline: Pipeline) -> None:
    weakened = pipeline.code_text(
        "Since the 2020 border clash, the India-China partnership has been weakened by mutual suspicion."
    )
    # a weakened relation is a state, no event (guidelines); it must never read as cooperation
    assert all(e.intensity < 0 or e.hypothetical for e in weakened)
    suspended = pipeline.code_text("In 2021 Japan suspended its defense cooperation with Russia.")
    assert triples(suspended) == {("JPN", "RUS", "SANCTION")}
    expanded = pipeline.code_text("In 2021 Japan and Russia expanded their defense cooperation.")
    assert ("JPN", "RUS", "COOPERATE") in triples(expanded)
    # Cooperation for a purpose is not cut: "reduce ... through cooperation".
    purpose = pipeline.code_text("In 2019 Vietnam worked to reduce poverty through cooperation with Japan.")
    assert not any(e.type == "SANCTION" for e in purpose)  # cooperation for a purpose is not cut
    # Closing a route or ordering someone off a base cuts the cooperation it names; close cooperation is kept.
    closed = pipeline.code_text("In 2014 Turkey closed its airbase to France and ordered Germany to leave the airbase.")
    assert "SANCTION" in {e.type for e in closed} and not any(e.intensity > 0 for e in closed)
    close = pipeline.code_text("In 2014 Turkey and France kept close military cooperation.")
    assert not any(e.intensity < 0 for e in close)  # close cooperation is kept, not cut (and a state: no event)
    # Whoever cuts acts on the thing's owner: the subject is the source, the owner the target.
    owner = pipeline.code_text("In 2014 Turkey closed the French supply routes to Syria.")
    assert triples(owner) == {("TUR", "FRA", "SANCTION")}
    aid = pipeline.code_text("In 2019 Norway suspended Nicaragua's development aid.")
    assert triples(aid) == {("NOR", "NIC", "SANCTION")}


def test_concern_raised_in_a_capital_is_disapproval(pipeline: Pipeline) -> None:
    events = pipeline.code_text(
        "The growing Russia-Iran partnership has raised concerns in Washington about arms transfers."
    )
    # a growing partnership and concerns it raised are states, not acts (guidelines); never US support
    assert not any(e.type == "SUPPORT" and "USA" in e.source + e.target for e in events)
    assert ("IND", "CHN", "ACCUSE") in triples(pipeline.code_text("India raised concerns about China's dam building."))


def test_aid_that_is_cut_or_conditional(pipeline: Pipeline) -> None:
    lifted = pipeline.code_text("In 2001 sanctions on India were lifted by the United States.")
    assert triples(lifted) == {("USA", "IND", "RETREAT")}
    assert triples(pipeline.code_text("In 2019 American aid to Egypt ended.")) == {("USA", "EGY", "SANCTION")}
    given = pipeline.code_text("In 2018 the United States provided military aid to Egypt.")
    assert ("USA", "EGY", "AID") in triples(given) and not any(e.hypothetical for e in given)
    conditional = pipeline.code_text(
        "Japan will keep lending to Vietnam, but disbursements remain subject to a review of Vietnam's compliance "
        "with the loan terms."
    )
    assert all(e.hypothetical for e in conditional if e.type == "CONCEDE")
    assert all(
        e.hypothetical for e in pipeline.code_text("Economic aid from Japan to Vietnam remains conditional on reforms.")
    )


def test_prescriptions_and_prospects_are_hypothetical(pipeline: Pipeline) -> None:
    for text in (
        "India-Japan collaboration in semiconductors, rare earths and shipbuilding can strengthen supply chains.",
        "Brazil-Argentina relations also offer opportunities for collaboration and partnership in energy.",
        "Closer trade and a renewed commitment to dialogue offer pathways to better ties between Brazil and Chile.",
        "Tackling climate change requires enhanced cooperation between India and China.",
        "Vietnam and Japan should work to deepen their partnership and cooperate on maritime security.",
        "When their goals align, India and Japan tend to cooperate.",
    ):
        events = pipeline.code_text(text)
        assert all(e.hypothetical for e in events), text  # a prospect or prescription: no event (guidelines)
    grew = pipeline.code_text("In 2019 India-Japan collaboration in semiconductors grew rapidly.")
    assert ("IND", "JPN", "COOPERATE") in triples(grew) and not any(e.hypothetical for e in grew)
    despite = pipeline.code_text("Despite cooperation between India and Japan in 2019, tensions may rise.")
    assert not any(e.intensity < 0 and not e.hypothetical for e in despite)  # the rise is a prospect


def test_the_options_of_a_choice_are_hypothetical(pipeline: Pipeline) -> None:
    """ "does not have to choose between engaging China and severing ties", "had to decide whether to impose
    sanctions": the options of a choice are not acts (a SANCTION from each moved the index). An act done while
    choosing stays an act. Written before the rule, on Japan–China and Germany–Russia."""
    for text in (
        "In 2021 analysts said Japan does not have to choose between engaging China and severing ties with Beijing.",
        "In 2014 Germany had to decide whether to impose sanctions on Russia.",
        "In 2014 Germany faced a choice between imposing sanctions on Russia and keeping its gas supplies.",
    ):
        assert all(e.hypothetical for e in pipeline.code_text(text)), text
    done = pipeline.code_text("In 2014 Germany imposed sanctions on Russia, choosing between two evils.")
    assert ("DEU", "RUS", "SANCTION") in triples(done) and not any(e.hypothetical for e in done)


def test_publishing_a_document_is_no_act(pipeline: Pipeline) -> None:
    """ "released a national security strategy report, which said that China is a strategic competitor": releasing
    a document is no release of prisoners (RETREAT, a climb-down the note then told as "an easing of pressure").
    What a document says is not an act of its publisher. Written before the rule, on China–US and Japan–South
    Korea; a release of prisoners stays an act."""
    for text in (
        "In December 2017 the Trump administration released a national security strategy report, which said that "
        "China is a strategic competitor of the United States.",
        "In 2019 Japan released a defence white paper that no longer called South Korea a partner.",
        "In 2021 the State Department issued a report criticising human rights in Cuba.",
    ):
        assert not [e for e in pipeline.code_text(text) if e.trigger.startswith(("released", "issued"))], text
    freed = pipeline.code_text("In 2019 Russia released 35 Ukrainian prisoners in an exchange with Ukraine.")
    assert any(e.type in {"RETREAT", "CONCEDE", "COOPERATE"} for e in freed), freed


def test_a_natural_hazard_is_no_actor(pipeline: Pipeline) -> None:
    """ "when an earthquake struck north-western Turkey" was coded as an ASSAULT by the sentence's other state: a
    verb whose subject is an earthquake, a flood or a storm states what nature did, not an act of anyone. The aid
    sent after it stays an act. Written before the rule, on Armenia–US and Bangladesh–India."""
    for text, kept in (
        (
            "When a powerful earthquake struck Armenia in December 1988, the United States sent rescue teams to "
            "the Soviet Union.",
            ("USA", "SUN", "AID"),
        ),
        ("After a cyclone hit Bangladesh in 1991, India sent relief supplies to Bangladesh.", ("IND", "BGD", "AID")),
        ("Floods devastated Pakistan in 2010, and China sent aid to Pakistan.", ("CHN", "PAK", "AID")),
    ):
        events = pipeline.code_text(text)
        assert not [e for e in events if e.type in {"ASSAULT", "COERCE", "MOBILIZE"}], (text, triples(events))
        assert kept in triples(events), (text, triples(events))


def test_a_body_an_instrument_is_named_after_is_not_its_party(pipeline: Pipeline) -> None:
    """ "Greece ratified the United Nations Convention on the Law of the Sea" was coded as Greece's SUPPORT for the
    UN: a body in a named convention's or charter's name is its namesake, not the one acted on. States in a
    treaty's name are its parties. Written before the rule, on Japan, Kenya and Japan–US."""
    for text, body in (
        ("In 1996 Japan ratified the United Nations Convention on the Law of the Sea.", "UN"),
        ("In 2003 Kenya signed the African Union Convention on Preventing and Combating Corruption.", "AU"),
    ):
        events = pipeline.code_text(text)
        assert events and not [e for e in events if body in e.target], (text, triples(events))
    treaty = pipeline.code_text("In 1960 Japan signed the Japan-United States Security Treaty with the United States.")
    assert any(e.source == ["JPN"] and e.target == ["USA"] for e in treaty), triples(treaty)
    # nor, in a document on a pair, is the pair's other state: the convention is no act on China
    text = "# Japan-China relations\n\nIn 1996 Japan ratified the United Nations Convention on the Law of the Sea.\n"
    raw = RawDocument("jc.md", text, "0" * 64, "text/markdown", "Japan-China relations")
    events = pipeline.process(raw, every_kind=True).events
    assert not [e for e in events if e.target], [(e.type, e.source, e.target) for e in events]


def test_no_before_the_object_denies_the_act(pipeline: Pipeline) -> None:
    """ "Washington raised no serious objection" was coded as an ACCUSE: "no" before a verb's object denies the act
    as "not" does. Written before the rule, on Japan–China and Iraq–Soviet Union; a protest made stays."""
    for text, kind in (
        ("In March 2016 Japan made no protest when China sent ships near the Senkaku islands.", "ACCUSE"),
        ("In 1990 the Soviet Union offered no support to Iraq after the invasion of Kuwait.", "SUPPORT"),
        ("In 1990 the Soviet Union gave no military aid to Iraq.", "AID"),
    ):
        asserted = [e for e in pipeline.code_text(text) if not e.negated and not e.hypothetical]
        assert not [e for e in asserted if e.type == kind], (text, triples(asserted))
    made = pipeline.code_text("In March 2016 Japan lodged a protest with China over the ships.")
    assert any(e.type == "ACCUSE" and not e.negated for e in made), triples(made)


def test_backing_an_act_against_a_state_is_no_support_of_it(pipeline: Pipeline) -> None:
    """ "the United States backed placing Pakistan on the grey list" was coded as US SUPPORT for Pakistan as well as
    the sanction: backing a hostile act against a state is a part in that act, not support of the state. Written
    before the rule, on Germany–Russia and the US–Iran; backing a state stays support."""
    for text, target in (
        ("In 2014 Germany endorsed the expulsion of Russia from the G8.", "RUS"),
        (
            "In 2018 the United States supported placing Iran on the blacklist of the Financial Action Task Force.",
            "IRN",
        ),
    ):
        events = pipeline.code_text(text)
        assert not [e for e in events if e.type == "SUPPORT" and target in e.target], (text, triples(events))
    backed = pipeline.code_text("In 2014 Germany endorsed Poland's bid for a seat on the Security Council.")
    assert ("DEU", "POL", "SUPPORT") in triples(backed), triples(backed)


def test_invoking_a_named_treaty_is_no_signing_of_it(pipeline: Pipeline) -> None:
    """ "Turkey invoked the Treaty of Guarantee" was coded as Turkey's SUPPORT for Greece, read at the noun "Treaty":
    a treaty named as what an act invokes, violates or is done under is a thing, not an event. Written before the
    rule, on China–Soviet Union and Portugal–Britain; a treaty signed stays an event."""
    for text in (
        "In 1969 China invoked the Treaty of Friendship, Alliance and Mutual Assistance against the Soviet Union.",
        "In 1943 Britain invoked the Treaty of Windsor in its request to Portugal.",
    ):
        events = pipeline.code_text(text)
        assert not [e for e in events if e.trigger.startswith("Treaty")], (text, triples(events))
    signed = pipeline.code_text("In 1950 China signed the Treaty of Friendship with the Soviet Union.")
    assert any(e.type in {"SUPPORT", "AGREE", "COOPERATE"} for e in signed), triples(signed)


def test_what_an_agreement_provides_for_is_no_aid(pipeline: Pipeline) -> None:
    """ "The Geneva Accords of April 1988, which the United States and the Soviet Union guaranteed, provided for
    Soviet withdrawal" was coded as AID from both: "provided for" is what a text stipulates, not a gift. Written
    before the rule, on Bosnia–US; providing aid for someone stays aid."""
    text = "The Dayton Agreement of 1995, which the United States brokered, provided for a NATO-led force in Bosnia."
    assert not [e for e in pipeline.code_text(text) if e.type == "AID"], triples(pipeline.code_text(text))
    given = pipeline.code_text("In 2010 Japan provided aid for flood victims in Pakistan.")
    assert ("JPN", "PAK", "AID") in triples(given), triples(given)


def _in_document(pipeline: Pipeline, title: str, text: str) -> list[Event]:
    raw = RawDocument("d.md", f"# {title}\n\n{text}\n", "0" * 64, "text/markdown", title)
    return pipeline.process(raw, every_kind=True).events


def test_a_state_in_a_relative_clause_is_not_the_one_acted_on(pipeline: Pipeline) -> None:
    """ "From 1986 the United States provided Stinger missiles, which eroded Soviet air power" was US AID to the
    Soviet Union: a state named in a relative clause on what was given is not whom it was given to. Written before
    the rule, on Russia–US and Iran–Iraq; a state named beside the act is still its target, and so is one a clause
    on the source's own earlier act names (that case found by the review's tests, Ecuador–Peru)."""
    for title, text, wrong in (
        (
            "Russia-United States relations",
            "From 2022 the United States provided HIMARS rocket systems, which destroyed Russian ammunition depots.",
            "RUS",
        ),
        ("Iran-Iraq relations", "In 1986 Iran supplied rockets, which later struck Iraqi oil terminals.", "IRQ"),
    ):
        events = _in_document(pipeline, title, text)
        assert not [e for e in events if e.type == "AID" and wrong in e.target], triples(events)
    given = _in_document(pipeline, "Iran-Syria relations", "In 2013 Iran supplied rockets to Syria.")
    assert ("IRN", "SYR", "AID") in triples(given), triples(given)
    # a clause on what the source did to it says whom ("the restrictions it had placed on Peru")
    text = "In May 2016 Ecuador lifted the import restrictions it had placed on Peru."
    lifted = _in_document(pipeline, "Ecuador-Peru relations", text)
    assert ("ECU", "PER", "RETREAT") in triples(lifted), triples(lifted)


def test_a_protest_that_a_state_did_something_is_aimed_at_that_state(pipeline: Pipeline) -> None:
    """ "Ayub and his foreign minister protested that Washington was arming Pakistan's principal enemy" had no
    target: the state a protest or complaint says acted is the one it is aimed at. Written before the rule, on
    China–India and Japan–Russia."""
    for title, text, expected in (
        ("China-India relations", "In 1962 India protested that Beijing was arming Pakistan.", ("IND", "CHN")),
        (
            "Japan-Russia relations",
            "In 2010 Japan complained that Moscow had sent its president to the disputed islands.",
            ("JPN", "RUS"),
        ),
    ):
        events = _in_document(pipeline, title, text)
        assert any(e.type == "ACCUSE" and (e.source[0], *e.target[:1]) == expected for e in events), triples(events)


def test_leaders_who_meet_at_a_bodys_summit_meet_each_other(pipeline: Pipeline) -> None:
    """ "Mitsotakis and Erdoğan met at the NATO summit in Vilnius" was two CONSULTs with NATO: where two sides meet is
    not whom they meet. Written before the rule, on India–Pakistan, Brazil–Argentina and Japan–Russia; one side
    meeting a body is still a meeting with it."""
    for text, pair in (
        ("In September 2015 Modi and Sharif met at the United Nations in New York.", {"IND", "PAK"}),
        ("In July 2023 Lula and Milei met at the Mercosur summit in Asuncion.", {"BRA", "ARG"}),
        ("In 2016 Abe and Putin met at the APEC summit in Lima.", {"JPN", "RUS"}),
    ):
        met = [e for e in pipeline.code_text(text) if e.type == "CONSULT"]
        assert met and all({*e.source, *e.target} == pair for e in met), (text, triples(met))
    alone = pipeline.code_text("In 2016 Abe met the leaders of the APEC forum in Lima.")
    assert any(e.source == ["JPN"] and e.target for e in alone), triples(alone)


def test_a_body_whose_summit_an_act_happens_at_is_not_its_target(pipeline: Pipeline) -> None:
    """ "At the European Union's Helsinki summit Greece lifted its objection to granting Turkey ... candidate status"
    was also Greece's climb-down towards the EU: "at" a body's summit or conference says where, as "in" does.
    Written before the rule, on Japan–South Korea and France–Ukraine; "fired at" still aims."""
    for text, body in (
        ("At the ASEAN summit in November 2019 Japan eased its export restrictions on South Korea.", "ASEAN"),
        ("At the NATO summit in 2008 France blocked Ukraine's membership plan.", "NATO"),
    ):
        events = [e for e in pipeline.code_text(text) if e.source != [body]]
        assert events and not [e for e in events if body in e.target], (text, triples(events))
    fired = pipeline.code_text("In 2014 Russian jets fired at Ukrainian positions.")
    assert ("RUS", "UKR", "ASSAULT") in triples(fired), triples(fired)


def test_a_near_miss_is_no_act(pipeline: Pipeline) -> None:
    """ "In March 1987 Greece and Turkey came close to war ..., and Papandreou put the armed forces on alert" was two
    ASSAULTs (−10 each on the index): what nearly happened did not happen. The alert that did stays. Written before
    the rule, on India–Pakistan and North Korea–US."""
    for title, text, kept in (
        (
            "India-Pakistan relations",
            "In 1999 India and Pakistan nearly went to war over Kargil, and Prime Minister Vajpayee put the Indian "
            "army on alert.",
            ("IND", "PAK", "MOBILIZE"),
        ),
        (
            "North Korea-United States relations",
            "In 2017 North Korea and the United States came close to war over missile tests, and Washington sent "
            "an aircraft carrier to the Korean Peninsula.",
            ("USA", "PRK", "MOBILIZE"),
        ),
    ):
        events = [e for e in _in_document(pipeline, title, text) if not e.hypothetical and not e.negated]
        assert not [e for e in events if e.type == "ASSAULT"], triples(events)
        assert kept in triples(events), triples(events)
    for text in (
        "In 2010 Russia nearly doubled its military aid to Syria.",
        "Indian and Chinese troops clashed close to the Line of Actual Control in 2020.",
    ):
        assert [e for e in pipeline.code_text(text) if not e.hypothetical], text


def test_what_a_warning_tells_someone_to_do_is_not_done(pipeline: Pipeline) -> None:
    """ "Kissinger warned Bhutto to abandon the deal" was also Pakistan's THREATEN: what a warning tells someone to do
    is asked for, not done, as with "urged" or "demanded". The warning stays. Written before the rule, on Russia–US
    and Iran–US."""
    for text, warner in (
        ("In 2022 Biden warned Putin to withdraw his troops from the Ukrainian border.", "USA"),
        ("In 2019 the United States warned Iran to stop enriching uranium beyond the agreed limits.", "USA"),
    ):
        asserted = [e for e in pipeline.code_text(text) if not e.hypothetical and not e.negated]
        assert asserted and all(e.source == [warner] for e in asserted), (text, triples(asserted))


def test_a_verb_under_a_denied_one_is_denied(pipeline: Pipeline) -> None:
    """ "it did not restore grant military aid", parsed with "grant" as the complement of "restore", was a grant of
    aid: what a denied verb would have done is not done either. Written before the rule, on Egypt–US and Japan–South
    Korea; the permission given in the same sentence stays an act."""
    for text in (
        "In 1967 Washington allowed Egypt to buy spare parts for non-lethal equipment, but it did not restore grant "
        "military aid.",
        "In 2019 Japan did not try to lift its export controls on South Korea.",
    ):
        asserted = [e for e in pipeline.code_text(text) if not e.negated and not e.hypothetical]
        assert not [e for e in asserted if e.type in {"AID", "RETREAT"}], (text, triples(asserted))
    # a verb that denies its complement, denied, asserts it (found on the dev fold, an Iranian statement)
    warned = pipeline.code_text("In 2022 China said it would not hesitate to confront Taiwan's separatists.")
    assert any(e.trigger.startswith("confront") and not e.negated for e in warned), triples(warned)


def test_seeking_to_do_something_is_no_request(pipeline: Pipeline) -> None:
    """ "The governments of Shehbaz Sharif sought to repair ties" was a REQUEST coded as a demand (CAMEO 100, −5 on
    the index): seeking or trying to do something oneself asks nothing of anyone. Seeking something from another
    stays a request. Written before the rule, on South Korea–Japan and India–China."""
    for text in (
        "In 2023 the government of Yoon Suk-yeol sought to repair ties with Japan.",
        "In 2019 India sought to improve relations with China.",
    ):
        assert not [e for e in pipeline.code_text(text) if e.type == "REQUEST"], text
    help_sought = pipeline.code_text("In 1990 Iraq sought Soviet help against the coalition.")
    assert ("IRQ", "SUN", "REQUEST") in triples(help_sought), triples(help_sought)


def test_acts_that_declined_are_a_trend_not_a_happening(pipeline: Pipeline) -> None:
    """ "American drone strikes declined after 2013" was an ASSAULT in 2014 (−9.5 on the index): acts said to have
    declined, fallen or eased are a trend, not a happening at that date. Written before the rule, on Russia–Ukraine
    and North Korea–South Korea; strikes that happened stay."""
    for title, text in (
        (
            "Russia-Ukraine relations",
            "Russian missile strikes on Kyiv decreased after 2023, and Ukraine resumed grain exports.",
        ),
        ("North Korea-South Korea relations", "North Korean artillery attacks on the islands fell sharply after 2011."),
    ):
        events = [e for e in _in_document(pipeline, title, text) if not e.hypothetical]
        assert not [e for e in events if e.type == "ASSAULT"], triples(events)
    struck = _in_document(pipeline, "Russia-Ukraine relations", "Russian missile strikes hit Kyiv in October 2022.")
    assert any(e.type == "ASSAULT" for e in struck), triples(struck)


def test_since_when_a_thing_has_been_held_does_not_date_the_sentence(pipeline: Pipeline) -> None:
    """ "The Brown Amendment of 1995 allowed the release of some military equipment held since 1990, and the two
    governments later agreed that ..." dated the agreement 1990: "since" after a participle on a noun says since
    when that thing has been so, not when the sentence's act happened. Written before the rule, on Russia–US (where
    1989 also made Russia the Soviet Union); "since" on the verb still dates it."""
    text = (
        "Relations improved in the 1990s. The Nunn-Lugar Act of 1991 allowed the transfer of equipment held since "
        "1989, and the two governments later agreed that the United States would pay Russia for the missiles."
    )
    agreed = [e for e in _in_document(pipeline, "Russia-United States relations", text) if e.type == "AGREE"]
    assert agreed and all(e.date is None or e.date.start.year >= 1990 for e in agreed), [
        (e.date, e.target) for e in agreed
    ]
    assert all("SUN" not in e.target for e in agreed)
    text = "Since 2014 Russian forces have shelled Ukrainian towns in the Donbas."
    held = _in_document(pipeline, "Russia-Ukraine relations", text)
    assert any(e.date is not None and e.date.start.year == 2014 for e in held), [(e.type, e.date) for e in held]


def test_relation_states_name_both_sides(pipeline: Pipeline) -> None:
    assert pipeline.code_text("Vietnam's arms purchases from Russia escalated tensions in the region.") == []
    rose = pipeline.code_text("In 2014 tensions between Vietnam and China rose over the oil rig.")
    assert not any(e.intensity > 0 for e in rose)  # a state of relations, no event (guidelines)


@pytest.mark.xfail(
    strict=True,
    reason="since NONE is discounted (none_scale, model card) the classifier reads 'yielded gains from its "
    "investment in China' as AID: the price of the recall it gained on the test split",
)
def test_yield_is_a_concession_only_to_someone(pipeline: Pipeline) -> None:
    assert pipeline.code_text("In 1996 Taiwan yielded significant trade gains from its investment in China.") == []


def test_aid_reduced_by_a_state_is_a_sanction(pipeline: Pipeline) -> None:
    """Once a known miss (below); found since NONE is discounted."""
    found = triples(pipeline.code_text("In 2018 military aid to Egypt was reduced by the United States."))
    assert ("USA", "EGY", "SANCTION") in found


# What the trained coder still gets wrong among the sentences these tests were first written for. Each case is a
# test of its own that must fail (strict): when a retrained model gets one right, the test fails and the case
# moves back among the tests above. The test split's numbers (python -m dyadscope.eval events) say how often
# this happens in general; these are the cases the project once promised.
KNOWN_MISSES = [
    (
        "In 1998 the United States responded to Pakistan's nuclear tests with swift condemnation and punitive "
        "measures, including economic sanctions and the suspension of military aid.",
        {("USA", "PAK", "SANCTION"), ("USA", "PAK", "ACCUSE")},
    ),
    ("The 1965 war between India and Pakistan began.", {("IND", "PAK", "ASSAULT")}),
    ("In 2019 Vietnam worked to reduce poverty through cooperation with Japan.", {("VNM", "JPN", "COOPERATE")}),
    ("In 1996 Taiwan yielded to pressure from China.", {("TWN", "CHN", "CONCEDE")}),
    ("In 1954 Pakistan joined SEATO.", {("PAK", "SEATO", "SUPPORT")}),
]


@pytest.mark.parametrize(("text", "expected"), KNOWN_MISSES)
@pytest.mark.xfail(strict=True, reason=KNOWN_MISS)
def test_known_misses_of_the_trained_coder(pipeline: Pipeline, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= triples(pipeline.code_text(text))


@pytest.mark.xfail(strict=True, reason=KNOWN_MISS)
def test_a_war_that_ends_is_an_event(pipeline: Pipeline) -> None:
    """A joint event that ends still happened, and its end is an event of its own."""
    war = pipeline.code_text("The war between Iran and Iraq ended with a ceasefire in 1988.")
    assert any({e.source[0], *e.target} == {"IRN", "IRQ"} and e.type in ("ASSAULT", "RETREAT", "CONCEDE") for e in war)


def test_a_type_under_the_probability_floor_is_no_event() -> None:
    """`min_probability` (config.json, chosen on the dev fold): a candidate whose best type is less sure than the
    floor is NONE. Checked on clauses of other pairs, with the floor raised above any probability and lowered to 0."""
    from dyadscope.extract.classify import EventTypeModel

    model = EventTypeModel()
    clauses = ["in 2014 russia « annexed » crimea", "kenya « recalled » its ambassador from somalia"]
    triggers, features = ["annexed", "recalled"], [("lemma=annex",), ("lemma=recall",)]
    model.min_probability = 0.0
    assert {p.type for p in model.predict(clauses, triggers, features)} != {"NONE"}
    model.min_probability = 1.01
    assert {p.type for p in model.predict(clauses, triggers, features)} == {"NONE"}


@pytest.mark.parametrize(
    ("text", "root", "positive"),
    [
        ("Kenya urged Uganda on Monday to repatriate the fugitives.", "02", True),
        ("In 1990 Romania asked the European Community for immediate food aid.", "02", True),
        ("El Salvador called on Honduras to return to the negotiating table.", "02", True),
        ("Poland's parliament demanded that Russia admit the massacre.", "10", False),
        ("Washington pressed Seoul to open its rice market to American exports.", "10", False),
    ],
)
def test_an_appeal_is_not_a_demand(pipeline: Pipeline, text: str, root: str, positive: bool) -> None:
    """CAMEO keeps appeals and requests (02, Goldstein +3 to +4) apart from demands (10, −5), though PLOVER folds
    both into REQUEST: asking a partner for help must not move an index as a demand does."""
    request = next(e for e in pipeline.code_text(text) if e.type == "REQUEST")
    assert request.cameo.startswith(root) and (request.intensity > 0) == positive


def test_a_verb_that_grows_a_cooperative_relation_codes_that_relation(pipeline: Pipeline) -> None:
    """ "Expanded", "strengthened", "deepened" over a cooperative relation state that relation's act, as cutting
    verbs over it state a sanction: "strengthened their military cooperation" is COOPERATE, not SUPPORT or AID.
    Written before the rule, on Poland–US, Kenya–Ethiopia and Japan–Russia; growing a sanction stays one."""
    grown = {
        "In 2018 Poland and the United States strengthened their military cooperation.": ("POL", "USA"),
        "In 2017 Kenya expanded its security cooperation with Ethiopia.": ("KEN", "ETH"),
        "In 2021 Japan and Russia expanded their defense cooperation.": ("JPN", "RUS"),
    }
    for text, (source, target) in grown.items():
        events = pipeline.code_text(text)
        assert {e.type for e in events} == {"COOPERATE"}, (text, triples(events))
        assert (source, target, "COOPERATE") in triples(events) or (target, source, "COOPERATE") in triples(events)
    sanctions = pipeline.code_text("In 2022 the EU expanded its sanctions on Russia.")
    assert triples(sanctions) == {("EU", "RUS", "SANCTION")}


@pytest.mark.parametrize(
    ("text", "kind", "sides"),
    [
        ("Ukraine's presidential office thanked Poland for the tanks in 2023.", "SUPPORT", ("UKR", "POL")),
        ("In 2019 South Korea's presidential office accused Japan of bad faith.", "ACCUSE", ("KOR", "JPN")),
        ("In 2020 Vladimir Putin had a telephone conversation with Recep Tayyip Erdogan.", "CONSULT", ("RUS", "TUR")),
        pytest.param(
            "In 2022 Emmanuel Macron had a long discussion with Olaf Scholz in Paris.",
            "CONSULT",
            ("FRA", "DEU"),
            marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISS + ": a candidate now, the classifier says NONE"),
        ),
    ],
)
def test_offices_and_conversations(pipeline: Pipeline, text: str, kind: str, sides: tuple[str, str]) -> None:
    """A state's presidential or foreign office acts for the state, as its ministry does; a conversation or a
    discussion someone "had" with another is a meeting of the two, as one they "held". Written before the words
    were added (agents.yaml, words.yaml), on pairs other than Pakistan–US: each coded nothing then."""
    assert (*sides, kind) in triples(pipeline.code_text(text))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("In 2014 Russia massed troops on the Ukrainian border.", ("RUS", "UKR", "MOBILIZE")),
        ("In 2011 Kenya deployed its troops along the Somali border.", ("KEN", "SOM", "MOBILIZE")),
        ("In 1978 Vietnam and China mobilised troops along their border.", None),
        ("In 1999 India and Pakistan both moved troops to the Line of Control.", None),
    ],
)
def test_a_state_acts_with_its_forces_not_on_them(
    pipeline: Pipeline, text: str, wanted: tuple[str, str, str] | None
) -> None:
    """ "Massed troops", "deployed its troops": the troops are what the state acts with, not whom it acts on, so the
    act is aimed at the other state the sentence names, if any, and never at the state's own army. Written before
    the rule, on Russia–Ukraine, Vietnam–China and India–Pakistan, each state's act coded as aimed at its own (or
    its partner's) military then; Kenya–Somalia, coded right then, must stay right."""
    events = pipeline.code_text(text)
    assert not [e for e in events if e.target_sector == "mil" and e.type == "MOBILIZE"]
    if wanted is not None:
        assert wanted in triples(events)


def test_an_army_acting_on_its_own_state_still_does(pipeline: Pipeline) -> None:
    """The other side of `test_a_state_acts_with_its_forces_not_on_them`: the army is the actor, and the state it
    acts on its own ("the army arrested the president")."""
    army = pipeline.code_text("In 2021 the Myanmar army detained the president.")
    assert ("MMR", "MMR", "COERCE") in triples(army)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("On 5 May 2010 Greece and Turkey held a summit in Athens.", {"GRC", "TUR"}),
        ("In 2019 Brazil, Argentina and Uruguay held a summit in Montevideo.", {"BRA", "ARG"}),
        ("On 12 June 1999 Eritrea and Djibouti held talks in Asmara.", {"ERI", "DJI"}),
    ],
)
def test_a_subject_the_parser_hung_on_an_opening_date(pipeline: Pipeline, text: str, pair: set[str]) -> None:
    """ "On 5 May 2010 Greece and Turkey held ...": the small parser often reads the states as the object of the
    opening "On"/"In" with the date, so the verb has no subject and the states looked acted on ("on" is a target
    preposition). A state hung on a sentence's opening preposition after a number, with no subject on the verb,
    is its subject. Written before the rule, on Greece–Turkey and Brazil–Argentina–Uruguay, which coded nothing
    then; Eritrea–Djibouti, parsed right, must stay right."""
    assert any({e.source[0], *e.target} == pair and e.type == "CONSULT" for e in pipeline.code_text(text))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Yoon Suk Yeol became president of South Korea in May 2022. In March 2023 Yoon visited Tokyo and held "
            "talks with Fumio Kishida.",
            ("KOR", "JPN", "CONSULT"),
        ),
        (
            "Moon Jae-in became president of South Korea in May 2017. In April 2018 Moon met Kim Jong Un at Panmunjom.",
            ("KOR", "PRK", "CONSULT"),
        ),
    ],
)
def test_a_leader_named_in_full_is_later_named_by_family_name(
    pipeline: Pipeline, text: str, wanted: tuple[str, str, str]
) -> None:
    """A document names a leader in full once and by family name afterwards ("Yoon", "Moon": the name a title
    goes with, "President Yoon"); the family name alone is too common to be a dictionary name, but after the
    full name it is that leader for the rest of the document. Written before the rule, on South Korea–Japan and
    the two Koreas: the later sentence coded nothing then."""
    assert wanted in triples(pipeline.code_text(text))
    later = text.split(". ", 1)[1]  # the family name alone, with no full name before it: nobody
    assert wanted not in triples(pipeline.code_text(later))


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("President Yoon Suk Yeol took office in May 2022. On 18 August 2023 Yoon, Kishida and President Joe Biden "
         "held a trilateral summit at Camp David.", {"KOR", "JPN"}),
        ("Aleksandar Vučić was elected president in 2017. On 4 September 2020 Vučić, Hoti and Trump signed "
         "agreements at the White House.", {"SRB", "USA"}),
    ],
)  # fmt: skip
def test_the_first_of_a_list_of_subjects_the_parser_cut_off(pipeline: Pipeline, text: str, pair: set[str]) -> None:
    """ "Yoon, Kishida and Biden held a summit": the small parser often cuts the first name of a list of subjects
    off (an adverb of the verb) and keeps the rest as the subject. A name followed by a comma and then a subject
    that is a list is the list's first member. Written before the rule, on South Korea–Japan, where the first
    state was left out then; Serbia–United States, coded right then, must stay right."""
    later = [e for e in pipeline.code_text(text) if e.evidence.sentence_id == 1]
    assert any({e.source[0], *e.target} >= pair for e in later)


def test_a_verb_joined_to_a_list_of_subjects_has_the_whole_list(pipeline: Pipeline) -> None:
    """ "Yoon, Kishida and Biden held a summit and agreed to hold annual meetings": the second verb's subject is the
    first's, the list's first member included (`first_of_subjects`). Written before the rule, on South Korea–Japan:
    the agreement was Japan's and the United States' alone then."""
    text = (
        "President Yoon Suk Yeol took office in May 2022. On 18 August 2023 Yoon, Kishida and President Joe Biden "
        "held a trilateral summit at Camp David and agreed to hold annual meetings."
    )
    agreed = [e for e in pipeline.code_text(text) if e.type == "AGREE"]
    assert any("KOR" in (e.source[0], *e.target) for e in agreed)


@pytest.mark.parametrize(
    ("text", "pair", "joint"),
    [
        ("In 2008 Russia and Georgia fought a war over South Ossetia.", {"RUS", "GEO"}, True),
        ("In 1995 Peru and Ecuador fought a brief border war.", {"PER", "ECU"}, True),
        ("In 1951 Australia and New Zealand fought in Korea.", {"AUS", "NZL"}, False),
    ],
)
def test_states_that_fought_a_war_fought_each_other(pipeline: Pipeline, text: str, pair: set[str], joint: bool) -> None:
    """Coordinated states that use force act side by side ("fought in Korea"), unless the verb is reciprocal or
    its object is the war between them ("fought a war", "a border war"). Written before the rule, on Russia–
    Georgia and Peru–Ecuador (each state's war was coded with no one acted on); Australia–New Zealand must stay
    side by side."""
    events = [e for e in pipeline.code_text(text) if e.type == "ASSAULT"]
    assert any({e.source[0], *e.target} == pair for e in events) == joint


@pytest.mark.parametrize(
    ("text", "wanted", "topic"),
    [
        ("In 2023 Japan and South Korea agreed to share real-time data on North Korean missile launches.",
         {"JPN", "KOR"}, "PRK"),
        ("In 2016 Germany shared intelligence on Russian hackers with France.", {"DEU", "FRA"}, "RUS"),
        ("In 2015 France and Germany held talks on Iran's nuclear programme.", {"FRA", "DEU"}, "IRN"),
    ],
)  # fmt: skip
def test_what_data_or_talks_are_on_is_their_topic_not_their_target(
    pipeline: Pipeline, text: str, wanted: set[str], topic: str
) -> None:
    """ "Share data on North Korean missile launches", "intelligence on Russian hackers", "talks on Iran's nuclear
    programme": the state after "on" is what the information or the talks are about, not whom the act is aimed
    at ("imposed sanctions on Iran" is). Written before the rule, on Japan–South Korea, Germany–France and France–
    Germany: each coded an act aimed at the topic's state then."""
    events = pipeline.code_text(text)
    assert any({e.source[0], *e.target} == wanted for e in events)
    assert not [e for e in events if topic in e.target]
    assert ("EU", "IRN", "SANCTION") in triples(
        pipeline.code_text("In 2012 the European Union imposed sanctions on Iran.")
    )
