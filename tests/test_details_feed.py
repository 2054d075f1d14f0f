"""The details of a feed item: its feed's name, status in plain words, last success, and
whether the body is the feed's summary or the page's full text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.details import FEED_FORMATS, last_fetched, metadata_blocks, metadata_fields
from reader.feeds.fulltextstore import FULL_TEXT_FORMAT
from reader.feeds.items import FeedState
from reader.i18n import Translator
from reader.model import Article, Paragraph
from tests.test_details import Upper

#: Noon, local time, of a fixed day: hours either side stay on that day in every time zone.
NOON = time.mktime((2026, 3, 14, 12, 0, 0, 0, 0, -1))
ITEM = Article(
    "Headline", (Paragraph("text"),), source="News", format="feed", path=Path("/x/1/2.item")
)


def state(
    status: str, *, new: int = 0, error: str | None = None, success: float | None = NOON
) -> FeedState:
    return FeedState(
        "https://news.example/rss",
        "News",
        status,
        new,
        error,
        success,
        NOON,
        None,
        None,
        None,
        3,
        1,
    )


def fields(
    article: Article, feed: FeedState | None, now: float = NOON + 3600
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for label, value in metadata_fields(article, Upper(), feed, now):
        found.setdefault(label, []).append(value)
    return found


@pytest.mark.parametrize(
    ("feed", "words"),
    [
        (state("ok", new=3), ["OK, 3 NEW"]),
        (state("ok", new=0, error="2 items had no title"), ["OK, 0 NEW", "2 items had no title"]),
        (state("not-modified"), ["NOT MODIFIED"]),
        (state("error", error="404 not found\x1b[31m"), ["404 not found"]),
        (state("never", success=None), ["NEVER FETCHED"]),
    ],
)
def test_the_feed_status_in_plain_words(feed: FeedState, words: list[str]) -> None:
    shown = fields(ITEM, feed)
    assert shown["FEED"] == ["News"]
    assert shown["FEED STATUS"] == words
    assert all("\x1b" not in value for value in shown["FEED STATUS"])


def test_the_last_success_is_a_time_today_and_a_date_before() -> None:
    assert last_fetched(NOON, NOON + 3600) == time.strftime("%H:%M", time.localtime(NOON))
    assert last_fetched(NOON, NOON + 2 * 86400) == time.strftime(
        "%Y-%m-%d %H:%M", time.localtime(NOON)
    )
    assert fields(ITEM, state("ok"))["LAST FETCHED"] == [last_fetched(NOON, NOON + 3600)]
    assert fields(ITEM, state("never", success=None))["LAST FETCHED"] == ["NEVER"]


def test_the_body_says_summary_or_full_text_and_files_say_neither() -> None:
    assert set(FEED_FORMATS) == {"feed", FULL_TEXT_FORMAT}  # the store's name for it
    assert fields(ITEM, None)["BODY"] == ["THE FEED'S SUMMARY"]
    full = ITEM._replace(format=FULL_TEXT_FORMAT)
    assert fields(full, None)["BODY"] == ["THE PAGE'S FULL TEXT"]
    shown = fields(ITEM._replace(format="text"), None)
    assert "BODY" not in shown and "FEED" not in shown


def test_the_blocks_carry_the_feed_and_arabic_labels() -> None:
    tr = Translator("ar")
    blocks = metadata_blocks(ITEM, tr, state("ok", new=2), now=NOON + 60)
    texts = [block.text for block in blocks]
    assert tr("Feed status") in texts and tr("ok, {count} new", count=2) in texts
    assert tr("Last fetched") in texts and tr("the feed's summary") in texts
