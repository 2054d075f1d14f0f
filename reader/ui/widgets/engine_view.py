"""What the headline list and the text panes share: a `ScrollView` drawn line by line from the
engine, with the engine's options and caches of the styles and strips it has drawn."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypedDict, TypeVar

from rich.style import Style
from textual.cache import LRUCache
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.text import BidiMode, Harakat

Key = TypeVar("Key", bound=Hashable)


class ViewOptions(TypedDict, total=False):
    """The keyword arguments every engine view takes (subclasses pass them on)."""

    harakat: Harakat
    bidi: BidiMode
    name: str | None
    id: str | None
    classes: str | None


class EngineView(ScrollView, Generic[Key], can_focus=True):
    """A scroll view whose lines the engine lays out; `_strips` caches drawn lines by `Key`."""

    def __init__(
        self,
        *,
        harakat: Harakat = "keep",
        bidi: BidiMode = "app",
        strips: int = 1024,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._harakat: Harakat = harakat
        self._bidi: BidiMode = bidi
        self._strips: LRUCache[Key, Strip] = LRUCache(strips)
        self._styles: dict[str, Style] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        """The style of component `name` ("" for the widget's own), cached: computing styles
        is not cheap."""
        style = self._styles.get(name)
        if style is None:
            style = self._compute_style(name)
            self._styles[name] = style
        return style

    def _compute_style(self, name: str) -> Style:
        """The widget's style, or a component's alone."""
        return self.rich_style if not name else self.get_component_rich_style(name, partial=True)
