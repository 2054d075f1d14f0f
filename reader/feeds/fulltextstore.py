"""The full text of stored feed items, kept beside the feed's own body.

A feed that ships only summaries gets the text of each item's page (`reader.feeds.fulltext`); it is
stored in its own table, keyed by the item, so the item keeps its feed body and an item edited
upstream (updated in place) keeps its full text. A dropped item drops its full text (a trigger).
`ItemsStore.article` shows the full text as the body, with every other field from the feed, and
`FULL_TEXT_FORMAT` as its format so the details pane can tell which body is shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from reader.database import Database
from reader.feeds.itemcodec import (
    decode_paragraphs,
    encode_paragraphs,
    item_ids,
    item_path,
    safe_text,
)
from reader.model import Paragraph

#: An article's `format` when its body is the page's full text (else "feed": the feed's body).
FULL_TEXT_FORMAT = "feed, full text"

#: The schema of the full texts (version 2 of the items database; created in place in a
#: version-1 file, which then becomes version 2).
FULL_TEXT_SCHEMA = """
CREATE TABLE IF NOT EXISTS full_texts (
    item INTEGER PRIMARY KEY, fetched REAL NOT NULL, paragraphs TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS items_drop_full_text AFTER DELETE ON items
    BEGIN DELETE FROM full_texts WHERE item = OLD.id; END;
"""


class FullTexts(Database):
    """The full-text part of `reader.feeds.items.ItemsStore` (its base class)."""

    def set_full_text(self, path: Path, paragraphs: Sequence[Paragraph], now: float) -> bool:
        """Keep `paragraphs` as the full text of the item at `path` (replacing any before).
        False when it was not kept: no such item, or the write failed (told in `warnings`)."""
        ids = item_ids(path)
        if ids is None or not self.read("SELECT 1 FROM items WHERE feed = ? AND id = ?", ids):
            return False
        sql = "INSERT OR REPLACE INTO full_texts (item, fetched, paragraphs) VALUES (?, ?, ?)"
        return self.write("the full text", (sql, (ids[1], now, encode_paragraphs(paragraphs))))

    def full_text(self, path: Path) -> tuple[Paragraph, ...] | None:
        """The stored full text of the item at `path`, or None (none stored, or damaged)."""
        ids = item_ids(path)
        if ids is None:
            return None
        rows = self.read(
            "SELECT full_texts.paragraphs FROM full_texts JOIN items ON items.id = "
            "full_texts.item WHERE items.feed = ? AND items.id = ?",
            ids,
        )
        if not rows:
            return None
        try:
            return decode_paragraphs(str(rows[0][0]))
        except Exception:  # a damaged row: the feed's body is shown instead
            return None

    def has_full_text(self, path: Path) -> bool:
        ids = item_ids(path)
        if ids is None:
            return False
        rows = self.read(
            "SELECT 1 FROM full_texts JOIN items ON items.id = full_texts.item "
            "WHERE items.feed = ? AND items.id = ?",
            ids,
        )
        return bool(rows)

    def item_link(self, path: Path) -> str | None:
        """The address of the item's page (its `link`), or None: no link, or not stored."""
        ids = item_ids(path)
        rows = self.read("SELECT article FROM items WHERE feed = ? AND id = ?", ids) if ids else []
        if not rows:
            return None
        try:
            link = json.loads(str(rows[0][0])).get("url")
        except (ValueError, AttributeError):
            return None
        return (safe_text(link).strip() or None) if isinstance(link, str) else None

    def lacking_full_text(self, feed_url: str, *, since: float | None = None) -> list[Path]:
        """The items of the feed at `feed_url` without a full text, newest first; with `since`,
        only those first stored at or after that time (the new items of a refresh)."""
        rows = self.read(
            "SELECT items.feed, items.id FROM items JOIN feeds ON feeds.id = items.feed "
            "WHERE feeds.url = ? AND (? IS NULL OR items.fetched >= ?) AND NOT EXISTS "
            "(SELECT 1 FROM full_texts WHERE full_texts.item = items.id) "
            "ORDER BY items.published DESC, items.id DESC",
            (feed_url, since, since),
        )
        return [item_path(int(feed), int(item)) for feed, item in rows]
