"""The items store's full texts: kept beside the feed's body, shown as the body, schema upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.feeds.fetch import Fetched
from reader.feeds.fulltextstore import FULL_TEXT_FORMAT
from reader.feeds.itemcodec import encode_article, item_path
from reader.feeds.items import ITEMS_VERSION, ItemsStore
from reader.feeds.parse import Item, ParsedFeed
from reader.model import Article, Paragraph, Span

URL = "http://127.0.0.1:1/feed.xml"
NOW = 1_700_000_000.0
FULL = (
    Paragraph("الفقرة الأولى من الصفحة", (Span(0, 7, "link", "https://example.org/a"),)),
    Paragraph("عنوان فرعي", kind="heading"),
    Paragraph("الفقرة الثانية من الصفحة"),
)


def item(key: str, title: str = "", digest: str = "", published: str = "", link: str = "") -> Item:
    article = Article(
        title=title or f"عنوان {key}",
        paragraphs=(Paragraph(f"ملخص {key}"),),
        format="feed",
        url=link if link or key == "nolink" else f"https://example.org/{key}",
        tags=("سياسة",),
        credit="وكالة",
    )
    return Item(key=key, article=article, published=published, digest=digest or f"d-{key}")


def feed(*items: Item) -> ParsedFeed:
    return ParsedFeed("أخبار", "https://example.org/", "ar", items, None)


OK = Fetched(url=URL, status="ok", body=b"<rss/>", http_status=200)


@pytest.fixture
def store() -> ItemsStore:
    return ItemsStore.open(None)


def paths(store: ItemsStore) -> list[Path]:
    return [headline.path for headline in store.headlines(URL)]


def test_the_full_text_becomes_the_body_and_the_rest_stays(store: ItemsStore) -> None:
    store.save(URL, OK, feed(item("a")), NOW)
    [path] = paths(store)
    before = store.article(path)
    assert before.format == "feed" and not store.has_full_text(path)
    assert store.set_full_text(path, FULL, NOW + 1)
    after = store.article(path)
    assert store.has_full_text(path)
    assert after.paragraphs == FULL
    assert after.format == FULL_TEXT_FORMAT
    assert after._replace(paragraphs=before.paragraphs, format="feed") == before
    assert store.full_text(path) == FULL


def test_item_link(store: ItemsStore) -> None:
    store.save(URL, OK, feed(item("a", published="2024-01-02"), item("nolink")), NOW)
    by_title = {store.article(p).title: p for p in paths(store)}
    assert store.item_link(by_title["عنوان a"]) == "https://example.org/a"
    assert store.item_link(by_title["عنوان nolink"]) is None
    assert store.item_link(item_path(99, 99)) is None
    assert store.item_link(Path("/not/an/item")) is None


def test_lacking_full_text_newest_first_and_since(store: ItemsStore) -> None:
    store.save(URL, OK, feed(item("old", published="2024-01-01")), NOW)
    store.save(URL, OK, feed(item("new", published="2024-03-01")), NOW + 60)
    store.save(URL, OK, feed(item("mid", published="2024-02-01")), NOW + 60)
    by_key = {store.article(p).title.split()[-1]: p for p in paths(store)}
    assert store.lacking_full_text(URL) == [by_key["new"], by_key["mid"], by_key["old"]]
    assert store.lacking_full_text(URL, since=NOW + 60) == [by_key["new"], by_key["mid"]]
    store.set_full_text(by_key["mid"], FULL, NOW)
    assert store.lacking_full_text(URL) == [by_key["new"], by_key["old"]]
    assert store.lacking_full_text("http://127.0.0.1:1/other") == []


def test_an_item_edited_upstream_keeps_its_full_text(store: ItemsStore) -> None:
    store.save(URL, OK, feed(item("a")), NOW)
    [path] = paths(store)
    store.set_full_text(path, FULL, NOW)
    store.save(URL, OK, feed(item("a", title="عنوان معدل", digest="d2")), NOW + 60)
    article = store.article(path)
    assert article.title == "عنوان معدل"
    assert article.paragraphs == FULL and store.has_full_text(path)


def test_set_full_text_of_an_item_not_stored(store: ItemsStore) -> None:
    assert not store.set_full_text(item_path(5, 5), FULL, NOW)
    assert not store.set_full_text(Path("/x.txt"), FULL, NOW)
    assert not store.has_full_text(item_path(5, 5))


def test_a_dropped_item_takes_its_full_text_along(tmp_path: Path) -> None:
    file = tmp_path / "items.sqlite3"
    with ItemsStore.open(file) as store:
        store.save(URL, OK, feed(item("a", published="2024-01-01"), item("b")), NOW)
        for path in paths(store):
            store.set_full_text(path, FULL, NOW)
        [path, kept] = sorted(paths(store), key=lambda p: store.article(p).title)
        store.set_read(path)
        assert store.retain(URL, 0, 1, NOW + 10 * 86400) == 1
        assert not store.has_full_text(path) and store.full_text(path) is None
        assert store.has_full_text(kept) and store.lacking_full_text(URL) == []
    # Nothing of the dropped item is left in the file.
    count = sqlite3.connect(file).execute("SELECT count(*) FROM full_texts").fetchone()[0]
    assert count == 1


# The schema of version 1, as the first round of the reader wrote it.
V1_SCHEMA = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]', etag TEXT, last_modified TEXT,
    last_success REAL, last_attempt REAL, status TEXT NOT NULL DEFAULT 'never', error TEXT,
    new INTEGER NOT NULL DEFAULT 0, not_before REAL
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, feed INTEGER NOT NULL, key TEXT NOT NULL,
    digest TEXT NOT NULL, published TEXT NOT NULL DEFAULT '', fetched REAL NOT NULL,
    read INTEGER NOT NULL DEFAULT 0, bookmarked INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '', date TEXT, date_text TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'rtl', article TEXT NOT NULL, UNIQUE (feed, key)
);
CREATE INDEX items_listed
    ON items (published DESC, id DESC, feed, title, date, date_text, direction);
CREATE INDEX items_by_feed ON items (feed, published DESC, id DESC);
PRAGMA user_version = 1;
"""


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute("INSERT INTO feeds (url, title, status) VALUES (?, 'أخبار', 'ok')", (URL,))
    article = item("a").article
    conn.execute(
        "INSERT INTO items (feed, key, digest, fetched, read, title, article) "
        "VALUES (1, 'a', 'd-a', ?, 1, ?, ?)",
        (NOW, article.title, encode_article(article)),
    )
    conn.commit()
    conn.close()

    with ItemsStore.open(path) as store:
        assert store.warnings == []
        [path_a] = paths(store)
        assert store.article(path_a).title == article.title
        assert store.marks([path_a]) == {path_a: (True, False)}
        assert store.lacking_full_text(URL) == [path_a]
        assert store.set_full_text(path_a, FULL, NOW)
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == ITEMS_VERSION == 2
    with ItemsStore.open(path) as store:
        assert store.article(path_a).paragraphs == FULL
        assert store.article(path_a).format == FULL_TEXT_FORMAT


def test_an_items_version_changes_with_an_edit_and_with_its_full_text(store: ItemsStore) -> None:
    other = "http://127.0.0.1:1/other.xml"
    store.save(URL, OK, feed(item("a"), item("b")), NOW)
    store.save(other, OK._replace(url=other), feed(item("c")), NOW)
    first = store.versions(URL)
    assert set(first) == set(paths(store)) and len(first) == 2
    assert set(store.versions()) == set(first) | {h.path for h in store.headlines(other)}
    a, b = sorted(first, key=lambda p: store.article(p).title)
    store.set_full_text(a, FULL, NOW + 1)
    store.save(URL, OK, feed(item("a"), item("b", digest="d2")), NOW + 60)
    after = store.versions(URL)
    assert after[a] != first[a] and after[b] != first[b]
    store.save(URL, OK, feed(item("a"), item("b", digest="d2")), NOW + 120)
    assert store.versions(URL) == after
