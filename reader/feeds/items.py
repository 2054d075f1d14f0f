"""Feed items kept for offline reading: one SQLite database of feeds and their items.

Items are content, not cache: they stay when the feed drops them or the network is gone. An item is
identified in its feed by the parser's key; edited upstream (same key, new digest) it is updated in
place and keeps its marks. A 304 writes only the check (its time and status); retention never
drops a bookmarked or an unread item. Built like `reader.store` (WAL, one lock, failed writes
become warnings, a newer reader's database refused). Items are listed under made-up paths
(`item_path`) that `ItemsStore.article` turns back into the stored article.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.feeds.fulltextstore import FULL_TEXT_FORMAT, FULL_TEXT_SCHEMA, FullTexts
from reader.feeds.itemcodec import (
    decode_article,
    item_ids,
    item_path,
    item_row,
    moment_of,
    optional_text,
    row_headline,
    safe_text,
)
from reader.feeds.itemstate import ItemMarks
from reader.i18n import N_
from reader.model import Article, ArticleError, Headline
from reader.statedb import BUSY_TIMEOUT_S, open_database

if TYPE_CHECKING:
    from reader.feeds.fetch import Fetched
    from reader.feeds.parse import ParsedFeed

ITEMS_FILE = "items.sqlite3"
#: Moves the items database (a file, or a folder to hold ``items.sqlite3``).
ITEMS_ENV = "READER_ITEMS"
#: The schema's ``user_version``: a database with a higher one is from a newer reader. Version 2
#: adds the full texts (`reader.feeds.fulltextstore`), created in place in a version-1 file.
ITEMS_VERSION = 2
#: The longest pause a server's Retry-After may impose, and the pause after a bare 429.
MAX_WAIT_S = 24 * 3600.0
DEFAULT_WAIT_S = 30 * 60.0

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]', etag TEXT, last_modified TEXT,
    last_success REAL, last_attempt REAL, status TEXT NOT NULL DEFAULT 'never', error TEXT,
    new INTEGER NOT NULL DEFAULT 0, not_before REAL
);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, feed INTEGER NOT NULL, key TEXT NOT NULL,
    digest TEXT NOT NULL, published TEXT NOT NULL DEFAULT '', fetched REAL NOT NULL,
    read INTEGER NOT NULL DEFAULT 0, bookmarked INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '', date TEXT, date_text TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'rtl', article TEXT NOT NULL, UNIQUE (feed, key)
);
DROP INDEX IF EXISTS items_newest;
CREATE INDEX IF NOT EXISTS items_listed
    ON items (published DESC, id DESC, feed, title, date, date_text, direction);
CREATE INDEX IF NOT EXISTS items_by_feed ON items (feed, published DESC, id DESC);
{FULL_TEXT_SCHEMA}
PRAGMA user_version = {ITEMS_VERSION};
"""
_NEWEST = "ORDER BY items.published DESC, items.id DESC"
#: What the list shows of an item (all in the covering index `items_listed`).
_LISTED = (
    "items.feed, items.id, items.title, items.date, items.date_text, items.direction, "
    "items.published"
)


