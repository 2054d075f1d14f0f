"""The main screen: headline list, article body and metadata, in reading order for the layout.

For right-to-left content the list sits on the right and the metadata on the left (reading starts
at the right); for left-to-right content the panes are mirrored. The screen owns the keys of
`SCREEN_BINDINGS`; it scans the folders here and opens articles and keeps the reading state
through `ReadingScreen`.

Start-up paints one complete frame: `compose` reads the first headlines and the article to open
(`reader.ui.first_screen`, with the headline cache), `on_mount` puts them in the panes, and the
text panes lay out during the layout pass that sizes them. The rest of the scan runs in a worker
once that frame is painted.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.ui.bindings import SCREEN_BINDINGS
from reader.ui.entries import PAUSE, Entry, HeadlineCache, Stamp
from reader.ui.first_screen import FirstScreen, read_first_screen
from reader.ui.messages import (
    HeadlinesFound,
    MarksFound,
)
from reader.ui.screens.watching import WatchingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.metadata import MetadataView

#: Scan batches go to the UI at least this often (seconds) and at most this big.
BATCH_SECONDS = 0.1
BATCH_SIZE = 200
#: How long the scan worker waits for the first screen to be painted before it reads on
#: (seconds): until then it would only compete with that paint for the interpreter.
FIRST_PAINT_WAIT = 0.5
#: Below this terminal width the metadata pane starts hidden (`m` still shows it).
NARROW = 80
#: Parse failures announced one by one, per scan; the rest in one summary.
MAX_FAILURE_NOTICES = 3


class MainScreen(WatchingScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(SCREEN_BINDINGS)
    #: The list has the focus from the start. (Textual's default focuses the first focusable
    #: widget, a pane we would then take it from: each change of focus restyles the panes.)
    AUTO_FOCUS = "#headlines"

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(paths, id="main")
        self._scanned = 0
        self._failures = 0
        self._scan_done = False
        self._layout_chosen = False
        self._metadata_chosen = False
        #: The article last opened from this folder: opened first when the scan finds it.
        self._resume: Path | None = self.reader.resume
        #: What the first paint shows (read in `compose`, applied in `on_mount`).
        self._first: FirstScreen | None = None
        self._resumed = False
        #: The scan's headlines from previous runs (in the state database).
        self._headline_cache = HeadlineCache(self.reader.state.store)
        # The classes the first layout needs, set before it (setting them after the mount would
        # apply the stylesheet to every pane once more).
        rtl = self.reader.settings.layout == "rtl"
        self.set_class(rtl, "-rtl", update=False)
        self.set_class(not rtl, "-ltr", update=False)
        self.set_class(self.tr.rtl, "-ui-rtl", update=False)

    # Shortcuts -------------------------------------------------------------------------------

    @property
    def panes(self) -> list[Widget]:
        """The visible panes in reading order: list, body, metadata."""
        order: list[Widget] = [self.headlines, self.body, self.metadata]
        return [pane for pane in order if pane.display]

    # Composition -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The first screen's headlines and article are read now, before the first paint, so
        # that it is painted once, complete (see `reader.ui.first_screen`).
        first = self._first = read_first_screen(
            self.paths,
            self.reader.state,
            rows=max(1, (self.app.size.height - 4) // 2),
            resume=self._resume,
            folder=self.folder,
            cache=self._headline_cache,
        )
        if first.entries and not self._layout_chosen:
            self._choose_layout(first.entries, final=first.done, apply=False)
        options = self.reader.settings
        yield Static(id="title-bar")
        panes: list[Widget] = [
            HeadlineList(id="headlines", harakat=options.harakat, bidi=options.bidi),
            ArticleView(id="body", harakat=options.harakat, bidi=options.bidi),
            MetadataView(id="metadata", harakat=options.harakat, bidi=options.bidi),
        ]
        if options.layout == "rtl":
            panes.reverse()  # reading starts at the right: the list is the last child
        yield Horizontal(*panes, id="panes")
        yield KeyFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles a screen's every widget when the screen is resumed. The first
        # resume comes right after the panes were mounted, and styled: once more would only
        # delay the first frame (by 3 ms). Later resumes (back from help) restyle as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        # A reader quit right after it started keeps what its scan learnt for the next start.
        self._headline_cache.flush()

    def on_resize(self) -> None:
        if not self._metadata_chosen:
            self.metadata.display = self.size.width >= NARROW

    def on_mount(self) -> None:
        self.apply_language()
        self.headlines.before_open = self._hold_frame
        self.headlines.focus()
        for warning in self.reader.state.store.warnings:  # e.g. a corrupt database moved aside
            self.notify(self.tr.display(warning), severity="warning", markup=False)
        first, self._first = self._first, None
        assert first is not None
        self._show_first(first)
        # Whatever the first paint shows, the start-up ends with it.
        self._first_screen()
        if first.done:
            self._scan_finished(first.stamps)
        else:
            self.scan_paths(first)

    def _show_first(self, first: FirstScreen) -> None:
        """Put the first screen's content in the panes (before the first paint)."""
        headlines = self.headlines
        self._scanned = len(first.entries)
        self._scan_done = first.done
        headlines.add_entries(first.entries)
        headlines.apply_marks(first.marks)
        self._show_scan_progress()
        for entry in first.entries:
            if entry.error is not None:
                self._announce_failure(entry)
        if first.done and not first.entries:
            self.body.show_notice(self.tr("No articles here."))
            return
        if first.selected < 0:
            self.body.show_notice(self.tr("Loading…"))
            return
        entry = first.entries[first.selected]
        headlines.select(first.selected, open_it=False)
        if first.failure is not None:
            if entry.error is None:
                self.show_failed(entry, first.failure)
            else:  # failed in the scan already, and announced
                self._show_failure(entry.path, first.failure)
        elif first.article is not None:
            self.show_loaded(entry.path, first.article, first.position)
        else:  # a large file: read in a worker, after the first paint
            self.body.show_notice(self.tr("Loading…"))
            self.load(entry.path)

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
        self._show_title()

    def watch_sub_title(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        """The header line: the app's title and the current folder (a one-line Static is all
        Textual's Header gave here, at a fraction of its start-up cost)."""
        for bar in self.query("#title-bar").results(Static):  # none before compose
            bar.update(self.reader.format_title(self.title or "", self.sub_title or ""))
        self._show_scan_progress()
        self.refresh_bindings()

    def apply_text_options(self) -> None:
        settings = self.reader.settings
        for pane in (self.body, self.metadata):
            pane.set_text_options(harakat=settings.harakat, bidi=settings.bidi)
        self.headlines.set_text_options(harakat=settings.harakat, bidi=settings.bidi)
        self.apply_language()

    def _show_scan_progress(self) -> None:
        if self._scan_done:
            self.show_count()
        else:
            self.headlines.border_subtitle = Content(
                self.tr.visual("Scanning… {count}", count=self._scanned)
            )

    # Scanning and loading (workers) ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan")
    def scan_paths(self, first: FirstScreen) -> None:
        """The rest of the scan, from where the first screen stopped (the cheap first pass:
        headlines only), sent to the list in batches."""
        worker = get_current_worker()
        state = self.reader.state
        rest = first.rest
        assert rest is not None
        batch: list[Entry] = []
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
            self._headline_cache.flush()

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
        self.app.call_from_thread(self._scan_finished, first.stamps)

    def _scan_finished(self, stamps: dict[Path, Stamp | None]) -> None:
        # The index is built once the complete list is painted: importing the search layer
        # and reading every body would hold that frame up.
        self.call_after_refresh(self.build_index, list(stamps))
        self.start_polling(stamps)
        # What the first screen learnt, written once that screen is painted.
        self.call_after_refresh(self.write_state, self._headline_cache.flush)

    @on(MarksFound)
    def _marks_found(self, message: MarksFound) -> None:
        self.headlines.apply_marks(message.marks)

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
            self._choose_layout(headlines.entries, final=message.done)
        if headlines.cursor < 0 and headlines.shown:
            self._open_first(final=message.done)
        if message.done:
            if self._failures > MAX_FAILURE_NOTICES:
                self.notify(f"{self._failures}", title="✗", severity="warning")
            if not headlines.entries:
                self.body.show_notice(self.tr("No articles here."))
        self._show_scan_progress()

    def _open_first(self, *, final: bool) -> None:
        """The article last opened here once the scan finds it; else the first one."""
        headlines = self.headlines
        resume = self._resume
        if resume is not None:
            position = headlines.index_of(resume)
            if position < 0:
                absolute = Path(os.path.abspath(resume))
                for index, entry_index in enumerate(headlines.shown):
                    if Path(os.path.abspath(headlines.entries[entry_index].path)) == absolute:
                        position = index
                        break
            if position >= 0:
                headlines.select(position)
                return
            if not final:
                return  # keep waiting for it
        headlines.select(0)

    def _choose_layout(self, entries: Iterable[Entry], *, final: bool, apply: bool = True) -> None:
        """`--layout auto`: the direction most articles have (decided once the scan ends).
        With `apply` False (before the panes exist), only the setting and classes change."""
        if self.reader.layout_choice != "auto":
            self._layout_chosen = True
            return
        counts = Counter(entry.direction for entry in entries)
        layout = "ltr" if counts["ltr"] > counts["rtl"] else "rtl"
        if layout != self.reader.settings.layout:
            self.reader.settings = self.reader.settings.replace(layout=layout)
            if apply:
                self.apply_layout()
            else:
                self.set_class(layout == "rtl", "-rtl", update=False)
                self.set_class(layout == "ltr", "-ltr", update=False)
        self._layout_chosen = final

    def _announce_failure(self, entry: Entry) -> None:
        self._failures += 1
        if self._failures <= MAX_FAILURE_NOTICES:
            message = self.tr.visual(
                "Cannot read {name}: {reason}", name=entry.path.name, reason=entry.error
            )
            self.notify(message, severity="warning", markup=False)

    # Actions ---------------------------------------------------------------------------------

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
        self.write_state(partial(self.reader.state.save_setting, "harakat", harakat))
        self.apply_text_options()
        self.notify(
            self.tr.visual("Harakat shown" if harakat == "keep" else "Harakat hidden"), markup=False
        )

    def action_cycle_bidi(self) -> None:
        saved = self.reader.switch_bidi()
        self.write_state(partial(self.reader.state.save_setting, "bidi", self.reader.settings.bidi))
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
        self.write_state(partial(self.reader.state.save_setting, "layout", layout))
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
        article = self.article
        if article is not None and article.path is not None:
            # Directly, not in a worker: the app is about to stop its workers.
            self.reader.state.save_position(article.path, self.body.top_paragraph())
        self.app.exit(0)
