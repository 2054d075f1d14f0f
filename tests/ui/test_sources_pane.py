"""The sources pane in the app (issue 13): counts, narrowing the list, `S`, `J`/`K`, Tab, and
a feed's status. Two folders and a feed stored from a local server (`tests.ui.test_feeds`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytest_httpserver import HTTPServer
from textual.pilot import Pilot

from reader.feeds.items import ItemsStore
from reader.feeds.subscriptions import Subscription
from reader.library.session import Feeds
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.sources_pane import SourcesPane
from tests.ui.conftest import DATA, ENGLISH_TITLE, HARAKAT_TITLE, SEED_TITLE, SIZE, MakeApp
from tests.ui.helpers import main_screen, record_notifications, shown_titles, wait_for
from tests.ui.test_feeds import MIDDLE, NEWEST, OLDEST, rss, serve, stock

NEWS = rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST])
FEED_TITLES = {OLDEST[0], MIDDLE[0], NEWEST[0]}
#: A screen wide enough for the pane to start shown.
WIDE = (120, 35)


def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """Folder `one` with two of the fixture articles, `two` with the third."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(DATA / "000_seed.txt", one)
    shutil.copy(DATA / "010_harakat.txt", one)
    shutil.copy(DATA / "020_english.md", two)
    return one, two


def counts(pane: SourcesPane) -> dict[str, tuple[int, int]]:
    """{source name: (unread, total)}."""
    return {pane.source_name(s): (s.unread, s.total) for s in pane.sources}


