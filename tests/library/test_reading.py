"""Opening an article and marking it read, and the reading state (`reader.library.reading`)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.library.reading import (
    LARGE_FILE,
    Failed,
    Marks,
    Opened,
    ReadingState,
    large_load,
    open_article,
    reading_folder,
)
from reader.model import Article
from tests.support import tree_hash


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان أول\n\nفقرة أولى.\n\nفقرة ثانية.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    return folder


def test_an_opened_article_is_remembered_and_left_unread(folder: Path, state: ReadingState) -> None:
    article = folder / "a.txt"
    state.opened(article, folder)
    state.save_position(article, 1)
    seen: list[Article] = []
    result = open_article(article, state, folder, loaded=seen.append)
    assert isinstance(result, Opened)
    assert result.article.title == "عنوان أول" and result.position == 1
    assert seen == [result.article]
    assert state.marks([article]).get(article, Marks()) == Marks()  # a preview
    assert state.last_opened(folder) == article
    open_article(article, state, folder, mark=True)
    assert state.marks([article]) == {article: Marks(read=True)}


def test_mark_all_in_one_go_and_its_undo(folder: Path, state: ReadingState) -> None:
    a, b = folder / "a.txt", folder / "b.txt"
    state.mark_read(a)
    state.toggle_bookmark(b)
    previous = state.mark_all([a, b])
    assert previous == {a: Marks(read=True), b: Marks(bookmarked=True)}
    assert state.marks([a, b]) == {a: Marks(read=True), b: Marks(read=True, bookmarked=True)}
    state.restore(previous)
    assert state.marks([a, b]) == {a: Marks(read=True), b: Marks(bookmarked=True)}


def test_an_unreadable_article_is_a_failure_with_its_reason(
    folder: Path, state: ReadingState
) -> None:
    before = tree_hash(folder)
    result = open_article(folder / "b.txt", state, folder)
    assert isinstance(result, Failed) and result.reason and "\n" not in result.reason
    assert state.last_opened(folder) is None
    missing = open_article(folder / "gone.txt", state, folder)
    assert isinstance(missing, Failed) and "no such file" in missing.reason
    assert tree_hash(folder) == before  # nothing is written into an article folder


def test_a_cancelled_open_leaves_the_article_unread(folder: Path, state: ReadingState) -> None:
    article = folder / "a.txt"
    seen: list[Article] = []
    assert open_article(article, state, folder, cancelled=lambda: True, loaded=seen.append) is None
    assert len(seen) == 1  # parsed, then the user had moved on
    assert state.marks([article]) == {article: Marks()}
    assert state.last_opened(folder) is None


def test_a_large_open_cancelled_while_waiting_its_turn_reads_nothing(
    tmp_path: Path, state: ReadingState
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("عنوان\n\n" + "كلمة " * (LARGE_FILE // 5), encoding="utf-8")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with large_load(big, lambda: False) as go_on:
            assert go_on
            holding.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        seen: list[Article] = []
        result = open_article(big, state, tmp_path, cancelled=lambda: True, loaded=seen.append)
        assert result is None and seen == []
    finally:
        release.set()
        holder.join()


def test_toggles_and_marks(folder: Path, state: ReadingState) -> None:
    article = folder / "a.txt"
    assert state.toggle_bookmark(article) is True
    assert state.toggle_read(article) is True
    assert state.marks([article]) == {article: Marks(read=True, bookmarked=True)}
    assert state.toggle_read(folder / "gone.txt") is None  # no file, no key: nothing saved


def test_the_reading_folder_is_the_first_paths_folder(folder: Path) -> None:
    assert reading_folder([folder, Path("elsewhere")]) == folder
    assert reading_folder([folder / "a.txt"]) == folder
    assert reading_folder([]) == Path(".")
