"""`reader [PATH ...]`: the terminal reader (three panes, keyboard navigation, bidi negotiation)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.i18n import N_
from reader.resources import bundled_articles_dir
from reader.settings import SETTINGS, Choices, check_value, choices_from

if TYPE_CHECKING:
    import argparse

    from reader.config import Loaded
    from reader.feeds.subscriptions import Subscription
    from reader.library.session import Feeds

#: The interpreter's thread switch interval while the reader runs (seconds).
SWITCH_INTERVAL = 0.0005

PATHS_HELP = N_(
    "article files or folders (searched recursively), or a feed's web address (read without "
    "subscribing); default: the subscriptions (reader feeds add URL), else the bundled articles"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The paths, then one option per setting of `reader.settings.SETTINGS`."""
    from reader.commands.language import _
    from reader.settings import add_arguments as add_settings

    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_(PATHS_HELP))
    add_settings(parser, _)


class Arguments(NamedTuple):
    """The command line as `run` reads it: the paths and the settings given on it."""

    paths: list[Path]
    choices: Choices = Choices()


def parse_plain(argv: list[str]) -> Arguments | None:
    """The command line read without argparse (1.5 ms of start-up to import and build) when it
    is plain: paths in one group, and options of `SETTINGS` given once each, with a valid value,
    as `--name VALUE` or `--name=VALUE`. None for anything else (help, an unknown or abbreviated
    option, a bad value): argparse then parses it, and explains what is wrong."""
    paths: list[Path] = []
    values: dict[str, str] = {}
    known = {setting.name: setting for setting in SETTINGS}
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
        setting = known.get(name) if word.startswith("--") else None
        if setting is None or name in values:
            return None
        if not equals:
            if index == len(argv):
                return None
            value = argv[index]
            index += 1
        if value.startswith("-") or (setting.choices and value not in setting.choices):
            return None
        if setting.unit and check_value(name, value) is not None:
            return None
        values[name] = value
    return Arguments(paths, choices_from(values))


def arguments_of(args: Arguments | argparse.Namespace) -> Arguments:
    """`Arguments` from either parser (argparse's namespace holds one attribute per setting)."""
    if isinstance(args, Arguments):
        return args
    return Arguments(list(args.paths), choices_from(vars(args)))


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


def url_of(path: Path) -> str | None:
    """The web address a command-line word was (`Path` keeps one slash of `https://`)."""
    text = str(path)
    if not text.startswith(("http:/", "https:/")):
        return None
    scheme, _, rest = text.partition(":")
    return f"{scheme}://{rest.lstrip('/')}"


def _run(given: Arguments | argparse.Namespace) -> int:
    from reader.library.scan import check_paths

    args = arguments_of(given)
    from reader.config import default_config_path

    config_path = default_config_path()
    loaded = read_config(config_path, args.choices)
    from reader.commands.language import _

    # `reader URL` reads that feed without subscribing; `reader` alone the subscriptions (when
    # there are any) or else the bundled articles.
    urls = [url for url in map(url_of, args.paths) if url is not None]
    files = [path for path in args.paths if url_of(path) is None]
    feeds = _subscriptions(urls, files, args.choices.urls or loaded.choices.urls)
    if feeds is None:
        return 2
    paths: list[Path] = files or ([] if feeds[0] else [bundled_articles_dir()])
    problem = check_paths(paths) if paths else None
    if problem is not None:
        from reader.text.sanitize import clean_path  # the message quotes a file name

        _say(f"reader: {clean_path(problem)}")
        return 2

    from reader.locations import folder_holding, index_path, requested_state_path, state_path
    from reader.statedb import NewerDatabaseError
    from reader.store import open_in_background

    # The state database's place is a setting too: the command line, then config.toml.
    chosen_state = args.choices.state or loaded.choices.state
    cli_state = str(chosen_state) if chosen_state else None
    state = state_path(cli_state)
    # The reader never writes into an article folder: neither the state database (nor its
    # -wal/-shm files, nor the headline cache inside it) nor the search index beside it, where
    # they really land (symlinks resolved, bind mounts seen through). The default location is
    # checked as well as a chosen one: an XDG_STATE_HOME inside the folder is refused too,
    # rather than silently keeping nothing (a user would lose every mark without noticing).
    held_by = folder_holding(state, paths) or folder_holding(index_path(state), paths)
    if held_by is None and feeds[0]:
        from reader.feeds.items import items_path

        items = items_path(state)
        held_by = folder_holding(items, paths) if items is not None else None
    if held_by is not None:
        from reader.sources import display_path
        from reader.text import clean_line

        if requested_state_path(cli_state) is not None:
            how = _("choose a --state path (or `state` in config.toml) outside it")
        else:
            how = _("set --state or READER_STATE to a path outside it")
        said = _(
            "the state database {state} would be written inside the article folder {folder}; "
            "the reader never writes there: {how}"
        ).format(
            state=clean_line(display_path(state)), folder=clean_line(display_path(held_by)), how=how
        )
        _say(f"reader: {said}")
        return 2
    # The state database opens in a thread while Textual and the UI are imported.
    opened_store = open_in_background(state)

    from reader.terminal import TerminalModes, terminal_stream
    from reader.ui.app import make_app

    try:
        store = opened_store()
    except NewerDatabaseError as error:  # never reset: the user decides what to do with it
        from reader.text import clean_line

        _say(f"reader: {clean_line(str(error))}")
        return 2
    session_feeds = None
    if feeds[0]:
        session_feeds = open_feeds(feeds, state, args.choices, loaded, bool(urls))
        if session_feeds is None:
            return 2
    app = make_app(
        paths, args.choices, config=config_path, loaded=loaded, store=store, feeds=session_feeds
    )
    with TerminalModes(app.settings.bidi, app.terminal, terminal_stream()) as modes:
        app.terminal_modes = modes
        try:
            result = app.run()
        finally:
            app.terminal_modes = None
            app.session.state.store.close()
            if session_feeds is not None:
                session_feeds.store.close()
    return int(result or 0)