def items_path(state: Path | None) -> Path | None:
    """``$READER_ITEMS`` if set; else None when the state is in memory; else the XDG data dir
    for the default state database, and beside any other (``x.sqlite3`` -> ``x.items.sqlite3``)."""
    chosen = os.environ.get(ITEMS_ENV, "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        return path / ITEMS_FILE if path.is_dir() else path
    if state is None:
        return None
    import platformdirs

    from reader.locations import APP_NAME, STATE_FILE

    if state == platformdirs.user_state_path(APP_NAME) / STATE_FILE:
        return platformdirs.user_data_path(APP_NAME) / ITEMS_FILE
    return state.with_name(state.stem + ".items" + (state.suffix or ".sqlite3"))


class FeedState(NamedTuple):
    url: str
    title: str
    status: str  # "never" | "ok" | "not-modified" | "error"
    new: int
    error: str | None
    last_success: float | None
    last_attempt: float | None
    etag: str | None
    last_modified: str | None
    not_before: float | None
    items: int
    unread: int


def feed_outcome(fetched: Fetched, parsed: ParsedFeed | None) -> tuple[str, str | None]:
    """The status a response gives its feed, and the error (or a note) in plain words."""
    if fetched.status == "not-modified":
        return "not-modified", None
    if fetched.status != "ok":
        return "error", fetched.error or "the feed could not be fetched"
    if parsed is None:
        return "error", "the feed was not read"
    if not parsed.items and parsed.problem:
        return "error", parsed.problem
    return "ok", parsed.problem


Tags = Sequence[str] | None
_ITEM_COLUMNS = "digest, published, title, date, date_text, direction, article"


class ItemsStore(ItemMarks, FullTexts):
    """The feeds and their items (their marks: `ItemMarks`; their full texts: `FullTexts`).
    Safe to share between threads (one lock around each call)."""

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        on_warning: Callable[[str], None] | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> ItemsStore:
        """Open (or create) the items database at `path`; None keeps it in memory. Problems
        become `warnings`; raises NewerDatabaseError (only) for a newer reader's database."""
        warnings: list[str] = []

        def warn(message: str) -> None:
            warnings.append(message)
            if on_warning is not None:
                on_warning(message)

        what, version, timeout = "items database", ITEMS_VERSION, busy_timeout
        # No `PRAGMA quick_check` at open (`full_check=False`): it reads the whole file, 45 ms
        # of every start at 20,000 items and growing with them. A damaged page still shows
        # when it is read: the read gives a warning and no rows, never a traceback.
        conn, used = open_database(
            path, _SCHEMA, warn, what=what, version=version, busy_timeout=timeout, full_check=False
        )
        return cls(conn, used, warnings, on_warning)

    # -- feeds --------------------------------------------------------------------------------

    def _states(self, where: str, params: Sequence[object]) -> list[FeedState]:
        rows = self.read(
            "SELECT url, title, status, new, error, last_success, last_attempt, etag, "
            "last_modified, not_before, (SELECT count(*) FROM items WHERE feed = feeds.id), "
            "(SELECT count(*) FROM items WHERE feed = feeds.id AND NOT read) "
            f"FROM feeds {where} ORDER BY id",
            params,
        )
        return [FeedState(*row) for row in rows]

    def feeds(self) -> list[FeedState]:
        return self._states("", ())

    def feed(self, url: str) -> FeedState | None:
        found = self._states("WHERE url = ?", (url,))
        return found[0] if found else None

    def save(
        self,
        url: str,
        fetched: Fetched,
        parsed: ParsedFeed | None,
        now: float,
        *,
        tags: Tags = None,
    ) -> int:
        """Record one response of the feed at `url` in one transaction; the number of new
        items (0 when the save failed: the reason is in `warnings`, nothing is changed)."""
        try:
            with self.batch():
                feed_id = self._feed_id(safe_text(url), tags)
                if fetched.moved_to and fetched.moved_to != url:
                    feed_id = self._move(feed_id, safe_text(fetched.moved_to))
                return self._apply(feed_id, fetched, parsed, now)
        except sqlite3.Error as error:
            self._warn(f"could not save the feed {safe_text(url)}: {error}")
            return 0

    def _feed_id(self, url: str, tags: Tags) -> int:
        conn = self._conn
        conn.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))
        if tags is not None:
            encoded = json.dumps([safe_text(tag) for tag in tags], ensure_ascii=False)
            conn.execute("UPDATE feeds SET tags = ? WHERE url = ?", (encoded, url))
        return int(conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0])

    def _move(self, feed_id: int, target: str) -> int:
        """A permanent redirect: the feed's URL follows; onto a feed already stored there, its
        items join that feed (an item both hold keeps the marks of either)."""
        conn = self._conn
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (target,)).fetchone()
        if row is None:
            conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (target, feed_id))
            return feed_id
        other = int(row[0])
        conn.execute(
            "UPDATE items AS t SET read = max(t.read, o.read), bookmarked = max(t.bookmarked, "
            "o.bookmarked) FROM items AS o WHERE o.feed = ? AND t.feed = ? AND t.key = o.key",
            (feed_id, other),
        )
        conn.execute("UPDATE OR IGNORE items SET feed = ? WHERE feed = ?", (other, feed_id))
        conn.execute("DELETE FROM items WHERE feed = ?", (feed_id,))
        conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return other

    def _apply(self, feed_id: int, fetched: Fetched, parsed: ParsedFeed | None, now: float) -> int:
        conn = self._conn
        status, error = feed_outcome(fetched, parsed)
        if status == "not-modified":
            conn.execute(
                "UPDATE feeds SET status = ?, error = NULL, new = 0, last_attempt = ?, "
                "last_success = ?, not_before = NULL WHERE id = ?",
                (status, now, now, feed_id),
            )
            return 0
        if status == "error" or parsed is None:
            wait = fetched.retry_after
            wait = DEFAULT_WAIT_S if wait is None and fetched.http_status == 429 else wait
            not_before = None if wait is None else now + min(max(wait, 0.0), MAX_WAIT_S)
            conn.execute(
                "UPDATE feeds SET status = 'error', error = ?, new = 0, last_attempt = ?, "
                "not_before = ? WHERE id = ?",
                (optional_text(error), now, not_before, feed_id),
            )
            return 0
        rows = conn.execute("SELECT key, id, digest FROM items WHERE feed = ?", (feed_id,))
        known = {str(key): (int(item_id), str(digest)) for key, item_id, digest in rows}
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        seen: set[str] = set()
        for item in parsed.items:
            key = safe_text(item.key)
            if key in seen:  # a key met twice in one response: the first one counts
                continue
            seen.add(key)
            old = known.get(key)
            if old is None:
                inserts.append((feed_id, key, now, *item_row(item)))
            elif old[1] != safe_text(item.digest):
                updates.append((*item_row(item), old[0]))
        conn.executemany(
            f"INSERT INTO items (feed, key, fetched, {_ITEM_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            inserts,
        )
        assignments = ", ".join(f"{column} = ?" for column in _ITEM_COLUMNS.split(", "))
        conn.executemany(f"UPDATE items SET {assignments} WHERE id = ?", updates)
        title, link, etag = (
            safe_text(parsed.title),
            safe_text(parsed.link),
            optional_text(fetched.etag),
        )
        conn.execute(
            "UPDATE feeds SET title = coalesce(nullif(?, ''), title), link = coalesce(nullif(?, "
            "''), link), status = 'ok', error = ?, new = ?, etag = ?, last_modified = ?, "
            "last_success = ?, last_attempt = ?, not_before = NULL WHERE id = ?",
            (
                title,
                link,
                optional_text(error),
                len(inserts),
                etag,
                optional_text(fetched.last_modified),
                now,
                now,
                feed_id,
            ),
        )
        return len(inserts)

    # -- items --------------------------------------------------------------------------------

    def headlines(self, *urls: str) -> list[Headline]:
        """The stored items of the feeds at `urls` (none: of every feed), newest first."""
        if not urls:
            return list(self.iter_headlines())
        places = ", ".join("?" * len(urls))
        join = f"JOIN feeds ON feeds.id = items.feed WHERE feeds.url IN ({places})"
        rows = self.read(f"SELECT {_LISTED} FROM items {join} {_NEWEST}", urls)
        return [row_headline(row) for row in rows]

    def versions(self, *urls: str) -> dict[Path, str]:
        """{item path: its version} for the stored items of the feeds at `urls` (none: of
        every feed). The version changes when the item is edited upstream or its full text is
        stored, so a search index knows what to read again."""
        sql = (
            "SELECT items.feed, items.id, items.digest, full_texts.fetched FROM items "
            "LEFT JOIN full_texts ON full_texts.item = items.id"
        )
        if urls:
            places = ", ".join("?" * len(urls))
            sql += f" JOIN feeds ON feeds.id = items.feed WHERE feeds.url IN ({places})"
        return {
            item_path(int(feed), int(item)): f"{digest}/{fetched or ''}"
            for feed, item, digest, fetched in self.read(sql, urls)
        }

    def iter_headlines(self, batch: int = 500, first: int = 64) -> Iterator[Headline]:
        """Every stored item, newest first, read from the covering index `first` items, then
        `batch` at a time: the first screen takes the first few (at no cost for the rest),
        the scan's worker the rest."""
        size = max(1, min(first, batch))
        rows = self.read(f"SELECT {_LISTED} FROM items {_NEWEST} LIMIT ?", (size,))
        while rows:
            yield from map(row_headline, rows)
            if len(rows) < size:
                return
            size = batch
            published, item = rows[-1][6], rows[-1][1]
            rows = self.read(
                f"SELECT {_LISTED} FROM items WHERE published < ? OR (published = ? AND id < ?) "
                f"{_NEWEST} LIMIT ?",
                (published, published, item, size),
            )

    def article(self, path: Path) -> Article:
        """The stored item at `path` (an `item_path`); ArticleError when there is none. When
        its feed's last refresh failed, the article says so (the details pane shows it). With
        a full text stored, that is the body (format `FULL_TEXT_FORMAT`), the rest as the feed
        gave it."""
        ids = item_ids(path)
        if ids is None:
            raise ArticleError(f"not a stored feed item: {os.fsdecode(path)!r}")
        rows = self.read(
            "SELECT items.article, feeds.status, feeds.error FROM items "
            "JOIN feeds ON feeds.id = items.feed WHERE items.feed = ? AND items.id = ?",
            ids,
        )
        if not rows:
            raise ArticleError(N_("this feed item is no longer stored"))
        stored, status, error = rows[0]
        article = decode_article(str(stored), item_path(*ids))
        full = self.full_text(article.path or path)
        if full is not None:
            article = article._replace(paragraphs=full, format=FULL_TEXT_FORMAT)
        if status == "error" and error:
            note = f"the feed's last refresh failed: {error}"
            article = article._replace(warnings=(*article.warnings, note))
        return article

    def feed_url(self, path: Path) -> str | None:
        """The URL of the feed the item at `path` came from (None: not a stored item)."""
        ids = item_ids(path)
        rows = self.read("SELECT url FROM feeds WHERE id = ?", (ids[0],)) if ids else []
        return str(rows[0][0]) if rows else None

    def retain(
        self, url: str, max_items: int | None, max_age_days: float | None, now: float
    ) -> int:
        """Drop the feed's read, unbookmarked items beyond the newest `max_items` or older
        than `max_age_days` (published, else first fetched); the number dropped."""
        rows = self.read(
            "SELECT items.id, items.published, items.fetched, items.read, items.bookmarked FROM "
            f"items JOIN feeds ON feeds.id = items.feed WHERE feeds.url = ? {_NEWEST}",
            (url,),
        )
        drop: list[tuple[int]] = []
        for rank, (item_id, published, fetched, read, bookmarked) in enumerate(rows):
            if bookmarked or not read:
                continue
            moment = moment_of(str(published))
            age = now - (float(fetched) if moment is None else moment.timestamp())
            if (max_items is not None and rank >= max_items) or (
                max_age_days is not None and age > max_age_days * 86400
            ):
                drop.append((int(item_id),))
        if drop and self.write_many("retention", ("DELETE FROM items WHERE id = ?", drop)):
            return len(drop)
        return 0
