"""Canonical text form shared by every reader.

Every later stage stores character offsets into the string this returns, so the rules are few,
built from `re` patterns compiled once and str methods (about 30 MB/s on prose full of curly quotes,
70 MB/s on ASCII), never raise, and are idempotent: normalising twice changes nothing.

Rules, in order:

1. Line breaks become ``\\n`` (CRLF, CR, form feed, vertical tab, U+2028/2029); tabs and Unicode
   spaces (NBSP, thin, ideographic, ...) become a plain space; soft hyphens, zero-width spaces,
   word joiners, BOMs and other control characters (C0 except ``\\n``, DEL, C1) are removed;
   PDF ligatures (U+FB00–FB06) are spelled out.
2. Curly single/double quotes become ``'`` / ``"``. The hyphen and non-breaking hyphen, figure
   dash, en dash and minus sign become ``-`` wherever they stand ("1990–2001" → "1990-2001",
   "U.S.–Pakistan" → "U.S.-Pakistan"); an em dash or horizontal bar becomes ``-`` between digits
   and `` - `` elsewhere, so a clause dash never looks like a compound.
3. Unicode NFC (after the removals, so "e" + soft hyphen + combining accent still composes).
4. Runs of spaces collapse to one; lines lose leading/trailing spaces; three or more line breaks
   become two (one blank line = paragraph break); the text is stripped. Line breaks are otherwise
   kept: they carry headings and paragraphs.
5. A word broken across lines by a hyphen ("coun-\\ntry") is joined ("country") when the part
   before the hyphen is an all-lowercase word and the next line starts lowercase; after a
   capitalised word ("Pakistan-\\nbased") or a hyphen-only prefix ("self-", "well-", ...) the line
   break goes but the hyphen stays. Real compounds such as "counter-\\nterrorism" become
   "counterterrorism" — an accepted spelling — which is the cost of a dictionary-free rule.
6. A space missing after ``,`` ``;`` or ``.`` is restored when it is clearly a typing slip
   ("administration.During", "counter-terrorism,regional", "24,2022,the", "U.S.funds") but never
   inside numbers ("7,000", "7.5"), initialisms ("U.S.", "D.C.", "e.g."), lowercase domain and file
   names ("history.state.gov", "x.xml"), or any token holding "://", "/", "@domain" or starting "www."
   (URLs, paths, e-mail), whose periods are not punctuation.
"""

from __future__ import annotations

import re
import unicodedata

from dyadscope.data import lang_words

__all__ = ["normalize_text"]

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DROP = "\u00ad\u200b\u2060\ufeff" + "".join(
    chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n"
)
_REPLACE = {c: " " for c in _SPACES}
_REPLACE.update({c: "" for c in _DROP})
_REPLACE.update({c: "\n" for c in "\r\x0b\x0c\u2028\u2029\x85"})
_REPLACE.update({c: "'" for c in "\u2018\u2019\u201a\u201b"})
_REPLACE.update({c: '"' for c in "\u201c\u201d\u201e\u201f"})
_REPLACE.update({c: "-" for c in "\u2010\u2011\u2012\u2013\u2212"})
_LIGATURES = ("ff", "fi", "fl", "ffi", "ffl", "st", "st")  # U+FB00-FB06, as PDFs often extract them
_REPLACE.update({chr(0xFB00 + i): spelled for i, spelled in enumerate(_LIGATURES)})
# str.translate is fast only on ASCII text; elsewhere find the characters present, then str.replace each.
_ASCII_TABLE = str.maketrans({c: r for c, r in _REPLACE.items() if c.isascii()})
_SPECIAL = re.compile("[" + "".join(map(re.escape, _REPLACE)) + "]")

_EM_DASH = re.compile(r"[\u2014\u2015]")
_DIGITS = frozenset("0123456789")
_BLANKS = frozenset(("", " ", "\n"))
# Only whitespace runs that change: "\n\n" (a paragraph break) is left alone without a Python call.
_WHITESPACE_RUN = re.compile(r" [ \n]+|\n(?: [ \n]*|\n[ \n]+)")
_LINE_HYPHEN = re.compile(r"-\n(?=[a-z])")
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
# Prefixes that keep their hyphen: joining "self-\ndefense" to "selfdefense" would be wrong.
_HYPHEN_PREFIXES = frozenset(lang_words("hyphen_prefixes"))

