"""Unread means unread (#13): `n`/`p` to the next unread, Space at an article's end, `A` and its
undo (`ctrl+z`, or `u` right after)."""

from __future__ import annotations

from pathlib import Path

from reader.library.reading import Marks, ReadingState
from reader.store import Store
from tests.ui.conftest import SEED_TITLE, MakeApp
from tests.ui.helpers import opened, reading, wait_for


def _read_in(state: Path, paths: list[Path]) -> set[Path]:
    store = Store.open(state)
    try:
        marks = ReadingState(store).marks(paths)
        return {path for path in paths if marks.get(path, Marks()).read}
    finally:
        store.close()


async def test_n_and_p_go_to_the_next_unread_round_the_list(make: MakeApp, library: Path) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        headlines = screen.headlines
        first, second, third = headlines.shown_entries
        await pilot.press("u")  # the first one read
        await wait_for(pilot, lambda: first.path in headlines.read)
        await pilot.press("n")
        await opened(pilot, second.title)
        await pilot.press("u")
        await wait_for(pilot, lambda: second.path in headlines.read)
        await pilot.press("p")  # nothing unread before it: round the end
        await opened(pilot, third.title)
        await pilot.press("n")  # the only unread one is the one shown
        await pilot.pause()
        assert headlines.current == third and screen.article is not None
        assert screen.article.title == third.title


async def test_space_at_the_end_of_an_article_goes_to_the_next_unread(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        headlines = screen.headlines
        first, second, _third = headlines.shown_entries
        body = screen.body
        for _ in range(50):
            if body.scroll_y >= body.max_scroll_y:
                break
            await pilot.press("space")
        assert first.path in headlines.read  # paging reads it at once
        assert screen.article is not None and screen.article.title == first.title
        await pilot.press("space")
        await opened(pilot, second.title)


async def test_a_marks_the_list_read_and_ctrl_z_undoes_it(
    make: MakeApp, library: Path, state: Path
) -> None:
    async with reading(make([library], state=state, mark_read="never")) as (pilot, screen):
        headlines = screen.headlines
        paths = [entry.path for entry in headlines.shown_entries]
        await pilot.press("A")
        assert headlines.read == set(paths)
        await wait_for(pilot, lambda: _read_in(state, paths) == set(paths))
        await pilot.press("ctrl+z")
        assert headlines.read == set()
        await wait_for(pilot, lambda: _read_in(state, paths) == set())
        await pilot.press("A", "u")  # u right after A undoes it too
        assert headlines.read == set()
        await wait_for(pilot, lambda: _read_in(state, paths) == set())
        await pilot.press("A", "m", "u")  # not right after: u toggles the article shown
        await wait_for(pilot, lambda: headlines.read == set(paths[1:]))
        await wait_for(pilot, lambda: _read_in(state, paths) == set(paths[1:]))
        assert screen.article is not None and screen.article.title == SEED_TITLE


async def test_enter_opens_the_article_read_and_gives_the_body_the_keys(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        headlines, body = screen.headlines, screen.body
        first, second, _third = headlines.shown_entries
        assert headlines.has_focus and first.path not in headlines.read
        await pilot.press("j")  # a preview: unread
        await opened(pilot, second.title)
        await pilot.press("k")
        await opened(pilot, first.title)  # the seed, longer than the screen
        assert second.path not in headlines.read and first.path not in headlines.read
        await pilot.press("enter")  # chosen: read at once, the body has the keys
        await wait_for(pilot, lambda: first.path in headlines.read)
        assert body.has_focus and body.max_scroll_y > 0
        await pilot.press("j")  # in the body, j scrolls
        await wait_for(pilot, lambda: body.scroll_y > 0)
        assert headlines.current == first


async def test_u_then_q_at_once_keeps_the_mark(make: MakeApp, library: Path, state: Path) -> None:
    """The quit writes what is still queued: the mark of a `u` pressed just before `q`."""
    app = make([library], state=state)
    async with app.run_test() as pilot:
        screen = await opened(pilot, SEED_TITLE)
        current = screen.headlines.current
        assert current is not None
        await pilot.press("u", "q")
    assert _read_in(state, [current.path]) == {current.path}
