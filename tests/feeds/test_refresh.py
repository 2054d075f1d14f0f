"""Refreshing feeds from servers on 127.0.0.1: statuses, conditional requests, redirects, waits."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WsgiRequest
from werkzeug import Response

from reader.feeds import parsepool
from reader.feeds.fetch import Limits
from reader.feeds.items import ItemsStore
from reader.feeds.refresh import FeedResult, refresh
from reader.feeds.subscriptions import Subscription

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
WORLD = (DATA / "akhbarona-world-425995.rss").read_bytes()
NATIONAL = (DATA / "akhbarona-national-424125.rss").read_bytes()
RSS = "application/rss+xml; charset=utf-8"
LIMITS = Limits(connect_timeout=10.0, total_timeout=20.0)
NOW = 1_700_000_000.0


def clock() -> float:
    return NOW


def serve_with_etag(server: HTTPServer, path: str, body: bytes, etag: str) -> None:
    """`body` with an ETag; a request that already holds that ETag gets a bare 304."""

    def answer(request: WsgiRequest) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, status=200, headers={"ETag": etag, "Content-Type": RSS})

    server.expect_request(path).respond_with_handler(answer)


def run(subs: list[Subscription], store: ItemsStore, **kwargs: object) -> list[FeedResult]:
    return refresh(subs, store, LIMITS, now=clock, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def store() -> ItemsStore:
    return ItemsStore.open(None)


def test_two_feeds_then_all_not_modified(httpserver: HTTPServer, store: ItemsStore) -> None:
    serve_with_etag(httpserver, "/world", WORLD, '"w1"')
    serve_with_etag(httpserver, "/national", NATIONAL, '"n1"')
    subs = [
        Subscription(httpserver.url_for("/world")),
        Subscription(httpserver.url_for("/national")),
    ]
    calls: list[tuple[int, int]] = []
    first = run(subs, store, progress=lambda done, total: calls.append((done, total)))
    assert [r.url for r in first] == [s.url for s in subs]
    assert [r.status for r in first] == ["ok", "ok"]
    assert all(r.new > 0 and r.error is None and r.title for r in first)
    assert calls == [(1, 2), (2, 2)]
    stored = {s.url: len(store.headlines(s.url)) for s in subs}
    assert stored == {r.url: r.new for r in first}
    headline = store.headlines(subs[0].url)[0]
    article = store.article(headline.path)
    assert article.title == headline.title and article.paragraphs and article.format == "feed"

    second = run(subs, store)
    assert [(r.status, r.new, r.error) for r in second] == [("not-modified", 0, None)] * 2
    assert {s.url: len(store.headlines(s.url)) for s in subs} == stored
    assert all(state.status == "not-modified" for state in store.feeds())
    # The second round asked conditionally: each feed's last request carried its ETag.
    asked = [request.headers.get("If-None-Match") for request, _ in httpserver.log[-2:]]
    assert sorted(asked) == ['"n1"', '"w1"']


def test_errors_are_reported_in_plain_words(httpserver: HTTPServer, store: ItemsStore) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    subs = [
        Subscription(httpserver.url_for("/missing")),
        Subscription(httpserver.url_for("/broken")),
    ]
    results = run(subs, store)
    assert [r.status for r in results] == ["error", "error"]
    assert results[0].error is not None and "404" in results[0].error
    assert "not found" in results[0].error
    assert results[1].error is not None and "500" in results[1].error
    for sub, result in zip(subs, results, strict=True):
        state = store.feed(sub.url)
        assert state is not None and (state.status, state.error) == ("error", result.error)


def test_a_permanent_redirect_is_reported_moved(httpserver: HTTPServer, store: ItemsStore) -> None:
    new = httpserver.url_for("/new")
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": new})
    httpserver.expect_request("/new").respond_with_data(WORLD, content_type=RSS)
    old = httpserver.url_for("/old")
    (result,) = run([Subscription(old, title="عالم")], store)
    assert (result.url, result.status, result.moved_to, result.title) == (old, "ok", new, "عالم")
    assert store.feed(old) is None
    state = store.feed(new)
    assert state is not None and state.items == result.new > 0


def test_429_waits_before_the_next_refresh(httpserver: HTTPServer, store: ItemsStore) -> None:
    httpserver.expect_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "600"}
    )
    url = httpserver.url_for("/busy")
    (first,) = run([Subscription(url)], store)
    assert first.status == "error" and first.error is not None and "429" in first.error
    state = store.feed(url)
    assert state is not None and state.not_before == NOW + 600
    hits = len(httpserver.log)
    calls: list[tuple[int, int]] = []
    (second,) = run([Subscription(url)], store, progress=lambda *done: calls.append(done))
    assert second.status == "error" and second.error is not None
    assert second.error.startswith("waiting until") and "429" in second.error
    assert len(httpserver.log) == hits  # not asked at all
    assert calls == [(1, 1)]


def test_items_are_intact_after_a_failed_refresh(httpserver: HTTPServer, store: ItemsStore) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data(WORLD, content_type=RSS)
    httpserver.expect_ordered_request("/feed").respond_with_data("down", status=500)
    url = httpserver.url_for("/feed")
    (first,) = run([Subscription(url)], store)
    before = store.headlines(url)
    articles = [store.article(h.path) for h in before]
    (second,) = run([Subscription(url)], store)
    assert (first.status, second.status) == ("ok", "error")
    assert store.headlines(url) == before
    after = [store.article(h.path) for h in before]
    # The same articles, now saying that their feed's last refresh failed.
    assert [article._replace(warnings=()) for article in after] == articles
    assert all(a.warnings == ("the feed's last refresh failed: 500 server error",) for a in after)
    state = store.feed(url)
    assert state is not None and state.items == len(before) and state.last_success == NOW


def test_progress_counts_every_feed(httpserver: HTTPServer, store: ItemsStore) -> None:
    for n in range(5):
        httpserver.expect_request(f"/f{n}").respond_with_data(WORLD, content_type=RSS)
    subs = [Subscription(httpserver.url_for(f"/f{n}")) for n in range(5)]
    calls: list[tuple[int, int]] = []
    results = run(subs + subs[:1], store, progress=lambda *done: calls.append(done))
    assert len(results) == 5  # a feed subscribed twice is refreshed once
    assert calls == [(n, 5) for n in range(1, 6)]


def test_cancelled_before_start_fetches_nothing(httpserver: HTTPServer, store: ItemsStore) -> None:
    httpserver.expect_request("/feed").respond_with_data(WORLD, content_type=RSS)
    assert run([Subscription(httpserver.url_for("/feed"))], store, cancelled=lambda: True) == []
    assert httpserver.log == []
    assert store.headlines() == []


def test_cancel_ends_a_refresh_stalled_on_a_silent_server(store: ItemsStore) -> None:
    # A server that accepts connections and never answers; only the cancel can end the refresh
    # before the (long) total timeout, which would report "timed out" instead.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/feed"
        asked: list[int] = []

        def cancelled() -> bool:
            asked.append(1)
            return len(asked) > 3

        limits = Limits(connect_timeout=60.0, total_timeout=120.0)
        results = refresh([Subscription(url)], store, limits, cancelled=cancelled, now=clock)
    assert results == []
    assert store.feed(url) is None


def test_a_failure_while_parsing_is_one_line_not_a_traceback(
    httpserver: HTTPServer, store: ItemsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes, url: str, *, content_type: str | None = None) -> object:
        raise RuntimeError("bad\n\x1b[31mthing")

    monkeypatch.setattr(parsepool, "parse_feed", broken)
    httpserver.expect_request("/feed").respond_with_data(WORLD, content_type=RSS)
    (result,) = run([Subscription(httpserver.url_for("/feed"))], store)
    assert result.status == "error"
    assert result.error is not None and "\n" not in result.error and "\x1b" not in result.error
    assert "bad" in result.error


PAGE = (
    '<html><head><link rel="alternate" type="application/rss+xml" href="/the-feed.xml">'
    "</head><body><p>News page</p></body></html>"
)


def test_a_page_that_names_its_feed_is_read_from_that_feed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A subscription to a news site's page: its `<link rel="alternate">` feed is read, and
    the subscription moves there (as after a 301: the urls file follows)."""
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/the-feed.xml").respond_with_data(WORLD, content_type=RSS)
    page, named = httpserver.url_for("/page"), httpserver.url_for("/the-feed.xml")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        [result] = refresh([Subscription(page, ("news",))], store)
        assert (result.url, result.status, result.moved_to) == (page, "ok", named)
        assert result.new > 0 and result.error is not None and named in result.error
        assert store.feed(page) is None and len(store.headlines(named)) == result.new
        [again] = refresh([Subscription(named, ("news",))], store)
    assert again.status in ("ok", "not-modified") and again.moved_to is None


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (("", 404), "404 not found"),
        ((PAGE.replace("the-feed.xml", "other-page"), 200), "not a feed either"),
    ],
)
def test_a_page_whose_named_feed_fails_says_so(
    httpserver: HTTPServer, tmp_path: Path, answer: tuple[str, int], why: str
) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    body, status = answer
    httpserver.expect_request("/the-feed.xml").respond_with_data(
        body, status=status, content_type="text/html"
    )
    page, named = httpserver.url_for("/page"), httpserver.url_for("/the-feed.xml")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        [result] = refresh([Subscription(page)], store)
    assert (result.status, result.moved_to) == ("error", None)
    assert result.error == f"not a feed: this page names its feed {named}, which failed: {why}"


def test_retention_keeps_unread_and_bookmarked_items(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """`keep`: a feed keeps at most N read items; unread and bookmarked ones always stay."""
    from reader.feeds.refresh import Retention

    items = "".join(
        f"<item><title>خبر {n}</title><guid>g{n}</guid>"
        f"<pubDate>Mon, {10 + n} May 2021 10:00:00 GMT</pubDate><description>نص {n}</description>"
        "</item>"
        for n in range(4)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel>'
    body += "</rss>"
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        refresh([Subscription(url)], store)
        listed = store.headlines(url)
        assert len(listed) == 4
        for headline in listed:
            store.set_read(headline.path)
        store.toggle_bookmark(listed[-1].path)  # the oldest: bookmarked
        store.set_read(listed[-2].path, False)  # the next oldest: unread again
        refresh([Subscription(url)], store, keep=Retention(max_items=1))
        kept = [headline.path for headline in store.headlines(url)]
    assert kept == [listed[0].path, listed[-2].path, listed[-1].path]
