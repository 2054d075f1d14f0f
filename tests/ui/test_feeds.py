"""The feeds in the app: stored items in the list, `r`/`R` refresh in a worker with a progress
indicator, failed feeds said in a notice, read marks kept with the items, a stalled refresh that
leaves the keys working, the refresh at start, hostile titles.

The feeds are served on 127.0.0.1 by pytest-httpserver (`feed_server`, tests/ui/conftest.py); the
items are stored in an `ItemsStore` in tmp. A stalled feed is a handler that blocks until the test
releases it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from werkzeug import Request, Response

from reader.feeds.items import ItemsStore
from reader.feeds.refresh import refresh
from reader.feeds.subscriptions import Subscription
from reader.library.session import Feeds
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.library import Library
from tests.ui.conftest import SIZE, MakeApp
from tests.ui.helpers import main_screen, opened, record_notifications, shown_titles, wait_for

#: An item: (title, day of April 2021, description).
Item = tuple[str, int, str]

OLDEST = ("الكاظمي يتحدث عن الانسحاب", 10, "وقال الكاظمي إن القوات جاهزة للانسحاب")
MIDDLE = ("أسعار النفط ترتفع", 11, "ارتفعت أسعار النفط في الأسواق العالمية")
NEWEST = ("افتتاح معرض الكتاب", 12, "افتتح معرض الكتاب أبوابه للزوار صباح اليوم")
LATER = ("خبر عاجل من بغداد", 13, "وصل الخبر العاجل من بغداد قبل قليل")
SPORT = ("Match report", 9, "The match ended in a draw")
#: The longest a stalled handler waits for the test to release it (seconds).
TIMEOUT = 60.0


def rss(title: str, items: Sequence[Item], *, link: str = "http://news.example/") -> bytes:
    """An RSS 2.0 document with one `<item>` per (title, day, description)."""
    entries = []
    for name, day, text in items:
        date = format_datetime(dt.datetime(2021, 4, day, 10, tzinfo=dt.UTC), usegmt=True)
        entries.append(
            f"<item><title>{escape(name)}</title><link>{link}{day}</link>"
            f"<guid>{link}{day}</guid><pubDate>{date}</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{link}</link><language>ar</language>"
        f"{''.join(entries)}</channel></rss>"
    ).encode()


NEWS = rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST])


def serve(server: HTTPServer, path: str, body: bytes) -> str:
    """Serve `body` at `path` (replacing what was served there); the feed's address."""
    server.clear_all_handlers()  # (every test serves its feeds again after a change)
    server.expect_request(path).respond_with_data(body, content_type="application/rss+xml")
    return server.url_for(path)


def stock(store: ItemsStore, *urls: str, age: float = 0.0) -> None:
    """Refresh `urls` into `store` now, as if `age` seconds ago (the last refresh's time). In a
    thread of its own: `refresh` runs its own event loop, and the tests run inside one."""
    subscriptions = [Subscription(url) for url in urls]
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(refresh, subscriptions, store, now=lambda: time.time() - age).result()
    assert [result.status for result in results] == ["ok"] * len(urls), results


def feeds_of(store: ItemsStore, *urls: str, minutes: int = 0, at_start: bool = False) -> Feeds:
    """The app's feeds: `urls` subscribed, no refresh at start nor while open by default."""
    return Feeds(tuple(Subscription(url) for url in urls), store, None, minutes, at_start)


