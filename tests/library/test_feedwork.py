"""`reader.library.feedwork`: the items a run lists and their versions for the search index,
an item's feed status, and when a refresh is due."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pytest
from pytest_httpserver import HTTPServer

from reader.feeds.fetch import Fetched
from reader.feeds.items import ItemsStore
from reader.feeds.subscriptions import Subscription
from reader.library.feedwork import feed_state, item_stamps, listed_items, refresh_due
from reader.library.session import Feeds
from tests.feeds.test_items import feed, item

NEWS, SPORT = "https://news.example/rss", "https://sport.example/rss"
NOW = 1_700_000_000.0


@pytest.fixture
def store() -> Iterator[ItemsStore]:
    opened = ItemsStore.open(None)
    for url, keys in ((NEWS, "ab"), (SPORT, "c")):
        fetched = Fetched(url=url, status="ok", body=b"<rss/>", http_status=200)
        parsed = feed(
            *(
                item(key, f"title {key}", f"d{key}", f"2024-01-0{i + 1}")
                for i, key in enumerate(keys)
            )
        )
        opened.save(url, fetched, parsed, NOW)
    try:
        yield opened
    finally:
        opened.close()


def test_stamps_cover_the_listed_items_and_change_with_an_edit(store: ItemsStore) -> None:
    subscribed = Feeds((Subscription(NEWS), Subscription(SPORT)), store, Path("urls"))
    stamps = item_stamps(subscribed)
    assert set(stamps) == {h.path for h in listed_items(subscribed)} and len(stamps) == 3
    one_feed = Feeds((Subscription(SPORT),), store, None)  # `reader URL`: that feed only
    assert set(item_stamps(one_feed)) == {h.path for h in store.headlines(SPORT)}
    assert item_stamps(None) == {}
    fetched = Fetched(url=NEWS, status="ok", body=b"<rss/>", http_status=200)
    store.save(NEWS, fetched, feed(item("a", "title a", "edited", "2024-01-01")), NOW + 1)
    after = item_stamps(subscribed)
    changed = {path for path in stamps if after.get(path) != stamps[path]}
    assert changed == {h.path for h in store.headlines(NEWS) if h.title == "title a"}


def test_the_feed_state_of_an_item_and_of_a_file(store: ItemsStore) -> None:
    feeds = Feeds((Subscription(SPORT),), store, None)
    (sport,) = store.headlines(SPORT)
    state = feed_state(feeds, sport.path)
    assert state is not None and (state.url, state.status, state.new) == (SPORT, "ok", 1)
    assert feed_state(feeds, Path("/news/a.txt")) is None
    assert feed_state(None, sport.path) is None


def test_a_refresh_is_due_by_the_last_attempt(store: ItemsStore) -> None:
    feeds = Feeds((Subscription(NEWS),), store, None, refresh_minutes=30)
    assert not refresh_due(feeds, NOW + 29 * 60)
    assert refresh_due(feeds, NOW + 30 * 60)
    assert not refresh_due(feeds._replace(refresh_minutes=0), NOW + 99 * 60)
    never = Feeds((Subscription("https://new.example/rss"),), store, None, refresh_minutes=30)
    assert refresh_due(never, NOW)


WORLD = (
    Path(__file__).parent.parent / "data" / "feeds" / "akhbarona-world-425995.rss"
).read_bytes()


def test_r_on_an_item_of_a_feed_no_longer_subscribed_refreshes_that_feed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    from reader.library.feedwork import refresh_feeds

    url = httpserver.url_for("/left.rss")
    httpserver.expect_request("/left.rss").respond_with_data(WORLD, content_type="text/xml")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        feeds = Feeds((Subscription(SPORT),), store, tmp_path / "urls")
        results, after = refresh_feeds(feeds, url)
        assert [(r.url, r.status) for r in results] == [(url, "ok")] and results[0].new > 0
        assert after.subscriptions == feeds.subscriptions  # (not subscribed by `r`)
        assert store.headlines(url)


def test_a_feed_that_moved_takes_its_options_along(httpserver: HTTPServer, tmp_path: Path) -> None:
    from reader.feeds.options import FeedOptions
    from reader.library.feedwork import refresh_feeds

    old, new = httpserver.url_for("/old.rss"), httpserver.url_for("/new.rss")
    httpserver.expect_request("/old.rss").respond_with_data(
        "", status=301, headers={"Location": new}
    )
    httpserver.expect_request("/new.rss").respond_with_data(WORLD, content_type="text/xml")
    config = tmp_path / "config.toml"
    config.write_text(f'# mine\n[feeds."{old}"]\nkeep_items = 7\n', encoding="utf-8")
    urls = tmp_path / "urls"
    urls.write_text(f"{old} news\n", encoding="utf-8")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        options = MappingProxyType({old: FeedOptions(keep_items=7)})
        feeds = Feeds((Subscription(old, ("news",)),), store, urls, options=options)
        results, after = refresh_feeds(feeds, None, config=config)
    assert results[0].moved_to == new
    assert [s.url for s in after.subscriptions] == [new]
    assert dict(after.options) == {new: FeedOptions(keep_items=7)}
    assert urls.read_text(encoding="utf-8").split()[0] == new
    text = config.read_text(encoding="utf-8")
    assert "# mine" in text and f'"{new}"' in text and f'"{old}"' not in text


def test_reader_url_of_a_news_page_lists_the_feed_it_names(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    from reader.library.feedwork import refresh_feeds

    page = (
        '<html><head><link rel="alternate" type="application/atom+xml" href="feed"></head></html>'
    )
    httpserver.expect_request("/site/").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/site/feed").respond_with_data(WORLD, content_type="text/xml")
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        feeds = Feeds((Subscription(httpserver.url_for("/site/")),), store, None)  # `reader URL`
        assert list(listed_items(feeds)) == []
        [result], after = refresh_feeds(feeds, None)
        assert result.moved_to == httpserver.url_for("/site/feed")
        assert [s.url for s in after.subscriptions] == [result.moved_to]
        assert len(list(listed_items(after))) == result.new > 0
