"""The thread pool behind the app's thread workers: daemon threads, and an exit that does not
wait for them.

Textual runs a thread worker in the event loop's default executor, and `asyncio.run` ends by
shutting that executor down with `wait=True` (the interpreter joins its threads again at exit).
A worker busy on a 60 MB article — parsing it, laying it out, indexing it — held `q` for as long
as it had work left (58 s). Workers check `is_cancelled` where they can; this executor makes
sure that a call that cannot stop midway (one parse) does not hold the exit either: shutting
down waits at most `EXIT_WAIT` seconds for the calls still running (enough for a state write
to land), then leaves them; they are daemon threads and end with the process.
"""

from __future__ import annotations

import queue
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
    """`ThreadPoolExecutor`'s interface (asyncio accepts no other default executor), but its
    threads are daemon threads, kept and reused (starting a thread per call cost an article
    switch about 5 ms), one more started whenever every thread is busy; `shutdown` waits
    `EXIT_WAIT` at most for the calls still running."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="reader-worker")
        self._calls: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._daemons: list[threading.Thread] = []
        self._state_lock = threading.Lock()
        self._idle = 0
        self._busy = 0
        self._closed = False
        self._all_done = threading.Condition(self._state_lock)

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()

        def call() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # handed to whoever awaits the future
                future.set_exception(error)
            else:
                future.set_result(result)

        with self._state_lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._busy += 1
            if self._idle:
                self._idle -= 1
            else:
                thread = threading.Thread(target=self._serve, name="reader-worker", daemon=True)
                self._daemons.append(thread)
                thread.start()
        self._calls.put(call)
        return future

    def _serve(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            try:
                call()
            finally:
                with self._state_lock:
                    self._busy -= 1
                    self._idle += 1
                    self._all_done.notify_all()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._state_lock:
            self._closed = True
            threads = len(self._daemons)
        for _ in range(threads):
            self._calls.put(None)  # idle threads end; busy ones end after their call
        if not wait:
            return
        deadline = time.monotonic() + EXIT_WAIT
        with self._state_lock:
            while self._busy and (left := deadline - time.monotonic()) > 0:
                self._all_done.wait(left)

    @property
    def running(self) -> int:
        """How many calls are still running."""
        with self._state_lock:
            return self._busy
