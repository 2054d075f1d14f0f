"""The sources pane's model (`reader.library.sources`): which sources, grouped how, holding
which headlines, with which counts; the next source with unread; a feed's status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.feeds.itemcodec import item_path
from reader.feeds.items import FeedState
from reader.feeds.subscriptions import Subscription
from reader.library.sources import (
    FAILED,
    OK,
    Source,
    accepts,
    build_sources,
    source_rows,
    status_words,
    when_text,
    with_unread,
)
from reader.model import Headline

ONE, TWO = Path("/news/one"), Path("/news/two")
A, B, C = ONE / "a.txt", ONE / "deep" / "b.md", TWO / "c.txt"
# A JSON list file's second article: its folder is its file's.
D = Headline(Path(f"{TWO}/list.json#1"), "d", file=TWO / "list.json")
X1, X2, Y1 = item_path(1, 1), item_path(1, 2), item_path(2, 3)
SPORT, WORLD, MISC = "https://sport.example/rss", "https://world.example/rss", "https://x.example/"
SUBSCRIPTIONS = (
    Subscription(MISC),  # untagged: listed after the tagged ones
    Subscription(SPORT, ("sport", "daily"), "Sport"),
    Subscription(WORLD, ("news",)),
)
IDS = {SPORT: 1, WORLD: 2}
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC).timestamp()


def state(url: str, title: str, status: str = "ok", error: str | None = None) -> FeedState:
    return FeedState(url, title, status, 0, error, NOW - 3600, NOW, None, None, None, 0, 0)


STATES = (state(WORLD, "World \x1b[31mnews\u202e"), state(SPORT, "ignored", "error", "404 gone"))


def headlines() -> list[Headline]:
    return [Headline(p, p.name) for p in (A, B, C, X1, X2, Y1)] + [D]


def sources(
    read: frozenset[Path] | set[Path] = frozenset(),
    marked: frozenset[Path] | set[Path] = frozenset(),
) -> list[Source]:
    return build_sources(headlines(), read, marked, STATES, SUBSCRIPTIONS, [ONE, TWO], feed_ids=IDS)


def test_all_unread_bookmarked_then_feeds_by_tag_untagged_last_then_folders() -> None:
    found = sources()
    assert [(s.kind, s.title, s.tag) for s in found] == [
        ("all", "All", ""),
        ("unread", "Unread", ""),
        ("bookmarked", "Bookmarked", ""),
        ("feed", "Sport", "sport"),  # the subscription's own title wins
        ("feed", "World news", "news"),  # the feed's, cleaned: no escape, no bidi override
        ("feed", MISC, ""),  # no title at all: its address
        ("folder", "one", ""),
        ("folder", "two", ""),
    ]
    assert [s.feed_id for s in found if s.kind == "feed"] == [1, 2, None]


def test_counts_are_unread_and_total_of_what_each_source_holds() -> None:
    found = sources(read={A, X1, D.path}, marked={B, X1})
    assert {s.title: (s.unread, s.total) for s in found} == {
        "All": (4, 7),
        "Unread": (4, 4),
        "Bookmarked": (1, 2),
        "Sport": (1, 2),
        "World news": (1, 1),
        MISC: (0, 0),
        "one": (1, 2),
        "two": (1, 2),
    }


def test_accepts_by_feed_number_folder_and_marks() -> None:
    found = {s.title: s for s in sources()}
    items = {h.path for h in headlines() if accepts(found["Sport"], h)}
    assert items == {X1, X2}
    assert {h.path for h in headlines() if accepts(found["two"], h)} == {C, D.path}
    # /news/one is not /news/one-more: a folder holds what lies under it only.
    assert not accepts(found["one"], Headline(Path("/news/one-more/z.txt"), "z"))
    assert not accepts(found["one"], Headline(X1, "an item is in no folder"))
    assert accepts(found["Unread"], Headline(A, "a"), read={B})
    assert not accepts(found["Unread"], Headline(A, "a"), read={A})
    assert accepts(found["Bookmarked"], Headline(A, "a"), bookmarked={A})
    assert all(accepts(found["All"], h) for h in headlines())


def test_a_failed_feed_keeps_its_reason_and_refreshing_marks_the_feeds() -> None:
    found = {s.title: s for s in sources()}
    assert found["Sport"].status == "error" and found["Sport"].error == "404 gone"
    assert found["World news"].error is None and found[MISC].status == "never"
    busy = build_sources([], (), (), STATES, SUBSCRIPTIONS, refreshing=True)
    assert [s.refreshing for s in busy] == [False] * 3 + [True] * 3


def test_next_source_with_unread_skips_all_unread_and_the_read_ones_and_wraps() -> None:
    found = sources(read={C, D.path, Y1})  # `two` and World all read
    names = [s.title for s in found]
    assert names[with_unread(found, 0, +1)] == "Sport"
    assert names[with_unread(found, names.index("Sport"), +1)] == "one"
    assert names[with_unread(found, names.index("one"), +1)] == "Sport"  # round again
    assert names[with_unread(found, names.index("Sport"), -1)] == "one"  # backwards, wrapping
    everything = {h.path for h in headlines()}
    assert with_unread(sources(read=everything), 0, +1) == -1


def test_rows_group_feeds_under_their_tag_and_folders_under_one_header() -> None:
    rows, groups = source_rows(sources())
    assert groups == ["sport", "news", "", None]
    assert rows[:3] == [(0, 0), (1, 0), (2, 0)]
    assert rows[3:6] == [(-1, 0), (3, 0), (3, 1)]  # a feed: its title, then its status
    assert rows[-3:] == [(-1, 3), (6, 0), (7, 0)]


def test_status_line_of_a_feed() -> None:
    found = {s.title: s for s in sources()}
    zone = dt.UTC
    assert when_text(NOW - 3600, NOW, zone=zone) == "11:00"
    assert when_text(NOW - 86400 * 3, NOW, zone=zone) == "2026-02-26"
    assert when_text(None, NOW) == ""
    assert status_words(found["Sport"], NOW) == (FAILED, "404 gone")
    assert status_words(found[MISC], NOW) == ("Never refreshed", "")
    assert status_words(found["World news"]._replace(refreshing=True), NOW) == ("Refreshing…", "")
    mark, when = status_words(found["World news"], NOW)
    assert mark == OK and when == when_text(NOW - 3600, NOW)
