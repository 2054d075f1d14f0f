"""The main screen: headline list, article body and metadata, in reading order for the layout.

For right-to-left content the list sits on the right and the metadata on the left (reading starts
at the right); for left-to-right content the panes are mirrored. The screen owns the keys of
`SCREEN_BINDINGS`; files are read in workers that post messages back.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header
from textual.widgets._footer import FooterKey
from textual.worker import get_current_worker

from reader.model import ArticleError
from reader.ui.bindings import SCREEN_BINDINGS
from reader.ui.entries import Entry, scan
from reader.ui.i18n import Translator
from reader.ui.messages import ArticleFailed, ArticleLoaded, HeadlinesFound, OpenEntry
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.metadata import MetadataView

if TYPE_CHECKING:
    from reader.model import Article
    from reader.ui.app import ReaderApp

#: Scan batches go to the UI at least this often (seconds) and at most this big.
BATCH_SECONDS = 0.1
BATCH_SIZE = 200
#: Below this terminal width the metadata pane starts hidden (`m` still shows it).
NARROW = 80
#: Longest time the list's cursor waits for its article before it is painted alone (seconds).
HOLD_FRAME = 0.1
#: Parse failures announced one by one, per scan; the rest in one summary.
MAX_FAILURE_NOTICES = 3


class ReaderFooter(Footer):
    """Textual's Footer with descriptions translated and shaped by the engine."""

    def compose(self) -> ComposeResult:
        tr = cast("MainScreen", self.screen).tr
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = tr.visual(widget.description)
            yield widget


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(SCREEN_BINDINGS)

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(id="main")
        self.paths = paths
        self.article: Article | None = None
        self._scanned = 0
        self._failures = 0
        self._scan_done = False
        self._layout_chosen = False
        self._metadata_chosen = False
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
    def panes(self) -> list[Widget]:
        """The visible panes in reading order: list, body, metadata."""
        order: list[Widget] = [self.headlines, self.body, self.metadata]
        return [pane for pane in order if pane.display]

    # Composition -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        options = self.reader.settings
        yield Header()
        with Horizontal(id="panes"):
            yield HeadlineList(id="headlines", harakat=options.harakat, bidi=options.bidi)
            yield ArticleView(id="body", harakat=options.harakat, bidi=options.bidi)
            yield MetadataView(id="metadata", harakat=options.harakat, bidi=options.bidi)
        yield ReaderFooter(compact=True)

    def on_resize(self) -> None:
        if not self._metadata_chosen:
            self.metadata.display = self.size.width >= NARROW

    def on_mount(self) -> None:
        self.apply_layout()
        self.apply_language()
        self.headlines.before_open = self._hold_frame
        self.headlines.focus()
        self.body.show_notice(self.tr("Loading…"))
        self.scan_paths()

    # Applying settings -----------------------------------------------------------------------

    def apply_layout(self) -> None:
        rtl = self.reader.settings.layout == "rtl"
        panes = self.query_one("#panes", Horizontal)
        first, middle, last = (
            (self.metadata, self.body, self.headlines)
            if rtl
            else (self.headlines, self.body, self.metadata)
        )
        panes.move_child(first, before=0)
        panes.move_child(middle, after=first)
        panes.move_child(last, after=middle)
        self.set_class(rtl, "-rtl")
        self.set_class(not rtl, "-ltr")

    def apply_language(self) -> None:
        """Pane titles, header and footer in the interface language and current bidi mode."""
        tr = self.tr
        self.set_class(tr.rtl, "-ui-rtl")
        self.headlines.border_title = Content(tr.visual("Headlines"))
        self.body.border_title = Content(tr.visual("Article"))
        self.metadata.border_title = Content(tr.visual("Details"))
        self.title = tr("reader")
        self.sub_title = self._folder()
        self._show_scan_progress()
        self.refresh_bindings()

    def apply_text_options(self) -> None:
        settings = self.reader.settings
        for pane in (self.body, self.metadata):
            pane.set_text_options(harakat=settings.harakat, bidi=settings.bidi)
        self.headlines.set_text_options(harakat=settings.harakat, bidi=settings.bidi)
        self.apply_language()

    def _folder(self) -> str:
        if self.article is not None and self.article.path is not None:
            return str(self.article.path.parent)
        if self.paths:
            path = self.paths[0]
            return str(path if path.is_dir() else path.parent)
        return ""

    def _show_scan_progress(self) -> None:
        if self._scan_done:
            self.headlines.border_subtitle = Content(str(len(self.headlines.entries)))
        else:
            self.headlines.border_subtitle = Content(
                self.tr.visual("Scanning… {count}", count=self._scanned)
            )

    # Scanning and loading (workers) ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan")
    def scan_paths(self) -> None:
        """Find every article under the paths and read its headline (the cheap first pass)."""
        worker = get_current_worker()
        batch: list[Entry] = []
        scanned = 0
        sent = time.monotonic()
        for entry in scan(self.paths):
            if worker.is_cancelled:
                return
            batch.append(entry)
            scanned += 1
            now = time.monotonic()
            if scanned == 1 or len(batch) >= BATCH_SIZE or now - sent >= BATCH_SECONDS:
                self.post_message(HeadlinesFound(tuple(batch), scanned))
                batch, sent = [], now
        self.post_message(HeadlinesFound(tuple(batch), scanned, done=True))

    @on(HeadlinesFound)
    def _headlines_found(self, message: HeadlinesFound) -> None:
        headlines = self.headlines
        headlines.add_entries(message.entries)
        self._scanned = message.scanned
        self._scan_done = message.done
        for entry in message.entries:
            if entry.error is not None:
                self._announce_failure(entry)
        if not self._layout_chosen and headlines.entries:
            self._choose_layout(final=message.done)
        if headlines.cursor < 0 and headlines.shown:
            headlines.select(0)
        if message.done:
            if self._failures > MAX_FAILURE_NOTICES:
                self.notify(f"{self._failures}", title="✗", severity="warning")
            if not headlines.entries:
                self.body.show_notice(self.tr("No articles here."))
        self._show_scan_progress()

    def _choose_layout(self, *, final: bool) -> None:
        """`--layout auto`: the direction most articles have (decided once the scan ends)."""
        if self.reader.layout_choice != "auto":
            self._layout_chosen = True
            return
        counts = Counter(entry.direction for entry in self.headlines.entries)
        layout = "ltr" if counts["ltr"] > counts["rtl"] else "rtl"
        if layout != self.reader.settings.layout:
            self.reader.settings = self.reader.settings.replace(layout=layout)
            self.apply_layout()
        self._layout_chosen = final

    def _announce_failure(self, entry: Entry) -> None:
        self._failures += 1
        if self._failures <= MAX_FAILURE_NOTICES:
            message = self.tr.visual(
                "Cannot read {name}: {reason}", name=entry.path.name, reason=entry.error
            )
            self.notify(message, severity="warning", markup=False)

    @on(OpenEntry)
    def _open_requested(self, message: OpenEntry) -> None:
        self.open_entry(message.entry)

    def open_entry(self, entry: Entry, *, focus_list: bool = False) -> None:
        """Show an entry's article (read in a worker); select it in the list too."""
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

    @work(thread=True, exclusive=True, group="load")
    def load(self, path: Path) -> None:
        from reader.sources import load_article

        try:
            article = load_article(path)
        except ArticleError as error:
            reason = getattr(error, "reason", None) or str(error)
            self.post_message(ArticleFailed(path, str(reason)))
        except OSError as error:
            self.post_message(ArticleFailed(path, error.strerror or str(error)))
        else:
            self.post_message(ArticleLoaded(path, article))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        current = self.headlines.current
        if current is None or current.path != message.path:
            return  # the user has moved on
        self.article = message.article
        self.body.show_article(message.article)
        self.metadata.show_article(message.article, self.tr)
        self.headlines.mark_read(message.path)
        self.sub_title = self._folder()
        self._release_frame()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        current = self.headlines.current
        if current is not None and current.path == message.path:
            self._release_frame()
            self.headlines.replace_entry(
                message.path,
                Entry(path=current.path, title=current.title, error=message.reason),
            )
            self._show_failure(message.path, message.reason)
            text = self.tr.visual(
                "Cannot read {name}: {reason}", name=message.path.name, reason=message.reason
            )
            self.notify(text, severity="error", markup=False)

    def _show_failure(self, path: Path, reason: str) -> None:
        self.article = None
        self.body.show_notice(
            self.tr("Cannot read {name}: {reason}", name=path.name, reason=reason)
        )
        self.metadata.show_nothing()

    # Actions ---------------------------------------------------------------------------------

    def action_next_article(self) -> None:
        self.headlines.select(self.headlines.cursor + 1)

    def action_previous_article(self) -> None:
        self.headlines.select(max(0, self.headlines.cursor - 1))

    def _cycle_focus(self, step: int) -> None:
        panes = self.panes
        focused = self.focused
        index = panes.index(focused) if focused in panes else -1
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle_focus(+1)

    def action_previous_pane(self) -> None:
        self._cycle_focus(-1)

    def action_page_down(self) -> None:
        self.body.action_page_down()

    def action_page_up(self) -> None:
        self.body.action_page_up()

    def action_top(self) -> None:
        self.body.action_top()

    def action_bottom(self) -> None:
        self.body.action_bottom()

    def action_toggle_metadata(self) -> None:
        metadata = self.metadata
        metadata.display = not metadata.display
        self._metadata_chosen = True
        if not metadata.display and self.focused is metadata:
            self.body.focus()

    def action_toggle_harakat(self) -> None:
        settings = self.reader.settings
        harakat = "strip" if settings.harakat == "keep" else "keep"
        self.reader.settings = settings.replace(harakat=harakat)
        self.apply_text_options()
        self.notify(
            self.tr.visual("Harakat shown" if harakat == "keep" else "Harakat hidden"), markup=False
        )

    def action_cycle_bidi(self) -> None:
        saved = self.reader.switch_bidi()
        self.apply_text_options()
        key = (
            "Bidi: the reader shapes and orders the text"
            if self.reader.settings.bidi == "app"
            else "Bidi: the terminal orders the text"
        )
        message = self.tr(key) + (" " + self.tr("(saved)") if saved else "")
        self.notify(self.tr.display(message), markup=False)

    def action_flip_layout(self) -> None:
        settings = self.reader.settings
        layout = "ltr" if settings.layout == "rtl" else "rtl"
        self.reader.settings = settings.replace(layout=layout)
        self._layout_chosen = True
        self.apply_layout()
        self.notify(
            self.tr.visual("Layout: right to left" if layout == "rtl" else "Layout: left to right"),
            markup=False,
        )

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit(0)
