"""The details pane's content: every field of the article, each value its own paragraph.

A value is never concatenated with its neighbours before the engine sees it, so a bidi override
(U+202E) planted in one field cannot reorder the others. The file's path and the link are laid
out as left-to-right paragraphs with their bidi controls dropped (`clean_path`), so an override in
a file name cannot disguise its extension (the rest follows the bidi algorithm as plain text).

In a reader's order: title, date (one line when the date as written says the same as the parsed
one), source, authors, tags, link, then words and reading time; the technical facts (script,
direction, language, format, encoding, paragraphs, file, warnings) last, under a heading. Lists
are joined with the interface's comma; labels and values are paragraphs of the interface's
direction, so all of them line up on its side.

Pure: the labels come from a `Labels` (the interface's translator), the blocks are
`reader.document.Block`s that the details widget only draws.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from reader.document import Block, Role
from reader.i18n import N_
from reader.model import Article, Direction
from reader.text.sanitize import clean_line, clean_path

if TYPE_CHECKING:
    from reader.feeds.items import FeedState

#: `Article.format` of a feed item whose body is the page's full text
#: (`reader.feeds.fulltextstore.FULL_TEXT_FORMAT`); "feed": the feed's own body.
FEED_FORMATS = {"feed": N_("the feed's summary"), "feed, full text": N_("the page's full text")}

#: How much of the body decides the dominant script (a 1 MB article is not counted whole).
SCRIPT_SAMPLE = 2000
_SCRIPTS = {
    N_("Arabic"): re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    N_("Hebrew"): re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]"),
    N_("Latin"): re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    N_("Cyrillic"): re.compile("[\u0400-\u04ff]"),
}


class Labels(Protocol):
    """What the details need of the interface's language: a label's text, and its direction
    (the interface's translator is one; a test passes its own)."""

    def __call__(self, key: str, **values: object) -> str: ...

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str: ...

    def join(self, items: Iterable[str]) -> str: ...

    def number(self, value: int | float | str) -> str: ...

    def reason(self, text: str) -> str: ...

    @property
    def rtl(self) -> bool: ...


def dominant_script(article: Article) -> str:
    """The script most of the article's letters are written in: Arabic, Hebrew, Latin…"""
    sample: list[str] = [article.title]
    size = len(article.title)
    for paragraph in article.paragraphs:
        if size >= SCRIPT_SAMPLE:
            break
        sample.append(paragraph.text[:SCRIPT_SAMPLE])
        size += len(sample[-1])
    text = " ".join(sample)
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()}
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] else N_("unknown")


def last_fetched(moment: float, now: float) -> str:
    """A moment in local time: its time of day when it is `now`'s day, else its date too."""
    when = dt.datetime.fromtimestamp(moment)
    same_day = when.date() == dt.datetime.fromtimestamp(now).date()
    return when.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")


def feed_fields(feed: FeedState, tr: Labels, now: float) -> Iterator[tuple[str, str]]:
    """A feed item's feed: its name, its status in plain words, its last success."""
    yield tr("Feed"), clean_line(feed.title) or clean_line(feed.url)
    if feed.status == "ok":
        status = tr("ok, {count} new", count=feed.new)
    elif feed.status == "not-modified":
        status = tr("not modified")
    elif feed.status == "error":
        status = clean_line(feed.error or "") or tr("the last refresh failed")
    else:
        status = tr("never fetched")
    yield tr("Feed status"), status
    if feed.status != "error" and feed.error:
        yield tr("Feed status"), clean_line(feed.error)  # a note: read despite a problem
    success = feed.last_success
    yield tr("Last fetched"), tr("never") if success is None else last_fetched(success, now)


def date_fields(article: Article, tr: Labels) -> Iterator[tuple[str, str]]:
    """The date: one line when the date as written says the same as the parsed one."""
    from reader.sources.dates import parse_date

    written = article.date_text
    if article.date and written and parse_date(written) == article.date:
        yield tr("Date"), written
        return
    if article.date:
        yield tr("Date"), article.date.isoformat()
    if written:
        yield tr("Date as written"), written


