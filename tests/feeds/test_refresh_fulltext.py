"""Refresh with per-feed options: retention per feed, and the full text of new items."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WsgiRequest
from werkzeug import Response

from reader.feeds.fetch import Limits
from reader.feeds.fulltext import FULL_TEXT_HINT, full_text_available
from reader.feeds.fulltextstore import FULL_TEXT_FORMAT
from reader.feeds.items import ItemsStore
from reader.feeds.options import FeedOptions
from reader.feeds.refresh import FeedResult, Retention, refresh
from reader.feeds.subscriptions import Subscription
from tests.feeds.test_fulltext import SENTENCES, news_page

RSS = "application/rss+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
LIMITS = Limits(connect_timeout=10.0, total_timeout=20.0)
NOW = 1_700_000_000.0
needs_trafilatura = pytest.mark.skipif(not full_text_available(), reason="needs trafilatura")


def rss(server: HTTPServer, keys: list[str], prefix: str = "/page/") -> bytes:
    items = "".join(
        f"<item><title>خبر {key}</title><link>{server.url_for(prefix + key)}</link>"
        f"<guid>{key}</guid><description>ملخص قصير {key}</description>"
        f"<pubDate>Mon, 0{n + 1} Jan 2024 10:00:00 GMT</pubDate></item>"
        for n, key in enumerate(keys)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
        f"<link>{server.url_for('/')}</link>{items}</channel></rss>"
    ).encode()


def serve_pages(server: HTTPServer, keys: list[str]) -> None:
    for key in keys:
        page = news_page(f"خبر {key}")
        server.expect_request(f"/page/{key}").respond_with_data(page, content_type=HTML)


def page_requests(server: HTTPServer) -> int:
    return sum(1 for request, _ in server.log if request.path.startswith("/page/"))


class Clock:
    def __init__(self) -> None:
        self.time = NOW

    def __call__(self) -> float:
        return self.time


def run(
    subs: list[Subscription], store: ItemsStore, clock: Clock, **kw: object
) -> list[FeedResult]:
    return refresh(subs, store, LIMITS, now=clock, **kw)  # type: ignore[arg-type]


@needs_trafilatura
def test_a_full_text_feed_gets_the_pages_of_its_new_items(httpserver: HTTPServer) -> None:
    feed = httpserver.url_for("/feed")
    plain = httpserver.url_for("/plain")
    answers = [rss(httpserver, ["a", "b"]), rss(httpserver, ["a", "b", "c"])]

    def answer(request: WsgiRequest) -> Response:
        return Response(answers.pop(0), content_type=RSS)

    httpserver.expect_request("/feed").respond_with_handler(answer)
    httpserver.expect_request("/plain").respond_with_data(
        rss(httpserver, ["x"], prefix="/other/"), content_type=RSS
    )
    serve_pages(httpserver, ["a", "b", "c"])
    store, clock = ItemsStore.open(None), Clock()
    options = {feed: FeedOptions(full_text=True)}
    subs = [Subscription(feed), Subscription(plain)]

    first = run(subs, store, clock, options=options)
    assert [(r.status, r.new, r.full_text, r.error) for r in first] == [
        ("ok", 2, 2, None),
        ("ok", 1, 0, None),
    ]
    assert page_requests(httpserver) == 2  # the plain feed's page was never asked for
    for headline in store.headlines(feed):
        article = store.article(headline.path)
        assert article.format == FULL_TEXT_FORMAT and SENTENCES[1] in article.paragraphs[1].text
    assert store.article(store.headlines(plain)[0].path).format == "feed"

    clock.time += 3600
    [second] = run(subs[:1], store, clock, options=options)
    assert (second.new, second.full_text) == (1, 1)  # only the new item's page
    assert page_requests(httpserver) == 3
    assert store.lacking_full_text(feed) == []


def test_without_trafilatura_the_feed_says_how_to_get_it(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # the import fails as if not installed
    feed = httpserver.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data(rss(httpserver, ["a"]), content_type=RSS)
    serve_pages(httpserver, ["a"])
    store = ItemsStore.open(None)
    options = {feed: FeedOptions(full_text=True)}
    [result] = run([Subscription(feed)], store, Clock(), options=options)
    assert (result.status, result.new, result.full_text) == ("ok", 1, 0)
    assert result.error == FULL_TEXT_HINT
    assert page_requests(httpserver) == 0
    assert store.article(store.headlines(feed)[0].path).format == "feed"


@needs_trafilatura
def test_pages_that_fail_leave_a_note_and_the_feed_ok(httpserver: HTTPServer) -> None:
    feed = httpserver.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data(
        rss(httpserver, ["a", "gone"]), content_type=RSS
    )
    serve_pages(httpserver, ["a"])
    httpserver.expect_request("/page/gone").respond_with_data("no", status=404)
    store = ItemsStore.open(None)
    options = {feed: FeedOptions(full_text=True)}
    [result] = run([Subscription(feed)], store, Clock(), options=options)
    assert (result.status, result.new, result.full_text) == ("ok", 2, 1)
    assert result.error == "full text of 1 of 2 new items not fetched: 404 not found"


def test_retention_per_feed_overrides_the_global_one(httpserver: HTTPServer) -> None:
    keys = [f"k{n}" for n in range(5)]
    short, default = httpserver.url_for("/short"), httpserver.url_for("/default")
    for path in ("/short", "/default"):
        httpserver.expect_request(path).respond_with_data(rss(httpserver, keys), content_type=RSS)
    store, clock = ItemsStore.open(None), Clock()
    subs = [Subscription(short), Subscription(default)]
    run(subs, store, clock)
    for headline in store.headlines():
        store.set_read(headline.path)
    options = {short: FeedOptions(keep_items=1), default: FeedOptions(keep_days=None)}
    run(subs, store, clock, keep=Retention(max_items=3), options=options)
    assert (len(store.headlines(short)), len(store.headlines(default))) == (1, 3)
    # 0 in a feed's options: no limit for that feed, whatever the global one.
    httpserver.expect_request("/more").respond_with_data(rss(httpserver, keys), content_type=RSS)
    more = httpserver.url_for("/more")
    run([Subscription(more)], store, clock)
    for headline in store.headlines(more):
        store.set_read(headline.path)
    unlimited = {more: FeedOptions(keep_items=0)}
    run([Subscription(more)], store, clock, keep=Retention(max_items=2), options=unlimited)
    assert len(store.headlines(more)) == 5
    run([Subscription(more)], store, clock, keep=Retention(max_items=2))
    assert len(store.headlines(more)) == 2


def test_full_text_is_not_fetched_for_a_not_modified_feed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    feed = httpserver.url_for("/feed")
    answers = [Response(rss(httpserver, ["a"]), content_type=RSS), Response(status=304)]
    httpserver.expect_request("/feed").respond_with_handler(lambda request: answers.pop(0))
    store = ItemsStore.open(tmp_path / "items.sqlite3")
    run([Subscription(feed)], store, Clock())  # no options: summaries only
    options = {feed: FeedOptions(full_text=True)}
    [result] = run([Subscription(feed)], store, Clock(), options=options)
    assert (result.status, result.full_text, result.error) == ("not-modified", 0, None)
    assert page_requests(httpserver) == 0
