"""Metadata fields from front matter and JSON objects, checked for type one by one.

A field of the wrong type is ignored with a warning that names it; it never stops the article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reader.model import Article, Direction, Paragraph
from reader.sources.dates import parse_date
from reader.sources.detect import article_direction, guess_language
from reader.text.sanitize import valid_text

#: Keys read from front matter and JSON objects (plus the aliases below).
KNOWN = frozenset(
    {"title", "date", "source", "authors", "tags", "language", "direction", "url", "caption"}
    | {"credit"}
)
_ALIASES = {"author": "authors", "lang": "language", "dir": "direction", "link": "url"}
_MAX_FIELD = 2000  # characters kept of a single-line field


def _kind(value: object) -> str:
    names = {dict: "a table", list: "a list", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


class Meta:
    """The fields a format states, filled in as they are read (a plain class: see
    `reader.model` on why records are not dataclasses)."""

    def __init__(self) -> None:
        self.title = ""
        self.date: dt.date | None = None
        self.date_text = ""
        self.source = ""
        self.authors: tuple[str, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.language = ""
        self.direction: Direction | None = None
        self.url = ""
        self.caption = ""
        self.credit = ""
        self.warnings: list[str] = []

    def article(
        self, title: str, paragraphs: tuple[Paragraph, ...], format: str, warnings: list[str]
    ) -> Article:
        """The article these fields describe; language and direction guessed where not given.

        Every string field is valid text (lone surrogates, from a file name given as the fallback
        title or a JSON escape, become U+FFFD): it is stored in SQLite and printed as it is.
        """
        title = valid_text(title)
        texts = [title, *(p.text for p in paragraphs)]
        return Article(
            title=title,
            paragraphs=paragraphs,
            date=self.date,
            date_text=valid_text(self.date_text),
            caption=valid_text(self.caption),
            credit=valid_text(self.credit),
            source=valid_text(self.source),
            authors=tuple(map(valid_text, self.authors)),
            language=valid_text(self.language) or guess_language(texts),
            direction=self.direction or article_direction(texts),
            format=format,
            url=valid_text(self.url),
            tags=tuple(map(valid_text, self.tags)),
            warnings=tuple(map(valid_text, warnings)),
        )

    def _string(self, key: str, value: object) -> str:
        if isinstance(value, str):
            return valid_text(value.strip()[:_MAX_FIELD])
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.warnings.append(f"field '{key}' should be text, not {_kind(value)}; ignored")
        return ""

    def _strings(self, key: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            return tuple(valid_text(v.strip()) for v in value.split(",") if v.strip())
        if isinstance(value, list):
            items = [
                valid_text(v.strip()[:_MAX_FIELD])
                for v in value
                if isinstance(v, str) and v.strip()
            ]
            if len(items) != len(value):
                self.warnings.append(f"field '{key}': entries that are not text were ignored")
            return tuple(items)
        self.warnings.append(
            f"field '{key}' should be a list of names, not {_kind(value)}; ignored"
        )
        return ()

    def _date(self, value: object) -> None:
        if isinstance(value, dt.datetime):
            self.date, self.date_text = value.date(), value.isoformat()
        elif isinstance(value, dt.date):
            self.date, self.date_text = value, value.isoformat()
        elif isinstance(value, str):
            self.date_text = valid_text(value.strip()[:200])
            self.date = parse_date(self.date_text)
            if self.date is None and self.date_text:
                self.warnings.append(f"date not understood, kept as written: {self.date_text}")
        else:
            self.warnings.append(f"field 'date' should be a date or text, not {_kind(value)}")

    def _direction(self, value: object) -> None:
        if value in ("rtl", "ltr"):
            self.direction = "rtl" if value == "rtl" else "ltr"
        else:
            shown = valid_text(value) if isinstance(value, str) else _kind(value)
            self.warnings.append(f'field \'direction\' must be "rtl" or "ltr", not {shown!s:.40}')


def read_meta(data: Mapping[str, Any], meta: Meta | None = None) -> Meta:
    """The known fields of a mapping; unknown keys are ignored silently (sites add many)."""
    meta = meta or Meta()
    for raw_key, value in data.items():
        key = _ALIASES.get(str(raw_key).lower(), str(raw_key).lower())
        if key not in KNOWN or value is None:
            continue
        if key == "date":
            meta._date(value)
        elif key == "direction":
            meta._direction(value)
        elif key in ("authors", "tags"):
            setattr(meta, key, meta._strings(key, value))
        else:
            setattr(meta, key, meta._string(key, value))
    return meta
