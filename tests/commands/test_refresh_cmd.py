"""`reader refresh [--json] [--urls] [--state]` against feeds served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from tests.commands.feedsupport import document, reader, rss, urls_path

ARABIC = rss("أخبار اليوم", [("عنوان الخبر الأول", "نص الخبر الأول"), ("خبر ثان", "نص ثان")])


def _subscribe(home: Path, *urls: str) -> Path:
    path = urls_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# feeds\n" + "".join(f"{url}\n" for url in urls))
    return path


def _conditional(request: Request) -> Response:
    """The feed with an ETag; 304 when the client already has it."""
    if request.headers.get("If-None-Match") == '"v1"':
        return Response(status=304, headers={"ETag": '"v1"'})
    return Response(ARABIC, content_type="application/rss+xml", headers={"ETag": '"v1"'})


def test_json_schema_ok_404_then_not_modified(home: Path, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/ar.rss").respond_with_handler(_conditional)
    feed_server.expect_request("/gone.rss").respond_with_data("no", status=404)
    good, missing = feed_server.url_for("/ar.rss"), feed_server.url_for("/gone.rss")
    _subscribe(home, good, missing)
    first = reader(home, "refresh", "--json")
    assert first.code == 1, first.describe()  # a feed failed
    feeds = document(first)["feeds"]
    assert [sorted(feed) for feed in feeds] == [["error", "new", "status", "title", "url"]] * 2
    assert feeds[0] == {
        "url": good,
        "title": "أخبار اليوم",
        "status": "ok",
        "new": 2,
        "error": None,
    }
    assert feeds[1]["url"] == missing and feeds[1]["status"] == "error" and feeds[1]["new"] == 0
    assert "404" in feeds[1]["error"]
    feed_server.clear()
    feed_server.expect_request("/ar.rss").respond_with_handler(_conditional)
    _subscribe(home, good)
    second = reader(home, "refresh", "--json")
    assert second.code == 0, second.describe()
    (feed,) = document(second)["feeds"]
    assert (feed["status"], feed["new"], feed["error"]) == ("not-modified", 0, None)
    assert feed["title"] == "أخبار اليوم"  # from the store: nothing was parsed
    listed = document(reader(home, "feeds", "list", "--json"))["feeds"]
    assert [(f["status"], f["items"], f["unread"]) for f in listed] == [("not-modified", 2, 2)]


def test_plain_output_one_line_per_feed(home: Path, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/ar.rss").respond_with_data(ARABIC, content_type="text/xml")
    feed_server.expect_request("/gone.rss").respond_with_data("gone", status=410)
    _subscribe(home, feed_server.url_for("/ar.rss"), feed_server.url_for("/gone.rss"))
    result = reader(home, "refresh")
    assert result.code == 1, result.describe()
    lines = [line.split("\t") for line in result.out.decode().splitlines()]
    assert lines[0] == [feed_server.url_for("/ar.rss"), "أخبار اليوم", "2 new"]
    assert lines[1][0] == feed_server.url_for("/gone.rss") and "410" in lines[1][2]
    assert len(lines) == 2


def test_a_moved_feed_moves_in_the_urls_file(home: Path, feed_server: HTTPServer) -> None:
    new = feed_server.url_for("/new.rss")
    feed_server.expect_request("/old.rss").respond_with_data("", 301, headers={"Location": new})
    feed_server.expect_request("/new.rss").respond_with_data(ARABIC, content_type="text/xml")
    urls = home / "my-urls"
    urls.write_text(f'# kept\n{feed_server.url_for("/old.rss")} tag "~Mine"\n')
    state = home / "elsewhere" / "state.sqlite3"
    state.parent.mkdir()
    result = reader(home, "refresh", "--json", "--urls", urls, "--state", state)
    assert result.code == 0, result.describe()
    (feed,) = document(result)["feeds"]
    assert (feed["status"], feed["new"]) == ("ok", 2)
    assert urls.read_text() == f'# kept\n{new} tag "~Mine"\n'
    assert not urls_path(home).exists()  # --urls: the default file is not touched
    # The items went beside --state, and the moved feed is known there under its new address.
    listed = reader(home, "feeds", "--urls", urls, "list", "--json", "--state", state)
    assert [(f["url"], f["status"], f["items"]) for f in document(listed)["feeds"]] == [
        (new, "ok", 2)
    ]
    elsewhere = reader(home, "feeds", "--urls", urls, "list", "--json")
    assert [f["status"] for f in document(elsewhere)["feeds"]] == ["never"]


def test_escapes_in_a_feed_never_reach_the_terminal(home: Path, feed_server: HTTPServer) -> None:
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        b"<title>Evil \x1b]0;PWNED\x07 \xe2\x80\xae news \x1b[2J</title><link>http://e.x/</link>"
        b"<item><title>Item \x1b]52;c;UFdORUQ=\x07 one</title><link>http://e.x/1</link>"
        b"<description>\xc2\x9b31m body</description></item></channel></rss>"
    )
    feed_server.expect_request("/evil.rss").respond_with_data(evil, content_type="text/xml")
    _subscribe(home, feed_server.url_for("/evil.rss"))
    for args in (
        ("refresh",),
        ("refresh", "--json"),
        ("feeds", "list"),
        ("feeds", "list", "--json"),
    ):
        result = reader(home, *args)
        assert result.injected() == [], result.describe()
        assert b"Evil" in result.out and b"news" in result.out, result.describe()


def test_no_subscriptions_and_an_unreachable_feed(home: Path, feed_server: HTTPServer) -> None:
    nothing = reader(home, "refresh", "--json")
    assert nothing.code == 0 and document(nothing) == {"feeds": []}, nothing.describe()
    assert len(nothing.err.splitlines()) == 1
    feed_server.expect_request("/page").respond_with_data(
        "<html>hi</html>", content_type="text/html"
    )
    _subscribe(home, feed_server.url_for("/page"))
    page = reader(home, "refresh", "--json")
    (feed,) = document(page)["feeds"]
    assert page.code == 1 and feed["status"] == "error" and feed["error"], page.describe()


def test_a_moved_feed_takes_its_options_in_config_toml(home: Path, feed_server: HTTPServer) -> None:
    old, new = feed_server.url_for("/old.rss"), feed_server.url_for("/new.rss")
    feed_server.expect_request("/old.rss").respond_with_data("", 301, headers={"Location": new})
    feed_server.expect_request("/new.rss").respond_with_data(ARABIC, content_type="text/xml")
    _subscribe(home, old)
    config = home / "config" / "reader" / "config.toml"
    config.write_text(f'# mine\n[feeds."{old}"]\nkeep_items = 7  # enough\ncolour = 1\n')
    result = reader(home, "refresh")
    assert result.code == 0, result.describe()
    # The problem is said once, with its line; the options table follows the feed.
    assert result.err.decode().splitlines() == [
        f"reader refresh: {config}:4: unknown key 'colour' for a feed "
        "(known: keep_items, keep_days, full_text)"
    ]
    text = config.read_text()
    assert old not in text and f'[feeds."{new}"]\nkeep_items = 7  # enough\n' in text
    assert text.startswith("# mine\n")
