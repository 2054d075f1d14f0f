"""Reading state in one SQLite database: read/unread, bookmarks, scroll positions, settings.

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
- **Headline cache here.** The folder scan's headlines (a title, a date, a direction per file) are
  cached by file and stamp (mtime, size) and by the parsers' version, so a restart lists an
  unchanged folder without parsing it again. The rows are small and written once per new or
  changed file; a file no scan has found for a month is dropped.

How the UI uses this::

    store = Store.open(state_path(args.state))      # never raises; see store.warnings
    key = store.key(article_path)                    # reads + hashes the file (cached by mtime)
    store.set_read(key)                              # opening an article marks it read
    store.toggle_read(key); store.toggle_bookmark(key)       # keys u and s
    states = store.states(keys)                      # filter all / unread / bookmarked
    store.set_position(key, top_paragraph)           # on scroll (store a width-independent value)
    store.set_last_opened(folder, key); store.last_opened(folder)   # restore on start
    store.set_setting("layout", "wide"); store.setting("bidi", "app")
    store.cached_headlines(file, mtime_ns, size, version); store.save_headlines(...)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.statedb import (
    APP_NAME,
    BUSY_TIMEOUT_S,
    STATE_ENV,
    STATE_FILE,
    NewerDatabaseError,
    blake2b,
    content_hash,
    folder_holding,
    identity_hash,
    identity_source,
    index_path,
    move_aside,
    open_database,
    path_from_key,
    path_key,
    requested_state_path,
    state_path,
)
from reader.text.sanitize import valid_text

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_S",
    "STATE_ENV",
    "STATE_FILE",
    "STATE_VERSION",
    "ArticleKey",
    "ArticleState",
    "NewerDatabaseError",
    "Store",
    "article_state",
    "content_hash",
    "folder_holding",
    "index_path",
    "move_aside",
    "open_database",
    "open_in_background",
    "path_from_key",
    "path_key",
    "requested_state_path",
    "state_path",
]


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
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_hashes (
    path BLOB PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS headlines (
    file BLOB NOT NULL,
    idx INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    version TEXT NOT NULL,
    seen REAL NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (file, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS headlines_by_seen ON headlines (seen);
PRAGMA user_version = {STATE_VERSION};
"""

#: A cached headline not seen by any scan for this long is dropped (seconds).
HEADLINE_MAX_AGE = 30 * 24 * 3600
#: Separates the fields of a cached headline; a file with a field holding it is not cached.
_FIELD_SEPARATOR = "\x1f"


class ArticleKey(NamedTuple):
    """An article's identity: its absolute path and the hash of its bytes."""

    path: Path
    hash: str


class ArticleState(NamedTuple):
    read: bool = False
    bookmarked: bool = False
    #: Where the reader was, in units the UI chooses (a top paragraph index survives resizes).
    position: int = 0


_COLUMNS = "read, bookmarked, position"
#: Values per `IN (...)` list in one query (SQLite's limit is 999 in old builds).
_CHUNK = 500


def _state(row: Any) -> ArticleState:
    if row is None:
        return ArticleState()
    return ArticleState(read=bool(row[0]), bookmarked=bool(row[1]), position=int(row[2]))


