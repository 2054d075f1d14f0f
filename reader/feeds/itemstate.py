"""Marks on stored feed items: read and bookmarked, the part of `reader.feeds.items.ItemsStore`
that the list and the keys `u`/`s` change. Retention (`ItemsStore.retain`) never drops an item
marked unread or bookmarked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reader.database import Database
from reader.feeds.itemcodec import item_ids


class ItemMarks(Database):
    """Read and bookmark marks of stored items (a base class of `ItemsStore`)."""

    def marks(self, paths: Iterable[Path]) -> dict[Path, tuple[bool, bool]]:
        """``{path: (read, bookmarked)}`` for the stored items among `paths`."""
        wanted = {ids: path for path in paths if (ids := item_ids(path)) is not None}
        rows = self._read_in(
            "SELECT feed, id, read, bookmarked FROM items WHERE id IN ({})",
            sorted({item for _feed, item in wanted}),
        )
        marks: dict[Path, tuple[bool, bool]] = {}
        for feed_id, item_id, read, bookmarked in rows:
            path = wanted.get((int(feed_id), int(item_id)))
            if path is not None:
                marks[path] = (bool(read), bool(bookmarked))
        return marks

    def _set(self, path: Path, column: str, value: bool) -> None:
        ids = item_ids(path)
        if ids is not None:
            sql = f"UPDATE items SET {column} = ? WHERE feed = ? AND id = ?"
            self.write(f"the {column} mark", (sql, (int(value), *ids)))

    def set_read(self, path: Path, read: bool = True) -> None:
        self._set(path, "read", read)

    def toggle_read(self, path: Path) -> bool:
        """Flip read/unread; the new value (False for an item not stored)."""
        value = not self.marks([path]).get(path, (True, False))[0]
        self._set(path, "read", value)
        return value

    def toggle_bookmark(self, path: Path) -> bool:
        """Flip the bookmark; the new value (False for an item not stored)."""
        value = not self.marks([path]).get(path, (False, True))[1]
        self._set(path, "bookmarked", value)
        return value
