"""Reading state in one SQLite database: read/unread, bookmarks, scroll positions.

Why it is built this way:

- **Identity.** An article is keyed by its path *and* a hash of its bytes (`ArticleKey`). Looking a
  key up falls back to any row with the same hash, so a renamed (or copied) file keeps its state,
  while an edited file has a new hash and starts unread. Rows are written only on change.
- **Durability.** WAL mode, and every change is committed when it is made (a `batch()` groups
  several into one commit). A process killed mid-session loses at most the change in flight.
- **Resilience.** Only a corrupt database (not a database at all, a damaged page, a failed check)
  is moved aside (renamed with a timestamp suffix) and a new one started. A database that cannot
  be written (full disk, read-only file or folder) is kept as it is and copied into memory: its
  marks are shown, nothing is saved. One message per problem goes to `Store.warnings`. A
  database from a newer reader is never touched: `Store.open` raises NewerDatabaseError. Errors
  while writing are recorded, never raised: losing a bookmark must not crash the reader.
- **Concurrency.** Two readers on the same database both work: short transactions, and a busy
  timeout makes one wait for the other's commit instead of failing.
- **Search index elsewhere.** The search index is a rebuildable cache, large and written in bulk by
  a worker; it lives in its own file beside this one (`index_path`), so its writes never hold the
  state database's write lock and deleting it loses nothing.
- **Caches may share the file.** The folder scan's headline cache (`reader.library.cache`) keeps
  its own table here, through the public `prepare`/`read`/`write_many`: small rows, written once
  per new or changed file. Settings are not kept here (config.toml holds them); an old
  database's `settings` table is left alone.

How the UI uses this::

    store = Store.open(state_path(args.state))      # never raises; see store.warnings
    key = store.key(article_path)                    # reads + hashes the file (cached by mtime)
    store.set_read(key)                              # opening an article marks it read
    store.toggle_read(key); store.toggle_bookmark(key)       # keys u and s
    states = store.states(keys)                      # filter all / unread / bookmarked
    store.set_position(key, position_of(paragraph, offset))   # on scroll (reader.library.reading)
    store.set_last_opened(folder, key); store.last_opened(folder)   # restore on start
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from reader.database import Database
from reader.statedb import (
    BUSY_TIMEOUT_S,
    NewerDatabaseError,
    blake2b,
    identity_hash,
    identity_source,
    open_database,
    path_from_key,
    path_key,
)

# --- the reading state ----------------------------------------------------------------------

#: The schema's ``user_version``: a database with a higher one is from a newer reader.
STATE_VERSION = 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS article_state (
    path BLOB NOT NULL,
    hash TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL,
    PRIMARY KEY (path, hash)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_state_by_hash ON article_state (hash, updated);
CREATE TABLE IF NOT EXISTS last_opened (
    folder BLOB PRIMARY KEY,
    path BLOB NOT NULL,
    hash TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS file_hashes (
    path BLOB PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL
);
PRAGMA user_version = {STATE_VERSION};
"""


class ArticleKey(NamedTuple):
    """An article's identity: its absolute path and the hash of its bytes."""

    path: Path
    hash: str


class ArticleState(NamedTuple):
    read: bool = False
    bookmarked: bool = False
    #: Where the reader was, in units the UI chooses: `reader.library.reading.position_of` keeps
    #: the top paragraph plus its top line's character offset times 2**32 (survives resizes).
    position: int = 0


_COLUMNS = "read, bookmarked, position"


def _state(row: Any) -> ArticleState:
    if row is None:
        return ArticleState()
    return ArticleState(read=bool(row[0]), bookmarked=bool(row[1]), position=int(row[2]))


