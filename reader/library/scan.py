"""The first pass of the folder scan (run in a worker): paths and headlines, not bodies.

The scan is cheap: `reader.sources.read_headlines` reads a headline from the first 16 KB of most
files; bodies are parsed when opened. A file or folder that cannot be read becomes a headline
carrying its reason. With a `HeadlineCache` (`reader.library.cache`), a file whose stamp (mtime,
size) has not changed since a previous scan is not parsed at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from reader.library.ordering import source_of
from reader.model import ArticleError, Headline, reason

#: What tells a file changed without reading it: (mtime in ns, size); None if it cannot be stat'ed.
Stamp = tuple[int, int]
#: Every article file found by a scan or a poll, with its stamp.
Stamps = dict[Path, Stamp | None]


class HeadlineCache(Protocol):
    """What `scan` asks of a cache (`reader.library.cache.HeadlineCache` is the real one)."""

    def entries(self, path: Path, taken: Stamp | None) -> list[Headline] | None:
        """The cached headlines of `path` when its stamp still matches, else None."""

    def remember(self, path: Path, taken: Stamp | None, headlines: list[Headline]) -> None:
        """Learn the headlines just read from `path`."""


def stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def read_headlines(path: Path, taken: Stamp | None = None) -> list[Headline]:
    """The headlines of one file: one, or one per article of a JSON list; failures included,
    each carrying its reason and `file` set to `path`. Dated by `taken` (its stamp; None:
    taken now), see `dated`."""
    return dated(_read_headlines(path), taken or stamp(path))


def _read_headlines(path: Path) -> list[Headline]:
    from reader.sources import SourceError
    from reader.sources import read_headlines as read_file

    try:
        found = read_file(path)
    except (ArticleError, OSError) as error:  # the sources layer reports OS errors itself
        return [Headline(path=path, title=path.name, error=reason(error), file=path)]
    return [
        Headline(path=Path(item.path), title=path.name, error=item.reason, file=path)
        if isinstance(item, SourceError)
        else item._replace(file=path)
        for item in found
    ]


def dated(headlines: list[Headline], taken: Stamp | None) -> list[Headline]:
    """`headlines` of one file with its modification time as their `when` (the list sorts
    undated articles by it) and its folder's name as their `source`."""
    when = taken[0] / 1e9 if taken is not None else None
    return [h._replace(when=when, source=source_of(h)) if h.error is None else h for h in headlines]


#: Yielded by `scan` before a file it would be slow to read, when `pause` asks for it.
PAUSE = Headline(path=Path("\0pause"), title="")
#: Extensions whose headline comes from the file's first 16 KB (the others are parsed whole).
HEAD_ONLY = frozenset({".txt", ".text", ".md", ".markdown"})


def parsed_whole(path: Path, size: int, limit: int) -> bool:
    """True for a file larger than `limit` whose headline needs the whole file parsed (JSON,
    HTML, a file named without a known extension)."""
    return size > limit and path.suffix.lower() not in HEAD_ONLY


def scan(
    paths: Iterable[Path],
    stamps: Stamps | None = None,
    cache: HeadlineCache | None = None,
    pause: Callable[[Path, int], bool] | None = None,
) -> Iterator[Headline]:
    """Every headline under `paths`, in name order; unreadable folders are headlines too.

    `stamps` (when given) receives every article file found, in order, with its stamp taken
    before it is read (so that a change made while it is read is seen by the next poll).
    `cache` (when given) answers for the files it knows unchanged and learns the others.
    `pause(path, size)` (when given) is asked before a file is read: when it says so, `PAUSE`
    is yielded first, so that the UI thread can hand the rest of the scan to a worker before
    a slow file (a 60 MB JSON list) is read; resumed, the scan reads it.
    """
    from reader.sources import discover

    problems: list[Headline] = []

    def on_error(path: Path, why: str) -> None:
        problems.append(Headline(path=path, title=path.name, error=why))

    for path in discover(paths, on_error):
        taken = stamp(path)  # its mtime dates the undated articles (the sort by date)
        if stamps is not None:
            stamps[path] = taken
        yield from problems
        problems.clear()
        found = cache.entries(path, taken) if cache is not None else None
        if found is None:
            if pause is not None and pause(path, taken[1] if taken is not None else 0):
                yield PAUSE
            found = read_headlines(path, taken)
            if cache is not None:
                cache.remember(path, taken, found)
        yield from dated(found, taken)
    yield from problems


def _has_article(folder: Path) -> bool:
    """True when the scan would find some article file under `folder`: by the scan's own rules
    (hidden names, extensions, symbolic links only inside the folder, no special file systems)."""
    from reader.sources.scan import discover

    return next(iter(discover([folder])), None) is not None


def check_paths(paths: Iterable[Path]) -> str | None:
    """The one-line problem with the command line's paths, or None when something is readable."""
    from reader.i18n import _  # the active language's words (the command line set it)

    paths = list(paths)
    for path in paths:
        if not path.exists():
            return _("no such file or folder: {path}").format(path=path)
    last_error = ""
    for path in paths:
        if path.is_dir():
            if _has_article(path):
                return None
            continue
        found = read_headlines(path)
        if any(headline.error is None for headline in found):
            return None
        reason = found[0].error if found else None
        last_error = f"{path}: {_(reason)}" if reason else str(path)
    if len(paths) == 1 and last_error:
        return _("cannot read {what}").format(what=last_error)
    from reader.sources.files import FORMATS  # here: importing the sources costs start-up time

    return _("nothing readable in {paths} (supported: {formats})").format(
        paths=", ".join(str(p) for p in paths), formats=" ".join(sorted(FORMATS))
    )
