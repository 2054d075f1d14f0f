"""The command line's language: chosen before the parser is built, argparse's own words included.

The language is `--ui` on the command line (read before argparse, which needs the language to
build its help), else `ui` in config.toml, else the locale (LC_ALL, LC_MESSAGES, LANG); the
digits likewise from `--digits`, config.toml, else the language's usual ones. `setup` makes it
the active language of `reader.i18n` once, early.

argparse writes its own words ("usage:", "error:", "invalid choice", …) through the `gettext`
module's global functions, which it binds as module globals at import and which find their
language in the environment only. `argparse_words` lends those two globals our catalog (the
`cli` domain, which holds argparse's messages with their exact ids, marked below) while our
parsers are built and run, and gives the originals back afterwards: nothing else in the
process (pytest's own parser, a library's) is translated, and no environment variable changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from reader import i18n
from reader.i18n import N_

if TYPE_CHECKING:
    import argparse

#: argparse's messages (Python 3.11), marked so the catalogs hold them; the ids are argparse's
#: own texts, byte for byte.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _(message: str) -> str:
    """`message` in the command line's language (the `cli` domain, then the app's)."""
    return i18n._(message, "cli")


def ngettext(singular: str, plural: str, count: int) -> str:
    return i18n.ngettext(singular, plural, count, "cli")


def option_value(argv: Sequence[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` in `argv` (the last one given), if any."""
    found = None
    flag = f"--{name}"
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == flag and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith(flag + "="):
            found = word[len(flag) + 1 :]
    return found


def choose(
    argv: Sequence[str], environ: Mapping[str, str] | None = None, config_ui: str | None = None
) -> str:
    """The command line's language: `--ui`, else config.toml's `ui`, else the locale."""
    from reader.settings import language_from_environment

    given = option_value(argv, "ui")
    if given in i18n.LANGUAGES:
        return given
    if config_ui in i18n.LANGUAGES:
        return config_ui
    return language_from_environment(environ)


def setup(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Decide the language (and digits) of this command line and make it active; returns it."""
    config_ui = config_digits = None
    if option_value(argv, "ui") not in i18n.LANGUAGES or option_value(argv, "digits") is None:
        config_ui, config_digits = _configured()
    language = choose(argv, environ, config_ui)
    digits = option_value(argv, "digits") or config_digits or "auto"
    i18n.use(language, digits if digits in i18n.DIGIT_CHOICES else "auto")
    return language


def _configured() -> tuple[str | None, str | None]:
    """config.toml's `ui` and `digits` (its problems are reported later, by the verb that
    reads it for its own settings)."""
    from reader.config import default_config_path, load_config

    choices = load_config(default_config_path()).choices
    return choices.ui, choices.digits


@contextlib.contextmanager
def argparse_words() -> Iterator[None]:
    """argparse's own words in the active language while the block runs."""
    import argparse

    names = ("_", "ngettext")
    saved: dict[str, Callable[..., str]] = {name: getattr(argparse, name) for name in names}
    setattr(argparse, "_", _)  # noqa: B010  # argparse's module global, bound at its import
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)


def add_language_options(parser: argparse.ArgumentParser, *, bidi: bool = False) -> None:
    """`--ui` and `--digits` (read before the parser, accepted by it), and `--bidi` for a verb
    that prints text for a person."""
    import argparse

    parser.add_argument(
        "--ui",
        choices=i18n.LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("the language of messages and help (default: config.toml, else the locale)"),
    )
    parser.add_argument(
        "--digits",
        choices=i18n.DIGIT_CHOICES,
        default=argparse.SUPPRESS,
        help=_("the digits of numbers: the language's own (native) or 0-9 (latin)"),
    )
    if bidi:
        parser.add_argument(
            "--bidi",
            choices=("app", "terminal", "auto"),
            default="auto",
            help=_(
                "on a terminal, app: shape and reorder here; terminal: logical text for "
                "terminals that reorder; auto: terminal in Konsole, else app"
            ),
        )
