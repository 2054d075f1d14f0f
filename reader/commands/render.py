"""Print an article as the body pane shows it: shaped, reordered and aligned lines.

`reader render PATH [--width N] [--harakat keep|strip] [--bidi app|terminal]` is a pipe tool
(like `fribidi`) for `less` and scripts, and how the engine is checked line by line.
Exit 0; 1 with a one-line message for a file that cannot be read or parsed; 2 for bad usage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from reader.commands.language import _
from reader.document import iter_article_lines
from reader.model import ArticleError
from reader.terminal import TerminalKind, enter_sequences, exit_sequences

#: Characters of output gathered before a write.
WRITE_CHUNK = 1 << 16


def _width(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {value!r}").format(value=value)
        ) from None
    if not 1 <= width <= 10_000:
        raise argparse.ArgumentTypeError(_("the width must be between 1 and 10000"))
    return width


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH", help=_("an article file"))
    parser.add_argument(
        "--width",
        type=_width,
        default=None,
        help=_("line width in terminal cells (default: the terminal's, or 80 when not a terminal)"),
    )
    parser.add_argument(
        "--harakat",
        choices=("keep", "strip"),
        default="keep",
        help=_("keep or strip the Arabic short vowels"),
    )
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal"),
        default="app",
        help=_("app: shape and reorder here; terminal: logical text for terminals that reorder"),
    )


def run(args: argparse.Namespace) -> int:
    from reader.sources import load_article

    tty = sys.stdout.isatty()
    width = args.width
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns if tty else 80
    try:
        article = load_article(args.path)
    except ArticleError as error:
        from reader.commands.shaped import shaped_stream
        from reader.i18n import reason
        from reader.sources import SourceError, display_path
        from reader.text.sanitize import clean_path  # the message quotes a file name

        err = shaped_stream(sys.stderr, args.bidi)
        if isinstance(error, SourceError):  # the path, then why, in the language
            shown = f"{clean_path(display_path(error.path))}: {clean_path(reason(error.reason))}"
        else:
            shown = clean_path(reason(str(error)))
        print(f"reader render: {shown}", file=err)
        err.flush()
        return 1
    kind = TerminalKind.detect(os.environ)
    # The TUI's requests: terminals that reorder by themselves stand down while we print.
    requests = tty and args.bidi == "app" and not kind.konsole
    sys.stdout.flush()
    out = sys.stdout.buffer
    if requests:
        out.write(enter_sequences("app", kind).encode("utf-8"))
    try:
        # Written as laid out, a block of lines at a time: a 60 MB article never has all its
        # lines in memory at once.
        batch: list[str] = []
        size = 0
        for line in iter_article_lines(article, width, harakat=args.harakat, bidi=args.bidi):
            batch.append(line)
            size += len(line) + 1
            if size >= WRITE_CHUNK:
                out.write("".join(text + "\n" for text in batch).encode("utf-8"))
                batch, size = [], 0
        out.write("".join(text + "\n" for text in batch).encode("utf-8"))
    finally:
        # Also after Ctrl+C midway: the terminal gets its own reordering back.
        if requests:
            out.write(exit_sequences("app", kind).encode("utf-8"))
        out.flush()
    return 0
