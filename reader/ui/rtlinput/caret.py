"""Where the cursor is drawn in a line shown in visual order, and how Left/Right move it.

Pure logic over a `Visual` (the display string, left to right, and for each displayed character
the index of its source in the logical text), given by a `Layout` callable: any bidi engine can
supply it. No Textual here.

The cursor's logical index is drawn at the trailing edge of the grapheme before it: the left edge
of a right-to-left character, the right edge of a left-to-right one (so it sits where the next
typed character appears); at index 0 at the paragraph's start edge. As a block it covers the cell
on the far side of that edge: `block_cell`. Left and Right move through every grapheme boundary
ordered by (cell, tie-break): each one is reachable, and no key cycles.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rich.cells import get_character_cell_size

from .editing import boundaries, is_word_start


@dataclass(frozen=True)
class Visual:
    """One line as the terminal shows it. `text`: left to right; `sources[k]`: the index in the
    logical text of `text[k]` (a ligature is one character with one source; combining marks
    follow their base with their own source); `rtl`: the paragraph's direction (alignment, the
    start edge). `logical`: the text is shown in logical order (the terminal reorders it):
    every character is then treated as left to right."""

    text: str
    sources: Sequence[int]
    rtl: bool
    logical: bool = False


#: Lays one logical line out for display.
Layout = Callable[[str], Visual]


def logical_layout(text: str) -> Visual:
    """The layout of a terminal that shapes and reorders by itself: the text as it is."""
    return Visual(text, range(len(text)), rtl=False, logical=True)


_RTL_CLASSES = frozenset(("R", "AL"))
_LTR_CLASSES = frozenset(("L", "EN", "AN"))


class Caret:
    """The cursor geometry of one text and its visual line."""

    def __init__(self, text: str, visual: Visual) -> None:
        self.text = text
        self.visual = visual
        widths = [get_character_cell_size(char) for char in visual.text]
        self.widths = widths
        self.x: list[int] = []
        cell = 0
        for width in widths:
            self.x.append(cell)
            cell += width
        #: The line's width in cells.
        self.cells = cell
        #: Source index → display index (a character with width preferred to its marks).
        self.where: dict[int, int] = {}
        for k, source in enumerate(visual.sources):
            if source not in self.where or widths[self.where[source]] == 0 < widths[k]:
                self.where[source] = k
        #: The sources shown with a width, in logical order.
        self.shown = sorted(s for s, k in self.where.items() if widths[k] > 0)

    def _rtl_at(self, k: int) -> bool:
        """The direction of the displayed character `k` (from its class, else its neighbours)."""
        if self.visual.logical:
            return False
        source = self.visual.sources[k]
        char = self.text[source] if 0 <= source < len(self.text) else self.visual.text[k]
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return True
        if kind in _LTR_CLASSES:
            return False
        # A neutral takes the direction of the run it is in: its logical neighbours' side.
        left, right = self.x[k], self.x[k] + self.widths[k]
        at = bisect_left(self.shown, source)
        for neighbour in self.shown[at + 1 : at + 2] + self.shown[max(0, at - 1) : at]:
            j = self.where[neighbour]
            if self.x[j] == right:
                return neighbour < source
            if self.x[j] + self.widths[j] == left:
                return neighbour > source
        return self.visual.rtl

    def _shown_before(self, index: int) -> int | None:
        """The display index of the nearest source before `index` shown with a width (a mark
        is drawn on its letter: the letter is the one that counts)."""
        for source in range(index - 1, -1, -1):
            k = self.where.get(source)
            if k is not None and self.widths[k] > 0:
                return k
        return None

    def block_cell(self, index: int) -> int:
        """The cell the block cursor covers for logical `index` (may be -1 or `cells`: just
        outside the text, where the next character goes)."""
        k = self._shown_before(index) if index > 0 else None
        if k is None:
            return self.cells - 1 if self.visual.rtl and not self.visual.logical else 0
        if self._rtl_at(k):
            return self.x[k] - 1
        return self.x[k] + max(1, self.widths[k])

    @cached_property
    def stops(self) -> list[tuple[int, int]]:
        """(cell, index) of every grapheme boundary, left to right (ties: logical order in a
        left-to-right paragraph, reversed in a right-to-left one)."""
        sign = -1 if self.visual.rtl and not self.visual.logical else 1
        found = [(self.block_cell(i), i) for i in boundaries(self.text)]
        found.sort(key=lambda stop: (stop[0], sign * stop[1]))
        return found

    def _position(self, index: int) -> int:
        for position, (_, stop) in enumerate(self.stops):
            if stop == index:
                return position
        return 0

    def move(self, index: int, step: int) -> int:
        """The index one stop to the right (`step` 1) or left (-1) of `index`."""
        position = max(0, min(self._position(index) + step, len(self.stops) - 1))
        return self.stops[position][1]

    def move_word(self, index: int, step: int) -> int:
        """The next stop to the right (1) or left (-1) where a word starts, else the line's edge
        that way."""
        stops = self.stops
        position = self._position(index) + step
        while 0 <= position < len(stops):
            if is_word_start(self.text, stops[position][1]):
                return stops[position][1]
            position += step
        return stops[-1][1] if step > 0 else stops[0][1]

    def index_at(self, cell: int) -> int:
        """The boundary whose block is nearest `cell` (a click)."""
        return min(self.stops, key=lambda stop: abs(stop[0] - cell))[1]
