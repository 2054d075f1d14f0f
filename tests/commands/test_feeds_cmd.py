"""`reader feeds add|remove|list|import|export`, run as the user runs it (a child process)."""

from __future__ import annotations

from pathlib import Path

from tests.commands.feedsupport import document, reader, urls_path


def test_add_list_remove_keeps_the_rest_of_the_file(home: Path) -> None:
    urls = urls_path(home)
    urls.parent.mkdir(parents=True)
    urls.write_text('# my feeds\nhttp://a.example/feed news "~Feed A"\n\n# the end\n')
    added = reader(home, "feeds", "add", "https://b.example/rss.xml", "world", "ar")
    assert added.code == 0 and added.err == b"", added.describe()
    listed = document(reader(home, "feeds", "list", "--json"))
    rows = [(f["url"], f["title"], f["tags"], f["status"]) for f in listed["feeds"]]
    assert rows == [
        ("http://a.example/feed", "Feed A", ["news"], "never"),
        ("https://b.example/rss.xml", "", ["world", "ar"], "never"),
    ]
    plain = reader(home, "feeds", "list").out.decode().splitlines()
    assert [line.split("\t")[:3] for line in plain] == [
        ["http://a.example/feed", "Feed A", "news"],
        ["https://b.example/rss.xml", "", "world,ar"],
    ]
    again = reader(home, "feeds", "add", "https://b.example/rss.xml")
    assert again.code == 1 and len(again.err.splitlines()) == 1, again.describe()
    removed = reader(home, "feeds", "remove", "http://a.example/feed")
    assert removed.code == 0, removed.describe()
    assert urls.read_text() == "# my feeds\n\n# the end\nhttps://b.example/rss.xml world ar\n"
    gone = reader(home, "feeds", "remove", "http://a.example/feed")
    assert gone.code == 1 and len(gone.err.splitlines()) == 1, gone.describe()


def test_a_bad_address_is_refused_in_one_line(home: Path) -> None:
    for url in ("ftp://example.com/feed", "file:///etc/passwd", "example.com/feed", "http://"):
        result = reader(home, "feeds", "add", url)
        assert result.code == 1, result.describe()
        assert result.out == b"" and len(result.err.splitlines()) == 1, result.describe()
    assert not urls_path(home).exists()


def test_escapes_in_an_address_or_tag_never_reach_the_terminal(home: Path) -> None:
    evil = "http://x.example/\x1b]0;PWNED\x07"
    result = reader(home, "feeds", "add", evil)
    assert result.code == 1 and len(result.err.splitlines()) == 1, result.describe()
    tagged = reader(home, "feeds", "add", "http://x.example/", "\x1b]52;c;UFdORUQ=\x07")
    assert tagged.code in (0, 1) and tagged.injected() == [], tagged.describe()
    listed = reader(home, "feeds", "list")
    assert listed.injected() == [], listed.describe()


def test_opml_import_then_export_round_trip(home: Path, tmp_path: Path) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="أخبار"><outline type="rss" text="الجزيرة" '
        'xmlUrl="https://example.net/ar.xml"/></outline>'
        '<outline type="rss" text="Atom feed" xmlUrl="http://example.org/atom"/>'
        '<outline type="rss" text="bad" xmlUrl="javascript:alert(1)"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    imported = reader(home, "feeds", "import", opml)
    assert imported.code == 0, imported.describe()
    assert imported.out == b"imported 2 of 2 feeds\n"
    assert b"feed 3: not a web address" in imported.err  # the skipped feed is said
    assert len(imported.err.splitlines()) == 1, imported.describe()
    exported = reader(home, "feeds", "export")
    assert exported.code == 0, exported.describe()
    (tmp_path / "again.opml").write_bytes(exported.out)
    other = home / "other-urls"
    again = reader(home, "feeds", "--urls", other, "import", tmp_path / "again.opml")
    assert again.code == 0 and again.out == b"imported 2 of 2 feeds\n", again.describe()
    first = document(reader(home, "feeds", "list", "--json"))["feeds"]
    second = document(reader(home, "feeds", "--urls", other, "list", "--json"))["feeds"]
    assert [(f["url"], f["title"], f["tags"]) for f in first] == [
        ("https://example.net/ar.xml", "الجزيرة", ["أخبار"]),
        ("http://example.org/atom", "Atom feed", []),
    ]
    assert first == second
    # Importing the same file again adds nothing.
    twice = reader(home, "feeds", "import", opml)
    assert twice.code == 0 and twice.out == b"imported 0 of 2 feeds\n", twice.describe()


