"""`reader [PATH ...]`: the terminal reader (three panes, keyboard navigation, bidi negotiation)."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from reader.resources import bundled_articles_dir

#: The interpreter's thread switch interval while the reader runs (seconds).
SWITCH_INTERVAL = 0.0005


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or folders (searched recursively); default: the bundled articles",
    )
    parser.add_argument(
        "--layout",
        choices=("rtl", "ltr", "auto"),
        default=None,
        help="pane order: list on the right (rtl) or left (ltr); auto: as most articles read "
        "(default: the last choice, else auto)",
    )
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal", "auto"),
        default=None,
        help="who shapes and reorders: the reader (app) or the terminal; "
        "default: the saved choice, else auto (terminal in Konsole, else app)",
    )
    parser.add_argument(
        "--ui",
        choices=("ar", "en"),
        default=None,
        help="interface language (default: from LC_ALL/LANG)",
    )
    parser.add_argument(
        "--harakat",
        choices=("keep", "strip"),
        default=None,
        help="show or hide Arabic short vowels (harakat); default: the last choice, else keep",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="PATH",
        help="reading-state database (default: $READER_STATE, else the XDG state dir)",
    )


def run(args: argparse.Namespace) -> int:
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


def _run(args: argparse.Namespace) -> int:
    from reader.ui.entries import check_paths

    paths: list[Path] = list(args.paths) or [bundled_articles_dir()]
    problem = check_paths(paths)
    if problem is not None:
        print(f"reader: {problem}", file=sys.stderr)
        return 2

    from reader.store import state_path
    from reader.ui.app import Options, make_app
    from reader.ui.config import default_config_path
    from reader.ui.terminal import TerminalModes, terminal_stream

    state = state_path(str(args.state) if args.state else None)
    options = Options(
        layout=args.layout,
        bidi=args.bidi,
        ui=args.ui,
        harakat=args.harakat,
        state=state,
        config=default_config_path(),
    )
    app = make_app(paths, options)
    with TerminalModes(app.settings.bidi, app.terminal, terminal_stream()) as modes:
        app.terminal_modes = modes
        try:
            result = app.run()
        finally:
            app.terminal_modes = None
            app.state.store.close()
    return int(result or 0)
