"""How a feed item is kept in the items database (`reader.feeds.items`): the article as JSON
(every field of the model, paragraphs with their spans), read back checked, and the text values
made safe for SQLite (a lone surrogate from a hostile feed would fail a whole save).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.model import Article, ArticleError, Direction, Headline, Paragraph, Span

if TYPE_CHECKING:
    from reader.feeds.parse import Item


def safe_text(value: object) -> str:
    """`value` as text SQLite can store (a lone surrogate would fail the whole save)."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def optional_text(value: str | None) -> str | None:
    return None if value is None else safe_text(value)


def stored_day(value: object) -> dt.date | None:
    try:
        return None if value is None else dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def iso_day(date: dt.date | None) -> str | None:
    return None if date is None else dt.date(date.year, date.month, date.day).isoformat()


def direction_of(value: object) -> Direction:
    return "ltr" if value == "ltr" else "rtl"


def moment_of(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def sort_published(value: str) -> str:
    """An ISO datetime with its offset as UTC, so that the text sorts in time; else as given."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return safe_text(value)
    return moment.astimezone(dt.UTC).isoformat() if moment.tzinfo else safe_text(value)


_FIELDS = ("date_text", "caption", "credit", "source", "language", "format", "encoding", "url")
_LISTS = ("authors", "tags", "warnings")
_KINDS = ("body", "heading", "quote", "list")


def _paragraph_list(paragraphs: Sequence[Paragraph]) -> list[list[object]]:
    return [
        [p.text, p.kind, [[s.start, s.end, s.style, s.url] for s in p.spans]] for p in paragraphs
    ]


def encode_paragraphs(paragraphs: Sequence[Paragraph]) -> str:
    """Paragraphs (with their spans) as JSON text, as `encode_article` keeps them."""
    return safe_text(json.dumps(_paragraph_list(paragraphs), ensure_ascii=False))


def encode_article(article: Article) -> str:
    data: dict[str, Any] = {name: getattr(article, name) for name in _FIELDS}
    data.update((name, list(getattr(article, name))) for name in _LISTS)
    data["title"] = article.title
    data["date"] = iso_day(article.date)
    data["direction"] = article.direction
    data["paragraphs"] = _paragraph_list(article.paragraphs)
    return safe_text(json.dumps(data, ensure_ascii=False))


def _span(start: object, end: object, style: object, url: object) -> Span:
    return Span(int(str(start)), int(str(end)), str(style), None if url is None else str(url))


def _paragraphs_of(data: Any) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(str(body), tuple(_span(*s) for s in spans), kind if kind in _KINDS else "body")
        for body, kind, spans in data
    )


def decode_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The paragraphs `encode_paragraphs` wrote; ArticleError when the text is damaged."""
    try:
        return _paragraphs_of(json.loads(text))
    except (ValueError, TypeError, KeyError) as error:
        raise ArticleError(f"the stored full text is damaged ({error})") from None


def decode_article(text: str, path: Path) -> Article:
    try:
        data = json.loads(text)
        paragraphs = _paragraphs_of(data["paragraphs"])
        fields: dict[str, Any] = {name: str(data[name]) for name in _FIELDS}
        fields.update((name, tuple(str(value) for value in data[name])) for name in _LISTS)
        date = None if data["date"] is None else dt.date.fromisoformat(data["date"])
        direction = direction_of(data["direction"])
        return Article(
            str(data["title"]), paragraphs, date, direction=direction, path=path, **fields
        )
    except (ValueError, TypeError, KeyError) as error:
        raise ArticleError(f"the stored feed item is damaged ({error})") from None


def item_row(item: Item) -> tuple[object, ...]:
    article = item.article
    title, date_text = safe_text(article.title), safe_text(article.date_text)
    date, published = iso_day(article.date), sort_published(item.published)
    direction, stored = direction_of(article.direction), encode_article(article)
    return (safe_text(item.digest), published, title, date, date_text, direction, stored)


#: Where the made-up paths of stored items live (no file is there: `ItemsStore.article`).
ITEM_ROOT = Path("/reader-feed-item")


def item_path(feed_id: int, item_id: int) -> Path:
    # One Path built from one string: two `/` joins cost 3/4 of `headlines()` on 20,000 items.
    return Path(f"{ITEM_ROOT}/{feed_id}/{item_id}.item")


def item_ids(path: Path) -> tuple[int, int] | None:
    parts = Path(path).parts
    if len(parts) != 4 or Path(*parts[:2]) != ITEM_ROOT or not parts[3].endswith(".item"):
        return None
    feed, item = parts[2], parts[3][: -len(".item")]
    if not all(n.isascii() and n.isdigit() and len(n) < 19 for n in (feed, item)):
        return None
    return int(feed), int(item)


def row_headline(row: Sequence[object]) -> Headline:
    """The list's headline of an item from its listed columns (`items._LISTED`)."""
    feed, item, title, day, text, way, published = row
    return Headline(
        item_path(int(feed), int(item)),  # type: ignore[call-overload]
        str(title),
        stored_day(day),
        str(text),
        direction_of(way),
        "feed",
        when=published_time(published),
    )


def published_time(value: object) -> float | None:
    """The POSIX time of a stored `published` (an ISO datetime, UTC when it has no offset);
    None when it is not one."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()


def is_item_path(path: Path) -> bool:
    return item_ids(path) is not None
