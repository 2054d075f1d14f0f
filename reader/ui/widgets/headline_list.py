"""The headline list: one two-line entry per article (title, then date), drawn by the engine.

A title too long for the pane keeps its beginning (`fit`: for right-to-left titles the ellipsis is
on the left). RTL titles are right-aligned with the unread mark on the right; LTR ones mirrored.
The list shows a filtered view of its entries (`set_filter`), so search and the read/unread filter
can narrow it without rebuilding it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Unpack

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip

from reader.i18n import Translator

if TYPE_CHECKING:
    from reader.library.session import Session
from reader.library.ordering import merge_headlines, next_order, sort_headlines
from reader.library.reading import Marks, absolute
from reader.library.when import date_words
from reader.model import Headline
from reader.text import BidiMode, Harakat
from reader.ui.bindings import LIST_BINDINGS
from reader.ui.messages import OpenEntry
from reader.ui.widgets.engine_view import EngineView, ViewOptions
from reader.ui.widgets.headline_row import BOOKMARK, FAILED, ROWS, UNREAD, RowStyles, draw_row
from reader.ui.widgets.headline_title import list_title, order_notice
from reader.ui.widgets.list_width import ListWidth

__all__ = ["BOOKMARK", "FAILED", "ROWS", "UNREAD", "HeadlineList"]

FILTERS = ("all", "unread", "bookmarked")


class HeadlineList(EngineView[tuple[int, int]], can_focus=True, inherit_bindings=False):
    """Headlines of every article found; the cursor is the open article."""

    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "headline-list--title",
        "headline-list--date",
        "headline-list--unread",
        "headline-list--bookmark",
        "headline-list--failed",
        "headline-list--cursor",
    }

    def __init__(self, **options: Unpack[ViewOptions]) -> None:
        super().__init__(strips=512, **options)
        self.entries: list[Headline] = []
        self.shown: list[int] = []
        self.read: set[Path] = set()
        self.bookmarked: set[Path] = set()
        self.cursor = -1  # index into `shown`
        self._selected: int | None = None  # index into `entries` of the chosen one
        self._predicate: Callable[[Headline], bool] | None = None
        #: The read/bookmark filter (one of FILTERS) and the search results shown (absolute
        #: paths; None: not searching).
        self.filter_mode = "all"
        self.found: frozenset[Path] | None = None
        #: The source the list is narrowed to (the sources pane): its test and its name.
        self.source: Callable[[Headline], bool] | None = None
        self.source_name = ""
        #: The order of the entries (`reader.library.ordering.ORDERS`; "": as added).
        self.order = ""
        #: The interface's words (set by `set_translator`) and the clock the dates count from.
        self.tr: Translator | None = None
        self.now: Callable[[], float] = time.time
        #: Called just before `OpenEntry` is posted (the screen holds the frame for the body).
        self.before_open: Callable[[], None] | None = None
        self.sizer = ListWidth(self, lambda n: [self.entries[i].title for i in self.shown[:n]])

    # Content ---------------------------------------------------------------------------------

    @property
    def current(self) -> Headline | None:
        if 0 <= self.cursor < len(self.shown):
            return self.entries[self.shown[self.cursor]]
        return None

    def add_entries(self, entries: Iterable[Headline]) -> None:
        added = list(entries)
        if added:  # sorted in (merged: a scan adds batches), the cursor staying on its article
            self._keep_cursor(merge_headlines(self.entries, added, self.order))

    def set_order(self, order: str) -> None:
        """Sort the entries by `order` (date, title, source); the cursor stays on its article."""
        self.order = order
        self.set_entries(self.entries)

    def set_entries(self, entries: Iterable[Headline]) -> None:
        """Replace every entry (a re-scan); the cursor stays on its article if still listed."""
        self._keep_cursor(sort_headlines(entries, self.order))

    def _keep_cursor(self, entries: list[Headline]) -> None:
        """`entries` listed now; the cursor stays on its article if it is among them."""
        selected = self._selected
        path = self.entries[selected].path if selected is not None else None
        self.entries = entries
        self._selected = next((i for i, e in enumerate(self.entries) if e.path == path), None)
        self.set_filter(self._predicate)

    def replace_items(self, items: Iterable[Headline]) -> None:
        """The feeds' stored items now (after a refresh): the files' entries stay as they are,
        the items are replaced; the cursor stays on its article while it is listed."""
        from reader.feeds.itemcodec import is_item_path

        self.set_entries([*(e for e in self.entries if not is_item_path(e.path)), *items])

    def replace_entry(self, path: Path, entry: Headline) -> None:
        """Swap the entry for `path` (e.g. a file that failed when opened)."""
        for index, old in enumerate(self.entries):
            if old.path == path:
                self.entries[index] = entry
        self._changed()

    def set_filter(self, predicate: Callable[[Headline], bool] | None) -> None:
        """Show only the entries `predicate` accepts (None: all); the cursor follows its entry."""
        selected = self._selected
        self._predicate = predicate
        self.shown = [
            i for i, entry in enumerate(self.entries) if predicate is None or predicate(entry)
        ]
        self.cursor = self.shown.index(selected) if selected in self.shown else -1
        self._changed()

    def cycle_filter(self) -> str:
        """All → unread → bookmarked → all; the new mode. The cursor stays on its article
        when it is still shown."""
        self.filter_mode = FILTERS[(FILTERS.index(self.filter_mode) + 1) % len(FILTERS)]
        self._apply_filters()
        return self.filter_mode

    def narrow(self, found: frozenset[Path] | None) -> None:
        """Show only the articles in `found` (absolute paths: a search's results), with the
        read/bookmark filter; None: every article again."""
        self.found = found
        self._apply_filters()

    def set_source(self, predicate: Callable[[Headline], bool] | None, name: str = "") -> None:
        """Show only the entries of one source (`predicate`; None: every source), with the
        read/bookmark filter and the search; `name` is shown in the list's title."""
        self.source, self.source_name = predicate, name
        self._apply_filters()

    def _apply_filters(self) -> None:
        mode, found, source = self.filter_mode, self.found, self.source
        if mode == "all" and found is None and source is None:
            self.set_filter(None)
            return
        read, bookmarked = self.read, self.bookmarked

        def accept(entry: Headline) -> bool:
            if source is not None and not source(entry):
                return False
            if mode == "unread" and entry.path in read:
                return False
            if mode == "bookmarked" and entry.path not in bookmarked:
                return False
            return found is None or absolute(entry.path) in found

        self.set_filter(accept)

    def mark_read(self, *paths: Path, read: bool = True) -> None:
        """Show `paths` read (`read` False: unread); many at once count the title once."""
        (self.read.update if read else self.read.difference_update)(paths)
        self.show_counts()
        self._strips.clear()
        self.refresh()

    def apply_marks(self, marks: dict[Path, Marks]) -> None:
        """Read/bookmark marks from the state database (the filter is applied again)."""
        for path, mark in marks.items():
            (self.read.add if mark.read else self.read.discard)(path)
            (self.bookmarked.add if mark.bookmarked else self.bookmarked.discard)(path)
        if self._predicate is not None:
            self.set_filter(self._predicate)
        self.show_counts()
        self._strips.clear()
        self.refresh()

    def set_translator(self, tr: Translator) -> None:
        """The interface's language: the dates' words and the title's."""
        self.tr = tr
        self._strips.clear()
        self.show_counts()

    def date_words(self, entry: Headline) -> str:
        """The date line's words: relative within a day, else the day (interface language)."""
        words = date_words(entry.when, entry.date, self.tr or "en", self.now())
        return words or entry.date_text

    def cycle_order(self, session: Session) -> str:
        """`O`: the next sort order after the session's, applied and saved; the notice."""
        order = next_order(session.settings.sort)
        saved = session.choose("sort", order)
        self.set_order(order)
        return session.tr.display(order_notice(session.tr, order, saved))

    def show_counts(self) -> None:
        """The list's title: "Headlines 3/10" (unread/total of what is listed), then the
        source, the filter and the search when one narrows it."""
        tr = self.tr
        if tr is None:
            return
        shown = [self.entries[i].path for i in self.shown]
        unread = sum(1 for path in shown if path not in self.read)
        words = list_title(
            tr, unread, len(shown), self.source_name, self.filter_mode, self.found is not None
        )
        self.border_title = words

    def set_text_options(self, *, harakat: Harakat, bidi: BidiMode) -> None:
        self._harakat, self._bidi = harakat, bidi
        self._strips.clear()
        self.refresh()

    @property
    def shown_entries(self) -> list[Headline]:
        """The entries the list shows, in order."""
        return [self.entries[index] for index in self.shown]

    def index_of(self, path: Path) -> int:
        """The position of `path` among the visible entries, or -1."""
        for position, index in enumerate(self.shown):
            if self.entries[index].path == path:
                return position
        return -1

    def select_path(self, path: Path) -> bool:
        """Move the cursor to the article at `path` (the same file by another name too) and
        open it; False when it is not shown."""
        position = self.index_of(path)
        if position < 0:
            wanted = absolute(path)
            shown = enumerate(self.shown)
            position = next((i for i, e in shown if absolute(self.entries[e].path) == wanted), -1)
        if position < 0:
            return False
        self.select(position)
        return True

    def show_refresh(self, tr: Translator, done: int, total: int) -> None:
        """Under the list while the feeds refresh: "Refreshing feeds… 3/10"."""
        text = tr.visual("Refreshing feeds… {done}/{total}", done=done, total=total)
        self.border_subtitle = Content(text)

    def show_progress(self, tr: Translator, scanned: int | None) -> None:
        """Under the list: "Scanning… N" while the first scan runs (`scanned` so far), then
        (`scanned` None) the number of articles."""
        if self.tr is not tr:
            self.set_translator(tr)
        if scanned is None:
            self.border_subtitle = Content(str(len(self.entries)))
        else:
            self.border_subtitle = Content(tr.visual("Scanning… {count}", count=scanned))

    def _changed(self) -> None:
        self.show_counts()
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.shown) * ROWS)
        self.refresh()
        self.sizer.fit()  # the titles' width (list_width 0) follows what is listed

    # Movement --------------------------------------------------------------------------------

    def select(self, position: int, *, open_it: bool = True) -> bool:
        """Move the cursor to a visible position; post `OpenEntry` when it changed."""
        if not self.shown:
            return False
        position = max(0, min(len(self.shown) - 1, position))
        changed = position != self.cursor
        self.cursor = position
        self._selected = self.shown[position]
        self._strips.clear()
        self.scroll_to_region_of_cursor()
        self.refresh()
        entry = self.current
        if changed and open_it and entry is not None:
            if self.before_open is not None:
                self.before_open()
            self.post_message(OpenEntry(entry))
        return changed

    def scroll_to_region_of_cursor(self) -> None:
        top = self.cursor * ROWS
        height = self.scrollable_content_region.height
        scroll_y = int(self.scroll_offset.y)
        if top < scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROWS > scroll_y + height:
            self.scroll_to(y=top + ROWS - height, animate=False)

    def action_cursor_down(self) -> None:
        self.select(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.select(max(0, self.cursor - 1))

    def action_first(self) -> None:
        self.select(0)

    def action_last(self) -> None:
        self.select(len(self.shown) - 1)

    def action_page_down(self) -> None:
        self.select(self.cursor + self._page())

    def action_page_up(self) -> None:
        self.select(max(0, self.cursor - self._page()))

    def _page(self) -> int:
        """How many entries a page of the list holds (at least one)."""
        return max(1, self.scrollable_content_region.height // ROWS)

    def action_choose(self) -> None:
        """Enter: open the entry under the cursor as chosen (read at once, the body focused)."""
        if self.cursor < 0:
            self.select(0, open_it=False)
        entry = self.current
        if entry is None:
            return
        if self.before_open is not None:
            self.before_open()
        self.post_message(OpenEntry(entry, chosen=True))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        position = (offset.y + int(self.scroll_offset.y)) // ROWS
        if 0 <= position < len(self.shown):
            self.focus()
            self.select(position)

    def on_resize(self, event: events.Resize) -> None:
        self._changed()

    def on_focus(self) -> None:
        self.notify_style_update()  # the cursor is drawn brighter when the list has focus

    def on_blur(self) -> None:
        self.notify_style_update()

    # Drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        row = scroll_y + y
        width = self.scrollable_content_region.width
        key = (row, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(row, width)
            self._strips[key] = strip
        return strip

    def row_text(self, row: int) -> str:
        """The text of one row as the terminal shows it (for tests)."""
        width = self.scrollable_content_region.width
        return self._render_row(row, width).text

    def _render_row(self, row: int, width: int) -> Strip:
        base = self._style("")
        position, line_in_entry = divmod(row, ROWS)
        if position >= len(self.shown) or width <= 0:
            return Strip.blank(width, base)
        entry = self.entries[self.shown[position]]
        styles = RowStyles(
            base=base + self._style("headline-list--cursor") if position == self.cursor else base,
            title=self._style("headline-list--title"),
            date=self._style("headline-list--date"),
            unread=self._style("headline-list--unread"),
            bookmark=self._style("headline-list--bookmark"),
            failed=self._style("headline-list--failed"),
        )
        marks = (entry.path not in self.read, entry.path in self.bookmarked)
        return draw_row(
            entry,
            line_in_entry,
            width,
            marks=marks,
            styles=styles,
            date=self.date_words(entry) if line_in_entry else "",
            options=(self._harakat, self._bidi),
        )
