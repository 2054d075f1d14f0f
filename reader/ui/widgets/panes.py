"""The three panes side by side, in reading order, and the library that fills them.

For right-to-left content the list sits on the right and the details on the left (reading starts
at the right); for left-to-right content the panes are mirrored. This widget composes the
headline list, the article view and the details pane with the library (a widget that draws
nothing: scan, polls, loads, state writes), and handles what comes up from them: headlines found,
marks read, a headline chosen, an article loaded or failed. The screen above it calls down (open,
next, toggle a mark, set the layout or the engine's options) and routes the search.

A switch of article is painted in one frame: the list's cursor moves at once, the article is
read in a worker, and the frame is held (`hold_frame`) until the body has it, or `HOLD_FRAME` at
the latest; otherwise the cursor would be painted one frame (16 ms) before its article.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget

from reader.library.first_screen import FirstScreen
from reader.library.session import Session
from reader.model import Article, Headline
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    ArticleShown,
    BodyScrolled,
    FirstScreenPainted,
    FolderChanged,
    FullTextFetched,
    HeadlinesFound,
    MarksFound,
    OpenEntry,
    PreparedPanes,
    ScanFinished,
)
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_keys import FeedKeys
from reader.ui.widgets.frame_hold import FrameHold
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.library import Library
from reader.ui.widgets.metadata import MetadataView
from reader.ui.widgets.reading_keys import ReadingKeys

if TYPE_CHECKING:
    from reader.search import Query

#: Parse failures announced one by one, per scan; the rest in one summary.
MAX_FAILURE_NOTICES = 3


class Panes(Horizontal):
    """Headline list, article and details, and the library behind them."""

    def __init__(self, session: Session) -> None:
        super().__init__(id="panes")
        self.session = session
        harakat, bidi = session.settings.harakat, session.settings.bidi
        self.headlines = HeadlineList(id="headlines", harakat=harakat, bidi=bidi)
        self.headlines.set_order(session.settings.sort)
        self.headlines.sizer.set(session.settings.list_width)
        self.body = ArticleView(id="body", harakat=harakat, bidi=bidi)
        self.details = MetadataView(id="metadata", harakat=harakat, bidi=bidi)
        self.library = Library(session)
        self.feed_keys = FeedKeys(session, self.library, self.details)
        #: When the article shown becomes read; `n`/`p`, `A` and its undo.
        self.reading = ReadingKeys(session, self.library, self.headlines)
        self._chosen: Path | None = None  # the entry opened by Enter or a click, while loading
        self._moved = False  # whether the cursor was moved from the first screen's article
        #: The article the body shows (None: a notice instead).
        self.article: Article | None = None
        #: The search whose hits the body highlights (set by the screen), None: none.
        self.highlight: Query | None = None
        self._first: FirstScreen | None = None
        self._first_pending = True
        self._scanned = 0
        self._scan_done = False
        self._failures = 0
        self._frame = FrameHold(self)
        self.headlines.before_open = self.hold_frame

    def read_first_screen(self, rows: int) -> FirstScreen:
        """What the first paint shows, read now, before it (`reader.library.first_screen`);
        put in the panes when they are mounted."""
        self._first = self.library.read_first_screen(rows)
        self.headlines.sizer.first_titles = [entry.title for entry in self._first.entries]
        return self._first

    def compose(self) -> ComposeResult:
        panes: list[Widget] = [self.headlines, self.body, self.details]
        if self.session.settings.layout == "rtl":
            panes.reverse()  # reading starts at the right: the list is the last child
        yield from panes
        yield self.library
        yield self.feed_keys
        yield self.reading

    def on_mount(self) -> None:
        first, self._first = self._first, None
        if first is None:
            first = self.library.read_first_screen(max(1, self.size.height // 2))
        self._show_first(first)
        self._first_screen()  # whatever the first paint shows, the start-up ends with it
        if first.done:
            self.post_message(ScanFinished(first.stamps))
        else:
            self.library.scan_rest(first)

    def _show_first(self, first: FirstScreen) -> None:
        """Put the first screen's content in the panes (before the first paint)."""
        self._added(first.entries, len(first.entries), first.done)
        self.headlines.apply_marks(first.marks)
        tr = self.session.tr
        if first.done and not first.entries:
            self.show_notice(tr("No articles here."))
        elif first.selected < 0:
            self.show_notice(tr("Loading…"))
        else:
            entry = first.entries[first.selected]
            self.headlines.select(first.selected, open_it=False)
            if first.failure is not None:
                if entry.error is None:
                    self.show_failed(entry, first.failure)
                else:  # failed in the scan already, and announced
                    self._show_failure(entry.path, first.failure)
            elif first.article is not None:
                self._show_article(entry.path, first.article, first.position)
            else:  # a large file: read in a worker, after the first paint
                self.show_notice(tr("Loading…"))
                self._load(entry.path)

    def _first_screen(self) -> None:
        """The first article (or its failure) is shown: once that frame is painted, the scan
        reads on and the start-up ends. (Before it, they would only compete with the paint.)"""
        if self._first_pending:
            self._first_pending = False
            self.call_after_refresh(self.call_after_refresh, self._first_screen_painted)

    def _first_screen_painted(self) -> None:
        self.library.first_painted()
        self.post_message(FirstScreenPainted())

    # Order, focus, options -------------------------------------------------------------------

    @property
    def shown_panes(self) -> list[Widget]:
        """The visible panes in reading order: list, body, details."""
        return [pane for pane in (self.headlines, self.body, self.details) if pane.display]

    def set_layout(self) -> None:
        """Put the panes in reading order for the session's layout."""
        first, middle, last = (
            (self.details, self.body, self.headlines)
            if self.session.settings.layout == "rtl"
            else (self.headlines, self.body, self.details)
        )
        self.move_child(first, before=0)
        self.move_child(middle, after=first)
        self.move_child(last, after=middle)

    def apply_settings(self) -> None:
        """The session's engine options and interface words, in every pane."""
        settings, tr = self.session.settings, self.session.tr
        for pane in (self.headlines, self.body, self.details):
            pane.set_text_options(harakat=settings.harakat, bidi=settings.bidi)
        self.body.set_measure(settings.measure)
        self.headlines.set_translator(tr)
        self.body.border_title = Content(tr.visual("Article"))
        self.details.border_title = Content(tr.visual("Details"))
        self._show_progress()

    # The scan and the polls ------------------------------------------------------------------

    def _added(self, entries: Iterable[Headline], scanned: int, done: bool) -> None:
        """Headlines found: listed, failures announced (the first few), progress shown."""
        entries = tuple(entries)
        self.headlines.add_entries(entries)
        self._scanned, self._scan_done = scanned, done
        tr = self.session.tr
        for entry in entries:
            if entry.error is not None:
                self._failures += 1
                if self._failures <= MAX_FAILURE_NOTICES:
                    message = tr.visual(
                        "Cannot read {name}: {reason}",
                        name=entry.path.name,
                        reason=tr.reason(entry.error),
                    )
                    self.notify(message, severity="warning", markup=False)
        if done and self._failures > MAX_FAILURE_NOTICES:
            self.notify(tr.number(self._failures), title="✗", severity="warning")
        self._show_progress()

    def _show_progress(self) -> None:
        self.headlines.show_progress(self.session.tr, None if self._scan_done else self._scanned)

    @on(HeadlinesFound)
    def _headlines_found(self, message: HeadlinesFound) -> None:
        # (Not stopped: the screen decides `--layout auto` from them too.)
        headlines = self.headlines
        self._added(message.entries, message.scanned, message.done)
        if headlines.cursor < 0 and headlines.shown:
            # The article last opened here once the scan finds it (until the scan is done),
            # else the first one.
            resume = self.session.resume
            if resume is None or (not headlines.select_path(resume) and message.done):
                headlines.select(0)
        elif message.done and not self._moved and self.session.resume is None:
            headlines.select(0)  # newer articles than the first screen's sorted above it
        if message.done and not headlines.entries:
            self.show_notice(self.session.tr("No articles here."))

    @on(ScanFinished)
    def _scan_finished(self, message: ScanFinished) -> None:
        # (Not stopped: the screen builds the search index.) Once the complete list is
        # painted: the first poll's walk would only delay that frame.
        self.call_after_refresh(self.library.start_polling, message.stamps)

    @on(MarksFound)
    def _marks_found(self, message: MarksFound) -> None:
        message.stop()
        self.headlines.apply_marks(message.marks)

    @on(FolderChanged)
    def _folder_changed(self, message: FolderChanged) -> None:
        # (Not stopped: the screen brings the search index up to date.)
        from reader.library.polling import merge_entries

        headlines = self.headlines
        current = headlines.current
        merged = merge_entries(
            headlines.entries,
            message.changes,
            keep=current.path if current is not None else None,
            gone=self.session.tr("deleted or moved"),
        )
        headlines.set_entries(merged)
        headlines.apply_marks(message.marks)
        self._show_progress()
        if headlines.cursor < 0 and headlines.shown and self.article is None:
            headlines.select(0)  # the folder had nothing to show until now

    # Opening articles ------------------------------------------------------------------------

    @on(OpenEntry)
    def _open_requested(self, message: OpenEntry) -> None:
        message.stop()
        self._moved = True
        self.open_entry(message.entry, chosen=message.chosen)
        if message.chosen:  # Enter: the article is where the keys go now
            self.body.focus()

    @on(BodyScrolled)
    def _body_scrolled(self, message: BodyScrolled) -> None:
        message.stop()
        self.reading.scrolled(at_end=message.at_end)

    def open_entry(
        self, entry: Headline, *, focus_list: bool = False, chosen: bool = False
    ) -> None:
        """Show an entry's article (read at once when `chosen`, else after the delay), selected."""
        self.save_position()
        self.reading.left()
        self._chosen = entry.path if chosen else None
        headlines = self.headlines
        position = headlines.index_of(entry.path)
        if position >= 0 and position != headlines.cursor:
            headlines.select(position, open_it=False)
        if focus_list:
            headlines.focus()
        if entry.error is not None:
            # Nothing to wait for: the frame the list holds (`before_open`) goes out with it.
            self._show_failure(entry.path, entry.error)
            self.call_after_refresh(self.release_frame)
            return
        self.hold_frame()
        self._load(entry.path)

    def _load(self, path: Path) -> None:
        self.library.load(path, self.highlight, self.session.tr)

    def save_position(self, *, now: bool = False) -> None:
        """Remember the body's top line (queued); `now` (quit): every queued write, at once."""
        article = self.article
        if article is not None and article.path is not None:
            self.library.save_position(article.path, self.body.top_position())
        if now:
            self.library.flush()

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        message.stop()
        current = self.headlines.current
        if current is None or current.path != message.path:
            return  # the user has moved on
        self._show_article(message.path, message.article, message.position, message.prepared)
        # Released once the panes have queued their repaints, so that all go in one frame.
        self.call_after_refresh(self.release_frame)
        self._first_screen()

    def _show_article(
        self, path: Path, article: Article, position: int, prepared: PreparedPanes | None = None
    ) -> None:
        """Show an article just read: body (scrolled to the saved line `position`, the search's
        hits marked), details, its read mark in the list. `prepared`: the blocks made by the
        worker that read it, used when the search and the interface they were made for are
        still those shown."""
        tr, highlight = self.session.tr, self.highlight
        self.article = article
        body = details = feed = None
        if prepared is not None:
            body = prepared.body if prepared.highlight is highlight else None
            details = prepared.details if prepared.tr is tr else None
            feed = prepared.feed
        elif self.session.state.is_item(path):
            self.feed_keys.find_status(path)  # (the first screen's: read before the worker)
        self.body.show_article(article, position, highlight=highlight, blocks=body)
        self.details.show_article(article, tr, blocks=details, feed=feed)
        self.reading.shown(path, chosen=path == self._chosen)
        if highlight is not None:
            self.body.first_hit()
        self.post_message(ArticleShown(path))

    @on(FullTextFetched)
    def _full_text_fetched(self, message: FullTextFetched) -> None:
        # (Not stopped: the screen has the search index read the item again.)
        current = self.headlines.current
        if message.result.status == "ok" and current is not None and current.path == message.path:
            self.open_entry(current)  # shown again, with its full text

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        message.stop()
        current = self.headlines.current
        if current is not None and current.path == message.path:
            self.release_frame()
            self.show_failed(current, message.reason)

    def show_failed(self, entry: Headline, reason: str) -> None:
        """An article that could not be read when opened: marked failed in the list, its reason
        in the body and in a notification."""
        self.headlines.replace_entry(entry.path, entry._replace(error=reason))
        self._show_failure(entry.path, reason)
        tr = self.session.tr
        text = tr.visual(
            "Cannot read {name}: {reason}", name=entry.path.name, reason=tr.reason(reason)
        )
        self.notify(text, severity="error", markup=False)

    def _show_failure(self, path: Path, reason: str) -> None:
        self._first_screen()
        self.article = None
        tr = self.session.tr
        self.body.show_notice(
            tr("Cannot read {name}: {reason}", name=path.name, reason=tr.reason(reason))
        )
        self.details.show_nothing()

    def show_notice(self, text: str) -> None:
        """A message in the body in place of an article (loading, an empty folder)."""
        self.article = None
        self.body.show_notice(text)
        self.details.show_nothing()

    def show_search(self, query: Query | None) -> None:
        """Highlight the hits of `query` (None: no more) in the article shown and the next."""
        self.highlight = query
        if self.article is not None:
            position = 0 if query is not None else self.body.top_position()
            self.body.show_article(self.article, position, highlight=query)
            if query is not None:
                self.body.first_hit()

    def reuse(self, path: Path) -> Article | None:
        """The article at `path` when shown or just parsed (the index need not parse it again)."""
        for article in (self.article, self.library.last_loaded):
            if article is not None and article.path == path:
                return article
        return None

    # One frame per switch (`reader.ui.widgets.frame_hold`) ---------------------------------

    def hold_frame(self) -> None:
        """Hold the repaint until the article is shown (`release_frame`), or `HOLD_FRAME`."""
        self._frame.hold()

    @property
    def holding(self) -> bool:
        """True while a repaint is held for an article on its way (`hold_frame`)."""
        return self._frame.holding

    def release_frame(self) -> None:
        self._frame.release()
