"""The scan's headline cache: a file's headlines kept by its stamp (mtime, size) and by the
parsers' version, so a restart lists an unchanged folder without parsing it again.

The rows live in the state database's file (their own `headlines` table, created here through
`Store.prepare`): small, written once per new or changed file, and a file no scan has found for
a month is dropped. `reader.store` itself knows nothing of them.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.library.scan import Stamp
from reader.model import Headline
from reader.statedb import path_key
from reader.text.sanitize import valid_text

if TYPE_CHECKING:
    from reader.store import Store

SCHEMA = """
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
"""
#: A cached headline not seen by any scan for this long is dropped (seconds).
HEADLINE_MAX_AGE = 30 * 24 * 3600
#: Separates the fields of a cached headline; a file with a field holding it is not cached.
FIELD_SEPARATOR = "\x1f"

#: What the cache's version is read from: the parsers and everything their output depends on.
_PARSER_SOURCES = ("sources", "text", "model.py", "library/scan.py", "library/cache.py")


@lru_cache(maxsize=1)
def parsers_version() -> str:
    """The reader's version and the newest modification time among the parsers' own files:
    upgrading the reader or editing a parser invalidates every cached headline."""
    root = Path(__file__).resolve().parents[1]
    newest = 0
    for name in _PARSER_SOURCES:
        target = root / name
        try:
            if target.is_dir():
                with os.scandir(target) as listing:
                    for item in listing:
                        if item.name.endswith(".py"):
                            newest = max(newest, item.stat().st_mtime_ns)
            else:
                newest = max(newest, target.stat().st_mtime_ns)
        except OSError:
            continue
    return f"{__version__}:{newest}"


def cached_rows(
    store: Store, file: Path, mtime_ns: int, size: int, version: str
) -> list[tuple[str, ...]] | None:
    """The headline fields cached for `file` (absolute) when its stamp and the parsers'
    `version` still match, else None. Each headline is a tuple of strings."""
    rows = store.read(
        "SELECT mtime_ns, size, version, fields FROM headlines WHERE file = ? ORDER BY idx",
        (path_key(file),),
    )
    if not rows or any((m, z, v) != (mtime_ns, size, version) for m, z, v, _ in rows):
        return None
    return [tuple(str(fields).split(FIELD_SEPARATOR)) for _, _, _, fields in rows]


def save_rows(
    store: Store,
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
        if not any(FIELD_SEPARATOR in field for fields in headlines for field in fields)
        for index, fields in enumerate(headlines)
    ]
    store.write_many(
        "the headline cache",
        ("DELETE FROM headlines WHERE file = ?", {(row[0],) for row in rows}),
        (
            "INSERT INTO headlines (file, idx, mtime_ns, size, version, seen, fields) "
            "VALUES (?,?,?,?,?,?,?)",
            rows,
        ),
        ("UPDATE headlines SET seen = ? WHERE file = ?", [(now, path_key(f)) for f in seen]),
        ("DELETE FROM headlines WHERE seen < ?", [(now - HEADLINE_MAX_AGE,)]),
    )


def _join_valid(fields: Sequence[str]) -> str:
    return FIELD_SEPARATOR.join(map(valid_text, fields))


def _fields(path: Path, headline: Headline) -> tuple[str, ...]:
    item = str(headline.path)[len(str(path)) :] if headline.path != path else ""
    date = headline.date.isoformat() if headline.date is not None else ""
    return (item, headline.title, date, headline.date_text, headline.direction, headline.format)


def _headline(path: Path, fields: tuple[str, ...]) -> Headline:
    item, title, date, date_text, direction, kind = fields
    if direction not in ("rtl", "ltr"):
        raise ValueError(direction)
    return Headline(
        path=Path(f"{path}{item}") if item else path,
        title=title,
        date=dt.date.fromisoformat(date) if date else None,
        date_text=date_text,
        direction="rtl" if direction == "rtl" else "ltr",
        format=kind,
        file=path,
    )


class HeadlineCache:
    """The scan's headlines, cached in the state database by file and stamp.

    Only files read without any error are cached (a permission error can go away without the
    file changing). Lookups read the database at once; what is learnt is written by `flush`,
    which the screen calls from a worker.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.version = parsers_version()
        store.prepare(SCHEMA)
        self._fresh: list[tuple[Path, int, int, list[tuple[str, ...]]]] = []
        self._seen: list[Path] = []
        self._lock = threading.Lock()

    def entries(self, path: Path, taken: Stamp | None) -> list[Headline] | None:
        """The cached headlines of the file at `path` when its stamp still matches, else None."""
        if taken is None:
            return None
        absolute = Path(os.path.abspath(path))
        rows = cached_rows(self.store, absolute, taken[0], taken[1], self.version)
        if rows is None:
            return None
        try:
            found = [_headline(path, row) for row in rows]
        except ValueError:  # not a row this version writes
            return None
        with self._lock:
            self._seen.append(absolute)
        return found

    def remember(self, path: Path, taken: Stamp | None, headlines: list[Headline]) -> None:
        """Learn the headlines just read from `path` (written by the next `flush`)."""
        if taken is None or not headlines or any(h.error is not None for h in headlines):
            return
        if not all(str(h.path).startswith(str(path)) for h in headlines):
            return
        rows = [_fields(path, headline) for headline in headlines]
        with self._lock:
            self._fresh.append((Path(os.path.abspath(path)), taken[0], taken[1], rows))

    def flush(self) -> None:
        """Write what was learnt, and which cached files were found again, to the database."""
        with self._lock:
            fresh, self._fresh = self._fresh, []
            seen, self._seen = self._seen, []
        if fresh or seen:
            save_rows(self.store, fresh, seen, self.version)
