"""The article model: immutable records shared by sources, the CLI and the UI.

Offsets in spans are offsets into the paragraph's *logical* text (as stored here, before
sanitizing, shaping or reordering); the text engine's index map carries them to the screen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, NamedTuple

Direction = Literal["rtl", "ltr"]
ParagraphKind = Literal["body", "heading", "quote", "list"]


class ArticleError(Exception):
    """A file that cannot be read or parsed as an article; the message is shown to the user."""


def reason(error: BaseException) -> str:
    """Why `error` happened, in one line for the user: an ArticleError's own `reason` (a
    `SourceError` carries it without the path), else an OSError's strerror, else its text.
    The one place this is decided, so a list entry, a failed open and an index error agree."""
    own = getattr(error, "reason", None) if isinstance(error, ArticleError) else None
    if isinstance(own, str) and own:
        return own
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


# Records are NamedTuples rather than frozen dataclasses in every module the reader imports
# before its first screen: they are defined in a tenth of the time (a dataclass compiles its
# methods at import, ~0.4 ms each, and start-up time is measured), built faster, and immutable
# all the same. `x._replace(...)` is their `dataclasses.replace`.


class Span(NamedTuple):
    """A styled range of a paragraph's logical text: ``text[start:end]``."""

    start: int
    end: int
    style: str  # "bold", "italic", "code", "link", "highlight"
    url: str | None = None


class Paragraph(NamedTuple):
    text: str
    spans: tuple[Span, ...] = ()
    kind: ParagraphKind = "body"


class Article(NamedTuple):
    title: str
    paragraphs: tuple[Paragraph, ...] = ()
    date: dt.date | None = None
    date_text: str = ""
    caption: str = ""
    credit: str = ""
    source: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    direction: Direction = "rtl"
    path: Path | None = None
    format: str = "text"
    encoding: str = "utf-8"
    url: str = ""
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)

    @property
    def reading_minutes(self) -> int:
        """Estimated reading time at ~180 words a minute (Arabic readers' usual pace)."""
        return max(1, round(self.words / 180)) if self.paragraphs else 0


class Headline(NamedTuple):
    """One item of the headline list: a readable article's headline, or a file that failed
    with its `error` (the reason). Read by the cheap first pass of a scan, before any body."""

    path: Path
    title: str
    date: dt.date | None = None
    date_text: str = ""
    direction: Direction = "rtl"
    format: str = "text"
    error: str | None = None
    #: The file the headline was read from (a JSON list file gives several); None for a folder.
    file: Path | None = None
    #: When it was published (a feed item) or last modified (an undated file), as a POSIX
    #: time: what the list sorts by and says "2 hours ago" from; None when unknown.
    when: float | None = None
    #: The feed's title or the folder's name, when known (the list's sort by source).
    source: str = ""

    @classmethod
    def of(cls, article: Article) -> Headline:
        return cls(
            path=article.path or Path(),
            title=article.title,
            date=article.date,
            date_text=article.date_text,
            direction=article.direction,
            format=article.format,
        )
