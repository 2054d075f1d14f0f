"""Arabic-aware search on the main screen: `/` opens the box, the list narrows as you type.

The FTS5 index (`reader.search`) is built in a worker once the scan has found the files, and
kept up to date incrementally from then on; until it is ready, titles are matched. `Enter` opens
the first match with every hit highlighted (the highlights are spans carried through the
engine's index map); `n`/`N` then jump between the hits until `Escape` ends the search.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader.ui.messages import ArticleShown
from reader.ui.screens.reading import ReadingScreen, large_load
from reader.ui.state import absolute

if TYPE_CHECKING:
    # Imported where used: the search layer builds its tables on import, after the first screen.
    from reader.model import Article
    from reader.search import Query, SearchIndex
    from reader.sources import SourceError


class IndexReady(Message):
    """The search index is built (or brought up to date)."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index


class SearchResults(Message):
    """The articles matching `text` (absolute paths), or None for an empty query."""

    def __init__(self, text: str, paths: frozenset[Path] | None) -> None:
        super().__init__()
        self.text = text
        self.paths = paths

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SearchResults)


class SearchBar(Horizontal):
    """The search box and the echo of the query beside it (mounted on the first `/`)."""

    # Here rather than in reader.tcss: parsed when the bar is first shown, not at start-up.
    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: 1;
        margin: 0 1;
        &.-open {
            display: block;
        }
        #search-echo {
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


class SearchingScreen(ReadingScreen):
    """Adds the search box, the index and hit navigation to the reading screen."""

    def __init__(self, paths: list[Path], *, id: str | None = None) -> None:
        super().__init__(paths, id=id)
        self._index: SearchIndex | None = None
        self._hits: list[tuple[int, int]] = []
        self._hit = -1
        #: The box text Enter was pressed on: typing-mode results for it are stale.
        self._submitted_text: str | None = None

    @property
    def search_box(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def search_bar(self) -> Widget:
        """The box and its echo line (mounted on the first `/`, not at start-up)."""
        return self.query_one("#search-bar")

    @property
    def searching(self) -> bool:
        """True while the box is open or a search's hits are highlighted."""
        return bool(self.query("#search-bar.-open")) or self.highlight is not None

    def _echo(self, text: str, count: int | None) -> None:
        """The query as the engine shows it, beside the box (Textual's Input shows typed
        Arabic logically and unshaped), with the number of matching articles."""
        shown = self.tr.display(text) if text.strip() else ""
        if shown and count is not None:
            shown = f"{shown}  ({count})"
        self.query_one("#search-echo", Static).update(Content(shown))

    # The index -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def build_index(self, files: list[Path]) -> None:
        """Index the files the scan found, or bring the index up to date with the files a poll
        found (incremental: unchanged files are skipped, removed ones dropped)."""
        from reader.search import SearchIndex, SearchUnavailableError, SyncCancelled
        from reader.sources import load_all

        worker = get_current_worker()
        index = self._index
        if index is None:
            try:
                index = SearchIndex.open(self.reader.index_path)
            except SearchUnavailableError:
                return  # without FTS5, titles are still matched

        def load(path: Path) -> list[Article | SourceError]:
            # Large files are parsed one at a time, with the body's loads; the article the
            # body has (or has just parsed) is not parsed a second time (a 60 MB one would be
            # held twice while it is indexed).
            with large_load(path, lambda: worker.is_cancelled) as go_on:
                if not go_on:
                    raise SyncCancelled
                for opened in (self.article, self.last_loaded):
                    if opened is not None and opened.path == path:
                        return [opened]
                return load_all(path)

        index.sync(files, load, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(IndexReady(index))
        elif index is not self._index:
            index.close()

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        previous, self._index = self._index, message.index
        if previous is not None and previous is not message.index:
            previous.close()
        if self.query("#search-bar.-open") and self.search_box.value:
            self.search(self.search_box.value)

    # Typing ----------------------------------------------------------------------------------

    async def action_search(self) -> None:
        if not self.query("#search-bar"):
            bar = SearchBar(
                Input(id="search", placeholder=self.tr.visual("Search titles and text…")),
                Static(id="search-echo"),
                id="search-bar",
            )
            await self.mount(bar, before=self.query_one("#panes"))
        self.search_bar.add_class("-open")
        self.search_box.focus()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self._submitted_text = None
        self._echo(event.value, None)
        self.search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        """Narrow the list to the articles matching `text` (its last word may be unfinished)."""
        from reader.search import Query

        query = Query.parse(text, partial=True)
        if not query:
            self.post_message(SearchResults(text, None))
            return
        self.post_message(SearchResults(text, self._matching(query)))

    def _matching(self, query: Query) -> frozenset[Path]:
        """The articles matching `query`: from the index, or by title until it is ready."""
        from reader.search import find_spans

        index = self._index
        if index is not None:
            hits = index.search(query, snippets=False, ranked=False)
            return frozenset(hit.path for hit in hits)
        entries = list(self.headlines.entries)
        return frozenset(absolute(e.path) for e in entries if find_spans(e.title, query))

    @on(SearchResults)
    def _results(self, message: SearchResults) -> None:
        if not self.query("#search") or message.text != self.search_box.value:
            return  # a later keystroke has its own results coming
        if self._submitted_text == message.text:
            return  # Enter replaced the word-beginning results with the exact ones
        self.search_paths = message.paths
        self.apply_filters()
        self._echo(message.text, None if message.paths is None else len(self.headlines.shown))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        """Narrow the list to the exact matches (as `reader search` finds them: the last word
        is whole now, no longer a word beginning), then open the first with its hits
        highlighted; n/N now move between hits."""
        from reader.search import Query

        query = Query.parse(event.value)
        headlines = self.headlines
        if not query:
            return
        self._submitted_text = event.value
        self.search_paths = self._matching(query)
        self.apply_filters()
        self._echo(event.value, len(headlines.shown))
        if not headlines.shown:
            return
        self.highlight = query
        self._hits, self._hit = [], -1
        current = headlines.current
        first = headlines.entries[headlines.shown[0]]
        self.body.focus()
        if current is not None and current.path == first.path and self.article is not None:
            self.body.show_article(self.article, highlight=query)
            self._first_hit()
        else:
            self.open_entry(first)

    @on(ArticleShown)
    def _article_shown(self, message: ArticleShown) -> None:
        if self.highlight is not None:
            self._first_hit()

    def _first_hit(self) -> None:
        self._hits = self.body.hits()
        self._hit = -1
        self._jump(+1)

    def _jump(self, step: int) -> None:
        if not self._hits:
            return
        self._hit = (self._hit + step) % len(self._hits)
        block, offset = self._hits[self._hit]
        line = self.body.line_of(block, offset)
        if line is not None:
            self.body.scroll_to_line(line)

    # Keys ------------------------------------------------------------------------------------

    def action_next_article(self) -> None:
        if self.highlight is not None and self._hits:
            self._jump(+1)
        else:
            super().action_next_article()

    def action_previous_hit(self) -> None:
        self._jump(-1)

    def action_end_search(self) -> None:
        """Escape: close the box, show every article again, drop the highlights."""
        if not self.searching:
            return
        box = self.search_box
        box.value = ""
        self.search_bar.remove_class("-open")
        self.search_paths = None
        self._submitted_text = None
        self.highlight = None
        self._hits, self._hit = [], -1
        self.apply_filters()
        if self.article is not None:
            self.body.show_article(self.article, self.body.top_paragraph())
        if self.focused is None or self.focused is box:
            self.headlines.focus()
