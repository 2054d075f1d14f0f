"""How many terminal cells a character takes (0, 1 or 2), from Python's own `unicodedata`.

The layout measures lines with Rich's public `cell_len`, but two of its tables are built from
whole ranges of code points: the characters one cell wide (the fast wrap, where `len` is the
width) and the zero-width ones (the marks L3 keeps after their base). Rich keeps its range table
in a private module that moves between releases, so those tables are built here instead, with
the same rules as Rich (and wcwidth):

- zero: controls, combining marks (Mn, Me and the spacing Mc), format characters (Cf) other
  than the soft hyphen and the prepended concatenation marks (U+0600 ...: they carry a visible
  glyph), the line and paragraph separators, Hangul medial vowels and final consonants,
  the Hangul fillers, the emoji skin-tone modifiers, and the default-ignorable code points even
  where Python's Unicode version has not assigned them yet;
- two: East Asian Wide and Fullwidth, and the unassigned code points of the CJK blocks (wide by
  Unicode's default);
- one: everything else, including characters newer than Python's Unicode version (a terminal
  whose own table predates them draws one cell too).

The rules are checked against Rich character by character (tests/text/test_cells.py), where the
Unicode versions differ is documented there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_ZERO_CATEGORIES = frozenset(("Mn", "Me", "Mc", "Zl", "Zp", "Cc"))
# Format characters with a visible glyph: the soft hyphen and the prepended concatenation marks.
_VISIBLE_FORMAT = frozenset(
    (0xAD, *range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD)
)
# Zero-width by position, whatever their category: Hangul medial vowels and final consonants
# (they join the syllable drawn before), the Hangul fillers, the skin-tone modifiers (they join
# the emoji before), and the default-ignorable ranges Unicode reserves for invisible characters.
_ZERO_RANGES = (
    (0x1160, 0x11FF),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xD7B0, 0xD7FF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1F3FB, 0x1F3FF),
    (0xE0000, 0xE0FFF),
)
# Unassigned code points here are wide by Unicode's default (EastAsianWidth.txt).
_ZERO_CODES = frozenset(code for low, high in _ZERO_RANGES for code in range(low, high + 1))
_WIDE_BY_DEFAULT = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)
# The only planes with a zero-width code point: 0, 1 and 14. Planes 2 and 3 hold ideographs,
# 4-13 nothing yet and 15-16 private use (checked by the tests), so the scans skip them.
_PLANES_TO_SCAN = (0, 1, 14)


def _in(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def cell_width(char: str) -> int:
    """The cells a terminal gives `char` on its own: 0, 1 or 2."""
    code = ord(char)
    category = unicodedata.category(char)
    if category in _ZERO_CATEGORIES or code in _ZERO_CODES:
        return 0
    if category == "Cf":
        return 1 if code in _VISIBLE_FORMAT else 0
    if category == "Cn":
        # (Python reports "F" for every unassigned code point: not a width to trust.)
        return 2 if _in(code, _WIDE_BY_DEFAULT) else 1
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _scan(low: int, high: int) -> Iterable[int]:
    """The code points from `low` to `high` on the planes that hold any zero-width one."""
    for plane in _PLANES_TO_SCAN:
        start, end = max(low, plane << 16), min(high, (plane << 16) | 0xFFFF)
        yield from range(start, end + 1)


@lru_cache(maxsize=8)
def zero_width_chars(low: int, high: int) -> frozenset[str]:
    """The characters from code point `low` to `high` that take no cell (cached: a scan of a
    plane costs some 10 ms, so callers ask for the same few ranges)."""
    category = unicodedata.category
    zero: set[str] = set()
    for code in _scan(low, high):
        char = chr(code)
        kind = category(char)
        # The rules of `cell_width` for zero, inlined: this loop visits 200,000 code points.
        format_char = kind == "Cf" and code not in _VISIBLE_FORMAT
        if format_char or kind in _ZERO_CATEGORIES or code in _ZERO_CODES:
            zero.add(char)
    return frozenset(zero)


def one_cell_chars(ranges: Iterable[tuple[int, int]]) -> frozenset[str]:
    """The characters in the inclusive code point `ranges` that take exactly one cell."""
    return frozenset(
        char
        for low, high in ranges
        for char in map(chr, range(low, high + 1))
        if cell_width(char) == 1
    )
