"""Parsing feeds in other processes: the same result as in this one, and a fallback to a thread."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.feeds.items import ItemsStore
from reader.feeds.parse import parse_feed
from reader.feeds.parsepool import MAX_PROCESSES, POOL_FROM, FeedParser, processes_for
from reader.feeds.refresh import refresh
from reader.feeds.subscriptions import Subscription

DATA = Path(__file__).parent.parent / "data" / "feeds"
FEEDS = sorted(DATA.glob("*.rss"))
RSS = "application/rss+xml; charset=utf-8"


def test_a_pool_only_for_many_feeds_and_more_than_one_core() -> None:
    assert processes_for(POOL_FROM - 1, cores=8) == 0
    assert processes_for(POOL_FROM, cores=1) == 0
    assert processes_for(POOL_FROM, cores=2) == 2
    assert processes_for(500, cores=64) == MAX_PROCESSES


async def _parse_all(parser: FeedParser, paths: list[Path]) -> list[object]:
    return list(
        await asyncio.gather(
            *(parser.parse(p.read_bytes(), f"https://x.test/{p.name}") for p in paths)
        )
    )


def test_feeds_parsed_in_other_processes_equal_those_parsed_here() -> None:
    parser = FeedParser(2)
    try:
        found = asyncio.run(_parse_all(parser, FEEDS))
        assert parser.in_processes
    finally:
        parser.close()
    expected = [parse_feed(p.read_bytes(), f"https://x.test/{p.name}") for p in FEEDS]
    assert found == expected
    assert all(feed.items for feed in expected)  # (real feeds: something to compare)


def test_a_pool_whose_process_died_falls_back_to_a_thread() -> None:
    parser = FeedParser(1)

    async def scenario() -> tuple[object, object]:
        first = await parser.parse(FEEDS[0].read_bytes(), "https://x.test/a")
        for child in multiprocessing.active_children():
            os.kill(child.pid or 0, signal.SIGKILL)
            child.join(5)
        second = await parser.parse(FEEDS[1].read_bytes(), "https://x.test/b")
        return first, second

    try:
        first, second = asyncio.run(scenario())
    finally:
        parser.close()
    assert not parser.in_processes
    assert first == parse_feed(FEEDS[0].read_bytes(), "https://x.test/a")
    assert second == parse_feed(FEEDS[1].read_bytes(), "https://x.test/b")


def test_no_pool_parses_in_a_thread() -> None:
    parser = FeedParser(0)
    assert not parser.in_processes
    (found,) = asyncio.run(_parse_all(parser, FEEDS[:1]))
    assert found == parse_feed(FEEDS[0].read_bytes(), f"https://x.test/{FEEDS[0].name}")


@pytest.mark.parametrize("processes", [None, 0])
def test_a_refresh_of_many_feeds_stores_the_same_items_either_way(
    httpserver: HTTPServer, tmp_path: Path, processes: int | None
) -> None:
    subscriptions = []
    for number in range(POOL_FROM + 2):
        feed = FEEDS[number % len(FEEDS)]
        path = f"/feed/{number}"
        httpserver.expect_request(path).respond_with_data(feed.read_bytes(), content_type=RSS)
        subscriptions.append(Subscription(httpserver.url_for(path)))
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        results = refresh(subscriptions, store, processes=processes)
        assert [r.status for r in results] == ["ok"] * len(subscriptions)
        for sub, result in zip(subscriptions, results, strict=True):
            expected = parse_feed(
                FEEDS[int(sub.url.rsplit("/", 1)[1]) % len(FEEDS)].read_bytes(), sub.url
            )
            assert result.new == len(expected.items)
            titles = [h.title for h in store.headlines(sub.url)]
            assert sorted(titles) == sorted(i.article.title for i in expected.items)
