"""The command palette (ctrl+p) with a box that shows what is typed shaped and in visual order.

Textual's `CommandPalette` composes a plain `CommandInput`; `ReaderPalette` composes the same
screen with `PaletteInput` (the `RTLInputMixin` over `CommandInput`: the palette still finds it
by its type) and the placeholder in the interface's language.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator

from reader.i18n import Translator
from reader.ui.rtlinput import RTLInputMixin
from reader.ui.rtlinput.engine import interface_layout


class PaletteInput(RTLInputMixin, CommandInput):
    """The palette's box: a `CommandInput` that shapes and orders right-to-left text."""


class ReaderPalette(CommandPalette):
    """Textual's command palette, its box an `RTLInput` and its placeholder translated; in a
    right-to-left interface its commands are right-aligned, like every other list."""

    DEFAULT_CSS = """
    ReaderPalette.-rtl CommandList {
        text-align: right;
    }
    """

    def __init__(self, tr: Translator, **options: Any) -> None:
        self.tr = tr
        #: Logical: the box shapes and orders it like what is typed.
        self.prompt = tr("Search for commands…")
        super().__init__(placeholder=self.prompt, **options)
        self.set_class(tr.rtl, "-rtl")

    def compose(self) -> ComposeResult:
        # As CommandPalette.compose, with the box replaced.
        layout = interface_layout(self.tr)
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield PaletteInput(placeholder=self.prompt, select_on_focus=False, layout=layout)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()
