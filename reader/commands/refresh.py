"""Refresh every subscribed feed: fetch, parse and store the new items (for cron).

`reader refresh [--json] [--urls PATH] [--state PATH]`: the feeds of the subscriptions file are
fetched concurrently (conditional requests: a feed that has not changed costs a 304), their items
stored beside the state database, where `reader` and `reader list --feeds` read them. One line per
feed: its status (ok with the number of new items, not modified, or the error in plain words);
`--json` prints `{"feeds": [{"url", "title", "status", "new", "error"}…]}`: status "ok" (with
"new" items), "not-modified" (the server answered 304: nothing parsed nor written) or "error"
(with the error in plain words: "404 not found", "timed out", "not a feed"...). A feed that moved
for good (301/308) is stored under its new address, and its line in the urls file follows (its
tags, title and the file's other lines kept), as does its `[feeds."URL"]` table in config.toml.
Each feed keeps its own options from there (`reader feeds set`): retention and full text.
Titles and errors come from outside: every line printed is safe for a terminal. No
subscriptions: nothing fetched, one line on stderr. Exit 0 when every feed was refreshed, 1 when
some failed, 2 for bad usage or an items database written by a newer reader (never reset).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.commands._output import add_urls_option, json_safe_dumps
from reader.commands.language import _, ngettext
from reader.commands.shaped import person_streams
from reader.i18n import number
from reader.sources import shown_path
from reader.text import clean_line

if TYPE_CHECKING:
    from reader.feeds.refresh import FeedResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("one JSON object"))
    add_urls_option(parser)
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="PATH",
        help=_(
            "the state database; the feeds' items are stored beside it "
            "(default: $READER_STATE, else the XDG state dir)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    out, err = person_streams("auto", json=args.json)
    try:
        return _run(args, out, err)
    finally:
        out.flush()
        err.flush()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.config import default_config_path, load_config
    from reader.feeds.items import ItemsStore, items_path
    from reader.feeds.options import options_for
    from reader.feeds.refresh import Retention, refresh
    from reader.feeds.subscriptions import FeedError, read_urls
    from reader.locations import default_urls_path, state_path
    from reader.settings import Choices, resolve
    from reader.statedb import NewerDatabaseError

    # The command line, then config.toml (`urls`, `state`, `keep_items`, `keep_days`, and each
    # feed's own `[feeds."URL"]` options).
    config = default_config_path()
    loaded = load_config(config)
    for problem in loaded.problems:
        print(f"reader refresh: {clean_line(problem)}", file=err)
    settings = resolve(Choices(state=args.state, urls=args.urls), loaded.choices)
    urls = settings.urls if settings.urls is not None else default_urls_path()
    try:
        subscriptions = read_urls(urls)
    except FeedError as error:
        print(f"reader refresh: {clean_line(str(error))}", file=err)
        return 1
    for notice in subscriptions.notices:
        print(f"reader refresh: {clean_line(notice)}", file=err)
    if not subscriptions.subscriptions:
        said = _("no subscriptions in {path}").format(path=shown_path(urls))
        print(f"reader refresh: {said}", file=err)
    where = items_path(state_path(str(settings.state) if settings.state else None))
    try:
        store = ItemsStore.open(
            where, on_warning=lambda m: print(f"reader refresh: {clean_line(m)}", file=err)
        )
    except NewerDatabaseError as error:  # a newer reader's items: never reset
        print(f"reader refresh: {clean_line(str(error))}", file=err)
        return 2
    with store:
        keep = Retention(settings.keep_items, settings.keep_days)
        options = options_for(loaded.feed_options, (s.url for s in subscriptions.subscriptions))
        results = refresh(subscriptions.subscriptions, store, keep=keep, options=options)
    _follow_moves(urls, config, results, err)
    rows = [
        {
            "url": clean_line(result.url),
            "title": clean_line(result.title),
            "status": result.status,
            "new": result.new,
            "error": clean_line(result.error) if result.error else None,
        }
        for result in results
    ]
    if args.json:
        print(json_safe_dumps({"feeds": rows}, indent=2), file=out)
    else:
        for row in rows:
            said = str(row["error"] or _status(row["status"], row["new"]))
            print(f"{row['url']}\t{row['title']}\t{said}", file=out)
    return 1 if any(result.status == "error" for result in results) else 0


def _follow_moves(urls: Path, config: Path, results: list[FeedResult], err: TextIO) -> None:
    """Rewrite the address of each feed that moved for good (301/308) in the urls file, and
    move its options table in config.toml (best effort: a problem is one line on stderr)."""
    from reader.config import move_feed_options
    from reader.feeds.subscriptions import move_subscription

    for result in results:
        if result.moved_to is None:
            continue
        for move, path in ((move_subscription, urls), (move_feed_options, config)):
            try:
                move(path, result.url, result.moved_to)
            except (OSError, ValueError) as error:  # PermissionError, FeedError, UnusableConfig
                where = clean_line(str(error))
                said = _("{url} moved: {problem}").format(url=clean_line(result.url), problem=where)
                print(f"reader refresh: {said}", file=err)


def _status(status: object, new: object) -> str:
    """A feed's status in words: "3 new", "not-modified"."""
    if status == "ok" and isinstance(new, int):
        return ngettext("{count} new", "{count} new", new).format(count=number(new))
    if status == "not-modified":
        return _("not modified")
    return str(status)
