"""Finding articles in folders, and the cheap first pass that gives their headlines.

`discover` walks folders without recursion (any depth), in name order, following symbolic links
to folders once: a link back to a folder already scanned (a loop) is reported and skipped.
Hidden files and folders (".name") and files with unknown extensions are skipped; a file named
explicitly is always yielded. Unreadable folders are reported through `on_error`.

`read_headline` reads only the first 16 KB of a plain-text or Markdown file (more only when a
front matter block is longer); JSON and HTML are parsed whole, which is what their formats allow.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from reader.model import Article, ArticleError, Direction
from reader.sources.decode import decode
from reader.sources.files import FORMATS, SourceError, format_of, os_reason, read_bytes, split_index

HEAD_BYTES = 16 * 1024

ErrorHandler = Callable[[Path, str], None]


class Headline(NamedTuple):
    path: Path
    title: str
    date: dt.date | None
    date_text: str
    direction: Direction
    format: str

    @classmethod
    def of(cls, article: Article) -> Headline:
        return cls(
            path=article.path or Path(),
            title=article.title,
            date=article.date,
            date_text=article.date_text,
            direction=article.direction,
            format=article.format,
        )


def _known(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in FORMATS


def _entries(folder: str, on_error: ErrorHandler | None) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        if on_error is not None:
            on_error(Path(folder), f"folder not read: {os_reason(error)}")
        return []


def _folder_id(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def discover(paths: Iterable[Path], on_error: ErrorHandler | None = None) -> Iterator[Path]:
    """Every article file under `paths`, in name order. Never raises for a bad path."""
    seen: set[tuple[int, int]] = set()
    for top in paths:
        top = Path(top)
        try:
            info = top.stat()
        except OSError as error:
            if split_index(top)[1] is not None:
                yield top  # `feed.json#2`: one article of a JSON list
            elif on_error is not None:
                on_error(top, os_reason(error))
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield top
            continue
        seen.add((info.st_dev, info.st_ino))
        stack = [iter(_entries(str(top), on_error))]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                folder = _folder_id(entry.path)
                if folder is None:
                    continue
                if folder in seen:
                    if on_error is not None:
                        on_error(
                            Path(entry.path), "symbolic link to a folder already scanned (skipped)"
                        )
                    continue
                seen.add(folder)
                stack.append(iter(_entries(entry.path, on_error)))
            elif _known(entry.name):
                yield Path(entry.path)


def _head_article(path: Path) -> Article:
    data = read_bytes(path, HEAD_BYTES + 1)
    kind = format_of(path)
    if len(data) > HEAD_BYTES:
        data = data[:HEAD_BYTES]
        if kind == "markdown" and data.startswith((b"+++", b"---")):
            fence = data[:3]
            if b"\n" + fence + b"\n" not in data[3:] and b"\n" + fence + b"\r\n" not in data[3:]:
                data = read_bytes(path)  # a long front matter: read it all
        cut = data.rfind(b"\n")
        if cut > 0 and len(data) == HEAD_BYTES and b"\x00" not in data:  # not in UTF-16 files
            data = data[: cut + 1]
    from reader.sources import _parser  # the package imports this module

    try:
        text = decode(data).text
        article = _parser("markdown" if kind == "markdown" else "text")(
            text, fallback_title=path.stem
        )
    except ArticleError as error:
        raise SourceError(path, str(error)) from None
    return article


def read_headlines(path: Path) -> list[Headline | SourceError]:
    """The headlines of a file: one, or one per item of a JSON list (errors in place)."""
    from reader.sources import load_all  # the package imports this module

    path = Path(path)
    if format_of(split_index(path)[0]) in ("text", "markdown"):  # else JSON, HTML or sniffed
        return [Headline.of(_head_article(path))._replace(path=path)]
    return [r if isinstance(r, SourceError) else Headline.of(r) for r in load_all(path)]


def read_headline(path: Path) -> Headline:
    """The headline of a file (its first article). Raises ArticleError like `load_article`."""
    first = read_headlines(path)[0]
    if isinstance(first, SourceError):
        raise first
    return first
