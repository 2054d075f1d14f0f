"""Snapshots of the real screens at fixed sizes (SVGs readable in a browser: bidi-override).

Pilot asserts the state first; the snapshot then guards the look. Update with
`pytest tests/ui/test_snapshots.py --snapshot-update` after checking the SVGs by eye.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.ui.screens.help import HelpScreen
from tests.ui.conftest import SEED_TITLE, MakeApp, SnapCompare
from tests.ui.helpers import main_screen, opened, shown_titles, wait_for

FOLDER = Path("tests/ui/data")
MARKDOWN = Path("tests/ui/snapdata/markdown")
MARKDOWN_TITLE = "المكتبة تفتح قاعة جديدة"
#: A word of the seed article that is only in its body, several times.
SEARCH_WORD = "داعش"


async def _seed_open(pilot: Pilot[Any]) -> None:
    screen = await opened(pilot, SEED_TITLE)
    assert screen.body.all_text()


def test_main_screen_rtl_arabic_interface(
    snap_compare: SnapCompare, make: MakeApp, in_repo: Path
) -> None:
    app = make([FOLDER], ui="ar", layout="rtl", config=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_seed_open)


def test_main_screen_ltr_english_interface(
    snap_compare: SnapCompare, make: MakeApp, in_repo: Path
) -> None:
    app = make([FOLDER], ui="en", layout="ltr", config=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_seed_open)


def test_help_screen(snap_compare: SnapCompare, make: MakeApp, in_repo: Path) -> None:
    app = make([FOLDER], ui="ar", config=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _seed_open(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_narrow_terminal(snap_compare: SnapCompare, make: MakeApp, in_repo: Path) -> None:
    app = make([FOLDER], ui="en", config=None)
    assert snap_compare(app, terminal_size=(60, 20), run_before=_seed_open)


def test_main_screen_terminal_bidi(snap_compare: SnapCompare, make: MakeApp, in_repo: Path) -> None:
    """Terminal bidi mode: logical text, left for the terminal to shape and reorder."""
    app = make([FOLDER], ui="ar", layout="rtl", bidi="terminal", config=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_seed_open)


def test_search_with_highlights(snap_compare: SnapCompare, make: MakeApp, in_repo: Path) -> None:
    """`/`, a word the seed's body has several times, Enter: every hit drawn in reverse video."""
    app = make([FOLDER], ui="en", config=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _seed_open(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *SEARCH_WORD)
        # Only in the seed's body: the list narrows once the body index answers.
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE])
        await pilot.press("enter")

        def highlighted() -> int:
            body = screen.body
            spans = [s for b in body.blocks for s in b.spans if s.style == "highlight"]
            return len(spans) if body.laid_out else 0

        await wait_for(pilot, lambda: highlighted() > 2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_markdown_emphasis_and_links(
    snap_compare: SnapCompare, make: MakeApp, in_repo: Path
) -> None:
    """A Markdown article: bold, italic, a link (underlined) and code (dim) in Arabic text."""
    app = make([MARKDOWN], ui="ar", layout="rtl", config=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await opened(pilot, MARKDOWN_TITLE)
        styles = {span.style for block in screen.body.blocks for span in block.spans}
        assert {"bold", "italic", "link", "code"} <= styles

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
