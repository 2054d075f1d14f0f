"""The search bar: `/` opens the box, the list narrows as you type, Enter highlights the hits.

The bar owns the Arabic-aware FTS5 index (`reader.search`) and the workers that build it and
query it: the index is built once the scan has found the files and kept up to date incrementally
from then on (`sync`); until it is ready, titles are matched. What it finds goes up as messages:
`SearchResults` while typing (the last word may be unfinished), `SearchSubmitted` on Enter (whole
words, as `reader search` finds them), `SearchEnded` when it closes. The box itself (an
`RTLInput`: the query shaped and in visual order as it is typed, and the number of matching
articles beside it) is mounted on the first `/`, not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader.i18n import Translator
from reader.library.reading import absolute, large_load
from reader.model import Article, Headline
from reader.ui.messages import IndexReady, SearchEnded, SearchResults, SearchSubmitted
from reader.ui.rtlinput import Layout, RTLInput
from reader.ui.rtlinput.engine import interface_layout

if TYPE_CHECKING:
    # Imported where used: the search layer builds its tables on import, after the first screen.
    from reader.search import Query, SearchIndex
    from reader.sources import SourceError


class SearchBox(Horizontal):
    """The box and the number of matching articles beside it (mounted on the first `/`)."""

    # Here rather than in reader.tcss: parsed when the box is first shown, not at start-up.
    DEFAULT_CSS = """
    SearchBox {
        height: 1;
        margin: 0 1;
        #search-count {
            width: auto;
            max-width: 50%;
            padding: 0 1;
            color: $text-muted;
        }
        #search {
            width: 1fr;
            height: 1;
            border: none;
            padding: 0 1;
            background: $boost;
            &:focus {
                border: none;
                background: $primary 20%;
            }
        }
    }
    """


class SearchBar(Horizontal):
    """The search box (hidden until the first `/`), and the index behind it."""

    def __init__(
        self,
        index_path: Path | None,
        tr: Translator,
        *,
        titles: Callable[[], Iterable[Headline]],
        reuse: Callable[[Path], Article | None],
        items: Callable[[], Mapping[Path, str]] | None = None,
        load_item: Callable[[Path], Article] | None = None,
        id: str | None = None,
    ) -> None:
        """`index_path`: the index file (None: in memory). `titles`: the headlines to match
        until the index is ready. `reuse`: an article already parsed, so that indexing it
        does not parse it again (a 60 MB one would be held twice). `items`: the stored feed
        items listed, {path: version} (called in a worker), which `load_item` reads."""
        super().__init__(id=id)
        # Hidden, and no style sheet of its own: the bar is there from the start (its index
        # is built once the scan ends), but costs the start-up nothing to style.
        self.display = False
        self.styles.height = "auto"  # (a Horizontal takes 1fr)
        self.index_path = index_path
        self.tr = tr
        self._titles = titles
        self._reuse = reuse
        self._items = items
        self._load_item = load_item
        #: The article files to index (None until the scan has found them all).
        self._files: list[Path] | None = None
        #: Feed items to read again whatever their version (their full text came).
        self._fresh: set[Path] = set()
        #: The search index, once built (None until then, or without FTS5).
        self.index: SearchIndex | None = None
        #: The search whose hits are highlighted (after Enter), None when there is none.
        self.query_shown: Query | None = None
        #: The box text Enter was pressed on: typing-mode results for it are stale.
        self._submitted_text: str | None = None

    # State -----------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.display

    @property
    def searching(self) -> bool:
        """True while the box is open or a search's hits are highlighted."""
        return self.is_open or self.query_shown is not None

    @property
    def text(self) -> str:
        """What the box holds ("" before the first `/`)."""
        boxes = self.query("#search").results(Input)
        return next((box.value for box in boxes), "")

    def set_translator(self, tr: Translator) -> None:
        """A new interface language or bidi mode: the box's placeholder and layout follow."""
        self.tr = tr
        for box in self.query("#search").results(RTLInput):
            box.text_layout = self.box_layout()
            box.placeholder = self.placeholder()
        self._count(None)

    def box_layout(self) -> Layout:
        """How the box shows the query: through the engine, unless the terminal reorders."""
        return interface_layout(self.tr)

    def placeholder(self) -> str:
        # Logical: the box shapes and orders it like the query.
        return self.tr("Search titles and text…")

    def show_count(self, count: int | None) -> None:
        """The number of matching articles shown (by the list) beside the query."""
        self._count(count)

    def _count(self, count: int | None) -> None:
        shown = "" if count is None or not self.text.strip() else f"({self.tr.number(count)})"
        for label in self.query("#search-count").results(Static):
            label.update(Content(shown))

    # Opening and closing ---------------------------------------------------------------------

    async def open(self) -> None:
        """Show the box (mounted the first time) and focus it."""
        if not self.query("#search"):
            field = RTLInput(id="search", placeholder=self.placeholder(), layout=self.box_layout())
            box = SearchBox(field, Static(id="search-count"))
            await self.mount(box)
        self.display = True
        self.query_one("#search", Input).focus()

    def close(self) -> None:
        """Escape: close the box and drop the highlights; `SearchEnded` when a search was on."""
        if not self.searching:
            return
        for box in self.query("#search").results(Input):
            box.value = ""
        self.display = False
        self._submitted_text = None
        self.query_shown = None
        self.post_message(SearchEnded())

    # The index -------------------------------------------------------------------------------

    def sync(self, files: list[Path] | None = None, *, fresh: Path | None = None) -> None:
        """Index `files` (the scan's: None, the last ones given) and the stored feed items, or
        bring the index up to date with them (incremental: unchanged files and items are
        skipped, removed ones dropped); `fresh`: an item to read again (its full text came).
        Nothing before the scan's list: until then titles are matched."""
        if files is not None:
            self._files = list(files)
        if fresh is not None:
            self._fresh.add(fresh)
        if self._files is not None:
            self._sync(self._files, frozenset(self._fresh))

    @work(thread=True, exclusive=True, group="index")
    def _sync(self, files: list[Path], fresh: frozenset[Path]) -> None:
        from reader.feeds.itemcodec import ITEM_ROOT
        from reader.search import SearchIndex, SearchUnavailableError, SyncCancelled
        from reader.sources import load_all

        worker = get_current_worker()
        index = self.index
        if index is None:
            try:
                index = SearchIndex.open(self.index_path)
            except SearchUnavailableError:
                return  # without FTS5, titles are still matched

        def load(path: Path) -> list[Article | SourceError]:
            # Large files are parsed one at a time, with the body's loads.
            with large_load(path, lambda: worker.is_cancelled) as go_on:
                if not go_on:
                    raise SyncCancelled
                opened = self._reuse(path)
                return [opened] if opened is not None else load_all(path)

        def cancelled() -> bool:
            return worker.is_cancelled

        spare = ITEM_ROOT if self._items is not None else None
        index.sync(files, load, cancelled=cancelled, spare=spare)
        if self._items is not None and self._load_item is not None and not cancelled():
            stamps = self._items()
            index.sync_documents(
                stamps, self._load_item, under=ITEM_ROOT, fresh=fresh, cancelled=cancelled
            )
        if not worker.is_cancelled:
            self.post_message(IndexReady(index))
        elif index is not self.index:
            index.close()

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        message.stop()
        previous, self.index = self.index, message.index
        if previous is not None and previous is not message.index:
            previous.close()
        if self.is_open and self.text:
            self._search(self.text)

    def on_unmount(self) -> None:
        if self.index is not None:
            self.index.close()

    # Typing ----------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._submitted_text = None
        self._count(None)
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        """The articles matching `text` (its last word may be unfinished)."""
        from reader.search import Query

        query = Query.parse(text, partial=True)
        self.post_message(SearchResults(text, self.matching(query) if query else None))

    @on(SearchResults)
    def _results(self, message: SearchResults) -> None:
        # Stale results stop here: a later keystroke has its own coming, or Enter replaced
        # the word-beginning results with the exact ones.
        if message.text != self.text or self._submitted_text == message.text:
            message.stop()

    def matching(self, query: Query) -> frozenset[Path]:
        """The articles matching `query` (absolute paths): from the index, or by title until
        it is ready."""
        from reader.search import find_spans

        index = self.index
        if index is not None:
            hits = index.search(query, snippets=False, ranked=False)
            return frozenset(hit.path for hit in hits)
        return frozenset(absolute(h.path) for h in self._titles() if find_spans(h.title, query))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        """The exact matches (as `reader search` finds them: the last word is whole now),
        for the screen to open the first with its hits highlighted."""
        from reader.search import Query

        event.stop()
        query = Query.parse(event.value)
        if not query:
            return
        self._submitted_text = event.value
        self.query_shown = query
        self.post_message(SearchSubmitted(query, self.matching(query)))
