"""Taking the answers to many fetches as they arrive, each handled in a task of its own, with a
cancel that works even on a server that never answers (the refresh and the full-text fetches)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

from reader.feeds.fetch import Fetched, Limits, Request, fetch_each
from reader.text.sanitize import clean_line

#: How often a run waiting for answers asks whether it was cancelled (seconds).
POLL_S = 0.1


async def each_answer(
    requests: list[Request],
    limits: Limits,
    handle: Callable[[Fetched], Coroutine[Any, Any, None]],
    stopped: Callable[[], bool],
) -> None:
    """`handle` each answer to `requests` as it arrives (each in a task of its own), until every
    one is handled or `stopped()`: then no further answer is taken and the fetches in flight are
    cancelled, even on a server that never answers (checked every `POLL_S`)."""
    tasks: list[asyncio.Task[None]] = []

    async def consume() -> None:
        arrivals = fetch_each(requests, limits)
        try:
            async for fetched in arrivals:
                tasks.append(asyncio.create_task(handle(fetched)))
                if stopped():
                    break
        finally:
            close = getattr(arrivals, "aclose", None)
            if close is not None:
                await close()

    if requests and not stopped():
        consumer = asyncio.create_task(consume())
        while not consumer.done():
            await asyncio.wait({consumer}, timeout=POLL_S)
            if stopped() and not consumer.done():
                consumer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consumer
    await asyncio.gather(*tasks)


def error_words(error: Exception) -> str:
    """An error met while handling an answer, in one clean line of at most 200 characters (its
    class's name when it says nothing)."""
    return clean_line(" ".join(str(error).split())[:200]) or type(error).__name__
