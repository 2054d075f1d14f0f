"""Subscriptions: the newsboat `urls` file, read with every problem located, changed in place.

One feed a line, as newsboat writes it: the address, its tags (`"Middle East"` quoted, `\\"`
inside), a `"~Custom title"`, `#` comments. `query:`, `exec:` and `filter:` lines (the last two
would run a command) and addresses that are not http or https are skipped with a notice.
The file is the user's: a change rewrites only its own line, keeps every other byte, is atomic
(a temporary file, then a rename) and never lands in an article folder. It is read as any
untrusted file is: a regular file only, opened without blocking, at most `MAX_URLS_BYTES`.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from reader.text.sanitize import clean_line, clean_path, is_invisible

#: A urls file larger than this is not read (10,000 feeds take about 800 KB).
MAX_URLS_BYTES = 1024 * 1024
#: An address longer than this is refused.
MAX_URL_LENGTH = 4096
#: Titles and tags are cut to this many characters; a line keeps at most MAX_TAGS tags.
MAX_FIELD_LENGTH = 500
MAX_TAGS = 64
#: Notices past this many are counted in one last line.
MAX_NOTICES = 50

_BOM = b"\xef\xbb\xbf"

# A token: a quoted string (backslash escapes inside; an unclosed one runs to the end of the
# line), a comment from a `#` that starts a token, or a run of anything but spaces and tabs.
# Each alternative starts with its own character and none backtracks: linear on any line.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.?)*)("?)|(#.*)|([^ \t]+)', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')
_NOT_IN_ADDRESS = re.compile(r'["<>\\]')
_SPACE = re.compile(r"\s")
_NEEDS_QUOTES = re.compile(r'[ \t"\\#]')


class FeedError(ValueError):
    """Input that cannot be used (a urls or OPML file, an address): the message is one line."""


class Subscription(NamedTuple):
    """One feed the user follows: its address, its tags and the title the user gave it."""

    url: str
    tags: tuple[str, ...] = ()
    title: str | None = None


class UrlsFile(NamedTuple):
    """The subscriptions of a urls file and one line per problem (file:line: what is wrong)."""

    subscriptions: tuple[Subscription, ...] = ()
    notices: tuple[str, ...] = ()


class _Line(NamedTuple):  # one line parsed: its feed, where its address is, a problem
    subscription: Subscription | None = None
    url_span: tuple[int, int] | None = None
    problem: str | None = None


def check_url(url: str) -> str | None:
    """What is wrong with `url` as a feed's address, in a few words; None when it can be fetched.

    Only http and https with a host name; no spaces, control or invisible characters, quotes or
    backslashes (which could not be written back to the urls file); at most MAX_URL_LENGTH.
    """
    if not url:
        return "no address"
    if len(url) > MAX_URL_LENGTH:
        return f"address too long (over {MAX_URL_LENGTH} characters)"
    if _SPACE.search(url):
        return "the address contains spaces"
    if not url.isprintable() or (
        not url.isascii() and any(is_invisible(char) for char in url if not char.isascii())
    ):
        return "the address contains control or invisible characters"
    if _NOT_IN_ADDRESS.search(url):
        return 'the address contains characters not allowed in one (" < > \\)'
    scheme = url.partition(":")[0].lower() if "://" in url else ""
    if scheme not in ("http", "https"):
        if not scheme:
            return "not a web address (it must start with http:// or https://)"
        return f"not a web address ({scheme[:20]}:); only http and https feeds are fetched"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number or too large
    except ValueError:
        return "not a valid address"
    if not parts.hostname:
        return "no host name in the address"
    return None


def url_key(url: str) -> str:
    """`url` with its scheme and host in lower case: two spellings of one feed compare equal."""
    scheme, separator, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{separator}{host.lower()}{slash}{path}"


def _shown(path: Path) -> str:
    return clean_path(os.fsencode(path).decode("utf-8", errors="replace"))


def _field(text: str) -> str:  # a title or tag as shown: one clean line, capped
    return clean_line(text[: MAX_FIELD_LENGTH * 4])[:MAX_FIELD_LENGTH]


def _parse_line(text: str) -> _Line:
    """One line of the urls file (without its line ending)."""
    tokens: list[tuple[str, int, int]] = []
    unclosed = False
    for match in _TOKEN.finditer(text):
        quoted, close, comment, plain = match.groups()
        if comment is not None or len(tokens) > MAX_TAGS + 1:  # the address, tags, a title
            break
        if plain is not None:
            tokens.append((plain, match.start(), match.end()))
        else:
            tokens.append((_UNESCAPE.sub(r"\1", quoted), match.start(), match.end()))
            unclosed = unclosed or not close
    if not tokens:
        return _Line()  # a blank line or a comment
    url, start, end = tokens[0]
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    if scheme == "query":
        return _Line(problem="query feeds are not supported; ignored")
    if scheme in ("exec", "filter"):
        return _Line(problem=f"{scheme}: feeds (they run a command) are not supported; ignored")
    problem = check_url(url)
    if problem is not None:
        return _Line(problem=f"{problem}; ignored")
    tags: dict[str, None] = {}
    title: str | None = None
    for value, _, _ in tokens[1:]:
        if value.startswith("~"):
            title = title or _field(value[1:]) or None
        elif tag := _field(value):
            tags[tag] = None
    note = "a quotation mark is not closed (read to the end of the line)" if unclosed else None
    return _Line(Subscription(url, tuple(tags), title), (start, end), note)


def _read(path: Path) -> bytes | None:
    """The file's bytes, UTF-8 checked; None when there is no file. Raises FeedError."""
    from reader.model import ArticleError, reason
    from reader.sources.files import read_bytes

    try:
        data = read_bytes(path, MAX_URLS_BYTES + 1)
    except ArticleError as error:
        if not os.path.lexists(path):
            return None
        raise FeedError(f"{_shown(path)}: {reason(error)}") from None
    except OSError as error:
        raise FeedError(f"{_shown(path)}: {error.strerror or error}") from None
    if len(data) > MAX_URLS_BYTES:
        raise FeedError(f"{_shown(path)}: larger than {MAX_URLS_BYTES >> 20} MB")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise FeedError(f"{_shown(path)}: not UTF-8 text") from None
    return data


