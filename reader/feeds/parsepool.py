"""Parsing feeds beside a refresh's event loop: in other processes when there are many feeds.

A feed costs about 10 ms of CPU to parse (`reader.feeds.parse.parse_feed`). Parsed in threads of
the refreshing process, the parses hold the interpreter lock the event loop needs for the network:
measured on 200 feeds, every socket call of the loop waited for it, and the refresh took as long
again as its CPU time. So a refresh of many feeds parses them in a small pool of spawned
processes (one per core, at most `MAX_PROCESSES`), started while the first requests are in
flight; a refresh of a few feeds parses in a thread, as a pool would cost more than it saves.
Where a pool cannot be started, or breaks, parsing falls back to a thread: never an error.

The processes are spawned (not forked: the app's threads must not be copied) and write nothing
to the terminal: their standard output and error go to the null device.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from reader.feeds.parse import ParsedFeed, parse_feed

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

#: At most this many parsing processes, whatever the number of cores.
MAX_PROCESSES = 4
#: Fewer feeds than this are parsed in a thread (a pool's start costs about one feed's refresh).
POOL_FROM = 8


def _quiet() -> None:
    """In each parsing process: nothing it prints can reach the terminal the app draws on."""
    null = os.open(os.devnull, os.O_WRONLY)
    for descriptor in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, descriptor)
    os.close(null)


def processes_for(feeds: int, cores: int | None = None) -> int:
    """How many parsing processes a refresh of `feeds` feeds uses (0: parse in a thread)."""
    cores = os.cpu_count() if cores is None else cores
    if feeds < POOL_FROM or not cores or cores < 2:
        return 0
    return min(cores, MAX_PROCESSES)


class FeedParser:
    """Parses feeds for one refresh: `await parse(...)`, then `close()`.

    With `processes` > 0 the parsing happens in that many spawned processes (started at the first
    parse); with 0, or once the pool failed, in the event loop's default thread pool.
    """

    def __init__(self, processes: int = 0) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._broken = processes <= 0

    def _executor(self) -> Executor | None:
        if self._broken:
            return None
        if self._pool is None:
            try:
                import multiprocessing

                context = multiprocessing.get_context("spawn")
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.processes, mp_context=context, initializer=_quiet
                )
            except (OSError, ValueError, ImportError, NotImplementedError):
                self._broken = True  # e.g. no semaphores in a sandbox: threads it is
                return None
        return self._pool

    @property
    def in_processes(self) -> bool:
        """Whether parses go (or will go) to other processes."""
        return not self._broken

    async def parse(self, data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
        """`parse_feed(data, url, content_type=...)`, off the event loop's thread."""
        loop = asyncio.get_running_loop()
        pool = self._executor()
        if pool is not None:
            try:
                future = pool.submit(parse_feed, data, url, content_type=content_type)
                return await asyncio.wrap_future(future)
            except (concurrent.futures.BrokenExecutor, OSError, RuntimeError):
                # A process killed or unable to start: this and later feeds in a thread.
                self._broken = True
        return await loop.run_in_executor(None, _parse_here, data, url, content_type)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the processes (at once, dropping queued parses, with `cancel`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
            self._pool = None


def _parse_here(data: bytes, url: str, content_type: str | None) -> ParsedFeed:
    return parse_feed(data, url, content_type=content_type)
