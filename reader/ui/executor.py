"""The thread pool behind the app's thread workers: one daemon thread per call, and an exit
that does not wait for them.

Textual runs a thread worker in the event loop's default executor, and `asyncio.run` ends by
shutting that executor down with `wait=True` (the interpreter joins its threads again at exit).
A worker busy on a 60 MB article — parsing it, laying it out, indexing it — held `q` for as long
as it had work left (58 s). Workers check `is_cancelled` where they can; this executor makes
sure that a call that cannot stop midway (one parse) does not hold the exit either: shutting
down waits at most `EXIT_WAIT` seconds for the calls still running (enough for a state write
to land), then leaves them; they are daemon threads and end with the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

#: Longest time the exit waits for the calls still running (seconds).
EXIT_WAIT = 0.25


class DaemonExecutor(ThreadPoolExecutor):
    """`ThreadPoolExecutor`'s interface (asyncio accepts no other default executor), but each
    call runs in a daemon thread of its own, and `shutdown` waits `EXIT_WAIT` at most."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="reader-worker")
        self._running: set[threading.Thread] = set()
        self._running_lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future[T] = Future()

        def run() -> None:
            try:
                if not future.set_running_or_notify_cancel():
                    return
                try:
                    result = fn(*args, **kwargs)
                except BaseException as error:  # handed to whoever awaits the future
                    future.set_exception(error)
                else:
                    future.set_result(result)
            finally:
                with self._running_lock:
                    self._running.discard(thread)

        thread = threading.Thread(target=run, name="reader-worker", daemon=True)
        with self._running_lock:
            self._running.add(thread)
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closed = True
        if not wait:
            return
        deadline = time.monotonic() + EXIT_WAIT
        with self._running_lock:
            running = list(self._running)
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))

    @property
    def running(self) -> int:
        """How many calls are still running."""
        with self._running_lock:
            return len(self._running)
