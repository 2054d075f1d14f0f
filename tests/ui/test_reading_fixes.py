"""Issue #14's reading fixes in the app: the details pane after `m`, `p`, `m`; an unreadable
file painted without waiting for the held frame; `n`/`p` round the end say so; the body's
lines capped at the measure and centred."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.reading import position_of, split_position
from reader.ui.screens.main import MainScreen
from reader.ui.widgets import frame_hold
from tests.ui.conftest import ENGLISH_TITLE, SEED_TITLE, MakeApp
from tests.ui.helpers import opened, reading, record_notifications, wait_for


async def test_the_details_come_back_after_m_p_m(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, screen):
        assert screen.metadata.display and screen.metadata.all_text()
        await pilot.press("m")
        await pilot.pause()
        assert not screen.metadata.display
        await pilot.press("p")  # round the end: the last unread, opened while hidden
        await opened(pilot, ENGLISH_TITLE)
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.metadata.laid_out)
        shown = "\n".join(screen.metadata.all_text())
        assert "Library opens a" in shown and "Words" in shown


def record_paints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The body's first line at each paint of the main screen (as test_app's first-paint
    test records them)."""
    painted: list[str] = []
    original = MainScreen._compositor_refresh

    def paint(self: MainScreen) -> None:
        painted.append(" ".join(self.body.visible_text()[:1]))
        original(self)

    monkeypatch.setattr(MainScreen, "_compositor_refresh", paint)
    return painted


async def test_an_unreadable_file_is_painted_without_waiting_for_the_hold(
    make: MakeApp, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list holds the frame for the article on its way; a file known to be unreadable has
    none to wait for: its notice is painted at once, not when the hold's timer runs out (set
    to an hour here). (It was painted by the next unrelated repaint: the 2 s read timer.)"""
    monkeypatch.setattr(frame_hold, "HOLD_FRAME", 3600.0)
    (library / "001_empty.txt").write_text("")
    painted = record_paints(monkeypatch)
    app = make([library])
    async with reading(app) as (pilot, screen):
        await wait_for(pilot, lambda: len(screen.headlines.entries) == 4)
        screen.headlines.focus()
        painted.clear()
        await pilot.press("j")
        await wait_for(pilot, lambda: any("Cannot read" in line for line in painted))
        assert not screen.panes.holding
        # A readable one holds the frame until it is shown, then paints it.
        await pilot.press("j")
        await opened(pilot, "مَدِينَةُ الكُتُبِ تَفْتَحُ أَبْوَابَهَا")
        await wait_for(pilot, lambda: not screen.panes.holding)
        assert "Cannot read" not in painted[-1]


async def test_n_round_the_end_says_so(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, screen):
        shown = record_notifications(app)
        screen.headlines.select(2)
        await opened(pilot, ENGLISH_TITLE)
        await pilot.press("n")
        await opened(pilot, SEED_TITLE)
        assert shown == ["No more unread below: back to the first unread"]
        await pilot.press("p")
        await opened(pilot, ENGLISH_TITLE)
        assert shown[-1] == "No more unread above: back to the last unread"


async def test_wide_body_lines_are_capped_at_the_measure_and_centred(
    make: MakeApp, library: Path
) -> None:
    app = make([library], sources="hide")
    async with app.run_test(size=(240, 30)) as pilot:
        screen = await opened(pilot, SEED_TITLE)
        body = screen.body
        width = body.scrollable_content_region.width
        assert width > 100
        lines = [line for line in body.all_text() if line.strip()]
        assert lines
        margin = (width - 90) // 2
        # Every line within the centred column of 90 cells, some reaching its right edge
        # (the Arabic paragraphs are right-aligned in it).
        assert all(len(line) <= margin + 90 for line in lines)
        assert all(line[:margin].strip() == "" for line in lines)
        assert any(len(line) == margin + 90 for line in lines)
        assert max(len(line.strip()) for line in lines) > 60


def test_a_saved_position_is_a_paragraph_and_a_character_and_old_ones_still_read() -> None:
    assert split_position(position_of(7, 123)) == (7, 123)
    assert split_position(position_of(0, 0)) == (0, 0)
    assert split_position(12) == (12, 0)  # saved before: a paragraph alone


async def test_the_position_restores_to_the_line_not_its_paragraph_s_start(
    make: MakeApp, library: Path, state: Path
) -> None:
    app = make([library], state=state)
    async with reading(app) as (pilot, screen):
        screen.body.focus()
        for _ in range(60):  # down line by line until the top line is inside a paragraph
            await pilot.press("j")
            block, offset = screen.body.top_line()
            if offset > 0 and screen.body.blocks[block].paragraph:
                break
        assert offset > 0
        top = screen.body.visible_text()[0]
        await pilot.press("q")
    app = make([library], state=state)
    async with reading(app) as (pilot, screen):
        await wait_for(pilot, lambda: screen.body.top_line() == (block, offset))
        assert screen.body.visible_text()[0] == top
