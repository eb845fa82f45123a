"""Many fixed phrases found in a `Doc` by their tokens, loaded in milliseconds.

spaCy's `PhraseMatcher` needs each phrase as a `Doc`: tokenising the ~25,000 names and titled names of the
actor dictionaries and adding them took 0.9 s at every start, most of it making vocabulary entries. A
`PhraseTable` holds the phrases as tuples of token texts instead and looks up, at each token that can begin
one, the token runs of every phrase length: the same matches as a `PhraseMatcher` on ORTH (or LOWER).

The tuples come from the tokenizer that reads documents, once: `tokenized` keeps them in a cache file (in the
user's cache folder) keyed by the phrases, spaCy's version, the abbreviations and the source of
`dyadscope.nlp.language`, which builds the tokenizer, so a change of any of them tokenises again. The cache is
safe to delete; a cache folder that cannot be written only costs the time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir
from spacy import about
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from dyadscope.data import lang_words
from dyadscope.files import write_atomic

log = logging.getLogger(__name__)
KEEP = 8  # cached phrase lists kept, the newest (one per set of actor files in use)


class PhraseTable:
    """Phrases as token tuples; `lower` compares lower-cased tokens (a PhraseMatcher on LOWER)."""

    def __init__(self, phrases: Iterable[tuple[str, ...]], *, lower: bool = False) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        self.first = frozenset(p[0] for p in self.phrases)
        self.lengths = sorted({len(p) for p in self.phrases})
        self.lower = lower

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token offsets of every phrase in `doc`, overlapping ones included."""
        words = [t.lower_ if self.lower else t.orth_ for t in doc]
        found = []
        for i, word in enumerate(words):
            if word not in self.first:
                continue
            for length in self.lengths:
                if i + length > len(words):
                    break
                if tuple(words[i : i + length]) in self.phrases:
                    found.append((i, i + length))
        return found


def tokenized(tokenizer: Tokenizer, texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The token texts of each text as the document tokenizer splits it, from the cache when it has them."""
    digest = hashlib.sha256("\n".join([_tokenizer_key(), "", *texts]).encode()).hexdigest()[:24]
    path = Path(user_cache_dir("dyadscope", appauthor=False)) / f"phrases-{digest}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, list) and len(cached) == len(texts):
            return [tuple(tokens) for tokens in cached]
    except (OSError, ValueError):
        pass
    result = [tuple(t.text for t in doc) for doc in tokenizer.pipe(texts)]
    try:
        write_atomic(path, json.dumps(result, ensure_ascii=False).encode())
    except OSError as error:  # a cache folder that cannot be written only costs the time
        log.debug("phrase cache not written (%s): %s", path, error)
    for old in sorted(path.parent.glob("phrases-*.json"), key=_age)[KEEP:]:  # other actor files, older versions
        old.unlink(missing_ok=True)
    return result


@cache
def _tokenizer_key() -> str:
    """What decides how a text is split: spaCy's version, the abbreviations and the module that builds the
    tokenizer (derived, so no version number has to be remembered)."""
    source = (resources.files("dyadscope") / "nlp" / "language.py").read_bytes()
    return "\n".join([about.__version__, hashlib.sha256(source).hexdigest(), *lang_words("abbreviations")])


def _age(path: Path) -> float:
    try:
        return -path.stat().st_mtime
    except OSError:
        return 0.0
