"""The stored feed items for `reader list --feeds` and `reader search --feeds`.

`reader refresh` stores the items of the subscribed feeds beside the state database
(`reader.feeds.items`); these verbs read them back, one article at a time, with the feed each
came from, its link and its read/bookmarked marks. Nothing is created when no item was ever
stored, and an items database that would sit inside an article folder named on the command line
is refused like the state database.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from reader.commands._output import add_urls_option, refuse_article_folder
from reader.commands.language import _
from reader.i18n import N_
from reader.model import Article, ArticleError
from reader.text import clean_line

if TYPE_CHECKING:
    from reader.feeds.items import ItemsStore

#: Items whose marks are looked up together.
MARKS_BATCH = 500


class StoredItem(NamedTuple):
    feed: str  # the feed's address
    article: Article  # its path is the item's made-up path (`reader.feeds.items.item_path`)
    read: bool
    bookmarked: bool


def add_feed_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--feeds",
        action="store_true",
        help=_("the items stored by `reader refresh` too (every subscribed feed, or --feed)"),
    )
    parser.add_argument(
        "--feed",
        metavar="URL",
        default=None,
        help=_("with --feeds: only the items of this feed (subscribed or not)"),
    )
    add_urls_option(parser)


class FeedItems(NamedTuple):
    """What a verb reads: the store (None when nothing was ever stored) and the feeds asked for."""

    store: ItemsStore | None
    feeds: tuple[str, ...]


def open_feed_items(
    verb: str, args: argparse.Namespace, paths: Sequence[Path], err: TextIO
) -> FeedItems | None:
    """The items store and the feeds to read (`--feed`, else the subscriptions); None, with
    one line said, for a usage problem (exit 2): an unknown --feed, a store in an article
    folder, a newer reader's store."""
    from reader.feeds.items import ItemsStore, items_path
    from reader.feeds.subscriptions import read_urls
    from reader.locations import default_urls_path, state_path
    from reader.statedb import NewerDatabaseError

    urls = read_urls(args.urls if args.urls is not None else default_urls_path())
    for notice in urls.notices:
        print(f"reader {verb}: {clean_line(notice)}", file=err)
    subscribed = tuple(dict.fromkeys(sub.url for sub in urls.subscriptions))
    where = items_path(state_path(args.state))
    if where is not None and refuse_article_folder(verb, N_("items database"), where, paths, err):
        return None
    store = None
    if where is not None and where.exists():
        try:
            store = ItemsStore.open(
                where, on_warning=lambda m: print(f"reader {verb}: {clean_line(m)}", file=err)
            )
        except NewerDatabaseError as error:
            print(f"reader {verb}: {clean_line(str(error))}", file=err)
            return None
    if args.feed is None:
        return FeedItems(store, subscribed)
    known = args.feed in subscribed or (store is not None and store.feed(args.feed) is not None)
    if not known:
        said = _("no such feed: {url}").format(url=clean_line(args.feed))
        print(f"reader {verb}: {said}", file=err)
        if store is not None:
            store.close()
        return None
    return FeedItems(store, (args.feed,))


def stored_items(
    items: FeedItems, refuse: Callable[[Path | str, str], None]
) -> Iterator[StoredItem]:
    """Every stored item of the feeds asked for, feed by feed, newest first in each; an item
    that cannot be read back is refused (its path and the reason)."""
    store = items.store
    if store is None:
        return
    for feed in items.feeds:
        headlines = store.headlines(feed)
        for start in range(0, len(headlines), MARKS_BATCH):
            batch = [headline.path for headline in headlines[start : start + MARKS_BATCH]]
            marks = store.marks(batch)
            for path in batch:
                try:
                    article = store.article(path)
                except ArticleError as error:
                    refuse(path, str(error))
                    continue
                read, bookmarked = marks.get(path, (False, False))
                yield StoredItem(feed, article, read, bookmarked)
