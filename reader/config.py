"""The settings file, config.toml: read with every problem located, written without losing a line.

The file holds any setting of `reader.settings.SETTINGS` (`layout = "ltr"`, `state = "~/x.db"`).
It is the user's file: a toggle (`d`, `h`, `L`) changes one value through tomlkit, which keeps the
comments, the order, the blank lines and the keys the reader does not know; a hand edit takes
effect on the next start. What the reader cannot use is never dropped silently: each problem is
one line with the file and the line number, shown on the first screen and on stderr.

tomllib is imported only when a file exists, tomlkit only when writing: most starts have no file.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import platformdirs

from reader.i18n import _
from reader.i18n import number as in_digits
from reader.settings import Choices, check_value, choices_from

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

    from reader.feeds.options import FeedOptions, OptionProblem

#: A settings file larger than this is not read (it holds a few short lines).
MAX_CONFIG_BYTES = 64 * 1024

#: tomllib's messages end with where the parser stopped.
_WHERE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


class Loaded(NamedTuple):
    """The valid settings of a file and one line per problem (file:line: what is wrong)."""

    choices: Choices = Choices()
    problems: tuple[str, ...] = ()
    #: Each feed's options (`[feeds."URL"]` tables), by the address as written in the file.
    feed_options: Mapping[str, FeedOptions] = MappingProxyType({})


class UnusableConfig(ValueError):
    """The file exists but cannot be read or parsed: a toggle does not overwrite it."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        #: Where the parser stopped, when it says.
        self.line = line


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$READER_CONFIG`, else `<XDG config dir>/reader/config.toml`."""
    env = os.environ if environ is None else environ
    override = env.get("READER_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path("reader") / "config.toml"


def _shown(path: Path) -> str:
    return os.fsencode(path).decode("utf-8", errors="replace")


def _read_text(path: Path) -> str | None:
    """The file's text; None when there is no file. Raises UnusableConfig with the reason.

    Read as any untrusted file is (`reader.sources.files.read_bytes`: a regular file only,
    opened without blocking, so a FIFO never hangs the start), at most `MAX_CONFIG_BYTES`.
    """
    from reader.model import ArticleError, reason
    from reader.sources.files import read_bytes

    try:
        data = read_bytes(path, MAX_CONFIG_BYTES + 1)
    except ArticleError as error:
        if not os.path.lexists(path):
            return None  # no file: nothing to say
        raise UnusableConfig(reason(error)) from None
    except OSError as error:
        raise UnusableConfig(error.strerror or str(error)) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise UnusableConfig(_("larger than {size} KB").format(size=MAX_CONFIG_BYTES // 1024))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnusableConfig(_("not UTF-8 text")) from None


def _parse(text: str) -> dict[str, object]:
    """The top-level table; raises UnusableConfig (with the line when tomllib says it)."""
    import tomllib  # only when there is a file: most starts have none

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _WHERE.search(message)
        line = int(where.group(1)) if where else None
        said = _("not valid TOML: {problem}").format(problem=_WHERE.sub("", message))
        raise UnusableConfig(said, line) from None
    except RecursionError:
        raise UnusableConfig(_("nested too deeply")) from None


def key_line(text: str, key: str) -> int | None:
    """The line (from 1) where top-level `key` is set or opened as a table, if it is found."""
    name = re.escape(key)
    pattern = re.compile(
        rf"""^[ \t]*(?:\[\[?[ \t]*)?(?:{name}|"{name}"|'{name}')[ \t]*[=.\]]""", re.MULTILINE
    )
    match = pattern.search(text)
    if match is not None:
        return text.count("\n", 0, match.start()) + 1
    # A key spelled with escapes (`"col\u006fur" = 1`): each line parsed on its own.
    import tomllib

    for number, line in enumerate(text.splitlines(), 1):
        try:
            if key in tomllib.loads(line):
                return number
        except (tomllib.TOMLDecodeError, RecursionError):
            continue
    return None


def load_config(path: Path | None) -> Loaded:
    """The valid settings in `path` and the problems found; nothing for no file.

    A file that cannot be read or parsed (a FIFO, too large, not UTF-8, not TOML, nested too deep
    for the parser) gives the defaults and one problem. An unknown key or a value not allowed
    gives one problem each; the file's other settings are used.
    """
    if path is None:
        return Loaded()
    shown = _shown(path)
    try:
        text = _read_text(path)
        if text is None:
            return Loaded()
        table = _parse(text)
    except UnusableConfig as error:
        where = f"{shown}:{error.line}" if error.line is not None else shown
        said = _("{reason}; the defaults are used").format(reason=error.reason)
        return Loaded(problems=(f"{where}: {said}",))
    valid: dict[str, object] = {}
    problems: list[str] = []
    feed_options: Mapping[str, FeedOptions] = MappingProxyType({})
    for key, value in table.items():
        if key == "feeds":
            from reader.feeds.options import read_feed_options

            found, wrong = read_feed_options(value)
            feed_options = MappingProxyType(found)
            problems.extend(_feed_problems(text, shown, wrong))
            continue
        reason = check_value(key, value, _)
        if reason is None:
            valid[key] = value
            continue
        line = key_line(text, key)
        problems.append(f"{shown}:{line}: {reason}" if line is not None else f"{shown}: {reason}")
    return Loaded(choices_from(valid), tuple(problems), feed_options)


#: Problems of the `feeds` table located line by line; past this many, one line counts the rest.
MAX_LOCATED = 20


def _feed_problems(text: str, shown: str, problems: list[OptionProblem]) -> list[str]:
    """One line per problem of the `feeds` table, with the line it is on when found."""
    lines: list[str] = []
    for problem in problems[:MAX_LOCATED]:
        line = feed_line(text, problem.url, problem.key)
        where = f"{shown}:{line}" if line is not None else shown
        lines.append(f"{where}: {problem.reason}")
    if len(problems) > MAX_LOCATED:
        more = _("{count} more problems in the feeds table").format(
            count=in_digits(len(problems) - MAX_LOCATED)
        )
        lines.append(f"{shown}: {more}")
    return lines


def feed_line(text: str, url: str | None, key: str | None) -> int | None:
    """The line (from 1) of a feed's table (`[feeds."URL"]`, `feeds."URL".key = ...`) or of
    one of its keys; else the `feeds` table's line. Best effort: the first line naming `url`
    in quotes, then the first line from there setting `key`."""
    fallback = key_line(text, "feeds")
    if url is None:
        return fallback
    quoted = (f'"{url}"', f"'{url}'")
    rows = text.splitlines()
    start = next((n for n, row in enumerate(rows) if any(q in row for q in quoted)), None)
    if start is None:
        return fallback
    if key is None:
        return start + 1
    setting = re.compile(rf"""(?:^|[.\s{{,])(?:{re.escape(key)}|"{re.escape(key)}")\s*=""")
    for number in range(start, len(rows)):
        if number > start and rows[number].lstrip().startswith("["):
            break  # the next table: not found in this one
        if setting.search(rows[number]):
            return number + 1
    return start + 1


def save_setting(
    path: Path, name: str, value: str | int, article_folders: Iterable[Path] = ()
) -> None:
    """Set `name = "value"` in the file, keeping everything else in it as it was.

    Written atomically (a sibling temporary file, then a rename; through a symbolic link, the
    file it points to). Raises PermissionError, writing nothing, when the file would land inside
    one of `article_folders` (the reader never writes there); UnusableConfig when the file exists
    but cannot be read or parsed (the user's file is not replaced by one line); ValueError for a
    setting or value `reader.settings` does not allow.
    """
    reason = check_value(name, value, _)
    if reason is not None:
        raise ValueError(reason)
    target, document = _editable(path, article_folders)
    document[name] = value
    _write(target, document)


def _editable(path: Path, article_folders: Iterable[Path]) -> tuple[Path, TOMLDocument]:
    """Where writing `path` goes (through a symbolic link) and its document. Raises
    PermissionError inside an article folder, UnusableConfig for a file that cannot be read or
    parsed (never replaced)."""
    from reader.locations import folder_holding

    folders = list(article_folders)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    folder = folder_holding(target, folders) or folder_holding(path, folders)
    if folder is not None:
        said = _("the settings file would be written inside the article folder {folder}")
        raise PermissionError(errno.EPERM, said.format(folder=folder))
    text = _read_text(target) or ""
    _parse(text)  # a file tomllib refuses is the user's to fix: never overwritten
    import tomlkit  # only when writing: a toggle, not a start

    try:
        return target, tomlkit.parse(text)
    except (tomlkit.exceptions.ParseError, RecursionError) as error:
        said = _("not valid TOML: {problem}").format(problem=error)
        raise UnusableConfig(said) from None


def _write(target: Path, document: TOMLDocument) -> None:
    import tomlkit

    from reader.locations import write_atomically

    write_atomically(target, tomlkit.dumps(document).encode("utf-8"))


def _feeds_table(document: TOMLDocument, create: bool) -> Any:
    """The document's `feeds` table (created as a super table, so only `[feeds."URL"]` headers
    are written), None when there is none. Raises UnusableConfig when `feeds` is not a table."""
    import tomlkit
    from tomlkit.items import InlineTable, Table

    feeds = document.get("feeds")
    if feeds is None:
        if not create:
            return None
        feeds = tomlkit.table(is_super_table=True)
        document["feeds"] = feeds
        return document["feeds"]
    if not isinstance(feeds, Table | InlineTable):
        raise UnusableConfig(_("feeds in config.toml is not a table; fix it by hand"))
    return feeds


def _feed_key(feeds: Any, url: str) -> str | None:
    """The key of `url`'s table in `feeds`, however its scheme and host are spelled."""
    from reader.feeds.subscriptions import url_key

    wanted = url_key(url)
    return next((key for key in feeds if isinstance(key, str) and url_key(key) == wanted), None)


def save_feed_options(
    path: Path,
    url: str,
    changes: Mapping[str, int | bool],
    article_folders: Iterable[Path] = (),
) -> None:
    """Set options of the feed at `url` in its `[feeds."URL"]` table (made when missing),
    keeping everything else in the file as it was. Raises ValueError for an option or value
    not allowed (`reader.feeds.options.check_option`), and as `save_setting` does."""
    from reader.feeds.options import check_option

    for key, value in changes.items():
        reason = check_option(key, value)
        if reason is not None:
            raise ValueError(reason)
    import tomlkit
    from tomlkit.items import InlineTable, Table

    target, document = _editable(path, article_folders)
    feeds = _feeds_table(document, create=True)
    found = _feed_key(feeds, url)
    if found is None:
        feeds[url] = tomlkit.table()
    table = feeds[found if found is not None else url]
    if not isinstance(table, Table | InlineTable):
        said = _("feeds.{url} in config.toml is not a table; fix it by hand")
        raise UnusableConfig(said.format(url=f"{url!r:.80}"))
    for name, value in changes.items():
        table[name] = value
    _write(target, document)


def move_feed_options(
    path: Path, old_url: str, new_url: str, article_folders: Iterable[Path] = ()
) -> bool:
    """The feed at `old_url` moved for good to `new_url`: its options table follows (its
    comments kept). False (nothing written) when it has none, when there is no file, or when
    `new_url` has a table already (left as the user wrote it). Raises as `save_setting`."""
    if not os.path.lexists(path):
        return False
    target, document = _editable(path, article_folders)
    feeds = _feeds_table(document, create=False)
    if feeds is None:
        return False
    old_key = _feed_key(feeds, old_url)
    if old_key is None or _feed_key(feeds, new_url) is not None:
        return False
    table = feeds[old_key]
    del feeds[old_key]
    feeds[new_url] = table
    _write(target, document)
    return True
