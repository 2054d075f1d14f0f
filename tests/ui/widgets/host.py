"""A small host App for one widget, and what a text pane puts on the screen, cell by cell.

Widget tests use these rather than the reader's App: a widget is tested on its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.style import Style
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget

from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    ArticleShown,
    FirstScreenPainted,
    FolderChanged,
    HeadlinesFound,
    MarksFound,
    OpenEntry,
    ScanFinished,
    SearchEnded,
    SearchResults,
    SearchSubmitted,
)
from reader.ui.widgets.lines_view import LinesView

M = TypeVar("M", bound=Message)


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


# Messages a widget posts up (headline list, search bar, key footer) ---------------------------


class Recorder(Host):
    """A Host that keeps the reader's messages its widget posts up (they bubble up to the
    app), in order: a widget's only output besides what it draws."""

    def __init__(self, widget: Widget) -> None:
        super().__init__(widget)
        self.posted: list[Message] = []

    @on(OpenEntry)
    @on(SearchResults)
    @on(SearchSubmitted)
    @on(SearchEnded)
    def _record(self, message: Message) -> None:
        self.posted.append(message)

    def of(self, kind: type[M]) -> list[M]:
        """The recorded messages of one kind."""
        return [message for message in self.posted if isinstance(message, kind)]


# Messages the library and the panes post up (scan, polls, loads, the first screen) ------------


class LibraryRecorder(Recorder):
    """A `Recorder` that also keeps what the library widget and the panes post up."""

    @on(HeadlinesFound)
    @on(MarksFound)
    @on(ScanFinished)
    @on(FolderChanged)
    @on(ArticleLoaded)
    @on(ArticleFailed)
    @on(ArticleShown)
    @on(FirstScreenPainted)
    def _record_library(self, message: Message) -> None:
        self.posted.append(message)
