"""The article model: plain frozen dataclasses shared by sources, the CLI and the UI.

Offsets in spans are offsets into the paragraph's *logical* text (as stored here, before
sanitizing, shaping or reordering); the text engine's index map carries them to the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Direction = Literal["rtl", "ltr"]
ParagraphKind = Literal["body", "heading", "quote", "list"]


class ArticleError(Exception):
    """A file that cannot be read or parsed as an article; the message is shown to the user."""


@dataclass(frozen=True, slots=True)
class Span:
    """A styled range of a paragraph's logical text: ``text[start:end]``."""

    start: int
    end: int
    style: str  # "bold", "italic", "code", "link", "highlight"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    spans: tuple[Span, ...] = ()
    kind: ParagraphKind = "body"


@dataclass(frozen=True, slots=True)
class Article:
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
    warnings: tuple[str, ...] = field(default=())

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)

    @property
    def reading_minutes(self) -> int:
        """Estimated reading time at ~180 words a minute (Arabic readers' usual pace)."""
        return max(1, round(self.words / 180)) if self.paragraphs else 0
