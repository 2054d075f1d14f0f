"""Every setting of the reader: read from the command line and config.toml, checked, decided.

The table itself (name, allowed values, default, help) is `reader.settings_table`. The command
line (`reader.commands.tui`: argparse and the fast plain parser), the settings file
(`reader.config`) and the runtime toggles (`d`, `h`, `L`) all read `SETTINGS`, so a setting is
added or changed in one place. `resolve` applies the one precedence rule: the command line, then
config.toml, then the default. The state database keeps reading state only: a toggle writes the
settings file, and a hand edit of that file takes effect on the next start.

Imported before the first screen: NamedTuples and no import of the engine at run time (the
engine's `Harakat` and `BidiMode` are used in annotations only). Messages and help are English
unless a gettext function is given (this module cannot import `reader.i18n`, which names its
types).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, cast

# The table, re-exported: every reader of settings imports it from here.
from reader.settings_table import BY_NAME as BY_NAME
from reader.settings_table import SETTINGS as SETTINGS
from reader.settings_table import UNITS as UNITS
from reader.settings_table import Setting as Setting

if TYPE_CHECKING:
    import argparse

    from reader.text import Harakat

#: What the user may ask for; `auto` is decided at start (layout: by the articles, bidi: by the
#: terminal). The engine's own types (`reader.text.Harakat`, `reader.text.BidiMode`,
#: `reader.model.Direction`) are the resolved values.
LayoutChoice = Literal["rtl", "ltr", "auto"]
BidiChoice = Literal["app", "terminal", "auto"]
UiLanguage = Literal["en", "ar", "fa", "ur"]


def _same(message: str) -> str:
    return message


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


def check_value(name: str, value: object, translate: Callable[[str], str] = _same) -> str | None:
    """Why `value` is not allowed for setting `name` (one line), or None when it is; in the
    language of `translate` (a gettext function; English by default)."""
    setting = BY_NAME.get(name)
    if setting is None:
        return translate("unknown key {name!r}").format(name=name)
    if setting.unit:
        if value in setting.words:
            return None
        number = whole_number(value)
        unit = translate(UNITS.get(setting.unit, setting.unit))
        if number is None and setting.words:
            words = ", ".join(repr(word) for word in setting.words)
            return translate(
                "{name} must be a whole number of {unit} or {words}, not {value!r}"
            ).format(name=name, unit=unit, words=words, value=value)
        if number is None:
            return translate("{name} must be a whole number of {unit}, not {value!r}").format(
                name=name, unit=unit, value=value
            )
        if setting.unit == "percent" and number != 0 and not 20 <= number <= 80:
            return translate("{name} must be 0 or a number from 20 to 80, not {value!r}").format(
                name=name, value=value
            )
        return None
    if not isinstance(value, str) and not setting.choices:
        return translate("{name} must be a path in quotes, not {value!r}").format(
            name=name, value=value
        )
    if not isinstance(value, str):
        return translate("{name} must be one of {choices} in quotes, not {value!r}").format(
            name=name, choices=", ".join(setting.choices), value=value
        )
    if setting.choices and value not in setting.choices:
        return translate("{name} must be one of {choices}, not {value!r}").format(
            name=name, choices=", ".join(setting.choices), value=value
        )
    if not setting.choices and not value.strip():
        return translate("{name} must be a path, not an empty string").format(name=name)
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


def add_arguments(parser: argparse.ArgumentParser, translate: Callable[[str], str] = _same) -> None:
    """One `--name` option per setting of the table, each None when not given; help and
    messages in the language of `translate` (a gettext function)."""
    for setting in SETTINGS:
        shown = translate(setting.help)
        if setting.choices:
            parser.add_argument(
                f"--{setting.name}", choices=setting.choices, default=None, help=shown
            )
        elif setting.unit:
            parser.add_argument(
                f"--{setting.name}",
                type=_checked(setting.name, translate),
                default=None,
                metavar="N" if not setting.words else "N|" + "|".join(setting.words),
                help=shown,
            )
        else:
            parser.add_argument(
                f"--{setting.name}", type=Path, default=None, metavar="PATH", help=shown
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


def _checked(name: str, translate: Callable[[str], str] = _same) -> Callable[[str], int | str]:
    """argparse's type for the whole-number setting `name`."""

    def convert(word: str) -> int | str:
        import argparse

        problem = check_value(name, word, translate)
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