def _lines(data: bytes) -> Iterator[tuple[bytes, str, _Line]]:
    """Each line of the file: its bytes (line ending included), its text, what it says.

    Lines end at `\\n`, `\\r\\n` or `\\r` (as bytes split them: the numbers a user sees in an
    editor). A UTF-8 byte order mark is left out of the first line's text, kept in its bytes.
    """
    for number, raw in enumerate(data.splitlines(keepends=True)):
        content = raw.rstrip(b"\r\n")
        if number == 0 and content.startswith(_BOM):
            content = content[len(_BOM) :]
        text = content.decode("utf-8", errors="replace")
        yield raw, text, _parse_line(text)


def read_urls(path: Path) -> UrlsFile:
    """The subscriptions in `path` and a notice per line not used (a feed listed twice: the
    first line). No file: nothing. A file that cannot be used (a FIFO, over MAX_URLS_BYTES, not
    UTF-8...) gives one notice, like config.toml, and is never rewritten by the changes below."""
    try:
        data = _read(path)
    except FeedError as error:
        return UrlsFile(notices=(f"{error}; no subscriptions were read",))
    if data is None:
        return UrlsFile()
    shown = _shown(path)
    subscriptions: list[Subscription] = []
    notices: list[str] = []
    more = 0  # notices past MAX_NOTICES
    first_line: dict[str, int] = {}
    for number, (_, _, line) in enumerate(_lines(data), 1):
        problem = line.problem
        if line.subscription is not None:
            key = url_key(line.subscription.url)
            if key in first_line:
                problem = f"listed already on line {first_line[key]}; ignored"
            else:
                first_line[key] = number
                subscriptions.append(line.subscription)
        if problem is not None and len(notices) < MAX_NOTICES:
            notices.append(f"{shown}:{number}: {problem}")
        elif problem is not None:
            more += 1
    if more:
        notices.append(f"{shown}: {more} more lines with problems")
    return UrlsFile(tuple(subscriptions), tuple(notices))


