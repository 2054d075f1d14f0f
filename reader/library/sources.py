"""The sources pane's model: which sources there are, what each holds, and its counts (pure).

The pane lists All, Unread and Bookmarked, then each subscribed feed grouped by its first tag
(newsboat's tags; untagged feeds last), then each opened folder. A feed item's headline names its
feed by the feed's number in its path (`reader.feeds.itemcodec.item_ids`); a file's, by the
folder it lies under. Counts are `unread/total` of what the source holds, computed in one pass
over the headlines. Titles, tags and errors come from feeds and urls files: they are cleaned
(`clean_line`) and capped here, before any widget draws them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from reader.feeds.itemcodec import item_ids
from reader.i18n import N_
from reader.library.reading import absolute
from reader.text import clean_line

if TYPE_CHECKING:
    from reader.feeds.items import FeedState
    from reader.feeds.subscriptions import Subscription
    from reader.model import Headline

SourceKind = Literal["all", "unread", "bookmarked", "feed", "folder"]
FAILED = "✗"
OK = "✓"
#: The longest title, tag or error kept (cells are fewer still: the pane cuts them).
MAX_TEXT = 200


class Source(NamedTuple):
    """One line of the sources pane. `key`: the feed's URL, the folder's absolute path, or the
    kind for the first three; `feed_id`: the number of a feed's items (None: none stored)."""

    kind: SourceKind
    key: str
    title: str
    tag: str = ""
    unread: int = 0
    total: int = 0
    status: str = ""  # a feed's: "never" | "ok" | "not-modified" | "error"
    error: str | None = None
    last_success: float | None = None
    refreshing: bool = False
    feed_id: int | None = None


def _text(value: str | None) -> str:
    return clean_line(value or "")[:MAX_TEXT].strip()


def _folder_of(headline: Headline) -> str:
    return str(absolute(headline.file or headline.path))


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def accepts(
    source: Source,
    headline: Headline,
    read: Container[Path] = frozenset(),
    bookmarked: Container[Path] = frozenset(),
) -> bool:
    """Whether `source` holds `headline` (`read`/`bookmarked`: the marks, for those two)."""
    kind = source.kind
    if kind == "all":
        return True
    if kind == "unread":
        return headline.path not in read
    if kind == "bookmarked":
        return headline.path in bookmarked
    ids = item_ids(headline.path)
    if kind == "feed":
        return ids is not None and ids[0] == source.feed_id
    return ids is None and _under(_folder_of(headline), source.key)


def feed_numbers(headlines: Iterable[Headline]) -> set[int]:
    """The feed numbers of the items among `headlines` (to look their URLs up)."""
    found: set[int] = set()
    for headline in headlines:
        ids = item_ids(headline.path)
        if ids is not None:
            found.add(ids[0])
    return found


def _feed_sources(
    states: Sequence[FeedState],
    subscriptions: Sequence[Subscription],
    feed_ids: Mapping[str, int],
    refreshing: bool,
) -> list[Source]:
    by_url = {state.url: state for state in states}
    # A feed read without a subscription (`reader URL`) that has items: listed too.
    urls = [*(s.url for s in subscriptions), *feed_ids]
    titles = {s.url: s.title for s in subscriptions}
    tags = {s.url: s.tags[0] if s.tags else "" for s in subscriptions}
    feeds: list[Source] = []
    for url in dict.fromkeys(urls):
        state = by_url.get(url)
        failed = state is not None and state.status == "error"
        title = _text(titles.get(url)) or _text(state.title if state else "") or _text(url)
        feeds.append(
            Source(
                "feed",
                url,
                title,
                tag=_text(tags.get(url)),
                status=state.status if state else "never",
                error=(_text(state.error) or "?") if failed and state else None,
                last_success=state.last_success if state else None,
                refreshing=refreshing,
                feed_id=feed_ids.get(url),
            )
        )
    # Grouped by tag in the order tags first appear; untagged last (a stable sort).
    order = {tag: n for n, tag in enumerate(dict.fromkeys(f.tag for f in feeds if f.tag))}
    feeds.sort(key=lambda f: order.get(f.tag, len(order)))
    return feeds


