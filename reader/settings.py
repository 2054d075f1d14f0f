"""Every setting of the reader, defined once: its name, allowed values, default and help.

The command line (`reader.commands.tui`: argparse and the fast plain parser), the settings file
(`reader.config`) and the runtime toggles (`d`, `h`, `L`) all read `SETTINGS`, so a setting is
added or changed in one place. `resolve` applies the one precedence rule: the command line, then
config.toml, then the default. The state database keeps reading state only: a toggle writes the
settings file, and a hand edit of that file takes effect on the next start.

Imported before the first screen: NamedTuples and no import of the engine at run time (the
engine's `Harakat` and `BidiMode` are used in annotations only).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, cast

if TYPE_CHECKING:
    import argparse

    from reader.text import Harakat

#: What the user may ask for; `auto` is decided at start (layout: by the articles, bidi: by the
#: terminal). The engine's own types (`reader.text.Harakat`, `reader.text.BidiMode`,
#: `reader.model.Direction`) are the resolved values.
LayoutChoice = Literal["rtl", "ltr", "auto"]
BidiChoice = Literal["app", "terminal", "auto"]
UiLanguage = Literal["en", "ar", "fa", "ur"]


class Setting(NamedTuple):
    """One setting: `--name VALUE` on the command line and `name = "VALUE"` in config.toml."""

    name: str
    #: The allowed values; empty for a path.
    choices: tuple[str, ...]
    #: The default value; None when it comes from the environment (`ui`, `state`).
    default: str | None
    #: The command line's help.
    help: str
    #: The key that changes it while the reader runs (and saves it in config.toml), if any.
    toggle: str | None = None
    #: For a whole number rather than a choice or a path: what it counts ("minutes", "items").
    unit: str | None = None
    #: Words a whole-number setting also takes (`mark_read = "never"`); such a setting's value
    #: stays a string ("2", "never").
    words: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "layout",
        ("rtl", "ltr", "auto"),
        "auto",
        "pane order: list on the right (rtl) or left (ltr); auto: as most articles read "
        "(default: config.toml, else auto)",
        toggle="L",
    ),
    Setting(
        "bidi",
        ("app", "terminal", "auto"),
        "auto",
        "who shapes and reorders: the reader (app) or the terminal; "
        "default: config.toml, else auto (terminal in Konsole, else app)",
        toggle="d",
    ),
    Setting(
        "ui",
        ("ar", "fa", "ur", "en"),
        None,
        "interface language: Arabic, Persian, Urdu or English (default: config.toml, else "
        "from LC_ALL/LC_MESSAGES/LANG)",
    ),
    Setting(
        "digits",
        ("auto", "latin", "native"),
        "auto",
        "the interface's digits: the language's own (native: ٠١٢ in Arabic, ۰۱۲ in Persian "
        "and Urdu) or 0-9 (latin); auto: Persian's own, else 0-9 (default: auto)",
    ),
    Setting(
        "harakat",
        ("keep", "strip"),
        "keep",
        "show or hide Arabic short vowels (harakat); default: config.toml, else keep",
        toggle="h",
    ),
    Setting(
        "state",
        (),
        None,
        "reading-state database (default: config.toml, else $READER_STATE, else the XDG state dir)",
    ),
    Setting(
        "urls",
        (),
        None,
        "the subscriptions file, newsboat's format (default: config.toml, else $READER_URLS, "
        "else the XDG config dir's reader/urls)",
    ),
    Setting(
        "refresh",
        (),
        "30",
        "refresh the feeds every N minutes: at start when the last refresh is older, and while "
        "the reader is open; 0: only with r/R (default: config.toml, else 30)",
        unit="minutes",
    ),
    Setting(
        "keep_items",
        (),
        "0",
        "per feed, keep at most N read items (unread and bookmarked ones are always kept); "
        "0: keep every item (default: config.toml, else 0)",
        unit="items",
    ),
    Setting(
        "keep_days",
        (),
        "0",
        "drop read items older than N days (unread and bookmarked ones are always kept); "
        "0: keep every item (default: config.toml, else 0)",
        unit="days",
    ),
    Setting(
        "mark_read",
        (),
        "2",
        "an article shown becomes read after N seconds on screen (0: at once; never: only "
        "with u); scrolling it or opening it with Enter reads it at once (default: 2)",
        unit="seconds",
        words=("never",),
    ),
    Setting(
        "sources",
        ("show", "hide"),
        "show",
        "the sources pane: all, unread, bookmarked, each feed and folder (default: show)",
        toggle="S",
    ),
    Setting(
        "sort",
        ("date", "title", "source", "name"),
        "date",
        "the headline list's order: newest first, by title, by source, or by file name "
        "(default: date)",
        toggle="O",
    ),
    Setting(
        "list_width",
        (),
        "0",
        "the headline list's share of the screen's width in percent (20 to 80); 0: as much as "
        "the titles need (default: 0)",
        unit="percent",
    ),
    Setting(
        "measure",
        (),
        "90",
        "the longest body line in cells; a wider article pane centres its text "
        "(0: as wide as the pane; default: 90)",
        unit="cells",
    ),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


class Choices(NamedTuple):
    """What one source (the command line, config.toml, a test) asks for; None: not given."""

    layout: LayoutChoice | None = None
    bidi: BidiChoice | None = None
    ui: UiLanguage | None = None
    digits: str | None = None
    harakat: Harakat | None = None
    state: Path | None = None
    urls: Path | None = None
    refresh: int | None = None
    keep_items: int | None = None
    keep_days: int | None = None
    mark_read: str | None = None
    sources: str | None = None
    sort: str | None = None
    list_width: int | None = None
    measure: int | None = None


class Resolved(NamedTuple):
    """Every setting decided. `state` None: the default location (`$READER_STATE`, else XDG),
    which `reader.statedb.state_path` finds; `bidi` and `layout` may still say `auto`."""

    layout: LayoutChoice
    bidi: BidiChoice
    ui: UiLanguage
    digits: str
    harakat: Harakat
    state: Path | None
    urls: Path | None
    refresh: int
    keep_items: int
    keep_days: int
    mark_read: str
    sources: str
    sort: str
    list_width: int
    measure: int


#: The largest whole number a setting takes (a count of minutes, items or days).
MAX_WHOLE = 1_000_000_000


def whole_number(value: object) -> int | None:
    """A whole, non-negative number up to `MAX_WHOLE`, from a TOML integer or a command-line
    word."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_WHOLE else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
        return number if number <= MAX_WHOLE else None
    return None


