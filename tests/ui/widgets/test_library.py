"""The `Library` widget on its own: what its scan, poll, load and state workers post up."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.i18n import Translator
from reader.library.reading import Failed, Marks, ReadingState, open_article
from reader.library.session import Session, Settings
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    FolderChanged,
    HeadlinesFound,
    MarksFound,
    ScanFinished,
)
from reader.ui.widgets.library import Library
from tests.support import tree_hash
from tests.ui.widgets.host import LibraryRecorder, settled

SIZE = (60, 20)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Three small English articles and a file that is not one."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, title in (("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")):
        text = f"{title} title\n\nThe {title.lower()} paragraph reads well.\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def library_for(news: Path, state: ReadingState) -> Library:
    settings = Settings(layout="ltr", bidi="app", harakat="keep")
    return Library(Session([news], state, settings, language="en"))


async def test_the_rest_of_the_scan_comes_in_batches_then_its_stamps(
    news: Path, state: ReadingState
) -> None:
    state.toggle_read(news / "c.txt")
    library = library_for(news, state)
    host = LibraryRecorder(library)
    async with host.run_test(size=SIZE) as pilot:
        first = library.read_first_screen(rows=1)
        assert [entry.path for entry in first.entries] == [news / "a.txt"]
        library.scan_rest(first)
        library.first_painted()
        await settled(pilot, lambda: bool(host.of(ScanFinished)))
        batches = host.of(HeadlinesFound)
        assert batches and batches[-1].done and not any(batch.done for batch in batches[:-1])
        found = [entry.path for batch in batches for entry in batch.entries]
        assert found == [news / "b.txt", news / "c.txt"]
        assert batches[-1].scanned == 3
        marks: dict[Path, Marks] = {}
        for message in host.of(MarksFound):
            marks.update(message.marks)
        assert marks.get(news / "c.txt") == Marks(read=True)
        assert marks.get(news / "b.txt", Marks()) == Marks()
        (finished,) = host.of(ScanFinished)
        assert set(finished.stamps) == {news / name for name in ("a.txt", "b.txt", "c.txt")}
        assert all(stamp is not None for stamp in finished.stamps.values())
        assert host.posted.index(finished) > host.posted.index(batches[-1])


async def test_a_load_prepares_the_panes_and_leaves_the_article_unread(
    news: Path, state: ReadingState
) -> None:
    library = library_for(news, state)
    host = LibraryRecorder(library)
    path = news / "b.txt"
    tr = Translator("en")
    async with host.run_test(size=SIZE) as pilot:
        library.load(path, None, tr)
        await settled(pilot, lambda: bool(host.of(ArticleLoaded)))
        (loaded,) = host.of(ArticleLoaded)
        assert loaded.path == path and loaded.article.title == "Bravo title"
        assert loaded.position == 0
        prepared = loaded.prepared
        assert prepared is not None
        assert prepared.body and prepared.details
        assert prepared.highlight is None and prepared.tr is tr
        assert library.last_loaded is loaded.article
    assert state.marks([path]).get(path, Marks()) == Marks()  # read later, once read
    assert state.last_opened(news) == path
    assert not host.of(ArticleFailed)


async def test_a_file_that_cannot_be_read_fails_with_its_reason(
    news: Path, state: ReadingState
) -> None:
    path = news / "gone.txt"
    expected = open_article(path, state, news)
    assert isinstance(expected, Failed)
    library = library_for(news, state)
    host = LibraryRecorder(library)
    async with host.run_test(size=SIZE) as pilot:
        library.load(path, None, Translator("en"))
        await settled(pilot, lambda: bool(host.of(ArticleFailed)))
        (failed,) = host.of(ArticleFailed)
        assert failed.path == path and failed.reason == expected.reason
        assert "\n" not in failed.reason and failed.reason
        assert not host.of(ArticleLoaded)


async def test_a_poll_finds_a_new_file_and_does_not_start_twice(
    news: Path, state: ReadingState
) -> None:
    library = library_for(news, state)
    host = LibraryRecorder(library)
    async with host.run_test(size=SIZE) as pilot:
        first = library.read_first_screen(rows=10)
        assert first.done
        assert library.poll() is False  # not watching before the first scan is over
        new = news / "d.txt"
        new.write_text("Delta title\n\nA new paragraph.\n", encoding="utf-8")
        before = tree_hash(news)
        library.start_polling(first.stamps)
        assert library.watching
        assert library.poll() is True
        assert library.poll() is False  # the first one is still running
        await settled(pilot, lambda: bool(host.of(FolderChanged)))
        (changed,) = host.of(FolderChanged)
        assert list(changed.changes.entries) == [new]
        assert [entry.title for entry in changed.changes.entries[new]] == ["Delta title"]
        assert not changed.changes.gone
        assert changed.marks == {new: Marks()}
        assert changed.files == [news / name for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
        await settled(pilot, lambda: not library.polling)
        assert library.poll() is True  # the previous one is over
        assert tree_hash(news) == before


async def test_toggling_a_mark_posts_the_new_marks(news: Path, state: ReadingState) -> None:
    library = library_for(news, state)
    host = LibraryRecorder(library)
    path = news / "a.txt"
    async with host.run_test(size=SIZE) as pilot:
        library.toggle_mark(path, "read")
        await settled(pilot, lambda: len(host.of(MarksFound)) == 1)
        library.toggle_mark(path, "bookmark")
        await settled(pilot, lambda: len(host.of(MarksFound)) == 2)
        library.toggle_mark(path, "read")
        await settled(pilot, lambda: len(host.of(MarksFound)) == 3)
        assert [message.marks for message in host.of(MarksFound)] == [
            {path: Marks(read=True)},
            {path: Marks(read=True, bookmarked=True)},
            {path: Marks(read=False, bookmarked=True)},
        ]


async def test_the_writes_still_queued_are_made_at_once_on_flush(
    news: Path, state: ReadingState
) -> None:
    """The quit: `u` just pressed and the position, written before the app stops its workers
    (which would never run a write they had not started)."""
    library = library_for(news, state)
    path, other = news / "a.txt", news / "b.txt"
    async with LibraryRecorder(library).run_test(size=SIZE):
        library.workers.cancel_all()  # as the exit does: no worker writes
        library._drain = lambda: None  # type: ignore[method-assign]  # (the exit's race, held)
        library.toggle_mark(other, "read")
        library.save_position(path, 3)
        assert state.marks([other])[other].read is False
        library.flush()
        assert state.marks([other])[other].read is True
        assert state.opened(path, news) == 3  # (no pause: not left to a worker)
