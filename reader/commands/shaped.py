"""Command-line text for a terminal: shaped and in display order, like `reader render`.

A terminal that neither shapes nor reorders (most of them) shows logical Arabic as disjoint
letters in reversed word order, so what the verbs print for a person (`reader list`, `reader
search`, `reader feeds list`, messages, `--help`) goes through the engine when the stream is a
terminal and the bidi mode is `app`. A pipe, `--json` and `--bidi terminal` get logical text:
scripts and terminals that reorder by themselves need the characters in reading order.

Choices made for readability:
- tabular output (one tab-separated line per article) keeps its fields in the same order as in
  a pipe, each field shaped and ordered on its own: columns stay where a script and an eye expect
  them, and a title is never mixed with its neighbours;
- prose (help text, messages) is laid out line by line; a right-to-left line (its first strong
  letter) is right-aligned within its column (the help text beside an option, or the whole width),
  while option names, paths and other left-to-right text keep their places;
- argparse's indentation is kept: the engine never moves leading spaces to the other side.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TextIO, cast

if TYPE_CHECKING:
    from reader.text import BidiMode

#: A line long enough for any command-line message: never wrapped by the engine.
UNWRAPPED = 1_000_000

#: A help line: its indent, an option or a word, the gap of 2+ spaces, the text of its column.
_COLUMNS = re.compile(r"^(?P<indent> *)(?P<left>\S.*?)(?P<gap> {2,})(?P<right>\S.*)$")
_INDENT = re.compile(r"^(?P<indent> *)(?P<rest>.*)$")


class _Stream(Protocol):
    def isatty(self) -> bool: ...


def shaping_mode(
    stream: _Stream, choice: str = "auto", environ: Mapping[str, str] | None = None
) -> BidiMode:
    """`app` when `stream` is a terminal that needs the reader to shape and reorder (the
    `--bidi` choice, `auto`: unless the terminal reorders by itself), else `terminal`."""
    from reader.terminal import TerminalKind, resolve_bidi

    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        tty = False
    if not tty or choice == "terminal":
        return "terminal"
    if choice == "app":
        return "app"
    kind = TerminalKind.detect(os.environ if environ is None else environ)
    return resolve_bidi("auto", kind)


class Shaper:
    """Lays out command-line text for one stream in one bidi mode (`terminal`: unchanged)."""

    def __init__(self, mode: BidiMode = "terminal", rtl: bool = False) -> None:
        self.mode: BidiMode = mode
        #: The interface reads right to left: a line without a strong letter takes that side.
        self.rtl = rtl

    @property
    def active(self) -> bool:
        return self.mode == "app"

    def field(self, text: str) -> str:
        """One field or message line in display order (not aligned)."""
        if not self.active or not text:
            return text
        return self._line(text)[0]

    def fields(self, *texts: str) -> str:
        """A tab-separated row, each field laid out on its own (the order of the fields kept)."""
        return "\t".join(self.field(text) for text in texts)

    def block(self, text: str, width: int) -> str:
        """Prose already wrapped (argparse's help and usage) laid out line by line."""
        if not self.active:
            return text
        return "\n".join(self._block_line(line, width) for line in text.split("\n"))

    def _line(self, text: str) -> tuple[str, int, bool]:
        """(display text, cells, right-to-left) of one line."""
        from reader.text import prepare

        fallback = "rtl" if self.rtl else "ltr"
        paragraph = prepare(text, bidi="app", fallback=fallback)
        lines = paragraph.lines(UNWRAPPED)
        if not lines:
            return "", 0, paragraph.rtl
        return lines[0].text, lines[0].cells, paragraph.rtl

    def _cell(self, text: str, start: int, width: int) -> str:
        """`text` laid out in a column from cell `start` to `width`: right-aligned when it
        reads right to left."""
        shown, cells, rtl = self._line(text)
        if not rtl:
            return shown
        return " " * max(0, width - start - cells) + shown

    def _block_line(self, line: str, width: int) -> str:
        if not line.strip():
            return line
        columns = _COLUMNS.match(line)
        if columns is not None:
            indent, left = columns["indent"], columns["left"]
            start = len(indent) + len(left) + len(columns["gap"])
            shown_left, left_cells, _ = self._line(left)
            right = self._cell(columns["right"], start, width)
            gap = " " * max(2, start - len(indent) - left_cells)
            return f"{indent}{shown_left}{gap}{right}".rstrip()
        parts = _INDENT.match(line)
        assert parts is not None  # the pattern matches any line
        indent = parts["indent"]
        return (indent + self._cell(parts["rest"], len(indent), width)).rstrip()


def for_stream(stream: _Stream, choice: str = "auto") -> Shaper:
    """The shaper for `stream` (a terminal, a pipe) and a `--bidi` choice, in the active
    interface language."""
    from reader.i18n import RTL_LANGUAGES, active_language

    return Shaper(shaping_mode(stream, choice), rtl=active_language() in RTL_LANGUAGES)


class ShapedLines(io.TextIOBase):
    """A text stream that lays out each complete line for a terminal (`Shaper.fields`: a
    tab-separated row field by field) before writing it to `target`."""

    def __init__(self, target: TextIO, shaper: Shaper) -> None:
        super().__init__()
        self._target = target
        self._shaper = shaper
        self._pending = ""

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._target.isatty()

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            done, _, self._pending = self._pending.rpartition("\n")
            lines = (self._shaper.fields(*line.split("\t")) for line in done.split("\n"))
            self._target.write("\n".join(lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._target.write(self._shaper.fields(*self._pending.split("\t")))
            self._pending = ""
        self._target.flush()


def shaped_stream(stream: TextIO, choice: str = "auto") -> TextIO:
    """`stream` itself in a pipe or with `--bidi terminal`; on a terminal that needs it, a
    stream that shapes and orders every line written (field by field for a tab-separated row)."""
    shaper = for_stream(stream, choice)
    if not shaper.active:
        return stream
    return cast("TextIO", ShapedLines(stream, shaper))


def person_streams(bidi: str, *, json: bool) -> tuple[TextIO, TextIO]:
    """Standard output and error, UTF-8, laid out for a terminal that needs it (a person reads
    them); logical in a pipe, with `--bidi terminal`, and for `--json`."""
    import sys

    from reader.commands._output import utf8_stream

    out, err = utf8_stream(sys.stdout), shaped_stream(utf8_stream(sys.stderr), bidi)
    return (out if json else shaped_stream(out, bidi)), err
