"""The state database's plumbing: where it lives, how articles are identified, how it is opened.

`reader.store` builds the reading state on top of this; the search index (`reader.search`) shares
the opening and recovery rules (WAL, busy timeout, a corrupt file moved aside).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import platformdirs

try:
    # The BLAKE2 that hashlib itself hands out, without hashlib's loading of OpenSSL (2 ms of
    # the reader's start-up, for a hash OpenSSL does not provide here anyway).
    from _blake2 import blake2b as blake2b
except ImportError:  # not CPython
    from hashlib import blake2b as blake2b

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


def folder_holding(target: Path, paths: Iterable[Path]) -> Path | None:
    """The article folder among `paths` that `target` (a file to be written) would land in.

    A folder named in `paths` holds everything below it; a file named in `paths` makes its own
    folder (not the folders below it) an article folder. None when `target` is outside them all.
    The reader never writes into an article folder, so a state database there is refused.
    """
    where = Path(os.path.realpath(target.parent))
    for path in paths:
        try:
            real = Path(os.path.realpath(path))
            if real.is_dir():
                if where.is_relative_to(real):
                    return path
            elif where == real.parent:
                return path.parent
        except (OSError, ValueError):
            continue
    return None


def index_path(state: Path) -> Path:
    """The search index beside the state database: ``state.sqlite3`` → ``state.search.sqlite3``."""
    return state.with_name(state.stem + ".search" + (state.suffix or ".sqlite3"))


def content_hash(data: bytes) -> str:
    """The content half of an article's identity: BLAKE2b-128 of the file's bytes, in hex."""
    return blake2b(data, digest_size=16).hexdigest()


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


def identity_hash(source: Path, item: bytes, list_files: dict[Path, blake2b]) -> str:
    """`content_hash(source bytes + item)`; a JSON list file is read and hashed once per call,
    not once per article it holds."""
    if not item:
        return content_hash(source.read_bytes())
    prefix = list_files.get(source)
    if prefix is None:
        prefix = list_files[source] = blake2b(source.read_bytes(), digest_size=16)
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
