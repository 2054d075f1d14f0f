"""The headline list's sort orders (pure): by date, newest first; by title; by source; by name
(files by their path, as `ls` lists them, then the feeds' items as stored, newest first).

A headline's instant is its `when` (a feed item's publication, a file's modification time)
when that agrees with its written date, else the start of its written date (UTC); headlines
without either come last. Ties keep the order they came in (the scan's name order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reader.model import Headline

#: The orders `O` cycles through, in that order (the setting `sort`).
ORDERS = ("date", "title", "source", "name")
#: The notice `O` gives for each order.
ORDER_NOTICES = {
    "date": "Sorted by date, newest first",
    "title": "Sorted by title",
    "source": "Sorted by source",
    "name": "Sorted by file name",
}


def instant(headline: Headline) -> float | None:
    """The POSIX time the list sorts a headline by (None: unknown)."""
    when, date = headline.when, headline.date
    if date is None:
        return when
    if when is not None and dt.datetime.fromtimestamp(when, dt.UTC).date() == date:
        return when
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()


def source_of(headline: Headline) -> str:
    """The source's name a headline is sorted under: its feed or folder."""
    return headline.source or (headline.file or headline.path).parent.name


def _title_key(headline: Headline) -> str:
    return headline.title.casefold()


def sort_headlines(headlines: Iterable[Headline], order: str) -> list[Headline]:
    """`headlines` in `order` (one of ORDERS; another value: as given). Stable."""
    entries = list(headlines)
    if order == "title":
        return sorted(entries, key=_title_key)
    if order == "source":
        return sorted(entries, key=lambda h: (source_of(h).casefold(), -(instant(h) or 0.0)))
    if order == "name":
        from reader.feeds.itemcodec import is_item_path

        keys = [
            (is_item_path(h.path), "" if is_item_path(h.path) else str(h.file or h.path))
            for h in entries
        ]
        ranked = sorted(range(len(entries)), key=lambda i: keys[i])  # stable: JSON members, items
        return [entries[i] for i in ranked]
    if order == "date":
        instants = [instant(h) for h in entries]
        known = [i for i, t in enumerate(instants) if t is not None]
        known.sort(key=lambda i: -(instants[i] or 0.0))  # stable: ties keep their order
        unknown = [i for i, t in enumerate(instants) if t is None]
        return [entries[i] for i in (*known, *unknown)]
    return entries


def next_order(order: str) -> str:
    """The order after `order` in the cycle."""
    index = ORDERS.index(order) if order in ORDERS else -1
    return ORDERS[(index + 1) % len(ORDERS)]
