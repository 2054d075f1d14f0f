"""The pure sort orders (`reader.library.ordering`) and date words (`reader.library.when`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.library.ordering import next_order, sort_headlines
from reader.library.when import date_words
from reader.model import Headline

UTC = dt.UTC
NOW = dt.datetime(2024, 5, 10, 12, 0, tzinfo=UTC).timestamp()


def h(name: str, **fields: object) -> Headline:
    return Headline(Path(f"{fields.pop('folder', 'news')}/{name}.txt"), name, **fields)  # type: ignore[arg-type]


def test_date_order_is_newest_first_undated_last_ties_stable() -> None:
    old = h("old", date=dt.date(2020, 1, 1))
    new = h("new", when=NOW)
    same_a, same_b = h("a", when=NOW - 60), h("b", when=NOW - 60)
    none = h("none")
    got = sort_headlines([none, old, same_a, new, same_b], "date")
    assert [x.title for x in got] == ["new", "a", "b", "old", "none"]


def test_a_written_date_wins_over_a_modification_time_of_another_day() -> None:
    edited_today = h("edited", date=dt.date(2019, 3, 1), when=NOW)
    recent = h("recent", date=dt.date(2024, 5, 1))
    assert [x.title for x in sort_headlines([edited_today, recent], "date")] == [
        "recent",
        "edited",
    ]


def test_title_and_source_orders() -> None:
    b, a, c = h("Beta", folder="z"), h("alpha", folder="y"), h("Gamma", source="A feed")
    assert [x.title for x in sort_headlines([b, a, c], "title")] == ["alpha", "Beta", "Gamma"]
    assert [x.title for x in sort_headlines([b, a, c], "source")] == ["Gamma", "alpha", "Beta"]
    orders = ("date", "title", "source", "name")
    assert [next_order(o) for o in orders] == ["title", "source", "name", "date"]


def test_name_order_lists_files_by_path_then_the_feeds_items_as_stored() -> None:
    from pathlib import Path

    from reader.feeds.itemcodec import item_path

    b, a = h("B", folder="news"), h("A", folder="news")
    b, a = b._replace(path=Path("/news/b.txt")), a._replace(path=Path("/news/a.txt"))
    newer, older = (h(t)._replace(path=item_path(1, n)) for t, n in (("newer", 9), ("older", 2)))
    members = [
        h(f"m{n}")._replace(path=Path(f"/l.json#{n}"), file=Path("/l.json")) for n in (2, 10)
    ]
    got = sort_headlines([newer, b, members[0], older, a, members[1]], "name")
    assert [x.title for x in got] == ["m2", "m10", "A", "B", "newer", "older"]  # /l… < /news


def test_relative_within_a_day_in_english_and_arabic() -> None:
    def words(age: float, language: str) -> str:
        return date_words(NOW - age, None, language, NOW, UTC)

    assert words(10, "en") == "just now"
    assert words(60, "en") == "1 minute ago"
    assert words(7200, "en") == "2 hours ago"
    assert words(10, "ar") == "الآن"
    assert words(60, "ar") == "منذ دقيقة"
    assert words(7200, "ar") == "منذ ساعتين"
    assert words(5 * 3600, "ar") == "منذ 5 ساعات"
    assert words(11 * 60, "ar") == "منذ 11 دقيقة"


def test_older_and_dates_only_are_day_month_year() -> None:
    assert date_words(NOW - 3 * 86400, None, "en", NOW, UTC) == "7 May 2024"
    assert date_words(NOW - 3 * 86400, None, "ar", NOW, UTC) == "7 مايو 2024"
    assert date_words(None, dt.date(2021, 4, 18), "ar", NOW, UTC) == "18 أبريل 2021"
    assert date_words(None, None, "en", NOW, UTC) == ""


def test_the_item_prefix_is_the_items_root() -> None:
    from reader.feeds.itemcodec import ITEM_ROOT, item_path
    from reader.library.ordering import ITEM_PREFIX

    assert f"{ITEM_ROOT}/" == ITEM_PREFIX and str(item_path(3, 4)).startswith(ITEM_PREFIX)


def test_merging_a_batch_gives_what_sorting_all_gives() -> None:
    from pathlib import Path

    from reader.library.ordering import ORDERS, merge_headlines

    days = [dt.date(2024, 1, 1 + n % 5) if n % 3 else None for n in range(40)]
    every = [
        h(f"t{n % 7}", date=days[n], folder=f"f{n % 4}")._replace(path=Path(f"/f{n % 4}/{n}.txt"))
        for n in range(40)
    ]
    for order in ORDERS:
        listed = sort_headlines(every[:25], order)
        assert merge_headlines(listed, every[25:], order) == sort_headlines(every, order), order
