"""Untrusted text in, text that can never drive the terminal out.

Articles come from the internet: an ESC or a C1 control in a title could move the cursor, set the
clipboard (OSC 52) or plant a link (OSC 8). Whole escape sequences are removed (their payload is not
content); any control left over is dropped. Bidi formatting characters are *kept* here because they
take part in the bidi algorithm; the layout removes them from displayed lines (`INVISIBLE`).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache

# ESC- and C1-introduced sequences, ECMA-48: string commands (OSC, DCS, SOS, PM, APC) run to BEL or
# ST; CSI runs to its final byte; any other ESC takes one following character. An unterminated
# string command loses only its introducer: a stray C1 byte from mis-decoded text must not swallow
# the rest of a paragraph (what follows is then plain text, harmless).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?: \x1b[\]PX^_] | [\x90\x98\x9d\x9e\x9f] ) .*? (?: \x07 | \x1b\\ | \x9c )         # strings
  | (?: \x1b\[ | \x9b ) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?                     # CSI
  | \x1b [\x20-\x2f]* [\x30-\x7e]?                                                  # other ESC
    """,
    re.VERBOSE | re.DOTALL,
)

# Every C0 control, DEL and every C1 control. Tab and line breaks are handled before this.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")

# Whitespace that separates words: runs collapse to one space. U+00A0 is deliberately absent: it
# is kept inside a paragraph and never breaks.
_SPACES = frozenset(" \t\n\r\x0b\x0c\u2028\u2029\x85")

# Stripped from paragraph edges, U+00A0 included.
_EDGE_SPACE = " \t\n\r\x0b\x0c\u00a0\u2028\u2029\x85\ufeff"

#: Bidi formatting and joining controls named by the spec (ALM, ZWNJ, ZWJ, LRM, RLM, LRE…RLO,
#: LRI…PDI). They shape and reorder, then are removed from displayed lines.
BIDI_CONTROLS = frozenset(
    "\u061c\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


_HIDDEN_CATEGORIES = frozenset(("Cf", "Cc", "Cs", "Co"))


def _is_invisible(char: str) -> bool:
    return char in BIDI_CONTROLS or unicodedata.category(char) in _HIDDEN_CATEGORIES


# Characters that are never drawn: bidi controls and every other format character (BOM, soft
# hyphen, Arabic number signs, tags). Built once for the BMP, scanning only the blocks where the
# BMP's control and format characters are (C0/C1, Arabic, Syriac, Mongolian, General Punctuation,
# Specials), which keeps start-up short; surrogates and private use are whole blocks, compared as
# a range; astral characters are checked on demand.
_FORMAT_BLOCKS = "".join(
    map(
        chr,
        (*range(0x900), *range(0x1800, 0x1900), *range(0x2000, 0x2070), *range(0xFE00, 0x10000)),
    )
)
#: The invisible characters of the BMP outside the surrogates and private use (U+D800–U+F8FF).
INVISIBLE_BMP = BIDI_CONTROLS | frozenset(
    char
    for char, category in zip(
        _FORMAT_BLOCKS, map(unicodedata.category, _FORMAT_BLOCKS), strict=True
    )
    if category in _HIDDEN_CATEGORIES
)


def is_invisible(char: str) -> bool:
    """True for characters that are removed from a displayed line."""
    if char < "\U00010000":
        return char in INVISIBLE_BMP or "\ud800" <= char < "\uf900"
    return _is_invisible(char)


def strip_escapes(text: str) -> str:
    """Remove escape sequences (whole) and every other control character but tab and newlines."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)


def sanitize(text: str) -> str:
    """One paragraph of untrusted text, ready for shaping.

    Escape sequences and controls removed, tabs and line breaks become spaces, runs of spaces
    collapse to one, the edges are stripped (U+00A0 included).
    """
    return sanitize_with_map(text)[0]


_SURROGATE = re.compile("[\ud800-\udfff]")
# What the slow path rewrites, found by `re` rather than a loop over every character: a maximal run
# of escape sequences, controls and whitespace that holds anything but one plain space (it becomes
# one space if it holds whitespace, nothing otherwise), or two or more plain spaces.
# Atomic, so that a string command always ends at its own terminator.
_JUNK = rf"(?>{_ESCAPE_SEQUENCE.pattern})|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
_SPACE_CHARS = " \t\n\r\x0b\x0c\u2028\u2029\x85"


@lru_cache(maxsize=1)
def _rewrite_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The slow path's patterns, compiled on first use (most text never needs them)."""
    rewrite = re.compile(
        rf"(?:{_JUNK}|[{_SPACE_CHARS}])*(?:{_JUNK}|[\t\n\r\x0b\x0c\u2028\u2029\x85])"
        rf"(?:{_JUNK}|[{_SPACE_CHARS}])*|[ ]{{2,}}",
        re.VERBOSE | re.DOTALL,
    )
    token = re.compile(rf"{_JUNK}|[{_SPACE_CHARS}]", re.VERBOSE | re.DOTALL)
    return rewrite, token


_NEEDS_SLOW_PATH = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]|  ")


def sanitize_with_map(text: str) -> tuple[str, Sequence[int]]:
    """`sanitize`, plus for each output character the offset of its source in `text`.

    The map lets styled spans and search hits given on the raw text follow it to the screen.
    Lone surrogates (file names that are not valid UTF-8 arrive that way) become U+FFFD.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if not _NEEDS_SLOW_PATH.search(text):
        stripped = text.lstrip(_EDGE_SPACE)
        start = len(text) - len(stripped)
        stripped = stripped.rstrip(_EDGE_SPACE)
        return stripped, range(start, start + len(stripped))
    parts: list[str] = []
    origin = array("i")
    copied = 0  # text[:copied] is dealt with
    for run in _rewrite_patterns()[0].finditer(text):
        parts.append(text[copied : run.start()])
        origin.extend(range(copied, run.start()))
        copied = run.end()
        space = _first_space(text, run.start(), run.end())
        if space >= 0:
            parts.append(" ")
            origin.append(space)
    parts.append(text[copied:])
    origin.extend(range(copied, len(text)))
    joined = "".join(parts)
    stripped = joined.lstrip(_EDGE_SPACE)
    start = len(joined) - len(stripped)
    stripped = stripped.rstrip(_EDGE_SPACE)
    return stripped, origin[start : start + len(stripped)]


def _first_space(text: str, start: int, end: int) -> int:
    """The offset of the first word-separating space in a rewritten run, -1 if it has none
    (spaces inside an escape sequence's payload do not count)."""
    for token in _rewrite_patterns()[1].finditer(text, start, end):
        if token.end() - token.start() == 1 and text[token.start()] in _SPACES:
            return token.start()
    return -1


_JOINERS = frozenset("\u200c\u200d")


def clean_line(text: str) -> str:
    """A single-line field (title, source, author): sanitized, bidi controls removed.

    Used where text is shown in logical order without the layout (plain `reader list` output).
    ZWNJ and ZWJ stay: they cannot drive a terminal, and Persian words need them.
    """
    return "".join(c for c in sanitize(text) if c in _JOINERS or not is_invisible(c))
