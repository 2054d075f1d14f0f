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


def valid_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD: text that can be encoded as UTF-8.

    Lone surrogates come from file names that are not UTF-8 (`os.fsdecode` keeps their bytes
    that way) and from JSON escapes such as ``"\\ud800"``; SQLite, JSON output and terminals all
    refuse them. Returns `text` itself (no copy) when it has none, which is the usual case.
    """
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


#: Combining marks kept after one base character for display. Real text stacks few (Arabic
#: harakat at most 3, Hebrew points with cantillation 5); "Zalgo" text stacks thousands, all
#: drawn into one terminal cell.
MAX_MARKS = 8

# The combining marks (categories Mn, Mc, Me) of the BMP, from `unicodedata` (a test keeps this
# table in step with it). A run of more than MAX_MARKS of these, the BMP's invisible characters
# (which the layout drops, so they cannot keep marks apart) and astral characters is looked at
# character by character. (A class with the astral marks' ranges is ten times slower to search
# than this one; astral runs that long are rare in real text.)
_BMP_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a"
    "\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d"
    "\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903\u093a-\u093c\u093e-\u094f\u0951-\u0957"
    "\u0962-\u0963\u0981-\u0983\u09bc\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3"
    "\u09fe\u0a01-\u0a03\u0a3c\u0a3e-\u0a42\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75"
    "\u0a81-\u0a83\u0abc\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff"
    "\u0b01-\u0b03\u0b3c\u0b3e-\u0b44\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82"
    "\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48"
    "\u0c4a-\u0c4d\u0c55-\u0c56\u0c62-\u0c63\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8"
    "\u0cca-\u0ccd\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48"
    "\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf"
    "\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd\u0f18-\u0f19"
    "\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97\u0f99-\u0fbc\u0fc6"
    "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d"
    "\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734\u1752-\u1753\u1772-\u1773"
    "\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9\u1920-\u192b\u1930-\u193b"
    "\u1a17-\u1a1b\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1ace\u1b00-\u1b04\u1b34-\u1b44"
    "\u1b6b-\u1b73\u1b80-\u1b82\u1ba1-\u1bad\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8"
    "\u1ced\u1cf4\u1cf7-\u1cf9\u1dc0-\u1dff\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff"
    "\u302a-\u302f\u3099-\u309a\ua66f-\ua672\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806"
    "\ua80b\ua823-\ua827\ua82c\ua880-\ua881\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d"
    "\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5\uaa29-\uaa36\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d"
    "\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea"
    "\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f"
)
_BMP_INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufeff\ufff9-\ufffb"
)
_MARK_RUN = re.compile(f"[{_BMP_MARKS}{_BMP_INVISIBLE}\U00010000-\U0010ffff]{{{MAX_MARKS + 1},}}")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _cap_marks(text: str, origin: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Drop the combining marks beyond MAX_MARKS in a row, keeping `origin` in step."""
    if not _MARK_RUN.search(text):
        return text, origin
    parts: list[str] = []
    kept = array("i")
    copied = 0
    for run in _MARK_RUN.finditer(text):
        marks = 0
        for index in range(run.start(), run.end()):
            char = text[index]
            if is_invisible(char):
                continue  # not drawn: the marks around it pile onto the same base
            marks = marks + 1 if _is_mark(char) else 0
            if marks > MAX_MARKS:
                parts.append(text[copied:index])
                kept.extend(origin[copied:index])
                copied = index + 1
    if copied == 0:
        return text, origin
    parts.append(text[copied:])
    kept.extend(origin[copied:])
    return "".join(parts), kept


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
    Lone surrogates (file names that are not valid UTF-8 arrive that way) become U+FFFD, and
    no base character keeps more than MAX_MARKS combining marks.
    """
    text = valid_text(text)
    if not _NEEDS_SLOW_PATH.search(text):
        stripped = text.lstrip(_EDGE_SPACE)
        start = len(text) - len(stripped)
        stripped = stripped.rstrip(_EDGE_SPACE)
        return _cap_marks(stripped, range(start, start + len(stripped)))
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
    return _cap_marks(stripped, origin[start : start + len(stripped)])


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


def clean_path(text: str) -> str:
    """A file name or path (or any one-line message quoting one) made safe to print.

    Lone surrogates become U+FFFD, escape sequences are removed whole, other controls and the
    invisible characters (bidi embeddings, overrides, isolates, marks; ZWNJ and ZWJ stay) are
    dropped, and combining marks are capped; unlike `clean_line`, spaces are kept as they are.
    A name that needed none of this comes back unchanged.
    """
    if text.isascii() and text.isprintable():
        return text
    text = _ESCAPE_SEQUENCE.sub("", valid_text(text))
    text = "".join(c for c in text if c in _JOINERS or not is_invisible(c))
    return _cap_marks(text, range(len(text)))[0]


def clean_text(text: str) -> str:
    """Text of several lines (help, usage, an error) made safe to print: each line as
    `clean_path` cleans it, the line breaks kept."""
    return "\n".join(clean_path(line) for line in text.split("\n"))
