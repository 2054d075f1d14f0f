"""Discovery in folders, load_article/load_all, and the cheap headline pass."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

from reader.model import ArticleError
from reader.sources import (
    Headline,
    SourceError,
    discover,
    load_all,
    load_article,
    read_headline,
    read_headlines,
)
from reader.sources.scan import HEAD_BYTES


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_recursive_sorted_known_extensions(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.json", "sub/deeper/d.html", "e.pdf", ".hidden.txt"):
        _write(tmp_path / name, "x")
    _write(tmp_path / ".git" / "f.txt", "x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.json", "sub/deeper/d.html"]


def test_discover_yields_named_files_whatever_their_extension(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.log", "x")
    assert list(discover([path])) == [path]


def test_discover_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "x.txt", "x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a file link to itself
    errors: list[tuple[Path, str]] = []
    found = list(discover([tmp_path], on_error=lambda p, r: errors.append((p, r))))
    assert found == [tmp_path / "a" / "x.txt", tmp_path / "self.txt"]
    assert errors == [
        (tmp_path / "a" / "loop", "symbolic link to a folder already scanned (skipped)")
    ]
    with pytest.raises(ArticleError, match="symbolic link loop"):
        load_article(tmp_path / "self.txt")


def test_discover_missing_path_is_reported(tmp_path: Path) -> None:
    errors: list[tuple[Path, str]] = []
    assert list(discover([tmp_path / "nope"], on_error=lambda p, r: errors.append((p, r)))) == []
    assert errors == [(tmp_path / "nope", "no such file (deleted or moved?)")]


def test_discover_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    _write(locked / "x.txt", "x")
    _write(tmp_path / "ok.txt", "x")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("reader.sources.scan.os.scandir", scandir)
    errors: list[tuple[Path, str]] = []
    found = list(discover([tmp_path], on_error=lambda p, r: errors.append((p, r))))
    assert found == [tmp_path / "ok.txt"]
    assert errors == [(locked, "folder not read: permission denied")]


def test_json_list_paths_with_index(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.json",
        json.dumps([{"title": "one", "body": "a"}, [], {"title": "three", "body": "c"}]),
    )
    results = load_all(path)
    assert [str(r.path) for r in results] == [f"{path}#0", f"{path}#1", f"{path}#2"]
    assert isinstance(results[1], SourceError) and results[1].reason.startswith("expected")
    assert load_article(Path(f"{path}#2")).title == "three"
    assert load_article(path).title == "one"  # the file alone is its first article
    with pytest.raises(ArticleError, match="no such article"):
        load_article(Path(f"{path}#9"))
    headlines = read_headlines(path)
    assert isinstance(headlines[0], Headline) and headlines[0].title == "one"
    assert isinstance(headlines[1], SourceError)


def test_one_object_json_keeps_its_plain_path(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", json.dumps({"title": "t", "body": "b"}))
    assert load_article(path).path == path


def test_headline_of_the_seed() -> None:
    seed = Path(__file__).resolve().parents[2] / "articles" / "000_a322a2262cb437ac.txt"
    headline = read_headline(seed)
    article = load_article(seed)
    assert headline == Headline(
        seed, article.title, dt.date(2021, 4, 18), "18 ابريل 2021", "rtl", "text"
    )


def test_headline_reads_only_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "big.txt", "عنوان\n18 ابريل 2021\n" + "فقرة طويلة.\n" * 100_000)
    sizes: list[int] = []
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        sizes.append(size)
        return real_read(fd, size)

    monkeypatch.setattr("reader.sources.files.os.read", read)
    headline = read_headline(path)
    assert headline.title == "عنوان" and headline.date == dt.date(2021, 4, 18)
    assert sum(sizes) <= HEAD_BYTES + 1


def test_headline_of_markdown_with_a_long_front_matter(tmp_path: Path) -> None:
    padding = "".join(f'k{i} = "{"x" * 100}"\n' for i in range(300))
    path = _write(tmp_path / "a.md", f'+++\n{padding}title = "late title"\n+++\n\nBody.\n')
    assert read_headline(path).title == "late title"


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.json"])
def test_deleted_between_scan_and_open(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / name, "x")
    found = list(discover([tmp_path]))
    path.unlink()
    with pytest.raises(ArticleError, match="no such file"):
        load_all(found[0])
    with pytest.raises(ArticleError, match="no such file"):
        read_headline(found[0])


def test_headline_of_a_long_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    text = "عنوان طويل\n18 ابريل 2021\n" + "فقرة من النص.\n" * 5000
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    headline = read_headline(path)
    assert headline.title == "عنوان طويل" and headline.date == dt.date(2021, 4, 18)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"title": "t", "body": "b"}', "json"),
        ("+++\ntitle = 't'\n+++\nbody\n", "markdown"),
        ("# Heading\n\nbody\n", "markdown"),
        ("عنوان\nنص\n", "text"),
        ("#hashtag is not a heading\nbody\n", "text"),
    ],
)
def test_a_file_without_a_known_extension_is_read_by_its_content(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = _write(tmp_path / "saved-article", content)
    assert load_article(path).format == expected
    assert read_headline(path).format == expected


def test_an_html_page_without_extension_needs_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = _write(tmp_path / "page", "<!DOCTYPE html><html><body><p>x</p></body></html>")
    with pytest.raises(ArticleError, match="optional 'html' extra"):
        load_article(path)
