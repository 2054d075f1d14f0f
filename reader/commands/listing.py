"""List the articles found in files and folders: title, date, source, words, direction, path.

Plain output is one tab-separated line per article; `--json` prints one object with "articles"
and "errors". Every string printed is safe for a terminal, JSON values once decoded too (`jq -r`):
escape sequences, controls and bidi controls in a title, a field or a file name are dropped (such a
path is then not the file's exact name; bytes that are not UTF-8 already show as U+FFFD).
A JSON file holding a list of articles gives one entry per article, with the path
`file.json#N`. Exit status: 0 when every file was read, 1 when some were refused (the rest are
still listed), 2 for bad usage, a path that does not exist, or a state database inside an
article folder.

With a state database (--state or $READER_STATE) each JSON entry also has "read" and
"bookmarked" (true/false; null for a file that vanished before its state was looked up), and each
plain line starts with a flags field: U unread, B bookmarked, - neither, ? unknown. Without one
the two keys are absent, the flags field too, and no database is opened.

`--feeds` lists the feed items stored by `reader refresh` too, after the files (PATH is then
optional): every subscribed feed's (the urls file, `--urls PATH` or $READER_URLS), or with
`--feed URL` one feed's (subscribed or not), feed by feed, newest first. Each has the entry
above plus "feed" (its feed's address), "link" (the item's page) and always "read" and
"bookmarked" (kept with the items); its path is the item's made-up `/reader-feed-item/F/I.item`.
A plain line is the flags field, the fields above, then the feed and the link. The items are
read beside the state database (`--state`, else $READER_STATE, else the XDG default, as
`reader refresh` stores them); none stored yet lists nothing. Neither PATH nor --feeds, or an
unknown --feed, is bad usage (2); an item that cannot be read back is a refusal (1).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from reader.commands._output import (
    Refusals,
    json_safe_dumps,
    refuse_article_folder,
    report_missing,
)
from reader.commands.feeditems import (
    FeedItems,
    StoredItem,
    add_feed_arguments,
    open_feed_items,
    stored_items,
)
from reader.commands.language import _
from reader.commands.shaped import person_streams
from reader.i18n import N_, number
from reader.model import Article
from reader.sources import SourceError, discover, load_all, shown_path, split_index
from reader.text import clean_line

if TYPE_CHECKING:
    from reader.store import Store

#: Articles whose state is looked up together: one hash-cache read and one state read per batch.
STATE_BATCH = 2000

_T = TypeVar("_T")

#: The same name as `reader.locations.STATE_ENV`, spelled here so that a plain run never imports it.
STATE_ENV = "READER_STATE"

_EPILOG = N_(
    'with a state database (--state or $READER_STATE), JSON entries gain "read" and "bookmarked" '
    "and plain lines start with flags (U unread, B bookmarked, - neither); without one they are "
    "absent. --feeds adds the items stored by `reader refresh` (every subscribed feed, or --feed "
    'URL), with "feed", "link", "read" and "bookmarked". exit status: 0 when every file was '
    "read, 1 when some were refused, 2 for bad usage, a missing path or feed, or a database "
    "inside an article folder"
)

#: An article's reading state as `reader list` shows it; None when it could not be looked up.
State = dict[str, bool | None] | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(_EPILOG)
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help=_("files or folders (none: --feeds)")
    )
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument(
        "--state",
        metavar="PATH",
        default=None,
        help=_(
            "state database to read the read/bookmarked marks from (default: $READER_STATE if "
            "set, else none); with --feeds, the feed items stored beside it"
        ),
    )
    add_feed_arguments(parser)


def _entry(article: Article) -> dict[str, Any]:
    """The JSON object of one article: every string cleaned (`jq -r` prints them raw)."""
    return {
        "path": shown_path(article.path or ""),
        "format": clean_line(article.format),
        "title": clean_line(article.title),
        "date": article.date.isoformat() if article.date else None,
        "date_text": clean_line(article.date_text),
        "source": clean_line(article.source),
        "authors": [clean_line(a) for a in article.authors],
        "caption": clean_line(article.caption),
        "credit": clean_line(article.credit),
        "language": clean_line(article.language),
        "direction": article.direction,
        "paragraphs": len(article.paragraphs),
        "words": article.words,
        "encoding": clean_line(article.encoding),
        "warnings": [clean_line(w) for w in article.warnings],
    }


def _flags(state: State) -> str:
    if state is None:
        return "?"
    flags = ("" if state["read"] else "U") + ("B" if state["bookmarked"] else "")
    return flags or "-"


def _line(article: Article) -> str:
    date = article.date.isoformat() if article.date else clean_line(article.date_text) or "-"
    fields = (
        clean_line(article.title) or "-",
        number(date),
        clean_line(article.source) or "-",
        number(article.words),
        article.direction,
        shown_path(article.path or ""),
    )
    return "\t".join(fields)


def _articles(paths: list[Path], refuse: Callable[[Path | str, str], None]) -> Iterator[Article]:
    """Every article under `paths`, read one file at a time so memory stays flat."""
    for path in discover(paths, on_error=refuse):
        try:
            results = load_all(path)
        except SourceError as error:
            refuse(error.path, error.reason)
            continue
        except Exception as error:  # a bug of ours must not hide the other articles
            refuse(path, f"internal error, please report it: {type(error).__name__}: {error}")
            continue
        for result in results:
            if isinstance(result, SourceError):
                refuse(result.path, result.reason)
            else:
                yield result


def _with_state(store: Store, rows: Iterable[tuple[Path, _T]]) -> Iterator[tuple[_T, State]]:
    """Each row (an article's path and its output) with its state, `STATE_BATCH` at a time.

    Rows are the small rendered output, not the articles, so a batch holds no article bodies.
    """
    source = iter(rows)
    while batch := list(islice(source, STATE_BATCH)):
        absolute = [Path(os.path.abspath(path)) for path, _row in batch]
        keys = store.keys(absolute)  # hashes new or changed files; unreadable ones left out
        states = store.states(keys.values())
        for (_row, output), path in zip(batch, absolute, strict=True):
            key = keys.get(path)
            if key is None:
                yield output, None
            else:
                state = states[key]
                yield output, {"read": state.read, "bookmarked": state.bookmarked}


def _stateful(store: Store | None, rows: Iterable[tuple[Path, _T]]) -> Iterable[tuple[_T, State]]:
    if store is None:
        return ((output, None) for _row, output in rows)
    return _with_state(store, rows)


def _open_store(cli_state: str | None, paths: list[Path], err: TextIO) -> tuple[Store | None, bool]:
    """The state database asked for, if any; False when it would sit in an article folder."""
    # Checked before importing reader.store and reader.locations (sqlite3, platformdirs: ~13 ms
    # and ~6 MB), which a plain `reader list` does not need.
    if cli_state is None and not os.environ.get(STATE_ENV, "").strip():
        return None, True
    from reader.locations import requested_state_path
    from reader.statedb import NewerDatabaseError
    from reader.store import Store

    location = requested_state_path(cli_state)
    if location is None:
        return None, True
    if refuse_article_folder("list", N_("state database"), location, paths, err):
        return None, False
    try:
        store = Store.open(
            location,
            on_warning=lambda message: print(f"reader list: {clean_line(message)}", file=err),
        )
    except NewerDatabaseError as error:  # never reset: refused, as for the TUI
        print(f"reader list: {clean_line(str(error))}", file=err)
        return None, False
    return store, True


def _item_entry(item: StoredItem) -> dict[str, Any]:
    entry = _entry(item.article)
    entry.update(feed=clean_line(item.feed), link=clean_line(item.article.url))
    entry.update(read=item.read, bookmarked=item.bookmarked)
    return entry


def _item_line(item: StoredItem) -> str:
    state: State = {"read": item.read, "bookmarked": item.bookmarked}
    link = clean_line(item.article.url) or "-"
    return f"{_flags(state)}\t{_line(item.article)}\t{clean_line(item.feed)}\t{link}"


def run(args: argparse.Namespace) -> int:
    out, err = person_streams(args.bidi, json=args.json)
    try:
        return _run(args, out, err)
    finally:
        err.flush()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths: list[Path] = args.paths
    if not paths and not args.feeds:
        print("reader list: " + _("give a PATH (files or folders) to list, or --feeds"), file=err)
        return 2
    if args.feed is not None and not args.feeds:
        print("reader list: " + _("--feed goes with --feeds"), file=err)
        return 2

    def exists(path: Path) -> bool:
        return os.path.lexists(path) or split_index(path)[1] is not None

    if report_missing("list", paths, err, exists):
        return 2
    store, usable = _open_store(args.state, paths, err) if paths else (None, True)
    if not usable:
        return 2
    feeds: FeedItems | None = None
    if args.feeds:
        feeds = open_feed_items("list", args, paths, err)
        if feeds is None:
            if store is not None:
                store.close()
            return 2
    refuse = Refusals("list", err, quiet=args.json)
    # Articles are written as they are read (a batch at a time with state), so memory stays flat
    # on a 10,000-article folder.
    listed = 0
    try:
        if args.json:
            out.write('{"articles": [')
            entries = ((a.path or Path(), _entry(a)) for a in _articles(paths, refuse))
            for entry, state in _stateful(store, entries):
                if store is not None:
                    entry.update(state or {"read": None, "bookmarked": None})
                out.write(("\n " if listed == 0 else ",\n ") + json_safe_dumps(entry))
                listed += 1
            for item in stored_items(feeds, refuse) if feeds is not None else ():
                out.write(("\n " if listed == 0 else ",\n ") + json_safe_dumps(_item_entry(item)))
                listed += 1
        else:
            lines = ((a.path or Path(), _line(a)) for a in _articles(paths, refuse))
            for line, state in _stateful(store, lines):
                out.write(line + "\n" if store is None else f"{_flags(state)}\t{line}\n")
            for item in stored_items(feeds, refuse) if feeds is not None else ():
                out.write(_item_line(item) + "\n")
    finally:
        if store is not None:
            store.close()
        if feeds is not None and feeds.store is not None:
            feeds.store.close()
    if args.json:
        items = ",\n ".join(json_safe_dumps(e) for e in refuse.entries)
        out.write(("\n" if listed else "") + '],\n"errors": [' + items + "]}\n")
    out.flush()
    return 1 if refuse else 0
