"""Search articles in files and folders, with Arabic-aware matching.

An article matches when it contains every word of QUERY; matching ignores harakat and tatweel,
treats alef forms, ى/ي, ة/ه, Persian/Arabic letters, Arabic-Indic/Persian/ASCII digits and Latin
case as equal, and lets a word carry the attached prefixes و ف ب ل ال (so قال finds وقال).

Plain output is one tab-separated line per matching article, best first: path, title, and a
snippet around the first hit. `--json` prints one object: {"query", "words", "results": [{"path",
"title", "snippet", "spans" (hit offsets in the snippet), "score"}], "errors": [{"path",
"error"}]}. Exit status: 0 when something matched, 1 when nothing did (files that could not be
read are reported but do not change it), 2 for bad usage, a missing path, a query with no words,
a Python without SQLite FTS5, or an index file that cannot be written.

The index is built in memory for the run, unless a state database is named (--state or
$READER_STATE): then it is kept beside it and updated incrementally on the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from reader.search import Hit, Query, SearchIndex, SearchUnavailableError
from reader.sources import discover, display_path, load_all
from reader.store import STATE_ENV, index_path, path_key, state_path
from reader.text import clean_line

_EPILOG = (
    "exit status: 0 when something matched, 1 when nothing matched, 2 for bad usage, a missing "
    "path, a query with no words, a Python without SQLite FTS5, or an index that cannot be written"
)

# Characters a terminal may act on even inside a JSON string (DEL, C1, bidi embeddings,
# overrides and isolates): written as \\uXXXX escapes, so values stay exact and harmless.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ITEM = re.compile(r"^(?P<base>.+)(?P<item>#\d+)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _EPILOG
    parser.add_argument("query", metavar="QUERY", help="the words to find (all must match)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="print at most N articles"
    )
    parser.add_argument(
        "--state",
        metavar="PATH",
        default=None,
        help=f"state database; the search index is kept beside it (default: ${STATE_ENV} if "
        "set, else an index in memory for this run)",
    )


def _json_text(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _writer(stream: TextIO) -> TextIO:
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


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
            match = _ITEM.match(os.fsdecode(path))
            base = self._named.get(path_key(Path(match["base"]))) if match else None
            named = Path(f"{base}{match['item']}") if base is not None and match else path
        return display_path(named)


def _index_location(cli_state: str | None) -> Path | None:
    if cli_state is None and not os.environ.get(STATE_ENV, "").strip():
        return None
    return index_path(state_path(cli_state))


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths
    missing = [p for p in paths if not os.path.lexists(p)]
    for path in missing:
        print(
            f"reader search: no such file or folder: {clean_line(display_path(path))}",
            file=sys.stderr,
        )
    if missing:
        return 2
    query = Query.parse(args.query)
    if not query:
        print("reader search: the query has no words to look for", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("reader search: --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        index = SearchIndex.open(_index_location(args.state))
    except SearchUnavailableError as error:
        print(f"reader search: {error}", file=sys.stderr)
        return 2
    errors: list[dict[str, str]] = []

    def refuse(path: Path | str, reason: str) -> None:
        entry = {"path": display_path(path), "error": clean_line(reason)}
        errors.append(entry)
        if not args.json:
            print(f"reader search: {clean_line(entry['path'])}: {entry['error']}", file=sys.stderr)

    for warning in index.warnings:
        print(f"reader search: {clean_line(warning)}", file=sys.stderr)
    shown = _Shown()
    try:
        with index:
            stats = index.sync((shown.add(p) for p in discover(paths, on_error=refuse)), load_all)
            hits = index.search(query, limit=args.limit)
    except sqlite3.Error as error:  # the index file could not be written (disk full, …)
        where = f" {index.path}" if index.path else ""
        print(f"reader search: the search index{where} failed: {error}", file=sys.stderr)
        return 2
    for path, reason in stats.errors:
        refuse(shown(path), reason)
    out = _writer(sys.stdout)
    if args.json:
        out.write(_json_text(_document(args.query, query, hits, shown, errors)) + "\n")
    else:
        for hit in hits:
            fields = (clean_line(shown(hit.path)), clean_line(hit.title) or "-", hit.snippet)
            out.write("\t".join(fields) + "\n")
    out.flush()
    return 0 if hits else 1


def _document(
    text: str, query: Query, hits: list[Hit], shown: _Shown, errors: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "query": clean_line(text),
        "words": list(query.words),
        "results": [
            {
                "path": shown(hit.path),
                "title": clean_line(hit.title),
                "snippet": hit.snippet,
                "spans": [list(span) for span in hit.spans],
                "score": round(hit.score, 6),
            }
            for hit in hits
        ],
        "errors": errors,
    }
