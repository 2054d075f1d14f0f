"""The scan's first pass (`reader.library.scan`): headlines with their file, or a reason."""

from __future__ import annotations

import json
from pathlib import Path

from reader.library.scan import PAUSE, check_paths, parsed_whole, read_headlines, scan, stamp
from reader.model import Headline


def test_a_json_list_gives_one_headline_per_item_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    items = [{"title": "واحد", "body": "نص"}, {"title": "Two", "body": "Text"}]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    found = read_headlines(path)
    assert [h.title for h in found] == ["واحد", "Two"]
    assert [h.path.name for h in found] == ["feed.json#0", "feed.json#1"]
    assert all(h.file == path and h.error is None and h.format == "json" for h in found)


def test_an_unreadable_file_is_a_headline_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary" * 50)
    (found,) = read_headlines(path)
    assert found == Headline(path=path, title="x.txt", error=found.error, file=path)
    assert found.error and "\n" not in found.error


def test_the_scan_pauses_before_a_slow_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a\n\nbody\n", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"title": "b", "body": "x"}', encoding="utf-8")
    found = list(scan([tmp_path], pause=lambda path, size: path.suffix == ".json"))
    assert [h.title for h in found] == ["a", "", "b"] and found[1] is PAUSE


def test_only_large_files_parsed_whole_are_slow(tmp_path: Path) -> None:
    assert parsed_whole(tmp_path / "x.json", 2000, 1000)
    assert not parsed_whole(tmp_path / "x.txt", 2000, 1000)  # its head is enough
    assert not parsed_whole(tmp_path / "x.json", 500, 1000)
    assert stamp(tmp_path / "missing.txt") is None


def test_nothing_readable_names_the_supported_extensions(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    problem = check_paths([tmp_path])
    assert problem is not None and ".json" in problem and ".md" in problem
    assert check_paths([tmp_path / "nope"]) == f"no such file or folder: {tmp_path / 'nope'}"
