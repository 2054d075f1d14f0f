"""The footer: the main keys of the focused context, in the interface's language and direction.

Built from the same binding tables as the help screen and the palette (the screen's active
bindings with `show=True`), like Textual's Footer, but drawn as one line: no widget per key, no
recompose when focus moves (Textual's Footer cost a fifth of the start-up time here), and in an
Arabic interface the keys run from right to left, each key to the right of its description.

The keys that matter for the focused pane come first (`FIRST`: in the list j/k, Space, u, s, /,
?, q), then the other shown keys; when the line is too short the last items are dropped whole,
but never Help and Quit (`KEEP`): they stay visible at 60 columns in every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from reader.i18n import N_, Translator

GAP = " "


class FooterKey(NamedTuple):
    """A binding put first in the footer, by its id; shown with its own key and description,
    or with these (None: the binding's)."""

    binding: str
    key: str | None = None
    description: str | None = None


#: The keys shown first, by the id of the focused widget (None: any other widget).
FIRST: Mapping[str | None, Sequence[FooterKey]] = {
    "headlines": (
        FooterKey("list-down", "j/k", N_("Move")),
        FooterKey("page-down", "Space", N_("Page")),
        FooterKey("toggle-read"),
        FooterKey("toggle-bookmark"),
        FooterKey("search"),
        FooterKey("help"),
        FooterKey("quit"),
    ),
    "body": (
        FooterKey("body-down", "j/k", N_("Scroll")),
        FooterKey("page-down", "Space", N_("Page")),
        FooterKey("next-unread"),
        FooterKey("search"),
        FooterKey("help"),
        FooterKey("quit"),
    ),
    None: (FooterKey("next-unread"), FooterKey("search"), FooterKey("help"), FooterKey("quit")),
}
#: Actions whose items are dropped last (after every other item) when the line is too short.
KEEP = frozenset({"help", "quit"})


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}

    def __init__(
        self,
        tr: Translator,
        *,
        first: Mapping[str | None, Sequence[FooterKey]] = FIRST,
        keep: frozenset[str] = KEEP,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.tr = tr
        self.first = first
        self.keep = keep
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
        """(key to press, key as shown, description in display order) for each shown key:
        the focused widget's first keys (`first`), then the others, the palette last."""
        tr, app = self.tr, self.app
        seen: set[str] = set()
        items = []
        palette = None
        active = [found.binding for found in self.screen.active_bindings.values()]
        by_id: dict[str, Binding] = {}
        for binding in active:  # (a binding of two keys is two: its first key is the one)
            if binding.id:
                by_id.setdefault(binding.id, binding)
        focused = self.screen.focused
        wanted = self.first.get(focused.id if focused is not None else None)
        if wanted is None:
            wanted = self.first.get(None, ())
        for first in wanted:
            found = by_id.get(first.binding)
            if found is None or found.action in seen:
                continue
            seen.add(found.action)
            shown = first.key or app.get_key_display(found)
            description = first.description or found.description
            items.append((found.key.split(",")[0], shown, tr.visual(description)))
        for binding in active:
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

    def fitted(self) -> list[tuple[str, str, str]]:
        """The items that fit the width: the last ones dropped whole, Help and Quit last."""
        items = self.items()
        width = max(1, self.size.width)
        kept = {  # the keys of the items dropped last (Help, Quit)
            found.binding.key.split(",")[0]
            for found in self.screen.active_bindings.values()
            if found.binding.action in self.keep
        }
        cells = [cell_len(f" {shown} {description}") for _, shown, description in items]
        used = sum(cells) + len(GAP) * (len(items) - 1)
        while items and used > width:
            droppable = [i for i, (key, _, _) in enumerate(items) if key not in kept]
            index = droppable[-1] if droppable else len(items) - 1
            items.pop(index)
            used -= cells.pop(index) + len(GAP)
        return items

    def render(self) -> Text:
        rtl = self.tr.rtl
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        text_style = self.get_component_rich_style("key-footer--description", partial=True)
        parts: list[tuple[str, str, str]] = []  # (text, style name, key)
        # The last items (the least used) dropped rather than one cut in half.
        items = self.fitted()
        if rtl:  # items in right-to-left order: the first item ends at the right edge
            items.reverse()
        for key, shown, description in items:
            if parts:
                parts.append((GAP, "gap", ""))
            item = [(f" {shown} ", "key"), (f"{description}", "text")]
            if rtl:  # read from the right: the key first, then its description to its left
                item = [(description, "text"), (f" {shown} ", "key")]
            parts.extend((text, kind, key) for text, kind in item)
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