def reader_fields(
    article: Article, tr: Labels, feed: FeedState | None = None, now: float = 0.0
) -> Iterator[tuple[str, str]]:
    """What a reader looks for: title, date, source, authors, tags, link; words and time."""
    if article.title:
        yield tr("Title"), article.title
    yield from date_fields(article, tr)
    if article.source:
        yield tr("Source"), article.source
    if feed is not None:
        yield from feed_fields(feed, tr, now)
    if article.format in FEED_FORMATS:
        yield tr("Body"), tr(FEED_FORMATS[article.format])
    if article.authors:
        yield tr("Authors"), tr.join(article.authors)
    if article.tags:
        yield tr("Tags"), tr.join(article.tags)
    if article.url:
        yield tr("Link"), clean_path(article.url)
    yield tr("Words"), tr.number(article.words)
    minutes = article.reading_minutes
    yield tr("Reading time"), tr.plural("{count} min", "{count} min", minutes)
    if article.caption:
        yield tr("Caption"), article.caption
    if article.credit:
        yield tr("Credit"), article.credit


def technical_fields(article: Article, tr: Labels) -> Iterator[tuple[str, str]]:
    """The facts about the file, shown last under their heading."""
    yield tr("Script"), tr(dominant_script(article))
    direction = N_("right to left") if article.direction == "rtl" else N_("left to right")
    yield tr("Direction"), tr(direction)
    if article.language:
        yield tr("Language"), article.language
    yield tr("Format"), article.format
    yield tr("Encoding"), article.encoding
    yield tr("Paragraphs"), tr.number(len(article.paragraphs))
    if article.path is not None:
        from reader.sources import shown_path

        yield tr("File"), shown_path(article.path)
    for warning in article.warnings:
        yield tr("Warnings"), tr.reason(warning)


def metadata_fields(
    article: Article, tr: Labels, feed: FeedState | None = None, now: float = 0.0
) -> Iterator[tuple[str, str]]:
    """(label, value) pairs, labels translated, values as the article gives them, in reading
    order (`reader_fields`, then `technical_fields`); with `feed` (a feed item's), the feed's
    status too, its last success told relative to `now`."""
    yield from reader_fields(article, tr, feed, now)
    yield from technical_fields(article, tr)


def metadata_blocks(
    article: Article, tr: Labels, feed: FeedState | None = None, *, now: float | None = None
) -> list[Block]:
    """A label block and a value block per field; repeated labels (warnings) shown once; the
    technical facts after a heading. `feed`: a feed item's feed status; `now`: the time it is
    told against (the clock's by default). Every label and value is a paragraph of the
    interface's direction, so they line up on one side; the file and the link are left to
    right."""
    blocks: list[Block] = []
    left_to_right = {tr("File"), tr("Link")}
    moment = time.time() if now is None else now
    side: Direction = "rtl" if tr.rtl else "ltr"
    sections = (
        reader_fields(article, tr, feed, moment),
        technical_fields(article, tr),
    )
    for number, fields in enumerate(sections):
        previous = None
        if number:
            blocks.append(Block(tr("About the file"), "heading", starts_group=True))
        for label, value in fields:
            if label != previous:
                blocks.append(Block(label, "label", direction=side, starts_group=True))
                previous = label
            role: Role = "warning" if label == tr("Warnings") else "value"
            # Every value on the labels' side, whatever its script (`Language: ar` among
            # right-aligned values is right-aligned too), but ordered by its own direction
            # ("18 أبريل 2021" reads right in an English interface); the file and the link
            # left to right.
            direction: Direction | None = "ltr" if label in left_to_right else None
            blocks.append(Block(value, role, direction=direction, align=side))
    return blocks
