"""The one place the input meets the reader's text engine: a `Layout` over `reader.text`.

Everything else in this package takes a `Layout` and knows nothing of the reader. The engine
sanitizes (escape sequences and controls never reach the terminal), shapes and reorders; it also
collapses runs of spaces and strips them at the edges, which an input must not do: every typed
space is shown (the extra spaces of a run as no-break spaces, edge spaces added back at their
edge), with its own source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reader.model import Direction
from reader.text import BidiMode, prepare

from .caret import Layout, Visual

if TYPE_CHECKING:
    from reader.i18n import Translator

_HUGE = 1 << 20
_NBSP = "\u00a0"


def engine_layout(bidi: BidiMode = "app", *, rtl_default: bool = False) -> Layout:
    """The reader's engine as a `Layout`: shaped and in visual order (`bidi="app"`), or logical
    text for a terminal that does it itself (`"terminal"`). `rtl_default`: the direction of a
    text without a strong letter (the interface's)."""
    return _layout(bidi, rtl_default)


def interface_layout(tr: Translator) -> Layout:
    """`engine_layout` as the interface's words are shown: `tr`'s bidi mode and direction."""
    return engine_layout("terminal" if tr.bidi == "terminal" else "app", rtl_default=tr.rtl)


@lru_cache(maxsize=8)
def _layout(bidi: BidiMode, rtl_default: bool) -> Layout:
    fallback: Direction = "rtl" if rtl_default else "ltr"

    @lru_cache(maxsize=64)
    def layout(text: str) -> Visual:
        stripped = text.strip()
        start = len(text) - len(text.lstrip())
        end = start + len(stripped)
        inner = "".join(
            _NBSP if char.isspace() and text[i - 1].isspace() else char
            for i, char in enumerate(stripped, start)
        )
        paragraph = prepare(inner, bidi=bidi, fallback=fallback)
        lines = paragraph.lines(_HUGE)
        shown = lines[0].text if lines else ""
        sources = [source + start for source in lines[0].sources] if lines else []
        reordered = bidi == "app"
        rtl = reordered and (paragraph.rtl if stripped else rtl_default)
        head, tail = list(range(start)), list(range(end, len(text)))
        # Edge spaces at their own edge: the start edge is on the right in a right-to-left line.
        left, right = (tail[::-1], head[::-1]) if rtl else (head, tail)
        return Visual(
            " " * len(left) + shown + " " * len(right),
            left + sources + right,
            rtl=rtl,
            logical=not reordered,
        )

    return layout
