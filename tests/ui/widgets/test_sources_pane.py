"""The sources pane on its own, beside a headline list: what a row shows in each direction, a
chosen source narrowing the list, a failed feed's reason, the spinner of a refresh, Tab."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.containers import Horizontal

from reader.library.reading import ReadingState
from reader.library.session import Session, Settings
from reader.model import Headline
from reader.settings import UiLanguage
from reader.ui.messages import SourceChosen
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.source_row import SPINNER
from reader.ui.widgets.sources_pane import SourcesPane
from tests.ui.widgets.host import Host, settled


class Chosen(Host):
    """A Host that keeps the sources chosen."""

    def __init__(self, pane: SourcesPane, headlines: HeadlineList) -> None:
        super().__init__(Horizontal(pane, headlines))
        self.chosen: list[str] = []
        self.notices: list[str] = []

    @on(SourceChosen)
    def _chosen(self, message: SourceChosen) -> None:
        self.chosen.append(message.source.key)

    def notify(self, message: str, **options: object) -> None:
        self.notices.append(message)


def made(
    tmp_path: Path, state: ReadingState, language: UiLanguage = "en"
) -> tuple[Chosen, SourcesPane]:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir(exist_ok=True)
    session = Session([one, two], state, Settings("ltr", "app", "keep"), language=language)
    headlines = HeadlineList(id="headlines")
    headlines.add_entries(
        [
            Headline(one / "a.txt", "Alpha"),
            Headline(one / "b.txt", "Beta", direction="ltr"),
            Headline(two / "c.txt", "مرحبا بالعالم"),
        ]
    )
    headlines.apply_marks({})
    pane = SourcesPane(session, headlines, id="sources", watch=None, clock=lambda: 0.0)
    return Chosen(pane, headlines), pane


def rows(pane: SourcesPane) -> list[str]:
    return [pane.row_text(row) for row in range(pane.virtual_size.height)]


async def test_rows_in_english_mark_first_counts_last(tmp_path: Path, state: ReadingState) -> None:
    host, pane = made(tmp_path, state)
    async with host.run_test(size=(40, 12)) as pilot:
        await settled(pilot, lambda: bool(pane.sources))
        shown = rows(pane)
        assert shown[0].startswith("● All") and shown[0].rstrip().endswith("3/3")
        assert shown[3].strip() == "Folders"
        assert shown[4].startswith("● one") and shown[4].rstrip().endswith("2/2")


async def test_rows_in_arabic_counts_first_mark_last(tmp_path: Path, state: ReadingState) -> None:
    host, pane = made(tmp_path, state, "ar")
    async with host.run_test(size=(40, 12)) as pilot:
        await settled(pilot, lambda: bool(pane.sources))
        first = rows(pane)[0].rstrip()
        assert first.startswith("3/3") and first.endswith("●")


async def test_enter_narrows_the_list_and_posts_the_source(
    tmp_path: Path, state: ReadingState
) -> None:
    host, pane = made(tmp_path, state)
    async with host.run_test(size=(40, 12)) as pilot:
        await settled(pilot, lambda: bool(pane.sources))
        pane.focus()
        await pilot.press("j", "j", "j", "j", "enter")  # All, Unread, Bookmarks, one, two
        headlines = pane.headlines
        assert [headlines.entries[i].title for i in headlines.shown] == ["مرحبا بالعالم"]
        assert headlines.current is not None  # the cursor on the first listed
        assert host.chosen == [str(tmp_path / "two")]
        await pilot.press("k", "k", "k", "k", "enter")
        assert len(headlines.shown) == 3 and host.chosen[-1] == "all"


async def test_a_refresh_spins_and_a_failed_feed_says_why(
    tmp_path: Path, state: ReadingState
) -> None:
    from reader.library.sources import Source

    host, pane = made(tmp_path, state)
    async with host.run_test(size=(40, 12)) as pilot:
        await settled(pilot, lambda: bool(pane.sources))
        failed = Source("feed", "https://x.example/", "X", status="error", error="404 not found")
        pane.sources.insert(3, failed)  # (a feed, as `load_states` would find it)
        pane.set_refreshing(True)
        await pilot.pause()
        assert pane.sources[3].refreshing
        assert any(row.startswith(SPINNER[0]) and "X" in row for row in rows(pane))
        pane.sources[3] = failed
        pane.choose(3)
        assert host.notices and "404 not found" in host.notices[-1]
