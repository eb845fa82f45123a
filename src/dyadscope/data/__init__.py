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
    loaded: dict[str, Any] = data_yaml("lang", LANGUAGE, f"{name}.yaml")
    return loaded


def data_yaml(*parts: str, expect: type = dict) -> Any:
    """A packaged YAML data file, parsed (`data_yaml("lexicon", "issues.yaml")`), checked to be a mapping or a
    list (`expect`): a broken installation is a ModelError naming the file, not a traceback."""
    name = "data/" + "/".join(parts)
    try:
        loaded = yaml.safe_load(data_path(*parts).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ModelError(f"{name}: cannot be read ({type(error).__name__})") from error
    if not isinstance(loaded, expect):
        raise ModelError(f"{name}: expected a {'mapping' if expect is dict else 'list'}")
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
    loaded: dict[str, Any] = data_yaml("regions", f"{name}.yaml")
    if not all(isinstance(v, list) for v in loaded.values()):
        raise ModelError(f"data/regions/{name}.yaml: expected a mapping of regions to lists")
    return tuple(str(entry) for entries in loaded.values() for entry in entries)


def files_digest(paths: Iterable[Traversable]) -> str:
    """A short hash of some files' bytes, in the order given: what a component's output depends on."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