class Store:
    """The reading-state database. Safe to share between threads (one lock around each call)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        warnings: list[str],
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self._conn = conn
        #: The database file in use; None when running in memory.
        self.path = path
        #: Every problem met (database moved aside, a write that failed), for the UI to show.
        self.warnings = warnings
        self._on_warning = on_warning
        self._depth = 0
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | None, *, on_warning: Callable[[str], None] | None = None) -> Store:
        """Open (or create) the database at `path`; None keeps the state in memory.

        Problems become `warnings` (see `reader.statedb.open_database`): a corrupt file is
        moved aside, a file that cannot be written is read into memory (its marks shown,
        nothing saved). Raises NewerDatabaseError, and nothing else, for a database written by
        a newer reader: it is never reset, so the caller refuses to go on.
        """
        warnings: list[str] = []

        def warn(message: str) -> None:
            warnings.append(message)
            if on_warning is not None:
                on_warning(message)

        conn, used = open_database(path, _SCHEMA, warn, version=STATE_VERSION, newer="refuse")
        return cls(conn, used, warnings, on_warning)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._on_warning is not None:
            self._on_warning(message)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one transaction (one commit at the end, all or nothing)."""
        with self._lock:
            if self._depth == 0:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise

    def _write(self, what: str, *statements: tuple[str, tuple[object, ...]]) -> bool:
        """Run `statements` as one committed change; a failure is recorded, not raised."""
        try:
            with self.batch():
                for sql, params in statements:
                    self._conn.execute(sql, params)
        except sqlite3.Error as error:
            self._warn(f"could not save {what}: {error}")
            return False
        return True

    def _read_in(self, sql: str, values: Sequence[object]) -> list[Any]:
        """`sql` with its one `IN ({})` list filled with `values`, read in chunks: a batch of
        the scan costs what it holds, not what the whole table holds."""
        rows: list[Any] = []
        for start in range(0, len(values), _CHUNK):
            chunk = tuple(values[start : start + _CHUNK])
            rows.extend(self._read(sql.format(",".join("?" * len(chunk))), chunk))
        return rows

    def _read(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            self._warn(f"could not read the state database: {error}")
            return []

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
            self._write_many(
                "file hashes",
                "INSERT OR REPLACE INTO file_hashes (path, mtime_ns, size, hash) VALUES (?,?,?,?)",
                fresh,
            )
        return result

    def _write_many(self, what: str, sql: str, rows: list[tuple[bytes, int, int, str]]) -> None:
        try:
            with self.batch():
                self._conn.executemany(sql, rows)
        except sqlite3.Error as error:
            self._warn(f"could not save {what}: {error}")

    # -- per-article state ------------------------------------------------------------------

    def state(self, key: ArticleKey) -> ArticleState:
        """The state of `key`; a path not seen with this content gets a same-content file's."""
        blob = path_key(key.path)
        rows = self._read(
            f"SELECT {_COLUMNS} FROM article_state WHERE path = ? AND hash = ?", (blob, key.hash)
        )
        if not rows:
            rows = self._read(
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
        return self._write(
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
        rows = self._read(
            "SELECT path, hash FROM article_state WHERE bookmarked ORDER BY updated DESC", ()
        )
        return [ArticleKey(path_from_key(bytes(p)), str(h)) for p, h in rows]

    # -- per-folder and global --------------------------------------------------------------

    def set_last_opened(self, folder: Path, key: ArticleKey) -> None:
        """Remember the article last opened from `folder` (restored on the next start)."""
        self._write(
            "the last opened article",
            (
                "INSERT OR REPLACE INTO last_opened (folder, path, hash, updated) "
                "VALUES (?, ?, ?, ?)",
                (path_key(folder), path_key(key.path), key.hash, time.time()),
            ),
        )

    def last_opened(self, folder: Path) -> ArticleKey | None:
        """The article last opened from `folder`; find it by path, or by hash if renamed."""
        rows = self._read(
            "SELECT path, hash FROM last_opened WHERE folder = ?", (path_key(folder),)
        )
        if not rows:
            return None
        path, digest = rows[0]
        return ArticleKey(path_from_key(bytes(path)), str(digest))

    def setting(self, name: str, default: str) -> str:
        """A saved setting (layout, bidi, harakat, …), or `default` when never set."""
        rows = self._read("SELECT value FROM settings WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else default

    def set_setting(self, name: str, value: str) -> None:
        self._write(
            f"the setting {name}",
            ("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, value)),
        )

    # -- the headline cache -----------------------------------------------------------------

    def cached_headlines(
        self, file: Path, mtime_ns: int, size: int, version: str
    ) -> list[tuple[str, ...]] | None:
        """The headline fields cached for `file` (absolute) when its stamp and the parsers'
        `version` still match, else None. Each headline is a tuple of strings."""
        rows = self._read(
            "SELECT mtime_ns, size, version, fields FROM headlines WHERE file = ? ORDER BY idx",
            (path_key(file),),
        )
        if not rows or any((m, z, v) != (mtime_ns, size, version) for m, z, v, _ in rows):
            return None
        return [tuple(str(fields).split(_FIELD_SEPARATOR)) for _, _, _, fields in rows]

    def save_headlines(
        self,
        files: Iterable[tuple[Path, int, int, Sequence[Sequence[str]]]],
        seen: Iterable[Path],
        version: str,
    ) -> None:
        """Cache the headline fields of `files` (absolute path, mtime_ns, size, headlines), mark
        the cached files in `seen` as found again, and drop what no scan found for a month.
        A file with a field holding U+001F (the separator) is left out."""
        now = time.time()
        rows = [
            # valid_text: SQLite refuses lone surrogates (a second guard: sources replace them)
            (path_key(file), index, mtime_ns, size, version, now, _join_valid(fields))
            for file, mtime_ns, size, headlines in files
            if not any(_FIELD_SEPARATOR in field for fields in headlines for field in fields)
            for index, fields in enumerate(headlines)
        ]
        try:
            with self.batch():
                self._conn.executemany(
                    "DELETE FROM headlines WHERE file = ?", {(row[0],) for row in rows}
                )
                self._conn.executemany(
                    "INSERT INTO headlines (file, idx, mtime_ns, size, version, seen, fields) "
                    "VALUES (?,?,?,?,?,?,?)",
                    rows,
                )
                self._conn.executemany(
                    "UPDATE headlines SET seen = ? WHERE file = ?",
                    [(now, path_key(file)) for file in seen],
                )
                self._conn.execute(
                    "DELETE FROM headlines WHERE seen < ?", (now - HEADLINE_MAX_AGE,)
                )
        except sqlite3.Error as error:
            self._warn(f"could not save the headline cache: {error}")


def _join_valid(fields: Sequence[str]) -> str:
    return _FIELD_SEPARATOR.join(map(valid_text, fields))


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
