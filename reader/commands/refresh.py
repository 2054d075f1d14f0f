"""Refresh every subscribed feed: fetch, parse and store the new items (for cron).

`reader refresh [--json] [--urls PATH] [--state PATH]`: the feeds of the subscriptions file are
fetched concurrently (conditional requests: a feed that has not changed costs a 304), their items
stored beside the state database, where `reader` and `reader list --feeds` read them. One line per
feed: its status (ok with the number of new items, not modified, or the error in plain words);
`--json` prints `{"feeds": [{"url", "title", "status", "new", "error"}…]}`. Exit 0 when every
feed was refreshed, 1 when some failed, 2 for bad usage or a store inside an article folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands._output import json_safe_dumps, utf8_stream
from reader.text import clean_line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument(
        "--urls",
        type=Path,
        default=None,
        metavar="PATH",
        help="the subscriptions file (default: $READER_URLS, else XDG config dir/reader/urls)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="PATH",
        help="the state database; the feeds' items are stored beside it "
        "(default: $READER_STATE, else the XDG state dir)",
    )


def run(args: argparse.Namespace) -> int:
    from reader.feeds.items import ItemsStore, items_path
    from reader.feeds.refresh import refresh
    from reader.feeds.subscriptions import FeedError, default_urls_path, read_urls
    from reader.locations import state_path

    out = utf8_stream(sys.stdout)
    err = utf8_stream(sys.stderr)
    urls = args.urls if args.urls is not None else default_urls_path()
    try:
        subscriptions = read_urls(urls)
    except FeedError as error:
        print(f"reader refresh: {clean_line(str(error))}", file=err)
        return 1
    for notice in subscriptions.notices:
        print(f"reader refresh: {clean_line(notice)}", file=err)
    where = items_path(state_path(str(args.state) if args.state else None))
    with ItemsStore.open(where) as store:
        results = refresh(subscriptions.subscriptions, store)
    moved = [(result.url, result.moved_to) for result in results if result.moved_to]
    if moved:
        from reader.feeds.subscriptions import move_subscription

        for old, new in moved:
            if new is not None:
                move_subscription(urls, old, new)
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
            said = row["error"] or (
                f"{row['new']} new" if row["status"] == "ok" else str(row["status"])
            )
            print(f"{row['url']}\t{row['title']}\t{said}", file=out)
    return 1 if any(result.status == "error" for result in results) else 0