def build_sources(
    headlines: Sequence[Headline],
    read: Container[Path],
    bookmarked: Container[Path],
    states: Sequence[FeedState] = (),
    subscriptions: Sequence[Subscription] = (),
    folders: Sequence[Path] = (),
    *,
    feed_ids: Mapping[str, int] | None = None,
    refreshing: bool = False,
) -> list[Source]:
    """Every source with its counts: All, Unread, Bookmarked, the feeds (by tag), the folders.
    `feed_ids`: each feed URL's number in its items' paths; `refreshing`: a refresh is on."""
    sources = [
        Source("all", "all", "All"),
        Source("unread", "unread", "Unread"),
        Source("bookmarked", "bookmarked", "Bookmarked"),
        *_feed_sources(states, subscriptions, feed_ids or {}, refreshing),
        *(Source("folder", str(absolute(f)), _text(f.name) or str(f)) for f in folders),
    ]
    return count(sources, headlines, read, bookmarked)


def count(
    sources: Sequence[Source],
    headlines: Sequence[Headline],
    read: Container[Path],
    bookmarked: Container[Path],
) -> list[Source]:
    """`sources` with their counts from `headlines` and the marks (one pass over them)."""
    totals = [0] * len(sources)
    unread = [0] * len(sources)
    by_feed = {s.feed_id: n for n, s in enumerate(sources) if s.kind == "feed"}
    folders = [(n, s.key) for n, s in enumerate(sources) if s.kind == "folder"]
    fixed = {s.kind: n for n, s in enumerate(sources) if s.kind in ("all", "unread", "bookmarked")}
    all_, unread_, marked_ = (fixed.get(k) for k in ("all", "unread", "bookmarked"))

    def add(n: int | None, is_unread: bool) -> None:
        if n is not None:
            totals[n] += 1
            unread[n] += is_unread

    for headline in headlines:
        is_unread = headline.path not in read
        add(all_, is_unread)
        if is_unread:
            add(unread_, True)
        if headline.path in bookmarked:
            add(marked_, is_unread)
        ids = item_ids(headline.path)
        if ids is not None:
            add(by_feed.get(ids[0]), is_unread)
            continue
        where = _folder_of(headline)
        for n, folder in folders:
            if _under(where, folder):
                add(n, is_unread)
    return [s._replace(unread=u, total=t) for s, u, t in zip(sources, unread, totals, strict=True)]


def with_unread(sources: Sequence[Source], start: int, step: int) -> int:
    """The next source (`step` 1) or previous (-1) after `start` that has unread items,
    wrapping around, or -1 (All and Unread are skipped: they are not sources of their own)."""
    size = len(sources)
    for offset in range(1, size + 1):
        n = (start + step * offset) % size
        if sources[n].kind not in ("all", "unread") and sources[n].unread > 0:
            return n
    return -1


def when_text(moment: float | None, now: float, *, zone: dt.tzinfo | None = None) -> str:
    """A last success as the pane shows it: the time today, else the day (""): never)."""
    if moment is None:
        return ""
    then = dt.datetime.fromtimestamp(moment, zone)
    if then.date() == dt.datetime.fromtimestamp(now, zone).date():
        return then.strftime("%H:%M")
    return then.strftime("%Y-%m-%d")


def source_rows(sources: Sequence[Source]) -> tuple[list[tuple[int, int]], list[str | None]]:
    """The pane's rows: (source index, 0) its title, (index, 1) a feed's status line, (-1, n)
    the header of group n; and the groups: a feed tag ("": untagged), None: the folders."""
    rows: list[tuple[int, int]] = []
    groups: list[str | None] = []
    group: str | None = "\0"
    for index, source in enumerate(sources):
        kind = source.kind
        this = source.tag if kind == "feed" else None if kind == "folder" else "\0"
        if this != group and this != "\0":
            groups.append(this)
            rows.append((-1, len(groups) - 1))
        group = this
        rows.append((index, 0))
        if kind == "feed":
            rows.append((index, 1))
    return rows, groups


def status_words(source: Source, now: float) -> tuple[str, str]:
    """A feed's status line: an interface word (to translate) and "", or a mark and a value
    (its error, its last success)."""
    if source.refreshing:
        return N_("Refreshing…"), ""
    if source.error is not None:
        return FAILED, source.error
    when = when_text(source.last_success, now)
    if source.status == "never" or not when:
        return N_("Never refreshed"), ""
    return OK, when
