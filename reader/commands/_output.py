"""What the script verbs (`reader list`, `reader search`) share when they write for a terminal.

Their output reaches a terminal or a pipe read by a script, so it has three duties: nothing a
terminal acts on gets through raw, it is UTF-8 whatever the locale, and a file that cannot be read
is one line naming it. Every string of the output, JSON included, has been cleaned: text fields by
`clean_line`, paths by `shown_path` (escape sequences, controls and bidi controls in a file name
are dropped, so `jq -r` cannot print them raw either); JSON also escapes what would be left.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from reader import i18n
from reader.commands.language import _
from reader.locations import folder_holding
from reader.sources import display_path, shown_path
from reader.text import clean_line

# Characters a terminal may act on even inside a JSON string: DEL, C1 (U+009B is CSI) and the
# bidi marks, embeddings, overrides and isolates. The values were cleaned before (`jq -r` prints
# them decoded); escaping what is left, as \uXXXX, keeps the JSON text itself safe to show raw.
# `json.dumps` already escapes C0 controls, ESC among them.
UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe_dumps(value: object, *, indent: int | None = None) -> str:
    """`json.dumps` with readable non-ASCII text but every terminal-unsafe character escaped."""
    return UNSAFE_IN_JSON.sub(_escape, json.dumps(value, ensure_ascii=False, indent=indent))


def utf8_stream(stream: TextIO) -> TextIO:
    """`stream` set to write UTF-8 (undecodable characters replaced) whatever the locale says."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


def report_missing(
    verb: str,
    paths: Iterable[Path],
    err: TextIO,
    exists: Callable[[Path], bool] = os.path.lexists,
) -> bool:
    """Print one line per path that does not exist; True when there was any (a usage error)."""
    missing = [path for path in paths if not exists(path)]
    for path in missing:
        said = _("no such file or folder: {path}").format(path=shown_path(path))
        print(f"reader {verb}: {said}", file=err)
    return bool(missing)


class Refusals:
    """The files a verb could not read: JSON's `"errors"` entries, or one stderr line each.

    Call it with a path and a reason (it fits `reader.sources.discover`'s `on_error`).
    """

    def __init__(self, verb: str, err: TextIO, *, quiet: bool) -> None:
        self._verb = verb
        self._err = err
        self._quiet = quiet
        #: ``{"path", "error"}`` dicts, in the order met; both values already safe to print.
        self.entries: list[dict[str, str]] = []

    def __call__(self, path: Path | str, reason: str) -> None:
        entry = {"path": shown_path(path), "error": clean_line(reason)}
        self.entries.append(entry)  # JSON keeps the reason in English, like the state
        if not self._quiet:
            shown = clean_line(i18n.reason(reason))
            print(f"reader {self._verb}: {entry['path']}: {shown}", file=self._err)

    def __bool__(self) -> bool:
        return bool(self.entries)


def refuse_article_folder(
    verb: str, what: str, target: Path, paths: Iterable[Path], err: TextIO
) -> bool:
    """Say so and return True when `target` would be written inside an article folder."""
    folder = folder_holding(target, paths)
    if folder is None:
        return False
    said = _(
        "the {what} {target} would be written inside the article folder {folder}; the reader "
        "never writes there: choose a --state path outside it"
    ).format(
        what=_(what),
        target=clean_line(display_path(target)),
        folder=clean_line(display_path(folder)),
    )
    print(f"reader {verb}: {said}", file=err)
    return True


def add_urls_option(parser: argparse.ArgumentParser) -> None:
    """`--urls PATH`: the subscriptions file, for every verb that reads it."""
    parser.add_argument(
        "--urls",
        type=Path,
        default=None,
        metavar="PATH",
        help=_("the subscriptions file (default: $READER_URLS, else XDG config dir/reader/urls)"),
    )
