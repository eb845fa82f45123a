"""The evaluation script runs on the real labelled data and the numbers stay where they were measured.

Thresholds sit a little under the measured values (see README): a drop is a regression.
"""

import json
from pathlib import Path

import yaml

from dyadscope.eval import REPO, cameo_examples, ingest_events, main, score_cameo, score_key_events, score_sentences
from dyadscope.pipeline import Pipeline

DATA = REPO / "tests" / "data"


def test_seed_key_events(shared: Path) -> None:
    gold = yaml.safe_load((DATA / "gold_seed_events.yaml").read_text())
    score = score_key_events("seeds", ingest_events([shared / "seeds"]), gold)
    assert score.recall >= 0.8 and score.precision >= 0.6


def test_corpora_key_events(shared: Path) -> None:
    gold = yaml.safe_load((DATA / "gold_corpora_events.yaml").read_text())
    score = score_key_events("corpora", ingest_events([shared / "corpora" / "pak-usa"]), gold)
    assert score.recall >= 0.37 and score.precision >= 0.55


def test_annotated_sentences(pipeline: Pipeline) -> None:
    rows = [json.loads(line) for line in (DATA / "gold_sentences.jsonl").read_text().splitlines() if line]
    strict, loose = score_sentences(pipeline, rows)
    assert strict.recall >= 0.4 and strict.precision >= 0.42
    assert loose.recall >= 0.45 and loose.precision >= 0.5


def test_cameo_examples_held_out(pipeline: Pipeline, shared: Path) -> None:
    total, coded, right = score_cameo(pipeline, cameo_examples(shared))
    assert total > 200 and coded / total >= 0.4 and right / coded >= 0.5


def test_eval_prints_the_table(shared: Path, capsys: object) -> None:
    main(["--shared", str(shared)])
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "seed key events" in printed and "CAMEO codebook examples" in printed


def test_decade_index_follows_the_reading(shared: Path) -> None:
    from dyadscope.eval import decade_scores, spearman

    reading = {
        int(k): float(v) for k, v in yaml.safe_load((DATA / "decade_reading_001.yaml").read_text())["decades"].items()
    }
    scores = decade_scores([shared / "seeds"], ("PAK", "USA"))
    rho, decades = spearman(reading, scores)
    assert decades == 8 and rho >= 0.8
    assert min(scores[1950], scores[1980], scores[2000]) > max(scores[1990], scores[2010])
