"""Reading a file's bytes without ever hanging, following a loop, or writing anything.

Opening is non-blocking and the type is checked on the open descriptor, so a FIFO or a device
named `x.txt` is refused instead of blocking the scan forever.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from reader.model import ArticleError

#: Files over this size are refused: no news article is 64 MB of text.
MAX_BYTES = 64 * 1024 * 1024


#: Extension to format name. Other extensions are skipped in folders; a file named explicitly
#: with another extension (or none) is recognized by its content (`sniff`).
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_INDEX = re.compile(r"^(?P<name>.+)#(?P<index>\d{1,9})$")


def format_of(path: Path) -> str | None:
    """The format an extension names; None for other extensions (the content decides)."""
    return FORMATS.get(path.suffix.lower())


_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)
_MARKDOWN_START = re.compile(r"(?:\+\+\+|---)\r?\n|#{1,6} \S")


def sniff(text: str) -> str:
    """The format of a file whose extension says nothing, from how its text begins."""
    start = text.lstrip("\ufeff")[:512]
    if _HTML_START.match(start):
        return "html"
    stripped = start.lstrip()
    if stripped[:1] in ("{", "["):
        return "json"
    if _MARKDOWN_START.match(start):
        return "markdown"
    return "text"


def split_index(path: Path) -> tuple[Path, int | None]:
    """`file.json#3` -> (file.json, 3) when file.json exists and no file is named `file.json#3`."""
    match = _INDEX.match(path.name)
    if match is None or path.exists():
        return path, None
    base = path.with_name(match.group("name"))
    if base.suffix.lower() != ".json":
        return path, None
    return base, int(match.group("index"))


class SourceError(ArticleError):
    """An ArticleError that knows its file; `reason` is the message without the path."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{display_path(path)}: {reason}")


def display_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 in a name become U+FFFD."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


_REASONS = {
    errno.ENOENT: "no such file (deleted or moved?)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory, not a file",
    errno.ELOOP: "symbolic link loop",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a parent of this path is not a directory",
}


def os_reason(error: OSError) -> str:
    return _REASONS.get(error.errno or 0) or f"cannot read: {error.strerror or error}"


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a regular file. Raises ArticleError (SourceError) with a reason."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SourceError(path, os_reason(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, "not a regular file (a device, FIFO or socket)")
        if info.st_size > MAX_BYTES:
            raise SourceError(
                path, f"file too large ({info.st_size / 2**20:.0f} MB; the limit is 64 MB)"
            )
        chunks = []
        size = 0
        while size < limit:
            chunk = os.read(fd, min(limit - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise SourceError(path, os_reason(error)) from None
    finally:
        os.close(fd)
