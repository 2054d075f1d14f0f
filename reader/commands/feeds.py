"""Manage the subscriptions: the newsboat-style `urls` file in the XDG config directory.

`reader feeds add URL [TAG…]`, `reader feeds remove URL`, `reader feeds list [--json]`,
`reader feeds import FILE.opml`, `reader feeds export` (OPML 2.0 on standard output). A user can
copy newsboat's `urls` file over; `--urls PATH` (or $READER_URLS) uses another file. A change
rewrites only its own line: comments, blank lines and the order of the others are kept.

`reader feeds set URL [--keep_items N] [--keep_days N] [--full_text on|off]` writes a subscribed
feed's own options in config.toml's `[feeds."URL"]` table (through tomlkit: comments and order
kept; a file that cannot be parsed is never overwritten); a feed not subscribed is refused (exit
2). `remove` leaves the feed's options in config.toml: subscribing again finds them.

`list` prints one tab-separated line per feed (address, title, tags, status or error, unread
items, its options as `keep_items=100,keep_days=30,full_text` or `-`); `--json` prints
`{"feeds": [{"url", "title", "tags", "status", "error", "items", "unread", "last_success",
"options": {"keep_items", "keep_days", "full_text"}}…]}` (an option null: the global setting),
the status and counts from the items stored by `reader refresh` (`--state PATH` as there;
"never" before the first refresh). `import` adds every feed of an OPML file not subscribed yet,
in one write of the urls file (a feed whose address is not http/https is skipped with a line on
stderr), and says how many it added. Every line printed is safe for a terminal (titles and URLs
come from outside). Exit 0; 1 when the change could not be made (a URL that is not http/https,
one already there or not there, an OPML or urls file that cannot be read), with one line on
stderr; 2 for bad usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.commands._output import add_urls_option, json_safe_dumps
from reader.commands.language import _, add_language_options, ngettext
from reader.commands.shaped import person_streams
from reader.i18n import number
from reader.text import clean_line

if TYPE_CHECKING:
    from reader.feeds.items import FeedState
    from reader.feeds.options import FeedOptions
    from reader.feeds.subscriptions import Subscription


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_urls_option(parser)
    verbs = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = verbs.add_parser("add", help=_("subscribe to a feed"))
    add.add_argument("url", metavar="URL", help=_("the feed's address (http or https)"))
    add.add_argument("tags", nargs="*", metavar="TAG", help=_("tags to group the feed under"))
    add.add_argument("--title", default=None, help=_("a title of your own for the feed"))
    remove = verbs.add_parser("remove", help=_("unsubscribe"))
    remove.add_argument("url", metavar="URL", help=_("the feed's address"))
    listing = verbs.add_parser("list", help=_("the subscriptions, with their last refresh"))
    listing.add_argument("--json", action="store_true", help=_("one JSON object"))
    listing.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="PATH",
        help=_(
            "the state database whose feed items give each feed's status (as for reader refresh)"
        ),
    )
    options = verbs.add_parser(
        "set", help=_('a subscribed feed\'s own options, kept in config.toml ([feeds."URL"])')
    )
    options.add_argument("url", metavar="URL", help=_("the feed's address"))
    options.add_argument(
        "--keep_items",
        type=_count,
        default=None,
        metavar="N",
        help=_(
            "keep at most N read items of this feed; 0: no limit (default: the keep_items setting)"
        ),
    )
    options.add_argument(
        "--keep_days",
        type=_count,
        default=None,
        metavar="N",
        help=_(
            "drop this feed's read items older than N days; 0: no limit "
            "(default: the keep_days setting)"
        ),
    )
    options.add_argument(
        "--full_text",
        choices=("on", "off"),
        default=None,
        help=_("fetch the page of each new item and keep its full text (needs trafilatura)"),
    )
    imported = verbs.add_parser("import", help=_("subscribe to every feed of an OPML file"))
    imported.add_argument("file", type=Path, metavar="FILE.opml", help=_("an OPML file"))
    exported = verbs.add_parser(
        "export", help=_("the subscriptions as OPML 2.0, on standard output")
    )
    for action in (add, remove, options, imported, exported):
        add_language_options(action)
    add_language_options(listing, bidi=True)


def _count(word: str) -> int:
    from reader.feeds.options import MAX_COUNT
    from reader.settings import whole_number

    value = whole_number(word)
    if value is None or value > MAX_COUNT:
        said = _("not a whole number up to {limit}: {word!r}").format(
            limit=number(f"{MAX_COUNT:,}"), word=word
        )
        raise argparse.ArgumentTypeError(said)
    return value


def urls_file(given: Path | None) -> Path:
    from reader.locations import default_urls_path

    return given if given is not None else default_urls_path()


def run(args: argparse.Namespace) -> int:
    # Only `list`'s table is laid out for a person; the other actions print logical text.
    logical = args.action != "list" or args.json
    out, err = person_streams(getattr(args, "bidi", "auto"), json=logical)
    try:
        return _run(args, out, err)
    finally:
        out.flush()
        err.flush()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = urls_file(args.urls)
    action: str = args.action
    try:
        if action == "add":
            return _add(path, args.url, tuple(args.tags), args.title, out, err)
        if action == "remove":
            return _remove(path, args.url, out, err)
        if action == "list":
            return _list(path, args.json, args.state, out, err)
        if action == "set":
            return _set(path, args, out, err)
        if action == "import":
            return _import(path, args.file, out, err)
        return _export(path, out, err)
    except PermissionError as error:  # the file would land in an article folder
        print(f"reader feeds: {clean_line(str(error))}", file=err)
        return 1
    except ValueError as error:  # FeedError: a tag, title or urls file that cannot be used
        print(f"reader feeds: {clean_line(str(error))}", file=err)
        return 1
    except OSError as error:
        print(f"reader feeds: {clean_line(error.strerror or str(error))}", file=err)
        return 1


def _read(path: Path, err: TextIO) -> tuple[Subscription, ...] | None:
    """The subscriptions of `path` (its notices on stderr), None when it cannot be read."""
    from reader.feeds.subscriptions import FeedError, read_urls

    try:
        urls = read_urls(path)
    except FeedError as error:
        print(f"reader feeds: {clean_line(str(error))}", file=err)
        return None
    for notice in urls.notices:
        print(f"reader feeds: {clean_line(notice)}", file=err)
    return urls.subscriptions


def _add(
    path: Path, url: str, tags: tuple[str, ...], title: str | None, out: TextIO, err: TextIO
) -> int:
    from reader.feeds.subscriptions import add_subscription, check_url

    problem = check_url(url)
    if problem is not None:
        print(f"reader feeds: {clean_line(problem)}", file=err)
        return 1
    if not add_subscription(path, url, tags, title):
        said = _("already subscribed: {url}").format(url=clean_line(url))
        print(f"reader feeds: {said}", file=err)
        return 1
    print(_("subscribed: {url}").format(url=clean_line(url)), file=out)
    return 0


def _remove(path: Path, url: str, out: TextIO, err: TextIO) -> int:
    from reader.feeds.subscriptions import remove_subscription

    if not remove_subscription(path, url):
        said = _("not subscribed: {url}").format(url=clean_line(url))
        print(f"reader feeds: {said}", file=err)
        return 1
    # Its options stay in config.toml (the user's file): subscribing again finds them.
    if options_for_feeds(err, [url]):
        said = _("unsubscribed: {url} (its options stay in config.toml)")
    else:
        said = _("unsubscribed: {url}")
    print(said.format(url=clean_line(url)), file=out)
    return 0


def options_for_feeds(err: TextIO, urls: list[str]) -> dict[str, FeedOptions]:
    """The options config.toml gives each of `urls` (its problems on stderr)."""
    from reader.config import default_config_path, load_config
    from reader.feeds.options import options_for

    loaded = load_config(default_config_path())
    for problem in loaded.problems:
        print(f"reader feeds: {clean_line(problem)}", file=err)
    return options_for(loaded.feed_options, urls)


def _set(path: Path, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`reader feeds set URL [--keep_items N] [--keep_days N] [--full_text on|off]`."""
    from reader.config import UnusableConfig, default_config_path, save_feed_options
    from reader.feeds.options import describe
    from reader.feeds.subscriptions import url_key

    url: str = args.url
    changes: dict[str, int | bool] = {
        key: value
        for key, value in (("keep_items", args.keep_items), ("keep_days", args.keep_days))
        if value is not None
    }
    if args.full_text is not None:
        changes["full_text"] = args.full_text == "on"
    if not changes:
        said = _("give --keep_items, --keep_days or --full_text")
        print(f"reader feeds: set: {said}", file=err)
        return 2
    subscriptions = _read(path, err)
    if subscriptions is None:
        return 1
    subscribed = next((s.url for s in subscriptions if url_key(s.url) == url_key(url)), None)
    if subscribed is None:
        said = _("not subscribed: {url} (reader feeds add URL)").format(url=clean_line(url))
        print(f"reader feeds: {said}", file=err)
        return 2
    config = default_config_path()
    try:
        save_feed_options(config, subscribed, changes)
    except UnusableConfig as error:
        print(f"reader feeds: {clean_line(str(config))}: {clean_line(str(error))}", file=err)
        return 1
    now = options_for_feeds(err, [subscribed]).get(subscribed)
    shown = describe(now) if now is not None else "-"
    print(f"{clean_line(subscribed)}\t{clean_line(shown)}", file=out)
    return 0


