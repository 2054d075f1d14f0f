"""A feed's bytes (RSS 0.9x/1.0/2.0, Atom) to items in the article model: plain RSS 2.0 through
ElementTree (`fastfeed`, held equal to feedparser's reading by a differential test), the rest
through feedparser (`viafeedparser`). Either sees a document made safe first
(`reader.feeds.xmltext`: decoded, handed over as UTF-8, without its DOCTYPE, overlong authors
emptied), capped in size (`MAX_BYTES`) and in items (`MAX_ITEMS`).

Malformed XML is read by feedparser's loose parser (the items it finds are kept, and
`ParsedFeed.problem` says so). `parse_feed` never raises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from reader.feeds.fastfeed import read_fast
from reader.feeds.html import html_paragraphs, safe_url
from reader.feeds.viafeedparser import read_feedparser
from reader.feeds.xmltext import DECLARATION, decode_feed, without_doctype, without_long_authors
from reader.model import Article, Paragraph
from reader.sources.dates import parse_date
from reader.sources.detect import article_direction, guess_language
from reader.text.sanitize import valid_text

#: Bytes of a feed read; the rest is dropped (the fetcher's cap is 10 MB).
MAX_BYTES = 16 * 1024 * 1024
#: Items read from one feed.
MAX_ITEMS = 2_000
#: Characters kept of a one-line field (title, author, tag, GUID).
MAX_FIELD = 2_000
#: Languages whose feeds are left to right when their letters do not say (others: right to left).
_LTR_LANGUAGES = frozenset({"en", "fr", "de", "es", "it", "pt", "nl", "tr", "id", "ms", "ru"})
_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:[?#]|$)", re.IGNORECASE)
_EMAIL_NAME = re.compile(r"\A\S+@\S+\s+\((.+)\)\Z")


class Item(NamedTuple):
    """One item of a feed: its identity in the feed, the article, when, and a digest of what
    the reader shows (a changed digest under the same key: edited upstream)."""

    key: str
    article: Article
    published: str
    digest: str


class ParsedFeed(NamedTuple):
    title: str
    link: str
    language: str
    items: tuple[Item, ...]
    problem: str | None


def _text(value: object, limit: int = MAX_FIELD) -> str:
    """A one-line field: valid text, whitespace collapsed, capped."""
    if not isinstance(value, str):
        return ""
    return " ".join(valid_text(value[: limit * 2]).split())[:limit]


def _written(text: str, utc: dt.datetime) -> dt.datetime:
    """`utc` in the time zone `text` states, when `text` (RFC 822 or ISO 8601) is that instant:
    the day the publisher wrote, not the day in Greenwich."""
    from email.utils import parsedate_to_datetime

    for read in (parsedate_to_datetime, dt.datetime.fromisoformat):
        try:
            when = read(text.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if when.tzinfo is not None and when == utc:
            return when
    return utc


def item_date(entry: Mapping[str, Any]) -> tuple[dt.date | None, str, str]:
    """(date, date as written, ISO 8601 for ordering) of an entry: feedparser's parsed
    `published`, else `updated`; else their text through the reader's date parser (Arabic
    feeds write dates in Arabic). The ordering string is UTC, or a bare date."""
    written = ""
    for name in ("published", "updated"):
        text = _text(entry.get(name), 200)
        written = written or text
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            try:
                year, month, day, hour, minute, second = tuple(parsed)[:6]
                utc = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
            except (TypeError, ValueError, OverflowError):
                utc = None
            if utc is not None:
                return _written(text, utc).date(), text, utc.isoformat()
        if text:
            date = parse_date(text)
            if date is not None:
                return date, text, date.isoformat()
    return None, written, ""


def _paragraphs(detail: Mapping[str, Any], base_url: str) -> list[Paragraph]:
    value = detail.get("value")
    if not isinstance(value, str) or not value.strip():
        return []
    if "html" in str(detail.get("type") or "text/html"):
        return html_paragraphs(value, base_url)
    return [
        Paragraph(" ".join(part.split()))
        for part in valid_text(value[:1_000_000]).split("\n")
        if part.strip()
    ]


def _body(entry: Mapping[str, Any], base_url: str) -> tuple[Paragraph, ...]:
    """The richest of the entry's content and summary, as paragraphs."""
    details = [d for d in entry.get("content") or () if isinstance(d, Mapping)]
    summary = entry.get("summary_detail")
    if isinstance(summary, Mapping):
        details.append(summary)
    best: list[Paragraph] = []
    for detail in details:
        found = _paragraphs(detail, base_url)
        if sum(len(p.text) for p in found) > sum(len(p.text) for p in best):
            best = found
    return tuple(best)


def _image(entry: Mapping[str, Any], base_url: str) -> tuple[str, str]:
    """(caption, credit) from the entry's image: media:content, an image enclosure, or
    media:thumbnail. The caption is the image's address (a terminal cannot show it)."""
    candidates: list[Mapping[str, Any]] = []
    for name in ("media_content", "links", "media_thumbnail"):  # links: the enclosures
        value = entry.get(name)
        if isinstance(value, list):
            candidates += [c for c in value if isinstance(c, Mapping)]
    for candidate in candidates:
        url = candidate.get("url") or candidate.get("href")
        if not isinstance(url, str) or candidate.get("rel", "enclosure") != "enclosure":
            continue
        kind, medium = str(candidate.get("type") or ""), str(candidate.get("medium") or "")
        image = medium == "image" or kind.startswith("image/")
        if not image and (medium or kind or not _IMAGE_SUFFIX.search(url)):
            continue
        safe = safe_url(url, base_url)
        if safe is not None:
            credits = [c for c in entry.get("media_credit") or () if isinstance(c, Mapping)]
            credit = _text(credits[0].get("content")) if credits else ""
            return safe, credit or _text(entry.get("credit"))
    return "", ""


