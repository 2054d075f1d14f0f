"""The main screen: it composes the widgets, routes what comes up from them, and owns the keys.

From the top: the title line, the search bar (with its index and search workers), the panes (the
headline list with its filter, the article view with its search hits, the details, and the
library behind them: scan, polls, loads, state writes), the footer. Calls go down to them; what
they find comes back up as messages (`reader.ui.messages`). The screen routes the search between
the bar and the panes, applies the settings the keys change (they live in the session,
`reader.library.session`, which the app passes down), and chooses `--layout auto`.

Start-up paints one complete frame: `compose` has the panes read the first headlines and the
article to open (`reader.library.first_screen`), which are in the panes when they are mounted;
the text panes lay out during the layout pass that sizes them. The rest of the scan runs in a
worker once that frame is painted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen

from reader.library.session import Session
from reader.model import Article, Headline
from reader.ui.bindings import FILTER_NOTICES, SCREEN_BINDINGS, toggle_notice
from reader.ui.messages import (
    ArticleShown,
    BidiChanged,
    FeedsProgress,
    FeedsRefreshed,
    FolderChanged,
    FullTextFetched,
    HeadlinesFound,
    ScanFinished,
    SearchEnded,
    SearchResults,
    SearchSubmitted,
)
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.metadata import MetadataView
from reader.ui.widgets.panes import Panes
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.sources_pane import SourcesPane
from reader.ui.widgets.title_bar import TitleBar

#: Below this terminal width the details pane starts hidden (`m` still shows it).
NARROW = 80


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(SCREEN_BINDINGS)
    #: The list has the focus from the start. (Textual's default focuses the first focusable
    #: widget, a pane we would then take it from: each change of focus restyles the panes.)
    AUTO_FOCUS = "#headlines"

    def __init__(self, session: Session) -> None:
        super().__init__(id="main")
        self.session = session
        self.panes = Panes(session)
        self.sources = SourcesPane(session, self.headlines, self.panes.reading, id="sources")
        self.title_bar = TitleBar(session, id="title-bar")
        self.search_bar = SearchBar(
            session.index_path,
            session.tr,
            titles=lambda: list(self.headlines.entries),
            reuse=self.panes.reuse,
            items=self.panes.library.item_stamps if session.feeds is not None else None,
            load_item=self.panes.library.load_item,
            id="search-bar",
        )
        self._layout_chosen = False
        self._details_chosen = False
        self._resumed = False
        # The classes the first layout needs, set before it (setting them after the mount
        # would apply the stylesheet to every pane once more).
        self._set_layout_classes(update=False)
        self.set_class(session.tr.rtl, "-ui-rtl", update=False)

    # The widgets (the panes' own, for the keys and the tests) --------------------------------

    @property
    def headlines(self) -> HeadlineList:
        return self.panes.headlines

    @property
    def body(self) -> ArticleView:
        return self.panes.body

    @property
    def metadata(self) -> MetadataView:
        return self.panes.details

    @property
    def article(self) -> Article | None:
        """The article the body shows (None: a notice instead)."""
        return self.panes.article

    # Composition -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The first screen's headlines and article are read now, before the first paint, so
        # that it is painted once, complete (see `reader.library.first_screen`); the layout
        # they ask for (`--layout auto`) is the panes' order from the start.
        first = self.panes.read_first_screen(rows=max(1, (self.app.size.height - 4) // 2))
        if first.entries:
            self._choose_layout(first.entries, final=first.done, apply=False)
        yield self.title_bar
        yield self.search_bar
        self.sources.fit_screen(self.app.size.width)  # (before the first layout)
        yield Horizontal(self.sources, self.panes, id="columns")  # sources docked by layout
        yield KeyFooter(self.session.tr)

    def on_mount(self) -> None:
        self.apply_language()
        self.headlines.focus()
        for warning in self.session.warnings:  # a corrupt database moved aside, a bad config…
            self.notify(self.session.tr.display(warning), severity="warning", markup=False)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles a screen's every widget when the screen is resumed. The first
        # resume comes right after the panes were mounted, and styled: once more would only
        # delay the first frame (by 3 ms). Later resumes (back from help) restyle as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self) -> None:
        self.sources.fit_screen(self.size.width)
        if not self._details_chosen:
            self.metadata.display = self.size.width >= NARROW

    # What comes up from the panes ------------------------------------------------------------

    @on(HeadlinesFound)
    def _headlines_found(self, message: HeadlinesFound) -> None:
        if not self._layout_chosen and self.headlines.entries:
            self._choose_layout(self.headlines.entries, final=message.done)

    @on(ArticleShown)
    def _article_shown(self) -> None:
        self.sub_title = self.title_bar.show(self.article)

    @on(ScanFinished)
    def _scan_finished(self, message: ScanFinished) -> None:
        # Once the complete list is painted: importing the search layer and reading every
        # body would hold that frame up.
        self.call_after_refresh(self.search_bar.sync, list(message.stamps))

    @on(FolderChanged)
    def _folder_changed(self, message: FolderChanged) -> None:
        self.search_bar.sync(message.files)

    @on(FeedsProgress)
    def _feeds_progress(self, message: FeedsProgress) -> None:
        self.sources.set_refreshing(True)
        self.headlines.show_refresh(self.session.tr, message.done, message.total)

    @on(FeedsRefreshed)
    def _feeds_refreshed(self, message: FeedsRefreshed) -> None:
        """The items now in the list; the new ones counted, each failed feed said (a few)."""
        headlines, tr = self.headlines, self.session.tr
        headlines.replace_items(message.items)
        headlines.apply_marks(message.marks)
        headlines.show_progress(tr, None)
        self.sources.set_refreshing(False)  # (its feeds' states read again)
        if headlines.cursor < 0 and headlines.shown:
            headlines.select(0)
        self.panes.feed_keys.say_refreshed(message.results)
        self.search_bar.sync()  # new and edited items in, dropped ones out

    @on(FullTextFetched)
    def _full_text_fetched(self, message: FullTextFetched) -> None:
        if message.result.status == "ok":
            self.search_bar.sync(fresh=message.path)

    # The search ------------------------------------------------------------------------------

    @on(SearchResults)
    def _search_results(self, message: SearchResults) -> None:
        self.headlines.narrow(message.paths)
        self.search_bar.show_count(None if message.paths is None else len(self.headlines.shown))

    @on(SearchSubmitted)
    def _search_submitted(self, message: SearchSubmitted) -> None:
        """Enter: the list narrows to the exact matches; the first opens with its hits
        highlighted, and n/N move between the hits."""
        headlines = self.headlines
        headlines.narrow(message.paths)
        self.search_bar.show_count(len(headlines.shown))
        if not headlines.shown:
            return
        current, first = headlines.current, headlines.entries[headlines.shown[0]]
        self.body.focus()
        if current is not None and current.path == first.path and self.article is not None:
            self.panes.show_search(message.query)
        else:
            self.panes.highlight = message.query
            self.panes.open_entry(first, chosen=True)

    @on(SearchEnded)
    def _search_ended(self) -> None:
        self.headlines.narrow(None)
        self.panes.show_search(None)
        focused = self.focused
        if focused is None or self.search_bar in focused.ancestors_with_self:
            self.headlines.focus()

    # Settings --------------------------------------------------------------------------------

    def _choose_layout(
        self, entries: Iterable[Headline], *, final: bool, apply: bool = True
    ) -> None:
        """`--layout auto`: the direction most articles have (decided once the scan ends).
        With `apply` False (before the panes exist), only the setting and classes change."""
        if not self.session.layout_is_auto:
            self._layout_chosen = True
            return
        if self.session.use_layout_of(entry.direction for entry in entries):
            if apply:
                self.apply_layout()
            else:
                self._set_layout_classes(update=False)
        self._layout_chosen = final

    def _set_layout_classes(self, *, update: bool = True) -> None:
        rtl = self.session.settings.layout == "rtl"
        self.set_class(rtl, "-rtl", update=update)
        self.set_class(not rtl, "-ltr", update=update)

    def apply_layout(self) -> None:
        self.panes.set_layout()
        self._set_layout_classes()

    def apply_language(self) -> None:
        """The engine's options and the interface's words (in the current bidi mode) in every
        widget: panes, header, search bar, footer."""
        tr = self.session.tr
        self.set_class(tr.rtl, "-ui-rtl")
        self.panes.apply_settings()
        self.search_bar.set_translator(tr)
        self.query_one(KeyFooter).set_translator(tr)
        self.title = tr("reader")
        self.sub_title = self.title_bar.show(self.article)
        self.refresh_bindings()

    # Actions ---------------------------------------------------------------------------------

    def action_next_pane(self) -> None:
        self.sources.cycle_focus(self.focused, self.panes.shown_panes, +1)

    def action_previous_pane(self) -> None:
        self.sources.cycle_focus(self.focused, self.panes.shown_panes, -1)

    def action_previous_hit(self) -> None:
        self.body.jump_to_hit(-1)

    def action_page_down(self) -> None:
        self.body.action_page_down()

    def action_page_up(self) -> None:
        self.body.action_page_up()

    async def action_search(self) -> None:
        await self.search_bar.open()

    def action_end_search(self) -> None:
        """Escape: close the box, show every article again, drop the highlights."""
        self.search_bar.close()  # posts SearchEnded when a search was on

    def action_toggle_read(self) -> None:
        self.panes.reading.toggle_mark("read")

    def action_toggle_bookmark(self) -> None:
        self.panes.reading.toggle_mark("bookmark")

    def action_refresh_feed(self) -> None:
        """`r`: the feed of the item shown (all feeds from a file's article)."""
        self.panes.feed_keys.refresh_feeds(self.headlines.current)

    def action_refresh_all(self) -> None:
        self.panes.feed_keys.refresh_feeds(None, every=True)

    def action_full_text(self) -> None:
        """`t`: the page's full text of the feed item shown."""
        self.panes.feed_keys.full_text(self.headlines.current)

    def action_cycle_filter(self) -> None:  # all → unread → bookmarked (the cursor stays)
        mode = self.headlines.cycle_filter()
        self.notify(self.session.tr.visual(FILTER_NOTICES[mode]), markup=False)

    def action_toggle_metadata(self) -> None:
        metadata = self.metadata
        metadata.display = not metadata.display
        self._details_chosen = True
        if not metadata.display and self.focused is metadata:
            self.body.focus()

    def action_toggle_harakat(self) -> None:
        self._toggle_setting("harakat")

    def action_cycle_bidi(self) -> None:
        self._toggle_setting("bidi")

    def action_flip_layout(self) -> None:
        self._toggle_setting("layout")

    def _toggle_setting(self, name: str) -> None:
        """`h`, `d`, `L`: the setting's other value, in config.toml and on screen; the notice
        says whether it was saved (when there is a settings file: one that cannot be parsed
        is the user's and is not replaced)."""
        value, saved = self.session.toggle(name)
        if name == "bidi":
            self.post_message(BidiChanged("app" if value == "app" else "terminal"))
        if name == "layout":
            self._layout_chosen = True
            self.apply_layout()
        else:
            self.apply_language()
        self.notify(toggle_notice(self.session.tr, name, value, saved), markup=False)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.session.tr, self.session.settings))

    def action_quit(self) -> None:
        # Directly, not in a worker: the app is about to stop its workers.
        self.panes.save_position(now=True)
        self.app.exit(0)

    # Issue #13's actions, one section each (one-line delegations; add in yours only) ----------

    # -- reading (H1) --

    def action_next_unread(self) -> None:
        """`n`: the next search hit while a search highlights some, else the next unread."""
        if self.panes.highlight is None or not self.body.jump_to_hit(+1):
            self.panes.reading.go_unread(+1)

    def action_previous_unread(self) -> None:
        self.panes.reading.go_unread(-1)

    def action_mark_source_read(self) -> None:
        self.panes.reading.mark_listed_and_say()

    def action_undo(self) -> None:
        self.panes.reading.undo_and_say()

    @on(events.Key)
    def _reading_key(self, event: events.Key) -> None:
        if self.panes.reading.key_pressed(event.key):  # `u` right after `A`: undo
            event.stop()

    # -- sources (H2) --

    def action_toggle_sources(self) -> None:
        self.sources.toggle()

    def action_next_source(self) -> None:
        self.sources.jump(+1)

    def action_previous_source(self) -> None:
        self.sources.jump(-1)

    # -- list (H3) --

    def action_cycle_sort(self) -> None:
        """`O`: the list's next order (date, title, source), kept in config.toml."""
        self.notify(self.headlines.cycle_order(self.session), markup=False)

    def action_narrower_list(self) -> None:
        self.notify(self.headlines.sizer.step(self.session, -1), markup=False)

    def action_wider_list(self) -> None:
        self.notify(self.headlines.sizer.step(self.session, +1), markup=False)

    # -- links (H4) --

    def action_open_link(self) -> None:
        self._link_key("open")

    def action_copy_link(self) -> None:
        self._link_key("copy")

    def action_copy_article_text(self) -> None:
        self._link_key("text")

    def action_show_links(self) -> None:
        self._link_key("list")

    def _link_key(self, key: str) -> None:
        from reader.ui.screens.links import run_link_key  # on first use, not at start-up

        run_link_key(self, self.session, key, self.article)
