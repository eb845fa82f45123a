"""English word lists live in data files (`data/lang/en/*.yaml`, read by `dyadscope.data.lang_words`), not in the
modules that use them: no module of `dyadscope.ask` or `dyadscope.review` spells out a long list of words, and every
list the modules read is there and not empty."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dyadscope.data import data_path, lang_file, lang_words, region_words
from dyadscope.errors import ModelError

SRC = Path(__file__).resolve().parents[1] / "src" / "dyadscope"
CHECKED = ("ask", "review")
MOST_WORDS = 8  # a literal of more strings that look like English words than this belongs in a data file
# A word or phrase of English: lower case or capitalised words ("foreign minister", "Gen.", "People's"), not an
# identifier ("AGREE", "wrong_year"), a code, a path or markup.
ENGLISH = re.compile(r"[A-Za-z][a-z'’.-]*(?: [A-Za-z][a-z'’.-]*)*")

# The files this test guards (moved out of dyadscope.ask, dyadscope.review and dyadscope.ingest) and their lists.
NEW_FILES = {
    "calendar": ["months"],
    "examples": [
        "state_nouns",
        "place_prepositions",
        "adverbs",
        "passive",
        "relative_words",
        "joint_subjects",
        "negation",
        "date_prepositions",
        "gloss",
        "joint_gloss",
        "biography_offices",
        "diplomatic_titles",
        "commentator_roles",
        "boilerplate",
        "cross_reference_phrases",
        "cross_reference_units",
    ],
    "notes": [
        "connectives",
        "type_words",
        "type_nouns",
        "issue_labels",
        "time_prepositions",
        "ways_forward",
        "quoted_by_kind",
    ],
    "states": [
        "titles",
        "title_words",
        "plural_endings",
        "article_first_words",
        "article_last_words",
        "combining_forms",
    ],
    "questions": [
        "change_words",
        "relation_words",
        "frame_cues",
        "year_determiners",
        "year_joiners",
        "name_stops",
        "determiners",
        "happening_cues",
        "clipped_names",
        "inter_forms",
        "compass_words",
        "shaping_verbs",
        "shaped_objects",
        "variable_joiners",
        "no_issues",
    ],
    "counts": ["phrase_stops", "not_counted", "plural_nouns", "number_words", "reference_words"],
    "review": [
        "question_openers",
        "evaluation_headings",
        "named_things",
        "change_words",
        "judgement_words",
        "frame_stems",
        "generic_words",
        "name_words",
        "pronouns",
        "same_act_words",
        "clause_words",
        "comment_words",
    ],
    "documents": ["news_cues", "not_news_cues", "news_words"],
}


def _strings(elements: list[ast.expr]) -> list[str]:
    """The string constants of a literal's elements, those of starred literals inside it included
    (`{*("a", "b"), *("c",)}`)."""
    found: list[str] = []
    for element in elements:
        if isinstance(element, ast.Constant) and isinstance(element.value, str):
            found.append(element.value)
        elif isinstance(element, ast.Starred) and isinstance(element.value, (ast.Tuple, ast.List, ast.Set)):
            found += _strings(element.value.elts)
    return found


def _exported_names(tree: ast.Module) -> set[int]:
    """The ids of the `__all__` literals, which list names, not words."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }


def word_lists(source: str) -> list[tuple[int, list[str]]]:
    """The literals of a module's source (sets, tuples, lists and the values of dicts) that hold more than
    `MOST_WORDS` strings looking like English words: (line, those words)."""
    tree = ast.parse(source)
    exported = _exported_names(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in exported:
            continue
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            strings = _strings(node.elts)
        elif isinstance(node, ast.Dict):
            strings = _strings(list(node.values))
        else:
            continue
        words = [s for s in strings if ENGLISH.fullmatch(s)]
        if len(words) > MOST_WORDS:
            found.append((node.lineno, words))
    return found


WORDY_SOURCE = """
NOUNS = frozenset({"administration", "government", "authorities", "officials", "leadership", "cabinet",
    "ministry", "delegation", "envoy"})
TITLES = {*("President", "Prime Minister", "King"), *("Queen", "Emir", "Gen.", "Lady", "Sheikh", "Dr.")}
__all__ = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota"]
CODES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE")
SHORT = ("since", "after", "before", "during", "under", "from", "in", "between")
"""


def test_the_detector_finds_a_word_list() -> None:
    assert sorted(line for line, _ in word_lists(WORDY_SOURCE)) == [2, 4]


@pytest.mark.parametrize(
    "path",
    sorted(p for package in CHECKED for p in (SRC / package).rglob("*.py")),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_module_spells_out_a_word_list(path: Path) -> None:
    found = word_lists(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(SRC)}: move these word lists to data/lang/en/*.yaml: {found}"


@pytest.mark.parametrize(("file", "key"), [(f, k) for f, keys in NEW_FILES.items() for k in keys])
def test_each_list_loads_and_is_not_empty(file: str, key: str) -> None:
    value = lang_file(file)[key]
    if isinstance(value, dict):
        assert value
        assert all(str(k).strip() and isinstance(v, str) and v.strip() for k, v in value.items())
    else:
        words = lang_words(key, file)
        assert words
        assert all(isinstance(w, str) and w.strip() for w in words)
        assert len(set(words)) == len(words), "a list names a word twice"


@pytest.mark.parametrize("file", sorted(NEW_FILES))
def test_each_file_says_what_it_is_and_where_it_comes_from(file: str) -> None:
    text = data_path("lang", "en", f"{file}.yaml").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("# ")
    assert "dyadscope project" in header and "MIT" in header
    assert set(lang_file(file)) == set(NEW_FILES[file]), "a list the test does not know of, or one gone"


@pytest.mark.parametrize("path", sorted(p.name for p in data_path("regions").iterdir() if p.name.endswith(".yaml")))
def test_each_region_file_says_where_it_comes_from_and_compiles(path: str) -> None:
    """Regional lists (data/regions/): a header with source and licence, every entry a pattern, none twice."""
    text = data_path("regions", path).read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("# ") and "dyadscope project" in header and "MIT" in header
    entries = region_words(path.removesuffix(".yaml"))
    assert entries and len(set(entries)) == len(entries)
    for entry in entries:
        re.compile(entry)


def test_a_broken_data_file_is_one_line_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every packaged YAML file is read by `data_yaml`: a damaged installation names the file, no traceback."""
    import dyadscope.data as data

    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "issues.yaml").write_text("trade: [tariff\n", encoding="utf-8")
    (tmp_path / "rubric.yaml").write_text("- a list\n", encoding="utf-8")
    monkeypatch.setattr(data, "DATA", tmp_path)
    with pytest.raises(ModelError, match=r"^data/lexicon/issues\.yaml: cannot be read"):
        data.data_yaml("lexicon", "issues.yaml")
    with pytest.raises(ModelError, match=r"^data/rubric\.yaml: expected a mapping$"):
        data.data_yaml("rubric.yaml")
