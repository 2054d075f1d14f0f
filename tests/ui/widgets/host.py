"""A small host App for one widget, and what a text pane puts on the screen, cell by cell.

Widget tests use these rather than the reader's App: a widget is tested on its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget

from reader.ui.widgets.lines_view import LinesView


class Host(App[None]):
    """An App that shows one widget, filling the screen."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def settled(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 400) -> None:
    """Let the app run until `condition` holds (the view lays out in a worker)."""
    for _ in range(tries):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the widget never reached the expected state")


def cells(view: LinesView, y: int) -> list[tuple[str, Style]]:
    """(character, style) for each cell of the view's line `y` (counted from its top), as
    `render_line` gives it to the compositor."""
    result: list[tuple[str, Style]] = []
    for segment in view.render_line(y):
        style = segment.style or Style()
        result.extend((char, style) for char in segment.text)
    return result


def reversed_runs(view: LinesView, y: int) -> list[str]:
    """The runs of reverse-styled characters on line `y`, left to right (search highlights)."""
    runs: list[str] = []
    run = ""
    for char, style in cells(view, y):
        if style.reverse:
            run += char
        elif run:
            runs.append(run)
            run = ""
    if run:
        runs.append(run)
    return runs
