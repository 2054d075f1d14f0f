"""`HeadlineList` on its own: what each entry draws, the cursor keys and clicks that open an
entry, the read/bookmark filter, a search's narrowing, and the progress under the list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.i18n import Translator
from reader.library.reading import Marks, absolute
from reader.model import Headline
from reader.ui.messages import OpenEntry
from reader.ui.widgets.headline_list import BOOKMARK, UNREAD, HeadlineList
from tests.ui.widgets.host import Recorder, settled

SIZE = (40, 12)
#: Relative paths, as a scan of "." gives them.
ONE = Headline(Path("news/one.txt"), "First story", dt.date(2021, 4, 18), direction="ltr")
TWO = Headline(Path("news/two.txt"), "Second story", date_text="18 April", direction="ltr")
THREE = Headline(Path("news/three.txt"), "المقال الثالث", direction="rtl")
ENTRIES = (ONE, TWO, THREE)


def opened(app: Recorder) -> list[Path]:
    return [message.entry.path for message in app.of(OpenEntry)]


def line(view: HeadlineList, y: int) -> str:
    """What the list puts on the screen on its line `y`."""
    return view.render_line(y).text


async def test_each_entry_draws_its_title_mark_and_date() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        view.apply_marks({TWO.path: Marks(read=True), THREE.path: Marks(bookmarked=True)})
        await pilot.pause()
        width = view.scrollable_content_region.width
        assert [len(line(view, y)) for y in range(6)] == [width] * 6
        # Left-to-right: the unread and bookmark columns on the left, then the title; the
        # date under it, in words.
        assert line(view, 0).startswith(f"{UNREAD}  First story")
        assert line(view, 1).strip() == "18 April 2021"
        # Read: no mark; without a date, the date as written.
        assert line(view, 2).startswith("   Second story")
        assert line(view, 3).strip() == "18 April"
        # Right-to-left: right-aligned, the marks on the right: bookmarked and still unread.
        assert line(view, 4).endswith(f" {BOOKMARK}{UNREAD}")
        assert line(view, 4).startswith(" ")
        assert line(view, 6).strip() == ""  # nothing under the last entry


async def test_j_and_k_move_the_cursor_and_open_each_entry_once() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        await pilot.pause()
        assert view.has_focus and view.current is None
        await pilot.press("j", "j", "down", "down", "k", "up", "up")
        await pilot.pause()
        # The last "down" and the last "up" are at an end: nothing changes, nothing opens.
        assert opened(app) == [ONE.path, TWO.path, THREE.path, TWO.path, ONE.path]
        assert view.current == ONE


async def test_the_filter_cycles_through_unread_bookmarked_and_all() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        view.apply_marks({ONE.path: Marks(read=True), THREE.path: Marks(bookmarked=True)})
        view.select(2, open_it=False)  # THREE
        await pilot.pause()
        assert view.cycle_filter() == "unread"
        assert view.shown_entries == [TWO, THREE]
        assert view.current == THREE  # the cursor stays on its article
        assert view.cycle_filter() == "bookmarked"
        assert view.shown_entries == [THREE]
        assert view.cycle_filter() == "all"
        assert view.shown_entries == list(ENTRIES) and view.current == THREE
        # Marks that change under a filter apply at once.
        view.cycle_filter()
        view.apply_marks({TWO.path: Marks(read=True)})
        assert view.shown_entries == [THREE]
        assert opened(app) == []


async def test_narrow_takes_absolute_paths_and_keeps_the_filter() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        view.apply_marks({ONE.path: Marks(read=True)})
        await pilot.pause()
        found = frozenset({absolute(ONE.path), absolute(TWO.path)})
        view.narrow(found)
        assert view.shown_entries == [ONE, TWO]
        view.cycle_filter()  # unread, within the search's results
        assert view.shown_entries == [TWO]
        view.cycle_filter()
        view.cycle_filter()  # all again
        view.narrow(frozenset({ONE.path}))  # a relative path is not a search result
        assert view.shown_entries == []
        view.narrow(None)
        assert view.shown_entries == list(ENTRIES)
        await pilot.pause()
        assert line(view, 0).strip().endswith("First story")


async def test_select_path_finds_an_entry_by_relative_or_absolute_path() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        await pilot.pause()
        assert view.select_path(TWO.path)
        assert view.select_path(absolute(THREE.path))
        assert view.current == THREE
        assert not view.select_path(Path("news/missing.txt"))
        view.narrow(frozenset({absolute(ONE.path)}))
        assert not view.select_path(TWO.path)  # not shown
        assert view.current is None
        await pilot.pause()
        assert opened(app) == [TWO.path, THREE.path]


async def test_progress_under_the_list() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES[:2])
        view.show_progress(Translator("en"), 7)
        assert str(view.border_subtitle) == "Scanning… 7"
        view.show_progress(Translator("ar"), 7)
        assert str(view.border_subtitle) == Translator("ar").visual("Scanning… {count}", count=7)
        view.show_progress(Translator("en"), None)  # the scan is over: the number of articles
        assert str(view.border_subtitle) == "2"
        await pilot.pause()


async def test_a_click_focuses_the_list_and_opens_the_entry_under_it() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        view.blur()
        await pilot.pause()
        assert await pilot.click(HeadlineList, offset=(5, 3))  # the date line of the second
        await settled(pilot, lambda: bool(opened(app)))
        assert opened(app) == [TWO.path]
        assert view.has_focus and view.current == TWO
        await pilot.click(HeadlineList, offset=(5, 9))  # under the last entry: nothing
        await pilot.pause()
        assert opened(app) == [TWO.path]
