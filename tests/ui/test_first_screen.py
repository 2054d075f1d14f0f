"""The first screen read before the first paint (`reader.ui.first_screen`): pure, no Textual."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store import Store
from reader.ui import first_screen
from reader.ui.first_screen import read_first_screen
from reader.ui.state import ReadingState
from tests.support import tree_hash


@pytest.fixture
def state() -> Iterator[ReadingState]:
    store = Store.open(None)
    yield ReadingState(store)
    store.close()


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(count):
        (folder / f"{number:03}.txt").write_text(
            f"خبر رقم {number}\n\nفقرة أولى من الخبر {number}.\n", encoding="utf-8"
        )
    return folder


def test_a_small_folder_is_read_whole_and_its_first_article_opened(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 3)
    first = read_first_screen([folder], state, rows=10, resume=None, folder=folder)
    assert first.done
    assert [entry.path.name for entry in first.entries] == ["000.txt", "001.txt", "002.txt"]
    assert first.selected == 0
    assert first.article is not None and first.article.title == "خبر رقم 0"
    assert first.failure is None
    assert set(first.stamps) == {folder / "000.txt", folder / "001.txt", folder / "002.txt"}


def test_a_large_folder_stops_at_a_screenful_and_the_rest_goes_on(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 30)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder)
    assert not first.done
    assert len(first.entries) == 5
    assert first.rest is not None
    rest = list(first.rest)
    assert [e.path.name for e in first.entries + rest] == [f"{n:03}.txt" for n in range(30)]
    assert len(first.stamps) == 30  # the rest of the scan fills the same stamps


def test_the_budget_bounds_the_reading(
    tmp_path: Path, state: ReadingState, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 30)
    monkeypatch.setattr(first_screen, "SCAN_BUDGET", -1.0)
    first = read_first_screen([folder], state, rows=100, resume=None, folder=folder)
    assert len(first.entries) == 1 and not first.done


def test_the_resumed_article_is_opened_with_its_position(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 30)
    target = folder / "017.txt"
    state.opened(target, folder)
    state.save_position(target, 1)
    first = read_first_screen([folder], state, rows=5, resume=target, folder=folder)
    # Read on past a screenful until the resumed article is found.
    assert len(first.entries) == 18
    assert first.entries[first.selected].path == target
    assert first.article is not None and first.position == 1
    assert first.marks[target].read and not first.marks[folder / "000.txt"].read


def test_a_resumed_article_not_found_yet_opens_nothing(
    tmp_path: Path, state: ReadingState, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 30)
    monkeypatch.setattr(first_screen, "SCAN_BUDGET", -1.0)
    first = read_first_screen([folder], state, rows=5, resume=folder / "029.txt", folder=folder)
    assert first.selected == -1 and first.article is None  # the scan will find it


def test_a_resumed_article_that_is_gone_falls_back_to_the_first(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 3)
    first = read_first_screen([folder], state, rows=5, resume=folder / "gone.txt", folder=folder)
    assert first.selected == 0 and first.article is not None


def test_an_unreadable_first_article_is_a_failure_not_an_error(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "000.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    (folder / "001.txt").write_text("عنوان\n\nنص.\n", encoding="utf-8")
    before = tree_hash(folder)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder)
    assert first.selected == 0
    assert first.failure and first.article is None
    assert tree_hash(folder) == before


def test_a_large_article_is_left_to_the_worker(
    tmp_path: Path, state: ReadingState, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 2)
    monkeypatch.setattr(first_screen, "SYNC_ARTICLE_BYTES", 10)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder)
    assert first.selected == 0 and first.article is None and first.failure is None
    assert not state.marks([folder / "000.txt"])[folder / "000.txt"].read  # not opened yet


def test_an_empty_folder_gives_an_empty_first_screen(tmp_path: Path, state: ReadingState) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder)
    assert first.done and first.entries == [] and first.selected == -1
