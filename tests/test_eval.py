"""The evaluation script runs on the real labelled data and the numbers stay where they were measured.

Thresholds sit a little under the measured values (see README): a drop is a regression. The development sets
(seed and corpora key events, the 80 annotated sentences, the decade reading) were set for the rule-based coder,
whose lexicon was written while looking at them (seed key events: recall 0.82, precision 0.70); the trained coder
was not tuned on them and is measured here at its own level (recall 0.35, precision 0.91).
"""

import io
import json
from pathlib import Path

import pytest
import yaml

from dyadscope.eval.__main__ import main
from dyadscope.eval.development import REPO, ingest_events, score_key_events, score_sentences
from dyadscope.eval.events import score
from dyadscope.eval.labelled import load_passages, split_of
from dyadscope.pipeline import Pipeline

DATA = REPO / "tests" / "data"


def test_seed_key_events(shared: Path) -> None:
    gold = yaml.safe_load((DATA / "gold_seed_events.yaml").read_text())
    score = score_key_events("seeds", ingest_events([shared / "seeds"]), gold)
    # 0.84, not 0.85, since 2026-12-07: that day's coder rules removed two false events ("released a national
    # security strategy report" read as a release, RETREAT; "does not have to choose between ... or severing ties"
    # read as a SANCTION) that this loose precision (dyad, year, sign and document, not the type) counted as right,
    # taking it from 13/15 to 11/13 (0.846) with no right event lost
    assert score.recall >= 0.3 and score.precision >= 0.84


def test_corpora_key_events(shared: Path) -> None:
    gold = yaml.safe_load((DATA / "gold_corpora_events.yaml").read_text())
    score = score_key_events("corpora", ingest_events([shared / "corpora" / "pak-usa"]), gold)
    assert score.recall >= 0.22 and score.precision >= 0.6


def test_annotated_sentences(pipeline: Pipeline) -> None:
    rows = [json.loads(line) for line in (DATA / "gold_sentences.jsonl").read_text().splitlines() if line]
    strict, loose = score_sentences(pipeline, rows)
    assert strict.recall >= 0.22 and strict.precision >= 0.45
    assert loose.recall >= 0.27 and loose.precision >= 0.55


def test_the_split_is_fixed_by_passage() -> None:
    passages = load_passages()
    splits = {p.split for p in passages}
    assert splits == {"train", "dev", "test"}
    assert all(p.split == split_of(p.id) for p in passages)
    test = [p for p in passages if p.split == "test"]
    assert 0.12 <= len(test) / len(passages) <= 0.28  # a fifth of the passages, by hash


def test_majority_baseline_is_the_none_share() -> None:
    tally = score({}, "test")
    assert tally.records > 500 and tally.type_right == tally.none_records


def test_the_coder_on_the_test_split_beats_the_baselines(pipeline: Pipeline) -> None:
    from dyadscope.eval.events import BASELINES, baseline_predictions, coder_predictions

    ours = score(coder_predictions(pipeline, "test"), "test")
    old = score(baseline_predictions(BASELINES / "old_coder_test.jsonl"), "test")
    assert ours.type_right / ours.records >= 0.58 and ours.quad_right / ours.records >= 0.64  # README: 0.60, 0.66
    assert ours.type_right > 1.5 * old.type_right and ours.predicted_right / ours.predicted >= 0.75


def test_eval_prints_the_table(shared: Path, capsys: object) -> None:
    main(["--shared", str(shared)])
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "seed key events" in printed and "test split" in printed and "majority class" in printed


def test_decade_index_follows_the_reading(shared: Path) -> None:
    from dyadscope.eval.development import decade_scores, spearman

    reading = {
        int(k): float(v) for k, v in yaml.safe_load((DATA / "decade_reading_001.yaml").read_text())["decades"].items()
    }
    scores = decade_scores([shared / "seeds"], ("PAK", "USA"))
    rho, decades = spearman(reading, scores)
    assert decades >= 6 and rho >= 0.8
    assert min(scores[1950], scores[1980], scores[2000]) > max(scores[1990], scores[2010])


