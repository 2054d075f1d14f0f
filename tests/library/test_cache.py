"""The scan's headline cache (`reader.library.cache`), kept in the state database's file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader import __version__
from reader.library import cache as cache_module
from reader.library import scan as scan_module
from reader.library.cache import HEADLINE_MAX_AGE, HeadlineCache, cached_rows, save_rows
from reader.library.scan import Stamp, scan
from reader.model import Headline
from reader.store import Store
from tests.support import tree_hash

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("خبر أول\n\n18 أبريل 2021\n\nنص الخبر.\n", encoding="utf-8")
    (folder / "b.md").write_text('+++\ntitle = "Second"\n+++\n\nBody text.\n', encoding="utf-8")
    items = [{"title": "واحد", "body": "نص"}, {"title": "Two", "body": "Text"}]
    (folder / "c.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n binary")
    return folder


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    original = scan_module.read_headlines

    def counting(path: Path, taken: Stamp | None = None) -> list[Headline]:
        reads.append(path)
        return original(path, taken)

    monkeypatch.setattr(scan_module, "read_headlines", counting)
    return reads


def _scan_with_cache(folder: Path, db: Path) -> list[Headline]:
    with Store.open(db) as store:
        cache = HeadlineCache(store)
        found = list(scan([folder], {}, cache))
        cache.flush()
    return found


def test_a_second_scan_reads_only_what_could_not_be_cached(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite3"
    reads = _count_reads(monkeypatch)
    before = tree_hash(folder)
    fresh = _scan_with_cache(folder, db)
    assert [p.name for p in reads] == ["a.txt", "b.md", "c.json", "d.txt"]
    assert fresh == list(scan([folder]))  # the same entries as a scan without a cache
    reads.clear()
    cached = _scan_with_cache(folder, db)
    assert cached == fresh  # dates, directions, formats and the JSON list's items
    assert [p.name for p in reads] == ["d.txt"]  # a file that failed is read again
    assert tree_hash(folder) == before


def test_a_changed_file_is_read_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite3"
    _scan_with_cache(folder, db)
    (folder / "a.txt").write_text("خبر معدل\n\nنص جديد أطول من قبل.\n", encoding="utf-8")
    reads = _count_reads(monkeypatch)
    found = _scan_with_cache(folder, db)
    assert [p.name for p in reads] == ["a.txt", "d.txt"]
    assert found[0].title == "خبر معدل"


def test_the_same_size_and_a_new_mtime_is_a_change(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite3"
    _scan_with_cache(folder, db)
    path = folder / "a.txt"
    data = path.read_bytes()
    path.write_bytes(data.replace("أول".encode(), "ثان".encode()))
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    reads = _count_reads(monkeypatch)
    assert _scan_with_cache(folder, db)[0].title == "خبر ثان"
    assert folder / "a.txt" in reads


def test_another_parser_version_invalidates_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite3"
    _scan_with_cache(folder, db)
    monkeypatch.setattr(cache_module, "parsers_version", lambda: "another")
    reads = _count_reads(monkeypatch)
    _scan_with_cache(folder, db)
    assert len(reads) == 4


def test_the_version_follows_the_parsers_files() -> None:
    version = cache_module.parsers_version()
    assert version.startswith(f"{__version__}:")
    newest = max(p.stat().st_mtime_ns for p in (REPO / "reader" / "sources").glob("*.py"))
    assert int(version.split(":")[1]) >= newest


def test_relative_paths_come_back_as_given(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite3"
    monkeypatch.chdir(folder.parent)
    fresh = _scan_with_cache(Path("news"), db)
    cached = _scan_with_cache(Path("news"), db)
    assert cached == fresh
    assert str(cached[2].path) == os.path.join("news", "c.json#0")


def test_files_no_scan_found_for_a_month_are_dropped(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    _scan_with_cache(folder, db)
    month_ago = time.time() - HEADLINE_MAX_AGE - 60
    with Store.open(db) as store:
        store.write("a test", ("UPDATE headlines SET seen = ?", (month_ago,)))
        rows = store.read("SELECT COUNT(*) FROM headlines")[0][0]
        assert rows == 4  # a.txt, b.md and the two items of c.json
        # A scan of another folder prunes them; a scan that finds them keeps them.
        other = tmp_path / "other"
        other.mkdir()
        (other / "x.txt").write_text("x\n\ny\n", encoding="utf-8")
        cache = HeadlineCache(store)
        list(scan([other], {}, cache))
        cache.flush()
        left = store.read("SELECT COUNT(*) FROM headlines")[0][0]
    assert left == 1


def test_a_restart_on_a_cached_folder_parses_only_the_opened_article(
    folder: Path, tmp_path: Path
) -> None:
    """Only the first article's parser is imported (the first screen's start-up cost)."""
    db = tmp_path / "state.sqlite3"
    _scan_with_cache(folder, db)
    code = f"""
import sys
from pathlib import Path
from reader.library.cache import HeadlineCache
from reader.library.first_screen import read_first_screen
from reader.library.reading import ReadingState
from reader.store import Store
store = Store.open(Path({str(db)!r}))
folder = Path({str(folder)!r})
first = read_first_screen([folder], ReadingState(store), rows=10, resume=None, folder=folder,
                          cache=HeadlineCache(store))
assert first.article is not None and first.article.title == "خبر أول", first.article
print(sorted(m for m in sys.modules if m.startswith("reader.sources.")))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    loaded = done.stdout.strip()
    assert "reader.sources.text" in loaded
    for parser in ("markdown", "jsonfile", "htmlpage"):
        assert f"reader.sources.{parser}" not in loaded


def test_a_headline_holding_the_separator_is_not_cached(tmp_path: Path) -> None:
    with Store.open(tmp_path / "state.sqlite3") as store:
        plain, odd = tmp_path / "a.txt", tmp_path / "b.txt"
        HeadlineCache(store)  # creates the table
        save_rows(
            store, [(plain, 1, 2, [("", "title")]), (odd, 1, 2, [("", "ti\x1ftle")])], [], "v"
        )
        assert cached_rows(store, plain, 1, 2, "v") == [("", "title")]
        assert cached_rows(store, odd, 1, 2, "v") is None
