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

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from reader.library.session import Session
from reader.model import Article, Headline
from reader.ui.bindings import FILTER_NOTICES, SCREEN_BINDINGS, TOGGLE_NOTICES
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
        yield self.panes
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
        self.headlines.show_refresh(self.session.tr, message.done, message.total)

    @on(FeedsRefreshed)
    def _feeds_refreshed(self, message: FeedsRefreshed) -> None:
        """The items now in the list; the new ones counted, each failed feed said (a few)."""
        headlines, tr = self.headlines, self.session.tr
        headlines.replace_items(message.items)
        headlines.apply_marks(message.marks)
        headlines.show_progress(tr, None)
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
            self.panes.open_entry(first)

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
        counts = Counter(entry.direction for entry in entries)
        if self.session.use_layout("ltr" if counts["ltr"] > counts["rtl"] else "rtl"):
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
        self.panes.cycle_focus(self.focused, +1)

    def action_previous_pane(self) -> None:
        self.panes.cycle_focus(self.focused, -1)

    def action_next_article(self) -> None:
        if self.panes.highlight is not None and self.body.jump_to_hit(+1):
            return
        self.headlines.select(self.headlines.cursor + 1)

    def action_previous_article(self) -> None:
        self.headlines.select(max(0, self.headlines.cursor - 1))

    def action_previous_hit(self) -> None:
        self.body.jump_to_hit(-1)

    def action_page_down(self) -> None:
        self.body.action_page_down()

    def action_page_up(self) -> None:
        self.body.action_page_up()

    def action_top(self) -> None:
        self.body.action_top()

    def action_bottom(self) -> None:
        self.body.action_bottom()

    async def action_search(self) -> None:
        await self.search_bar.open()

    def action_end_search(self) -> None:
        """Escape: close the box, show every article again, drop the highlights."""
        self.search_bar.close()  # posts SearchEnded when a search was on

    def action_toggle_read(self) -> None:
        self._toggle_mark("read", self.headlines.read, ("Marked unread", "Marked read"))

    def action_toggle_bookmark(self) -> None:
        self._toggle_mark("bookmark", self.headlines.bookmarked, ("Bookmark removed", "Bookmarked"))

    def _toggle_mark(self, which: str, marked: set[Path], notices: tuple[str, str]) -> None:
        """`u`/`s` on the current entry: the state flips in a worker; the notice says how
        (`notices`: when it was marked, when it was not)."""
        entry = self.headlines.current
        if entry is None or entry.error is not None:
            return
        was_marked = entry.path in marked
        self.panes.library.toggle_mark(entry.path, which)
        self.notify(self.session.tr.visual(notices[0] if was_marked else notices[1]), markup=False)

    def action_refresh_feed(self) -> None:
        """`r`: the feed of the item shown (all feeds from a file's article)."""
        self.panes.feed_keys.refresh_feeds(self.headlines.current)

    def action_refresh_all(self) -> None:
        self.panes.feed_keys.refresh_feeds(None, every=True)

    def action_full_text(self) -> None:
        """`t`: the page's full text of the feed item shown."""
        self.panes.feed_keys.full_text(self.headlines.current)

    def action_cycle_filter(self) -> None:
        """All → unread → bookmarked → all; the cursor stays on its article when it is shown."""
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
        tr = self.session.tr
        message = tr(TOGGLE_NOTICES[name][value])
        if saved is not None:
            message += " " + tr("(saved)" if saved else "(not saved)")
        self.notify(tr.display(message), markup=False)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.session.tr, self.session.settings))

    def action_quit(self) -> None:
        # Directly, not in a worker: the app is about to stop its workers.
        self.panes.save_position(now=True)
        self.app.exit(0)

    # Issue #13's actions, one section each (one-line delegations; add in yours only) ----------

    # -- reading (H1) --

    # -- sources (H2) --

    # -- list (H3) --

    # -- links (H4) --
