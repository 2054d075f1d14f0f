"""Opening articles and keeping the reading state: the half of the main screen that reads.

Files are read in workers that post messages back; the state database is written from workers
too. A switch of article is painted in one frame: the list's cursor waits for the new body.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.model import ArticleError
from reader.ui.entries import Entry
from reader.ui.i18n import Translator
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    ArticleShown,
    MarksFound,
    OpenEntry,
    PreparedPanes,
)
from reader.ui.state import Marks, absolute
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.metadata import MetadataView

if TYPE_CHECKING:
    from reader.model import Article
    from reader.search import Query
    from reader.ui.app import ReaderApp

#: Files larger than this are read one at a time (`large_load`).
LARGE_FILE = 1024 * 1024
_LARGE_LOAD = threading.Lock()


@contextmanager
def large_load(path: Path, cancelled: Callable[[], bool]) -> Iterator[bool]:
    """Read large files one at a time: a parse cannot stop midway, so paging through several
    60 MB articles would otherwise parse them all at once, each with its own copies. Yields
    False when the load was cancelled while it waited its turn."""
    try:
        large = os.stat(path).st_size > LARGE_FILE
    except OSError:
        large = False  # (a JSON list member `file.json#3`, or a file gone: read as usual)
    if not large:
        yield True
        return
    while not _LARGE_LOAD.acquire(timeout=0.05):
        if cancelled():
            yield False
            return
    try:
        yield not cancelled()
    finally:
        _LARGE_LOAD.release()


#: Longest time the list's cursor waits for its article before it is painted alone (seconds).
HOLD_FRAME = 0.1
FILTERS = ("all", "unread", "bookmarked")


class ReadingScreen(Screen[None]):
    """Opens the chosen article, remembers what was read, bookmarked and where."""

    def __init__(self, paths: list[Path], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paths = paths
        self.article: Article | None = None
        #: The article the load worker parsed last (set in the worker, possibly before the
        #: body shows it), so that the search index does not parse the same file again.
        self.last_loaded: Article | None = None
        self._filter = "all"
        #: Search results narrowing the list (absolute paths), None when not searching.
        self.search_paths: frozenset[Path] | None = None
        #: The search whose hits are highlighted in the body, None when not searching.
        self.highlight: Query | None = None
        #: Set once the first article (or its failure) is painted: the scan waits for it.
        self.first_shown = threading.Event()
        self._first_pending = True
        self._held: AbstractContextManager[None] | None = None
        self._hold_timer: Timer | None = None

    # Shortcuts -------------------------------------------------------------------------------

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def tr(self) -> Translator:
        return self.reader.tr

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one("#headlines", HeadlineList)

    @property
    def body(self) -> ArticleView:
        return self.query_one("#body", ArticleView)

    @property
    def metadata(self) -> MetadataView:
        return self.query_one("#metadata", MetadataView)

    @property
    def folder(self) -> Path:
        """The folder the reader was started on (the key of "last opened")."""
        from reader.ui.app import reading_folder

        return reading_folder(self.paths)

    def _folder(self) -> str:
        if self.article is not None and self.article.path is not None:
            return str(self.article.path.parent)
        if self.paths:
            path = self.paths[0]
            return str(path if path.is_dir() else path.parent)
        return ""

    # Opening articles ------------------------------------------------------------------------

    @on(OpenEntry)
    def _open_requested(self, message: OpenEntry) -> None:
        self.open_entry(message.entry)

    def open_entry(self, entry: Entry, *, focus_list: bool = False) -> None:
        """Show an entry's article (read in a worker); select it in the list too."""
        self._save_position()
        position = self.headlines.index_of(entry.path)
        if position >= 0 and position != self.headlines.cursor:
            self.headlines.select(position, open_it=False)
        if focus_list:
            self.headlines.focus()
        if entry.error is not None:
            self._show_failure(entry.path, entry.error)
            return
        self._hold_frame()
        self.load(entry.path)

    def _hold_frame(self) -> None:
        """Paint the moved cursor and the new body in one frame, not two.

        The article is read in a worker; without this, the cursor would be painted at once and
        the body one frame (16 ms) later. The hold ends when the article (or its failure) is
        shown, or after HOLD_FRAME at the latest.
        """
        if self._held is None:
            self._held = self.app.batch_update()
            self._held.__enter__()
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_FRAME, self._release_frame)

    def _release_frame(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)

    def _first_screen(self) -> None:
        """The first article (or its failure) is shown: once that frame is painted, the scan
        reads on and the start-up ends. (Before it, they would only compete with the paint.)"""
        if self._first_pending:
            self._first_pending = False
            self.call_after_refresh(self.call_after_refresh, self._first_screen_painted)

    def _first_screen_painted(self) -> None:
        self.first_shown.set()
        self.reader.end_startup()
        self._preload_parsers()

    @work(thread=True, group="preload")
    def _preload_parsers(self) -> None:
        """The parsers a restart did not need (its headlines came from the cache), imported
        before the user opens another article: switching then costs no import."""
        from reader.sources import preload

        preload()

    @work(thread=True, exclusive=True, group="load")
    def load(self, path: Path) -> None:
        from reader.sources import load_article

        worker = get_current_worker()
        try:
            with large_load(path, lambda: worker.is_cancelled) as go_on:
                if not go_on:
                    return  # the user moved on while an earlier large file was read
                article = load_article(path)
                # Before the next large load may start: the indexer takes it from here
                # rather than parse the same file a second time.
                self.last_loaded = article
        except ArticleError as error:
            reason = getattr(error, "reason", None) or str(error)
            self.post_message(ArticleFailed(path, str(reason)))
        except OSError as error:
            self.post_message(ArticleFailed(path, error.strerror or str(error)))
        else:
            if worker.is_cancelled:
                return
            prepared = self._prepare_panes(article)
            if worker.is_cancelled:
                return
            position = self.reader.state.opened(path, self.folder)
            self.post_message(ArticleLoaded(path, article, position, prepared))

    def _prepare_panes(self, article: Article) -> PreparedPanes:
        """The body's and the details' blocks (in the worker: counting the words of a 60 MB
        article and making a block per paragraph took seconds of the UI thread)."""
        from reader.ui.widgets.article_view import article_blocks
        from reader.ui.widgets.metadata import metadata_blocks

        highlight, tr = self.highlight, self.tr
        return PreparedPanes(
            article_blocks(article, highlight), metadata_blocks(article, tr), highlight, tr
        )

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        current = self.headlines.current
        if current is None or current.path != message.path:
            return  # the user has moved on
        self.show_loaded(message.path, message.article, message.position, message.prepared)
        # Released once the panes have queued their repaints, so that all go in one frame.
        self.call_after_refresh(self._release_frame)
        self._first_screen()

    def show_loaded(
        self,
        path: Path,
        article: Article,
        position: int,
        prepared: PreparedPanes | None = None,
    ) -> None:
        """Show an article just read: body, metadata, its mark in the list, the header.
        `prepared`: the panes' blocks made by the worker that read it (when the search and the
        language they were made for are still those shown)."""
        self.article = article
        body = details = None
        if prepared is not None:
            # (Made for the search and the interface shown when the worker ran: still those?)
            body = prepared.body if prepared.highlight is self.highlight else None
            details = prepared.details if prepared.tr is self.tr else None
        self.body.show_article(article, position, highlight=self.highlight, blocks=body)
        if details is not None:
            self.metadata.set_blocks(details, fallback="rtl" if self.tr.rtl else "ltr")
        else:
            self.metadata.show_article(article, self.tr)
        self.headlines.mark_read(path)
        self.post_message(ArticleShown(path))
        self.sub_title = self._folder()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        current = self.headlines.current
        if current is not None and current.path == message.path:
            self._release_frame()
            self.show_failed(current, message.reason)

    def show_failed(self, entry: Entry, reason: str) -> None:
        """An article that could not be read when opened: marked failed in the list, its reason
        in the body and in a notification."""
        self.headlines.replace_entry(entry.path, entry._replace(error=reason))
        self._show_failure(entry.path, reason)
        text = self.tr.visual("Cannot read {name}: {reason}", name=entry.path.name, reason=reason)
        self.notify(text, severity="error", markup=False)

    def _show_failure(self, path: Path, reason: str) -> None:
        self._first_screen()
        self.article = None
        self.body.show_notice(
            self.tr("Cannot read {name}: {reason}", name=path.name, reason=reason)
        )
        self.metadata.show_nothing()

    def action_next_article(self) -> None:
        self.headlines.select(self.headlines.cursor + 1)

    def action_previous_article(self) -> None:
        self.headlines.select(max(0, self.headlines.cursor - 1))

    # Reading state ---------------------------------------------------------------------------

    def _save_position(self) -> None:
        article = self.article
        if article is not None and article.path is not None:
            state = self.reader.state
            self.write_state(partial(state.save_position, article.path, self.body.top_paragraph()))

    @work(thread=True, group="state")
    def write_state(self, call: Callable[[], object]) -> None:
        """A state database call off the UI thread (the store is safe across threads)."""
        call()

    @work(thread=True, group="state")
    def _toggle_mark(self, path: Path, which: str) -> None:
        state = self.reader.state
        value = state.toggle_read(path) if which == "read" else state.toggle_bookmark(path)
        if value is not None:
            marks = state.marks([path])
            self.post_message(MarksFound(marks or {path: Marks()}))

    def action_toggle_read(self) -> None:
        self._toggle("read", self.headlines.read, ("Marked unread", "Marked read"))

    def action_toggle_bookmark(self) -> None:
        self._toggle("bookmark", self.headlines.bookmarked, ("Bookmark removed", "Bookmarked"))

    def _toggle(self, which: str, marked: set[Path], notices: tuple[str, str]) -> None:
        """`u`/`s` on the current entry: the state flips in a worker; the notice says how
        (`notices`: when it was marked, when it was not)."""
        entry = self.headlines.current
        if entry is None or entry.error is not None:
            return
        was_marked = entry.path in marked
        self._toggle_mark(entry.path, which)
        self.notify(self.tr.visual(notices[0] if was_marked else notices[1]), markup=False)

    def apply_filters(self) -> None:
        """Narrow the list by the read/bookmark filter and the search results together."""
        headlines = self.headlines
        mode, found = self._filter, self.search_paths
        if mode == "all" and found is None:
            headlines.set_filter(None)
            return

        def accept(entry: Entry) -> bool:
            if mode == "unread" and entry.path in headlines.read:
                return False
            if mode == "bookmarked" and entry.path not in headlines.bookmarked:
                return False
            return found is None or absolute(entry.path) in found

        headlines.set_filter(accept)

    def action_cycle_filter(self) -> None:
        """All → unread → bookmarked → all; the cursor stays on its article when it is shown."""
        self._filter = FILTERS[(FILTERS.index(self._filter) + 1) % len(FILTERS)]
        self.apply_filters()
        key = {
            "all": "Showing all articles",
            "unread": "Showing unread articles",
            "bookmarked": "Showing bookmarked articles",
        }[self._filter]
        self.notify(self.tr.visual(key), markup=False)
