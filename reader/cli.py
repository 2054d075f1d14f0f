"""The command line: `reader [PATH ...]` starts the TUI; verbs expose the engine to scripts.

Each verb lives in `reader.commands.<module>` with `add_arguments(parser)` and `run(args) -> int`;
modules are imported only when their verb is used, so `reader render` never imports Textual. A
plain `reader` command line is read without argparse (`reader.commands.tui.parse_plain`).

Everything is said in the user's language (`reader.commands.language`: `--ui`, else config.toml,
else the locale), argparse's own words included, and help and errors are shaped and ordered for
a terminal that does not do it itself (`reader.commands.shaped`); logical in a pipe.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from reader.commands import language
from reader.commands.language import _
from reader.i18n import N_

if TYPE_CHECKING:
    import argparse

VERBS: dict[str, str] = {
    "render": "reader.commands.render",
    "list": "reader.commands.listing",
    "search": "reader.commands.search",
    "feeds": "reader.commands.feeds",
    "refresh": "reader.commands.refresh",
}

#: The verbs whose text output is shaped on a terminal (`--bidi`; render has its own).
SHAPED_VERBS = frozenset({"list", "search"})

#: Each verb's one-line description (the first line of its module's docstring).
DESCRIPTIONS: dict[str, str] = {
    "render": N_(
        "Print an article as the body pane shows it: shaped, reordered and aligned lines."
    ),
    "list": N_(
        "List the articles found in files and folders: title, date, source, words, direction, path."
    ),
    "search": N_("Search articles in files and folders, with Arabic-aware matching."),
    "feeds": N_(
        "Manage the subscriptions: the newsboat-style urls file in the XDG config directory."
    ),
    "refresh": N_(
        "Refresh every subscribed feed: fetch, parse and store the new items (for cron)."
    ),
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(name)


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


@lru_cache(maxsize=1)
def _parser_class() -> type[argparse.ArgumentParser]:
    """`argparse.ArgumentParser` whose every message is cleaned before it reaches the terminal.

    argparse quotes the command line in its errors ("unrecognized arguments: …", "invalid
    choice: …"), and a file name may carry escape sequences (OSC 52 sets the clipboard), bidi
    overrides or thousands of combining marks. Usage, help, errors and exit messages all pass
    through the public hooks overridden here, and so through `reader.text.sanitize.clean_text`.
    """
    import argparse
    import shutil

    from reader.commands.shaped import for_stream
    from reader.text.sanitize import clean_text

    class SafeArgumentParser(argparse.ArgumentParser):
        #: The `--bidi` choice of the command line, for help and errors on a terminal.
        bidi = "auto"

        def _write(self, message: str, file: _Writable | None) -> None:
            if message:
                stream = file or sys.stderr
                text = clean_text(message)
                shaper = for_stream(stream, self.bidi)  # type: ignore[arg-type]
                if shaper.active:  # a terminal that does not shape: laid out as argparse's
                    text = shaper.block(text, shutil.get_terminal_size().columns - 2)
                with contextlib.suppress(AttributeError, OSError):  # as argparse does
                    stream.write(text)

        def print_usage(self, file: _Writable | None = None) -> None:
            self._write(self.format_usage(), file or sys.stdout)

        def print_help(self, file: _Writable | None = None) -> None:
            self._write(self.format_help(), file or sys.stdout)

        def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
            if message:
                self._write(message, sys.stderr)
            sys.exit(status)

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(
                2, _("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
            )

    return SafeArgumentParser


def make_parser(**options: Any) -> argparse.ArgumentParser:
    """An argument parser whose messages never carry an escape sequence from the command line."""
    return _parser_class()(**options)


def _verb_parser(verb: str, module: ModuleType) -> argparse.ArgumentParser:
    parser = make_parser(prog=f"reader {verb}", description=_(DESCRIPTIONS[verb]))
    module.add_arguments(parser)
    language.add_language_options(parser, bidi=verb in SHAPED_VERBS)
    return parser


def _parse(build: Callable[[], argparse.ArgumentParser], words: list[str]) -> argparse.Namespace:
    """Build a parser and parse `words`, argparse's own words in the user's language."""
    with language.argparse_words():
        # Help and errors of the verb and of its sub-verbs (`reader feeds add`) alike.
        _parser_class().bidi = language.option_value(words, "bidi") or "auto"  # type: ignore[attr-defined]
        return build().parse_args(words)


def _main_parser(module: ModuleType) -> argparse.ArgumentParser:
    parser = make_parser(
        prog="reader",
        description=_("A terminal news reader for Arabic, Persian, Urdu and Hebrew news."),
        epilog=_("verbs: {verbs}").format(verbs=", ".join(f"reader {v} --help" for v in VERBS)),
    )
    module.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in VERBS:
            verb = args_list[0]
            language.setup(args_list[1:])
            module = _load(VERBS[verb])
            args = _parse(lambda: _verb_parser(verb, module), args_list[1:])
            return int(module.run(args))
        module = _load("reader.commands.tui")
        plain = module.parse_plain(args_list)
        if plain is not None:
            return int(module.run(plain))
        language.setup(args_list)
        return int(module.run(_parse(lambda: _main_parser(module), args_list)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader render x | head`: the reader closed the pipe; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