# Missing spaces: a cheap scan (a leading character class keeps it fast) finds punctuation that may be
# glued to the next word; _RULES and the protected-token check then decide.
_GLUED = re.compile(
    r"[.,;](?:(?<=\.)(?=[A-Z][A-Za-z])|(?:(?<=[A-Z]\.)|(?<=e\.g\.)|(?<=i\.e\.))(?=[a-z]{2})"
    r"|(?<=[,;])(?=[^\W\d_])|(?<=[^\W\d_],)(?=\d)|(?<=,)(?=(?:1\d|20)\d\d(?!\d)))"
)
_RULES = re.compile(
    r"""
      (?<=[a-z0-9)\]])\.(?=[A-Z][a-z])          # administration.During, 2022.The
    | (?<=[a-z)\]])\.(?=[A-Z]{2})               # policy.NATO
    | (?<=[A-Z]{2})\.(?=[A-Z][a-z])             # NATO.The
    | (?<=[^\W_]|[)\]]),(?=[^\W\d_])            # terrorism,regional / 2022,the
    | (?<=[^\W\d_]),(?=\d)                      # Pakistan,2022
    | (?<=\d),(?=(?:1\d|20)\d\d(?!\d))          # February 24,2022 (but not 7,000)
    | (?<=[^\W_]|[)\]]);(?=[^\W\d_])            # a;b
    """,
    re.VERBOSE,
)
_INITIALS = re.compile(r"(?:^|[^\w.])(?:(?:[A-Z]\.){2,}|e\.g\.|i\.e\.)$")  # U.S.funds, U.S.Counter
_AFTER_INITIALS = re.compile(r"[A-Z][a-z]|[a-z]{2}")
_PROTECTED = re.compile(r"://|/|@[\w-]+\.\w|^\W*www\.")  # URL, path, e-mail, www. host


def _whitespace_run(match: re.Match[str]) -> str:
    breaks = match.group().count("\n")
    return " " if not breaks else "\n" if breaks == 1 else "\n\n"


def _em_dash(match: re.Match[str]) -> str:
    text, i = match.string, match.start()
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if before in _DIGITS and after in _DIGITS:
        return "-"
    return ("" if before in _BLANKS else " ") + "-" + ("" if after in _BLANKS else " ")


def _line_hyphen(match: re.Match[str]) -> str:
    word = _WORD_BEFORE.search(match.string, max(0, match.start() - 40), match.start())
    if not word or word.end() != match.start():
        return match.group()  # not a word broken at the line end ("1990-\n", "--\n")
    return "" if word.group().islower() and word.group() not in _HYPHEN_PREFIXES else "-"


def _missing_space(match: re.Match[str]) -> str:
    text, i = match.string, match.start()
    glued = _RULES.match(text, i) or (
        text[i] == "." and _AFTER_INITIALS.match(text, i + 1) and _INITIALS.search(text, max(0, i - 40), i + 1)
    )
    if not glued or _in_protected_token(text, i):
        return match.group()
    return match.group() + " "


def _in_protected_token(text: str, i: int) -> bool:
    """Whether position `i` lies in a URL, path, e-mail address or www host (periods not punctuation)."""
    lo = max(text.rfind(" ", max(0, i - 300), i), text.rfind("\n", max(0, i - 300), i)) + 1
    ends = [end for end in (text.find(" ", i, i + 300), text.find("\n", i, i + 300)) if end >= 0]
    return bool(_PROTECTED.search(text[max(lo, i - 300) : min(ends, default=i + 300)]))


def normalize_text(text: str) -> str:
    """Return the canonical form of `text` (see the module docstring for the rules)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if text.isascii():
        text = text.translate(_ASCII_TABLE)
    else:
        for char in set(_SPECIAL.findall(text)):
            text = text.replace(char, _REPLACE[char])
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if "\u2014" in text or "\u2015" in text:
            text = _EM_DASH.sub(_em_dash, text)
    text = _WHITESPACE_RUN.sub(_whitespace_run, text).strip(" \n")
    text = _LINE_HYPHEN.sub(_line_hyphen, text)
    return _GLUED.sub(_missing_space, text)
