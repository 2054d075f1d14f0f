"""The feeds as the app uses them, without a screen: which stored items a run lists, when a
refresh is due, a refresh with what it changes in the run's feeds, an item's feed status, and
the versions of the items that the search index follows.

Every function here reads or writes the items database: the UI calls them from worker threads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from reader.library.session import Feeds
from reader.model import Headline

if TYPE_CHECKING:
    from reader.feeds.items import FeedState
    from reader.feeds.refresh import FeedResult


def listed_feeds(feeds: Feeds) -> tuple[str, ...] | None:
    """The feeds whose items this run lists: None for every stored feed (the subscriptions
    are read), else those named (`reader URL`, which subscribes to nothing)."""
    if feeds.urls is not None:
        return None
    return tuple(dict.fromkeys(s.url for s in feeds.subscriptions))


def listed_items(feeds: Feeds | None) -> Iterable[Headline]:
    """The stored items this run lists, newest first."""
    if feeds is None:
        return ()
    urls = listed_feeds(feeds)
    return feeds.store.iter_headlines() if urls is None else feeds.store.headlines(*urls)


def refresh_due(feeds: Feeds, now: float) -> bool:
    """True when some subscribed feed was never refreshed, or not for `refresh_minutes`."""
    minutes = feeds.refresh_minutes
    if minutes <= 0:
        return False
    states = {state.url: state for state in feeds.store.feeds()}
    for subscription in feeds.subscriptions:
        state = states.get(subscription.url)
        if state is None or state.last_attempt is None:
            return True
        if now - state.last_attempt >= minutes * 60:
            return True
    return False


def refresh_feeds(
    feeds: Feeds,
    url: str | None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    config: Path | None = None,
) -> tuple[list[FeedResult], Feeds]:
    """Refresh every feed of `feeds` (or the one at `url`, a stored feed no longer subscribed
    too), each with its own options; the results and the feeds as they are now (a feed that
    moved for good at its new address, also in the urls file when there is one, and its
    options in `config`)."""
    from reader.feeds.refresh import Retention, refresh

    wanted = tuple(s for s in feeds.subscriptions if url is None or s.url == url)
    if url is not None and not wanted:
        from reader.feeds.subscriptions import Subscription

        wanted = (Subscription(url),)  # its items are listed still: `r` brings them up to date
    results = refresh(
        wanted,
        feeds.store,
        progress=progress,
        cancelled=cancelled,
        keep=Retention(feeds.keep_items, feeds.keep_days),
        options=feeds.options,
    )
    moves = {result.url: result.moved_to for result in results if result.moved_to}
    if not moves:
        return results, feeds
    # The store has the feed at its new address now (and so `r` on its items).
    moved = tuple(s._replace(url=moves.get(s.url, s.url)) for s in feeds.subscriptions)
    if feeds.urls is not None:
        from reader.feeds.subscriptions import move_subscription

        for old, new in moves.items():
            # (Refused in an article folder, or gone: the store has moved it.)
            with contextlib.suppress(OSError, ValueError):
                move_subscription(feeds.urls, old, new)
    options = dict(feeds.options)
    for old, new in moves.items():
        if old in options:
            options.setdefault(new, options.pop(old))
            if config is not None:
                from reader.config import move_feed_options

                with contextlib.suppress(OSError, ValueError):
                    move_feed_options(config, old, new)
    return results, feeds._replace(subscriptions=moved, options=MappingProxyType(options))


def feed_state(feeds: Feeds | None, path: Path) -> FeedState | None:
    """The status of the feed the item at `path` came from (None: not a stored item)."""
    if feeds is None:
        return None
    url = feeds.store.feed_url(path)
    return None if url is None else feeds.store.feed(url)


def item_stamps(feeds: Feeds | None) -> dict[Path, str]:
    """{item path: its version} for every item this run lists: the search index reads an item
    again when its version changes (an item edited upstream gets a new digest)."""
    if feeds is None:
        return {}
    urls = listed_feeds(feeds)
    if urls is not None and not urls:
        return {}
    return feeds.store.versions(*(urls or ()))
