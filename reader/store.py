"""Reading state in one SQLite database: read/unread, bookmarks, scroll positions, settings.

Why it is built this way:

- **Identity.** An article is keyed by its path *and* a hash of its bytes (`ArticleKey`). Looking a
  key up falls back to any row with the same hash, so a renamed (or copied) file keeps its state,
  while an edited file has a new hash and starts unread. Rows are written only on change.
- **Durability.** WAL mode, and every change is committed when it is made (a `batch()` groups
  several into one commit). A process killed mid-session loses at most the change in flight.
- **Resilience.** A corrupt or unreadable database is moved aside (renamed with a timestamp
  suffix), a message is recorded in `Store.warnings`, and a new database is started; if even that
  fails the store runs in memory for the session. Errors while writing are recorded, never raised:
  losing a bookmark must not crash the reader.
- **Concurrency.** Two readers on the same database both work: short transactions, and a busy
  timeout makes one wait for the other's commit instead of failing.
- **Search index elsewhere.** The search index is a rebuildable cache, large and written in bulk by
  a worker; it lives in its own file beside this one (`index_path`), so its writes never hold the
  state database's write lock and deleting it loses nothing.

How the UI uses this::

    store = Store.open(state_path(args.state))      # never raises; see store.warnings
    key = store.key(article_path)                    # reads + hashes the file (cached by mtime)
    store.set_read(key)                              # opening an article marks it read
    store.toggle_read(key); store.toggle_bookmark(key)       # keys u and s
    states = store.states(keys)                      # filter all / unread / bookmarked
    store.set_position(key, top_paragraph)           # on scroll (store a width-independent value)
    store.set_last_opened(folder, key); store.last_opened(folder)   # restore on start
    store.set_setting("layout", "wide"); store.setting("bidi", "app")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "reader"
STATE_ENV = "READER_STATE"
STATE_FILE = "state.sqlite3"
BUSY_TIMEOUT_S = 10.0

# SQLite result codes that mean "someone else holds the database", not "the file is bad".
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def state_path(cli_value: str | None) -> Path:
    """Where the state database lives: ``--state`` if given, else ``$READER_STATE``, else XDG.

    A value naming an existing folder means the database file inside it.
    """
    chosen = cli_value or os.environ.get(STATE_ENV, "").strip()
    if not chosen:
        return platformdirs.user_state_path(APP_NAME) / STATE_FILE
    path = Path(chosen).expanduser()
    return path / STATE_FILE if path.is_dir() else path


def requested_state_path(cli_value: str | None) -> Path | None:
    """`state_path` when one was asked for (``--state`` or ``$READER_STATE``), else None.

    The script verbs use a state database only when asked, so a plain `reader list` or `reader
    search` reads and writes none.
    """
    if cli_value is None and not os.environ.get(STATE_ENV, "").strip():
        return None
    return state_path(cli_value)


def index_path(state: Path) -> Path:
    """The search index beside the state database: ``state.sqlite3`` → ``state.search.sqlite3``."""
    return state.with_name(state.stem + ".search" + (state.suffix or ".sqlite3"))


def content_hash(data: bytes) -> str:
    """The content half of an article's identity: BLAKE2b-128 of the file's bytes, in hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# `reader.sources` addresses the articles of a JSON list file as `file.json#N`.
_LIST_ITEM = re.compile(r"^(?P<name>.+\.json)#(?P<index>\d{1,9})$", re.IGNORECASE)


def identity_source(path: Path) -> tuple[Path, bytes]:
    """The file that holds the article at `path`, and what tells it from the file's other articles.

    For `file.json#3` (no file of that name, but `file.json` exists): `file.json` and ``b"#3"``,
    so each article of a list has its own hash; for any other path: the path itself and ``b""``.
    """
    match = _LIST_ITEM.match(path.name)
    if match is None or path.exists():
        return path, b""
    return path.with_name(match.group("name")), b"#" + match.group("index").encode()


def _identity_hash(source: Path, item: bytes, list_files: dict[Path, hashlib.blake2b]) -> str:
    """`content_hash(source bytes + item)`; a JSON list file is read and hashed once per call,
    not once per article it holds."""
    if not item:
        return content_hash(source.read_bytes())
    prefix = list_files.get(source)
    if prefix is None:
        prefix = list_files[source] = hashlib.blake2b(source.read_bytes(), digest_size=16)
    digest = prefix.copy()
    digest.update(item)
    return digest.hexdigest()


def path_key(path: Path) -> bytes:
    """A path as stored: absolute, as bytes, so names that are not valid UTF-8 survive."""
    return os.fsencode(os.path.abspath(path))


def path_from_key(blob: bytes) -> Path:
    return Path(os.fsdecode(blob))


# --- opening a database ---------------------------------------------------------------------


def _connect(path: Path | None) -> sqlite3.Connection:
    target = ":memory:" if path is None else str(path)
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if path is not None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"cannot switch to WAL mode (got {mode})")
        # WAL + NORMAL: a committed change survives a killed process; only an OS crash can
        # lose the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _is_busy(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (_SQLITE_BUSY, _SQLITE_LOCKED)


