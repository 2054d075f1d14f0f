"""Reading: opening an article and marking it read, and the reading state as the screens need it.

`ReadingState` is `reader.store.Store` seen through the headline list's paths (maybe relative,
maybe `file.json#N`; the store keys them absolutely). Every method reads or writes the database
(and `Store.key` hashes the article's file), so the UI calls them from worker threads only; the
store is safe to share between threads.

`open_article` is the one "open" (and, with `mark`, mark read): the first screen calls it for a
small article before the first paint, the body's load worker for every other one. An article
shown is only previewed: it becomes read later (`reader.library.marking`), through `mark_read`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.model import Article, ArticleError, reason
from reader.store import ArticleKey, Store

if TYPE_CHECKING:
    from reader.feeds.items import ItemsStore


class Marks(NamedTuple):
    read: bool = False
    bookmarked: bool = False


@lru_cache(maxsize=65536)
def absolute(path: Path) -> Path:
    """The absolute form of a headline's path (cached: the list filters compare many of them)."""
    return Path(os.path.abspath(path))


def reading_folder(paths: Sequence[Path]) -> Path:
    """The folder whose "last opened" article is remembered: the first path's."""
    path = paths[0] if paths else Path(".")
    return path if path.is_dir() else path.parent


class ReadingState:
    """Read/unread, bookmarks, positions and the last opened article, for one session.

    With `items` (the feeds' store), the marks of feed items (`reader.feeds.items.item_path`)
    are kept there, with the items; those of files in the state database.
    """

    def __init__(self, store: Store, items: ItemsStore | None = None) -> None:
        self.store = store
        self.items = items

    def is_item(self, path: Path) -> bool:
        """True for a feed item's path (its marks are kept with the items)."""
        if self.items is None:
            return False
        from reader.feeds.itemcodec import is_item_path

        return is_item_path(path)

    def _key(self, path: Path) -> ArticleKey | None:
        try:
            return self.store.key(path)
        except OSError:
            return None

    def marks(self, paths: Iterable[Path]) -> dict[Path, Marks]:
        """Read and bookmark marks for many headlines (one transaction)."""
        found: dict[Path, Marks] = {}
        files: list[Path] = []
        items: list[Path] = []
        for path in paths:
            (items if self.is_item(path) else files).append(path)
        if items and self.items is not None:
            found = {path: Marks(*mark) for path, mark in self.items.marks(items).items()}
        wanted = {absolute(path): path for path in files}
        keys = self.store.keys(wanted)
        states = self.store.states(keys.values())
        found.update(
            (wanted[absolute], Marks(states[key].read, states[key].bookmarked))
            for absolute, key in keys.items()
            if absolute in wanted and key in states
        )
        return found

    def opened(self, path: Path, folder: Path, *, mark: bool = False) -> int:
        """Record an opened article (last opened in `folder`; read too with `mark`); its
        saved position."""
        if self.items is not None and self.is_item(path):
            if mark:
                self.items.set_read(path)
            return 0
        key = self._key(path)
        if key is None:
            return 0
        with self.store.batch():
            if mark:
                self.store.set_read(key, True)
            self.store.set_last_opened(absolute(folder), key)
        return self.store.state(key).position

    def mark_read(self, path: Path, read: bool = True) -> None:
        """Set the read mark of one headline."""
        self.mark_all([path], read=read)

    def mark_all(self, paths: Iterable[Path], *, read: bool = True) -> dict[Path, Marks]:
        """Set the read mark of many headlines in one transaction (per store); their previous
        marks (for `restore`: an undo)."""
        paths = list(paths)
        known = self.marks(paths)
        previous = {path: known.get(path, Marks()) for path in paths}
        self._set_read({path: read for path in paths})
        return previous

    def restore(self, previous: dict[Path, Marks]) -> None:
        """Put back the read marks `mark_all` returned (one transaction per store)."""
        self._set_read({path: marks.read for path, marks in previous.items()})

    def _set_read(self, reads: dict[Path, bool]) -> None:
        items = {path: read for path, read in reads.items() if self.is_item(path)}
        if items and self.items is not None:
            with self.items.batch():
                for path, read in items.items():
                    self.items.set_read(path, read)
        files = {absolute(path): read for path, read in reads.items() if path not in items}
        keys = self.store.keys(files)
        if keys:
            with self.store.batch():
                for where, key in keys.items():
                    if where in files:
                        self.store.set_read(key, files[where])

    def toggle_read(self, path: Path) -> bool | None:
        if self.items is not None and self.is_item(path):
            return self.items.toggle_read(path)
        key = self._key(path)
        return None if key is None else self.store.toggle_read(key)

    def toggle_bookmark(self, path: Path) -> bool | None:
        if self.items is not None and self.is_item(path):
            return self.items.toggle_bookmark(path)
        key = self._key(path)
        return None if key is None else self.store.toggle_bookmark(key)

    def save_position(self, path: Path, position: int) -> None:
        if self.is_item(path):
            return  # (a feed item opens at its top)
        key = self._key(path)
        if key is not None:
            self.store.set_position(key, position)

    def last_opened(self, folder: Path) -> Path | None:
        """The article last opened from `folder` (its current path when it was renamed)."""
        key = self.store.last_opened(absolute(folder))
        if key is None:
            return None
        found = self.store.keys([key.path]).get(key.path)
        if found is not None and found.hash == key.hash:
            return key.path
        return key.path if key.path.exists() else None


