"""Live folder updates: files added, removed and changed while the reader runs.

The poll is driven directly (`screen.panes.library.poll()`), never by waiting on the clock.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot

from reader.search import Query
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from tests.ui.conftest import ENGLISH_TITLE, HARAKAT_TITLE, SEED_TITLE, MakeApp
from tests.ui.helpers import indexed, opened, reading, shown_titles, wait_for

NEW_TITLE = "افتتاح جسر جديد فوق النهر"


def write_article(path: Path, title: str, body: str) -> None:
    """Write an article (a heading in Markdown, the first line in plain text) and make sure its
    stamp differs from any earlier one."""
    existed = path.exists()
    before = path.stat().st_mtime_ns if existed else 0
    heading = "# " if path.suffix == ".md" else ""
    path.write_text(f"{heading}{title}\n\n{body}\n", encoding="utf-8")
    if existed:  # a same-size rewrite within the clock's tick must still look changed
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@asynccontextmanager
async def watching(app: ReaderApp) -> AsyncIterator[tuple[Pilot[int], MainScreen]]:
    """`reading`, until the first scan is done and the folders are watched."""
    async with reading(app) as (pilot, screen):
        await wait_for(pilot, lambda: screen.panes.library.watching)
        yield pilot, screen


async def poll(pilot: Pilot[int], screen: MainScreen) -> None:
    """One poll, to the end, with its changes applied."""
    assert screen.panes.library.poll()
    await wait_for(pilot, lambda: not screen.panes.library.polling)
    await pilot.pause()


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        entry.name: (entry.stat().st_mtime_ns, entry.stat().st_size) for entry in os.scandir(folder)
    }


async def test_a_new_file_appears_unread_in_its_place(make: MakeApp, library: Path) -> None:
    async with watching(make([library])) as (pilot, screen):
        headlines = screen.headlines
        write_article(library / "015_bridge.txt", NEW_TITLE, "افتتح الجسر صباح اليوم.")
        await poll(pilot, screen)
        assert shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE, NEW_TITLE, ENGLISH_TITLE]
        new = headlines.entries[2]
        assert new.error is None and new.path not in headlines.read
        assert headlines.current is not None and headlines.current.title == SEED_TITLE
        assert headlines.border_subtitle is not None and str(headlines.border_subtitle) == "4"


async def test_a_poll_with_nothing_new_changes_nothing(make: MakeApp, library: Path) -> None:
    async with watching(make([library])) as (pilot, screen):
        entries = list(screen.headlines.entries)
        before = folder_state(library)
        await poll(pilot, screen)
        assert screen.headlines.entries == entries
        assert folder_state(library) == before  # polling never writes to the folder


async def test_a_removed_file_leaves_the_list(make: MakeApp, library: Path) -> None:
    async with watching(make([library])) as (pilot, screen):
        (library / "020_english.md").unlink()
        await poll(pilot, screen)
        assert shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE]
        assert screen.headlines.current is not None
        assert screen.headlines.current.title == SEED_TITLE


async def test_the_open_article_removed_stays_marked_gone_until_it_returns(
    make: MakeApp, library: Path
) -> None:
    async with watching(make([library])) as (pilot, screen):
        seed = library / "000_seed.txt"
        text = seed.read_bytes()
        seed.unlink()
        await poll(pilot, screen)
        current = screen.headlines.current
        assert current is not None and current.path == seed
        assert current.error == "deleted or moved"
        assert shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE, ENGLISH_TITLE]
        assert screen.article is not None and screen.article.title == SEED_TITLE  # still shown
        seed.write_bytes(text)
        await poll(pilot, screen)
        current = screen.headlines.current
        assert current is not None and current.path == seed and current.error is None


async def test_a_changed_file_gets_its_new_headline_and_is_read_again_when_opened(
    make: MakeApp, library: Path
) -> None:
    async with watching(make([library])) as (pilot, screen):
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        screen.headlines.focus()
        write_article(library / "020_english.md", "Ferry service resumes", "Boats sail again.")
        await poll(pilot, screen)
        assert shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE, "Ferry service resumes"]
        assert screen.headlines.entries[2].path not in screen.headlines.read
        await pilot.press("j")
        await opened(pilot, "Ferry service resumes")
        assert "Boats sail again." in screen.body.all_text()


async def test_the_search_index_follows_the_folder(make: MakeApp, library: Path) -> None:
    async with watching(make([library])) as (pilot, screen):
        await indexed(pilot, screen)
        write_article(library / "015_bridge.txt", NEW_TITLE, "عبر الجسر آلاف المسافرين.")
        await poll(pilot, screen)
        word = Query.parse("المسافرين")

        def found() -> set[str]:
            index = screen.search_bar.index
            assert index is not None
            return {hit.path.name for hit in index.search(word)}

        await wait_for(pilot, lambda: found() == {"015_bridge.txt"})
        await pilot.press("slash", *"المسافرين")
        await wait_for(pilot, lambda: shown_titles(screen) == [NEW_TITLE])
        await pilot.press("escape")
        (library / "015_bridge.txt").unlink()
        await poll(pilot, screen)
        await wait_for(pilot, lambda: found() == set())
        assert shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE, ENGLISH_TITLE]


async def test_one_poll_at_a_time(make: MakeApp, library: Path) -> None:
    async with watching(make([library])) as (pilot, screen):
        assert screen.panes.library.poll()
        assert not screen.panes.library.poll()  # one poll at a time
        await wait_for(pilot, lambda: not screen.panes.library.polling)
