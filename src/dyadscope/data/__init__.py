"""dyadscope's data files (dictionaries, lexicons, scales, models), each with its source and licence beside it,
and the one place that loads the word lists of a language (`data/lang/<language>/`) and of regions
(`data/regions/`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from dyadscope.errors import ModelError

DATA: Traversable = resources.files("dyadscope") / "data"
LANGUAGE = "en"


def data_path(*parts: str) -> Traversable:
    """A packaged data file: `data_path("lexicon", "triggers.yaml")`."""
    path = DATA
    for part in parts:
        path = path / part
    return path


@cache
def lang_file(name: str) -> dict[str, Any]:
    """One YAML file of the language's word lists (`data/lang/en/<name>.yaml`), read once."""
    loaded = yaml.safe_load(data_path("lang", LANGUAGE, f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ModelError(f"data/lang/{LANGUAGE}/{name}.yaml: expected a mapping of lists")
    return loaded


def lang_words(key: str, file: str = "words") -> tuple[str, ...]:
    """A list of words or phrases from `data/lang/en/<file>.yaml`: a YAML list, or one string split on spaces
    (a multi-word entry is written with "_")."""
    value = lang_file(file)[key]
    if isinstance(value, str):
        return tuple(w.replace("_", " ") for w in value.split())
    return tuple(str(v) for v in value)


@cache
def region_words(name: str) -> tuple[str, ...]:
    """A regional list (`data/regions/<name>.yaml`: a mapping of region → entries), every region's entries in the
    file's order: what a user adds for their own region is read with the rest."""
    path = data_path("regions", f"{name}.yaml")
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not all(isinstance(v, list) for v in loaded.values()):
        raise ModelError(f"data/regions/{name}.yaml: expected a mapping of regions to lists")
    return tuple(str(entry) for entries in loaded.values() for entry in entries)


def files_digest(paths: Iterable[Traversable]) -> str:
    """A short hash of some files' bytes, in the order given: what a component's output depends on."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