def _list(path: Path, as_json: bool, database: Path | None, out: TextIO, err: TextIO) -> int:
    from reader.feeds.options import FeedOptions, describe

    subscriptions = _read(path, err)
    if subscriptions is None:
        return 1
    states = _feed_states(database, err)
    options = options_for_feeds(err, [subscription.url for subscription in subscriptions])
    owns = [options.get(subscription.url, FeedOptions()) for subscription in subscriptions]
    rows = []
    for subscription, own in zip(subscriptions, owns, strict=True):
        state = states.get(subscription.url)
        rows.append(
            {
                "url": clean_line(subscription.url),
                "title": clean_line(subscription.title or (state.title if state else "")),
                "tags": [clean_line(tag) for tag in subscription.tags],
                "status": state.status if state else "never",
                "error": clean_line(state.error) if state and state.error else None,
                "items": state.items if state else 0,
                "unread": state.unread if state else 0,
                "last_success": state.last_success if state else None,
                "options": own._asdict(),
            }
        )
    if as_json:
        print(json_safe_dumps({"feeds": rows}, indent=2), file=out)
        return 0
    for row, own in zip(rows, owns, strict=True):
        tags = ",".join(row["tags"])  # type: ignore[arg-type]
        status = row["error"] or row["status"]
        said = describe(own)
        unread = number(str(row["unread"]))
        print(f"{row['url']}\t{row['title']}\t{tags}\t{status}\t{unread}\t{said}", file=out)
    return 0


