"""Where the reader keeps its files: the state database, the search index beside it, and the
check that none of them lands inside an article folder (nothing is ever written there).

Split from `reader.statedb` (which opens the databases): choosing a location needs no SQLite,
and the script verbs decide whether they need a database at all before importing one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

import platformdirs

APP_NAME = "reader"
STATE_ENV = "READER_STATE"
STATE_FILE = "state.sqlite3"


def state_path(cli_value: str | None) -> Path:
    """Where the state database lives: ``--state`` if given, else ``$READER_STATE``, else XDG.

    A value naming an existing folder means the database file inside it.
    """
    chosen = cli_value or os.environ.get(STATE_ENV, "").strip()
    if not chosen:
        return platformdirs.user_state_path(APP_NAME) / STATE_FILE
    path = Path(chosen).expanduser()
    return path / STATE_FILE if path.is_dir() else path


def requested_state_path(cli_value: str | None) -> Path | None:
    """`state_path` when one was asked for (``--state`` or ``$READER_STATE``), else None.

    The script verbs use a state database only when asked, so a plain `reader list` or `reader
    search` reads and writes none.
    """
    if cli_value is None and not os.environ.get(STATE_ENV, "").strip():
        return None
    return state_path(cli_value)


def folder_holding(target: Path, paths: Iterable[Path]) -> Path | None:
    """The article folder among `paths` that writing `target` (a file) would land in, or None.

    A folder named in `paths` holds everything below it; a file named in `paths` makes its own
    folder (not the folders below it) an article folder. What is compared is where the writes
    really go: the target resolved (a symlink to a file inside a folder is inside it), the
    target's own folder resolved (where a new file, a temporary file or a rename lands), and the
    SQLite files beside it (``-wal``, ``-shm``, ``-journal``); and folders are compared by
    device and inode, ancestor by ancestor, so a bind mount of a folder is that folder too.
    The reader never writes into an article folder, so a location there is refused.
    """
    anywhere: dict[tuple[int, int], Path] = {}  # article folders: everything below them
    directly: dict[tuple[int, int], Path] = {}  # the folders of named files: only their files
    seen: set[str] = set()
    for path in paths:
        name = os.fspath(path)
        info: os.stat_result | None
        try:
            info = os.lstat(name)
            link = stat.S_ISLNK(info.st_mode)
            if link:
                info = os.stat(name)
        except (OSError, ValueError):
            info = None  # not there (`list.json#3`, or gone since): its folder is kept safe
        if info is not None and stat.S_ISDIR(info.st_mode):
            anywhere.setdefault((info.st_dev, info.st_ino), path)
            continue
        # A named file's folder, and the folder of the file a symlink names.
        folders = [os.path.dirname(name) or "."]
        if info is None or link:
            folders.append(os.path.dirname(os.path.realpath(name)))
        for folder in folders:
            if folder in seen:
                continue
            seen.add(folder)
            try:
                parent = os.stat(folder)
            except (OSError, ValueError):
                continue
            directly.setdefault((parent.st_dev, parent.st_ino), path.parent)
    if not anywhere and not directly:
        return None
    for location in _write_locations(target):
        for depth, ancestor in enumerate(location.parents):
            try:
                info = os.stat(ancestor)
            except (OSError, ValueError):
                continue  # not created yet: its existing ancestors decide
            key = (info.st_dev, info.st_ino)
            if key in anywhere:
                return anywhere[key]
            if depth == 0 and key in directly:
                return directly[key]
    return None


def _write_locations(target: Path) -> list[Path]:
    """Every file writing the database `target` may create or change, resolved."""
    # No lexical `abspath` first: `link/../x` is where the kernel takes it, past the link.
    beside = Path(os.path.realpath(target.parent)) / target.name
    resolved = Path(os.path.realpath(target))
    locations: list[Path] = []
    for base in (beside, resolved):
        locations.append(base)
        for suffix in ("-wal", "-shm", "-journal"):
            locations.append(Path(os.path.realpath(base.with_name(base.name + suffix))))
    return list(dict.fromkeys(locations))


def index_path(state: Path) -> Path:
    """The search index beside the state database: ``state.sqlite3`` → ``state.search.sqlite3``."""
    return state.with_name(state.stem + ".search" + (state.suffix or ".sqlite3"))


def write_atomically(path: Path, data: bytes) -> None:
    """`data` written over `path` through a sibling temporary file (flushed to disk, then
    renamed): a reader of the file never sees half of it, and it keeps its permissions. For
    the reader's own files (settings, subscriptions); callers check `folder_holding` first."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = 0o644
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


#: The subscriptions file (newsboat's `urls` format): `$READER_URLS`, else the XDG config dir's.
URLS_ENV = "READER_URLS"
URLS_FILE = "urls"


def default_urls_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$READER_URLS`, else `<XDG config dir>/reader/urls`."""
    env = os.environ if environ is None else environ
    override = env.get(URLS_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("reader") / URLS_FILE
