"""`Panes` on its own with a session: the first screen, opening articles and failures, the
panes' order and focus, search highlights, and what goes up to the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.reading import Marks, ReadingState
from reader.library.session import Session, Settings
from reader.model import Direction
from reader.search import Query
from reader.ui.messages import ArticleShown, FirstScreenPainted
from reader.ui.widgets.panes import Panes
from tests.ui.widgets.host import LibraryRecorder, reversed_runs, settled

SIZE = (100, 20)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Three small English articles and a file that is not one (listed with its reason)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, title in (("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")):
        text = f"{title} title\n\nThe {title.lower()} paragraph reads well.\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "z.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    return folder


def panes_for(news: Path, state: ReadingState, layout: Direction = "ltr") -> Panes:
    settings = Settings(layout=layout, bidi="app", harakat="keep")
    panes = Panes(Session([news], state, settings, language="en"))
    panes.read_first_screen(rows=10)
    return panes


def joined(lines: list[str]) -> str:
    """A pane's wrapped lines as the one line of text they came from."""
    return " ".join(lines)


def shown(host: LibraryRecorder, path: Path) -> bool:
    return any(message.path == path for message in host.of(ArticleShown))


async def test_the_first_article_is_shown_on_mount_and_marked_read(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state)
    first = news / "a.txt"
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.body.laid_out and panes.details.laid_out)
        assert panes.body.all_text() == ["Alpha title", "", "The alpha paragraph reads well."]
        details = panes.details.all_text()
        assert details[details.index("Words") + 1] == "5"
        assert panes.headlines.current is not None and panes.headlines.current.path == first
        assert panes.headlines.read == {first}
        assert panes.article is not None and panes.article.path == first
    assert state.marks([first]) == {first: Marks(read=True)}


async def test_another_entry_opens_and_the_app_hears_of_it(news: Path, state: ReadingState) -> None:
    panes = panes_for(news, state)
    host = LibraryRecorder(panes)
    second = news / "b.txt"
    async with host.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: shown(host, news / "a.txt"))
        entry = panes.headlines.entries[1]
        assert entry.path == second
        panes.open_entry(entry)
        await settled(pilot, lambda: shown(host, second) and panes.body.laid_out)
        assert panes.body.all_text()[0] == "Bravo title"
        assert panes.headlines.current == entry
        assert second in panes.headlines.read
        assert panes.article is not None and panes.article.path == second
        assert panes.details.all_text()


async def test_an_entry_that_failed_in_the_scan_shows_its_reason(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state)
    host = LibraryRecorder(panes)
    async with host.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.details.laid_out and bool(panes.details.all_text()))
        entry = panes.headlines.entries[3]
        assert entry.path == news / "z.txt" and entry.error is not None
        panes.open_entry(entry)
        await settled(pilot, lambda: panes.details.all_text() == [])
        assert joined(panes.body.all_text()) == f"Cannot read z.txt: {entry.error}"
        assert panes.article is None
        assert panes.headlines.current == entry


async def test_an_article_gone_since_the_scan_shows_why_in_the_body(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state)
    host = LibraryRecorder(panes)
    gone = news / "c.txt"
    async with host.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.details.laid_out and bool(panes.details.all_text()))
        gone.unlink()
        panes.open_entry(panes.headlines.entries[2])
        await settled(pilot, lambda: panes.details.all_text() == [])
        entry = panes.headlines.entries[2]
        assert entry.path == gone and entry.error is not None  # marked failed in the list
        assert joined(panes.body.all_text()) == f"Cannot read c.txt: {entry.error}"
        assert panes.article is None
        assert not shown(host, gone)


async def test_the_list_is_last_right_to_left_and_first_left_to_right(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state, layout="rtl")
    order = [panes.details, panes.body, panes.headlines]
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert panes.children[:3] == order
        assert panes.headlines.region.x > panes.body.region.x > panes.details.region.x
        assert panes.session.use_layout("ltr")
        panes.set_layout()
        await pilot.pause()
        assert panes.children[:3] == order[::-1]
        assert panes.headlines.region.x < panes.body.region.x < panes.details.region.x
        assert panes.session.use_layout("rtl")
        panes.set_layout()
        await pilot.pause()
        assert panes.children[:3] == order
        assert panes.headlines.region.x > panes.body.region.x > panes.details.region.x


async def test_focus_cycles_in_reading_order_over_the_shown_panes(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state, layout="rtl")  # the children's order is the reverse
    host = LibraryRecorder(panes)

    async def cycle(step: int) -> object:
        panes.cycle_focus(host.focused, step)
        await pilot.pause()
        return host.focused

    async with host.run_test(size=SIZE) as pilot:
        panes.headlines.focus()
        await pilot.pause()
        assert await cycle(+1) is panes.body
        assert await cycle(+1) is panes.details
        assert await cycle(+1) is panes.headlines
        assert await cycle(-1) is panes.details
        assert await cycle(-1) is panes.body
        panes.details.display = False
        await pilot.pause()
        assert panes.shown_panes == [panes.headlines, panes.body]
        assert await cycle(+1) is panes.headlines
        assert await cycle(-1) is panes.body
        assert await cycle(-1) is panes.headlines


async def test_search_hits_are_highlighted_until_the_search_ends(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state)
    body = panes.body
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: body.laid_out)
        assert body.hits() == []
        panes.show_search(Query.parse("paragraph"))
        await settled(pilot, lambda: body.laid_out and bool(body.hits()))
        ((block, offset),) = body.hits()
        line = body.line_of(block, offset)
        assert line is not None
        assert reversed_runs(body, line) == ["paragraph"]
        panes.show_search(None)
        await settled(pilot, lambda: body.laid_out and not body.hits())
        assert reversed_runs(body, line) == []
        assert body.all_text() == ["Alpha title", "", "The alpha paragraph reads well."]


async def test_the_first_screen_is_announced_once(news: Path, state: ReadingState) -> None:
    panes = panes_for(news, state)
    host = LibraryRecorder(panes)
    async with host.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: bool(host.of(FirstScreenPainted)))
        panes.open_entry(panes.headlines.entries[1])
        await settled(pilot, lambda: shown(host, news / "b.txt"))
        panes.open_entry(panes.headlines.entries[3])  # a failure ends a first screen too
        await settled(pilot, lambda: panes.details.all_text() == [])
        await pilot.pause()
        assert len(host.of(FirstScreenPainted)) == 1