def _feed_states(database: Path | None, err: TextIO) -> dict[str, FeedState]:
    """The stored state of every feed (last refresh, counts), when there is an items store."""
    from reader.feeds.items import ItemsStore, items_path
    from reader.locations import state_path
    from reader.statedb import NewerDatabaseError

    where = items_path(state_path(None if database is None else str(database)))
    if where is None or not where.exists():
        return {}
    try:
        store = ItemsStore.open(
            where, on_warning=lambda m: print(f"reader feeds: {clean_line(m)}", file=err)
        )
    except NewerDatabaseError as error:
        print(f"reader feeds: {clean_line(str(error))}", file=err)
        return {}
    with store:
        return {found.url: found for found in store.feeds()}


def _import(path: Path, opml: Path, out: TextIO, err: TextIO) -> int:
    from reader.feeds.opml import MAX_OPML_BYTES, read_opml
    from reader.feeds.subscriptions import FeedError, add_subscriptions
    from reader.model import ArticleError
    from reader.sources.files import read_bytes

    notices: list[str] = []
    try:
        subscriptions = read_opml(read_bytes(opml, MAX_OPML_BYTES + 1), notices=notices)
    except (ArticleError, FeedError, OSError, ValueError) as error:  # SourceError: the file
        print(f"reader feeds: {clean_line(str(error))}", file=err)
        return 1
    for notice in notices:
        print(f"reader feeds: {clean_line(notice)}", file=err)
    added = add_subscriptions(path, subscriptions)  # one write for the whole file
    said = ngettext(
        "imported {added} of {count} feed", "imported {added} of {count} feeds", len(subscriptions)
    )
    print(said.format(added=number(len(added)), count=number(len(subscriptions))), file=out)
    return 0


def _export(path: Path, out: TextIO, err: TextIO) -> int:
    from reader.feeds.opml import write_opml

    subscriptions = _read(path, err)
    if subscriptions is None:
        return 1
    out.write(write_opml(subscriptions))
    return 0
