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
from pathlib import Path

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


#: The table of widths other than one, as `width_ranges` computes it, kept beside this module
#: (`widths.txt`, regenerated with `python reader/text/cells.py`): reading 435 ranges costs a
#: fraction of a millisecond, computing them from `unicodedata` 1.2 s, and even the BMP's zero
#: widths alone some 15 ms of the first screen. A test keeps the file equal to the rules.
TABLE_FILE = Path(__file__).with_name("widths.txt")


def width_ranges() -> list[tuple[int, int, int]]:
    """Every run of code points whose width (`cell_width`) is not 1: (first, last, width), in
    order. Computed from `unicodedata` (slow: for the table file and its test)."""
    runs: list[tuple[int, int, int]] = []
    for code in range(0x110000):
        width = cell_width(chr(code))
        if width == 1:
            continue
        if runs and runs[-1][1] == code - 1 and runs[-1][2] == width:
            runs[-1] = (runs[-1][0], code, width)
        else:
            runs.append((code, code, width))
    return runs


def table_text(ranges: Iterable[tuple[int, int, int]]) -> str:
    """The table file's text: the Unicode version it was made with, then a range a line."""
    lines = [f"# unicode {unicodedata.unidata_version}: first last width (hex), widths not 1"]
    lines += [f"{first:x} {last:x} {width}" for first, last, width in ranges]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def table() -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """The table file: (its Unicode version, its ranges)."""
    version = ""
    ranges: list[tuple[int, int, int]] = []
    for line in TABLE_FILE.read_text(encoding="ascii").splitlines():
        if line.startswith("#"):
            version = line.split()[2].rstrip(":")
            continue
        first, last, width = line.split()
        ranges.append((int(first, 16), int(last, 16), int(width)))
    return version, tuple(ranges)


@lru_cache(maxsize=8)
def zero_width_chars(low: int, high: int) -> frozenset[str]:
    """The characters from code point `low` to `high` that take no cell."""
    return frozenset(
        chr(code)
        for first, last, width in table()[1]
        if width == 0 and first <= high and last >= low
        for code in range(max(first, low), min(last, high) + 1)
    )


def one_cell_chars(ranges: Iterable[tuple[int, int]]) -> frozenset[str]:
    """The characters in the inclusive code point `ranges` that take exactly one cell."""
    wanted = [(low, high) for low, high in ranges]
    other = {
        code
        for first, last, _ in table()[1]
        for low, high in wanted
        if first <= high and last >= low
        for code in range(max(first, low), min(last, high) + 1)
    }
    return frozenset(
        chr(code) for low, high in wanted for code in range(low, high + 1) if code not in other
    )


if __name__ == "__main__":
    TABLE_FILE.write_text(table_text(width_ranges()), encoding="ascii")
