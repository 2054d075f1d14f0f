"""Live folder updates on the main screen: new articles appear without a restart.

Once the first scan is done, the folders are polled every `POLL_SECONDS` in a worker
(`reader.ui.polling`: a scandir walk and a stat per file; headlines read again only for new or
changed files). New files join the list unread (or with their state: a renamed file keeps it),
removed ones leave it — the open article stays, marked gone — changed ones get their new
headline and are read again when next opened, and the search index is synced incrementally.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.ui.screens.searching import SearchingScreen
from reader.ui.state import Marks

if TYPE_CHECKING:
    # Imported when the first poll runs, after the first screen.
    from reader.ui.polling import FolderChanges, Stamps

#: Seconds between two polls of the folders.
POLL_SECONDS = 3.0
#: A poll's walk may take at most this share of the time between polls: a huge library is
#: polled less often (10,000 files cost ~20 ms a walk, within 1% of a 3 s period).
POLL_SHARE = 0.02


class FolderChanged(Message):
    """A poll found new, changed or removed files; `marks` are the re-read entries' states."""

    def __init__(self, changes: FolderChanges, marks: dict[Path, Marks]) -> None:
        super().__init__()
        self.changes = changes
        self.marks = marks


class WatchingScreen(SearchingScreen):
    """Adds the periodic re-scan of the folders to the searching screen."""

    def __init__(self, paths: list[Path], *, id: str | None = None) -> None:
        super().__init__(paths, id=id)
        #: Every article file known, with its stamp (mtime, size), in scan order.
        self.stamps: Stamps = {}
        self._poll_timer: Timer | None = None
        self._polling = False
        self._walk_seconds = 0.0  # what the last poll's walk took
        self._last_poll = 0.0  # when it started (time.monotonic)

    def start_polling(self, stamps: Stamps) -> None:
        """Called when the first scan is done, with the stamps it took."""
        self.stamps = stamps
        if self._poll_timer is None:
            self._poll_timer = self.set_interval(POLL_SECONDS, self._scheduled_poll)

    def _scheduled_poll(self) -> None:
        if time.monotonic() - self._last_poll >= self._walk_seconds / POLL_SHARE:
            self.poll()

    @property
    def watching(self) -> bool:
        """True once the first scan is done: from then on the folders are polled."""
        return self._poll_timer is not None

    @property
    def polling(self) -> bool:
        return self._polling

    def poll(self) -> bool:
        """Look for new, changed and removed files, in a worker. False when not started: the
        first scan is still running, or the previous poll is."""
        if not self.watching or self._polling:
            return False
        self._polling = True
        self._poll_folders()
        return True

    @work(thread=True, exclusive=True, group="poll")
    def _poll_folders(self) -> None:
        worker = get_current_worker()
        self._last_poll = time.monotonic()
        try:
            from reader.ui.polling import poll

            found = poll(self.paths, self.stamps, cancelled=lambda: worker.is_cancelled)
            if found is None:
                return
            self.stamps, changes = found
            self._walk_seconds = changes.walk_seconds
            if changes.empty:
                return
            paths = [
                entry.path
                for entries in changes.entries.values()
                for entry in entries
                if entry.error is None
            ]
            known = self.reader.state.marks(paths) if paths else {}
            # An edited file is a new article for the state (its key is its content): unread.
            marks = {path: known.get(path, Marks()) for path in paths}
            self.post_message(FolderChanged(changes, marks))
        finally:
            self._polling = False

    @on(FolderChanged)
    def _folder_changed(self, message: FolderChanged) -> None:
        headlines = self.headlines
        current = headlines.current
        from reader.ui.polling import merge_entries

        merged = merge_entries(
            headlines.entries,
            message.changes,
            keep=current.path if current is not None else None,
            gone=self.tr("deleted or moved"),
        )
        headlines.set_entries(merged)
        headlines.apply_marks(message.marks)
        self.show_count()
        if headlines.cursor < 0 and headlines.shown and self.article is None:
            headlines.select(0)  # the folder had nothing to show until now
        self.build_index(list(self.stamps))

    def show_count(self) -> None:
        """The number of entries under the list, once the first scan is done."""
        self.headlines.border_subtitle = Content(str(len(self.headlines.entries)))
