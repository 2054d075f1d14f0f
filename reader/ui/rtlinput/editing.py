"""Logical editing of one line of text: graphemes, words, and the edits an input's keys make.

Pure functions over (text, index): no display, no Textual. A cursor index is always on a grapheme
boundary (a letter and the marks after it, harakat included, are one grapheme); Backspace removes
one code point (a haraka typed after a letter goes alone), Delete a whole grapheme.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

#: Joiners that belong to the character before them (ZWJ; variation selectors are marks).
_EXTENDERS = frozenset("\u200d")


class Edit(NamedTuple):
    """The text after an edit and the cursor's index in it."""

    text: str
    cursor: int


def is_extending(char: str) -> bool:
    """True for a character that joins the grapheme before it (a combining mark, ZWJ)."""
    return char in _EXTENDERS or unicodedata.category(char) in ("Mn", "Me", "Mc")


def is_boundary(text: str, index: int) -> bool:
    """True when `index` is between two graphemes (or at either end) of `text`."""
    if index <= 0 or index >= len(text):
        return index in (0, len(text))
    return not is_extending(text[index])


def boundaries(text: str) -> list[int]:
    """Every grapheme boundary of `text`, in logical order (0 and len(text) included)."""
    return [i for i in range(len(text) + 1) if is_boundary(text, i)]


def snap(text: str, index: int) -> int:
    """`index` clamped to the text and moved back to the grapheme boundary at or before it."""
    index = max(0, min(index, len(text)))
    while not is_boundary(text, index):
        index -= 1
    return index


def snap_forward(text: str, index: int) -> int:
    """`index` clamped to the text and moved on to the grapheme boundary at or after it (a
    letter typed before a lone mark takes the mark: the cursor goes past both)."""
    index = max(0, min(index, len(text)))
    while not is_boundary(text, index):
        index += 1
    return index


def next_boundary(text: str, index: int) -> int:
    """The boundary after `index` (len(text) at the end)."""
    index = min(index + 1, len(text))
    while not is_boundary(text, index):
        index += 1
    return index


def previous_boundary(text: str, index: int) -> int:
    """The boundary before `index` (0 at the start)."""
    return snap(text, index - 1) if index > 0 else 0


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or is_extending(char)


def word_start_before(text: str, index: int) -> int:
    """The start of the word at or before `index` (spaces and punctuation skipped first)."""
    while index > 0 and not is_word_char(text[index - 1]):
        index -= 1
    while index > 0 and is_word_char(text[index - 1]):
        index -= 1
    return snap(text, index)


def word_end_after(text: str, index: int) -> int:
    """The end of the word at or after `index` (spaces and punctuation skipped first)."""
    while index < len(text) and not is_word_char(text[index]):
        index += 1
    while index < len(text) and is_word_char(text[index]):
        index += 1
    return index


def is_word_start(text: str, index: int) -> bool:
    """True at a boundary where a word begins (never inside a grapheme)."""
    if not is_boundary(text, index) or index >= len(text):
        return False
    starts = is_word_char(text[index]) and not is_extending(text[index])
    return starts and (index == 0 or not is_word_char(text[index - 1]))


# The edits -----------------------------------------------------------------------------------


def insert(text: str, index: int, new: str) -> Edit:
    """`new` typed or pasted at `index`; the cursor after it."""
    text = text[:index] + new + text[index:]
    return Edit(text, snap_forward(text, index + len(new)))


def delete_left(text: str, index: int) -> Edit:
    """Backspace: the code point before the cursor (a haraka alone, then its letter)."""
    if index <= 0:
        return Edit(text, 0)
    return Edit(text[: index - 1] + text[index:], index - 1)


def delete_right(text: str, index: int) -> Edit:
    """Delete: the whole grapheme after the cursor (a letter with its harakat)."""
    return Edit(text[:index] + text[next_boundary(text, index) :], index)


def delete_left_word(text: str, index: int) -> Edit:
    start = word_start_before(text, index)
    return Edit(text[:start] + text[index:], start)


def delete_right_word(text: str, index: int) -> Edit:
    return Edit(text[:index] + text[word_end_after(text, index) :], index)


def delete_left_all(text: str, index: int) -> Edit:
    return Edit(text[index:], 0)


def delete_right_all(text: str, index: int) -> Edit:
    return Edit(text[:index], index)
