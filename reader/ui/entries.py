"""What the headline list holds, and the first pass of the folder scan (run in a worker).

The scan is cheap: paths and headlines only (`reader.sources.read_headlines`); bodies are parsed
when opened. A file or folder that cannot be read becomes an entry carrying its reason. With a
`HeadlineCache`, a file whose stamp (mtime, size) has not changed since a previous scan is not
parsed at all: its headlines come from the state database.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader import __version__
from reader.model import ArticleError, Direction

if TYPE_CHECKING:
    from reader.store import Store

#: The extensions `reader.sources` reads (a test keeps this in step with `sources.files.FORMATS`).
#: Kept here so that checking the command line does not import every parser before start-up.
SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".json", ".html", ".htm"})


class Entry(NamedTuple):
    """One item of the headline list: a readable article, or a file that failed with a reason."""

    path: Path
    title: str
    date: dt.date | None = None
    date_text: str = ""
    direction: Direction = "rtl"
    format: str = "text"
    error: str | None = None
    #: The file the entry was read from (a JSON list file gives several); None for a folder.
    file: Path | None = None


#: What tells a file changed without reading it: (mtime in ns, size); None if it cannot be stat'ed.
Stamp = tuple[int, int]


def stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _reason(error: ArticleError) -> str:
    reason = getattr(error, "reason", None)
    return reason if isinstance(reason, str) else str(error)


def read_entries(path: Path) -> list[Entry]:
    """The entries of one file: one, or one per article of a JSON list; failures included."""
    from reader.sources import SourceError, read_headlines

    try:
        found = read_headlines(path)
    except ArticleError as error:
        return [Entry(path=path, title=path.name, error=_reason(error), file=path)]
    except OSError as error:  # the sources layer reports OS errors itself; belt and braces
        return [Entry(path=path, title=path.name, error=error.strerror or str(error), file=path)]
    entries = []
    for item in found:
        if isinstance(item, SourceError):
            entries.append(
                Entry(path=Path(item.path), title=path.name, error=item.reason, file=path)
            )
        else:
            entries.append(
                Entry(
                    path=item.path,
                    title=item.title,
                    date=item.date,
                    date_text=item.date_text,
                    direction=item.direction,
                    format=item.format,
                    file=path,
                )
            )
    return entries


#: Yielded by `scan` before a file it would be slow to read, when `pause` asks for it.
PAUSE = Entry(path=Path("\0pause"), title="")
#: Extensions whose headline comes from the file's first 16 KB (the others are parsed whole).
HEAD_ONLY = frozenset({".txt", ".text", ".md", ".markdown"})


def parsed_whole(path: Path, size: int, limit: int) -> bool:
    """True for a file larger than `limit` whose headline needs the whole file parsed (JSON,
    HTML, a file named without a known extension)."""
    return size > limit and path.suffix.lower() not in HEAD_ONLY


def scan(
    paths: Iterable[Path],
    stamps: dict[Path, Stamp | None] | None = None,
    cache: HeadlineCache | None = None,
    pause: Callable[[Path, int], bool] | None = None,
) -> Iterator[Entry]:
    """Every entry under `paths`, in name order; unreadable folders are entries too.

    `stamps` (when given) receives every article file found, in order, with its stamp taken
    before it is read (so that a change made while it is read is seen by the next poll).
    `cache` (when given) answers for the files it knows unchanged and learns the others.
    `pause(path, size)` (when given) is asked before a file is read: when it says so, `PAUSE`
    is yielded first, so that the UI thread can hand the rest of the scan to a worker before
    a slow file (a 60 MB JSON list) is read; resumed, the scan reads it.
    """
    from reader.sources import discover

    problems: list[Entry] = []

    def on_error(path: Path, reason: str) -> None:
        problems.append(Entry(path=path, title=path.name, error=reason))

    for path in discover(paths, on_error):
        taken = stamp(path) if stamps is not None or cache is not None else None
        if stamps is not None:
            stamps[path] = taken
        yield from problems
        problems.clear()
        found = cache.entries(path, taken) if cache is not None else None
        if found is None:
            if pause is not None and pause(path, taken[1] if taken is not None else 0):
                yield PAUSE
            found = read_entries(path)
            if cache is not None:
                cache.remember(path, taken, found)
        yield from found
    yield from problems


#: What the cache's version is read from: the parsers and everything their output depends on.
_PARSER_SOURCES = ("sources", "text", "model.py", "ui/entries.py")


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


def _fields(path: Path, entry: Entry) -> tuple[str, ...]:
    item = str(entry.path)[len(str(path)) :] if entry.path != path else ""
    date = entry.date.isoformat() if entry.date is not None else ""
    return (item, entry.title, date, entry.date_text, entry.direction, entry.format)


def _entry(path: Path, fields: tuple[str, ...]) -> Entry:
    item, title, date, date_text, direction, kind = fields
    if direction not in ("rtl", "ltr"):
        raise ValueError(direction)
    return Entry(
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
        self._fresh: list[tuple[Path, int, int, list[tuple[str, ...]]]] = []
        self._seen: list[Path] = []
        self._lock = threading.Lock()

    def entries(self, path: Path, taken: Stamp | None) -> list[Entry] | None:
        """The cached entries of the file at `path` when its stamp still matches, else None."""
        if taken is None:
            return None
        absolute = Path(os.path.abspath(path))
        rows = self.store.cached_headlines(absolute, taken[0], taken[1], self.version)
        if rows is None:
            return None
        try:
            found = [_entry(path, row) for row in rows]
        except ValueError:  # not a row this version writes
            return None
        with self._lock:
            self._seen.append(absolute)
        return found

    def remember(self, path: Path, taken: Stamp | None, entries: list[Entry]) -> None:
        """Learn the entries just read from `path` (written by the next `flush`)."""
        if taken is None or not entries or any(entry.error is not None for entry in entries):
            return
        if not all(str(entry.path).startswith(str(path)) for entry in entries):
            return
        rows = [_fields(path, entry) for entry in entries]
        with self._lock:
            self._fresh.append((Path(os.path.abspath(path)), taken[0], taken[1], rows))

    def flush(self) -> None:
        """Write what was learnt, and which cached files were found again, to the database."""
        with self._lock:
            fresh, self._fresh = self._fresh, []
            seen, self._seen = self._seen, []
        if fresh or seen:
            self.store.save_headlines(fresh, seen, self.version)


def _has_article(folder: Path) -> bool:
    """True when the scan would find some article file under `folder`: by the scan's own rules
    (hidden names, extensions, symbolic links only inside the folder, no special file systems)."""
    from reader.sources.scan import discover

    return next(iter(discover([folder])), None) is not None


def check_paths(paths: Iterable[Path]) -> str | None:
    """The one-line problem with the command line's paths, or None when something is readable."""
    paths = list(paths)
    for path in paths:
        if not path.exists():
            return f"no such file or folder: {path}"
    last_error = ""
    for path in paths:
        if path.is_dir():
            if _has_article(path):
                return None
            continue
        entries = read_entries(path)
        if any(entry.error is None for entry in entries):
            return None
        last_error = f"{path}: {entries[0].error}" if entries else str(path)
    if len(paths) == 1 and last_error:
        return f"cannot read {last_error}"
    shown = ", ".join(str(p) for p in paths)
    return f"nothing readable in {shown} (supported: {' '.join(sorted(SUFFIXES))})"
