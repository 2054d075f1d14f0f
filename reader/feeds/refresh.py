"""Refreshing the subscribed feeds: fetch them concurrently, parse each response as it arrives.

`refresh` runs its own event loop (callers run it in a thread, never on the UI's loop). Fetching
is `reader.feeds.fetch.fetch_each` (bounded overall and per host, conditional requests from each
feed's stored ETag/Last-Modified). Each response is parsed as soon as it arrives (in
other processes when there are many feeds: `reader.feeds.parsepool`), then saved in a worker
thread, so parsing never waits behind the network nor holds up the loop, and each feed is
written in one transaction (`ItemsStore.save`). A feed whose server asked to wait (429/503 with
Retry-After) is skipped until then. A 301 moves the stored feed; the result carries `moved_to` so
the caller rewrites the urls file. Per-feed options (`reader.feeds.options.FeedOptions`) set each
feed's retention and whether its new items get their page's full text in the same refresh
(`reader.feeds.fulltext`, through the same limits, after the feeds themselves).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from reader.feeds.arrivals import each_answer, error_words
from reader.feeds.fetch import DEFAULT_LIMITS, Fetched, Limits, Request
from reader.feeds.items import FeedState, ItemsStore, feed_outcome
from reader.feeds.options import FeedOptions
from reader.feeds.parse import ParsedFeed
from reader.feeds.parsepool import FeedParser, processes_for
from reader.feeds.subscriptions import Subscription


class FeedResult(NamedTuple):
    url: str  # as subscribed
    title: str
    status: str  # "ok" | "not-modified" | "error"
    new: int
    error: str | None  # in plain words (a note when the feed was read despite a problem)
    moved_to: str | None = None  # the feed moved for good (301/308): rewrite the subscription
    full_text: int = 0  # pages of new items whose full text was fetched and stored


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
    options: Mapping[str, FeedOptions] | None = None,
    processes: int | None = None,
) -> list[FeedResult]:
    """Fetch, parse and store every subscribed feed; one result per feed, in subscription order.

    `progress(done, total)` is called (from this thread) as each feed finishes, a skipped one
    included. `cancelled()` is checked as responses arrive and every 0.1 s: once true, no further
    response is taken (the fetches in flight are cancelled), the ones already taken are saved,
    and only the feeds that finished are in the result. A URL subscribed twice is refreshed once.
    Each feed that answered then keeps what its `options` (by subscribed URL) allow of its read
    items, else what `keep` allows. A feed whose options ask for `full_text` gets the page text
    of its new items (`FeedResult.full_text` pages; without trafilatura, its result's note
    says how to install it). The feeds are parsed in `processes` other processes (None: as
    `reader.feeds.parsepool.processes_for` chooses by the number of feeds; 0: in a thread).
    """
    unique: dict[str, Subscription] = {}
    for subscription in subscriptions:
        unique.setdefault(subscription.url, subscription)
    chosen = options or {}
    args = (list(unique.values()), store, limits, progress, cancelled, now, chosen, processes)
    results = asyncio.run(_refresh(*args))
    moment = now()
    for result in results:
        own = chosen.get(result.url, FeedOptions())
        items = keep.max_items if own.keep_items is None else own.keep_items
        days = keep.max_days if own.keep_days is None else own.keep_days
        if result.status != "error" and (items or days):
            store.retain(result.moved_to or result.url, items or None, days or None, moment)
    return results


def _with_note(result: FeedResult, note: str) -> FeedResult:
    return result._replace(error=f"{result.error}; {note}" if result.error else note)


async def _full_texts(
    store: ItemsStore,
    results: dict[str, FeedResult],
    saved_at: dict[str, float],
    limits: Limits,
    cancelled: Callable[[], bool] | None,
    now: Callable[[], float],
) -> None:
    """Fetch the full text of the new items of each feed in `results` (those whose options
    ask for it), through one bounded run; each feed's result says how many were stored."""
    from reader.feeds.fulltext import FULL_TEXT_HINT, full_text_available, full_texts_async

    wanted: dict[str, list[Path]] = {}
    for url, result in results.items():
        if result.status == "ok" and result.new and url in saved_at:
            stored_as = result.moved_to or url
            wanted[url] = store.lacking_full_text(stored_as, since=saved_at[url])
    if not any(wanted.values()):
        return
    if not full_text_available():
        for url in wanted:
            results[url] = _with_note(results[url], FULL_TEXT_HINT)
        return
    every = [path for paths in wanted.values() for path in paths]
    done = await full_texts_async(store, every, limits, cancelled=cancelled, now=now)
    by_path = {result.path: result for result in done}
    for url, paths in wanted.items():
        found = [by_path[path] for path in paths if path in by_path]
        fetched = sum(1 for result in found if result.status == "ok")
        failed = [result.error for result in found if result.status != "ok" and result.error]
        results[url] = results[url]._replace(full_text=fetched)
        if failed:
            note = f"full text of {len(failed)} of {len(paths)} new items not fetched: {failed[0]}"
            results[url] = _with_note(results[url], note)


