"""Article sources: files on disk to `reader.model.Article`, one module per format.

The format comes from the extension (`.txt`, `.md`/`.markdown`, `.json`, `.html`/`.htm`), then,
for a file named explicitly with another extension or none, from how its content begins.

A JSON file may hold a list of articles: each one is addressed as `file.json#N` (N from 0). That
is the path `reader list` prints and `load_article` accepts; `file.json` alone is the first one.

Every failure is an `ArticleError` (a `SourceError`, which also carries the path and the bare
reason) with a one-line message: missing, directory, permission, binary, empty, too large,
unparseable. Nothing here ever writes to an article folder.
"""

from __future__ import annotations

from pathlib import Path

from reader.model import Headline
from reader.sources.files import FORMATS, SourceError, display_path, format_of, split_index
from reader.sources.load import load_all, load_article, preload
from reader.sources.scan import discover, read_headline, read_headlines
from reader.text.sanitize import clean_path

__all__ = [
    "FORMATS",
    "Headline",
    "SourceError",
    "discover",
    "display_path",
    "format_of",
    "load_all",
    "load_article",
    "preload",
    "read_headline",
    "read_headlines",
    "shown_path",
    "split_index",
]


def shown_path(path: Path | str) -> str:
    """A path as one line safe to print in a message or a listing: bytes that are not UTF-8
    become U+FFFD, escape sequences and bidi controls in a name are dropped (`clean_path`)."""
    return clean_path(display_path(path))
