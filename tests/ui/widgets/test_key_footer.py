"""`KeyFooter` on its own: the keys of the focused widget, in the interface's direction, whole
items only, and a click on a key presses it."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from reader.i18n import Translator
from reader.ui.widgets.key_footer import KeyFooter
from tests.ui.widgets.host import Host


class Pane(Static, can_focus=True):
    """A focusable widget with keys of its own; it keeps the actions its keys ran."""

    def __init__(self, id: str) -> None:
        super().__init__(id, id=id)
        self.ran: list[str] = []

    def action_run(self, name: str) -> None:
        self.ran.append(name)


class Left(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "run('next')", "Next"),
        Binding("x", "run('hidden')", "Top", show=False),
        Binding("h,f1", "run('help')", "Help", key_display="?"),
    ]


class Right(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "run('search')", "Search"),
        Binding("q", "run('quit')", "Quit"),
    ]


def layout(tr: Translator) -> tuple[Host, Left, Right, KeyFooter]:
    left, right = Left("left"), Right("right")
    footer = KeyFooter(tr)
    return Host(Vertical(left, right, footer)), left, right, footer


def drawn(footer: KeyFooter) -> str:
    return footer.render_line(0).text


async def test_the_items_follow_the_focused_widget() -> None:
    app, left, right, footer = layout(Translator("en"))
    async with app.run_test(size=(80, 10)) as pilot:
        left.focus()
        await pilot.pause()
        keys = footer.items()
        # Shown keys only, the first key of each binding, the palette last.
        assert keys[:2] == [("n", "n", "Next"), ("h", "?", "Help")]
        assert keys[-1][2] == "palette"
        text = drawn(footer)
        assert text.startswith(" n Next  ? Help ")
        assert "Search" not in text and "Top" not in text
        right.focus()
        await pilot.pause()
        assert [d for _, _, d in footer.items()][:2] == ["Search", "Quit"]
        assert drawn(footer).startswith(" s Search  q Quit ")


async def test_an_arabic_interface_runs_right_to_left() -> None:
    tr = Translator("ar")
    app, left, _, footer = layout(tr)
    async with app.run_test(size=(80, 10)) as pilot:
        left.focus()
        await pilot.pause()
        text = drawn(footer)
        assert cell_len(text) == footer.size.width
        next_, help_, palette = tr.visual("Next"), tr.visual("Help"), tr.visual("palette")
        # Read from the right: each key, then its description to its left; the first item
        # ends at the right edge, the room left over is on the left.
        assert text.endswith(f"{next_} n ")
        assert text.startswith(" " * 20)
        assert f"{help_} ? " in text
        assert text.index(palette) < text.index(help_) < text.index(next_)


async def test_items_that_do_not_fit_are_dropped_whole() -> None:
    app, left, _, footer = layout(Translator("en"))
    async with app.run_test(size=(16, 10)) as pilot:
        left.focus()
        await pilot.pause()
        # " n Next" fits, " n Next  ? Help" (15) fits, the palette does not.
        text = drawn(footer)
        assert text.rstrip() == " n Next  ? Help"
        await pilot.resize_terminal(12, 10)
        await pilot.pause()
        assert drawn(footer).rstrip() == " n Next"


async def test_a_click_on_a_key_runs_its_action() -> None:
    app, left, right, footer = layout(Translator("en"))
    async with app.run_test(size=(80, 10)) as pilot:
        right.focus()
        await pilot.pause()
        spans = {key: start for start, _, key in footer.spans}
        assert await pilot.click(KeyFooter, offset=(spans["q"] + 1, 0))
        await pilot.pause()
        assert right.ran == ["quit"]
        # A click beside every key does nothing.
        await pilot.click(KeyFooter, offset=(footer.size.width - 1, 0))
        await pilot.pause()
        assert right.ran == ["quit"] and left.ran == []