def _internal_error(sub: Subscription, error: Exception) -> FeedResult:
    """A bug met while reading one feed, as that feed's one-line error."""
    return FeedResult(sub.url, sub.title or "", "error", 0, f"internal error: {error_words(error)}")


def _save(
    store: ItemsStore, sub: Subscription, fetched: Fetched, parsed: ParsedFeed | None, now: float
) -> FeedResult:
    """Save one response and what was parsed of it: runs in a worker thread."""
    try:
        new = store.save(sub.url, fetched, parsed, now, tags=sub.tags)
        moved = fetched.moved_to if fetched.moved_to and fetched.moved_to != sub.url else None
        state = store.feed(moved or sub.url)
    except Exception as error:  # a bug must not end the whole refresh with a traceback
        return _internal_error(sub, error)
    status, problem = feed_outcome(fetched, parsed)
    title = sub.title or (parsed.title if parsed else "") or (state.title if state else "")
    return FeedResult(sub.url, title, status, new, problem, moved)


def _named_feed(fetched: Fetched, parsed: ParsedFeed | None) -> str | None:
    """The first feed a web page names (`<link rel="alternate">`), when `fetched` is a page
    rather than a feed; else None."""
    if parsed is None or parsed.items or not (parsed.problem or "").startswith("not a feed"):
        return None
    from reader.feeds.fetch import find_feed_links

    named = find_feed_links(fetched.body, fetched.final_url or fetched.url)
    return named[0] if named and named[0] != fetched.url else None


async def _refresh(
    subscriptions: list[Subscription],
    store: ItemsStore,
    limits: Limits,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    now: Callable[[], float],
    options: Mapping[str, FeedOptions],
    processes: int | None,
) -> list[FeedResult]:
    total = len(subscriptions)
    results: dict[str, FeedResult] = {}
    saved_at: dict[str, float] = {}  # when each full-text feed's response was saved

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
    parser = FeedParser(processes_for(len(requests)) if processes is None else processes)
    #: Subscriptions that turned out to be web pages naming a feed: {feed address: page's}.
    pages: dict[str, str] = {}

    async def handle(fetched: Fetched, page: str | None = None) -> None:
        """One response: parsed, then saved (`page`: the subscription whose page named it)."""
        sub = by_url[page or fetched.url]
        parsed: ParsedFeed | None = None
        if fetched.status == "ok":
            base = fetched.final_url or fetched.url
            try:
                parsed = await parser.parse(fetched.body, base, fetched.content_type)
            except Exception as error:  # a bug must not end the whole refresh with a traceback
                finish(_internal_error(sub, error))
                return
        named = _named_feed(fetched, parsed)
        if page is not None:
            if fetched.status != "ok" or named is not None or parsed is None or not parsed.items:
                why = fetched.error or "not a feed either"
                reason = f"not a feed: this page names its feed {fetched.url}, which failed: {why}"
                finish(FeedResult(sub.url, sub.title or "", "error", 0, reason))
                return
            # Read from the feed the page names from now on, as after a 301.
            fetched = fetched._replace(url=sub.url, moved_to=fetched.moved_to or fetched.url)
        elif named is not None and named not in by_url and named not in pages:
            pages[named] = sub.url  # read the feed it names (after this round)
            return
        moment = now()
        if sub.url in options and options[sub.url].full_text:
            saved_at[sub.url] = moment
        result = await loop.run_in_executor(None, _save, store, sub, fetched, parsed, moment)
        if page is not None and result.status == "ok":
            result = _with_note(
                result, f"a web page: now read from the feed it names, {result.moved_to}"
            )
        finish(result)

    try:
        await each_answer(requests, limits, handle, stopped)
        if pages and not stopped():
            follow = []
            for address in pages:
                state = store.feed(address)
                etag = state.etag if state else None
                follow.append(Request(address, etag, state.last_modified if state else None))

            async def handle_named(fetched: Fetched) -> None:
                await handle(fetched, pages[fetched.url])

            await each_answer(follow, limits, handle_named, stopped)
    finally:
        parser.close(cancel=stopped())
    if saved_at and not stopped():
        await _full_texts(store, results, saved_at, limits, cancelled, now)
    return [results[sub.url] for sub in subscriptions if sub.url in results]
