"""The user's saved display choices: a small TOML file in the XDG config directory.

Only the choices a user makes once for a terminal live here (the bidi mode first of all: a user who
pressed `d` because the text came out reversed should not have to press it again). The file is read
with tomllib and written by hand; it never goes inside an article folder.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import platformdirs

#: A settings file larger than this is not read (it holds three short lines).
MAX_CONFIG_BYTES = 64 * 1024

#: Keys this file may hold, with their allowed values.
ALLOWED: dict[str, tuple[str, ...]] = {
    "bidi": ("app", "terminal", "auto"),
    "layout": ("rtl", "ltr", "auto"),
    "harakat": ("keep", "strip"),
}


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$READER_CONFIG`, else `<XDG config dir>/reader/config.toml`."""
    env = os.environ if environ is None else environ
    override = env.get("READER_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path("reader") / "config.toml"


def load_config(path: Path | None, warn: Callable[[str], None] | None = None) -> dict[str, str]:
    """The valid settings in `path`; `{}` when there is no file.

    The file is read as any untrusted file is (`reader.sources.files.read_bytes`: a regular
    file only, opened without blocking, so a FIFO never hangs the start), at most
    `MAX_CONFIG_BYTES`. A file that cannot be read or parsed (too large, not UTF-8, not TOML,
    nested too deep for the parser) gives `{}` and one message to `warn`: the reader starts with
    its defaults and says why.
    """
    if path is None:
        return {}
    from reader.model import ArticleError
    from reader.sources.files import read_bytes

    def problem(reason: str) -> dict[str, str]:
        if warn is not None:
            shown = os.fsencode(path).decode("utf-8", errors="replace")
            warn(f"the settings file {shown} was not used ({reason}); using the defaults")
        return {}

    try:
        data = read_bytes(path, MAX_CONFIG_BYTES + 1)
    except ArticleError as error:
        if not os.path.lexists(path):
            return {}  # no file: nothing to say
        return problem(str(getattr(error, "reason", None) or error))
    except OSError as error:
        return problem(error.strerror or str(error))
    if len(data) > MAX_CONFIG_BYTES:
        return problem(f"larger than {MAX_CONFIG_BYTES // 1024} KB")
    import tomllib  # only when there is a file: most starts have none

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return problem("not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        return problem(f"not valid TOML: {error}")
    except RecursionError:
        return problem("nested too deeply")
    return {
        key: value
        for key, value in parsed.items()
        if key in ALLOWED and isinstance(value, str) and value in ALLOWED[key]
    }


def save_config(
    path: Path, settings: Mapping[str, str], article_folders: Iterable[Path] = ()
) -> None:
    """Merge `settings` into the file (atomically: write a sibling, then rename).

    Raises PermissionError, writing nothing, when the file (or the temporary file beside it)
    would land inside one of `article_folders`: the reader never writes there.
    """
    from reader.statedb import folder_holding

    folder = folder_holding(path, article_folders)
    if folder is not None:
        raise PermissionError(
            errno.EPERM, f"the settings file would be written inside the article folder {folder}"
        )
    merged = load_config(path)
    merged.update({k: v for k, v in settings.items() if k in ALLOWED and v in ALLOWED[k]})
    text = "".join(f'{key} = "{merged[key]}"\n' for key in sorted(merged))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("# reader settings\n" + text, encoding="utf-8")
    os.replace(temporary, path)
