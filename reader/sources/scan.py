"""Finding articles in folders, and the cheap first pass that gives their headlines.

`discover` walks folders without recursion (any depth), in name order. Inside a folder it follows
a symbolic link only when the link's target is inside the same folder (checked by device and
inode up the target's real path), and a link to a folder only once: a link back to a folder
already scanned (a loop) is reported and skipped, as is a link out of the folder. Special file
systems (/proc, /sys, /dev...) are never walked, even when named.
Hidden files and folders (".name") and files with unknown extensions are skipped; a file named
explicitly is always yielded. Unreadable folders are reported through `on_error`.

`read_headline` reads only the first 16 KB of a plain-text or Markdown file (more only when a
front matter block is longer); JSON and HTML are parsed whole, which is what their formats allow.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.model import Article, ArticleError, Headline
from reader.sources.decode import decode
from reader.sources.files import FORMATS, SourceError, format_of, os_reason, read_bytes, split_index

HEAD_BYTES = 16 * 1024

ErrorHandler = Callable[[Path, str], None]


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


#: File systems that hold no articles and must never be walked: the kernel's views of processes,
#: devices and settings (reading some of their files blocks, others never end).
SPECIAL_FILE_SYSTEMS = frozenset(
    {
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
        "devtmpfs", "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "pstore",
        "rpc_pipefs", "securityfs", "selinuxfs", "sysfs", "tracefs", "devfs", "fdescfs",
    }
)  # fmt: skip
#: Mount points whose whole subtree is special whatever its type (/dev is a tmpfs in containers).
SPECIAL_MOUNTS = ("/dev", "/proc", "/sys")


def _unescape_mount(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash in paths as octal escapes.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


@functools.cache
def special_devices() -> dict[int, str]:
    """The devices (`st_dev`) of the special file systems mounted here, with their type.

    Read once per process from ``/proc/self/mountinfo`` (Linux), plus the devices of /dev, /proc
    and /sys when they are mount points (so also on systems without mountinfo, as macOS).
    """
    found: dict[int, str] = {}
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            lines = table.read(4 << 20).splitlines()
    except OSError:
        lines = []
    for line in lines:
        fields = line.split(" ")
        try:
            major, minor = fields[2].split(":")
            fs_type = fields[fields.index("-", 6) + 1]
            device = os.makedev(int(major), int(minor))
        except (IndexError, ValueError):
            continue
        point = _unescape_mount(fields[4])
        under = any(point == m or point.startswith(m + "/") for m in SPECIAL_MOUNTS)
        if fs_type in SPECIAL_FILE_SYSTEMS or under:
            found[device] = fs_type
    try:
        root = os.stat("/").st_dev
    except OSError:
        return found
    for point in SPECIAL_MOUNTS:
        try:
            device = os.stat(point).st_dev
        except OSError:
            continue
        if device != root:
            found.setdefault(device, point.lstrip("/"))
    return found


def _special(device: int) -> str | None:
    """The reason a folder on `device` is not walked, or None."""
    kind = special_devices().get(device)
    return None if kind is None else f"special file system ({kind}), not scanned (skipped)"


def _inside(path: str, root: tuple[int, int]) -> bool:
    """Whether the link `path` resolves to something inside the folder `root` (device, inode).

    The target's real path is climbed parent by parent and each one compared to the folder by
    device and inode, not by spelling, so neither `..`, nor another spelling of the same folder,
    nor a rename of a parent fools it.
    """
    current = os.path.realpath(path)
    while True:
        try:
            info = os.stat(current)
        except OSError:  # a dangling or looping link: judge it by its folders
            info = None
        if info is not None and (info.st_dev, info.st_ino) == root:
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def discover(paths: Iterable[Path], on_error: ErrorHandler | None = None) -> Iterator[Path]:
    """Every article file under `paths`, in name order. Never raises for a bad path.

    A path given here is followed even when it is a symbolic link (the user chose it); inside a
    folder, a symbolic link is followed only when its target is inside that folder too, others
    are reported ("symbolic link out of the folder") and skipped. Special file systems (/proc,
    /sys, /dev, ...) are never walked, given or met inside a folder.
    """
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
            yield top  # reading it refuses a device, FIFO or socket
            continue
        special = _special(info.st_dev)
        if special is not None:
            if on_error is not None:
                on_error(top, special)
            continue
        root = (info.st_dev, info.st_ino)
        seen.add(root)
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
            if not is_dir and not _known(entry.name):
                continue
            try:
                is_link = entry.is_symlink()
            except OSError:
                is_link = False
            if is_link and not _inside(entry.path, root):
                if on_error is not None:
                    on_error(Path(entry.path), "symbolic link out of the folder (skipped)")
                continue
            if not is_dir:
                yield Path(entry.path)
                continue
            folder = _folder_id(entry.path)
            if folder is None:
                continue
            special = _special(folder[0])
            if special is not None:
                if on_error is not None:
                    on_error(Path(entry.path), special)
                continue
            if folder in seen:
                if on_error is not None:
                    on_error(
                        Path(entry.path), "symbolic link to a folder already scanned (skipped)"
                    )
                continue
            seen.add(folder)
            stack.append(iter(_entries(entry.path, on_error)))


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
    from reader.sources.load import parser_for

    try:
        text = decode(data).text
        article = parser_for("markdown" if kind == "markdown" else "text")(
            text, fallback_title=path.stem
        )
    except ArticleError as error:
        raise SourceError(path, str(error)) from None
    return article


def read_headlines(path: Path) -> list[Headline | SourceError]:
    """The headlines of a file: one, or one per item of a JSON list (errors in place)."""
    from reader.sources.load import load_all

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
