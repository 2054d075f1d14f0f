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
from tests.library.test_marking import FakeClock
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


def panes_for(
    news: Path, state: ReadingState, layout: Direction = "ltr", mark_read: str = "never"
) -> Panes:
    settings = Settings(layout=layout, bidi="app", harakat="keep", mark_read=mark_read, sort="name")
    panes = Panes(Session([news], state, settings, language="en"))
    panes.read_first_screen(rows=10)
    return panes


def joined(lines: list[str]) -> str:
    """A pane's wrapped lines as the one line of text they came from."""
    return " ".join(lines)


def shown(host: LibraryRecorder, path: Path) -> bool:
    return any(message.path == path for message in host.of(ArticleShown))


async def test_the_first_article_is_shown_on_mount_unread(news: Path, state: ReadingState) -> None:
    panes = panes_for(news, state)
    first = news / "a.txt"
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.body.laid_out and panes.details.laid_out)
        assert panes.body.all_text() == ["Alpha title", "", "The alpha paragraph reads well."]
        details = panes.details.all_text()
        assert details[details.index("Words") + 1] == "5"
        assert panes.headlines.current is not None and panes.headlines.current.path == first
        assert panes.headlines.read == set()  # a preview: read after the delay
        assert panes.article is not None and panes.article.path == first
    assert state.marks([first]).get(first, Marks()) == Marks()


async def test_another_entry_opens_and_the_app_hears_of_it(news: Path, state: ReadingState) -> None:
    panes = panes_for(news, state)
    host = LibraryRecorder(panes)
    second = news / "b.txt"
    async with host.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: shown(host, news / "a.txt"))
        entry = panes.headlines.entries[1]
        assert entry.path == second
        panes.open_entry(entry, chosen=True)  # (Enter, a click): read at once
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


async def test_the_shown_panes_are_in_reading_order_whatever_the_layout(
    news: Path, state: ReadingState
) -> None:
    """Tab follows `shown_panes` (with the sources pane first, `SourcesPane.cycle_focus`)."""
    panes = panes_for(news, state, layout="rtl")  # the children's order is the reverse
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert panes.shown_panes == [panes.headlines, panes.body, panes.details]
        assert panes.children[:3] == [panes.details, panes.body, panes.headlines]
        panes.details.display = False
        await pilot.pause()
        assert panes.shown_panes == [panes.headlines, panes.body]


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


async def test_a_preview_is_read_after_the_delay_of_the_injected_clock(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state, mark_read="2")
    clock = FakeClock()
    panes.reading.timer.schedule = clock.schedule
    first, second = news / "a.txt", news / "b.txt"
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.body.laid_out)
        clock.advance(1.5)
        assert panes.headlines.read == set()
        panes.open_entry(panes.headlines.entries[1])  # the first one left before its delay
        await settled(pilot, lambda: panes.article is not None and panes.article.path == second)
        clock.advance(1.9)
        assert panes.headlines.read == set()
        clock.advance(0.1)
        assert panes.headlines.read == {second}
        await settled(pilot, lambda: state.marks([second]).get(second, Marks()).read)
        assert state.marks([first]).get(first, Marks()) == Marks()


async def test_scrolling_the_body_reads_its_article_at_once(
    news: Path, state: ReadingState
) -> None:
    panes = panes_for(news, state, mark_read="never")
    first = news / "a.txt"
    async with LibraryRecorder(panes).run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: panes.body.laid_out)
        await pilot.pause()
        assert panes.headlines.read == set()
        panes.body.action_page_up()
        await settled(pilot, lambda: first in panes.headlines.read)
        await settled(pilot, lambda: state.marks([first]).get(first, Marks()).read)
