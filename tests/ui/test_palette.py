"""The command palette (ctrl+p): actions and "open article by title", Arabic-aware matching.

Each test waits until the palette's list shows the expected hit before pressing Enter, rather than
for a fixed time: the palette gathers its hits in a worker and shows them in batches.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import Command, CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.i18n import Translator
from reader.text import prepare
from reader.ui.palette import PaletteInput
from tests.ui.conftest import HARAKAT_TITLE, MakeApp
from tests.ui.helpers import opened, reading, wait_for


def palette_list(pilot: Pilot[int]) -> OptionList | None:
    """The open palette's list of hits, or None when the palette is not the active screen."""
    screen = pilot.app.screen
    return screen.query_one(OptionList) if isinstance(screen, CommandPalette) else None


def highlighted_hit(pilot: Pilot[int]) -> str:
    """The text of the hit Enter would run ("" when there is none)."""
    options = palette_list(pilot)
    option = options.highlighted_option if options is not None else None
    return option.hit.text or "" if isinstance(option, Command) else ""


def hits(pilot: Pilot[int]) -> list[str]:
    """The texts of every hit the palette lists (its "no matches" note is not a hit)."""
    options = palette_list(pilot)
    shown = options.options if options is not None else []
    return [option.hit.text or "" for option in shown if isinstance(option, Command)]


async def open_palette(pilot: Pilot[int]) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: palette_list(pilot) is not None)


async def test_palette_opens_an_article_by_title_ignoring_tashkeel_and_alef_forms(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library])) as (pilot, screen):
        await open_palette(pilot)
        # No harakat and a bare alef where the title has أ: it still matches.
        await pilot.press(*"ابوابها")
        await wait_for(pilot, lambda: HARAKAT_TITLE in highlighted_hit(pilot))
        await pilot.press("enter")
        await opened(pilot, HARAKAT_TITLE)
        assert screen.headlines.current is not None
        assert screen.headlines.current.title == HARAKAT_TITLE


async def test_palette_runs_actions(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, _):
        assert app.settings.layout == "rtl"
        await open_palette(pilot)
        await pilot.press(*"flip layout")
        await wait_for(pilot, lambda: highlighted_hit(pilot) == "Flip layout")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.settings.layout == "ltr")


async def test_palette_search_without_a_match_shows_no_hit_and_escape_closes_it(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library])) as (pilot, screen):
        await open_palette(pilot)
        await pilot.press(*"zzqqxx")
        # The search is over when the list holds only the palette's disabled "no matches" note.
        options = palette_list(pilot)
        assert options is not None
        await wait_for(
            pilot,
            lambda: options.option_count == 1 and options.get_option_at_index(0).disabled,
        )
        assert hits(pilot) == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: palette_list(pilot) is None)
        assert pilot.app.screen is screen


async def test_palette_runs_list_and_article_keys_on_their_widget(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library])) as (pilot, screen):
        headlines = screen.headlines
        await pilot.press("G")
        assert headlines.cursor == len(headlines.shown) - 1
        await open_palette(pilot)
        await pilot.press(*"first headline")
        await wait_for(pilot, lambda: highlighted_hit(pilot) == "First headline")
        await pilot.press("enter")
        await wait_for(pilot, lambda: headlines.cursor == 0)
        await open_palette(pilot)
        await pilot.press(*"bottom")
        await wait_for(pilot, lambda: highlighted_hit(pilot) == "Bottom")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.body.scroll_offset.y > 0)
        assert headlines.cursor == 0  # the article's key, not the list's


async def test_palette_box_shows_arabic_shaped_with_a_translated_placeholder(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], ui="ar")) as (pilot, _):
        await open_palette(pilot)
        box = pilot.app.screen.query_one(PaletteInput)
        assert box.placeholder == Translator("ar")("Search for commands…")
        await pilot.press(*"ابوابها")
        await wait_for(pilot, lambda: box.value == "ابوابها")
        cells = "".join(segment.text for segment in box.render_line(0))
        # Shaped, in visual order and at the right of the box (never the logical letters).
        assert cells.rstrip().endswith(prepare("ابوابها").lines(99)[0].text)
        assert "ابوابها" not in cells


async def test_an_arabic_interface_lists_the_palette_s_commands_on_the_right(
    make: MakeApp, library: Path
) -> None:
    for language, at_right in (("ar", True), ("en", False)):
        async with reading(make([library], ui=language)) as (pilot, _):
            await open_palette(pilot)
            await pilot.press(*"R")
            await wait_for(pilot, lambda: highlighted_hit(pilot) != "")
            options = palette_list(pilot)
            assert options is not None
            line = "".join(segment.text for segment in options.render_line(0))
            width = len(line)
            # The first hit's name ends near the list's right edge, or starts at its left.
            assert (len(line.rstrip()) > width - 4) == at_right, line