async def started(pilot: Pilot[int], total: int, feeds: int = 0) -> tuple[MainScreen, SourcesPane]:
    """The main screen once the pane counts `total` headlines (and knows `feeds` feeds' ids)."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    pane = screen.sources

    def ready() -> bool:
        known = sum(1 for s in pane.sources if s.kind == "feed" and s.feed_id is not None)
        return bool(pane.sources) and pane.sources[0].total == total and known == feeds

    await wait_for(pilot, ready)
    return screen, pane


def index_of(pane: SourcesPane, name: str) -> int:
    return next(n for n, s in enumerate(pane.sources) if pane.source_name(s) == name)


async def test_folders_listed_with_counts_and_choosing_one_narrows_the_list(
    make: MakeApp, tmp_path: Path
) -> None:
    one, two = two_folders(tmp_path)
    app = make([one, two], mark_read="never")
    async with app.run_test(size=WIDE) as pilot:
        screen, pane = await started(pilot, 3)
        assert counts(pane) == {
            "All": (3, 3),
            "Unread": (3, 3),
            "Bookmarks": (0, 0),
            "one": (2, 2),
            "two": (1, 1),
        }
        await pilot.press("shift+tab")  # from the list back to the pane, first in the cycle
        assert screen.focused is pane
        for _ in range(index_of(pane, "two")):
            await pilot.press("j")
        await pilot.press("enter")
        assert shown_titles(screen) == [ENGLISH_TITLE]
        assert screen.headlines.source_name == "two"
        await pilot.press("k", "enter")  # `one`
        assert sorted(shown_titles(screen)) == sorted([SEED_TITLE, HARAKAT_TITLE])
        for _ in range(index_of(pane, "one")):
            await pilot.press("k")
        await pilot.press("enter")  # All
        assert len(shown_titles(screen)) == 3
        await pilot.press("tab")
        assert screen.focused is not pane and screen.headlines.has_focus


async def test_counts_follow_the_marks(make: MakeApp, tmp_path: Path) -> None:
    one, two = two_folders(tmp_path)
    app = make([one, two], mark_read="never")
    async with app.run_test(size=WIDE) as pilot:
        screen, pane = await started(pilot, 3)
        current = screen.headlines.current
        assert current is not None
        folder = "one" if current.path.parent.name == "one" else "two"
        before = counts(pane)[folder]
        await pilot.press("u")  # the current article marked read
        await wait_for(pilot, lambda: counts(pane)[folder] == (before[0] - 1, before[1]))
        assert counts(pane)["All"] == (2, 3)
        await pilot.press("s")  # and bookmarked
        await wait_for(pilot, lambda: counts(pane)["Bookmarks"] == (0, 1))


async def test_s_hides_the_pane_saved_and_the_list_shows_everything_again(
    make: MakeApp, tmp_path: Path
) -> None:
    one, two = two_folders(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text("")
    app = make([one, two], config=config)
    async with app.run_test(size=WIDE) as pilot:
        screen, pane = await started(pilot, 3)
        assert pane.display
        pane.choose(index_of(pane, "two"))
        await pilot.pause()
        assert shown_titles(screen) == [ENGLISH_TITLE]
        await pilot.press("S")
        assert not pane.display
        assert len(shown_titles(screen)) == 3
        assert 'sources = "hide"' in config.read_text()
        for _ in range(4):  # the hidden pane is out of the Tab cycle
            await pilot.press("tab")
            assert screen.focused is not pane
        await pilot.press("S")
        assert pane.display
        assert 'sources = "show"' in config.read_text()
    config.write_text('sources = "hide"\n')
    hidden = make([one, two], config=config)
    async with hidden.run_test(size=WIDE) as pilot:
        _, pane = await started(pilot, 3)
        assert not pane.display


async def test_shift_j_k_go_to_the_next_source_with_unread(
    make: MakeApp, tmp_path: Path, items: ItemsStore, feed_server: HTTPServer
) -> None:
    one, two = two_folders(tmp_path)
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    feeds = Feeds((Subscription(url, ("news",), "Daily"),), items, None, 0, False)
    app = make([one, two], feeds=feeds, mark_read="never")
    async with app.run_test(size=(120, 35)) as pilot:
        screen, pane = await started(pilot, 6, feeds=1)
        assert counts(pane)["Daily"] == (3, 3)
        await pilot.press("J")  # Bookmarks has no unread article: the feed
        assert set(shown_titles(screen)) == FEED_TITLES
        assert screen.headlines.source_name == "Daily"
        current = screen.headlines.current
        assert current is not None and current.title in FEED_TITLES  # the cursor came along
        await pilot.press("J")
        assert screen.headlines.source_name == "one"
        await pilot.press("K")
        assert screen.headlines.source_name == "Daily"
        for _ in range(3):  # every item of the feed read
            await pilot.press("u", "j")
        await wait_for(pilot, lambda: counts(pane)["Daily"] == (0, 3))
        await pilot.press("J", "K")  # one, then back: past the read feed, round to `two`
        assert screen.headlines.source_name == "two"


async def test_shift_j_says_when_no_source_has_unread(make: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "only"
    folder.mkdir()
    shutil.copy(DATA / "020_english.md", folder)
    app = make([folder], mark_read="never")
    async with app.run_test(size=WIDE) as pilot:
        notices = record_notifications(app)
        screen, pane = await started(pilot, 1)
        await pilot.press("u")
        await wait_for(pilot, lambda: counts(pane)["only"] == (0, 1))
        await pilot.press("J")
        assert "No source with unread articles" in notices
        assert screen.headlines.source_name == ""


async def test_a_failed_feed_shows_its_reason(
    make: MakeApp, items: ItemsStore, feed_server: HTTPServer
) -> None:
    url = serve(feed_server, "/news.rss", NEWS)
    stock(items, url)
    feed_server.clear_all_handlers()
    feed_server.expect_request("/news.rss").respond_with_data("gone", status=404)
    feeds = Feeds((Subscription(url, (), "Daily"),), items, None, 0, False)
    app = make([], feeds=feeds)
    async with app.run_test(size=(120, 35)) as pilot:
        notices = record_notifications(app)
        _, pane = await started(pilot, 3, feeds=1)
        assert "Feeds" in rows(pane)[3]  # the untagged feeds, when no feed has a tag
        assert any(row.strip().startswith("✓") for row in rows(pane))  # ok, last success
        await pilot.press("R")
        daily = index_of(pane, "Daily")
        await wait_for(pilot, lambda: pane.sources[daily].error is not None)
        assert any("✗" in row and "404" in row for row in rows(pane)), rows(pane)
        pane.focus()
        for _ in range(daily):
            await pilot.press("j")
        await pilot.press("enter")
        assert any("404" in notice and "Daily" in notice for notice in notices), notices


def rows(pane: SourcesPane) -> list[str]:
    return [pane.row_text(row) for row in range(pane.virtual_size.height)]


async def test_narrower_than_120_columns_the_pane_starts_hidden_and_s_shows_it(
    make: MakeApp, tmp_path: Path
) -> None:
    one, two = two_folders(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text("")
    app = make([one, two], config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen, pane = await started(pilot, 3)
        assert not pane.display
        await pilot.press("tab", "tab", "tab")  # list, article, details: not the pane
        assert screen.focused is screen.headlines
        await pilot.press("S")
        assert pane.display
        assert 'sources = "show"' in config.read_text()
        await pilot.resize_terminal(90, 30)  # chosen: the width no longer decides
        await pilot.pause()
        assert pane.display


async def test_n_past_the_last_unread_of_a_folder_goes_to_the_next_source(
    make: MakeApp, tmp_path: Path
) -> None:
    one, two = two_folders(tmp_path)
    app = make([one, two], mark_read="never")
    async with app.run_test(size=WIDE) as pilot:
        screen, pane = await started(pilot, 3)
        pane.choose(index_of(pane, "two"))  # one article, unread
        await pilot.pause()
        assert shown_titles(screen) == [ENGLISH_TITLE]
        screen.headlines.focus()
        await pilot.press("u")  # read: `two` has nothing unread left
        await wait_for(pilot, lambda: counts(pane)["two"] == (0, 1))
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.headlines.source_name == "one")
        assert sorted(shown_titles(screen)) == sorted([SEED_TITLE, HARAKAT_TITLE])
        current = screen.headlines.current
        assert current is not None and current.path.parent == one
        pane.choose(index_of(pane, "All"))  # from All, `n` stays in the list (every source)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert screen.headlines.source_name != "one" and len(shown_titles(screen)) == 3
