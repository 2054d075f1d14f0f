"""The reading state as the UI needs it, over `reader.store.Store`.

Every method reads or writes the database (and `Store.key` hashes the article's file), so the
screen calls them from worker threads only; the store is safe to share between threads. Paths
are the entries' own (maybe relative, maybe `file.json#N`); the store keys them absolutely.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from reader.store import ArticleKey, Store


class Marks(NamedTuple):
    read: bool = False
    bookmarked: bool = False


@lru_cache(maxsize=65536)
def absolute(path: Path) -> Path:
    """The absolute form of an entry's path (cached: the list filters compare many of them)."""
    return Path(os.path.abspath(path))


class ReadingState:
    """Read/unread, bookmarks, positions and the last opened article, for one session."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _key(self, path: Path) -> ArticleKey | None:
        try:
            return self.store.key(path)
        except OSError:
            return None

    def marks(self, paths: Iterable[Path]) -> dict[Path, Marks]:
        """Read and bookmark marks for many entries (one transaction)."""
        wanted = {absolute(path): path for path in paths}
        keys = self.store.keys(wanted)
        states = self.store.states(keys.values())
        return {
            wanted[absolute]: Marks(states[key].read, states[key].bookmarked)
            for absolute, key in keys.items()
            if absolute in wanted and key in states
        }

    def opened(self, path: Path, folder: Path) -> int:
        """Record an opened article (read, last opened in `folder`); its saved position."""
        key = self._key(path)
        if key is None:
            return 0
        with self.store.batch():
            self.store.set_read(key, True)
            self.store.set_last_opened(absolute(folder), key)
        return self.store.state(key).position

    def toggle_read(self, path: Path) -> bool | None:
        key = self._key(path)
        return None if key is None else self.store.toggle_read(key)

    def toggle_bookmark(self, path: Path) -> bool | None:
        key = self._key(path)
        return None if key is None else self.store.toggle_bookmark(key)

    def save_position(self, path: Path, position: int) -> None:
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

    def setting(self, name: str) -> str | None:
        value = self.store.setting(name, "")
        return value or None

    def save_setting(self, name: str, value: str) -> None:
        self.store.set_setting(name, value)
