"""Reading a file's bytes without ever hanging, following a loop, or writing anything.

`open_regular` is the one place an article file is opened (`read_bytes` for its bytes,
`hash_file` for its identity hash, streamed): opening is non-blocking and the type and size are
checked on the open descriptor, so a FIFO or a device named `x.txt` is refused instead of blocking
forever, `/dev/zero` is not read without end, and a huge (even sparse) file is refused before a
byte of it is read. A file that grows while it is read is never read past the limit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

try:
    # The BLAKE2 that hashlib hands out, without hashlib's loading of OpenSSL (as reader.statedb).
    from _blake2 import blake2b as blake2b
except ImportError:  # not CPython
    from hashlib import blake2b as blake2b

from reader.i18n import N_
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
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_INDEX = re.compile(r"^(?P<name>.+)#(?P<index>\d{1,9})$")


def format_of(path: Path) -> str | None:
    """The format an extension names; None for other extensions (the content decides)."""
    return FORMATS.get(path.suffix.lower())


_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)
_MARKDOWN_START = re.compile(r"(?:\+\+\+|---)\r?\n|#{1,6} \S")
_FEED_START = re.compile(r"\s*(?:<\?xml[^>]{0,400}>\s*)?<(?:rss|feed|rdf:RDF)[\s>]")


def sniff(text: str) -> str:
    """The format of a file whose extension says nothing, from how its text begins."""
    start = text.lstrip("\ufeff")[:512]
    if _HTML_START.match(start):
        return "html"
    if _FEED_START.match(start):
        return "feed"
    stripped = start.lstrip()
    if stripped[:1] in ("{", "["):
        return "json"
    if _MARKDOWN_START.match(start):
        return "markdown"
    return "text"


def split_index(path: Path) -> tuple[Path, int | None]:
    """`file.json#3` -> (file.json, 3) when file.json exists and no file is named `file.json#3`;
    likewise for the items of a feed file (`file.rss#3`)."""
    match = _INDEX.match(path.name)
    if match is None or path.exists():
        return path, None
    base = path.with_name(match.group("name"))
    if format_of(base) not in ("json", "feed"):
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
    errno.ENOENT: N_("no such file (deleted or moved?)"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("is a directory, not a file"),
    errno.ELOOP: N_("symbolic link loop"),
    errno.ENAMETOOLONG: N_("file name too long"),
    errno.ENOTDIR: N_("a parent of this path is not a directory"),
}


def os_reason(error: OSError) -> str:
    return _REASONS.get(error.errno or 0) or f"cannot read: {error.strerror or error}"


#: Read and hash in pieces of this size.
CHUNK_BYTES = 1 << 20

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO or a device opens at once instead of blocking
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)  # a terminal device never becomes our controlling terminal
)


class RegularFile:
    """An open regular file, checked on its descriptor: its type and its size (at most
    `MAX_BYTES`) were read with `fstat` after opening, so no rename or symlink swap between a
    check and the open can slip a FIFO, a device or a huge file in. Made by `open_regular`."""

    __slots__ = ("_fd", "path", "size")

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self._fd = fd
        #: The size when opened; the file may grow or shrink while it is read.
        self.size = size

    def chunks(self, limit: int = MAX_BYTES) -> Iterator[bytes]:
        """The file's bytes in pieces of at most `CHUNK_BYTES`, never more than `limit` in all.

        When `limit` is `MAX_BYTES` (the whole file) and the file grew past it since it was
        opened, raises SourceError ("file too large") after reading at most one byte more.
        """
        return self._chunks(limit, 0)

    def _chunks(self, limit: int, done: int) -> Iterator[bytes]:
        whole = limit >= MAX_BYTES
        cap = MAX_BYTES + 1 if whole else limit
        while done < cap:
            try:
                chunk = os.read(self._fd, min(cap - done, CHUNK_BYTES))
            except OSError as error:
                raise SourceError(self.path, os_reason(error)) from None
            if not chunk:
                return
            done += len(chunk)
            if whole and done > MAX_BYTES:
                raise _too_large(self.path, done)
            yield chunk

    def read(self, limit: int = MAX_BYTES) -> bytes:
        """At most `limit` bytes (all of it when `limit` is `MAX_BYTES`), as `chunks` reads them.

        The size seen when opening is read in one call, so a file costs its size once, not
        twice (no list of pieces joined).
        """
        first = min(self.size, limit, MAX_BYTES)
        try:
            data = os.read(self._fd, first) if first > 0 else b""
        except OSError as error:
            raise SourceError(self.path, os_reason(error)) from None
        rest = list(self._chunks(limit, len(data)))  # usually none: the end of the file
        return b"".join([data, *rest]) if rest else data


def _too_large(path: Path | str, size: int) -> SourceError:
    return SourceError(
        path, f"file too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES >> 20} MB)"
    )


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[RegularFile]:
    """Open `path` for reading if it is a regular file of at most `MAX_BYTES`.

    The one way the reader opens an article file. Opening never blocks (``O_NONBLOCK``: a FIFO
    named ``x.txt`` is refused, not waited on) and the checks are made on the open descriptor.
    Raises SourceError (an ArticleError) with the reason: missing, permission, directory, not a
    regular file, too large.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise SourceError(path, os_reason(error)) from None
    try:
        try:
            info = os.fstat(fd)
        except OSError as error:
            raise SourceError(path, os_reason(error)) from None
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, "not a regular file (a device, FIFO or socket)")
        if info.st_size > MAX_BYTES:
            raise _too_large(path, info.st_size)
        yield RegularFile(Path(path), fd, info.st_size)
    finally:
        os.close(fd)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a regular file (`open_regular`). Raises SourceError."""
    with open_regular(path) as opened:
        return opened.read(limit)


def file_hasher(path: Path) -> blake2b:
    """A BLAKE2b-128 hash object fed with the bytes of the regular file `path`, read in
    `CHUNK_BYTES` pieces (a 60 MB file costs 1 MB of memory). Raises SourceError."""
    digest = blake2b(digest_size=16)
    with open_regular(path) as opened:
        for chunk in opened.chunks():
            digest.update(chunk)
    return digest


def hash_file(path: Path, item: bytes = b"") -> str:
    """The hex BLAKE2b-128 of the file's bytes followed by `item`: exactly
    ``blake2b(path.read_bytes() + item, digest_size=16).hexdigest()``, in bounded memory."""
    digest = file_hasher(path)
    digest.update(item)
    return digest.hexdigest()
