"""Refreshing the subscribed feeds: fetch them concurrently, parse each response as it arrives.

`refresh` runs its own event loop (callers run it in a thread, never on the UI's loop). Fetching
is `reader.feeds.fetch.fetch_each` (bounded overall and per host, conditional requests from each
feed's stored ETag/Last-Modified). Each response is parsed and saved in a worker thread as soon as
it arrives, so parsing never waits behind the network nor holds up the loop, and each feed is
written in one transaction (`ItemsStore.save`). A feed whose server asked to wait (429/503 with
Retry-After) is skipped until then. A 301 moves the stored feed; the result carries `moved_to` so
the caller rewrites the urls file.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.feeds.fetch import DEFAULT_LIMITS, Fetched, Limits, Request, fetch_each
from reader.feeds.items import FeedState, ItemsStore, feed_outcome
from reader.feeds.parse import ParsedFeed, parse_feed
from reader.feeds.subscriptions import Subscription
from reader.text.sanitize import clean_line

#: How often a refresh waiting for responses asks `cancelled()`.
_POLL_S = 0.1


class FeedResult(NamedTuple):
    url: str  # as subscribed
    title: str
    status: str  # "ok" | "not-modified" | "error"
    new: int
    error: str | None  # in plain words (a note when the feed was read despite a problem)
    moved_to: str | None = None  # the feed moved for good (301/308): rewrite the subscription


class Retention(NamedTuple):
    """How many read items a feed keeps, and for how long; 0: no limit. Unread and bookmarked
    items are always kept (`ItemsStore.retain`)."""

    max_items: int = 0
    max_days: int = 0


#: No retention limit: every item is kept.
KEEP_ALL = Retention()


def waiting(state: FeedState | None, now: float) -> str | None:
    """Why the feed must not be fetched yet (its server asked to wait), or None."""
    if state is None or state.not_before is None or state.not_before <= now:
        return None
    until = dt.datetime.fromtimestamp(state.not_before).strftime("%H:%M")
    if state.not_before - now > 20 * 3600:
        until = dt.datetime.fromtimestamp(state.not_before).strftime("%Y-%m-%d %H:%M")
    why = f" ({state.error})" if state.error else ""
    return f"waiting until {until}, as the server asked{why}"


def refresh(
    subscriptions: Sequence[Subscription],
    store: ItemsStore,
    limits: Limits = DEFAULT_LIMITS,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: Callable[[], float] = time.time,
    keep: Retention = KEEP_ALL,
) -> list[FeedResult]:
    """Fetch, parse and store every subscribed feed; one result per feed, in subscription order.

    `progress(done, total)` is called (from this thread) as each feed finishes, a skipped one
    included. `cancelled()` is checked as responses arrive and every 0.1 s: once true, no further
    response is taken (the fetches in flight are cancelled), the ones already taken are saved,
    and only the feeds that finished are in the result. A URL subscribed twice is refreshed once.
    Each feed that answered then keeps what `keep` allows of its read items.
    """
    unique: dict[str, Subscription] = {}
    for subscription in subscriptions:
        unique.setdefault(subscription.url, subscription)
    results = asyncio.run(_refresh(list(unique.values()), store, limits, progress, cancelled, now))
    if keep.max_items or keep.max_days:
        moment = now()
        for result in results:
            if result.status != "error":
                store.retain(
                    result.moved_to or result.url,
                    keep.max_items or None,
                    keep.max_days or None,
                    moment,
                )
    return results


def _save(store: ItemsStore, sub: Subscription, fetched: Fetched, now: float) -> FeedResult:
    """Parse (when there is a body to parse) and save one response: runs in a worker thread."""
    try:
        parsed: ParsedFeed | None = None
        if fetched.status == "ok":
            base = fetched.final_url or fetched.url
            parsed = parse_feed(fetched.body, base, content_type=fetched.content_type)
        new = store.save(sub.url, fetched, parsed, now, tags=sub.tags)
        moved = fetched.moved_to if fetched.moved_to and fetched.moved_to != sub.url else None
        state = store.feed(moved or sub.url)
    except Exception as error:  # a bug must not end the whole refresh with a traceback
        reason = clean_line(" ".join(str(error).split())[:200]) or type(error).__name__
        return FeedResult(sub.url, sub.title or "", "error", 0, f"internal error: {reason}")
    status, problem = feed_outcome(fetched, parsed)
    if parsed is not None and not parsed.items and problem and problem.startswith("not a feed"):
        # A web page rather than its feed: say which feeds it names (`<link rel="alternate">`).
        from reader.feeds.fetch import find_feed_links

        named = find_feed_links(fetched.body, fetched.final_url or fetched.url)
        if named:
            problem = f"not a feed: this page names its feed, reader feeds add {named[0]}"
    title = sub.title or (parsed.title if parsed else "") or (state.title if state else "")
    return FeedResult(sub.url, title, status, new, problem, moved)


async def _refresh(
    subscriptions: list[Subscription],
    store: ItemsStore,
    limits: Limits,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    now: Callable[[], float],
) -> list[FeedResult]:
    total = len(subscriptions)
    results: dict[str, FeedResult] = {}

    def finish(result: FeedResult) -> None:
        results[result.url] = result
        if progress is not None:
            progress(len(results), total)

    def stopped() -> bool:
        return cancelled is not None and cancelled()

    requests: list[Request] = []
    by_url: dict[str, Subscription] = {}
    for sub in subscriptions:
        state = store.feed(sub.url)
        reason = waiting(state, now())
        if reason is not None:
            title = sub.title or (state.title if state else "")
            finish(FeedResult(sub.url, title, "error", 0, reason))
            continue
        etag = state.etag if state else None
        requests.append(Request(sub.url, etag, state.last_modified if state else None))
        by_url[sub.url] = sub

    loop = asyncio.get_running_loop()

    async def handle(fetched: Fetched) -> None:
        sub = by_url[fetched.url]
        finish(await loop.run_in_executor(None, _save, store, sub, fetched, now()))

    tasks: list[asyncio.Task[None]] = []

    async def consume() -> None:
        arrivals = fetch_each(requests, limits)
        try:
            async for fetched in arrivals:
                if fetched.url in by_url:
                    tasks.append(asyncio.create_task(handle(fetched)))
                if stopped():
                    break
        finally:
            close = getattr(arrivals, "aclose", None)
            if close is not None:
                await close()

    if requests and not stopped():
        consumer = asyncio.create_task(consume())
        # A stalled server must not keep a cancelled refresh waiting for its next response.
        while not consumer.done():
            await asyncio.wait({consumer}, timeout=_POLL_S)
            if stopped() and not consumer.done():
                consumer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consumer
    await asyncio.gather(*tasks)
    return [results[sub.url] for sub in subscriptions if sub.url in results]
