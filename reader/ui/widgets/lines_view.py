"""A scrolling view of paragraphs drawn line by line from the text engine.

toolong's pattern: a `ScrollView` whose `render_line` draws only the visible lines, with an LRU
cache of strips. The paragraphs ("blocks") are laid out for the current width on demand: enough
for the first screen at once (during the layout pass that gives the pane its width, so it is in
that very frame), the rest in an async worker that yields to the event loop every few
milliseconds (and hands a huge single paragraph to a thread), so a 1 MB article opens at once and
the UI never freezes. A width change re-wraps only (the engine caches the width-independent work)
and keeps the paragraph at the top of the view in place.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right
from collections.abc import Iterable
from typing import ClassVar, Unpack

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.geometry import Size
from textual.strip import Strip

from reader.document import Block, gap_before
from reader.model import Direction, Span
from reader.text import BidiMode, DisplayLine, Harakat, PreparedParagraph, prepare
from reader.ui.widgets.engine_view import EngineView, ViewOptions

#: Paragraphs longer than this are prepared in a thread rather than on the event loop.
LONG_BLOCK = 20_000
#: Event-loop time the layout worker may take before it yields (seconds).
SLICE = 0.008

SPAN_STYLES: dict[str, Style] = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "code": Style(dim=True),
    # Links are underlined only: an article's URL never becomes an OSC 8 hyperlink.
    "link": Style(underline=True),
    "highlight": Style(reverse=True),
}


class LinesView(EngineView[int]):
    """Shows a sequence of `reader.document.Block`s; subclasses decide what the blocks are."""

    # The block roles (`Block.role`) this view draws, as `lines-view--<role>`: each subclass
    # adds the ones its blocks use. (Textual styles every component class of a widget each
    # time the widget is styled, at start-up and on every change of focus.)
    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-view--notice"}

    def __init__(self, **options: Unpack[ViewOptions]) -> None:
        super().__init__(**options)
        self._blocks: tuple[Block, ...] = ()
        self._fallback: Direction = "rtl"
        self._generation = 0
        self._width = 0
        self._starts: list[int] = []
        self._gaps: list[int] = []
        #: Lines per block laid out so far (the lines themselves are made when drawn).
        self._counts: list[int] = []
        self._total = 0
        self._anchor: int | None = None
        #: The character of the anchor block whose line goes to the top (0: its first).
        self._anchor_offset = 0
        #: The longest line in cells (0: the pane's width); a wider pane centres its lines.
        self._measure = 0
        #: The long blocks, prepared in a thread: kept here, not only in the engine's cache
        #: (which could drop one, and then drawing it would prepare it again, on the UI thread).
        self._long: dict[int, PreparedParagraph] = {}

    # Public API ------------------------------------------------------------------------------

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._blocks

    @property
    def laid_out(self) -> bool:
        """True when every block has its lines for the current width."""
        return len(self._counts) == len(self._blocks)

    @property
    def line_count(self) -> int:
        return self._total

    def set_blocks(
        self,
        blocks: Iterable[Block],
        *,
        fallback: Direction = "rtl",
        anchor: int = 0,
        offset: int = 0,
    ) -> None:
        """Show new content from its top, or from the line of block `anchor` that shows its
        character `offset` (no scroll animation)."""
        self._blocks = tuple(blocks)
        self._fallback = fallback
        self._long = {}
        if self.is_mounted:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout(*self._clamped(anchor, offset))

    def _clamped(self, anchor: int, offset: int) -> tuple[int, int]:
        block = max(0, min(anchor, len(self._blocks) - 1))
        return block, offset if block == anchor else 0

    def set_text_options(self, *, harakat: Harakat, bidi: BidiMode) -> None:
        """Re-render with other engine options, keeping the top paragraph in view."""
        if (harakat, bidi) == (self._harakat, self._bidi):
            return
        self._harakat, self._bidi = harakat, bidi
        self._long = {}
        self._relayout(*self.top_line())

    def set_measure(self, cells: int) -> None:
        """Cap the lines at `cells` (0: no cap); in a wider pane they are centred."""
        cells = max(0, cells)
        if cells == self._measure:
            return
        self._measure = cells
        if self._blocks:
            self._relayout(*self.top_line())

    @property
    def margin(self) -> int:
        """Blank cells left of every line: half what the measure leaves of the pane."""
        return max(0, (self.scrollable_content_region.width - self._width) // 2)

    def line_of(self, block: int, offset: int) -> int | None:
        """The line showing character `offset` of block `block` (laid out first if needed)."""
        if not 0 <= block < len(self._blocks):
            return None
        while len(self._counts) <= block:
            self._append(self._count(len(self._counts)))
        self._progress()
        found = self._prepared(block).locate(offset, self._width)
        if found is None:
            return None
        return self._starts[block] + self._gaps[block] + found[0]

    def scroll_to_line(self, line: int) -> None:
        """Put `line` near the top of the view (a hit with some context above it)."""
        self.scroll_to(y=max(0, line - 2), animate=False, immediate=True, force=True)

    def top_block(self) -> int:
        """The index of the block shown on the first visible line."""
        if not self._starts:
            return 0
        return max(0, bisect_right(self._starts, int(self.scroll_offset.y)) - 1)

    def top_line(self) -> tuple[int, int]:
        """(block, offset of the first character) of the line at the top of the view: a
        position that does not depend on the width."""
        if not self._counts:
            return self._anchor or 0, self._anchor_offset
        index, line = self._locate(int(self.scroll_offset.y))
        if index < 0:
            return 0, 0
        if line is None or not line.sources:
            return index, 0
        return index, min(line.sources)

    def visible_text(self) -> list[str]:
        """The visible lines as the terminal shows them (tests and the tmux check use it)."""
        top = int(self.scroll_offset.y)
        return [
            self._line_text(number)
            for number in range(top, min(self._total, top + self.scrollable_content_region.height))
        ]

    def all_text(self) -> list[str]:
        """Every laid-out line, padded, trailing spaces stripped."""
        return [self._line_text(number) for number in range(self._total)]

    # Layout ----------------------------------------------------------------------------------

    def _prepared(self, index: int) -> PreparedParagraph:
        held = self._long.get(index)
        return held if held is not None else self._prepare(self._blocks[index])

    def fit(self, block: Block, width: int) -> Block:
        """The block as laid out at `width` (subclasses may cut one: a link)."""
        return block

    def _prepare(self, block: Block) -> PreparedParagraph:
        block = self.fit(block, self._width)
        return prepare(
            block.text,
            direction=block.direction,
            fallback=self._fallback,
            harakat=self._harakat,
            bidi=self._bidi,
        )

    def _content_width(self) -> int:
        width = self.scrollable_content_region.width
        if self._measure:
            width = min(width, self._measure)
        return max(1, width)

    def _count(self, index: int) -> int:
        """How many lines block `index` has at the current width (wrapped, not laid out: its
        lines are made when they are drawn, and only those)."""
        if not self._blocks[index].text:
            return 0
        return self._prepared(index).line_count(self._width)

    def _append(self, count: int) -> None:
        index = len(self._counts)
        gap = gap_before(self._blocks[index], count > 0, self._total > 0)
        self._gaps.append(gap)
        self._starts.append(self._total)
        self._counts.append(count)
        self._total += gap + count

    def _relayout(self, anchor: int, offset: int = 0) -> None:
        self._generation += 1
        self._starts, self._gaps, self._counts, self._total = [], [], [], 0
        self._strips.clear()
        self._anchor, self._anchor_offset = anchor, offset
        if not self.is_mounted or self.size.width == 0:
            # Hidden (`m`) or not sized yet: laid out when it has a width again (a width of 0
            # differs from any, so the next size update lays it out).
            self._width = 0
            return
        self._width = self._content_width()
        # The screen that is shown first is laid out now; the rest once it is painted (a
        # short article a frame later, which only the scroll bar shows).
        wanted = self.size.height + 2
        deadline = time.monotonic() + 0.05
        while len(self._counts) < len(self._blocks):
            block = self._blocks[len(self._counts)]
            if len(block.text) > LONG_BLOCK:
                break
            self._append(self._count(len(self._counts)))
            enough = len(self._counts) > anchor and self._total >= self._starts[anchor] + wanted
            if enough or time.monotonic() > deadline:
                break
        self._progress()
        if not self.laid_out:
            self.call_after_refresh(self._layout_rest, self._generation)

    def _progress(self) -> None:
        """Publish what is laid out so far: scroll range, pending anchor, repaint."""
        self.virtual_size = Size(self._width, self._total)
        anchor = self._anchor
        if anchor is not None and anchor < len(self._starts):
            self._anchor = None
            y = self._starts[anchor]
            if self._anchor_offset and self._counts[anchor]:
                found = self._prepared(anchor).locate(self._anchor_offset, self._width)
                if found is not None:
                    y += self._gaps[anchor] + found[0]
            if y:
                self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self._strips.clear()
        self.refresh()

    @work(exclusive=True, group="layout")
    async def _layout_rest(self, generation: int) -> None:
        while generation == self._generation and not self.laid_out:
            deadline = time.monotonic() + SLICE
            while not self.laid_out and time.monotonic() < deadline:
                block = self._blocks[len(self._counts)]
                if len(block.text) > LONG_BLOCK:
                    # Prepared and wrapped in a thread; a 60 MB paragraph's lines are never
                    # all made (only those drawn are).
                    width, index = self._width, len(self._counts)
                    prepared = self._long.get(index)
                    if prepared is None:
                        prepared = await asyncio.to_thread(self._prepare, block)
                    count = await asyncio.to_thread(prepared.line_count, width)
                    if generation != self._generation:
                        return
                    self._long[index] = prepared
                    if len(self._counts) == index:  # `line_of` may have laid it out meanwhile
                        self._append(count)
                    break
                self._append(self._count(len(self._counts)))
            self._progress()
            await asyncio.sleep(0)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # The compositor tells a widget its size during the layout pass, and posts the Resize
        # event for after the paint. Laid out here, the text is in the very frame that first
        # gives the pane its width (a pane shown at start-up, a resized terminal), instead of
        # one frame later.
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if self._blocks and size.width and self._content_width() != self._width:
            self._relayout(*self.top_line())
        return changed

    def on_resize(self, event: events.Resize) -> None:
        if self._blocks and self._content_width() != self._width:
            self._relayout(*self.top_line())

    def on_mount(self) -> None:
        if self._blocks and not self._counts:
            self._relayout(anchor=0)

    def _compute_style(self, name: str) -> Style:
        """The widget's style plus a component's."""
        base = self.rich_style
        return base if not name else base + self.get_component_rich_style(name, partial=True)

    # Drawing ---------------------------------------------------------------------------------

    def _locate(self, number: int) -> tuple[int, DisplayLine | None]:
        """(block index, display line or None for a gap line) for a line number."""
        index = bisect_right(self._starts, number) - 1
        if index < 0:
            return -1, None
        within = number - self._starts[index] - self._gaps[index]
        if 0 <= within < self._counts[index]:
            line = self._prepared(index).line_at(within, self._width)
            return index, aligned(line, self._blocks[index].align, self._width)
        return index, None

    def _line_text(self, number: int) -> str:
        _, line = self._locate(number)
        return (" " * self.margin + line.padded).rstrip() if line is not None else ""

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        number = int(scroll_y) + y
        width = self.scrollable_content_region.width
        strip = self._strips.get(number)
        if strip is None:
            strip = self._render_number(number)
            self._strips[number] = strip
        return strip.crop_extend(int(scroll_x), int(scroll_x) + width, self._style(""))

    def _render_number(self, number: int) -> Strip:
        base = self._style("")
        if number >= self._total:
            return Strip.blank(0, base)
        index, line = self._locate(number)
        if line is None:
            return Strip.blank(0, base)
        block = self._blocks[index]
        style = self._style(f"lines-view--{block.role}")
        pad = self.margin + line.pad
        segments = [Segment(" " * pad, base)] if pad else []
        segments.extend(_styled(line, block.spans, style))
        return Strip(segments)


def _styled(line: DisplayLine, spans: tuple[Span, ...], style: Style) -> list[Segment]:
    """Segments for a display line, its spans' styles following the characters' sources."""
    if not spans:
        return [Segment(line.text, style)]
    segments: list[Segment] = []
    run_start = 0
    run_style: Style | None = None
    for index, source in enumerate(line.sources):
        char_style = style
        for span in spans:
            if span.start <= source < span.end:
                char_style = char_style + SPAN_STYLES.get(span.style, Style())
        if char_style != run_style:
            if run_style is not None and index > run_start:
                segments.append(Segment(line.text[run_start:index], run_style))
            run_start, run_style = index, char_style
    if run_style is not None:
        segments.append(Segment(line.text[run_start:], run_style))
    return segments


def aligned(line: DisplayLine, align: Direction | None, width: int) -> DisplayLine:
    """`line` kept to the `align` side of `width` cells (None: as its direction keeps it)."""
    if align is None:
        return line
    pad = max(0, width - line.cells) if align == "rtl" else 0
    return line if pad == line.pad else line._replace(pad=pad)
