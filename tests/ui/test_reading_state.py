"""Reading state in the UI: read/unread, bookmarks, the filter, positions and settings restored."""

from __future__ import annotations

from pathlib import Path

from reader.library.reading import ReadingState
from reader.store import Store
from reader.ui.widgets.headline_list import BOOKMARK, UNREAD
from tests.ui.conftest import HARAKAT_TITLE, MakeApp
from tests.ui.helpers import opened, reading, record_notifications, wait_for


def _marks(state_file: Path, path: Path) -> tuple[bool, bool]:
    store = Store.open(state_file)
    try:
        marks = ReadingState(store).marks([path])[path]
        return marks.read, marks.bookmarked
    finally:
        store.close()


async def test_opening_marks_read_and_u_toggles_it(
    make: MakeApp, library: Path, state: Path
) -> None:
    async with reading(make([library], state=state, mark_read="0")) as (pilot, screen):
        seed = screen.headlines.entries[0].path
        await wait_for(pilot, lambda: _marks(state, seed) == (True, False))
        await pilot.press("u")
        await wait_for(pilot, lambda: seed not in screen.headlines.read)
        assert UNREAD in screen.headlines.row_text(0)
        assert _marks(state, seed) == (False, False)


async def test_s_bookmarks_and_f_filters(make: MakeApp, library: Path, state: Path) -> None:
    async with reading(make([library], state=state, mark_read="0")) as (pilot, screen):
        headlines = screen.headlines
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        harakat_path = headlines.entries[1].path
        await pilot.press("s")
        await wait_for(pilot, lambda: harakat_path in headlines.bookmarked)
        assert BOOKMARK in headlines.row_text(2)
        assert _marks(state, harakat_path) == (True, True)
        await pilot.press("f")  # unread only: the English article, never opened
        assert [headlines.entries[i].title for i in headlines.shown] == [
            "Library opens a reading hall"
        ]
        await pilot.press("f")  # bookmarked only
        assert [headlines.entries[i].path for i in headlines.shown] == [harakat_path]
        assert headlines.current is not None and headlines.current.path == harakat_path
        await pilot.press("f")  # all again
        assert len(headlines.shown) == 3


async def test_last_article_and_position_are_restored(
    make: MakeApp, library: Path, state: Path
) -> None:
    app = make([library], state=state)
    async with reading(app) as (pilot, screen):
        await pilot.press("space", "space")
        top = screen.body.top_paragraph()
        assert top > 0
        await pilot.press("q")
    app = make([library], state=state)
    async with reading(app) as (pilot, screen):
        assert screen.body.top_paragraph() == top
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("q")
    app = make([library], state=state)
    async with reading(app, HARAKAT_TITLE) as (pilot, screen):
        assert screen.headlines.cursor == 1


async def test_settings_chosen_with_keys_are_the_next_defaults(
    make: MakeApp, library: Path, state: Path
) -> None:
    app = make([library], state=state, layout=None, harakat=None)
    async with reading(app) as (pilot, _):
        await pilot.press("L", "h")
        await pilot.press("q")
    app = make([library], state=state, layout=None, harakat=None)
    assert app.settings.layout == "ltr"
    assert app.settings.harakat == "strip"
    # The command line still wins.
    assert make([library], state=state, layout="rtl").settings.layout == "rtl"


async def test_a_corrupt_state_database_still_opens_the_reader(
    make: MakeApp, library: Path, state: Path
) -> None:
    state.write_bytes(b"this is not a database" * 100)
    app = make([library], state=state)
    shown = record_notifications(app)
    async with reading(app):
        warnings = app.session.warnings
        assert warnings
        assert any(warning in message for warning in warnings for message in shown)