def _subscriptions(
    urls: list[str], files: list[Path], urls_file: Path | None
) -> tuple[tuple[Subscription, ...], Path | None] | None:
    """The feeds to read: the command line's web addresses (nothing subscribed), else, with no
    file named, the subscriptions file's (its notices on stderr); None for a bad address."""
    if not urls and files:
        return (), None
    from reader.locations import default_urls_path
    from reader.text import clean_line

    if urls:
        from reader.feeds.subscriptions import Subscription, check_url

        for url in urls:
            problem = check_url(url)
            if problem is not None:
                print(f"reader: {clean_line(problem)}", file=sys.stderr)
                return None
        return tuple(Subscription(url) for url in urls), None
    path = urls_file or default_urls_path()
    if not os.path.lexists(path):
        return (), path  # (no subscriptions: the feeds' modules are not even imported)
    from reader.feeds.subscriptions import read_urls

    found = read_urls(path)
    for notice in found.notices:
        print(f"reader: {clean_line(notice)}", file=sys.stderr)
    return found.subscriptions, path


def open_feeds(
    feeds: tuple[tuple[Subscription, ...], Path | None],
    state: Path,
    choices: Choices,
    loaded: Loaded,
    at_start: bool,
) -> Feeds | None:
    """The feeds' store (beside the state database), when to refresh and each feed's options;
    None when refused. `at_start` (`reader URL`): refreshed as soon as the first screen is
    painted, and no urls file (nothing subscribed nor rewritten)."""
    from reader.feeds.items import ItemsStore, items_path
    from reader.feeds.options import options_for
    from reader.library.session import Feeds
    from reader.settings import resolve
    from reader.statedb import NewerDatabaseError
    from reader.text import clean_line

    try:
        store = ItemsStore.open(items_path(state))
    except NewerDatabaseError as error:
        print(f"reader: {clean_line(str(error))}", file=sys.stderr)
        return None
    resolved = resolve(choices, loaded.choices)
    subscriptions, urls = feeds
    return Feeds(
        subscriptions,
        store,
        None if at_start else urls,
        resolved.refresh,
        at_start,
        resolved.keep_items,
        resolved.keep_days,
        options_for(loaded.feed_options, (subscription.url for subscription in subscriptions)),
    )


def read_config(path: Path, choices: Choices | None = None) -> Loaded:
    """config.toml read before the state database opens (it may name the database), and the
    interface language decided (`choices`, the command line's, then the file's, then the
    locale); each problem printed on stderr now, in that language (the app shows them again on
    its first screen)."""
    from reader.config import load_config
    from reader.i18n import active_language

    loaded = load_config(path)
    _use_language(choices or Choices(), loaded)
    if loaded.problems:
        from reader.text import clean_line  # the file's content is untrusted

        if active_language() != "en":  # read again: its problems said in the language
            loaded = load_config(path)
        for problem in loaded.problems:
            _say(f"reader: {clean_line(problem)}")
    return loaded


def _use_language(choices: Choices, loaded: Loaded) -> None:
    """The interface language for what is said before the app starts (the app sets it again
    from its settings): the command line, then config.toml, then the locale."""
    from reader import i18n
    from reader.settings import language_from_environment

    language = choices.ui or loaded.choices.ui or language_from_environment()
    i18n.use(language, choices.digits or loaded.choices.digits or "auto")


def _say(message: str) -> None:
    """One line on stderr, laid out for a terminal that does not shape (logical in a pipe)."""
    from reader.commands.shaped import shaped_stream

    err = shaped_stream(sys.stderr)
    print(message, file=err)
    err.flush()
