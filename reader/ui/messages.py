"""Messages the reader's widgets and workers post.

Plain classes with an `__init__` (not dataclasses: those compile their methods at import, and
the reader's start-up time is measured).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message

from reader.model import Article
from reader.ui.entries import Entry
from reader.ui.state import Marks

if TYPE_CHECKING:
    from reader.ui.widgets.lines_view import Block


class PreparedPanes(NamedTuple):
    """An article's blocks for the body and the details pane, made off the UI thread."""

    body: list[Block]
    details: list[Block]
    highlight: object  # the search the body's blocks highlight (None: none)
    tr: object  # the translator the details were made with


class HeadlinesFound(Message):
    """A batch of headlines from the folder scan; `done` on the last one."""

    def __init__(self, entries: tuple[Entry, ...], scanned: int, done: bool = False) -> None:
        super().__init__()
        self.entries = entries
        self.scanned = scanned
        self.done = done


class ArticleLoaded(Message):
    """An article was read and parsed (in a worker)."""

    def __init__(
        self,
        path: Path,
        article: Article,
        position: int = 0,
        prepared: PreparedPanes | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.article = article
        self.position = position  # the paragraph the reader was at last time
        #: The panes' blocks, made in the worker (a 60 MB article has 150,000 paragraphs and
        #: millions of words to count: not on the UI thread).
        self.prepared = prepared


class ArticleShown(Message):
    """A newly loaded article is on screen (search highlights jump to their first hit)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ArticleFailed(Message):
    """An article could not be read; `reason` is shown to the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__()
        self.path = path
        self.reason = reason


class OpenEntry(Message):
    """The user chose a headline (cursor moved, click, palette)."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class MarksFound(Message):
    """Read and bookmark marks from the state database, for some entries."""

    def __init__(self, marks: dict[Path, Marks]) -> None:
        super().__init__()
        self.marks = marks