#: A saved position is the paragraph at the top of the body plus, times this, the offset of the
#: first character of its top line: the line is restored, at any width. A position saved
#: before is a paragraph alone (offset 0), read the same way.
LINE_OFFSET = 1 << 32


def position_of(paragraph: int, offset: int = 0) -> int:
    """The saved position of character `offset` of paragraph `paragraph` (both from 0)."""
    return max(0, paragraph) % LINE_OFFSET + max(0, offset) * LINE_OFFSET


def split_position(position: int) -> tuple[int, int]:
    """(paragraph, offset in it) of a saved position (`position_of`)."""
    offset, paragraph = divmod(max(0, position), LINE_OFFSET)
    return paragraph, offset


#: Files larger than this are read one at a time (`large_load`).
LARGE_FILE = 1024 * 1024
_LARGE_LOAD = threading.Lock()


@contextmanager
def large_load(path: Path, cancelled: Callable[[], bool]) -> Iterator[bool]:
    """Read large files one at a time: a parse cannot stop midway, so paging through several
    60 MB articles would otherwise parse them all at once, each with its own copies. Yields
    False when the load was cancelled while it waited its turn."""
    try:
        large = os.stat(path).st_size > LARGE_FILE
    except OSError:
        large = False  # (a JSON list member `file.json#3`, or a file gone: read as usual)
    if not large:
        yield True
        return
    while not _LARGE_LOAD.acquire(timeout=0.05):
        if cancelled():
            yield False
            return
    try:
        yield not cancelled()
    finally:
        _LARGE_LOAD.release()


class Opened(NamedTuple):
    """An article read (and marked read when asked), with its saved position (a paragraph)."""

    article: Article
    position: int


class Failed(NamedTuple):
    """An article that cannot be read, and why (one line for the user)."""

    reason: str


def open_article(
    path: Path,
    state: ReadingState,
    folder: Path,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    loaded: Callable[[Article], None] | None = None,
    mark: bool = False,
) -> Opened | Failed | None:
    """Read the article at `path` and record it as last opened in `folder` (and read, with
    `mark`: otherwise it is a preview, read later through `ReadingState.mark_read`).

    Large files wait their turn (`large_load`). `loaded` is called with the parsed article
    before it is recorded (the UI keeps it for the search indexer, and prepares its panes).
    None when `cancelled()` said so while waiting, or once parsed: the user moved on, and an
    article never shown is not marked read.
    """
    from reader.sources import load_article

    try:
        with large_load(path, cancelled) as go_on:
            if not go_on:
                return None
            items = state.items
            # A feed item comes from the feeds' store, a file from its file.
            article = (
                items.article(path)
                if items is not None and state.is_item(path)
                else load_article(path)
            )
            # Before the next large load may start: the indexer takes it from here rather
            # than parse the same file a second time.
            if loaded is not None:
                loaded(article)
    except (ArticleError, OSError) as error:
        return Failed(reason(error))
    if cancelled():
        return None
    return Opened(article, state.opened(path, folder, mark=mark))