class Stall:
    """A feed whose server does not answer until the test releases it."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.arrived = threading.Event()
        self.released = threading.Event()

    def __call__(self, request: Request) -> Response:
        self.arrived.set()
        self.released.wait(TIMEOUT)
        return Response(self.body, content_type="application/rss+xml")


@pytest.fixture
def stall() -> Iterator[Callable[[bytes], Stall]]:
    made: list[Stall] = []

    def factory(body: bytes) -> Stall:
        made.append(Stall(body))
        return made[-1]

    try:
        yield factory
    finally:
        for stalled in made:  # a failed test must not leave a server thread blocked
            stalled.released.set()


def library_of(screen: MainScreen) -> Library:
    return screen.panes.library


def rendered(widget: Widget) -> list[str]:
    """The lines `widget` gives the compositor (its border and border titles included)."""
    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def screen_lines(app: ReaderApp) -> list[str]:
    """What every visible widget of the screen draws."""
    return [
        line
        for widget in app.screen.walk_children(Widget)
        if widget.display and widget.outer_size.area
        for line in rendered(widget)
    ]


async def refreshed(pilot: Pilot[int], notices: list[str], before: int) -> str:
    """Wait for the notice that ends a refresh (after the `before` first notices); return it."""

    def done() -> bool:
        return any(n.startswith("Feeds refreshed") for n in notices[before:])

    await wait_for(pilot, done)
    return next(n for n in notices[before:] if n.startswith("Feeds refreshed"))


async def test_stored_items_newest_first_and_the_newest_opened(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    fetched = len(feed_server.log)
    app = make([], feeds=feeds_of(items, url))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, NEWEST[0])
        assert shown_titles(screen) == [NEWEST[0], MIDDLE[0], OLDEST[0]]
        assert screen.headlines.cursor == 0
        assert screen.headlines.current is not None
        assert items.feed_url(screen.headlines.current.path) == url
        await pilot.press("j")
        await opened(pilot, MIDDLE[0])
        assert not library_of(screen).refreshing
    assert len(feed_server.log) == fetched  # offline: the stored items, no request


async def test_refresh_all_shows_progress_then_the_new_items(
    make: MakeApp,
    items: ItemsStore,
    feed_server: HTTPServer,
    stall: Callable[[bytes], Stall],
) -> None:
    news = serve(feed_server, "/news.rss", NEWS)
    stock(items, news)
    serve(feed_server, "/news.rss", rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST, LATER]))
    slow = stall(rss("Sport", [SPORT], link="http://sport.example/"))
    feed_server.expect_request("/sport.rss").respond_with_handler(slow)
    sport = feed_server.url_for("/sport.rss")
    app = make([], feeds=feeds_of(items, news, sport))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        await pilot.press("R")
        # The news feed has answered, the sport feed not yet: one of two, under the list.
        progress = "Refreshing feeds… 1/2"
        await wait_for(pilot, lambda: any(progress in line for line in rendered(screen.headlines)))
        assert library_of(screen).refreshing
        assert LATER[0] not in shown_titles(screen)  # (the list changes once, at the end)
        slow.released.set()
        assert await refreshed(pilot, notices, 0) == "Feeds refreshed: 2 new"
        assert not library_of(screen).refreshing
        assert shown_titles(screen) == [LATER[0], NEWEST[0], MIDDLE[0], OLDEST[0], SPORT[0]]
        assert not any("Refreshing" in line for line in rendered(screen.headlines))
        assert screen.article is not None and screen.article.title == NEWEST[0]  # kept open


async def test_a_missing_feed_is_said_by_name(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    news = serve(feed_server, "/news.rss", NEWS)
    stock(items, news)
    feed_server.expect_request("/gone.rss").respond_with_data("not here", status=404)
    gone = feed_server.url_for("/gone.rss")
    app = make([], feeds=feeds_of(items, news, gone))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        await pilot.press("R")
        assert await refreshed(pilot, notices, 0) == "Feeds refreshed: 0 new"
        await wait_for(pilot, lambda: any(gone in notice for notice in notices))
        (notice,) = [n for n in notices if gone in n]
        assert "404" in notice
        assert not any(news in n for n in notices)  # the feed that answered is not a problem
        assert shown_titles(screen) == [NEWEST[0], MIDDLE[0], OLDEST[0]]  # stored items intact
        state = items.feed(gone)
        assert state is not None and state.status == "error"


async def test_r_refreshes_the_feed_of_the_item_shown(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    news = serve(feed_server, "/news.rss", NEWS)
    feed_server.expect_request("/sport.rss").respond_with_data(
        rss("Sport", [SPORT], link="http://sport.example/"), content_type="application/rss+xml"
    )
    sport = feed_server.url_for("/sport.rss")
    stock(items, news, sport)
    app = make([], feeds=feeds_of(items, news, sport))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        feed_server.clear_log()
        await pilot.press("r")
        await refreshed(pilot, notices, 0)
        assert [request.path for request, _ in feed_server.log] == ["/news.rss"]
        await pilot.press("j", "j", "j")  # the oldest: the sport feed's item
        await opened(pilot, SPORT[0])
        assert screen.headlines.current is not None
        assert items.feed_url(screen.headlines.current.path) == sport
        feed_server.clear_log()
        before = len(notices)
        await pilot.press("r")
        await refreshed(pilot, notices, before)
        assert [request.path for request, _ in feed_server.log] == ["/sport.rss"]


async def test_reading_marks_the_item_read_in_the_store_across_restarts(
    make: MakeApp, tmp_path: Path, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    where = tmp_path / "items.sqlite3"
    with ItemsStore.open(where) as store:
        stock(store, url)
        newest, middle, oldest = (entry.path for entry in store.headlines())
        assert store.marks([newest, middle, oldest]) == dict.fromkeys(
            (newest, middle, oldest), (False, False)
        )
        app = make([], feeds=feeds_of(store, url), mark_read="0")  # read once shown
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, NEWEST[0])
            await pilot.press("j")
            await opened(pilot, MIDDLE[0])
            await wait_for(pilot, lambda: store.marks([middle])[middle][0])
            assert store.marks([oldest])[oldest] == (False, False)
            await pilot.press("q")
    with ItemsStore.open(where) as store:  # the same file, opened again: a restart
        assert store.marks([newest, middle, oldest]) == {
            newest: (True, False),
            middle: (True, False),
            oldest: (False, False),
        }
        app = make([], feeds=feeds_of(store, url))
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(pilot, NEWEST[0])
            headlines = screen.headlines
            await wait_for(pilot, lambda: middle in headlines.read)
            assert oldest not in headlines.read
            await pilot.press("f")  # the filter: unread only
            await wait_for(pilot, lambda: headlines.filter_mode == "unread")
            assert shown_titles(screen)[-1] == OLDEST[0]
            assert MIDDLE[0] not in shown_titles(screen)


async def test_a_stalled_refresh_leaves_the_keys_working(
    make: MakeApp,
    items: ItemsStore,
    feed_server: HTTPServer,
    stall: Callable[[bytes], Stall],
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    slow = stall(rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST, LATER]))
    feed_server.clear_all_handlers()
    feed_server.expect_request("/news.rss").respond_with_handler(slow)
    app = make([], feeds=feeds_of(items, url))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        library = library_of(screen)
        await pilot.press("R")
        await wait_for(pilot, slow.arrived.is_set)
        assert library.refreshing
        # No feed has answered yet: the indicator is there all the same.
        progress = "Refreshing feeds… 0/1"
        await wait_for(pilot, lambda: any(progress in line for line in rendered(screen.headlines)))
        await pilot.press("j")
        await opened(pilot, MIDDLE[0])
        assert screen.headlines.cursor == 1
        await pilot.press("j")
        await opened(pilot, OLDEST[0])
        await pilot.press("k")
        await opened(pilot, MIDDLE[0])
        shown = screen.metadata.display
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.metadata.display is not shown)
        await pilot.press("R")  # a second refresh is not started over the first
        await wait_for(pilot, lambda: "The feeds are refreshing already" in notices)
        assert library.refreshing and not slow.released.is_set()
        assert LATER[0] not in shown_titles(screen)
        slow.released.set()
        assert await refreshed(pilot, notices, 0) == "Feeds refreshed: 1 new"
        assert shown_titles(screen)[0] == LATER[0]
        assert screen.article is not None and screen.article.title == MIDDLE[0]
        assert len(feed_server.log) == 2  # the stock, then one refresh


@pytest.mark.parametrize(
    ("age_minutes", "at_start", "refreshes"),
    [(60, False, True), (5, False, False), (5, True, True)],
    ids=["older-than-the-interval", "recent", "asked-at-start"],
)
async def test_refresh_at_start_when_the_last_one_is_older_than_the_interval(
    make: MakeApp,
    items: ItemsStore,
    feed_server: HTTPServer,
    age_minutes: int,
    at_start: bool,
    refreshes: bool,
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url, age=age_minutes * 60)
    serve(feed_server, "/news.rss", rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST, LATER]))
    app = make([], feeds=feeds_of(items, url, minutes=30, at_start=at_start))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        screen = await opened(pilot, NEWEST[0])
        library = library_of(screen)
        await wait_for(pilot, library.first_shown.is_set)
        if refreshes:
            assert await refreshed(pilot, notices, 0) == "Feeds refreshed: 1 new"
            assert shown_titles(screen)[0] == LATER[0]
            assert len(feed_server.log) == 2
        else:
            # The refresh at start is decided when the first screen is painted: not now.
            assert not library.refreshing
            assert len(feed_server.log) == 1
            assert shown_titles(screen)[0] == NEWEST[0]


#: A title with an escape sequence (colour, then a window title with a bell), a bidi override
#: and a C1 control; raw bytes in the XML (feedparser still reads the item).
HOSTILE_TITLE = "Breaking \x1b[31mRED\x1b[0m \x1b]0;owned\x07news \u202eevil\u202c \x9bend"


def _raw(text: str) -> list[str]:
    """The characters of `text` that must never reach a terminal raw."""
    return [
        char for char in text if unicodedata.category(char) == "Cc" or "\u202a" <= char <= "\u202e"
    ]


async def test_a_hostile_title_never_reaches_the_screen_raw(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    body = rss("Evil \x1b[2J feed", [(HOSTILE_TITLE, 12, "body \x1b[2J text"), MIDDLE])
    url = serve(feed_server, "/evil.rss", body)
    stock(items, url)
    app = make([], feeds=feeds_of(items, url))
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.article is not None and screen.body.laid_out)
        (first, second) = shown_titles(screen)
        assert second == MIDDLE[0]
        assert "RED" in first and "news" in first
        lines = screen_lines(app)
        assert any("RED" in line for line in rendered(screen.headlines))
        assert any("RED" in line for line in rendered(screen.body))
        assert [line for line in lines if _raw(line)] == []
        # The feed (its stored title is hostile too) fails now: its notice is clean as well.
        feed_server.clear_all_handlers()
        feed_server.expect_request("/evil.rss").respond_with_data("gone", status=410)
        notices = record_notifications(app)
        await pilot.press("R")
        await wait_for(pilot, lambda: len(notices) >= 2)
        (notice,) = [n for n in notices if "410" in n or "gone" in n]
        assert "Evil" in notice and not _raw(notice)
        await wait_for(pilot, lambda: any("Evil" in line for line in screen_lines(app)))
        assert [line for line in screen_lines(app) if _raw(line)] == []


async def test_r_after_a_permanent_redirect_refreshes_the_feed_at_its_new_address(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    new = serve(feed_server, "/new.rss", NEWS)
    feed_server.expect_request("/old.rss").respond_with_data(
        "", status=301, headers={"Location": new}
    )
    old = feed_server.url_for("/old.rss")
    app = make([], feeds=feeds_of(items, old))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notifications(app)
        await pilot.press("R")
        assert await refreshed(pilot, notices, 0) == "Feeds refreshed: 3 new"
        screen = await opened(pilot, NEWEST[0])
        assert screen.headlines.current is not None
        assert items.feed_url(screen.headlines.current.path) == new
        feed_server.clear_log()
        await pilot.press("r")
        assert await refreshed(pilot, notices, 1) == "Feeds refreshed: 0 new"
        assert [request.path for request, _ in feed_server.log] == ["/new.rss"]


async def test_reader_url_lists_only_that_feed(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer, tmp_path: Path
) -> None:
    """`reader URL` (nothing subscribed: `urls` None) lists that feed's items only; the
    subscriptions (a urls file) list every stored feed's."""
    feed_server.expect_request("/news.rss").respond_with_data(NEWS)
    feed_server.expect_request("/sport.rss").respond_with_data(rss("Sport", [SPORT]))
    news, sport = feed_server.url_for("/news.rss"), feed_server.url_for("/sport.rss")
    stock(items, news, sport)
    alone = Feeds((Subscription(sport),), items, None, 0, False)
    async with make([], feeds=alone).run_test(size=SIZE) as pilot:
        screen = await opened(pilot, SPORT[0])
        assert shown_titles(screen) == [SPORT[0]]
    subscribed = Feeds((Subscription(sport),), items, tmp_path / "urls", 0, False)
    async with make([], feeds=subscribed).run_test(size=SIZE) as pilot:
        screen = await opened(pilot, NEWEST[0])
        assert shown_titles(screen) == [NEWEST[0], MIDDLE[0], OLDEST[0], SPORT[0]]
