"""The input's pure logic: graphemes and edits (logical), cursor cells and visual moves.

Layouts come from the reader's engine (`engine_layout`) or are written out by hand (`Visual`);
hypothesis checks that any key sequence keeps the text equal to a simple model's and the cursor
on a grapheme boundary.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ui.rtlinput import Caret, Visual, editing, logical_layout
from reader.ui.rtlinput.engine import engine_layout

LAYOUT = engine_layout("app")
FATHA = "\u064e"
SHADDA = "\u0651"


def caret(text: str) -> Caret:
    return Caret(text, LAYOUT(text))


def walk(text: str, start: int, step: int) -> list[int]:
    """The indices Left (-1) or Right (1) visits from `start` until it stops moving."""
    seen, index = [start], start
    c = caret(text)
    while (index := c.move(index, step)) != seen[-1]:
        assert index not in seen, f"a cycle through {index}"
        seen.append(index)
    return seen


def test_graphemes_keep_harakat_on_their_letter() -> None:
    text = f"س{FATHA}{SHADDA}لام"
    assert editing.boundaries(text) == [0, 3, 4, 5, 6]
    assert editing.snap(text, 2) == 0
    # Backspace takes one code point (the last haraka typed), Delete the whole grapheme.
    assert editing.delete_left(text, 3) == (f"س{FATHA}لام", 2)
    assert editing.delete_right(text, 0) == ("لام", 0)


def test_word_edits_never_split_a_grapheme() -> None:
    text = f"قال ك{FATHA}تب"
    assert editing.delete_left_word(text, len(text)) == ("قال ", 4)
    assert editing.delete_right_word(text, 0) == (f" ك{FATHA}تب", 0)
    assert editing.word_start_before(text, 6) == 4


def test_rtl_text_cursor_moves_left_as_it_advances() -> None:
    # Shown right to left: index 0 covers the first letter (the rightmost cell), the end is
    # the cell left of the text, where the next letter goes.
    text = "سلام"
    c = caret(text)
    assert c.visual.rtl and c.cells == 3  # lam-alef is one cell
    assert [c.block_cell(i) for i in range(5)] == [2, 1, 0, 0, -1]
    assert walk(text, 0, -1) == [0, 1, 2, 3, 4]
    assert walk(text, 4, 1) == [4, 3, 2, 1, 0]


def test_harakat_stay_on_their_letter_and_the_cursor_skips_them() -> None:
    text = f"س{FATHA}لام"
    c = caret(text)
    assert c.visual.text.endswith(f"ﺳ{FATHA}")  # the mark follows its letter
    assert [stop for _, stop in c.stops] == [5, 4, 3, 2, 0]  # never 1: inside "سَ"
    assert c.block_cell(2) == c.block_cell(0) - 1


def test_mixed_ltr_paragraph_cursor_sits_where_the_next_letter_goes() -> None:
    text = "abc سلم"  # shown "abc ﻢﻠﺳ"
    c = caret(text)
    assert not c.visual.rtl and c.visual.text[:4] == "abc "
    assert c.block_cell(4) == 4  # after the space: the next letter comes at cell 4
    # After س (the rightmost cell, 6) the block is left of it: where ل was typed.
    assert c.block_cell(5) == 5 and c.block_cell(6) == 4 and c.block_cell(7) == 3
    right = walk(text, 0, 1)
    assert sorted(right) == editing.boundaries(text) and right[0] == 0


def test_mixed_rtl_paragraph_numbers_and_latin_read_left_to_right() -> None:
    text = "العدد 42 في 2024"
    c = caret(text)
    assert c.visual.rtl
    assert "42" in c.visual.text and "2024" in c.visual.text
    four = c.visual.text.index("42")
    assert c.block_cell(text.index("42") + 1) == four + 1  # after 4: on the 2
    everything = walk(text, 0, -1)
    leftmost = everything[-1]
    assert sorted(everything) == editing.boundaries(text)
    assert walk(text, leftmost, 1)[-1] == 0


def test_word_moves_stop_at_word_starts_visually() -> None:
    text = "قال الوزير"
    c = caret(text)
    assert c.move_word(0, -1) == 4  # left, in right-to-left text: the next word
    assert c.move_word(4, -1) == len(text)
    assert c.move_word(len(text), 1) == 4


def test_logical_layout_is_one_cell_per_character() -> None:
    text = "سلام ab"
    c = Caret(text, logical_layout(text))
    assert [c.block_cell(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    terminal = engine_layout("terminal")(text)
    assert terminal.text == text and terminal.logical and not terminal.rtl


def test_every_space_typed_is_shown_and_controls_are_not() -> None:
    shown = LAYOUT(" a  b ")
    assert shown.text.replace("\u00a0", " ") == " a  b " and list(shown.sources) == [
        0,
        1,
        2,
        3,
        4,
        5,
    ]
    assert LAYOUT("a\x1b[31mb\x07").text == "ab"  # an escape sequence is dropped whole
    rtl = LAYOUT("سلام ")
    assert rtl.text.startswith(" ") and rtl.rtl  # the trailing space at the left end


def test_empty_text_takes_the_default_direction() -> None:
    assert Caret("", engine_layout("app", rtl_default=True)("")).block_cell(0) == -1
    assert Caret("", LAYOUT("")).block_cell(0) == 0
    assert Caret("x", Visual("x", [0], rtl=False)).block_cell(1) == 1


# Hypothesis: any text, any keys ---------------------------------------------------------------

_CHARS = st.sampled_from(["س", "ل", "ا", "م", FATHA, SHADDA, "a", "b", "1", "٢", " ", ".", "("])
_MOVES = ["left", "right", "ctrl+left", "ctrl+right", "home", "end"]
_EDITS = ["backspace", "delete", "ctrl+w", "ctrl+u", "ctrl+k", "alt+backspace"]
_KEYS = st.one_of(
    st.tuples(st.just("type"), st.text(_CHARS, min_size=1, max_size=3)),
    st.tuples(st.sampled_from(_MOVES + _EDITS), st.just("")),
)


def press(text: str, index: int, key: str, typed: str) -> editing.Edit:
    """What the widget does for `key` (moves through the caret, edits through `editing`)."""
    c = caret(text)
    moves = {"left": -1, "right": 1}
    if key == "type":
        return editing.insert(text, index, typed)
    if key in moves:
        return editing.Edit(text, c.move(index, moves[key]))
    if key.startswith("ctrl+") and key[5:] in moves:
        return editing.Edit(text, c.move_word(index, moves[key[5:]]))
    edits = {
        "home": lambda t, i: editing.Edit(t, 0),
        "end": lambda t, i: editing.Edit(t, len(t)),
        "backspace": editing.delete_left,
        "delete": editing.delete_right,
        "ctrl+w": editing.delete_left_word,
        "ctrl+u": editing.delete_left_all,
        "ctrl+k": editing.delete_right_all,
        "alt+backspace": editing.delete_right_word,
    }
    return edits[key](text, index)


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEYS, max_size=25))
def test_any_keys_keep_the_text_a_models_and_the_cursor_on_a_boundary(
    keys: list[tuple[str, str]],
) -> None:
    text, index = "", 0
    for key, typed in keys:
        before, start = text, index
        text, index = press(text, index, key, typed)
        assert 0 <= index <= len(text) and editing.is_boundary(text, index)
        # The model: typing inserts, Backspace drops one code point before the cursor,
        # Delete the characters up to the next boundary; moves leave the text alone.
        if key == "type":
            at = start
            assert text == before[:at] + typed + before[at:] and index >= at + len(typed)
        elif key == "backspace":
            assert len(before) - len(text) in (0, 1) and before.startswith(text[:index])
        elif key in ("delete", "ctrl+k", "alt+backspace"):
            assert before.startswith(text[:index]) and before.endswith(text[index:])
        elif key in ("left", "right", "ctrl+left", "ctrl+right", "home", "end"):
            assert text == before
        # Every boundary is a stop of the visual order, each once.
        assert sorted(stop for _, stop in caret(text).stops) == editing.boundaries(text)
