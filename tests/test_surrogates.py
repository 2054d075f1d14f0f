"""Lone surrogates never reach SQLite, JSON or the terminal (issue #9, case 1).

They arrive two ways: file names that are not UTF-8 (an old archive in Windows-1256; `os.fsdecode`
keeps the bytes as surrogates), which become the title of an article that has none, and JSON
escapes such as ``"\\ud800"``. They are replaced by U+FFFD where an article's strings are built,
and the SQLite writes replace them again as a second guard; paths stay lossless, so the file can
still be opened.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.model import Article, Paragraph
from reader.search import SearchIndex
from reader.sources import discover, load_article, read_headlines
from reader.sources.jsonfile import parse_json
from reader.store import Store
from tests.commands.test_hostile_names import run_tui_on_pty

#: "الخبر" in Windows-1256: not UTF-8, so the name decodes to five lone surrogates.
CP1256_NAME = b"\xc7\xe1\xce\xc8\xd1"
#: How it is shown: one U+FFFD per byte.
REPLACED = "\ufffd" * 5


def _valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The issue's two triggers: a JSON escape, and a Windows-1256 name with no title."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "s.json").write_bytes(b'{"title":"\\ud800","body":"x"}')
    (folder / os.fsdecode(CP1256_NAME + b".json")).write_bytes(b'{"body": "x y"}')
    return folder


def test_search_finds_an_article_titled_with_a_lone_surrogate(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "search", "x", str(folder))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2
    assert f"{folder / 's.json'}\t\ufffd\tx" in lines
    assert f"{folder}/{REPLACED}.json\t{REPLACED}\tx y" in lines


def test_search_json_and_a_kept_index(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = str(tmp_path / "state.sqlite3")
    for _ in range(2):  # built, then read back from the file
        code, out, _ = _run(capsys, "search", "x", str(folder), "--json", "--state", state)
        assert code == 0
        titles = sorted(hit["title"] for hit in json.loads(out)["results"])
        assert titles == ["\ufffd", REPLACED]


def test_list_prints_valid_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "list", "--json", str(folder))
    assert (code, err) == (0, "")
    articles = json.loads(out)["articles"]
    assert sorted(a["title"] for a in articles) == ["\ufffd", REPLACED]
    assert all(_valid(value) for a in articles for value in a.values() if isinstance(value, str))


def test_the_path_stays_lossless_so_the_file_opens(folder: Path) -> None:
    (path,) = (p for p in discover([folder]) if p.name != "s.json")
    assert os.fsencode(path.name) == CP1256_NAME + b".json"
    article = load_article(path)
    assert article.title == REPLACED and article.path == path
    (headline,) = read_headlines(path)
    assert not isinstance(headline, Exception) and headline.title == REPLACED


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("t.txt", "x" * 600 + "\n\nbody\n"),  # first line too long: the file name is the title
        ("m.md", "+++\nsource = 'x'\n+++\n\nbody\n"),  # no title in the front matter
        ("h.json", '[{"body": "x"}]'),  # an item of a list: file name and #0
    ],
)
def test_every_format_falls_back_to_a_valid_title(tmp_path: Path, name: str, content: str) -> None:
    stem, suffix = name.split(".")
    path = tmp_path / os.fsdecode(CP1256_NAME + b"-" + stem.encode() + b"." + suffix.encode())
    path.write_text(content, encoding="utf-8")
    article = load_article(path)
    assert _valid(article.title) and article.title.startswith(REPLACED)
    for headline in read_headlines(path):
        assert not isinstance(headline, Exception) and _valid(headline.title)


def test_json_fields_and_paragraphs_are_valid_text() -> None:
    article = parse_json(
        '{"title": "t\\udc80", "source": "\\ud800", "authors": ["\\udfff a", "b"], '
        '"language": "ar\\ud800", "date": "\\ud800", "tags": "x\\ud800", '
        '"body": ["p\\ud800", {"text": "q\\udc00", "kind": "quote"}]}'
    )
    assert article.title == "t\ufffd" and article.source == "\ufffd"
    assert article.authors == ("\ufffd a", "b") and article.language == "ar\ufffd"
    assert article.date_text == "\ufffd" and article.tags == ("x\ufffd",)
    assert [p.text for p in article.paragraphs] == ["p\ufffd", "q\ufffd"]
    assert all(_valid(w) for w in article.warnings)
    body = parse_json('{"title": "t", "body": "one\\ud800\\n\\ntwo"}')
    assert [p.text for p in body.paragraphs] == ["one\ufffd", "two"]


# --- the SQLite write points, as a second guard ---------------------------------------------


def test_the_headline_cache_stores_a_field_holding_a_lone_surrogate(tmp_path: Path) -> None:
    from reader.library.cache import HeadlineCache, cached_rows, save_rows

    store = Store.open(tmp_path / "state.sqlite3")
    HeadlineCache(store)  # creates its table
    file = tmp_path / "x.json"
    fields = ("", "title \ud800", "", "", "rtl", "json")
    save_rows(store, [(file, 1, 2, [fields])], [], "v1")
    assert cached_rows(store, file, 1, 2, "v1") == [("", "title \ufffd", "", "", "rtl", "json")]
    store.close()


def test_the_search_index_stores_an_article_holding_lone_surrogates(tmp_path: Path) -> None:
    article = Article(
        title="عنوان \ud800",
        paragraphs=(Paragraph("نص الخبر \udc80 هنا"),),
        path=tmp_path / os.fsdecode(CP1256_NAME + b".json"),
    )
    for location in (None, tmp_path / "index.sqlite3"):
        with SearchIndex.open(location) as index:
            index.add(article)
            index.add(article)  # replaced: the old row is deleted with the terms it was given
            (hit,) = index.search("الخبر")
            assert hit.title == "عنوان \ufffd"
            assert hit.path == article.path  # the path is kept byte for byte


# --- the reader itself --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="pty test")
def test_the_reader_starts_and_restarts_on_such_a_folder(folder: Path, tmp_path: Path) -> None:
    for _ in range(2):  # the headline cache written by the first run is read by the second
        code, out = run_tui_on_pty([str(folder)], tmp_path, keys=b"jjkm")
        assert b"Traceback" not in out and b"UnicodeEncodeError" not in out, out[-3000:]
        assert code == 0
        assert "\ufffd".encode() * 5 in out  # the title fell back to the file name
