"""The command line: `reader [PATH ...]` starts the TUI; verbs expose the engine to scripts.

Each verb lives in `reader.commands.<module>` with `add_arguments(parser)` and `run(args) -> int`;
modules are imported only when their verb is used, so `reader render` never imports Textual. A
plain `reader` command line is read without argparse (`reader.commands.tui.parse_plain`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

VERBS: dict[str, str] = {
    "render": "reader.commands.render",
    "list": "reader.commands.listing",
    "search": "reader.commands.search",
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(name)


def _verb_parser(verb: str, module: ModuleType) -> argparse.ArgumentParser:
    import argparse

    doc = (module.__doc__ or "").strip()
    parser = argparse.ArgumentParser(
        prog=f"reader {verb}", description=doc.splitlines()[0] if doc else None
    )
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
        import argparse

        parser = argparse.ArgumentParser(
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
