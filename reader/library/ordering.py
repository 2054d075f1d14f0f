"""The headline list's sort orders (pure): by date, newest first; by title; by source; by name
(files by their path, as `ls` lists them, then the feeds' items as stored, newest first).

A headline's instant is its `when` (a feed item's publication, a file's modification time)
when that agrees with its written date, else the start of its written date (UTC); headlines
without either come last. Ties keep the order they came in (the scan's name order).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Iterable
from typing import Any

from reader.i18n import N_
from reader.model import Headline

#: The orders `O` cycles through, in that order (the setting `sort`).
ORDERS = ("date", "title", "source", "name")
#: The notice `O` gives for each order.
ORDER_NOTICES = {
    "date": N_("Sorted by date, newest first"),
    "title": N_("Sorted by title"),
    "source": N_("Sorted by source"),
    "name": N_("Sorted by file name"),
}


def instant(headline: Headline) -> float | None:
    """The POSIX time the list sorts a headline by (None: unknown)."""
    return _instant(headline.when, headline.date)


@functools.lru_cache(maxsize=1 << 16)
def _instant(when: float | None, date: dt.date | None) -> float | None:
    # Cached: a scan merges each batch into the list, asking again for the listed ones' times.
    if date is None:
        return when
    if when is not None and dt.datetime.fromtimestamp(when, dt.UTC).date() == date:
        return when
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()


def source_of(headline: Headline) -> str:
    """The source's name a headline is sorted under: its feed or folder."""
    return headline.source or (headline.file or headline.path).parent.name


def _date_key(headline: Headline) -> tuple[bool, float]:
    moment = instant(headline)
    return (moment is None, -(moment or 0.0))  # newest first, the unknown last


def _source_key(headline: Headline) -> tuple[str, float]:
    return (source_of(headline).casefold(), -(instant(headline) or 0.0))


#: Where the feeds' items are listed (`reader.feeds.itemcodec.ITEM_ROOT`, held equal by a test).
ITEM_PREFIX = "/reader-feed-item/"


def _name_key(headline: Headline) -> tuple[bool, str]:
    text = str(headline.file or headline.path)
    item = text.startswith(ITEM_PREFIX)
    return (item, "" if item else text)  # the items as stored (newest first), after the files


def _title_key(headline: Headline) -> str:
    return headline.title.casefold()


#: Each order's sort key (another value: as given).
KEYS: dict[str, Callable[[Headline], Any]] = {
    "date": _date_key,
    "title": _title_key,
    "source": _source_key,
    "name": _name_key,
}


def sort_headlines(headlines: Iterable[Headline], order: str) -> list[Headline]:
    """`headlines` in `order` (one of ORDERS; another value: as given). Stable: ties keep the
    order they came in (the scan's name order, JSON members, the items as stored)."""
    key = KEYS.get(order)
    return list(headlines) if key is None else sorted(headlines, key=key)


def merge_headlines(
    listed: list[Headline], added: Iterable[Headline], order: str
) -> list[Headline]:
    """`listed` (in `order` already) with `added` sorted in, as `sort_headlines` of both would
    give them, without sorting the whole list again (a scan adds its headlines in batches)."""
    key = KEYS.get(order)
    if key is None:
        return [*listed, *added]
    return list(heapq.merge(listed, sorted(added, key=key), key=key))


def next_order(order: str) -> str:
    """The order after `order` in the cycle."""
    index = ORDERS.index(order) if order in ORDERS else -1
    return ORDERS[(index + 1) % len(ORDERS)]
