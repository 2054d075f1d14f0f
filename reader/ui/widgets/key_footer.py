"""The footer: the main keys of the focused context, in the interface's language and direction.

Built from the same binding tables as the help screen and the palette (the screen's active
bindings with `show=True`), like Textual's Footer, but drawn as one line: no widget per key, no
recompose when focus moves (Textual's Footer cost a fifth of the start-up time here), and in an
Arabic interface the keys run from right to left, each key to the right of its description.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from reader.i18n import Translator

GAP = " "


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}

    def __init__(self, tr: Translator, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tr = tr
        #: Where each key is drawn: (first cell, last cell + 1, key to press), for clicks.
        self.spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def set_translator(self, tr: Translator) -> None:
        """The interface's words (or bidi mode) changed."""
        self.tr = tr
        self.refresh()

    def items(self) -> list[tuple[str, str, str]]:
        """(key to press, key as shown, description in display order) for each shown key."""
        tr, app = self.tr, self.app
        seen: set[str] = set()
        items = []
        palette = None
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.action in ("command_palette", "app.command_palette"):
                palette = binding
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key.split(",")[0]
            items.append((key, app.get_key_display(binding), tr.visual(binding.description)))
        if palette is not None:
            key = palette.key.split(",")[0]
            items.append((key, app.get_key_display(palette), tr.visual("palette")))
        return items

    def render(self) -> Text:
        rtl = self.tr.rtl
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        text_style = self.get_component_rich_style("key-footer--description", partial=True)
        parts: list[tuple[str, str, str]] = []  # (text, style name, key)
        items = self.items()
        # Drop the last items (the least used) rather than cut one in half.
        while items and sum(cell_len(f" {s} {d}") for _, s, d in items) + len(GAP) * (
            len(items) - 1
        ) > max(1, self.size.width):
            items.pop()
        for key, shown, description in items:
            item = [(f" {shown} ", "key"), (f"{description}", "text")]
            if rtl:  # read from the right: the key first, then its description to its left
                item = [(description, "text"), (f" {shown} ", "key")]
            parts.extend((text, kind, key) for text, kind in item)
            parts.append((GAP, "gap", ""))
        if parts:
            parts.pop()
        if rtl:
            # Items in right-to-left order: the first item ends at the right edge.
            groups: list[list[tuple[str, str, str]]] = [[]]
            for part in parts:
                if part[1] == "gap":
                    groups.append([])
                else:
                    groups[-1].append(part)
            ordered: list[tuple[str, str, str]] = []
            for group in reversed(groups):
                if ordered:
                    ordered.append((GAP, "gap", ""))
                ordered.extend(group)
            parts = ordered
        width = self.size.width
        used = sum(cell_len(text) for text, _, _ in parts)
        pad = max(0, width - used) if rtl else 0
        self.spans = []
        x = pad
        pieces: list[tuple[str, Style] | str] = [" " * pad] if pad else []
        for text, kind, key in parts:
            length = cell_len(text)
            if key:
                self.spans.append((x, x + length, key))
            style = key_style if kind == "key" else text_style if kind == "text" else None
            pieces.append((text, style) if style is not None else text)
            x += length
        return Text.assemble(*pieces, no_wrap=True, overflow="crop")

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
