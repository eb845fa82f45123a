"""Event coding on real sentences (the issue's examples and others) and its data's consistency."""

import re
from datetime import date
from pathlib import Path

import yaml

from dyadscope.models import Event
from dyadscope.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data"


def triples(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.source[0], e.target[0], e.type) for e in events}


def test_sanctions_after_nuclear_tests(pipeline: Pipeline) -> None:
    events = pipeline.code_text("In 1998 the United States imposed sanctions on Pakistan after its nuclear tests.")
    sanction = next(e for e in events if e.type == "SANCTION")
    assert (sanction.source, sanction.target) == (["USA"], ["PAK"])
    assert sanction.intensity < 0 and "cbrn" in sanction.contexts and sanction.cameo == "163"
    assert "nuclear" in sanction.issues
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
    assert ("USA", "PAK", "SANCTION") in found and ("USA", "PAK", "ACCUSE") in found
    assert ("USA", "PAK", "AID") not in found  # suspended aid is not aid


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
    assert ("IND", "PAK", "ASSAULT") in triples(pipeline.code_text("The 1965 war between India and Pakistan began."))
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
    for entry in yaml.safe_load((DATA / "lexicon" / "triggers.yaml").read_text()):
        for rule in (entry, entry.get("flip")):
            if rule and rule.get("cameo"):
                code = rule["cameo"]
                expected = overrides.get(code) or crosswalk.get(code) or crosswalk.get(code[:3])
                assert expected == rule["type"], (rule["cameo"], rule["type"])


def test_event_json_schema(pipeline: Pipeline) -> None:
    event = pipeline.code_text("In May 2022 Bilawal Bhutto met Antony Blinken in Washington.")[0].to_dict()
    assert set(event) == {
        "id", "source", "target", "type", "mode", "contexts", "issues", "cameo", "intensity", "negated", "hypothetical",
        "date", "date_inherited", "confidence", "evidence",
    }  # fmt: skip
    assert event["date"] == {"start": "2022-05-01", "end": "2022-05-31", "granularity": "month"}
    assert set(event["evidence"]) == {"doc", "title", "sentence_id", "start", "end", "text"}
