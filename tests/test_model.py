"""The model's shared ideas: one headline type, one way to say why something failed."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

from reader.model import Article, ArticleError, Headline, reason
from reader.sources.files import SourceError


def test_a_headline_of_an_article_keeps_what_the_list_shows() -> None:
    article = Article(
        title="عنوان",
        date=dt.date(2021, 4, 18),
        date_text="18 أبريل 2021",
        direction="rtl",
        path=Path("a.md"),
        format="markdown",
    )
    headline = Headline.of(article)
    assert headline == Headline(
        Path("a.md"), "عنوان", dt.date(2021, 4, 18), "18 أبريل 2021", "rtl", "markdown"
    )
    assert headline.error is None and headline.file is None


def test_the_reason_of_a_source_error_leaves_out_the_path() -> None:
    error = SourceError(Path("/news/a.txt"), "permission denied")
    assert "/news/a.txt" in str(error)
    assert reason(error) == "permission denied"


def test_the_reason_of_other_errors() -> None:
    assert reason(ArticleError("empty file")) == "empty file"
    assert reason(OSError(errno.EACCES, "Permission denied", "/x")) == "Permission denied"
    assert reason(OSError("plain")) == "plain"
    assert reason(ValueError()) == "ValueError"
