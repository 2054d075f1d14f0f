"""Messages the reader's widgets and workers post: small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from reader.model import Article
from reader.ui.entries import Entry
from reader.ui.state import Marks


@dataclass
class HeadlinesFound(Message):
    """A batch of headlines from the folder scan; `done` on the last one."""

    entries: tuple[Entry, ...]
    scanned: int
    done: bool = False


@dataclass
class ArticleLoaded(Message):
    """An article was read and parsed (in a worker)."""

    path: Path
    article: Article
    position: int = 0  # the paragraph the reader was at last time


@dataclass
class ArticleShown(Message):
    """A newly loaded article is on screen (search highlights jump to their first hit)."""

    path: Path


@dataclass
class ArticleFailed(Message):
    """An article could not be read; `reason` is shown to the user."""

    path: Path
    reason: str


@dataclass
class OpenEntry(Message):
    """The user chose a headline (cursor moved, click, palette)."""

    entry: Entry


@dataclass
class MarksFound(Message):
    """Read and bookmark marks from the state database, for some entries."""

    marks: dict[Path, Marks]
