"""The command line: `reader [PATH ...]` starts the TUI; verbs expose the engine to scripts.

Each verb lives in `reader.commands.<module>` with `add_arguments(parser)` and `run(args) -> int`;
modules are imported only when their verb is used, so `reader render` never imports Textual. A
plain `reader` command line is read without argparse (`reader.commands.tui.parse_plain`).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

if TYPE_CHECKING:
    import argparse

VERBS: dict[str, str] = {
    "render": "reader.commands.render",
    "list": "reader.commands.listing",
    "search": "reader.commands.search",
    "feeds": "reader.commands.feeds",
    "refresh": "reader.commands.refresh",
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

    from reader.text.sanitize import clean_text

    class SafeArgumentParser(argparse.ArgumentParser):
        def _write(self, message: str, file: _Writable | None) -> None:
            if message:
                with contextlib.suppress(AttributeError, OSError):  # as argparse does
                    (file or sys.stderr).write(clean_text(message))

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
            self.exit(2, f"{self.prog}: error: {message}\n")

    return SafeArgumentParser


def make_parser(**options: Any) -> argparse.ArgumentParser:
    """An argument parser whose messages never carry an escape sequence from the command line."""
    return _parser_class()(**options)


def _verb_parser(verb: str, module: ModuleType) -> argparse.ArgumentParser:
    doc = (module.__doc__ or "").strip()
    parser = make_parser(prog=f"reader {verb}", description=doc.splitlines()[0] if doc else None)
    module.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in VERBS:
            verb = args_list[0]
            module = _load(VERBS[verb])
            args = _verb_parser(verb, module).parse_args(args_list[1:])
            return int(module.run(args))
        module = _load("reader.commands.tui")
        plain = module.parse_plain(args_list)
        if plain is not None:
            return int(module.run(plain))
        parser = make_parser(
            prog="reader",
            description="A terminal news reader for Arabic, Persian, Urdu and Hebrew news.",
            epilog="verbs: " + ", ".join(f"reader {v} --help" for v in VERBS),
        )
        module.add_arguments(parser)
        return int(module.run(parser.parse_args(args_list)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader render x | head`: the reader closed the pipe; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
