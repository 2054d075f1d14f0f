"""When an article shown becomes read, and which one is the next unread (no Textual).

Moving the list's cursor previews an article: it becomes read once it has been on screen for
the `mark_read` delay, at once when the user scrolls or pages it or chose it (Enter, a click),
never by itself with `mark_read = "never"` (only `u` then). Leaving it before the delay cancels
that. `ReadTimer` keeps this rule; the time goes through an injected scheduler, so tests drive
it without waiting.

`next_unread` finds the next (or previous) unread headline in the order the list shows.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from pathlib import Path

from reader.model import Headline

#: `schedule(seconds, call)` runs `call` after `seconds` and returns a function that cancels it.
Scheduler = Callable[[float, Callable[[], None]], Callable[[], None]]


class ReadTimer:
    """The article shown, and when it becomes read.

    `mark(path)` is called once, when the article at `path` is to become read; `delay` is
    `reader.settings.mark_read_delay`'s (None: never by itself).
    """

    def __init__(
        self, mark: Callable[[Path], None], schedule: Scheduler, delay: float | None
    ) -> None:
        self.mark = mark
        #: How the delay is waited for (replaceable: tests use a fake clock).
        self.schedule = schedule
        self.delay = delay
        #: The article shown and not yet read (None: none, or it is read already).
        self.pending: Path | None = None
        self._cancel: Callable[[], None] | None = None

    def shown(self, path: Path, *, chosen: bool = False, read: bool = False) -> None:
        """The article at `path` is now on screen (`chosen` by the user; `read` already)."""
        self.left()
        if read:
            return
        if chosen or self.delay == 0:
            self.mark(path)
            return
        self.pending = path
        if self.delay is not None:
            self._cancel = self.schedule(self.delay, lambda: self._due(path))

    def engaged(self) -> None:
        """The user scrolled or paged the article shown: it is read now."""
        path = self.pending
        if path is not None:
            self.left()
            self.mark(path)

    def left(self) -> None:
        """The article shown is left (another one, a notice): its delay is cancelled."""
        self.pending = None
        cancel, self._cancel = self._cancel, None
        if cancel is not None:
            cancel()

    def _due(self, path: Path) -> None:
        if self.pending == path:
            self.pending, self._cancel = None, None
            self.mark(path)


def next_unread(
    entries: Sequence[Headline], cursor: int, read: Container[Path], step: int = 1
) -> int | None:
    """The position in `entries` of the next (`step` 1) or previous (-1) unread readable
    headline after `cursor`, without going round the end; None when there is none."""
    stop = len(entries) if step > 0 else -1
    for position in range(cursor + step, stop, step):
        entry = entries[position]
        if entry.error is None and entry.path not in read:
            return position
    return None


def first_unread(
    entries: Sequence[Headline], read: Container[Path], step: int = 1, skip: int = -1
) -> int | None:
    """The first unread headline from the start (`step` 1) or the end (-1), not `skip`."""
    start = -1 if step > 0 else len(entries)
    found = next_unread(entries, start, read, step)
    if found is not None and found == skip:
        found = next_unread(entries, found, read, step)
    return found
