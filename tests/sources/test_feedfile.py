"""Local feed files (`.rss`, `.atom`, `.xml`) open like any article file: one article per item,
addressed `file.rss#N` like a JSON list's, in folders, `reader list` and `reader render`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from reader.cli import main
from reader.library.scan import scan
from reader.model import ArticleError
from reader.sources import FORMATS, discover, load_all, load_article, read_headlines

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
RAW = ["\x1b", "\x9b", "\x07", "\u202e"]

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار اليوم</title><link>https://news.example/</link>
<item><title>الخبر الأول</title><link>https://news.example/1</link>
<pubDate>Sun, 18 Apr 2021 09:00:00 +0300</pubDate><description>نص الخبر الأول.</description></item>
<item><title>الخبر الثاني \x1b[31mأحمر\u202e</title><link>https://news.example/2</link>
<description>&lt;p&gt;نص &lt;b&gt;الخبر&lt;/b&gt; الثاني.&lt;/p&gt;</description></item>
<item><title>الخبر الثالث</title><link>https://news.example/3</link>
<description>نص الخبر الثالث.</description></item>
</channel></rss>"""


@pytest.fixture(autouse=True)
def _no_state_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("READER_STATE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "news" / "today.rss"
    path.parent.mkdir()
    path.write_bytes(FEED.replace("\x1b", "&#x1b;").encode())  # an XML-invalid reference
    return path


def test_feed_extensions_are_formats() -> None:
    assert {FORMATS[s] for s in (".rss", ".atom", ".xml")} == {"feed"}


def test_every_item_is_an_article(feed: Path) -> None:
    articles = load_all(feed)
    assert [a.path for a in articles if not isinstance(a, ArticleError)] == [
        Path(f"{feed}#{n}") for n in range(3)
    ]
    first = articles[0]
    assert not isinstance(first, ArticleError)
    assert (first.title, first.format, first.source) == ("الخبر الأول", "feed", "أخبار اليوم")
    assert first.date == dt.date(2021, 4, 18) and first.url == "https://news.example/1"
    second = load_article(Path(f"{feed}#1"))
    assert second.path == Path(f"{feed}#1")
    assert second.paragraphs[0].text == "نص الخبر الثاني."
    assert load_article(feed).title == "الخبر الأول"  # the file alone: its first item
    with pytest.raises(ArticleError, match="the file holds 3"):
        load_article(Path(f"{feed}#3"))


def test_a_one_item_feed_is_the_file_itself(tmp_path: Path) -> None:
    path = tmp_path / "one.rss"
    shutil.copy(DATA / "akhbarona-world-425995.rss", path)
    (article,) = load_all(path)
    assert not isinstance(article, ArticleError)
    assert article.path == path and article.date == dt.date(2026, 5, 18)


def test_atom_and_xml_extensions_and_a_sniffed_feed(tmp_path: Path) -> None:
    for name in ("a.atom", "a.xml", "no-extension"):
        path = tmp_path / name
        path.write_text(FEED.replace("\x1b", ""), encoding="utf-8")
        assert len(load_all(path)) == 3, name


def test_an_xml_file_that_is_not_a_feed_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    with pytest.raises(ArticleError, match="not a feed") as caught:
        load_all(path)
    assert "\n" not in str(caught.value)
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>t</title></channel></rss>')
    with pytest.raises(ArticleError, match="a feed with no items"):
        load_all(empty)


def test_folders_find_feed_files_and_headlines_read_them(feed: Path) -> None:
    (feed.parent / "notes.csv").write_text("x")
    assert list(discover([feed.parent])) == [feed]
    headlines = read_headlines(feed)
    assert [h.path for h in headlines] == [Path(f"{feed}#{n}") for n in range(3)]
    scanned = list(scan([feed.parent]))
    assert scanned[0].title == "الخبر الأول"
    assert all(h.file == feed and h.error is None for h in scanned)


def test_reader_list_and_render(feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(feed)]) == 0
    out = capsys.readouterr().out
    assert out.count(str(feed) + "#") == 3 and "الخبر الأول" in out
    assert not any(c in out for c in RAW)
    assert main(["list", "--json", str(feed)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["path"] for a in listed["articles"]] == [f"{feed}#{n}" for n in range(3)]
    assert {a["format"] for a in listed["articles"]} == {"feed"}
    assert main(["render", f"{feed}#1", "--width", "60", "--bidi", "terminal"]) == 0
    rendered = capsys.readouterr().out
    assert "الخبر الثاني" in rendered and "نص الخبر الثاني." in rendered
    assert not any(c in rendered for c in RAW)
