"""What the headline list holds, and the first pass of the folder scan (run in a worker).

The scan is cheap: paths and headlines only (`reader.sources.read_headlines`); bodies are parsed
when opened. A file or folder that cannot be read becomes an entry carrying its reason.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.model import ArticleError, Direction

#: The extensions `reader.sources` reads (a test keeps this in step with `sources.files.FORMATS`).
#: Kept here so that checking the command line does not import every parser before start-up.
SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".json", ".html", ".htm"})


@dataclass(frozen=True, slots=True)
class Entry:
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


def scan(paths: Iterable[Path], stamps: dict[Path, Stamp | None] | None = None) -> Iterator[Entry]:
    """Every entry under `paths`, in name order; unreadable folders are entries too.

    `stamps` (when given) receives every article file found, in order, with its stamp taken
    before it is read (so that a change made while it is read is seen by the next poll).
    """
    from reader.sources import discover

    problems: list[Entry] = []

    def on_error(path: Path, reason: str) -> None:
        problems.append(Entry(path=path, title=path.name, error=reason))

    for path in discover(paths, on_error):
        if stamps is not None:
            stamps[path] = stamp(path)
        yield from problems
        problems.clear()
        yield from read_entries(path)
    yield from problems


def _has_article(folder: Path) -> bool:
    """True when some file under `folder` (not hidden) has a supported extension."""
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif Path(entry.name).suffix.lower() in SUFFIXES:
                        return True
        except OSError:
            continue
    return False


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
