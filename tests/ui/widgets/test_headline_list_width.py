"""The headline list's width (issue #13): `list_width` percent or the titles' width, `<`/`>`,
and the details pane's room going to the list and the article when it is hidden."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from reader.i18n import Translator
from reader.model import Headline
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.list_width import (
    AUTO_MIN,
    list_cells,
    list_fraction,
    step_percent,
    titles_cells,
    width_notice,
)
from tests.ui.widgets.host import settled

SCREEN = 100


class Three(App[None]):
    """The list, an article (1fr) and a details pane (24 cells), as the reader lays them."""

    CSS = """
    #body { width: 1fr; }
    #details { width: 24; }
    """

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.view = HeadlineList(id="headlines")
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield self.view
            yield Static("body", id="body")
            yield Static("details", id="details")

    def on_mount(self) -> None:
        entries = [
            Headline(Path(f"{n}.txt"), t, direction="ltr") for n, t in enumerate(self.titles)
        ]
        self.view.add_entries(entries)


def test_widths_in_cells() -> None:
    assert list_cells(30, SCREEN, []) == 30
    assert list_cells(95, SCREEN, []) == 80  # a chosen share stays within 20..80
    assert list_cells(5, SCREEN, []) == 20
    assert titles_cells([], SCREEN) == AUTO_MIN
    assert titles_cells(["x" * 20], SCREEN) == 20 + 3 + 4  # marks and border
    assert titles_cells(["x" * 300], SCREEN) == 35  # at most 35% of the room
    # The fraction gives the list its cells of what it shares with the article.
    assert round(list_fraction(30, SCREEN), 4) == round(30 / (SCREEN - 24 - 30), 4)


def test_steps_and_notice() -> None:
    assert step_percent(30, 0, SCREEN, +5) == 35
    assert step_percent(80, 0, SCREEN, +5) == 80
    assert step_percent(20, 0, SCREEN, -5) == 20
    assert step_percent(0, 31, SCREEN, +5) == 35  # from the titles' width: its share, rounded
    tr = Translator("en", "app")
    assert width_notice(tr, 35, True) == "List width: 35% (saved)"
    assert "35" in width_notice(Translator("ar", "app"), 35, None)


async def test_percent_is_a_share_of_the_screen_and_hiding_details_widens_it() -> None:
    app = Three(["Short"])
    async with app.run_test(size=(SCREEN, 12)) as pilot:
        view = app.view
        view.sizer.set(30)
        await settled(pilot, lambda: view.outer_size.width == 30)
        body = app.query_one("#body")
        body_before = body.outer_size.width
        app.query_one("#details").display = False
        await settled(pilot, lambda: view.outer_size.width > 30)
        assert body.outer_size.width > body_before  # the room is shared
        assert view.outer_size.width + body.outer_size.width == SCREEN


async def test_zero_fits_the_titles_within_bounds() -> None:
    title = "A title of 25 cells or so"  # (+ marks and border: within 35% of 100)
    app = Three(["Short", title])
    async with app.run_test(size=(SCREEN, 12)) as pilot:
        view = app.view
        view.sizer.set(0)
        await settled(pilot, lambda: view.outer_size.width == len(title) + 3 + 4)
        view.sizer.set(45)
        await settled(pilot, lambda: view.outer_size.width == 45)
