"""One row of the sources pane, drawn through the engine: a mark, a text cut to fit, a count.

The text keeps its own direction's alignment (right-to-left titles right-aligned, as in the
headline list); the mark and the count sit on the sides of the interface's direction (the mark
where reading starts).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.i18n import N_, Translator
from reader.library.sources import FAILED, Source
from reader.text import BidiMode, Harakat, fit

#: The marks of a source: refreshing (in turn), unread items.
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
UNREAD = "●"


def counts(tr: Translator, source: Source) -> str:
    """`unread/total` in the interface's digits."""
    return f"{tr.number(source.unread)}/{tr.number(source.total)}"


def untagged_name(tr: Translator, tagged: bool) -> str:
    """The group of the feeds without a tag: "Untagged" beside tagged ones, else "Feeds"."""
    name = N_("Untagged") if tagged else N_("Feeds")
    return tr(name)


class RowParts(NamedTuple):
    style: Style  # the row's
    mark: str
    mark_style: Style
    text: str
    text_style: Style
    side: str = ""
    side_style: Style = Style()


def fitted(
    text: str, width: int, style: Style, *, rtl: bool, harakat: Harakat, bidi: BidiMode
) -> list[Segment]:
    """`text` cut to `width` cells and padded to them, aligned by its own direction."""
    shown = fit(text, width, fallback="rtl" if rtl else "ltr", harakat=harakat, bidi=bidi)
    rest = max(0, width - shown.pad - shown.cells)
    pad, after = Segment(" " * shown.pad, style), Segment(" " * rest, style)
    return [pad, Segment(shown.text, style), after]


def draw_row(parts: RowParts, width: int, *, rtl: bool, harakat: Harakat, bidi: BidiMode) -> Strip:
    """The row's strip, `width` cells (`rtl`: the interface's direction)."""
    style = parts.style
    text_width = max(1, width - 3 - len(parts.side))
    body = fitted(parts.text, text_width, parts.text_style, rtl=rtl, harakat=harakat, bidi=bidi)
    marks = [Segment(parts.mark, style + parts.mark_style), Segment(" ", style)]
    sides = [Segment(" ", style), Segment(parts.side, parts.side_style)]
    segments = [*reversed(sides), *body, *reversed(marks)] if rtl else [*marks, *body, *sides]
    return Strip(segments).adjust_cell_length(width, style)


def mark_of(source: Source, line: int, frame: int) -> tuple[str, str]:
    """The mark on a source's row (`line` 0: its name; 1: its status) and the component class
    that styles it ("": none): a spinner while refreshing, ✗ on error, ● with unread items."""
    if line == 1:
        return " ", ""
    if source.refreshing:
        return SPINNER[frame % len(SPINNER)], "sources-pane--status"
    if source.error is not None:
        return FAILED, "sources-pane--failed"
    if source.unread:
        return UNREAD, "sources-pane--unread"
    return " ", ""
