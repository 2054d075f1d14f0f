"""The app in Persian and Arabic: its words from the catalogs, numbers in the interface's
digits, and Textual's own ctrl+c notice translated."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import MakeApp
from tests.ui.helpers import reading, record_notifications, wait_for


async def test_persian_list_title_counts_in_persian_digits(make: MakeApp, library: Path) -> None:
    async with reading(make([library], ui="fa", bidi="terminal")) as (pilot, screen):
        tr = screen.session.tr
        total = len(screen.headlines.shown)
        digits = tr.number(total)
        assert digits != str(total) and tr.language == "fa"
        await wait_for(pilot, lambda: str(screen.headlines.border_title).startswith("سرخط"))
        assert str(screen.headlines.border_title) == tr.display(f"سرخط‌ها · {digits}/{digits}")


async def test_the_ctrl_c_notice_says_in_arabic_how_to_quit(make: MakeApp, library: Path) -> None:
    """Textual's own notice for ctrl+c (it does not quit), in the interface's words."""
    app = make([library], ui="ar")
    shown = record_notifications(app)
    async with reading(app) as (pilot, screen):
        tr = screen.session.tr
        await app.run_action("help_quit")
        said = [tr.visual("Press {keys} to quit the app", keys=key) for key in ("q", "ctrl+q")]
        await wait_for(pilot, lambda: any(text in said for text in shown))
        assert tr("Press {keys} to quit the app", keys="q") == "اضغط q للخروج من التطبيق"


async def test_ctrl_c_on_the_main_screen_says_how_to_quit_and_copies_nothing(
    make: MakeApp, library: Path
) -> None:
    """ctrl+c is Textual's "copy the selection" on a screen, else the quit notice; `Y` (copy the
    article) must not answer it."""
    app = make([library], ui="ar")
    shown = record_notifications(app)
    async with reading(app) as (pilot, screen):
        tr = screen.session.tr
        await pilot.press("ctrl+c")
        said = [tr.visual("Press {keys} to quit the app", keys=key) for key in ("q", "ctrl+q")]
        await wait_for(pilot, lambda: any(text in said for text in shown))
        assert all(text in said for text in shown)  # nothing copied, nothing else said