def _authors(entry: Mapping[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors") or ():
        name = _text(author.get("name")) if isinstance(author, Mapping) else ""
        if name and name not in names:
            names.append(name)
    # RSS writes "desk@site (Name)"; feedparser cuts a non-ASCII name there: read it here.
    written = _EMAIL_NAME.match(_text(entry.get("author")))
    if written is not None:
        names[:1] = [written.group(1)]
    return tuple(names[:20])


def _tags(entry: Mapping[str, Any]) -> tuple[str, ...]:
    tags: list[str] = []
    for tag in entry.get("tags") or ():
        if isinstance(tag, Mapping):
            term = _text(tag.get("term")) or _text(tag.get("label"))
            if term and term not in tags:
                tags.append(term)
    return tuple(tags[:50])


def _language(value: object) -> str:
    return _text(value, 40).split("-")[0].lower()[:8]


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def digest_of(article: Article) -> str:
    """A hash of everything the reader shows of an item (an edit upstream changes it)."""
    body = [[p.text, p.kind, [list(s) for s in p.spans]] for p in article.paragraphs]
    shown = [article.title, body, article.date_text, article.authors, article.tags]
    shown += [article.url, article.caption, article.credit]
    return _sha1(json.dumps(shown, ensure_ascii=False))


def _title(entry: Mapping[str, Any], paragraphs: tuple[Paragraph, ...], link: str) -> str:
    detail = entry.get("title_detail")
    title = entry.get("title")
    if isinstance(detail, Mapping) and "html" in str(detail.get("type") or ""):
        title = " ".join(p.text for p in html_paragraphs(str(title or "")[: MAX_FIELD * 2]))
    found = _text(title)
    if found:
        return found
    if paragraphs:
        words = paragraphs[0].text.split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return link or "—"


def make_item(entry: Mapping[str, Any], feed: ParsedFeed, base_url: str, encoding: str) -> Item:
    """One entry of feedparser's as an item of the feed `feed` (its title, link, language)."""
    link = safe_url(_text(entry.get("link")), base_url) or ""
    paragraphs = _body(entry, link or base_url)
    title = _title(entry, paragraphs, link)
    date, date_text, published = item_date(entry)
    caption, credit = _image(entry, link or base_url)
    detail = entry.get("title_detail")
    language = _language(detail.get("language")) if isinstance(detail, Mapping) else ""
    language = language or feed.language
    texts = [title, *(p.text for p in paragraphs)]
    article = Article(
        title=title,
        paragraphs=paragraphs,
        date=date,
        date_text=date_text,
        caption=caption,
        credit=credit,
        source=feed.title,
        authors=_authors(entry),
        language=language or guess_language(texts),
        direction=article_direction(texts, "ltr" if language in _LTR_LANGUAGES else "rtl"),
        path=None,
        format="feed",
        encoding=encoding,
        url=link,
        tags=_tags(entry),
    )
    guid = _text(entry.get("id"))
    if guid:
        key = f"guid:{guid}"
    elif link:
        key = f"link:{link}"
    else:
        key = f"hash:{_sha1(title + chr(10) + date_text)}"
    return Item(key, article, published, digest_of(article))


def parse_feed(
    data: bytes, url: str, *, content_type: str | None = None, fast: bool = True
) -> ParsedFeed:
    """The feed in `data` (fetched from `url`, the base of its relative links). Never raises:
    a document with nothing usable gives no items and the problem "not a feed". `fast`: plain
    RSS 2.0 is read by `fastfeed` (the same items, ~20x faster); False: always by feedparser."""
    try:
        return _parse(data, url, content_type, fast)
    except Exception as error:  # feedparser on hostile input: a note, never a traceback
        return ParsedFeed("", "", "", (), f"not a feed ({type(error).__name__})")


def _parse(data: bytes, url: str, content_type: str | None, fast: bool) -> ParsedFeed:
    if not data.strip():
        return ParsedFeed("", "", "", (), "not a feed (empty)")
    text, encoding = decode_feed(data[:MAX_BYTES], content_type)
    text, declared = without_doctype(text)
    declaration = DECLARATION.match(text)
    if declaration is not None:
        text = text[declaration.end() :]
    text = without_long_authors(text.lstrip("\ufeff"))
    found = read_fast(text) if fast else None
    channel: Mapping[str, Any]
    entries: list[Any]
    if found is not None:
        channel, entries, problem = found.channel, list(found.entries), None
    else:
        channel, entries, known, problem = read_feedparser(text, declared)
        if not entries and not known:
            return ParsedFeed("", "", "", (), "not a feed")
    base = url if safe_url(url) is not None else ""
    feed = ParsedFeed(
        title=_text(channel.get("title")),
        link=safe_url(_text(channel.get("link")), base) or "",
        language=_language(channel.get("language")),
        items=(),
        problem=problem,
    )
    items: list[Item] = []
    seen: set[str] = set()
    for entry in entries[:MAX_ITEMS]:
        if not isinstance(entry, Mapping):
            continue
        item = make_item(entry, feed, feed.link or base, encoding)
        if item.key not in seen:  # a repeated GUID: the first (newest) one is kept
            seen.add(item.key)
            items.append(item)
    return feed._replace(items=tuple(items))
