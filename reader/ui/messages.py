"""Every message of the reader's UI, in one module.

Calls go down (app -> screen -> widgets); everything comes back up as one of these. Workers post
them from their threads; the main screen routes them to the widgets that show them. Messages that
come in bursts (a keystroke's search results, an index brought up to date) say so with
`can_replace`: only the latest is handled.

Plain classes with an `__init__` (not dataclasses: those compile their methods at import, and the
reader's start-up time is measured).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message

from reader.library.reading import Marks
from reader.model import Article, Headline

if TYPE_CHECKING:
    from reader.document import Block
    from reader.feeds.fulltext import FullTextResult
    from reader.feeds.items import FeedState
    from reader.feeds.refresh import FeedResult
    from reader.library.polling import FolderChanges
    from reader.library.scan import Stamps
    from reader.library.sources import Source
    from reader.search import Query, SearchIndex
    from reader.text import BidiMode


class PreparedPanes(NamedTuple):
    """An article's blocks for the body and the details pane, made off the UI thread."""

    body: list[Block]
    details: list[Block]
    highlight: object  # the search the body's blocks highlight (None: none)
    tr: object  # the translator the details were made with
    feed: FeedState | None = None  # a feed item's feed, as the details show it


# The library (scan, polls, loads, the state database) ---------------------------------------


class HeadlinesFound(Message):
    """A batch of headlines from the folder scan; `done` on the last one."""

    def __init__(self, entries: tuple[Headline, ...], scanned: int, done: bool = False) -> None:
        super().__init__()
        self.entries = entries
        self.scanned = scanned
        self.done = done


class ScanFinished(Message):
    """The first scan is over: every article file found, with its stamp."""

    def __init__(self, stamps: Stamps) -> None:
        super().__init__()
        self.stamps = stamps


class MarksFound(Message):
    """Read and bookmark marks from the state database, for some entries."""

    def __init__(self, marks: dict[Path, Marks]) -> None:
        super().__init__()
        self.marks = marks


class FolderChanged(Message):
    """A poll found new, changed or removed files; `marks` are the re-read entries' states."""

    def __init__(self, changes: FolderChanges, marks: dict[Path, Marks], files: list[Path]) -> None:
        super().__init__()
        self.changes = changes
        self.marks = marks
        self.files = files  # every article file now, in scan order


class ArticleLoaded(Message):
    """An article was read and parsed (in a worker)."""

    def __init__(
        self, path: Path, article: Article, position: int = 0, prepared: PreparedPanes | None = None
    ) -> None:
        super().__init__()
        self.path = path
        self.article = article
        self.position = position  # the line the reader was at last time (`position_of`)
        #: The panes' blocks, made in the worker (a 60 MB article has 150,000 paragraphs and
        #: millions of words to count: not on the UI thread).
        self.prepared = prepared


class ArticleFailed(Message):
    """An article could not be read; `reason` is shown to the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__()
        self.path = path
        self.reason = reason


class ArticleShown(Message):
    """The panes show a newly opened article (the header names its folder)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class FeedsProgress(Message):
    """A refresh of the feeds is under way: `done` of `total` feeds answered."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FeedsProgress)


class FeedsRefreshed(Message):
    """A refresh is over: each feed's result, and every stored item now with its marks."""

    def __init__(
        self,
        results: tuple[FeedResult, ...],
        items: tuple[Headline, ...],
        marks: dict[Path, Marks],
    ) -> None:
        super().__init__()
        self.results = results
        self.items = items
        self.marks = marks


class FeedStatusFound(Message):
    """The status of the feed of the item at `path` (read in a worker), for its details."""

    def __init__(self, path: Path, state: FeedState) -> None:
        super().__init__()
        self.path = path
        self.state = state


class FullTextFetched(Message):
    """`t` is done: the full text of the item at `path` was fetched and stored, or not."""

    def __init__(self, path: Path, result: FullTextResult) -> None:
        super().__init__()
        self.path = path
        self.result = result


# The headline list ---------------------------------------------------------------------------


class OpenEntry(Message):
    """The cursor reached a headline: its article is shown. `chosen` (Enter, a click, the
    palette): the user opened it, so it is read at once and the body takes the focus; else
    (j/k, arrows) it is previewed and becomes read after the `mark_read` delay."""

    def __init__(self, entry: Headline, *, chosen: bool = False) -> None:
        super().__init__()
        self.entry = entry
        self.chosen = chosen


# The search bar ------------------------------------------------------------------------------


class IndexReady(Message):
    """The search index is built (or brought up to date)."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexReady)


class SearchResults(Message):
    """The articles matching the box's `text` as typed (absolute paths); None: no query."""

    def __init__(self, text: str, paths: frozenset[Path] | None) -> None:
        super().__init__()
        self.text = text
        self.paths = paths

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SearchResults)


class SearchSubmitted(Message):
    """Enter in the box: the exact matches of `query`, to open with its hits highlighted."""

    def __init__(self, query: Query, paths: frozenset[Path]) -> None:
        super().__init__()
        self.query = query
        self.paths = paths


class SearchEnded(Message):
    """Escape: the box is closed, every article is shown again, highlights go."""


# The main screen, to the app -----------------------------------------------------------------


class FirstScreenPainted(Message):
    """The first screen is on the terminal: the start-up is over."""


class BidiChanged(Message):
    """`d`: the reader or the terminal now orders the text; the terminal must be told."""

    def __init__(self, mode: BidiMode) -> None:
        super().__init__()
        self.mode = mode


# Issue #13's messages, one section each (append in yours only) --------------------------------

# -- reading (H1) --


class BodyScrolled(Message):
    """The user scrolled or paged the article: it is being read (read at once). `at_end`:
    Space (page down) with the article at its end already: on to the next unread."""

    def __init__(self, *, at_end: bool = False) -> None:
        super().__init__()
        self.at_end = at_end


# -- sources (H2) --


class SourceChosen(Message):
    """A source was chosen in the sources pane (Enter, a click, J/K); the pane has narrowed
    the headline list to it already (All: every headline)."""

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source


class FeedStatesFound(Message):
    """The feeds' states and the number of each feed's items (URL -> number), read in a worker
    for the sources pane."""

    def __init__(self, states: tuple[FeedState, ...], feed_ids: dict[str, int]) -> None:
        super().__init__()
        self.states = states
        self.feed_ids = feed_ids


# -- list (H3) --

# -- links (H4) --
