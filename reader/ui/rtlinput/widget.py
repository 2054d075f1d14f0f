"""`RTLInput`: a Textual `Input` that shows right-to-left and mixed text shaped, in visual order.

The `RTLInputMixin` keeps everything of `Input` (`value`, `placeholder`, `Changed`, `Submitted`,
the editing keys, paste) and replaces what is drawn and how the cursor keys move: the line comes
from a `Layout` (by default the text as it is, for a terminal that shapes and reorders by
itself), right-aligned when the text is right-to-left, with the block cursor where the next typed
character appears; Left/Right move visually, Home/End and the deletions act on the logical text
and never split a grapheme. A line wider than the box scrolls to keep the cursor visible.

Mix it in front of any `Input` subclass: `class MyCommandInput(RTLInputMixin, CommandInput)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input
from textual.widgets.input import Selection

from . import editing
from .caret import Caret, Layout, logical_layout

if TYPE_CHECKING:
    _MixinBase = Input
else:
    # Not a widget class itself: Textual takes a widget's CSS type names from its first widget
    # base, which must stay the Input subclass it is mixed into (`CommandInput` and its CSS).
    _MixinBase = object


class RTLInputMixin(_MixinBase):
    """The right-to-left behaviour, for `Input` and its subclasses (put it first)."""

    def __init__(self, *args: Any, layout: Layout | None = None, **kwargs: Any) -> None:
        """`layout`: how a logical line is shown (see `Layout`); the other arguments are
        `Input`'s (or the subclass')."""
        self._rtl_layout: Layout = layout or logical_layout
        self._rtl_caret: Caret | None = None
        #: The line's cell at the box's left edge while it scrolls (None: it fits).
        self._rtl_scroll: int | None = None
        self._rtl_blink_on = True
        self._rtl_blink: Timer | None = None
        super().__init__(*args, **kwargs)

    # The layout ------------------------------------------------------------------------------

    @property
    def text_layout(self) -> Layout:
        return self._rtl_layout

    @text_layout.setter
    def text_layout(self, layout: Layout) -> None:
        self._rtl_layout = layout
        self._rtl_caret = None
        self._rtl_scroll = None
        self.refresh(layout=True)

    @property
    def caret(self) -> Caret:
        """The cursor geometry of what the box shows (the value, else the placeholder)."""
        text = self.value or self.placeholder
        caret = self._rtl_caret
        if caret is None or caret.text != text:
            caret = self._rtl_caret = Caret(text, self._rtl_layout(text))
        return caret

    @property
    def cursor_cell(self) -> int:
        """The cell of the line (not of the box) the block cursor covers."""
        return self.caret.block_cell(self.cursor_position if self.value else 0)

    def _window(self) -> tuple[Caret, int, int]:
        """(caret, cursor cell, the line's cell at the box's left edge)."""
        caret, cursor = self.caret, self.cursor_cell
        width = max(1, self.scrollable_content_region.width)
        low, high = min(0, cursor), max(caret.cells, cursor + 1)
        rtl = caret.visual.rtl
        if high - low <= width:
            self._rtl_scroll = None
            return caret, cursor, high - width if rtl else low
        first = self._rtl_scroll
        if first is None:
            first = high - width if rtl else low
        first = max(cursor - width + 1, min(first, cursor))
        first = max(low, min(first, high - width))
        self._rtl_scroll = first
        return caret, cursor, first

    # Input's geometry, from the visual line -------------------------------------------------

    @property
    def content_width(self) -> int:
        return self.caret.cells + 1

    @property
    def cursor_screen_offset(self) -> Offset:
        x, y, width, _ = self.content_region
        _, cursor, first = self._window()
        return Offset(x + max(0, min(cursor - first, width - 1)), y)

    def validate_selection(self, selection: Selection) -> Selection:
        start, end = super().validate_selection(selection)
        value = self.value
        return Selection(editing.snap_forward(value, start), editing.snap_forward(value, end))

    # Drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.password:
            return super().render_line(y)
        if y != 0:
            return Strip.blank(width, self.rich_style)
        caret, cursor, first = self._window()
        # cell: (characters, source, cells); "" continues a wide character
        shown: dict[int, tuple[str, int, int]] = {}
        last = None
        for k, char in enumerate(caret.visual.text):
            cell, size, source = caret.x[k], caret.widths[k], caret.visual.sources[k]
            if size == 0:
                if last is not None:  # a mark, drawn with its letter
                    chars, owner, cells = shown[last]
                    shown[last] = (chars + char, owner, cells)
                continue
            shown[cell] = (char, source, size)
            for extra in range(1, size):
                shown[cell + extra] = ("", source, 1)
            last = cell
        plain = Style() if self.value else self.get_component_rich_style("input--placeholder")
        cursor_style = self.get_component_rich_style("input--cursor")
        selection_style = self.get_component_rich_style("input--selection")
        start, end = sorted(self.selection)
        selected = bool(self.value) and self.has_focus and start != end
        show_cursor = self.has_focus and self._rtl_blink_on
        segments: list[Segment] = []
        cell, stop = first, first + width
        while cell < stop:
            chars, source, size = shown.get(cell, (" ", -1, 1))
            if chars == "" or cell + size > stop:
                chars, size = " ", 1  # half of a wide character cut by the box's edge
            style = plain
            if selected and start <= source < end:
                style += selection_style
            if show_cursor and cell <= cursor < cell + size:
                style += cursor_style
            segments.append(Segment(chars, style))
            cell += size
        return Strip(segments, width).apply_style(self.rich_style)

    # The cursor keys ------------------------------------------------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        self.cursor_position = self.caret.move(self.cursor_position, -1)

    def action_cursor_right(self, select: bool = False) -> None:
        self.cursor_position = self.caret.move(self.cursor_position, 1)

    def action_cursor_left_word(self, select: bool = False) -> None:
        self.cursor_position = self.caret.move_word(self.cursor_position, -1)

    def action_cursor_right_word(self, select: bool = False) -> None:
        self.cursor_position = self.caret.move_word(self.cursor_position, 1)

    def action_delete_left(self) -> None:
        self._delete_range(editing.delete_left)

    def action_delete_right(self) -> None:
        self._delete_range(editing.delete_right)

    def action_delete_left_word(self) -> None:
        self._delete_range(editing.delete_left_word)

    def action_delete_right_word(self) -> None:
        self._delete_range(editing.delete_right_word)

    def _delete_range(self, edit: Callable[[str, int], editing.Edit]) -> None:
        """Apply a deletion of `editing` through `Input.delete` (which keeps `restrict`,
        `max_length` and posts `Changed`); a selection is deleted instead when there is one."""
        if not self.selection.is_empty:
            self.delete_selection()
            return
        value, index = self.value, self.cursor_position
        after: editing.Edit = edit(value, index)
        removed = len(value) - len(after.text)
        if removed:
            start = after.cursor
            self.delete(start, start + removed)

    # The cursor's blink (drawn by us: Input's own blink state is private) --------------------

    def on_mount(self) -> None:
        self._rtl_blink = self.set_interval(0.5, self._rtl_toggle, pause=True)

    def _rtl_toggle(self) -> None:
        self._rtl_blink_on = not self._rtl_blink_on or not self.cursor_blink
        self.refresh()

    def _rtl_restart(self) -> None:
        self._rtl_blink_on = True
        if self._rtl_blink is not None:
            self._rtl_blink.reset()
            if self.cursor_blink and self.has_focus:
                self._rtl_blink.resume()
            else:
                self._rtl_blink.pause()
        self.refresh()

    def on_focus(self, event: events.Focus) -> None:
        self._rtl_restart()

    def on_blur(self, event: events.Blur) -> None:
        self._rtl_restart()

    def on_key(self, event: events.Key) -> None:
        self._rtl_restart()

    def watch_cursor_blink(self, blink: bool) -> None:
        self._rtl_restart()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click puts the cursor at the boundary drawn nearest it (Input's own handler would
        count cells in logical order)."""
        offset = event.get_content_offset(self)
        if offset is not None and self.value:
            _, _, first = self._window()
            self.cursor_position = self.caret.index_at(first + offset.x)
        event.prevent_default()


class RTLInput(RTLInputMixin, Input):
    """An `Input` for right-to-left and mixed text (see `RTLInputMixin`)."""
