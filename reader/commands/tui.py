"""`reader [PATH ...]`: the terminal reader (three panes, keyboard navigation, bidi negotiation)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from reader.resources import bundled_articles_dir

if TYPE_CHECKING:
    import argparse

    from reader.ui.app import Harakat, LayoutChoice
    from reader.ui.i18n import UiLanguage
    from reader.ui.terminal import BidiChoice

#: The interpreter's thread switch interval while the reader runs (seconds).
SWITCH_INTERVAL = 0.0005


class Option(NamedTuple):
    """An option of `reader` (not of its verbs): `--name VALUE`, VALUE one of `choices`, or a
    path when `choices` is empty."""

    name: str
    choices: tuple[str, ...]
    help: str


PATHS_HELP = "article files or folders (searched recursively); default: the bundled articles"
OPTIONS = (
    Option(
        "layout",
        ("rtl", "ltr", "auto"),
        "pane order: list on the right (rtl) or left (ltr); auto: as most articles read "
        "(default: the last choice, else auto)",
    ),
    Option(
        "bidi",
        ("app", "terminal", "auto"),
        "who shapes and reorders: the reader (app) or the terminal; "
        "default: the saved choice, else auto (terminal in Konsole, else app)",
    ),
    Option("ui", ("ar", "en"), "interface language (default: from LC_ALL/LANG)"),
    Option(
        "harakat",
        ("keep", "strip"),
        "show or hide Arabic short vowels (harakat); default: the last choice, else keep",
    ),
    Option("state", (), "reading-state database (default: $READER_STATE, else the XDG state dir)"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=PATHS_HELP)
    for option in OPTIONS:
        if option.choices:
            parser.add_argument(
                f"--{option.name}", choices=option.choices, default=None, help=option.help
            )
        else:
            parser.add_argument(
                f"--{option.name}", type=Path, default=None, metavar="PATH", help=option.help
            )


class Arguments(NamedTuple):
    """The command line as `run` reads it (what argparse's namespace holds, too)."""

    paths: list[Path]
    layout: LayoutChoice | None = None
    bidi: BidiChoice | None = None
    ui: UiLanguage | None = None
    harakat: Harakat | None = None
    state: Path | None = None


def parse_plain(argv: list[str]) -> Arguments | None:
    """The command line read without argparse (1.5 ms of start-up to import and build) when it
    is plain: paths in one group, and options of `OPTIONS` given once each, with a valid value,
    as `--name VALUE` or `--name=VALUE`. None for anything else (help, an unknown or abbreviated
    option, a bad value): argparse then parses it, and explains what is wrong."""
    paths: list[Path] = []
    values: dict[str, str] = {}
    known = {option.name: option for option in OPTIONS}
    paths_done = False
    index = 0
    while index < len(argv):
        word = argv[index]
        index += 1
        if not word.startswith("-"):
            if paths_done:
                return None  # a second group of paths: argparse refuses it
            paths.append(Path(word))
            if index == len(argv) or argv[index].startswith("-"):
                paths_done = True
            continue
        name, equals, value = word[2:].partition("=")
        option = known.get(name) if word.startswith("--") else None
        if option is None or name in values:
            return None
        if not equals:
            if index == len(argv):
                return None
            value = argv[index]
            index += 1
        if value.startswith("-") or (option.choices and value not in option.choices):
            return None
        values[name] = value
    state = values.get("state")
    # The values are among each option's choices (checked above).
    return Arguments(
        paths,
        layout=cast("LayoutChoice | None", values.get("layout")),
        bidi=cast("BidiChoice | None", values.get("bidi")),
        ui=cast("UiLanguage | None", values.get("ui")),
        harakat=cast("Harakat | None", values.get("harakat")),
        state=Path(state) if state is not None else None,
    )


def run(args: Arguments | argparse.Namespace) -> int:
    # Start-up allocates long-lived objects only (modules, classes, the engine's tables, the
    # widgets), and the collector would walk them all, more than once, before the first frame
    # (a full collection took 20-30 ms of a ~300 ms start). It is paused until the first screen
    # is painted; the app then freezes those objects out of its reach and resumes it.
    gc.disable()
    # Textual hands every frame to a writer thread, which needs the GIL to write it: while the
    # UI thread works on (the next layout, a worker's import), a frame waited up to the default
    # 5 ms switch interval before it reached the terminal. A shorter interval gets it out
    # within a millisecond (measured on a pty: 5.5 ms -> 0.9 ms).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        return _run(args)
    finally:
        gc.enable()
        sys.setswitchinterval(interval)


def _run(args: Arguments | argparse.Namespace) -> int:
    from reader.ui.entries import check_paths

    paths: list[Path] = list(args.paths) or [bundled_articles_dir()]
    problem = check_paths(paths)
    if problem is not None:
        from reader.text.sanitize import clean_path  # the message quotes a file name

        print(f"reader: {clean_path(problem)}", file=sys.stderr)
        return 2

    from reader.store import (
        NewerDatabaseError,
        folder_holding,
        index_path,
        open_in_background,
        requested_state_path,
        state_path,
    )

    cli_state = str(args.state) if args.state else None
    state = state_path(cli_state)
    # The reader never writes into an article folder: neither the state database (nor its
    # -wal/-shm files, nor the headline cache inside it) nor the search index beside it, where
    # they really land (symlinks resolved, bind mounts seen through). The default location is
    # checked as well as a chosen one: an XDG_STATE_HOME inside the folder is refused too,
    # rather than silently keeping nothing (a user would lose every mark without noticing).
    held_by = folder_holding(state, paths) or folder_holding(index_path(state), paths)
    if held_by is not None:
        from reader.sources import display_path
        from reader.text import clean_line

        how = (
            "choose a --state path outside it"
            if requested_state_path(cli_state) is not None
            else "set --state or READER_STATE to a path outside it"
        )
        print(
            f"reader: the state database {clean_line(display_path(state))} would be written "
            f"inside the article folder {clean_line(display_path(held_by))}; the reader never "
            f"writes there: {how}",
            file=sys.stderr,
        )
        return 2
    # The state database opens in a thread while Textual and the UI are imported.
    opened_store = open_in_background(state)

    from reader.ui.app import Options, make_app
    from reader.ui.config import default_config_path
    from reader.ui.terminal import TerminalModes, terminal_stream

    options = Options(
        layout=args.layout,
        bidi=args.bidi,
        ui=args.ui,
        harakat=args.harakat,
        state=state,
        config=default_config_path(),
    )
    try:
        store = opened_store()
    except NewerDatabaseError as error:  # never reset: the user decides what to do with it
        from reader.text import clean_line

        print(f"reader: {clean_line(str(error))}", file=sys.stderr)
        return 2
    app = make_app(paths, options, store)
    with TerminalModes(app.settings.bidi, app.terminal, terminal_stream()) as modes:
        app.terminal_modes = modes
        try:
            result = app.run()
        finally:
            app.terminal_modes = None
            app.state.store.close()
    return int(result or 0)
