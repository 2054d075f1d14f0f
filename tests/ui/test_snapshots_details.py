"""Snapshots of the details pane (reader's fields first, technical facts under a heading) and
the footer (the list's keys first; Help and Quit kept) at 60 and 120 columns, in each
interface language. Update with `pytest tests/ui/test_snapshots_details.py --snapshot-update`
after checking the SVGs by eye."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.i18n import LANGUAGES
from tests.ui.conftest import SEED_TITLE, MakeApp, SnapCompare
from tests.ui.helpers import opened, wait_for

FOLDER = Path("tests/ui/data")


async def _details_shown(pilot: Pilot[Any]) -> None:
    screen = await opened(pilot, SEED_TITLE)
    if not screen.metadata.display:
        await pilot.press("m")  # (hidden below 80 columns)
    await wait_for(pilot, lambda: screen.metadata.display and screen.metadata.laid_out)
    screen.headlines.focus()
    await pilot.pause()


@pytest.mark.parametrize("size", [(60, 20), (120, 30)], ids=["60x20", "120x30"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_details_and_footer(
    snap_compare: SnapCompare,
    make: MakeApp,
    in_repo: Path,
    language: str,
    size: tuple[int, int],
) -> None:
    app = make([FOLDER], ui=language, layout="rtl", sources="hide", config=None)
    assert snap_compare(app, terminal_size=size, run_before=_details_shown)