def check_value(name: str, value: object) -> str | None:
    """Why `value` is not allowed for setting `name` (one line), or None when it is."""
    setting = BY_NAME.get(name)
    if setting is None:
        return f"unknown key {name!r}"
    if setting.unit:
        if value in setting.words:
            return None
        if whole_number(value) is None:
            also = "".join(f" or {word!r}" for word in setting.words)
            return f"{name} must be a whole number of {setting.unit}{also}, not {value!r}"
        if setting.unit == "percent" and not (
            whole_number(value) == 0 or 20 <= (whole_number(value) or 0) <= 80
        ):
            return f"{name} must be 0 or a number from 20 to 80, not {value!r}"
        return None
    if not isinstance(value, str):
        kind = "a path" if not setting.choices else "one of " + ", ".join(setting.choices)
        return f"{name} must be {kind} in quotes, not {value!r}"
    if setting.choices and value not in setting.choices:
        return f"{name} must be one of {', '.join(setting.choices)}, not {value!r}"
    if not setting.choices and not value.strip():
        return f"{name} must be a path, not an empty string"
    return None


def choices_from(values: Mapping[str, object]) -> Choices:
    """`Choices` from already checked values by name (an argparse namespace's `vars`, the
    plain parser's dict, config.toml's valid keys); names not in `SETTINGS` are left out."""
    given: dict[str, object] = {}
    for setting in SETTINGS:
        value = values.get(setting.name)
        if value is None:
            continue
        if setting.unit:
            given[setting.name] = _number(setting, value)
        else:
            given[setting.name] = value if setting.choices else Path(cast("str | Path", value))
    return Choices(**given)  # type: ignore[arg-type]  # the values were checked against the table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One `--name` option per setting of the table, each None when not given."""
    for setting in SETTINGS:
        if setting.choices:
            parser.add_argument(
                f"--{setting.name}", choices=setting.choices, default=None, help=setting.help
            )
        elif setting.unit:
            parser.add_argument(
                f"--{setting.name}",
                type=_checked(setting.name),
                default=None,
                metavar="N" if not setting.words else "N|" + "|".join(setting.words),
                help=setting.help,
            )
        else:
            parser.add_argument(
                f"--{setting.name}", type=Path, default=None, metavar="PATH", help=setting.help
            )


def _number(setting: Setting, value: object) -> int | str | None:
    """A whole-number setting's value: an int, or a string for one that also takes words."""
    if setting.words:
        return value if value in setting.words else str(whole_number(value))
    return whole_number(value)


def mark_read_delay(value: str) -> float | None:
    """The `mark_read` setting in seconds; None for "never"."""
    number = whole_number(value)
    return None if number is None else float(number)


def _checked(name: str) -> Callable[[str], int | str]:
    """argparse's type for the whole-number setting `name`."""

    def convert(word: str) -> int | str:
        import argparse

        problem = check_value(name, word)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem.removeprefix(f"{name} "))
        value = _number(BY_NAME[name], word)
        assert value is not None
        return value

    return convert


def language_from_environment(environ: Mapping[str, str] | None = None) -> UiLanguage:
    """The interface language the locale names (LC_ALL, then LC_MESSAGES, then LANG): `ar`,
    `fa` or `ur` for an Arabic, Persian or Urdu locale, else `en`."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.lower()[:2]
            return cast("UiLanguage", code) if code in ("ar", "fa", "ur") else "en"
    return "en"


def resolve(cli: Choices, config: Choices, environ: Mapping[str, str] | None = None) -> Resolved:
    """Each setting from the command line, else config.toml, else its default (`ui` from the
    locale in `environ`; `state` left None for the default location)."""
    picked: dict[str, object] = {}
    for setting, cli_value, config_value in zip(SETTINGS, cli, config, strict=True):
        value = cli_value if cli_value is not None else config_value
        picked[setting.name] = setting.default if value is None else value
    for setting in SETTINGS:
        if setting.unit:
            picked[setting.name] = _number(setting, picked[setting.name])
    if picked["ui"] is None:
        picked["ui"] = language_from_environment(environ)
    return Resolved(**picked)  # type: ignore[arg-type]  # each value is one of its choices
