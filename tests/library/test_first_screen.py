"""The first screen read before the first paint (`reader.library.first_screen`), no Textual."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import first_screen
from reader.library.first_screen import SCAN_BUDGET, read_first_screen
from reader.library.reading import Marks, ReadingState
from reader.store import Store
from tests.support import tree_hash

#: No budget: the tests that are not about it never depend on the machine's speed.
INF = float("inf")


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
    first = read_first_screen([folder], state, rows=10, resume=None, folder=folder, budget=INF)
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
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder, budget=INF)
    assert not first.done
    assert len(first.entries) == 5
    assert first.rest is not None
    rest = list(first.rest)
    assert [e.path.name for e in first.entries + rest] == [f"{n:03}.txt" for n in range(30)]
    assert len(first.stamps) == 30  # the rest of the scan fills the same stamps


class FakeClock:
    """A clock that moves on by `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_the_budget_bounds_the_reading(tmp_path: Path, state: ReadingState) -> None:
    """Each headline costs 10 ms of the fake clock: the 30 ms budget allows three, whatever
    the machine's speed or load."""
    folder = _folder(tmp_path, 30)
    clock = FakeClock(step=SCAN_BUDGET / 3 + 1e-6)
    first = read_first_screen([folder], state, rows=100, resume=None, folder=folder, clock=clock)
    assert len(first.entries) == 3 and not first.done
    assert first.rest is not None and len(list(first.rest)) == 27


def test_a_clock_that_stands_still_reads_a_screenful(tmp_path: Path, state: ReadingState) -> None:
    folder = _folder(tmp_path, 30)
    first = read_first_screen(
        [folder], state, rows=20, resume=None, folder=folder, clock=FakeClock(step=0.0)
    )
    assert len(first.entries) == 20 and not first.done


def test_a_spent_budget_still_shows_one_headline(tmp_path: Path, state: ReadingState) -> None:
    folder = _folder(tmp_path, 30)
    first = read_first_screen([folder], state, rows=100, resume=None, folder=folder, budget=-1.0)
    assert len(first.entries) == 1 and not first.done


def test_the_resumed_article_is_opened_with_its_position(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 30)
    target = folder / "017.txt"
    state.opened(target, folder, mark=True)
    state.save_position(target, 1)
    first = read_first_screen([folder], state, rows=5, resume=target, folder=folder, budget=INF)
    # Read on past a screenful until the resumed article is found.
    assert len(first.entries) == 18
    assert first.entries[first.selected].path == target
    assert first.article is not None and first.position == 1
    assert first.marks[target].read and not first.marks[folder / "000.txt"].read


def test_the_first_screens_article_is_shown_unread(tmp_path: Path, state: ReadingState) -> None:
    folder = _folder(tmp_path, 3)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder, budget=INF)
    assert first.article is not None
    opened = first.entries[first.selected].path
    assert state.marks([opened]).get(opened, Marks()) == Marks()  # a preview, not read
    assert state.last_opened(folder) == opened


def test_a_resumed_article_not_found_yet_opens_nothing(tmp_path: Path, state: ReadingState) -> None:
    folder = _folder(tmp_path, 30)
    first = read_first_screen(
        [folder], state, rows=5, resume=folder / "029.txt", folder=folder, budget=-1.0
    )
    assert first.selected == -1 and first.article is None  # the scan will find it


def test_a_resumed_article_that_is_gone_falls_back_to_the_first(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = _folder(tmp_path, 3)
    first = read_first_screen(
        [folder], state, rows=5, resume=folder / "gone.txt", folder=folder, budget=INF
    )
    assert first.selected == 0 and first.article is not None


def test_an_unreadable_first_article_is_a_failure_not_an_error(
    tmp_path: Path, state: ReadingState
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "000.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    (folder / "001.txt").write_text("عنوان\n\nنص.\n", encoding="utf-8")
    before = tree_hash(folder)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder, budget=INF)
    assert first.selected == 0
    assert first.failure and first.article is None
    assert tree_hash(folder) == before


def test_a_large_article_is_left_to_the_worker(
    tmp_path: Path, state: ReadingState, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 2)
    monkeypatch.setattr(first_screen, "SYNC_ARTICLE_BYTES", 10)
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder, budget=INF)
    assert first.selected == 0 and first.article is None and first.failure is None
    assert not state.marks([folder / "000.txt"])[folder / "000.txt"].read  # not opened yet


def test_an_empty_folder_gives_an_empty_first_screen(tmp_path: Path, state: ReadingState) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    first = read_first_screen([folder], state, rows=5, resume=None, folder=folder, budget=INF)
    assert first.done and first.entries == [] and first.selected == -1


def test_the_first_screen_lists_in_the_sort_order_and_opens_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for number, (name, title) in enumerate((("a", "Zulu"), ("b", "Alpha"), ("c", "Mike"))):
        path = folder / f"{name}.txt"
        path.write_text(f"{title} title\n\nA paragraph.\n", encoding="utf-8")
        os.utime(path, (1_700_000_000 + number * 60, 1_700_000_000 + number * 60))
    state = ReadingState(Store.open(None))
    by: dict[str, list[str]] = {}
    for order in ("date", "title", "name"):
        first = read_first_screen([folder], state, rows=10, resume=None, folder=folder, order=order)
        by[order] = [entry.path.name for entry in first.entries]
        assert first.article is not None and first.selected == 0
        assert first.article.path == first.entries[0].path
    assert by == {
        "date": ["c.txt", "b.txt", "a.txt"],
        "title": ["b.txt", "c.txt", "a.txt"],
        "name": ["a.txt", "b.txt", "c.txt"],
    }
    resumed = read_first_screen(
        [folder], state, rows=10, resume=folder / "a.txt", folder=folder, order="date"
    )
    assert resumed.entries[resumed.selected].path.name == "a.txt" and resumed.selected == 2
