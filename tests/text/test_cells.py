"""Our cell-width table against Rich's public API, character by character.

Where they may differ, the terminal decides: Python 3.11 carries Unicode 14, Rich a newer table.
- Unicode 16 made the Yijing, Tai Xuan Jing and counting-rod symbols wide. Terminals that draw
  with the system's wcwidth (glibc, xterm, tmux) still give them one cell, as does Unicode 14:
  ours says one until Python's Unicode says two.
- Code points Python's Unicode has not assigned: a terminal whose table predates them draws one
  cell (with a replacement glyph), so ours says one, except where Unicode fixes a default
  (wide CJK blocks, invisible default-ignorables, Hangul jamo ranges), where both agree.
Everything else must agree exactly.
"""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len, get_character_cell_size

from reader.text.cells import (
    TABLE_FILE,
    cell_width,
    one_cell_chars,
    table,
    table_text,
    width_ranges,
    zero_width_chars,
)

_WIDE_SINCE_16 = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D376))
_PLANES = (0, 1, 2, 3, 14)  # the BMP, emoji and symbols, CJK, tags and variation selectors


def _widened(code: int) -> bool:
    return any(low <= code <= high for low, high in _WIDE_SINCE_16)


def test_every_assigned_character_has_rich_s_width() -> None:
    wrong: list[str] = []
    for plane in _PLANES:
        for code in range(plane << 16, (plane + 1) << 16):
            if 0xD800 <= code <= 0xDFFF:
                continue
            char = chr(code)
            if unicodedata.category(char) == "Cn":
                continue
            expected = get_character_cell_size(char)
            if _widened(code) and unicodedata.unidata_version < "16":
                expected = 1
            if cell_width(char) != expected:
                wrong.append(f"U+{code:04X} ours {cell_width(char)} Rich {expected}")
    assert not wrong, "\n".join(wrong[:40])


def test_unassigned_characters_take_one_cell_unless_unicode_says_otherwise() -> None:
    assert unicodedata.category("\u0897") == "Cn" or cell_width("\u0897") == 0
    if unicodedata.category("\U0001fa89") == "Cn":  # an emoji of Unicode 16
        assert cell_width("\U0001fa89") == 1
    assert cell_width("\U0002fffd") == 2  # CJK extension plane: wide by default
    assert cell_width("\U000e0fff") == 0  # default-ignorable
    assert cell_width("\U00040000") == 1


def test_typical_text_measures_the_same() -> None:
    samples = ["مرحبا بالعالم", "שָׁלוֹם", "日本語のテキスト", "e\u0301t\u00e9", "a\u200bb", "👍🏽"]
    for text in samples:
        assert sum(map(cell_width, text)) == cell_len(text), text


def test_the_range_tables_follow_the_widths() -> None:
    zero = zero_width_chars(0, 0x10FFFF)
    every = (chr(c) for p in _PLANES for c in range(p << 16, (p + 1) << 16))
    assert zero == {c for c in every if not "\ud800" <= c <= "\udfff" and cell_width(c) == 0}
    assert zero_width_chars(0x300, 0x36F) == {chr(c) for c in range(0x300, 0x370)}
    assert one_cell_chars([(0x41, 0x43), (0x300, 0x301), (0x4E00, 0x4E00)]) == {"A", "B", "C"}


def test_the_table_file_is_the_rules_applied() -> None:
    """`widths.txt` is what `width_ranges` computes (regenerate: `python reader/text/cells.py`),
    when Python's Unicode is the one the file was made with."""
    version, ranges = table()
    if version != unicodedata.unidata_version:
        pytest.skip(f"the table is for Unicode {version}, this Python has another")
    assert list(ranges) == width_ranges()
    assert TABLE_FILE.read_text(encoding="ascii") == table_text(ranges)
