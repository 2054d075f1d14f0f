"""The help screen (`?`, F1): every key, from the same tables as the Footer and the palette,
in one section per pane they act in: everywhere, the headline list, the article."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.document import Block
from reader.i18n import N_, Translator
from reader.library.session import Settings
from reader.model import Direction
from reader.ui.bindings import (
    BODY_BINDINGS,
    HELP_BINDINGS,
    LIST_BINDINGS,
    SCREEN_BINDINGS,
    key_display,
)
from reader.ui.widgets.keys_view import KeysView

#: Width of the keys column (no-break spaces pad it: the engine collapses ordinary space runs).
KEYS_COLUMN = 18
NBSP = "\u00a0"
PALETTE_KEYS = "Ctrl+P"
#: The sections: their titles (message keys) and keys, in order.
SECTIONS = (
    (N_("Everywhere"), SCREEN_BINDINGS),
    (N_("Headline list"), LIST_BINDINGS),
    (N_("Article"), BODY_BINDINGS),
)


def help_blocks(tr: Translator) -> list[Block]:
    """The help's lines: a title per section, then one line per key (keys first, on the right
    in Arabic), the palette's key last in the first section."""
    direction: Direction = "rtl" if tr.rtl else "ltr"

    def row(keys: str, description: str) -> Block:
        text = keys + NBSP * max(1, KEYS_COLUMN - len(keys)) + description
        return Block(text, "value", direction=direction)

    blocks: list[Block] = []
    for number, (title, bindings) in enumerate(SECTIONS):
        blocks.append(Block(tr(title), "label", direction=direction, starts_group=number > 0))
        blocks.extend(row(key_display(b), tr(b.description)) for b in bindings)
        if number == 0:
            blocks.append(row(PALETTE_KEYS, tr("Commands")))
    return blocks


class HelpScreen(ModalScreen[None]):
    # Here rather than in reader.tcss: parsed when the help is first shown, not at start-up.
    # (The dialog's look is reader.tcss's `.dialog` rules, shared with the links screen.)
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-dialog {
            width: 64;
            max-width: 100%;
        }
        #help-lines {
            max-height: 24;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

    def __init__(self, tr: Translator, settings: Settings) -> None:
        """`tr`: the interface's words; `settings`: the engine's options to draw them with."""
        super().__init__()
        self.tr = tr
        self.settings = settings

    def compose(self) -> ComposeResult:
        tr, settings = self.tr, self.settings
        blocks = help_blocks(tr)
        view = KeysView(
            id="help-lines", classes="dialog-lines", harakat=settings.harakat, bidi=settings.bidi
        )
        view.set_blocks(blocks, fallback="rtl" if tr.rtl else "ltr")
        view.border_title = Content(tr.visual("Keys"))
        with Vertical(id="help-dialog", classes="dialog -ui-rtl" if tr.rtl else "dialog"):
            yield view
            yield Static(
                Content(tr.visual("Press Escape or ? to close")),
                id="help-hint",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-lines", KeysView).focus()

    def action_close(self) -> None:
        self.dismiss(None)
