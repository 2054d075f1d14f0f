"""The items store: saving responses, identity and in-place updates, marks, retention, articles."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from reader.feeds.fetch import Fetched
from reader.feeds.itemcodec import ITEM_ROOT, is_item_path, item_path
from reader.feeds.items import ItemsStore, items_path
from reader.feeds.parse import Item, ParsedFeed
from reader.model import Article, ArticleError, Paragraph, Span
from reader.statedb import NewerDatabaseError

URL = "http://127.0.0.1:1/feed.xml"
NOW = 1_700_000_000.0
DAY = 86400.0


def item(key: str, title: str = "", digest: str = "", published: str = "") -> Item:
    article = Article(
        title=title or f"عنوان {key}",
        paragraphs=(Paragraph(f"نص {key}"),),
        format="feed",
        url=f"https://example.org/{key}",
    )
    return Item(key=key, article=article, published=published, digest=digest or f"d-{key}")


def feed(*items: Item, title: str = "أخبار") -> ParsedFeed:
    return ParsedFeed(
        title=title, link="https://example.org/", language="ar", items=items, problem=None
    )


def ok(etag: str | None = '"v1"') -> Fetched:
    return Fetched(url=URL, status="ok", body=b"<rss/>", etag=etag, http_status=200)


@pytest.fixture
def store() -> ItemsStore:
    return ItemsStore.open(None)


def titles(store: ItemsStore) -> list[str]:
    return [headline.title for headline in store.headlines(URL)]


def test_save_stores_items_and_the_feed_state(store: ItemsStore) -> None:
    new = store.save(URL, ok(), feed(item("guid:1"), item("guid:2")), NOW)
    assert new == 2
    state = store.feed(URL)
    assert state is not None
    assert (state.title, state.status, state.new, state.items, state.unread) == (
        "أخبار",
        "ok",
        2,
        2,
        2,
    )
    assert (state.etag, state.last_success, state.last_attempt, state.error) == (
        '"v1"',
        NOW,
        NOW,
        None,
    )
    assert [s.url for s in store.feeds()] == [URL]
    assert store.save(URL, ok(), feed(item("guid:1"), item("guid:2")), NOW + 1) == 0
    assert store.feed(URL).items == 2  # type: ignore[union-attr]
    assert store.feed("http://other/") is None


def test_not_modified_writes_only_the_attempt(store: ItemsStore) -> None:
    store.save(URL, ok(), feed(item("guid:1")), NOW)
    before = store.feed(URL)
    store.save(URL, Fetched(url=URL, status="not-modified", http_status=304), None, NOW + 60)
    after = store.feed(URL)
    assert before is not None and after is not None
    assert after.status == "not-modified" and after.last_attempt == NOW + 60
    assert (after.etag, after.title, after.items) == (before.etag, before.title, before.items)
    assert titles(store) == ["عنوان guid:1"]


def test_an_edited_item_is_updated_in_place_and_keeps_its_marks(store: ItemsStore) -> None:
    store.save(URL, ok(), feed(item("guid:1", "قديم", "d1"), item("guid:2")), NOW)
    path = next(h.path for h in store.headlines(URL) if h.title == "قديم")
    store.set_read(path)
    assert store.toggle_bookmark(path) is True
    store.save(URL, ok(), feed(item("guid:1", "جديد", "d2"), item("guid:2")), NOW + 60)
    assert sorted(titles(store)) == sorted(["جديد", "عنوان guid:2"])
    assert store.article(path).title == "جديد"
    assert store.marks([path]) == {path: (True, True)}
    # The same digest again is not an edit: nothing is rewritten.
    assert store.save(URL, ok(), feed(item("guid:1", "جديد", "d2")), NOW + 120) == 0


def test_duplicate_keys_in_one_response_are_stored_once(store: ItemsStore) -> None:
    new = store.save(URL, ok(), feed(item("guid:1", "الأول"), item("guid:1", "الثاني")), NOW)
    assert new == 1
    assert titles(store) == ["الأول"]


def test_items_are_per_feed(store: ItemsStore) -> None:
    other = "http://127.0.0.1:1/other.xml"
    store.save(URL, ok(), feed(item("guid:1")), NOW)
    assert store.save(other, ok()._replace(url=other), feed(item("guid:1")), NOW) == 1
    assert len(store.headlines()) == 2
    assert len(store.headlines(other)) == 1


def test_an_error_keeps_the_items_and_says_why(store: ItemsStore) -> None:
    store.save(URL, ok(), feed(item("guid:1")), NOW)
    failed = Fetched(url=URL, status="error", error="500 server error", http_status=500)
    assert store.save(URL, failed, None, NOW + 60) == 0
    state = store.feed(URL)
    assert state is not None
    assert (state.status, state.error, state.last_success) == ("error", "500 server error", NOW)
    assert state.not_before is None
    assert titles(store) == ["عنوان guid:1"]
    limited = failed._replace(error="429 too many requests", http_status=429, retry_after=120.0)
    store.save(URL, limited, None, NOW + 100)
    assert store.feed(URL).not_before == NOW + 220  # type: ignore[union-attr]


def test_not_a_feed_is_an_error(store: ItemsStore) -> None:
    empty = ParsedFeed(title="", link="", language="", items=(), problem="not a feed")
    store.save(URL, ok(), empty, NOW)
    state = store.feed(URL)
    assert state is not None
    assert (state.status, state.error, state.etag) == ("error", "not a feed", None)


def test_a_moved_feed_follows_its_new_url(store: ItemsStore) -> None:
    store.save(URL, ok(), feed(item("guid:1")), NOW)
    moved = "http://127.0.0.1:1/new.xml"
    store.save(URL, ok()._replace(moved_to=moved), feed(item("guid:1"), item("guid:2")), NOW + 1)
    assert store.feed(URL) is None
    state = store.feed(moved)
    assert state is not None and state.items == 2 and state.new == 1


def test_headlines_newest_first(store: ItemsStore) -> None:
    store.save(
        URL,
        ok(),
        feed(
            item("a", "وسط", published="2024-05-02T10:00:00+00:00"),
            item("b", "قديم", published="2024-05-01"),
            item("c", "بلا تاريخ"),
            # 08:00 at +03:00 is 05:00 UTC, before 10:00 UTC the same day.
            item("d", "جديد", published="2024-05-03T08:00:00+03:00"),
            item("e", "أقدم من الوسط", published="2024-05-02T08:00:00+03:00"),
        ),
        NOW,
    )
    assert titles(store) == ["جديد", "وسط", "أقدم من الوسط", "قديم", "بلا تاريخ"]
    assert all(h.format == "feed" and is_item_path(h.path) for h in store.headlines())


def test_article_round_trip_keeps_every_field(store: ItemsStore) -> None:
    article = Article(
        title="عنوان <b>",
        paragraphs=(
            Paragraph("عنوان فرعي", kind="heading"),
            Paragraph(
                "نص مع رابط وخط عريض",
                (Span(0, 2, "bold"), Span(7, 11, "link", "https://example.org/x")),
            ),
            Paragraph("اقتباس", kind="quote"),
        ),
        date=dt.date(2024, 5, 1),
        date_text="١ مايو ٢٠٢٤",
        caption="صورة",
        credit="(رويترز)",
        source="أخبار",
        authors=("كاتب", "آخر"),
        language="ar",
        direction="rtl",
        format="feed",
        url="https://example.org/1",
        tags=("سياسة", "اقتصاد"),
    )
    store.save(URL, ok(), feed(Item("guid:x", article, "2024-05-01", "d")), NOW)
    (headline,) = store.headlines(URL)
    assert (headline.date, headline.date_text, headline.direction) == (
        dt.date(2024, 5, 1),
        "١ مايو ٢٠٢٤",
        "rtl",
    )
    assert store.article(headline.path) == article._replace(path=headline.path)


def test_a_lone_surrogate_does_not_fail_the_save(store: ItemsStore) -> None:
    assert store.save(URL, ok(), feed(item("guid:\ud800", "عنوان \udfff")), NOW) == 1
    assert store.warnings == []
    (headline,) = store.headlines(URL)
    assert store.article(headline.path).title.startswith("عنوان")


def test_unknown_paths_raise_article_error(store: ItemsStore) -> None:
    with pytest.raises(ArticleError):
        store.article(Path("/news/a.txt"))
    with pytest.raises(ArticleError):
        store.article(item_path(1, 99))
    assert store.marks([Path("/news/a.txt"), item_path(1, 99)]) == {}
    assert not is_item_path(ITEM_ROOT / "x" / "1.item")
    assert is_item_path(item_path(3, 4))


def test_marks_and_toggles(store: ItemsStore) -> None:
    store.save(URL, ok(), feed(item("guid:1"), item("guid:2")), NOW)
    first, second = (h.path for h in store.headlines(URL))
    assert store.marks([first, second]) == {first: (False, False), second: (False, False)}
    store.set_read(first)
    assert store.toggle_read(second) is True
    assert store.toggle_read(second) is False
    assert store.toggle_bookmark(second) is True
    assert store.marks([first, second]) == {first: (True, False), second: (False, True)}
    assert store.feed(URL).unread == 1  # type: ignore[union-attr]
    store.set_read(first, False)
    assert store.marks([first]) == {first: (False, False)}


def test_retention_never_drops_bookmarked_or_unread_items(store: ItemsStore) -> None:
    days = [f"2024-05-{day:02d}T00:00:00+00:00" for day in range(1, 7)]
    store.save(
        URL, ok(), feed(*(item(f"k{n}", f"t{n}", published=d) for n, d in enumerate(days))), NOW
    )
    paths = {h.title: h.path for h in store.headlines(URL)}
    for title in ("t0", "t1", "t2", "t4", "t5"):
        store.set_read(paths[title])
    store.toggle_bookmark(paths["t0"])  # read but bookmarked: kept
    # t3 unread: kept; keep the newest 2 (t5, t4) -> drop t2 and t1.
    assert store.retain(URL, 2, None, NOW) == 2
    assert titles(store) == ["t5", "t4", "t3", "t0"]
    assert store.retain(URL, 2, None, NOW) == 0
    # By age: published 2024-05-05 is more than 1 day before 2024-05-07.
    later = dt.datetime(2024, 5, 7, tzinfo=dt.UTC).timestamp()
    assert store.retain(URL, None, 1.0, later) == 1
    assert titles(store) == ["t5", "t3", "t0"]
    with pytest.raises(ArticleError):
        store.article(paths["t1"])


def test_the_database_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "data" / "items.sqlite3"
    with ItemsStore.open(path) as first:
        first.save(URL, ok(), feed(item("guid:1")), NOW)
        (headline,) = first.headlines()
        first.set_read(headline.path)
    with ItemsStore.open(path) as second:
        assert second.path == path
        assert second.marks([headline.path]) == {headline.path: (True, False)}
        assert second.article(headline.path).title == "عنوان guid:1"


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError):
        ItemsStore.open(path)
    assert path.read_bytes() == before


def test_a_failed_save_is_a_warning_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    store = ItemsStore.open(path, busy_timeout=0.05)
    store.save(URL, ok(), feed(item("guid:1")), NOW)
    blocker = sqlite3.connect(path, timeout=0, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert store.save(URL, ok(), feed(item("guid:2")), NOW + 1) == 0
        assert any("could not save" in warning for warning in store.warnings)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert titles(store) == ["عنوان guid:1"]
    assert store.feed(URL).last_attempt == NOW  # type: ignore[union-attr]


def test_items_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_ITEMS", raising=False)
    assert items_path(None) is None
    assert items_path(tmp_path / "s.sqlite3") == tmp_path / "s.items.sqlite3"
    monkeypatch.setenv("READER_ITEMS", str(tmp_path))
    assert items_path(None) == tmp_path / "items.sqlite3"
    monkeypatch.setenv("READER_ITEMS", str(tmp_path / "x.db"))
    assert items_path(tmp_path / "s.sqlite3") == tmp_path / "x.db"


def test_made_up_paths_out_of_range_are_unknown(store: ItemsStore) -> None:
    huge = ITEM_ROOT / "1" / f"{10**30}.item"
    assert not is_item_path(huge)
    with pytest.raises(ArticleError):
        store.article(huge)
    assert store.toggle_read(huge) is False


def test_an_item_of_a_failing_feed_says_so(tmp_path: Path) -> None:
    with ItemsStore.open(tmp_path / "items.sqlite3") as store:
        url = "http://127.0.0.1:9/feed"
        ok = Fetched(url, "ok", b"<rss/>")
        item = Item("guid:1", Article("Title", (Paragraph("Body."),)), "2021-04-18", "d1")
        parsed = ParsedFeed("Feed", "", "ar", (item,), None)
        store.save(url, ok, parsed, 1000.0)
        [headline] = store.headlines()
        assert store.article(headline.path).warnings == ()
        store.save(url, Fetched(url, "error", error="404 not found", http_status=404), None, 2000.0)
        warnings = store.article(headline.path).warnings
        assert warnings == ("the feed's last refresh failed: 404 not found",)


@pytest.mark.parametrize(("batch", "first"), [(500, 64), (7, 3), (1, 1), (4, 10)])
def test_iter_headlines_reads_every_item_once_newest_first(
    store: ItemsStore, batch: int, first: int
) -> None:
    # Ties in the publication instant (and undated items) across the batches' edges.
    days = ["2024-01-03", "2024-01-02", "2024-01-02", "", "2024-01-01"]
    items = [item(f"k{n}", published=days[n % len(days)]) for n in range(23)]
    store.save(URL, ok(), feed(*items), 1.0)
    expected = store.headlines(URL)
    found = list(store.iter_headlines(batch=batch, first=first))
    assert [h.path for h in found] == [h.path for h in expected]
    assert len({h.path for h in found}) == 23
    newest = sorted(range(23), key=lambda n: (days[n % len(days)], n), reverse=True)
    assert [h.title for h in found] == [f"عنوان k{n}" for n in newest]
