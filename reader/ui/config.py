"""The user's saved display choices: a small TOML file in the XDG config directory.

Only the choices a user makes once for a terminal live here (the bidi mode first of all: a user who
pressed `d` because the text came out reversed should not have to press it again). The file is read
with tomllib and written by hand; it never goes inside an article folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

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


def load_config(path: Path | None) -> dict[str, str]:
    """The valid settings in `path`; a missing, unreadable or malformed file gives `{}`."""
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    import tomllib  # only when there is a file: most starts have none

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    return {
        key: value
        for key, value in data.items()
        if key in ALLOWED and isinstance(value, str) and value in ALLOWED[key]
    }


def save_config(path: Path, settings: Mapping[str, str]) -> None:
    """Merge `settings` into the file (atomically: write a sibling, then rename)."""
    merged = load_config(path)
    merged.update({k: v for k, v in settings.items() if k in ALLOWED and v in ALLOWED[k]})
    text = "".join(f'{key} = "{merged[key]}"\n' for key in sorted(merged))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("# reader settings\n" + text, encoding="utf-8")
    os.replace(temporary, path)