def test_an_unreadable_opml_file_is_one_line(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline")
    for path in (tmp_path / "missing.opml", broken, tmp_path):
        result = reader(home, "feeds", "import", path)
        assert result.code == 1 and len(result.err.splitlines()) == 1, result.describe()
    assert not urls_path(home).exists()


def test_set_writes_a_subscribed_feeds_options_and_list_shows_them(home: Path) -> None:
    feed = "https://b.example/rss.xml"
    assert reader(home, "feeds", "add", feed, "world").code == 0
    config = home / "config" / "reader" / "config.toml"
    config.write_text('# mine\nbidi = "app"  # kept\n')
    result = reader(home, "feeds", "set", feed, "--keep_items", "100", "--full_text", "on")
    assert result.code == 0 and result.err == b"", result.describe()
    assert result.out.decode() == f"{feed}\tkeep_items=100,full_text\n"
    again = reader(
        home, "feeds", "set", feed.upper().replace("RSS.XML", "rss.xml"), "--keep_days", "30"
    )
    assert again.code == 0, again.describe()
    assert config.read_text() == (
        '# mine\nbidi = "app"  # kept\n\n'
        f'[feeds."{feed}"]\nkeep_items = 100\nfull_text = true\nkeep_days = 30\n'
    )
    listed = document(reader(home, "feeds", "list", "--json"))
    assert [f["options"] for f in listed["feeds"]] == [
        {"keep_items": 100, "keep_days": 30, "full_text": True}
    ]
    plain = reader(home, "feeds", "list").out.decode().splitlines()
    assert [line.split("\t")[5] for line in plain] == ["keep_items=100,keep_days=30,full_text"]
    off = reader(home, "feeds", "set", feed, "--full_text", "off")
    assert off.out.decode() == f"{feed}\tkeep_items=100,keep_days=30\n", off.describe()
    # remove leaves the options in config.toml, and says so.
    removed = reader(home, "feeds", "remove", feed)
    assert removed.out.decode() == f"unsubscribed: {feed} (its options stay in config.toml)\n"
    assert f'[feeds."{feed}"]' in config.read_text()


def test_set_refuses_a_feed_not_subscribed_and_bad_values(home: Path) -> None:
    config = home / "config" / "reader" / "config.toml"
    absent = reader(home, "feeds", "set", "https://x.example/", "--keep_items", "3")
    assert absent.code == 2 and absent.out == b"", absent.describe()
    assert absent.err.decode() == (
        "reader feeds: not subscribed: https://x.example/ (reader feeds add URL)\n"
    )
    assert reader(home, "feeds", "add", "https://x.example/").code == 0
    for bad in (("--keep_items", "-1"), ("--keep_days", "x"), ("--full_text", "yes"), ()):
        refused = reader(home, "feeds", "set", "https://x.example/", *bad)
        assert refused.code == 2 and refused.out == b"", refused.describe()
    assert not config.exists()
    config.write_text("bidi = \n")  # not TOML: the user's to fix, never overwritten
    broken = reader(home, "feeds", "set", "https://x.example/", "--keep_items", "3")
    assert broken.code == 1 and len(broken.err.splitlines()) == 1, broken.describe()
    assert config.read_text() == "bidi = \n"


def test_a_large_opml_import(home: Path, tmp_path: Path) -> None:
    opml = tmp_path / "many.opml"
    outlines = "".join(
        f'<outline type="rss" text="f{n}" xmlUrl="https://f{n}.example/rss"/>' for n in range(5000)
    )
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    assert reader(home, "feeds", "add", "https://f7.example/rss").code == 0
    result = reader(home, "feeds", "import", opml)
    assert result.code == 0 and result.out == b"imported 4999 of 5000 feeds\n", result.describe()
    lines = urls_path(home).read_text().splitlines()
    assert len(lines) == 5000 and lines[:2] == [
        "https://f7.example/rss",
        'https://f0.example/rss "~f0"',
    ]
