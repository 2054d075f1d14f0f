"""Snapshots of the sources pane in the whole app (issue 13), at 120x35 and 60x20 (shown with
`S`), in Arabic and in English: two folders and a feed with a tag, the folder of the fixture
articles chosen.

Pilot asserts the state first; the snapshot then guards the look. Update with
`pytest tests/ui/test_snapshots_sources.py --snapshot-update` after checking the SVGs by eye.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from textual.pilot import Pilot

from reader.feeds.items import ItemsStore
from reader.feeds.refresh import refresh
from reader.feeds.subscriptions import Subscription
from reader.library.session import Feeds
from tests.ui.conftest import SEED_TITLE, MakeApp, SnapCompare
from tests.ui.helpers import main_screen, opened, wait_for
from tests.ui.test_feeds import MIDDLE, NEWEST, OLDEST, rss, serve

FOLDERS = [Path("tests/ui/data"), Path("tests/ui/snapdata/markdown")]
#: The feed's last refresh, and "now" for the pane (days later: the pane shows the day).
REFRESHED = dt.datetime(2021, 4, 12, 12, 0, tzinfo=dt.UTC).timestamp()
LATER = REFRESHED + 5 * 86400


def stocked(items: ItemsStore, server: HTTPServer) -> Feeds:
    """A feed with a tag and a title of its own (its address, on a random port, never shown),
    refreshed at REFRESHED."""
    url = serve(server, "/news.rss", rss("أخبار اليوم", [OLDEST, MIDDLE, NEWEST]))
    subscriptions = (Subscription(url, ("أخبار",), "أخبار اليوم"),)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(refresh, subscriptions, items, now=lambda: REFRESHED).result()
    return Feeds(subscriptions, items, None, 0, False)


async def folder_chosen(pilot: Pilot[Any]) -> None:
    """The pane knows the feed; the folder of the fixture articles is chosen, the seed open."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    pane = screen.sources
    pane.clock = lambda: LATER

    def ready() -> bool:
        return any(s.kind == "feed" and s.total == 3 for s in pane.sources)

    await wait_for(pilot, ready)
    pane.choose(next(n for n, s in enumerate(pane.sources) if s.title == "data"))
    assert len(screen.headlines.shown) == 3
    seed = next(entry.path for entry in screen.headlines.entries if entry.title == SEED_TITLE)
    screen.headlines.select_path(seed)
    await opened(pilot, SEED_TITLE)
    if not pane.display:  # (below 120 columns the pane starts hidden: S shows it)
        await pilot.press("S")
        pilot.app.clear_notifications()  # (its notice would cover the list)
    assert pane.display
    pane.focus()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 35), (60, 20)], ids=["120x35", "60x20"])
@pytest.mark.parametrize("ui", ["ar", "en"])
def test_sources_pane(
    snap_compare: SnapCompare,
    make: MakeApp,
    in_repo: Path,
    items: ItemsStore,
    feed_server: HTTPServer,
    ui: str,
    size: tuple[int, int],
) -> None:
    feeds = stocked(items, feed_server)
    layout = "rtl" if ui == "ar" else "ltr"
    app = make(FOLDERS, ui=ui, layout=layout, config=None, feeds=feeds, mark_read="never")
    assert snap_compare(app, terminal_size=size, run_before=folder_chosen)
