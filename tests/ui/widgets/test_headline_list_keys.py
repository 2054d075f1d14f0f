"""`HeadlineList` (issue #13): the list keys, bold/dim titles and separate marks, the title's
counts, the source narrowing, the sort orders and the date words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.i18n import Translator
from reader.library.reading import Marks
from reader.model import Headline
from reader.text import prepare
from reader.ui.messages import OpenEntry
from reader.ui.widgets.headline_list import BOOKMARK, UNREAD, HeadlineList
from tests.ui.widgets.host import Recorder

SIZE = (40, 12)  # 10 rows inside the border: 5 entries a page
NOW = dt.datetime(2024, 5, 10, 12, 0, tzinfo=dt.UTC).timestamp()
ENTRIES = [
    Headline(Path(f"news/{n:02}.txt"), f"Story {n:02}", direction="ltr", when=NOW - n * 7200)
    for n in range(12)
]


def opened(app: Recorder) -> list[tuple[str, bool]]:
    return [(m.entry.title, m.chosen) for m in app.of(OpenEntry)]


async def test_list_keys_move_the_cursor_and_enter_chooses() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES)
        await pilot.pause()
        await pilot.press("G")
        assert view.cursor == 11
        await pilot.press("g")
        assert view.cursor == 0
        await pilot.press("pagedown")
        assert view.cursor == 5
        await pilot.press("end", "pageup")
        assert view.cursor == 6
        await pilot.press("home")
        assert view.cursor == 0
        await pilot.press("enter")
        await pilot.pause()
        assert opened(app)[-1] == ("Story 00", True)
        assert all(not chosen for _, chosen in opened(app)[:-1])


async def test_unread_titles_are_bold_read_ones_dim_and_marks_separate() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.add_entries(ENTRIES[:3])
        view.apply_marks(
            {ENTRIES[0].path: Marks(read=True, bookmarked=True), ENTRIES[1].path: Marks()}
        )
        await pilot.pause()

        def title_style(y: int) -> tuple[bool, bool]:
            segment = next(s for s in view.render_line(y) if "Story" in s.text)
            style = segment.style
            assert style is not None
            return bool(style.bold), bool(style.dim)

        assert view.render_line(0).text.startswith(f" {BOOKMARK} Story 00")
        assert view.render_line(2).text.startswith(f"{UNREAD}  Story 01")
        assert title_style(0) == (False, True)
        assert title_style(2) == (True, False)


async def test_title_counts_what_is_listed_and_source_narrows() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.set_translator(Translator("en"))
        view.add_entries(ENTRIES)
        view.apply_marks({ENTRIES[0].path: Marks(read=True)})
        await pilot.pause()
        assert str(view.border_title) == "Headlines · 11/12"
        view.set_source(lambda h: h.title < "Story 04", "Early")
        assert [h.title for h in view.shown_entries] == [f"Story {n:02}" for n in range(4)]
        assert str(view.border_title) == "Headlines · 3/4 · Early"
        view.cycle_filter()
        assert str(view.border_title) == "Headlines · 3/3 · Early · unread"
        view.set_source(None)
        assert len(view.shown) == 11


async def test_sort_orders_keep_the_cursor_on_its_article() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        shuffled = [ENTRIES[3], ENTRIES[0], ENTRIES[2]]
        view.add_entries(shuffled)
        view.select(2)
        await pilot.pause()
        view.set_order("date")
        assert [h.title for h in view.shown_entries] == ["Story 00", "Story 02", "Story 03"]
        assert view.current == ENTRIES[2]
        view.set_order("title")
        view.add_entries([ENTRIES[1]])
        assert [h.title for h in view.shown_entries] == [f"Story {n:02}" for n in range(4)]
        assert view.current == ENTRIES[2]


async def test_dates_are_words_in_the_interface_language() -> None:
    view = HeadlineList()
    app = Recorder(view)
    async with app.run_test(size=SIZE) as pilot:
        view.now = lambda: NOW
        view.add_entries(ENTRIES[1:3])
        await pilot.pause()
        assert view.date_words(ENTRIES[1]) == "2 hours ago"
        view.set_translator(Translator("ar", "terminal"))
        assert view.date_words(ENTRIES[1]) == "منذ ساعتين"
        assert view.render_line(1).text.strip() == prepare("منذ ساعتين").lines(100)[0].text
