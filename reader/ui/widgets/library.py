"""The library behind the main screen: the folders and the state database (a widget that draws
nothing).

It owns every worker that touches the disk: the rest of the folder scan once the first screen is
painted, the periodic polls of the open folders, article loads, and the state database's writes.
What they find goes up as messages (`reader.ui.messages`); the main screen routes them to the
panes. The logic itself is `reader.library`'s (no Textual): this widget only runs it off the UI
thread and at the right moments.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from reader.details import metadata_blocks
from reader.document import article_blocks
from reader.i18n import Translator
from reader.library.cache import HeadlineCache
from reader.library.feedwork import feed_state, item_stamps, listed_items, refresh_due
from reader.library.first_screen import FirstScreen, read_first_screen
from reader.library.polling import POLL_SECONDS, PollSchedule
from reader.library.reading import Failed, Marks, open_article
from reader.library.scan import PAUSE, Stamps
from reader.library.session import Session
from reader.model import Article, ArticleError, Headline
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    FeedsProgress,
    FeedsRefreshed,
    FolderChanged,
    HeadlinesFound,
    MarksFound,
    PreparedPanes,
    ScanFinished,
)

if TYPE_CHECKING:
    from reader.search import Query


#: Scan batches go to the UI at least this often (seconds) and at most this big.
BATCH_SECONDS = 0.1
BATCH_SIZE = 200
#: How long the scan worker waits for the first screen to be painted before it reads on
#: (seconds): until then it would only compete with that paint for the interpreter.
FIRST_PAINT_WAIT = 0.5


class Library(Widget):
    """Scans, polls, loads and remembers; posts what it finds."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False  # (set here, not in a style sheet: nothing to parse at start-up)
        self.session = session
        #: The scan's headlines from previous runs (in the state database).
        self.cache = HeadlineCache(session.state.store)
        #: Every article file known, with its stamp (mtime, size), in scan order.
        self.stamps: Stamps = {}
        #: Set once the first article (or its failure) is painted: the scan waits for it.
        self.first_shown = threading.Event()
        #: The article the load worker parsed last (set in the worker, possibly before the
        #: body shows it), so that the search index does not parse the same file again.
        self.last_loaded: Article | None = None
        self._schedule = PollSchedule()
        self._refreshing = False
        self._poll_timer: Timer | None = None
        self._polling = False
        #: The queued state writes; `_writing` is held while they run (one at a time, in
        #: order), never while one is queued: the UI thread does not wait for the database.
        self._pending: deque[Callable[[], object]] = deque()
        self._writing = threading.Lock()

    # The first scan --------------------------------------------------------------------------

    def read_first_screen(self, rows: int) -> FirstScreen:
        """What the first paint shows, read now (on the UI thread, before that paint): the
        files' first headlines, then the feeds' stored items (newest first)."""
        session = self.session
        return read_first_screen(
            session.paths,
            session.state,
            rows=rows,
            resume=session.resume,
            folder=session.folder,
            cache=self.cache,
            items=self._items(),
            order=session.settings.sort,
        )

    def _items(self) -> Iterable[Headline]:
        """The stored items this run lists: every feed's, or, for `reader URL` (nothing
        subscribed), only those of the feeds named."""
        return listed_items(self.session.feeds)

    def first_painted(self) -> None:
        """The first screen is on the terminal: the scan may read on, the feeds refresh when
        their last refresh is older than the interval (and every interval from now on)."""
        self.first_shown.set()
        self._preload_parsers()
        feeds = self.session.feeds
        if feeds is None:
            return
        if feeds.refresh_at_start or self._refresh_due(feeds.refresh_minutes):
            self.refresh_feeds()
        if feeds.refresh_minutes > 0:
            self.set_interval(feeds.refresh_minutes * 60, self.refresh_feeds)

    def _refresh_due(self, minutes: int) -> bool:
        feeds = self.session.feeds
        return feeds is not None and minutes > 0 and refresh_due(feeds, time.time())

    # Feeds -----------------------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        """True while a refresh of the feeds runs."""
        return self._refreshing

    def refresh_feeds(self, url: str | None = None) -> bool:
        """Refresh every feed (or the one at `url`) in a worker; False when one is running."""
        feeds = self.session.feeds
        if feeds is None or self._refreshing:
            return False
        self._refreshing = True
        # Under the list from the start ("0/N"): the first feed may take long to answer.
        total = 1 if url else len({s.url for s in feeds.subscriptions})
        self.post_message(FeedsProgress(0, total))
        self._refresh(url)
        return True

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh(self, url: str | None) -> None:
        from reader.library.feedwork import refresh_feeds

        worker = get_current_worker()
        feeds = self.session.feeds
        assert feeds is not None
        try:

            def progress(done: int, total: int) -> None:
                self.post_message(FeedsProgress(done, total))

            results, now = refresh_feeds(
                feeds,
                url,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                config=self.session.config_path,
            )
            if worker.is_cancelled:
                return
            self.session.feeds = now
            items = tuple(self._items())
            marks = self.session.state.marks([item.path for item in items])
            self.post_message(FeedsRefreshed(tuple(results), items, marks))
        finally:
            self._refreshing = False

    def item_stamps(self) -> dict[Path, str]:
        """The listed items' versions, for the search index (read in its worker)."""
        return item_stamps(self.session.feeds)

    def load_item(self, path: Path) -> Article:
        """A stored item as the search index reads it (ArticleError when it is gone)."""
        feeds = self.session.feeds
        if feeds is None:
            raise ArticleError("no feeds in this run")
        return feeds.store.article(path)

    @work(thread=True, group="preload")
    def _preload_parsers(self) -> None:
        """The parsers a restart did not need (its headlines came from the cache), imported
        before the user opens another article: switching then costs no import."""
        from reader.sources import preload

        preload()

    @work(thread=True, exclusive=True, group="scan")
    def scan_rest(self, first: FirstScreen) -> None:
        """The rest of the scan, from where the first screen stopped (headlines only), posted
        in batches; then `ScanFinished`."""
        worker = get_current_worker()
        state = self.session.state
        rest = first.rest
        if rest is None:
            return
        batch: list[Headline] = []
        scanned = len(first.entries)
        if first.selected >= 0:
            # The first screen is complete: reading more files before it is painted would only
            # compete with that paint. (Without an article yet, the scan looks for it now.)
            self.first_shown.wait(FIRST_PAINT_WAIT)
        sent = time.monotonic()

        def send(done: bool = False) -> None:
            self.post_message(HeadlinesFound(tuple(batch), scanned, done=done))
            readable = [entry.path for entry in batch if entry.error is None]
            if readable:
                self.post_message(MarksFound(state.marks(readable)))
            self.cache.flush()

        for entry in rest:
            if worker.is_cancelled:
                return
            if entry is PAUSE:
                continue  # (only the first screen stops there)
            batch.append(entry)
            scanned += 1
            now = time.monotonic()
            if len(batch) >= BATCH_SIZE or now - sent >= BATCH_SECONDS:
                send()
                batch, sent = [], now
        send(done=True)
        self.post_message(ScanFinished(first.stamps))

    def start_polling(self, stamps: Stamps) -> None:
        """The first scan is done (with these stamps): poll the folders from now on, and write
        what the scan learnt."""
        self.stamps = stamps
        self.write(self.cache.flush)
        if self._poll_timer is None:
            self._poll_timer = self.set_interval(POLL_SECONDS, self._scheduled_poll)

    # Polls -----------------------------------------------------------------------------------

    @property
    def watching(self) -> bool:
        """True once the first scan is done: from then on the folders are polled."""
        return self._poll_timer is not None

    @property
    def polling(self) -> bool:
        return self._polling

    def _scheduled_poll(self) -> None:
        if self._schedule.due():
            self.poll()

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
        from reader.library.polling import poll

        worker = get_current_worker()
        started = self._schedule.clock()
        try:
            found = poll(self.session.paths, self.stamps, cancelled=lambda: worker.is_cancelled)
            if found is None:
                return
            self.stamps, changes = found
            self._schedule.record(started, changes.walk_seconds)
            if changes.empty:
                return
            paths = [
                entry.path
                for entries in changes.entries.values()
                for entry in entries
                if entry.error is None
            ]
            known = self.session.state.marks(paths) if paths else {}
            # An edited file is a new article for the state (its key is its content): unread.
            marks = {path: known.get(path, Marks()) for path in paths}
            self.post_message(FolderChanged(changes, marks, list(self.stamps)))
        finally:
            self._polling = False

    # Loads -----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self, path: Path, highlight: Query | None, tr: Translator) -> None:
        """Read and parse `path`, make its panes' blocks (the body's with the hits of
        `highlight`, the details' labels in `tr`'s words); post
        `ArticleLoaded` or `ArticleFailed`. A newer load cancels this one. The article is not
        marked read here (`reader.ui.widgets.reading_keys` does, once it has been read)."""
        worker = get_current_worker()
        session = self.session
        prepared: list[PreparedPanes] = []

        def loaded(article: Article) -> None:
            # Kept before the next large load may start: the indexer takes it from here
            # rather than parse the same file a second time.
            self.last_loaded = article
            if not worker.is_cancelled:
                # Here, not on the UI thread: counting the words of a 60 MB article and making
                # a block per paragraph took seconds.
                body = article_blocks(article, highlight)
                feed = feed_state(session.feeds, path) if session.state.is_item(path) else None
                details = metadata_blocks(article, tr, feed, now=time.time())
                prepared.append(PreparedPanes(body, details, highlight, tr, feed))

        result = open_article(
            path,
            session.state,
            session.folder,
            cancelled=lambda: worker.is_cancelled,
            loaded=loaded,
        )
        if isinstance(result, Failed):
            self.post_message(ArticleFailed(path, result.reason))
        elif result is not None and prepared and not worker.is_cancelled:
            self.post_message(ArticleLoaded(path, result.article, result.position, prepared[0]))

    # The state database ----------------------------------------------------------------------
    # Every write goes through one queue, drained by a worker in order; on quit, what the
    # workers did not get to is written at once (`u` then `q` keeps the mark).

    def write(self, call: Callable[[], object]) -> None:
        """A state database call, off the UI thread (the store is safe across threads)."""
        self._pending.append(call)
        self._drain()

    @work(thread=True, group="state")
    def _drain(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Run the queued writes here and now, in order (a worker's, or the quit's)."""
        with self._writing:
            while self._pending:
                self._pending.popleft()()

    def toggle_mark(self, path: Path, which: str) -> None:
        """Flip the read (`which="read"`) or bookmark mark of `path`; post its new marks."""
        state = self.session.state

        def toggle() -> None:
            value = state.toggle_read(path) if which == "read" else state.toggle_bookmark(path)
            if value is not None:
                self.post_message(MarksFound(state.marks([path]) or {path: Marks()}))

        self.write(toggle)

    def change_marks(self, call: Callable[[], object], paths: list[Path]) -> None:
        """Change many marks (`call`, one transaction), in turn with the other writes; post
        the marks of `paths` as they now are."""
        state = self.session.state

        def change() -> None:
            call()
            marks = state.marks(paths)
            self.post_message(MarksFound({path: marks.get(path, Marks()) for path in paths}))

        self.write(change)

    def save_position(self, path: Path, position: int) -> None:
        """Remember where the reader is in `path` (queued, as every write)."""
        state = self.session.state
        self.write(lambda: state.save_position(path, position))

    def on_unmount(self) -> None:
        # A reader quit right after it started keeps what its scan learnt for the next start.
        self.cache.flush()
