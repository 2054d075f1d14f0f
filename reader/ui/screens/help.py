"""The help screen (`?`, F1): every key, from the same tables as the Footer and the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model import Direction
from reader.ui.bindings import HELP_BINDINGS, LIST_BINDINGS, SCREEN_BINDINGS, key_display
from reader.ui.widgets.lines_view import Block, LinesView

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

#: Width of the keys column (no-break spaces pad it: the engine collapses ordinary space runs).
KEYS_COLUMN = 18
NBSP = "\u00a0"
PALETTE_KEYS = "Ctrl+P"


class KeysView(LinesView):
    """The list of keys: one "value" block per key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-view--value"}


class HelpScreen(ModalScreen[None]):
    # Here rather than in reader.tcss: parsed when the help is first shown, not at start-up.
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-dialog {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 90%;
            background: $surface;
            border: thick $primary;
            padding: 0 1;
        }
        #help-lines {
            height: auto;
            max-height: 24;
            border: none;
            border-title-color: $text-primary;
        }
        #help-hint {
            color: $text-muted;
            margin-top: 1;
        }
        #help-dialog.-ui-rtl #help-hint {
            text-align: right;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

    def compose(self) -> ComposeResult:
        reader = cast("ReaderApp", self.app)
        tr = reader.tr
        settings = reader.settings
        rows = [
            (key_display(binding), tr(binding.description))
            for binding in (*SCREEN_BINDINGS, *LIST_BINDINGS)
        ]
        rows.append((PALETTE_KEYS, tr("Commands")))
        # Each row in the interface's direction: keys first (on the right in Arabic).
        direction: Direction = "rtl" if tr.rtl else "ltr"
        blocks = [
            Block(
                keys + NBSP * max(1, KEYS_COLUMN - len(keys)) + description,
                "value",
                direction=direction,
            )
            for keys, description in rows
        ]
        view = KeysView(id="help-lines", harakat=settings.harakat, bidi=settings.bidi)
        view.set_blocks(blocks, fallback="rtl" if tr.rtl else "ltr")
        view.border_title = Content(tr.visual("Keys"))
        with Vertical(id="help-dialog", classes="-ui-rtl" if tr.rtl else ""):
            yield view
            yield Static(Content(tr.visual("Press Escape or ? to close")), id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-lines", LinesView).focus()

    def action_close(self) -> None:
        self.dismiss(None)
