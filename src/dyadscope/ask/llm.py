"""Optional rewriting of a note's prose by a language model the user runs (OpenAI-compatible endpoint).

The model only rewords: it is given each section's cited sentences, numbered, and asked to write
prose in which every sentence ends with the numbers it rests on. Each sentence it returns is then
checked against the sentences it cites: it must cite at least one of them, its numbers (years,
sums) must all appear there, and most of its content words must too. Anything else is dropped,
so a rewritten note can lose sentences but never gain an unsupported one. If the endpoint fails,
the extractive section is kept and the failure is listed in the note's `warnings`.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.note import Note, NoteSection

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
WORD = re.compile(r"[a-z][a-z'-]+")
NUMBER = re.compile(r"\d[\d,.]*")
MIN_OVERLAP = 0.6  # share of a rewritten sentence's content words that its sources must contain
PROMPT = (
    "Rewrite the numbered evidence below as one short paragraph of fluent analytical prose for a student's note "
    "under the heading given. Use only facts stated in the evidence. End every sentence with the number(s) of "
    "the evidence it rests on in square brackets, like [1] or [2, 3]. Do not add facts, dates or figures."
)


class LLMError(Exception):
    """The endpoint could not be reached or answered in an unexpected shape."""


@dataclass(frozen=True, slots=True)
class LLM:
    url: str  # base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1
    model: str = "local"
    timeout: float = 60.0

    def complete(self, prompt: str) -> str:
        if not self.url.startswith(("http://", "https://")):
            raise LLMError(f"{self.url}: not an http(s) URL")
        body = json.dumps(
            {"model": self.model, "temperature": 0, "messages": [{"role": "user", "content": prompt}]}
        ).encode()
        endpoint = self.url.rstrip("/") + (
            "" if self.url.rstrip("/").endswith("/chat/completions") else "/chat/completions"
        )
        request = urllib.request.Request(endpoint, body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
            return str(data["choices"][0]["message"]["content"])
        except (urllib.error.URLError, TimeoutError, ValueError, KeyError, IndexError, TypeError) as error:
            raise LLMError(f"{self.url}: {error}") from error


def content_words(text: str) -> set[str]:
    return {w[:6] for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2}


def supported(sentence: str, sources: list[Citation]) -> bool:
    """The sentence's numbers all occur in its sources, and most of its content words do."""
    evidence = " ".join(c.text for c in sources)
    numbers = {n.strip(".,") for n in NUMBER.findall(MARKER.sub("", sentence))}
    if any(n not in evidence for n in numbers if n):
        return False
    words = content_words(MARKER.sub("", sentence))
    return bool(words) and len(words & content_words(evidence)) >= MIN_OVERLAP * len(words)


def rewrite_section(section: NoteSection, llm: LLM) -> NoteSection:
    """The section in the model's words, keeping only sentences that pass `supported`."""
    cited = list(dict.fromkeys(c for p in section.points for c in p.citations))
    if not cited:
        return section
    evidence = "\n".join(f"[{n}] {c.text}" for n, c in enumerate(cited, 1))
    reply = llm.complete(f"{PROMPT}\n\nHeading: {section.heading}\n\nEvidence:\n{evidence}")
    points = []
    for sentence in SENTENCE_END.split(" ".join(reply.split())):
        numbers = [int(n) for group in MARKER.findall(sentence) for n in group.split(",")]
        sources = [cited[n - 1] for n in numbers if 1 <= n <= len(cited)]
        text = MARKER.sub("", sentence).replace(" .", ".").strip()
        if sources and text and supported(text, sources):
            points.append(Point(text, sources))
    return NoteSection(section.heading, section.kind, points or section.points, section.span)


def rewrite_note(note: Note, llm: LLM) -> Note:
    """The note with each section reworded where the model's text survives checking.

    A section whose request fails is kept as extracted, and its failure is added to the note's `warnings`
    (after any the note already had): they are the one record of what went wrong.
    """
    sections, warnings = [], list(note.warnings)
    for section in note.sections:
        try:
            sections.append(rewrite_section(section, llm))
        except LLMError as error:
            warnings.append(f"{section.heading}: kept as extracted ({error})")
            sections.append(section)
    return replace(note, sections=sections, warnings=warnings)  # directive, frame, examples kept