def _quoted(value: str) -> str:
    if not _NEEDS_QUOTES.search(value) and not value.startswith("~"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_line(subscription: Subscription) -> str:
    """The urls-file line for `subscription` (no line ending). Raises FeedError for an address
    that `check_url` refuses, or a tag that is empty or starts with `~` (a title's mark)."""
    problem = check_url(subscription.url)
    if problem is not None:
        raise FeedError(f"{clean_path(subscription.url[:200])}: {problem}")
    tokens = [subscription.url]
    for tag in subscription.tags:
        cleaned = _field(tag)
        if not cleaned:
            raise FeedError("a tag cannot be empty")
        if cleaned.startswith("~"):
            raise FeedError(f"{cleaned}: a tag cannot start with ~ (that marks a title)")
        tokens.append(_quoted(cleaned))
    if title := _field(subscription.title or ""):
        tokens.append(_quoted("~" + title))
    return " ".join(tokens)


def _writable(path: Path, article_folders: Iterable[Path]) -> tuple[Path, bytes]:
    """Where writing `path` goes (through a symbolic link) and its bytes. Raises PermissionError
    inside an article folder, FeedError for a file that cannot be used (never replaced)."""
    from reader.locations import folder_holding

    folders = list(article_folders)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    folder = folder_holding(target, folders) or folder_holding(path, folders)
    if folder is not None:
        raise PermissionError(
            errno.EPERM,
            f"the subscriptions file would be written inside the article folder {_shown(folder)}",
        )
    return target, _read(target) or b""


def _newline(data: bytes) -> bytes:
    end = re.search(rb"\r\n|\r|\n", data)  # the file's first line ending, else \n
    return end.group() if end else b"\n"


def _write_lines(path: Path, data: bytes, lines: list[bytes]) -> None:
    """`lines` (what is left of `data`'s) written over `path`, its byte order mark kept."""
    bom = _BOM if data.startswith(_BOM) and not (lines and lines[0].startswith(_BOM)) else b""
    from reader.locations import write_atomically

    write_atomically(path, bom + b"".join(lines))


def add_subscription(
    path: Path,
    url: str,
    tags: Iterable[str] = (),
    title: str | None = None,
    article_folders: Iterable[Path] = (),
) -> bool:
    """Append a line for `url` to the urls file (created if missing); False when it is there.

    Every other byte of the file stays as it was. Raises FeedError for an address or tag that
    cannot be used or a file that cannot be read, PermissionError (nothing written) when the
    file would land inside one of `article_folders`, OSError when it cannot be written.
    """
    subscription = Subscription(url, tuple(tags), title)
    format_line(subscription)  # a bad address or tag is refused before the file is read
    return bool(add_subscriptions(path, (subscription,), article_folders))


def add_subscriptions(
    path: Path, many: Iterable[Subscription], article_folders: Iterable[Path] = ()
) -> list[Subscription]:
    """Append a line for each of `many` not subscribed yet (nor earlier in `many`), in one
    write: an import of thousands of feeds reads and writes the file once. Returns the ones
    added (nothing written when none is). Raises as `add_subscription` does, before writing."""
    target, data = _writable(path, article_folders)
    seen = {
        url_key(parsed.subscription.url)
        for _, _, parsed in _lines(data)
        if parsed.subscription is not None
    }
    added: list[Subscription] = []
    lines: list[str] = []
    for subscription in many:
        key = url_key(subscription.url)
        if key in seen:
            continue
        lines.append(format_line(subscription))
        seen.add(key)
        added.append(subscription)
    if not added:
        return added
    newline = _newline(data)
    if data and not data.endswith((b"\n", b"\r")):
        data += newline
    from reader.locations import write_atomically

    tail = newline.decode().join(lines) + newline.decode()
    write_atomically(target, data + tail.encode("utf-8"))
    return added


def remove_subscription(path: Path, url: str, article_folders: Iterable[Path] = ()) -> bool:
    """Remove every line subscribing to `url`; False (nothing written) when there is none."""
    target, data = _writable(path, article_folders)
    key = url_key(url)
    kept: list[bytes] = []
    removed = False
    for raw, _, parsed in _lines(data):
        if parsed.subscription is not None and url_key(parsed.subscription.url) == key:
            removed = True
            continue
        kept.append(raw)
    if removed:
        _write_lines(target, data, kept)
    return removed


def move_subscription(
    path: Path, old_url: str, new_url: str, article_folders: Iterable[Path] = ()
) -> bool:
    """The feed at `old_url` now lives at `new_url` (a permanent redirect): its line keeps its
    tags, title and comment, only the address changes. When `new_url` is subscribed already,
    the old line is removed. False (nothing written) when `old_url` is not in the file."""
    problem = check_url(new_url)
    if problem is not None:
        raise FeedError(f"{clean_path(new_url[:200])}: {problem}")
    target, data = _writable(path, article_folders)
    old_key, new_key = url_key(old_url), url_key(new_url)
    if old_key == new_key:
        return False
    lines = list(_lines(data))
    present = any(
        line.subscription is not None and url_key(line.subscription.url) == new_key
        for _, _, line in lines
    )
    changed = False
    out: list[bytes] = []
    for number, (raw, text, line) in enumerate(lines):
        sub, span = line.subscription, line.url_span
        if sub is None or span is None or url_key(sub.url) != old_key:
            out.append(raw)
            continue
        changed = True
        if present:
            continue
        ending = raw[len(raw.rstrip(b"\r\n")) :]
        bom = _BOM if number == 0 and raw.startswith(_BOM) else b""
        moved = text[: span[0]] + new_url + text[span[1] :]
        out.append(bom + moved.encode("utf-8") + ending)
    if changed:
        _write_lines(target, data, out)
    return changed
