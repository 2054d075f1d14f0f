"""Small helpers for Pilot tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot

from reader.document import render_article
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from tests.ui.conftest import SEED_TITLE, SIZE


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], tries: int = 400) -> None:
    """Let the app run until `condition` holds (workers read files in threads)."""
    for _ in range(tries):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never reached the expected state")


def main_screen(app: ReaderApp) -> MainScreen:
    screens = [s for s in app.screen_stack if isinstance(s, MainScreen)]
    assert screens, "no main screen"
    return screens[0]


async def opened(pilot: Pilot[int], title: str) -> MainScreen:
    """Wait until the article titled `title` is shown and laid out; return the main screen."""
    app = pilot.app
    assert isinstance(app, ReaderApp)

    def ready() -> bool:
        screens = [s for s in app.screen_stack if isinstance(s, MainScreen)]
        if not screens:
            return False
        screen = screens[0]
        article = screen.article
        return article is not None and article.title == title and screen.body.laid_out

    await wait_for(pilot, ready)
    return main_screen(app)


def expected_body(screen: MainScreen) -> list[str]:
    """What `reader render` prints for the open article at the body's width and options."""
    assert screen.article is not None
    settings = screen.session.settings
    width = screen.body.scrollable_content_region.width
    return render_article(screen.article, width, harakat=settings.harakat, bidi=settings.bidi)


def shown_titles(screen: MainScreen) -> list[str]:
    """The titles the headline list shows, in order."""
    headlines = screen.headlines
    return [headlines.entries[i].title for i in headlines.shown]


@asynccontextmanager
async def reading(
    app: ReaderApp, title: str = SEED_TITLE, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[Pilot[int], MainScreen]]:
    """Run `app` under Pilot until the article titled `title` is shown."""
    async with app.run_test(size=size) as pilot:
        yield pilot, await opened(pilot, title)


async def indexed(pilot: Pilot[int], screen: MainScreen) -> None:
    """Wait until the search index is built."""
    await wait_for(pilot, lambda: screen.search_bar.index is not None)


def record_notifications(app: ReaderApp) -> list[str]:
    """Every notification `app` shows from now on (recorded through its public `notify`, which
    every widget's `notify` calls)."""
    shown: list[str] = []
    notify = app.notify

    def record(message: str, **options: Any) -> None:
        shown.append(message)
        notify(message, **options)

    app.notify = record  # type: ignore[method-assign]
    return shown
