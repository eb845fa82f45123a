"""Sanity checks for the document-kind test set (run: python training/kinds/check.py)."""
import csv, re, sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"official", "history", "news", "analysis", "note", "answer", "nonprose"}


def words(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<[^>]+>", " ", text)
    return len(text.split())


def main() -> int:
    errors = []
    files = sorted(p for p in (HERE / "docs").iterdir() if p.is_file())
    rows = list(csv.DictReader(open(HERE / "labels.csv", encoding="utf-8")))
    listed = Counter(r["file"] for r in rows)
    if len(files) != 84:
        errors.append(f"expected 84 docs, found {len(files)}")
    for p in files:
        if listed[p.name] != 1:
            errors.append(f"{p.name} listed {listed[p.name]} times in labels.csv")
        if not re.fullmatch(r"d\d{3}\.(txt|md|html)", p.name):
            errors.append(f"bad file name {p.name}")
        n = words(p)
        if not 120 <= n <= 600:
            errors.append(f"{p.name}: {n} words")
    extra = set(listed) - {p.name for p in files}
    if extra:
        errors.append(f"labels.csv lists missing files: {sorted(extra)}")
    kinds = Counter(r["kind"] for r in rows)
    if set(kinds) != KINDS or set(kinds.values()) != {12}:
        errors.append(f"kind counts: {dict(kinds)}")
    pairs = Counter(r["pair"] for r in rows)
    if len(pairs) < 12:
        errors.append(f"only {len(pairs)} pairs")
    bad_pairs = [p for p in pairs if not re.fullmatch(r"[A-Z]{3}-[A-Z]{3}", p)]
    if bad_pairs or any(set(p.split("-")) == {"PAK", "USA"} for p in pairs):
        errors.append(f"bad pairs: {bad_pairs}")
    pak = [p.name for p in files if "pakistan" in p.read_text(encoding="utf-8").lower()]
    if len(pak) > 2:
        errors.append(f"'Pakistan' in {len(pak)} docs: {pak}")
    tune = [r for r in rows if int(r["file"][1:4]) % 10 in (0, 1, 2)]
    wc = [words(HERE / "docs" / r["file"]) for r in rows]
    print("kinds:", dict(sorted(kinds.items())))
    print("pairs:", dict(sorted(pairs.items())))
    print("exts:", dict(Counter(Path(r["file"]).suffix for r in rows)))
    print("tune split:", len(tune), dict(sorted(Counter(r["kind"] for r in tune).items())))
    print(f"words: min {min(wc)}, max {max(wc)}, mean {sum(wc) / len(wc):.0f}")
    print("docs mentioning Pakistan:", pak)
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
