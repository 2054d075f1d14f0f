"""Search articles in files and folders, with Arabic-aware matching.

An article matches when it contains every word of QUERY, whole (a query word is never a word
beginning here; the app's search box uses word beginnings only to narrow its list while typing,
and on Enter shows exactly this command's result set). Matching ignores harakat and tatweel,
treats alef forms, hamza seats (مسئول/مسؤول), ى/ي, ة/ه, Persian/Urdu/Arabic letters,
Arabic-Indic/Persian/ASCII digits and Latin case as equal, and lets a word carry the attached
prefixes و ف ب ل ال (so قال finds وقال; والعنب finds العنب). A number is one word with its
decimal or thousands separator (5.4, ١٬٠٠٠), and is found where a unit, era letter or % is glued
to it (1441 finds ١٤٤١هـ). Titles, paragraphs, the date line, caption, credit, source, authors
and tags are searched.

Plain output is one tab-separated line per matching article, best first: path, title, and a
snippet around the first hit. `--json` prints one object: {"query", "words", "results": [{"path",
"title", "snippet", "spans" (hit offsets in the snippet), "score"}], "errors": [{"path",
"error"}]}. Exit status: 0 when something matched, 1 when nothing did (files that could not be
read are reported but do not change it), 2 for bad usage, a missing path, a query with no words,
a Python without SQLite FTS5, or an index file that cannot be written.

The index is built in memory for the run, unless a state database is named (--state or
$READER_STATE): then it is kept beside it and updated incrementally on the next run.

`--feeds` searches the feed items stored by `reader refresh` too (PATH is then optional): every
subscribed feed's (the urls file, `--urls PATH` or $READER_URLS), or with `--feed URL` one
feed's. They are indexed in memory for the run, with the same words, matching and snippets as
files, and ranked with them; read from beside the state database (`--state`, else
$READER_STATE, else the XDG default, as `reader refresh` stores them). An item's path is its
made-up `/reader-feed-item/F/I.item`, and its JSON result also has "feed" (the feed's address)
and "link" (the item's page). Neither PATH nor --feeds, or an unknown --feed, is bad usage (2).
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any, TextIO

from reader.commands._output import (
    Refusals,
    json_safe_dumps,
    refuse_article_folder,
    report_missing,
)
from reader.commands.feeditems import (
    FeedItems,
    add_feed_arguments,
    open_feed_items,
    stored_items,
)
from reader.commands.language import _
from reader.commands.shaped import person_streams
from reader.i18n import N_
from reader.locations import STATE_ENV, index_path, requested_state_path
from reader.search import Hit, Query, SearchIndex, SearchUnavailableError
from reader.sources import discover, load_all, shown_path, split_index
from reader.statedb import path_key
from reader.text import clean_line
from reader.text.sanitize import clean_path

_EPILOG = N_(
    "--feeds searches the items stored by `reader refresh` too (every subscribed feed, or --feed "
    "URL). exit status: 0 when something matched, 1 when nothing matched, 2 for bad usage, a "
    "missing path or feed, a query with no words, a Python without SQLite FTS5, an index that "
    "cannot be written, or an index that would be written inside an article folder"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(_EPILOG)
    parser.add_argument("query", metavar="QUERY", help=_("the words to find (all must match)"))
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help=_("files or folders (none: --feeds)")
    )
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help=_("print at most N articles")
    )
    parser.add_argument(
        "--state",
        metavar="PATH",
        default=None,
        help=_(
            "state database; the search index is kept beside it (default: ${name} if set, else "
            "an index in memory for this run); with --feeds, the feed items stored beside it"
        ).format(name=STATE_ENV),
    )
    add_feed_arguments(parser)


class _Shown:
    """Hit paths as the user named them (relative stays relative), not as the index stores them."""

    def __init__(self) -> None:
        self._named: dict[bytes, Path] = {}

    def add(self, path: Path) -> Path:
        self._named[path_key(path)] = path
        return path

    def __call__(self, path: Path) -> str:
        named = self._named.get(path_key(path))
        if named is None:
            file, index = split_index(path)  # `feed.json#3`: named as its file was
            base = self._named.get(path_key(file)) if index is not None else None
            named = Path(f"{base}#{index}") if base is not None else path
        return shown_path(named)


def run(args: argparse.Namespace) -> int:
    out, err = person_streams(args.bidi, json=args.json)
    try:
        return _run(args, out, err)
    finally:
        err.flush()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths: list[Path] = args.paths
    if not paths and not args.feeds:
        print(
            "reader search: " + _("give a PATH (files or folders) to search, or --feeds"), file=err
        )
        return 2
    if args.feed is not None and not args.feeds:
        print("reader search: " + _("--feed goes with --feeds"), file=err)
        return 2
    if report_missing("search", paths, err):
        return 2
    query = Query.parse(args.query)
    if not query:
        print("reader search: " + _("the query has no words to look for"), file=err)
        return 2
    if args.limit is not None and args.limit < 1:
        print("reader search: " + _("--limit must be at least 1"), file=err)
        return 2
    refuse = Refusals("search", err, quiet=args.json)
    shown = _Shown()
    links: dict[bytes, tuple[str, str]] = {}
    hits = _search_files(args, query, paths, refuse, shown, err) if paths else []
    if hits is None:
        return 2
    if args.feeds:
        found = _search_items(args, query, paths, refuse, links, err)
        if found is None:
            return 2
        # Both lists are ranked by FTS5's bm25 (lower is better): merged, best first.
        hits = sorted(hits + found, key=lambda hit: hit.score)[: args.limit]
    if args.json:
        document = _document(args.query, query, hits, shown, refuse.entries, links)
        out.write(json_safe_dumps(document, indent=1) + "\n")
    else:
        for hit in hits:
            fields = (shown(hit.path), clean_line(hit.title) or "-", hit.snippet)
            out.write("\t".join(fields) + "\n")
    out.flush()
    return 0 if hits else 1


def _search_files(
    args: argparse.Namespace,
    query: Query,
    paths: list[Path],
    refuse: Refusals,
    shown: _Shown,
    err: TextIO,
) -> list[Hit] | None:
    """The articles under `paths` matching `query`, through the index kept beside --state (or
    one in memory); None (said on `err`) when the index cannot be used."""
    state = requested_state_path(args.state)
    location = None if state is None else index_path(state)
    # A --state inside an article folder is refused by every verb, even where only the index
    # beside it is written.
    if (
        state is not None
        and location is not None
        and (
            refuse_article_folder("search", N_("search index"), location, paths, err)
            or refuse_article_folder("search", N_("state database"), state, paths, err)
        )
    ):
        return None
    try:
        index = SearchIndex.open(location)
    except SearchUnavailableError as error:
        print(f"reader search: {clean_line(str(error))}", file=err)
        return None
    for warning in index.warnings:
        print(f"reader search: {clean_line(warning)}", file=err)
    try:
        with index:
            stats = index.sync((shown.add(p) for p in discover(paths, on_error=refuse)), load_all)
            hits = index.search(query, limit=args.limit)
    except sqlite3.Error as error:  # the index file could not be written (disk full, …)
        where = f" {index.path}" if index.path else ""
        said = _("the search index{where} failed: {error}").format(
            where=clean_path(where), error=clean_line(str(error))
        )
        print(f"reader search: {said}", file=err)
        return None
    for path, reason in stats.errors:
        refuse(shown(path), reason)
    return hits


def _search_items(
    args: argparse.Namespace,
    query: Query,
    paths: list[Path],
    refuse: Refusals,
    links: dict[bytes, tuple[str, str]],
    err: TextIO,
) -> list[Hit] | None:
    """The stored feed items matching `query`, through an index in memory built for this run
    (the same terms, matching and snippets as files); `links` gets each hit's feed and link.
    None (said on `err`) for a usage problem."""
    try:
        index = SearchIndex.open(None)
    except SearchUnavailableError as error:
        print(f"reader search: {clean_line(str(error))}", file=err)
        return None
    feeds: FeedItems | None = open_feed_items("search", args, paths, err)
    if feeds is None:
        index.close()
        return None
    try:
        with index:
            for item in stored_items(feeds, refuse):
                path = item.article.path or Path()
                index.add(item.article)
                links[path_key(path)] = (clean_line(item.feed), clean_line(item.article.url))
            return index.search(query, limit=args.limit)
    finally:
        if feeds.store is not None:
            feeds.store.close()


def _result(hit: Hit, shown: _Shown, links: dict[bytes, tuple[str, str]]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": shown(hit.path),
        "title": clean_line(hit.title),
        "snippet": hit.snippet,  # cleaned by `make_snippet` (the spans index it)
        "spans": [list(span) for span in hit.spans],
        "score": round(hit.score, 6),
    }
    link = links.get(hit.key)
    if link is not None:  # a stored feed item
        result.update(feed=link[0], link=link[1])
    return result


def _document(
    text: str,
    query: Query,
    hits: list[Hit],
    shown: _Shown,
    errors: list[dict[str, str]],
    links: dict[bytes, tuple[str, str]],
) -> dict[str, Any]:
    return {
        "query": clean_line(text),
        "words": [clean_line(word) for word in query.words],
        "results": [_result(hit, shown, links) for hit in hits],
        "errors": errors,
    }
