"""What the search tests share: a small article maker, a tiny loader and a large body."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.model import Article, ArticleError, Paragraph


def article(path: Path, title: str, *paragraphs: str) -> Article:
    return Article(title=title, paragraphs=tuple(Paragraph(p) for p in paragraphs), path=path)


def load(path: Path) -> Sequence[Article | ArticleError]:
    """A tiny loader: first line is the title, blank-line separated paragraphs follow.

    A file whose text starts with "!" is refused; "LIST" files hold one article per line.
    """
    text = path.read_text(encoding="utf-8")
    if text.startswith("!"):
        raise ArticleError(f"{path.name}: refused")
    if text.startswith("LIST\n"):
        return [
            article(Path(f"{path}#{n}"), line, line) for n, line in enumerate(text.splitlines()[1:])
        ]
    title, _, body = text.partition("\n")
    return [article(path, title, *[p for p in body.split("\n\n") if p.strip()])]


#: One paragraph far longer than a small piece, with an escape sequence (whose payload is no
#: word) in every sentence.
LONG_PARAGRAPH = " ".join(
    f"وقال الكاظمي {n} \x1b]52;c;سر مخفي\x07 والرئيس ({n})" for n in range(300)
)
#: Many short paragraphs, then the long one, then a last short one.
LARGE_BODY = "\n".join(
    [*(f"الفقرة {n}: وصل الرَّئِيسُ إلى المدرسة" for n in range(200)), LONG_PARAGRAPH, "نهاية"]
)
