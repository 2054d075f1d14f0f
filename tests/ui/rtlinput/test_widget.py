"""`RTLInput` alone in a tiny App: typed key by key, the box shows the engine's line (shaped,
visual order, right-aligned when right-to-left) and the block cursor on the right cell."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from reader.text import prepare
from reader.ui.rtlinput import RTLInput, logical_layout
from reader.ui.rtlinput.engine import engine_layout
from tests.ui.conftest import SnapCompare

WIDTH = 16


class Tiny(App[None]):
    """One RTLInput, WIDTH cells wide, without border or padding."""

    CSS = f"RTLInput {{ border: none; padding: 0; height: 1; width: {WIDTH}; }}"

    def __init__(self, box: RTLInput) -> None:
        super().__init__()
        self.box = box
        self.changed: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.box

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changed.append(event.value)


def row(box: RTLInput) -> tuple[str, int | None]:
    """The box's cells as a string, and the cell the cursor's colours are on."""
    cursor = box.get_component_rich_style("input--cursor").bgcolor
    text, at = "", None
    for segment in box.render_line(0):
        style = segment.style or Style()
        if cursor is not None and style.bgcolor == cursor and at is None:
            at = len(text)
        text += segment.text
    return text, at


def shaped(text: str) -> str:
    return prepare(text).lines(1000)[0].text


async def paste(pilot: Pilot[None], box: RTLInput, text: str) -> None:
    """What a terminal sends on paste (and how harakat arrive here: Pilot cannot press them)."""
    box.post_message(events.Paste(text))
    await pilot.pause()


def make(bidi: str = "app", placeholder: str = "", width: int = WIDTH) -> Tiny:
    layout = engine_layout("terminal" if bidi == "terminal" else "app")
    box = RTLInput(placeholder=placeholder, layout=layout)
    box.cursor_blink = False
    box.styles.width = width
    return Tiny(box)


async def test_arabic_typed_key_by_key_is_shaped_right_aligned_cursor_on_its_left() -> None:
    app = make()
    async with app.run_test(size=(20, 3)) as pilot:
        box = app.box
        typed = ""
        for char in "العراق":
            await pilot.press(char)
            typed += char
            line = shaped(typed)
            # The text at the right edge; the cursor just left of it, where the next letter goes.
            assert row(box) == (" " * (WIDTH - len(line)) + line, WIDTH - len(line) - 1)
            assert box.cursor_screen_offset.x == WIDTH - len(line) - 1
        assert box.value == "العراق" and app.changed[-1] == "العراق"


async def test_mixed_text_arrows_move_visually_and_edits_act_on_the_logical_text() -> None:
    app = make()
    async with app.run_test(size=(20, 3)) as pilot:
        box = app.box
        await pilot.press(*"سعر 42")
        # Right to left: the number at the left, read left to right; the cursor after the 2.
        assert row(box) == (" " * 10 + "42 ﺮﻌﺳ", 12)
        # Left: the block moves onto the 2; both indices drawn there are stops: after the space
        # (right-to-left: its left edge), then between 4 and 2.
        await pilot.press("left")
        assert box.cursor_position == 4 and row(box)[1] == 11
        await pilot.press("left")
        assert box.cursor_position == 5 and row(box)[1] == 11
        await pilot.press("left")  # the leftmost stop: it stays
        assert box.cursor_position == 5
        await pilot.press("home")
        assert box.cursor_position == 0 and row(box)[1] == WIDTH - 1
        await pilot.press("left", "left")  # two letters further, visually leftwards
        assert box.cursor_position == 2 and row(box)[1] == WIDTH - 3
        await pilot.press("backspace")  # the ع, logically before the cursor
        assert box.value == "سر 42" and box.cursor_position == 1
        await pilot.press("delete")
        assert box.value == "س 42" and row(box)[0] == " " * 12 + "42 ﺱ"
        await pilot.press("end", "ctrl+w")
        assert box.value == "س " and box.cursor_position == 2


async def test_harakat_stay_on_their_letter_and_backspace_takes_the_haraka_alone() -> None:
    app = make()
    async with app.run_test(size=(20, 3)) as pilot:
        box = app.box
        await pilot.press("ك")
        await paste(pilot, box, "\u064e")
        await pilot.press("ت")
        assert row(box)[0].strip() == shaped("كَت")
        await pilot.press("right", "right")  # past ت, then past كَ whole: the start
        assert box.cursor_position == 0
        await pilot.press("end", "backspace", "backspace")
        assert box.value == "ك"
        await paste(pilot, box, "\u064e")
        assert box.value == "كَ" and box.cursor_position == 2
        await pilot.press("home", "delete")
        assert box.value == ""


async def test_paste_and_long_text_scroll_to_keep_the_cursor_in_view() -> None:
    app = make()
    async with app.run_test(size=(20, 3)) as pilot:
        box = app.box
        text = "الحكومة العراقية تعلن نتائج الانتخابات"
        await paste(pilot, box, text + "\nsecond line")
        assert box.value == text  # one line: the first
        cells, cursor = row(box)
        assert cursor == 0  # the logical end is at the far left, and shown
        assert cells == shaped(text)[: WIDTH - 1].rjust(WIDTH)
        await pilot.press("home")
        cells, cursor = row(box)
        assert cursor == WIDTH - 1 and cells == shaped(text)[-WIDTH:]  # scrolled to the start


async def test_the_placeholder_is_shaped_on_its_side_and_terminal_mode_is_logical() -> None:
    app = make(placeholder="ابحث")
    async with app.run_test(size=(20, 3)):
        assert row(app.box) == (" " * 12 + shaped("ابحث"), WIDTH - 1)
    app = make(bidi="terminal")
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.press(*"سلام a")
        assert row(app.box) == ("سلام a".ljust(WIDTH), 6)
        await pilot.press("left", "left")
        assert app.box.cursor_position == 4


async def test_default_layout_is_plain_input() -> None:
    box = RTLInput()
    assert box.text_layout is logical_layout
    app = Tiny(box)
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.press(*"ab", "left")
        assert row(box) == ("ab".ljust(WIDTH), 1)


def test_snapshot_of_mixed_text(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make(width=24)

    async def typed(pilot: Pilot[None]) -> None:
        await paste(pilot, app.box, "قال 3 nations في 2024")
        await pilot.press("home", "left", "left", "left", "left")
        # After "3" (left to right): the block on the space right of it.
        assert (
            app.box.cursor_position == 5 and row(app.box)[1] == 3 + 17
        )  # right-aligned: 21 cells in 24

    assert snap_compare(app, terminal_size=(28, 3), run_before=typed)
