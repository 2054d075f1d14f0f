"""List the articles found in files and folders: title, date, source, words, direction, path.

Plain output is one tab-separated line per article; `--json` prints one object with "articles"
and "errors". A JSON file holding a list of articles gives one entry per article, with the path
`file.json#N`. Exit status: 0 when every file was read, 1 when some were refused (the rest are
still listed), 2 for bad usage or a path that does not exist.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from reader.model import Article
from reader.sources import SourceError, discover, display_path, load_all, split_index
from reader.text import clean_line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _entry(article: Article) -> dict[str, Any]:
    return {
        "path": display_path(article.path or ""),
        "format": article.format,
        "title": clean_line(article.title),
        "date": article.date.isoformat() if article.date else None,
        "date_text": clean_line(article.date_text),
        "source": clean_line(article.source),
        "authors": [clean_line(a) for a in article.authors],
        "caption": clean_line(article.caption),
        "credit": clean_line(article.credit),
        "language": article.language,
        "direction": article.direction,
        "paragraphs": len(article.paragraphs),
        "words": article.words,
        "encoding": article.encoding,
        "warnings": [clean_line(w) for w in article.warnings],
    }


def _line(article: Article) -> str:
    date = article.date.isoformat() if article.date else clean_line(article.date_text) or "-"
    fields = (
        clean_line(article.title) or "-",
        date,
        clean_line(article.source) or "-",
        str(article.words),
        article.direction,
        clean_line(display_path(article.path or "")),
    )
    return "\t".join(fields)


# Characters a terminal may act on even inside a JSON string: DEL, C1 (U+009B is CSI) and the
# bidi embeddings/overrides/isolates. JSON allows any character as \uXXXX, so escaping them keeps
# every value exact (a path is still a usable path) while nothing raw reaches the terminal.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _writer(stream: TextIO) -> TextIO:
    # Paths and text are written as UTF-8 whatever the locale; `clean_line` made them safe.
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths
    out, err = _writer(sys.stdout), _writer(sys.stderr)
    missing = [p for p in paths if not os.path.lexists(p) and split_index(p)[1] is None]
    if missing:
        for path in missing:
            print(
                f"reader list: no such file or folder: {clean_line(display_path(path))}",
                file=err,
            )
        return 2
    errors: list[dict[str, str]] = []
    listed = 0

    def dumps(value: object) -> str:
        return _UNSAFE_IN_JSON.sub(_escape, json.dumps(value, ensure_ascii=False))

    def refuse(path: Path | str, reason: str) -> None:
        entry = {"path": display_path(path), "error": clean_line(reason)}
        errors.append(entry)
        if not args.json:
            print(f"reader list: {clean_line(entry['path'])}: {entry['error']}", file=err)

    # Articles are written as they are read, so memory stays flat on a 10,000-article folder.
    if args.json:
        out.write('{"articles": [')
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
            elif args.json:
                out.write(("\n " if listed == 0 else ",\n ") + dumps(_entry(result)))
                listed += 1
            else:
                out.write(_line(result) + "\n")
    if args.json:
        items = ",\n ".join(dumps(e) for e in errors)
        out.write(("\n" if listed else "") + '],\n"errors": [' + items + "]}\n")
    out.flush()
    return 1 if errors else 0
