"""The state database's plumbing: how articles are identified and how a database is opened.

Where the files live is `reader.locations`.

`reader.store` builds the reading state on top of this; the search index (`reader.search`) shares
the opening and recovery rules (WAL, busy timeout, a corrupt file moved aside).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Literal

try:
    # The BLAKE2 that hashlib itself hands out, without hashlib's loading of OpenSSL (2 ms of
    # the reader's start-up, for a hash OpenSSL does not provide here anyway).
    from _blake2 import blake2b as blake2b
except ImportError:  # not CPython
    from hashlib import blake2b as blake2b

BUSY_TIMEOUT_S = 10.0


def content_hash(data: bytes) -> str:
    """The content half of an article's identity: BLAKE2b-128 of the file's bytes, in hex."""
    return blake2b(data, digest_size=16).hexdigest()


def identity_source(path: Path) -> tuple[Path, bytes]:
    """The file that holds the article at `path`, and what tells it from the file's other articles.

    For `file.json#3` (no file of that name, but `file.json` exists): `file.json` and ``b"#3"``,
    so each article of a list has its own hash; for any other path: the path itself and ``b""``.
    """
    from reader.sources.files import split_index

    source, index = split_index(path)
    return (path, b"") if index is None else (source, b"#%d" % index)


def identity_hash(source: Path, item: bytes, list_files: dict[Path, blake2b]) -> str:
    """`content_hash(source bytes + item)`, the file read in pieces as the sources layer reads
    it (`reader.sources.files.open_regular`: a regular file of at most 64 MB, never a FIFO or a
    device); a JSON list file is read and hashed once per call, not once per article it holds.

    Raises OSError (its `strerror` the one-line reason) when the file cannot be read or is refused.
    """
    from reader.sources.files import SourceError, file_hasher, hash_file

    try:
        if not item:
            return hash_file(source)
        prefix = list_files.get(source)
        if prefix is None:
            prefix = list_files[source] = file_hasher(source)
    except SourceError as error:
        raise OSError(errno.EINVAL, error.reason, os.fsdecode(source)) from None
    digest = prefix.copy()
    digest.update(item)
    return digest.hexdigest()


def path_key(path: Path) -> bytes:
    """A path as stored: absolute, as bytes, so names that are not valid UTF-8 survive."""
    return os.fsencode(os.path.abspath(path))


def path_from_key(blob: bytes) -> Path:
    return Path(os.fsdecode(blob))


# --- opening a database ---------------------------------------------------------------------

# SQLite primary result codes (`sqlite3.Error.sqlite_errorcode & 0xFF`).
_SQLITE_BUSY = 5  # someone else holds the database
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11  # the file is damaged
_SQLITE_NOTADB = 26  # the file is not a database at all


class NewerDatabaseError(Exception):
    """The database was written by a newer version of the reader (its ``user_version`` is above
    the one this version knows): it is never reset nor moved, so the caller refuses to go on."""

    def __init__(self, what: str, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        shown = os.fsencode(path).decode("utf-8", errors="replace")
        super().__init__(
            f"the {what} {shown} comes from a newer version of the reader (format {found}; this "
            f"version knows format {known} at most); it was left untouched: use the newer "
            "reader, or choose another --state"
        )


class _CheckFailedError(sqlite3.DatabaseError):
    """The integrity check found damage."""


def _connect(path: Path | None, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    target = ":memory:" if path is None else str(path)
    conn = sqlite3.connect(
        target, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
    # WAL + NORMAL: a committed change survives a killed process; only an OS crash can
    # lose the last commits, never corrupt the file.
    conn.execute("PRAGMA synchronous = NORMAL")


def _code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_busy(error: BaseException) -> bool:
    return _code(error) in (_SQLITE_BUSY, _SQLITE_LOCKED)


def _is_corrupt(error: BaseException) -> bool:
    """Real damage: not a database, a corrupt page, a failed integrity check. Disk full, I/O
    errors, permissions and read-only files are not: those files are kept as they are."""
    return isinstance(error, _CheckFailedError) or _code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _check(conn: sqlite3.Connection, full: bool) -> None:
    query = "PRAGMA quick_check" if full else "SELECT 'ok' FROM sqlite_master LIMIT 1"
    rows = conn.execute(query).fetchall()
    if rows and rows[0][0] != "ok":
        raise _CheckFailedError(f"integrity check failed: {rows[0][0]}")


def _check_version(conn: sqlite3.Connection, version: int | None, what: str, path: Path) -> None:
    if version is None:
        return
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > version:
        raise NewerDatabaseError(what, path, found, version)


def _read_only_copy(path: Path, full_check: bool, busy_timeout: float) -> sqlite3.Connection:
    """The database at `path` copied into memory, opened without writing anything.

    First ``mode=ro``. A WAL database needs its ``-shm`` file even to be read, and SQLite cannot
    create one in a read-only folder (or on a full disk): then ``immutable=1``, which reads the
    file as it is, with no locks and no ``-shm``. That is only right when no ``-wal`` file holds
    changes not yet in the database (they would be missed), so it is not tried then.
    """
    name = urllib.parse.quote(os.fsencode(os.path.abspath(path)))
    wal = path.with_name(path.name + "-wal")
    try:
        pending = wal.stat().st_size > 0
    except OSError:
        pending = False
    queries = ["mode=ro"] if pending else ["mode=ro", "mode=ro&immutable=1"]
    failure: sqlite3.Error | None = None
    for query in queries:
        source: sqlite3.Connection | None = None
        try:
            source = sqlite3.connect(
                f"file:{name}?{query}", uri=True, timeout=busy_timeout, check_same_thread=False
            )
            _check(source, full_check)
            copy = _connect(None)
            source.backup(copy)
            return copy
        except sqlite3.Error as error:
            if _is_corrupt(error):
                raise
            failure = error
        finally:
            if source is not None:
                source.close()
    assert failure is not None
    raise failure


def _in_memory(schema: str) -> sqlite3.Connection:
    conn = _connect(None)
    conn.executescript(schema)
    return conn


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


def _newer_warning(error: NewerDatabaseError, what: str) -> str:
    return (
        f"{what} {error.path} comes from a newer version of the reader (format {error.found}; "
        f"this version knows format {error.known} at most); it is left untouched, and this "
        "session works in memory"
    )


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__


def open_database(
    path: Path | None,
    schema: str,
    warn: Callable[[str], None],
    *,
    what: str = "state database",
    full_check: bool = True,
    version: int | None = None,
    newer: Literal["refuse", "memory"] = "refuse",
    copy_when_read_only: bool = True,
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> tuple[sqlite3.Connection, Path | None]:
    """A connection with `schema` applied, and the path really used (None: in memory).

    What goes wrong is told to `warn` (one message per problem), and only real corruption
    (not a database, a damaged page, a failed check) moves the file aside — renamed with a
    timestamp — for a new database. Any other failure (a full disk, an I/O error, a read-only
    file or folder, another program holding the database) keeps the file as it is: with
    `copy_when_read_only` its content is copied into memory, so what it holds is still shown
    while nothing is saved; else (or when even reading fails) the session starts empty in
    memory. `busy_timeout` (seconds) is how long to wait for another program's commit.

    `version` is the ``user_version`` this reader writes (the schema sets it): a database
    with a higher one comes from a newer reader and is never touched. With ``newer="refuse"``
    NewerDatabaseError is raised (the caller refuses to start); with ``"memory"`` (a cache) it
    is left alone and the session works in memory. Nothing else raises.
    """
    if path is None:
        return _in_memory(schema), None
    for attempt in range(2):
        opened: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            opened = conn = _connect(path, busy_timeout)
            # Read before anything is written: a newer database is left exactly as it is.
            _check_version(conn, version, what, path)
            _use_wal(conn)
            _check(conn, full_check)
            conn.executescript(schema)
            # A read-only file may still be read: fail here, not at the first change.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return conn, path
        except NewerDatabaseError as error:
            if opened is not None:
                opened.close()
            if newer == "refuse":
                raise
            warn(_newer_warning(error, what))
            break
        except (sqlite3.Error, OSError) as error:
            if opened is not None:
                opened.close()
            reason = _reason(error)
            # Only a regular file is ours to move; a folder or device at the path is left alone.
            if _is_corrupt(error) and attempt == 0 and path.is_file():
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
            if _is_busy(error):
                warn(
                    f"{what} {path} is held by another program ({reason}); nothing will be "
                    "saved this session"
                )
                break
            if copy_when_read_only and not _is_corrupt(error) and path.is_file():
                copied = _open_copy(
                    path, schema, warn, what, full_check, version, newer, reason, busy_timeout
                )
                if copied is not None:
                    return copied, None
                break
            warn(f"{what} {path} cannot be used ({reason}); nothing will be saved this session")
            break
    return _in_memory(schema), None


def _open_copy(
    path: Path,
    schema: str,
    warn: Callable[[str], None],
    what: str,
    full_check: bool,
    version: int | None,
    newer: Literal["refuse", "memory"],
    reason: str,
    busy_timeout: float,
) -> sqlite3.Connection | None:
    """`_read_only_copy` with `schema` applied, or None after saying why it failed."""
    try:
        copy = _read_only_copy(path, full_check, busy_timeout)
    except sqlite3.Error as error:
        warn(
            f"{what} {path} cannot be used ({reason}; reading it failed too: "
            f"{_reason(error)}); it is kept as it is, and nothing will be saved this session"
        )
        return None
    try:
        _check_version(copy, version, what, path)
        copy.executescript(schema)
    except NewerDatabaseError as error:
        copy.close()
        if newer == "refuse":
            raise
        warn(_newer_warning(error, what))
        return None
    except BaseException:
        copy.close()
        raise
    warn(
        f"{what} {path} cannot be written ({reason}); it is kept as it is and what it holds is "
        "shown, but nothing will be saved this session"
    )
    return copy
