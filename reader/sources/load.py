"""Reading a file into articles: decoding, the format's parser, and the last checks.

`load_all` and `load_article` are the package's entry points (`reader.sources` exports them);
`parser_for` imports a format's parser only when a file of that format is first read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from reader.model import Article, ArticleError, Paragraph
from reader.sources.decode import Decoded, decode
from reader.sources.files import SourceError, format_of, read_bytes, sniff, split_index
from reader.text.sanitize import valid_text


def parser_for(kind: str) -> Callable[..., Article]:
    """The parser of a format, imported when a file of that format is first read: a restart
    on a cached folder reads one article, and needs only that article's parser."""
    if kind == "markdown":
        from reader.sources.markdown import parse_markdown

        return parse_markdown
    if kind == "html":
        from reader.sources.htmlpage import parse_html

        return parse_html
    from reader.sources.text import parse_text

    return parse_text


def preload() -> None:
    """Import every parser now (from a worker, once the first screen is painted), so that the
    first article opened in a format does not wait for its parser's import."""
    for kind in ("text", "markdown", "html"):
        parser_for(kind)
    from reader.sources import jsonfile  # noqa: F401


def _parse_json_all(text: str, *, fallback_title: str) -> list[Article | ArticleError]:
    from reader.sources.jsonfile import parse_json_all

    return parse_json_all(text, fallback_title=fallback_title)


def _parse_feed_all(data: bytes, path: Path) -> list[Article | ArticleError]:
    """Every item of a feed file (`.rss`, `.atom`, `.xml`) as an article, in the feed's order;
    the feed's problem (malformed XML read anyway) is each item's warning."""
    from reader.feeds.parse import parse_feed

    parsed = parse_feed(data, "")
    if not parsed.items:
        raise SourceError(path, parsed.problem or "a feed with no items")
    notes = (parsed.problem,) if parsed.problem else ()
    return [i.article._replace(warnings=i.article.warnings + notes) for i in parsed.items]


def _articles(
    path: Path, data: bytes, kind: str | None
) -> tuple[list[Article | ArticleError], Decoded]:
    """The articles of a file's bytes: a feed's items, a JSON file's articles, or one article."""
    if kind == "feed":
        return _parse_feed_all(data, path), Decoded("", "")
    try:
        decoded = decode(data)
    except ArticleError as error:
        raise SourceError(path, str(error)) from None
    kind = kind or sniff(decoded.text)
    fallback = valid_text(path.stem)
    try:
        if kind == "feed":
            return _parse_feed_all(data, path), Decoded("", "")
        if kind == "json":
            return _parse_json_all(decoded.text, fallback_title=fallback), decoded
        return [parser_for(kind)(decoded.text, fallback_title=fallback)], decoded
    except SourceError:
        raise
    except ArticleError as error:
        raise SourceError(path, str(error)) from None


#: A paragraph longer than this (characters) is shown as paragraphs of about PIECE, with a warning.
LONG_PARAGRAPH = 1_000_000
PIECE = 100_000


def _valid_fields(article: Article) -> Article:
    """`article` with lone surrogates replaced in its one-line fields: each parser makes them
    valid where they enter; this is the last guard before SQLite, JSON and the terminal."""
    texts = [article.title, article.date_text, article.caption, article.credit, article.source]
    texts += [article.language, article.url, *article.authors, *article.tags, *article.warnings]
    if all(valid_text(text) is text for text in texts):
        return article
    return article._replace(
        title=valid_text(article.title),
        date_text=valid_text(article.date_text),
        caption=valid_text(article.caption),
        credit=valid_text(article.credit),
        source=valid_text(article.source),
        language=valid_text(article.language),
        url=valid_text(article.url),
        authors=tuple(map(valid_text, article.authors)),
        tags=tuple(map(valid_text, article.tags)),
        warnings=tuple(map(valid_text, article.warnings)),
    )


def split_paragraph(paragraph: Paragraph, size: int = PIECE) -> list[Paragraph]:
    """`paragraph` cut into paragraphs of at most about `size` characters, at spaces (at a
    letter that is not a combining mark where a piece has no space), spans clipped to each."""
    text = paragraph.text
    pieces: list[Paragraph] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + size // 2, start + size) + 1
        if cut <= start:
            cut = start + size
            while cut > start + 1 and unicodedata.combining(text[cut]):
                cut -= 1
        spans = tuple(
            span._replace(start=max(span.start, start) - start, end=min(span.end, cut) - start)
            for span in paragraph.spans
            if span.start < cut and span.end > start
        )
        pieces.append(paragraph._replace(text=text[start:cut], spans=spans))
        start = cut
    spans = tuple(
        span._replace(start=max(span.start, start) - start, end=span.end - start)
        for span in paragraph.spans
        if span.end > start
    )
    pieces.append(paragraph._replace(text=text[start:], spans=spans))
    return pieces


def _finish(article: Article, path: Path, decoded: Decoded) -> Article:
    longest = max((len(p.text) for p in article.paragraphs), default=0)
    long: tuple[str, ...] = ()
    if longest > LONG_PARAGRAPH:
        # Laid out whole, one paragraph of 30 million characters took 11x the file's size;
        # no reader follows a paragraph that long, so it is shown in pieces.
        long = (f"a paragraph of {longest:,} characters (shown in pieces)",)
        article = article._replace(
            paragraphs=tuple(
                piece
                for paragraph in article.paragraphs
                for piece in (
                    split_paragraph(paragraph)
                    if len(paragraph.text) > LONG_PARAGRAPH
                    else (paragraph,)
                )
            )
        )
    return _valid_fields(
        article._replace(
            path=path,
            encoding=decoded.encoding or article.encoding,
            warnings=decoded.warnings + article.warnings + long,
        )
    )


def load_all(path: Path) -> list[Article | SourceError]:
    """Every article in a file (several for a JSON list or a feed), or errors for the ones
    refused. Raises SourceError when the file as a whole cannot be read.
    """
    path = Path(path)
    if split_index(path)[1] is not None:
        return [load_article(path)]
    results, decoded = _articles(path, read_bytes(path), format_of(path))
    if len(results) == 1 and isinstance(results[0], Article):
        return [_finish(results[0], path, decoded)]
    out: list[Article | SourceError] = []
    for number, result in enumerate(results):
        item = Path(f"{path}#{number}")
        if isinstance(result, Article):
            out.append(_finish(result, item, decoded))
        else:
            out.append(SourceError(item, str(result)))
    return out


def decode_file(path: Path) -> Decoded:
    data = read_bytes(path)
    try:
        return decode(data)
    except ArticleError as error:
        raise SourceError(path, str(error)) from None


def load_article(path: Path) -> Article:
    """Read and parse one article file. Raises ArticleError with a clear one-line message."""
    path = Path(path)
    base, index = split_index(path)
    if index is None:
        first = load_all(path)[0]
        if isinstance(first, SourceError):
            raise first
        return first
    results, decoded = _articles(base, read_bytes(base), format_of(base))
    if index >= len(results):
        raise SourceError(path, f"no such article: the file holds {len(results)}")
    result = results[index]
    if isinstance(result, ArticleError):
        raise SourceError(path, str(result))
    return _finish(result, path, decoded)