def test_time_expressions_on_the_test_split(capsys: pytest.CaptureFixture[str]) -> None:
    """The date finder on labelled sentences of six genres about pairs other than Pakistan-US (`training/dates`)."""
    from rich.console import Console

    from dyadscope.eval.dates import evaluate_dates

    total = evaluate_dates(Console(width=200), "test")
    assert total.gold >= 100 and "Time expressions, test split" in capsys.readouterr().out
    precision, recall = total.overlap_found / total.found, total.overlap / total.gold
    assert 2 * precision * recall / (precision + recall) >= 0.9  # 0.93 when written
    assert total.dated_equal / total.dated >= 0.65 and total.names_caught / total.names_gold >= 0.5


def test_the_index_against_historians_readings_of_eleven_pairs() -> None:
    """`python -m dyadscope.eval index`: the yearly index of each pair, from the team's reference history of it,
    against an annotator's period readings (training/periods, split by pair before use; MEASURE pairs are only
    measured). Guards the numbers as first measured (MEASURE pooled: ρ 0.68 over 117 periods, signs 81%)."""
    from rich.console import Console

    from dyadscope.eval.index import evaluate_pairs

    groups = evaluate_pairs(Console(width=200, file=io.StringIO()))
    measure = groups["MEASURE"]
    assert measure.periods >= 100 and measure.rho >= 0.6
    assert measure.agree / measure.compared >= 0.75
    assert groups["TUNE"].rho > 0


def test_an_event_on_several_states_is_right_when_the_coder_writes_it_pair_by_pair() -> None:
    """The coder writes one event per pair, as dyads are measured; a gold event keeps its states in lists
    ("Brazil recalled its envoys from Caracas, Quito and La Paz": BRA → BOL, ECU, VEN). Its events of the type
    from the gold's source are compared together, and so are those on the gold's targets."""
    from dyadscope.eval.events import Predicted, Tally
    from dyadscope.eval.labelled import GoldEvent, GoldSentence

    def gold(source: list[str], target: list[str]) -> GoldSentence:
        event = GoldEvent("x", 0, 1, "SANCTION", "160", source, target, False, False)
        return GoldSentence("s", "text", "news", [event])

    def tally(g: GoldSentence, predicted: list[Predicted]) -> Tally:
        t = Tally()
        t.add(g, predicted)
        return t

    split = [Predicted("SANCTION", "160", ("BRA",), (c,)) for c in ("VEN", "BOL", "ECU")]
    both = tally(gold(["BRA"], ["BOL", "ECU", "VEN"]), split)
    assert (both.source_right, both.target_right) == (1, 1)
    short = tally(gold(["BRA"], ["BOL", "ECU", "VEN"]), split[:2])  # one target missed: not right
    assert (short.source_right, short.target_right) == (1, 0)
    sources = [Predicted("SANCTION", "160", (c,), ("FJI",)) for c in ("AUS", "NZL")]
    two = tally(gold(["AUS", "NZL"], ["FJI"]), sources)
    assert (two.source_right, two.target_right) == (1, 1)
    wrong = tally(gold(["AUS", "NZL"], ["FJI"]), [Predicted("SANCTION", "160", ("FJI",), ("AUS",))])
    assert (wrong.source_right, wrong.target_right) == (0, 0)


def test_a_negated_event_is_scored_as_the_gold_labels_it() -> None:
    """A gold event the text denies ("Venezuela did not attend the summit": CONSULT, negated) is a record of its
    type, as PLOVER writes it: the coder's event of that type is right on type whatever its flag, and the flags
    column says whether the flag is right. A denied act where the gold has no event is a false event."""
    from dyadscope.eval.events import Predicted, Tally
    from dyadscope.eval.labelled import GoldSentence, load_passages

    sentences = [s for p in load_passages() if p.split == "test" for s in p.sentences]
    denied = next(s for s in sentences if len(s.events) == 1 and s.events[0].negated)
    gold = denied.events[0]
    coded = Predicted(gold.type, gold.cameo, tuple(gold.source), tuple(gold.target), negated=True)
    tally = score({denied.id: [coded]}, "test")
    assert tally.type_right == tally.none_records + 1 and tally.flags_right == 1
    unflagged = Tally()
    unflagged.add(denied, [Predicted(gold.type, gold.cameo, tuple(gold.source), tuple(gold.target))])
    assert (unflagged.type_right, unflagged.flags_right) == (1, 0)
    empty = Tally()
    empty.add(GoldSentence("t", "text", "news", []), [coded])
    assert (empty.none_right, empty.predicted, empty.predicted_right) == (0, 1, 0)
