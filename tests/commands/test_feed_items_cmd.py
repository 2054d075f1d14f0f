"""`reader list --feeds` and `reader search QUERY --feeds`: the items `reader refresh` stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.feeds.items import ItemsStore, items_path
from tests.commands.feedsupport import document, reader, rss, urls_path
from tests.hostile import ARTICLE

NEWS = rss(
    "أخبار اليوم",
    [("الكاظمي يتحدث", "وقال الكاظمي إن القوات جاهزة"), ("أسعار النفط", "ارتفعت الأسعار")],
    link="http://news.example/",
)
SPORT = rss("Sport", [("Match report", "The match ended in a draw")], link="http://sport.example/")


@pytest.fixture
def refreshed(
    home: Path, feed_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """Two subscribed feeds, refreshed once: their addresses."""
    monkeypatch.delenv("READER_ITEMS", raising=False)
    feed_server.expect_request("/news.rss").respond_with_data(NEWS, content_type="text/xml")
    feed_server.expect_request("/sport.rss").respond_with_data(SPORT, content_type="text/xml")
    news, sport = feed_server.url_for("/news.rss"), feed_server.url_for("/sport.rss")
    urls = urls_path(home)
    urls.parent.mkdir(parents=True)
    urls.write_text(f"{news}\n{sport}\n")
    result = reader(home, "refresh", "--state", home / "state.sqlite3")
    assert result.code == 0, result.describe()
    return news, sport


def _state(home: Path) -> Path:
    return home / "state.sqlite3"


def test_list_feeds_json_schema_and_marks(home: Path, refreshed: tuple[str, str]) -> None:
    news, sport = refreshed
    (home / "articles").mkdir()
    (home / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    files = document(reader(home, "list", "--json", "--state", _state(home), home / "articles"))
    (file_entry,) = files["articles"]
    result = reader(home, "list", "--feeds", "--json", "--state", _state(home))
    assert result.code == 0, result.describe()
    listed = document(result)
    assert listed["errors"] == []
    entries = listed["articles"]
    assert {key for entry in entries for key in entry} == {*file_entry, "feed", "link"}
    assert [(e["feed"], e["title"], e["read"], e["bookmarked"]) for e in entries] == [
        (news, "أسعار النفط", False, False),  # newest first within a feed
        (news, "الكاظمي يتحدث", False, False),
        (sport, "Match report", False, False),
    ]
    assert [e["link"] for e in entries] == [
        "http://news.example/1",
        "http://news.example/0",
        "http://sport.example/0",
    ]
    where = items_path(_state(home))
    assert where is not None
    with ItemsStore.open(where) as store:
        first = store.headlines(sport)[0].path
        store.set_read(first)
        store.toggle_bookmark(first)
    again = document(reader(home, "list", "--feeds", "--json", "--state", _state(home)))
    assert [(e["read"], e["bookmarked"]) for e in again["articles"]][2] == (True, True)
    plain = reader(home, "list", "--feeds", "--state", _state(home)).out.decode().splitlines()
    assert [line.split("\t")[0] for line in plain] == ["U", "U", "B"]
    assert [line.split("\t")[-2:] for line in plain][2] == [sport, "http://sport.example/0"]


def test_one_feed_files_too_and_an_unknown_feed(home: Path, refreshed: tuple[str, str]) -> None:
    news, sport = refreshed
    one = document(
        reader(home, "list", "--feeds", "--feed", sport, "--json", "--state", _state(home))
    )
    assert [e["title"] for e in one["articles"]] == ["Match report"]
    folder = home / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    both = reader(home, "list", folder, "--feeds", "--feed", news, "--state", _state(home))
    assert both.code == 0, both.describe()
    titles = [line.split("\t")[1] for line in both.out.decode().splitlines()]
    assert titles == ["عنوان الخبر", "أسعار النفط", "الكاظمي يتحدث"]  # files first
    unknown = reader(
        home, "list", "--feeds", "--feed", "http://nowhere.example/", "--state", _state(home)
    )
    assert unknown.code == 2 and unknown.out == b"", unknown.describe()
    assert len(unknown.err.splitlines()) == 1
    usage = reader(home, "list", "--json")
    assert usage.code == 2 and b"--feeds" in usage.err, usage.describe()


def test_nothing_stored_yet_lists_nothing_and_creates_nothing(home: Path) -> None:
    urls = urls_path(home)
    urls.parent.mkdir(parents=True)
    urls.write_text("http://127.0.0.1:9/feed.rss\n")
    result = reader(home, "list", "--feeds", "--json")
    assert result.code == 0, result.describe()
    assert document(result) == {"articles": [], "errors": []}
    assert not (home / "data").exists() and not (home / "state").exists()


def test_escapes_in_stored_items_never_reach_the_terminal(
    home: Path, feed_server: HTTPServer
) -> None:
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Item \x1b]52;c;UFdORUQ=\x07 one \xe2\x80\xae</title>"
        b"<link>http://e.x/1\x1b[2J</link><author>\xc2\x9b31m someone</author>"
        b"<description>word \x1b]0;PWNED\x07 body</description></item></channel></rss>"
    )
    feed_server.expect_request("/evil.rss").respond_with_data(evil, content_type="text/xml")
    urls = urls_path(home)
    urls.parent.mkdir(parents=True)
    urls.write_text(feed_server.url_for("/evil.rss") + "\n")
    assert reader(home, "refresh").code == 0
    for args in (("list", "--feeds"), ("list", "--feeds", "--json"), ("search", "word", "--feeds")):
        result = reader(home, *args)
        assert result.code == 0 and b"Item" in result.out, result.describe()
        assert result.injected() == [], result.describe()


def test_search_finds_stored_items(home: Path, refreshed: tuple[str, str]) -> None:
    news, _ = refreshed
    result = reader(home, "search", "قال", "--feeds", "--json", "--state", _state(home))
    assert result.code == 0, result.describe()
    (hit,) = document(result)["results"]  # قال finds وقال, the way files are searched
    assert (hit["title"], hit["feed"], hit["link"]) == (
        "الكاظمي يتحدث",
        news,
        "http://news.example/0",
    )
    assert "وقال الكاظمي" in hit["snippet"]
    none = reader(home, "search", "draw", "--feeds", "--feed", news, "--state", _state(home))
    assert none.code == 1 and none.out == b"", none.describe()
    found = reader(home, "search", "draw", "--feeds", "--state", _state(home))
    assert found.code == 0 and found.out.decode().split("\t")[1] == "Match report"


def test_search_files_and_items_together(home: Path, refreshed: tuple[str, str]) -> None:
    folder = home / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# خبر محلي\n\nالكاظمي في بغداد.\n", encoding="utf-8")
    files_only = document(reader(home, "search", "الكاظمي", folder, "--json"))
    assert [hit["title"] for hit in files_only["results"]] == ["خبر محلي"]
    both = reader(home, "search", "الكاظمي", folder, "--feeds", "--json", "--state", _state(home))
    assert both.code == 0, both.describe()
    titles = sorted(hit["title"] for hit in document(both)["results"])
    assert titles == ["الكاظمي يتحدث", "خبر محلي"]
    limited = reader(
        home, "search", "الكاظمي", folder, "--feeds", "--limit", "1", "--state", _state(home)
    )
    assert len(limited.out.splitlines()) == 1
    usage = reader(home, "search", "الكاظمي")
    assert usage.code == 2 and b"--feeds" in usage.err, usage.describe()
