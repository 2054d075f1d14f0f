"""Snapshots of the real screens at fixed sizes (SVGs readable in a browser: bidi-override).

Pilot asserts the state first; the snapshot then guards the look. Update with
`pytest tests/ui/test_snapshots.py --snapshot-update` after checking the SVGs by eye.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.ui.screens.help import HelpScreen
from tests.ui.conftest import SEED_TITLE, MakeApp
from tests.ui.helpers import opened

FOLDER = Path("tests/ui/data")
SnapCompare = Callable[..., bool]


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
