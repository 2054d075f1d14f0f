"""The sources pane: All, Unread, Bookmarked, the feeds by tag and the opened folders, each with
its `unread/total` counts; a feed also with its status (ok, ✗ and its reason, a spinner while
the feeds refresh) and its last successful refresh.

The model is pure (`reader.library.sources`); this widget draws it through the engine like the
headline list (right-to-left titles right-aligned; the counts on the side the interface starts
from). A source chosen narrows the headline list (`narrow`) and is posted (`SourceChosen`).
Counts follow the list: a cheap watch (every `watch` seconds) counts again when the list's
entries or marks changed (`update_counts` at once). The feeds' states are read in a worker
(`load_states`), at mount and when a refresh ends (`set_refreshing`, from the screen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Unpack

from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from reader.i18n import N_
from reader.library.sources import (
    Source,
    accepts,
    build_sources,
    count,
    feed_numbers,
    source_rows,
    status_words,
    with_unread,
)
from reader.ui.bindings import saved_words
from reader.ui.messages import FeedStatesFound, SourceChosen
from reader.ui.widgets.engine_view import EngineView, ViewOptions
from reader.ui.widgets.source_row import RowParts, counts, draw_row, fitted, mark_of, untagged_name

if TYPE_CHECKING:
    from reader.feeds.items import FeedState
    from reader.library.session import Session
    from reader.model import Headline
    from reader.ui.widgets.headline_list import HeadlineList
    from reader.ui.widgets.reading_keys import ReadingKeys

#: Below this screen width the pane starts hidden (`S` shows it).
WIDE = 120
#: The names of the first three sources (interface words, translated when drawn).
NAMES = {"all": N_("All"), "unread": N_("Unread"), "bookmarked": N_("Bookmarks")}


#: The pane's width in cells (reader.tcss `#sources`).
CELLS = 26


class SourcesPane(EngineView[tuple[int, int]], can_focus=True, inherit_bindings=False):
    """The sources, one or two rows each; the cursor is the source shown in the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", N_("Down"), show=False),
        Binding("k,up", "cursor_up", N_("Up"), show=False),
        Binding("enter", "choose", N_("Open"), show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sources-pane--header",
        "sources-pane--count",
        "sources-pane--status",
        "sources-pane--failed",
        "sources-pane--unread",
        "sources-pane--cursor",
        "sources-pane--chosen",
    }

    def __init__(
        self,
        session: Session,
        headlines: HeadlineList,
        reading: ReadingKeys | None = None,
        *,
        clock: Callable[[], float] = time.time,
        watch: float | None = 0.5,
        **options: Unpack[ViewOptions],
    ) -> None:
        settings = session.settings
        options.setdefault("harakat", settings.harakat)
        options.setdefault("bidi", settings.bidi)
        super().__init__(strips=256, **options)
        self.session = session
        self.headlines = headlines
        if reading is not None:
            reading.other_sources = self.next_source_for_unread
        self.sources: list[Source] = []
        self.cursor = 0
        #: The source the list shows (an index into `sources`).
        self.chosen = 0
        self.clock = clock
        self._watch = watch
        self._rows: list[tuple[int, int]] = []
        self._tags: list[str] = []
        self._states: tuple[FeedState, ...] = ()
        self._feed_ids: dict[str, int] = {}
        self._asked: set[int] = set()  # the feed numbers looked up
        self._refreshing = False
        self._frame = 0
        self._signature: tuple[int, ...] = ()
        self._toggled = False
        self.display = session.settings.sources == "show"

    def fit_screen(self, width: int) -> None:
        """The screen is `width` cells wide: shown by the setting when at least `WIDE`, until
        `S` is pressed (four panes in a narrower screen leave the article too little room)."""
        if not self._toggled:
            self.display = self.session.settings.sources == "show" and width >= WIDE
        # The list's width for the room the panes have beside this pane (before a layout too).
        self.headlines.sizer.fit(width, width - (CELLS if self.display else 0))

    def on_mount(self) -> None:
        self.update_counts(rebuild=True)
        if self._watch is not None:
            self.set_interval(self._watch, self._check)
        self.load_states()

    # The model -------------------------------------------------------------------------------

    @property
    def current(self) -> Source | None:
        return self.sources[self.cursor] if 0 <= self.cursor < len(self.sources) else None

    def update_counts(self, *, rebuild: bool = False) -> None:
        """Count again from the headline list (`rebuild`: the sources too, as after a refresh)."""
        lines = self.headlines
        self._signature = self._marks_signature()
        if rebuild or not self.sources:
            feeds = self.session.feeds
            key = self.sources[self.chosen].key if self.sources else "all"
            self.sources = build_sources(
                lines.entries,
                lines.read,
                lines.bookmarked,
                self._states,
                feeds.subscriptions if feeds is not None else (),
                [p for p in self.session.paths if p.is_dir() or p.is_file()],
                feed_ids=self._feed_ids,
                refreshing=self._refreshing,
            )
            self._rebuild_rows()
            self.chosen = next((n for n, s in enumerate(self.sources) if s.key == key), 0)
            self.cursor = min(self.cursor, len(self.sources) - 1)
        else:
            self.sources = count(self.sources, lines.entries, lines.read, lines.bookmarked)
        self._changed()
        if self.session.feeds is not None:  # items of a feed not known yet: its number looked up
            unknown = feed_numbers(lines.entries) - self._asked
            if unknown:
                self._asked |= unknown
                self.load_states()

    def _marks_signature(self) -> tuple[int, ...]:
        lines = self.headlines
        return (id(lines.entries), len(lines.entries), len(lines.read), len(lines.bookmarked))

    def _check(self) -> None:
        if self._marks_signature() != self._signature:
            self.update_counts()
        if self._refreshing:
            self._frame += 1
            self._changed()

    @work(thread=True, exclusive=True, group="sources")
    def load_states(self) -> None:
        """The feeds' states and their items' numbers, read in a worker."""
        feeds = self.session.feeds
        if feeds is None:
            return
        from reader.feeds.itemcodec import item_path

        store = feeds.store
        ids: dict[str, int] = {}
        for number in feed_numbers(list(self.headlines.entries)):
            url = store.feed_url(item_path(number, 0))
            if url is not None:
                ids[url] = number
        self.post_message(FeedStatesFound(tuple(store.feeds()), ids))

    @on(FeedStatesFound)
    def _states_found(self, message: FeedStatesFound) -> None:
        message.stop()
        self._states, self._feed_ids = message.states, message.feed_ids
        self._refreshing = False
        self.update_counts(rebuild=True)

    def set_refreshing(self, refreshing: bool) -> None:
        """A refresh started (spinners on the feeds) or ended (their states read again)."""
        if refreshing != self._refreshing:
            self._refreshing = refreshing
            self.sources = [
                s._replace(refreshing=refreshing and s.kind == "feed") for s in self.sources
            ]
            self._changed()
        if not refreshing:
            self.load_states()

    def predicate(self, source: Source) -> Callable[[Headline], bool] | None:
        """What the headline list shows for `source` (None: everything)."""
        if source.kind == "all":
            return None
        lines = self.headlines
        return lambda headline: accepts(source, headline, lines.read, lines.bookmarked)

    def narrow(self, source: Source) -> None:
        """The headline list shows `source` only; its cursor on the first when its article
        is not listed there."""
        lines = self.headlines
        lines.set_source(self.predicate(source), self.source_name(source))
        if lines.cursor < 0 and lines.shown:
            lines.select(0)

    def source_name(self, source: Source) -> str:
        """The source's name in the interface's language (logical text)."""
        return self.session.tr(NAMES[source.kind]) if source.kind in NAMES else source.title

    # Choosing --------------------------------------------------------------------------------

    def choose(self, index: int) -> None:
        """Show source `index` in the list; an error feed's reason in a notice."""
        if not 0 <= index < len(self.sources):
            return
        self.cursor = self.chosen = index
        self._changed()
        self._scroll_to_cursor()
        source = self.sources[index]
        self.narrow(source)
        self.post_message(SourceChosen(source))
        if source.error is not None:
            tr = self.session.tr
            text = tr("Feed {name}: {reason}", name=source.title, reason=tr.reason(source.error))
            self.notify(tr.display(text), severity="warning", markup=False)

    def select_next_with_unread(self, step: int) -> bool:
        """Choose the next (`step` 1) or previous (-1) source with unread items; False: none."""
        found = with_unread(self.sources, self.chosen, step)
        if found < 0:
            return False
        self.choose(found)
        return True

    def next_source_for_unread(self, step: int) -> bool:
        """`n`/`p` past the last unread of the feed or folder the list is narrowed to: the
        next source with unread (not from All, Unread or Bookmarked: they list every source)."""
        if not self.display or not self.sources:
            return False
        if self.sources[self.chosen].kind not in ("feed", "folder"):
            return False
        return self.select_next_with_unread(step)

    def jump(self, step: int) -> None:
        """`J`/`K`: `select_next_with_unread`, with a notice when there is none."""
        if not self.select_next_with_unread(step):
            self.notify(self.session.tr.visual("No source with unread articles"), markup=False)

    def toggle(self) -> None:
        """`S`: show or hide the pane (saved, and no longer by the screen's width); hidden,
        the list shows every source again."""
        self._toggled = True
        self.display = not self.display
        saved = self.session.choose("sources", "show" if self.display else "hide")
        if not self.display:
            if self.has_focus:
                self.headlines.focus()
            if self.chosen != 0:
                self.choose(0)
        tr = self.session.tr
        shown = N_("Sources pane shown") if self.display else N_("Sources pane hidden")
        message = tr(shown) + (" " + saved_words(tr, saved) if saved is not None else "")
        self.notify(tr.display(message), markup=False)

    def cycle_focus(self, focused: Widget | None, panes: list[Widget], step: int) -> None:
        """Tab: focus the next (`step` 1) or previous (-1) pane after `focused`, this one
        first in reading order when shown."""
        order = [self, *panes] if self.display else list(panes)
        index = order.index(focused) if focused in order else -1
        order[(index + step) % len(order)].focus()

    def action_cursor_down(self) -> None:
        self._move(+1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if self.sources:
            self.cursor = max(0, min(len(self.sources) - 1, self.cursor + step))
            self._changed()
            self._scroll_to_cursor()

    def action_choose(self) -> None:
        self.choose(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + int(self.scroll_offset.y)
        if 0 <= row < len(self._rows) and self._rows[row][0] >= 0:
            self.focus()
            self.choose(self._rows[row][0])

    # Drawing ---------------------------------------------------------------------------------

    def _rebuild_rows(self) -> None:
        tr = self.session.tr
        self._rows, tags = source_rows(self.sources)
        untagged = untagged_name(tr, any(tags))
        self._tags = [tr("Folders") if t is None else t or untagged for t in tags]

    def _changed(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        tr = self.session.tr
        self.border_title = Content(tr.visual("Sources"))
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        row = next((n for n, r in enumerate(self._rows) if r == (self.cursor, 0)), 0)
        last = row + (1 if self.current is not None and self.current.kind == "feed" else 0)
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._changed()

    def on_focus(self) -> None:
        self.notify_style_update()

    def on_blur(self) -> None:
        self.notify_style_update()

    def render_line(self, y: int) -> Strip:
        settings = self.session.settings
        if (settings.harakat, settings.bidi) != (self._harakat, self._bidi):
            self._harakat, self._bidi = settings.harakat, settings.bidi  # `h`, `d`
            self._strips.clear()
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        strip = self._strips.get((row, width))
        if strip is None:
            strip = self._render_row(row, width)
            self._strips[(row, width)] = strip
        return strip

    def row_text(self, row: int) -> str:
        """The text of one row as the terminal shows it (for tests)."""
        return self._render_row(row, self.scrollable_content_region.width).text

    def _render_row(self, row: int, width: int) -> Strip:
        base = self._style("")
        if row >= len(self._rows) or width <= 0:
            return Strip.blank(width, base)
        index, line = self._rows[row]
        rtl, harakat, bidi = self.session.tr.rtl, self._harakat, self._bidi
        if index < 0:
            header_style = base + self._style("sources-pane--header")
            header = fitted(
                self._tags[line], width, header_style, rtl=rtl, harakat=harakat, bidi=bidi
            )
            return Strip(header).adjust_cell_length(width, base)
        source = self.sources[index]
        style = base
        if index == self.chosen:
            style += self._style("sources-pane--chosen")
        if index == self.cursor and self.has_focus:
            style += self._style("sources-pane--cursor")
        mark, mark_style = self._mark(source, line)
        if line == 0:
            count_style = style + self._style("sources-pane--count")
            name, side = self.source_name(source), counts(self.session.tr, source)
            parts = RowParts(style, mark, mark_style, name, style, side, count_style)
        else:
            status_style = style + self._style("sources-pane--status")
            parts = RowParts(style, mark, mark_style, self._status(source), status_style)
        return draw_row(parts, width, rtl=rtl, harakat=harakat, bidi=bidi)

    def _mark(self, source: Source, line: int) -> tuple[str, Style]:
        mark, role = mark_of(source, line, self._frame)
        return mark, self._style(role) if role else Style()

    def _status(self, source: Source) -> str:
        """A feed's second row: refreshing, its error, or ok and its last success."""
        key, value = status_words(source, self.clock())
        return self.session.tr(key) if not value else f"{key} {value}"