class Store(Database):
    """The reading-state database. Safe to share between threads (one lock around each call)."""

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        on_warning: Callable[[str], None] | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> Store:
        """Open (or create) the database at `path`; None keeps the state in memory.

        Problems become `warnings` (see `reader.statedb.open_database`): a corrupt file is
        moved aside, a file that cannot be written is read into memory (its marks shown,
        nothing saved). Raises NewerDatabaseError, and nothing else, for a database written by
        a newer reader: it is never reset, so the caller refuses to go on. `busy_timeout`
        (seconds) is how long a call waits for another program's commit before giving up.
        """
        warnings: list[str] = []

        def warn(message: str) -> None:
            warnings.append(message)
            if on_warning is not None:
                on_warning(message)

        conn, used = open_database(
            path, _SCHEMA, warn, version=STATE_VERSION, newer="refuse", busy_timeout=busy_timeout
        )
        return cls(conn, used, warnings, on_warning)

    # -- identity ---------------------------------------------------------------------------

    def key(self, path: Path) -> ArticleKey:
        """The key of the file at `path`; the hash is cached while its mtime and size hold.

        Raises OSError when the file cannot be read.
        """
        return self._keys([path], strict=True)[Path(os.path.abspath(path))]

    def keys(self, paths: Iterable[Path]) -> dict[Path, ArticleKey]:
        """Keys for many files at once (one transaction); unreadable files are left out.

        The result is keyed by absolute path.
        """
        return self._keys(paths, strict=False)

    def _keys(self, paths: Iterable[Path], *, strict: bool) -> dict[Path, ArticleKey]:
        wanted = [Path(os.path.abspath(p)) for p in paths]
        rows = self._read_in(
            "SELECT path, mtime_ns, size, hash FROM file_hashes WHERE path IN ({})",
            [path_key(p) for p in wanted],
        )
        cached = {bytes(p): (m, s, h) for p, m, s, h in rows}
        result: dict[Path, ArticleKey] = {}
        fresh: list[tuple[bytes, int, int, str]] = []
        list_files: dict[Path, blake2b] = {}
        for absolute in wanted:
            blob = path_key(absolute)
            source, item = identity_source(absolute)
            try:
                info = source.stat()
                known = cached.get(blob)
                if known is not None and known[0] == info.st_mtime_ns and known[1] == info.st_size:
                    digest = str(known[2])
                else:
                    digest = identity_hash(source, item, list_files)
                    fresh.append((blob, info.st_mtime_ns, info.st_size, digest))
            except OSError:
                if strict:
                    raise
                continue
            result[absolute] = ArticleKey(absolute, digest)
        if fresh:
            self.write_many(
                "file hashes",
                (
                    "INSERT OR REPLACE INTO file_hashes (path, mtime_ns, size, hash) "
                    "VALUES (?,?,?,?)",
                    fresh,
                ),
            )
        return result

    # -- per-article state ------------------------------------------------------------------

    def state(self, key: ArticleKey) -> ArticleState:
        """The state of `key`; a path not seen with this content gets a same-content file's."""
        blob = path_key(key.path)
        rows = self.read(
            f"SELECT {_COLUMNS} FROM article_state WHERE path = ? AND hash = ?", (blob, key.hash)
        )
        if not rows:
            rows = self.read(
                f"SELECT {_COLUMNS} FROM article_state WHERE hash = ? "
                "ORDER BY updated DESC LIMIT 1",
                (key.hash,),
            )
        return _state(rows[0] if rows else None)

    def states(self, keys: Iterable[ArticleKey]) -> dict[ArticleKey, ArticleState]:
        """`state` for many keys at once (for the headline list's marks and filter)."""
        keys = list(keys)
        exact: dict[tuple[bytes, str], ArticleState] = {}
        by_hash: dict[str, ArticleState] = {}
        rows = self._read_in(
            f"SELECT path, hash, {_COLUMNS}, updated FROM article_state WHERE hash IN ({{}})",
            sorted({key.hash for key in keys}),
        )
        rows.sort(key=lambda row: row[-1])  # by `updated`: the latest same-content state wins
        for path, digest, *values, _updated in rows:
            state = _state(values)
            exact[(bytes(path), str(digest))] = state
            by_hash[str(digest)] = state
        return {
            key: exact.get((path_key(key.path), key.hash)) or by_hash.get(key.hash, ArticleState())
            for key in keys
        }

    def _update(self, key: ArticleKey, what: str, assignment: str, value: object) -> bool:
        blob = path_key(key.path)
        now = time.time()
        return self.write(
            what,
            (  # A new path with known content inherits that content's state (a rename).
                f"INSERT OR IGNORE INTO article_state (path, hash, {_COLUMNS}, updated) "
                f"SELECT ?, ?, {_COLUMNS}, ? FROM article_state WHERE hash = ? "
                "ORDER BY updated DESC LIMIT 1",
                (blob, key.hash, now, key.hash),
            ),
            (
                "INSERT OR IGNORE INTO article_state (path, hash, updated) VALUES (?, ?, ?)",
                (blob, key.hash, now),
            ),
            (
                f"UPDATE article_state SET {assignment} = ?, updated = ? "
                "WHERE path = ? AND hash = ?",
                (value, now, blob, key.hash),
            ),
        )

    def set_read(self, key: ArticleKey, read: bool = True) -> None:
        self._update(key, "the read mark", "read", int(read))

    def toggle_read(self, key: ArticleKey) -> bool:
        """Flip read/unread (key u); returns the new value."""
        value = not self.state(key).read
        self.set_read(key, value)
        return value

    def set_bookmarked(self, key: ArticleKey, bookmarked: bool = True) -> None:
        self._update(key, "the bookmark", "bookmarked", int(bookmarked))

    def toggle_bookmark(self, key: ArticleKey) -> bool:
        """Flip the bookmark (key s); returns the new value."""
        value = not self.state(key).bookmarked
        self.set_bookmarked(key, value)
        return value

    def set_position(self, key: ArticleKey, position: int) -> None:
        self._update(key, "the scroll position", "position", int(position))

    def bookmarks(self) -> list[ArticleKey]:
        """Every bookmarked article, most recently changed first."""
        rows = self.read(
            "SELECT path, hash FROM article_state WHERE bookmarked ORDER BY updated DESC", ()
        )
        return [ArticleKey(path_from_key(bytes(p)), str(h)) for p, h in rows]

    # -- per-folder and global --------------------------------------------------------------

    def set_last_opened(self, folder: Path, key: ArticleKey) -> None:
        """Remember the article last opened from `folder` (restored on the next start)."""
        self.write(
            "the last opened article",
            (
                "INSERT OR REPLACE INTO last_opened (folder, path, hash, updated) "
                "VALUES (?, ?, ?, ?)",
                (path_key(folder), path_key(key.path), key.hash, time.time()),
            ),
        )

    def last_opened(self, folder: Path) -> ArticleKey | None:
        """The article last opened from `folder`; find it by path, or by hash if renamed."""
        rows = self.read("SELECT path, hash FROM last_opened WHERE folder = ?", (path_key(folder),))
        if not rows:
            return None
        path, digest = rows[0]
        return ArticleKey(path_from_key(bytes(path)), str(digest))


def open_in_background(path: Path | None) -> Callable[[], Store]:
    """Start opening the store at `path` in a thread; call the result to wait for it.

    Opening (and, the first time, creating) the database is file work SQLite does without the
    GIL, so the caller's imports go on meanwhile: the reader starts its UI this way. The result
    raises what `Store.open` raises (NewerDatabaseError).
    """
    opened: list[Store] = []
    failed: list[NewerDatabaseError] = []

    def work() -> None:
        try:
            opened.append(Store.open(path))
        except NewerDatabaseError as error:
            failed.append(error)

    thread = threading.Thread(target=work, name="reader-state-open", daemon=True)
    thread.start()

    def wait() -> Store:
        thread.join()
        if failed:
            raise failed[0]
        return opened[0] if opened else Store.open(path)

    return wait


def article_state(store: Store, path: Path, content_hash: str | None = None) -> dict[str, bool]:
    """``{"read": …, "bookmarked": …}`` for `reader list --json`; hashes the file if needed.

    Raises OSError when `content_hash` is None and the file cannot be read.
    """
    key = ArticleKey(Path(os.path.abspath(path)), content_hash) if content_hash else store.key(path)
    state = store.state(key)
    return {"read": state.read, "bookmarked": state.bookmarked}
