"""Feed items in the app, second round: `/` finds them by their text and follows the refreshes,
the details pane shows each item's feed status and last success, the per-feed options reach
the refresh, and `t` fetches an item's full text (or says why not).

Feeds and pages are served on 127.0.0.1 (`feed_server`); the items are stored in tmp.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.pilot import Pilot

from reader.feeds import fulltext
from reader.feeds.fulltext import FULL_TEXT_HINT
from reader.feeds.fulltextstore import FULL_TEXT_FORMAT
from reader.feeds.items import ItemsStore
from reader.feeds.options import FeedOptions
from reader.feeds.subscriptions import Subscription
from reader.library.session import Feeds
from reader.search import Query
from reader.ui.screens.main import MainScreen
from tests.feeds.test_fulltext import SENTENCES, news_page
from tests.ui.conftest import SIZE, MakeApp
from tests.ui.helpers import indexed, opened, record_notifications, shown_titles, wait_for
from tests.ui.test_feeds import LATER, MIDDLE, NEWEST, OLDEST, rendered, rss, serve, stock

NEWS = rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST])
#: A word only in MIDDLE's description (in no title), and one only in the page of NEWEST.
MIDDLE_WORD, PAGE_WORD = "الأسواق", "البنك"


def feeds_of(store: ItemsStore, url: str, **options: FeedOptions) -> Feeds:
    return Feeds((Subscription(url),), store, None, 0, False, options={url: options["of"]})


def details(screen: MainScreen) -> str:
    return "\n".join(rendered(screen.metadata))


def found(screen: MainScreen, word: str) -> frozenset[Path]:
    return screen.search_bar.matching(Query.parse(word))


async def search(pilot: Pilot[int], screen: MainScreen, word: str) -> None:
    await pilot.press("slash", *word)


async def test_slash_finds_feed_items_by_their_text_and_opens_them(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    app = make([], feeds=feeds_of(items, url, of=FeedOptions()))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, NEWEST[0])
        await indexed(pilot, screen)
        await search(pilot, screen, MIDDLE_WORD)
        await wait_for(pilot, lambda: shown_titles(screen) == [MIDDLE[0]])
        await pilot.press("enter")
        screen = await opened(pilot, MIDDLE[0])
        assert screen.panes.highlight is not None  # its hits are highlighted


async def test_the_index_follows_a_refresh_and_the_feed_options_reach_it(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    oldest = next(h.path for h in items.headlines(url) if h.title == OLDEST[0])
    items.set_read(oldest)
    # This feed keeps 3 items (the global setting: all): the read OLDEST goes once LATER comes.
    app = make([], feeds=feeds_of(items, url, of=FeedOptions(keep_items=3)))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        await indexed(pilot, screen)
        await wait_for(pilot, lambda: bool(found(screen, "الانسحاب")))  # OLDEST's text
        edited = (MIDDLE[0], MIDDLE[1], "ارتفعت أسعار الذهب في البورصات")
        serve(feed_server, "/news.rss", rss("أخبار اليوم", [OLDEST, edited, NEWEST, LATER]))
        await pilot.press("R")
        await wait_for(pilot, lambda: any(n.startswith("Feeds refreshed") for n in notices))
        later = next(h.path for h in items.headlines(url) if h.title == LATER[0])
        await wait_for(pilot, lambda: found(screen, "العاجل") == {later})  # new: in
        middle = next(h.path for h in items.headlines(url) if h.title == MIDDLE[0])
        await wait_for(pilot, lambda: found(screen, "البورصات") == {middle})  # edited: again
        assert found(screen, MIDDLE_WORD) == set()
        assert oldest not in {h.path for h in items.headlines(url)}  # the option kept 3
        assert found(screen, "الانسحاب") == set()  # dropped: out
        assert OLDEST[0] not in shown_titles(screen)


async def test_the_details_show_the_feed_status_and_its_last_success(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    state = items.feed(url)
    assert state is not None and state.last_success is not None
    app = make([], feeds=feeds_of(items, url, of=FeedOptions()))
    async with app.run_test(size=(140, 40)) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        fetched = time.strftime("%H:%M", time.localtime(state.last_success))
        await wait_for(pilot, lambda: "ok, 3 new" in details(screen))
        assert "Last fetched" in details(screen) and fetched in details(screen)
        assert "the feed's summary" in details(screen)
        await pilot.press("j")  # read in the load worker, with its feed's status
        await opened(pilot, MIDDLE[0])
        assert "ok, 3 new" in details(screen) and fetched in details(screen)
        # The feed fails: the details of the item shown say so, in plain words.
        feed_server.clear_all_handlers()
        feed_server.expect_request("/news.rss").respond_with_data("gone", status=404)
        await pilot.press("R")
        await wait_for(pilot, lambda: any(n.startswith("Feeds refreshed") for n in notices))
        await wait_for(pilot, lambda: "404" in details(screen))
        assert "ok, 3 new" not in details(screen) and fetched in details(screen)


async def test_t_fetches_the_full_text_shows_it_and_indexes_it(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    page = feed_server.url_for("/page/")
    feed_server.expect_request("/page/12").respond_with_data(
        news_page(), content_type="text/html; charset=utf-8"
    )
    url = feed_server.url_for("/news.rss")
    feed_server.expect_request("/news.rss").respond_with_data(
        rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST], link=page),
        content_type="application/rss+xml",
    )
    stock(items, url)
    app = make([], feeds=feeds_of(items, url, of=FeedOptions()))
    async with app.run_test(size=(140, 40)) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        await indexed(pilot, screen)
        assert found(screen, PAGE_WORD) == set()
        await pilot.press("t")
        assert "Fetching the full text…" in notices
        await wait_for(
            pilot, lambda: screen.article is not None and screen.article.format == FULL_TEXT_FORMAT
        )
        assert screen.article is not None and screen.article.title == NEWEST[0]
        text = "\n".join(p.text for p in screen.article.paragraphs)
        assert SENTENCES[0] in text
        await wait_for(pilot, lambda: "the page's full text" in details(screen))
        assert any(n.startswith("Full text: ") and "paragraphs" in n for n in notices)
        current = screen.headlines.current
        assert current is not None
        await wait_for(pilot, lambda: found(screen, PAGE_WORD) == {current.path})


async def test_t_says_why_when_there_is_no_full_text(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = feed_server.url_for("/page/")
    feed_server.expect_request("/page/12").respond_with_data("not here", status=404)
    url = feed_server.url_for("/news.rss")
    feed_server.expect_request("/news.rss").respond_with_data(
        rss("أخبار اليوم", [NEWEST], link=page), content_type="application/rss+xml"
    )
    stock(items, url)
    app = make([], feeds=feeds_of(items, url, of=FeedOptions()))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        await pilot.press("t")
        await wait_for(pilot, lambda: any(n.startswith("Full text: ") for n in notices))
        (said,) = [n for n in notices if n.startswith("Full text: ")]
        assert "404" in said
        assert screen.article is not None and screen.article.format == "feed"  # unchanged
        monkeypatch.setattr(fulltext, "full_text_available", lambda: False)
        await pilot.press("t")
        await wait_for(pilot, lambda: FULL_TEXT_HINT in notices)


async def test_t_on_a_file_says_full_text_is_for_feed_items(make: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Morning notes\n\nWe read the paper.\n", encoding="utf-8")
    app = make([folder])
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        await opened(pilot, "Morning notes")
        await pilot.press("t")
        await wait_for(pilot, lambda: "Full text is for feed items" in notices)