def move_aside(path: Path) -> Path:
    """Rename a bad database (and its -wal/-shm files) to ``NAME.corrupt-YYYYmmdd-HHMMSS``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            with contextlib.suppress(OSError):
                sidecar.rename(target.with_name(target.name + suffix))
    return target


def open_database(
    path: Path | None,
    schema: str,
    warn: Callable[[str], None],
    *,
    what: str = "state database",
    full_check: bool = True,
) -> tuple[sqlite3.Connection, Path | None]:
    """A connection with `schema` applied; never raises for a bad file.

    A corrupt or unreadable file is moved aside and replaced; when the database cannot be used
    at all (locked by another process beyond the busy timeout, unwritable folder) the connection
    is in memory for this session. Returns the connection and the path really used (None for
    memory). `warn` receives one message per problem.
    """
    if path is None:
        conn = _connect(None)
        conn.executescript(schema)
        return conn, None
    for attempt in range(2):
        opened: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            opened = conn = _connect(path)
            check = "PRAGMA quick_check" if full_check else "SELECT 'ok' FROM sqlite_master LIMIT 1"
            rows = conn.execute(check).fetchall()
            if rows and rows[0][0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {rows[0][0]}")
            conn.executescript(schema)
            return conn, path
        except (sqlite3.Error, OSError) as error:
            if opened is not None:
                opened.close()
            reason = str(error) or type(error).__name__
            busy = isinstance(error, sqlite3.Error) and _is_busy(error)
            # Only a regular file is ours to move; a folder or device at the path is left alone.
            if attempt == 0 and not busy and path.is_file():
                try:
                    moved = move_aside(path)
                except OSError as move_error:
                    warn(
                        f"{what} {path} is unusable ({reason}) and cannot be moved aside "
                        f"({move_error}); nothing will be saved this session"
                    )
                    break
                warn(
                    f"{what} {path} was unusable ({reason}); moved it to {moved.name} "
                    "and started a new one"
                )
                continue
            warn(f"{what} {path} cannot be used ({reason}); nothing will be saved this session")
            break
    conn = _connect(None)
    conn.executescript(schema)
    return conn, None


# --- the reading state ----------------------------------------------------------------------

_SCHEMA = """
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
PRAGMA user_version = 1;
"""


@dataclass(frozen=True, slots=True)
class ArticleKey:
    """An article's identity: its absolute path and the hash of its bytes."""

    path: Path
    hash: str


@dataclass(frozen=True, slots=True)
class ArticleState:
    read: bool = False
    bookmarked: bool = False
    #: Where the reader was, in units the UI chooses (a top paragraph index survives resizes).
    position: int = 0


_COLUMNS = "read, bookmarked, position"
#: Up to this many paths, `keys` looks each one up; beyond, it reads the whole hash cache.
_FEW = 32


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
        """Open (or create) the database at `path`; None keeps the state in memory."""
        warnings: list[str] = []

        def warn(message: str) -> None:
            warnings.append(message)
            if on_warning is not None:
                on_warning(message)

        conn, used = open_database(path, _SCHEMA, warn)
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
        sql = "SELECT path, mtime_ns, size, hash FROM file_hashes"
        if len(wanted) <= _FEW:  # one article opened: look it up, not the whole table
            marks = ",".join("?" * len(wanted))
            rows = self._read(f"{sql} WHERE path IN ({marks})", tuple(map(path_key, wanted)))
        else:
            rows = self._read(sql, ())
        cached = {bytes(p): (m, s, h) for p, m, s, h in rows}
        result: dict[Path, ArticleKey] = {}
        fresh: list[tuple[bytes, int, int, str]] = []
        list_files: dict[Path, hashlib.blake2b] = {}
        for absolute in wanted:
            blob = path_key(absolute)
            source, item = identity_source(absolute)
            try:
                info = source.stat()
                known = cached.get(blob)
                if known is not None and known[0] == info.st_mtime_ns and known[1] == info.st_size:
                    digest = str(known[2])
                else:
                    digest = _identity_hash(source, item, list_files)
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
        """`state` for many keys with one read of the table (for the headline list's filter)."""
        exact: dict[tuple[bytes, str], ArticleState] = {}
        by_hash: dict[str, ArticleState] = {}
        rows = self._read(f"SELECT path, hash, {_COLUMNS} FROM article_state ORDER BY updated", ())
        for path, digest, *values in rows:
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


def article_state(store: Store, path: Path, content_hash: str | None = None) -> dict[str, bool]:
    """``{"read": …, "bookmarked": …}`` for `reader list --json`; hashes the file if needed.

    Raises OSError when `content_hash` is None and the file cannot be read.
    """
    key = ArticleKey(Path(os.path.abspath(path)), content_hash) if content_hash else store.key(path)
    state = store.state(key)
    return {"read": state.read, "bookmarked": state.bookmarked}
