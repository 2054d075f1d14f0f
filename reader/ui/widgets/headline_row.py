"""One row of the headline list, drawn: the marks, then the title or the date, fitted.

Each entry takes two rows: its title, then its date (or a failed file's reason). Two marks sit
beside the title, on the side the title starts from: unread (●) and bookmarked (★), each in
its own column, so that a bookmarked article still says whether it was read; a file that
failed has ✗. Unread titles are bold, read ones dim.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.model import Headline
from reader.text import BidiMode, Harakat, fit

ROWS = 2  # title line + date line
UNREAD = "●"
FAILED = "✗"
BOOKMARK = "★"
BOLD = Style(bold=True)
DIM = Style(dim=True)
#: The cells the marks take (two marks and a space).
MARK_CELLS = 3


class RowStyles(NamedTuple):
    """The styles a row is drawn with (`base`: the row's, with the cursor's when on it)."""

    base: Style
    title: Style
    date: Style
    unread: Style
    bookmark: Style
    failed: Style


def draw_row(
    entry: Headline,
    line: int,
    width: int,
    *,
    marks: tuple[bool, bool],
    styles: RowStyles,
    date: str,
    options: tuple[Harakat, BidiMode],
) -> Strip:
    """Line `line` (0: title, 1: date) of `entry`, `width` cells wide. `marks`: (unread,
    bookmarked); `date`: the words of its date line."""
    unread, bookmarked = marks
    base = styles.base
    if line == 0:
        if entry.error is not None:
            cells = [Segment(FAILED, base + styles.failed), Segment(" ", base)]
        else:
            cells = [
                Segment(UNREAD if unread else " ", base + styles.unread),
                Segment(BOOKMARK if bookmarked else " ", base + styles.bookmark),
            ]
        text = entry.title
        look = DIM if entry.error is None and not unread else BOLD
        text_style = base + styles.title + look
    else:
        cells = [Segment("  ", base)]
        text = entry.error or date
        text_style = base + styles.date
    text_width = max(1, width - MARK_CELLS)
    harakat, bidi = options
    fitted = fit(text, text_width, fallback=entry.direction, harakat=harakat, bidi=bidi)
    body = [Segment(" " * fitted.pad, base), Segment(fitted.text, text_style)]
    body.append(Segment(" " * max(0, text_width - fitted.pad - fitted.cells), base))
    marks_cells = [*cells, Segment(" ", base)]
    rtl = entry.direction == "rtl"
    segments = [*body, *reversed(marks_cells)] if rtl else [*marks_cells, *body]
    return Strip(segments).adjust_cell_length(width, base)
