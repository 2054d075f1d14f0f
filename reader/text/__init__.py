"""The text engine: untrusted logical text in, display lines for a terminal out.

Pure Python on top of arabic-reshaper and python-bidi; nothing here imports Textual.
"""

from .layout import (
    BidiMode,
    DisplayLine,
    PreparedParagraph,
    base_direction,
    fit,
    prepare,
    render_lines,
)
from .sanitize import clean_line, sanitize
from .shaping import Harakat

__all__ = [
    "BidiMode",
    "DisplayLine",
    "Harakat",
    "PreparedParagraph",
    "base_direction",
    "clean_line",
    "fit",
    "prepare",
    "render_lines",
    "sanitize",
]
