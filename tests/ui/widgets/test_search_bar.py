"""`SearchBar` on its own: the box opens on demand, typing matches titles (then the index's
text), Enter finds whole words, Escape ends the search, and stale results stay in the bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from reader.i18n import Translator
from reader.model import Headline
from reader.ui.messages import SearchEnded, SearchResults, SearchSubmitted
from reader.ui.widgets.search_bar import SearchBar
from tests.ui.widgets.host import Recorder, settled

SIZE = (60, 5)


def library(folder: Path) -> list[Headline]:
    """Two small articles; their headlines as the scan gives them (absolute paths here)."""
    articles = {
        "morning.txt": ("Morning notes", "We read the paper over coffee."),
        "evening.txt": ("Evening notes", "We were reading the paper by the fire."),
    }
    headlines = []
    for name, (title, body) in articles.items():
        path = folder / name
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        headlines.append(Headline(path, title, direction="ltr"))
    return headlines


def bar_for(headlines: list[Headline]) -> SearchBar:
    return SearchBar(None, Translator("en"), titles=lambda: headlines, reuse=lambda path: None)


async def type_in(pilot: Pilot[Any], app: Recorder, text: str) -> SearchResults:
    """Type `text` into the open box; the last results that reached the app for it."""
    await pilot.press(*text)

    def arrived() -> list[SearchResults]:
        return [message for message in app.of(SearchResults) if message.text == text]

    await settled(pilot, lambda: bool(arrived()))
    return arrived()[-1]


async def test_hidden_until_opened_then_the_box_has_the_focus(tmp_path: Path) -> None:
    bar = bar_for(library(tmp_path))
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not bar.is_open and not bar.searching
        assert bar.region.height == 0 and not bar.query(Input) and bar.text == ""
        await bar.open()
        await pilot.pause()
        box = bar.query_one("#search", Input)
        assert bar.is_open and bar.region.height == 1
        assert app.focused is box
        assert app.posted == []  # opening searches nothing yet


async def test_typing_matches_titles_until_the_index_is_built(tmp_path: Path) -> None:
    morning, evening = library(tmp_path)
    bar = bar_for([morning, evening])
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        assert bar.index is None
        found = await type_in(pilot, app, "morn")  # the last word may be unfinished
        assert found.paths == {morning.path}
        await pilot.press(*["backspace"] * len("morn"))
        found = await type_in(pilot, app, "coffee")  # only in a body: no index yet
        assert found.paths == frozenset()
        assert bar.text == "coffee"


async def test_once_synced_the_text_is_matched_too(tmp_path: Path) -> None:
    morning, evening = library(tmp_path)
    bar = bar_for([morning, evening])
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        bar.sync([morning.path, evening.path])
        await settled(pilot, lambda: bar.index is not None)
        await bar.open()
        found = await type_in(pilot, app, "coff")
        assert found.paths == {morning.path}
        assert bar.query_shown is None  # typing highlights nothing


async def test_the_index_ready_while_typing_redoes_the_search(tmp_path: Path) -> None:
    morning, evening = library(tmp_path)
    bar = bar_for([morning, evening])
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        assert (await type_in(pilot, app, "fire")).paths == frozenset()
        bar.sync([morning.path, evening.path])
        await settled(pilot, lambda: app.of(SearchResults)[-1].paths == {evening.path})


async def test_enter_submits_whole_words_and_escape_ends_the_search(tmp_path: Path) -> None:
    morning, evening = library(tmp_path)
    bar = bar_for([morning, evening])
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        bar.sync([morning.path, evening.path])
        await settled(pilot, lambda: bar.index is not None)
        await bar.open()
        # While typing, "read" is a word beginning: "reading" matches too.
        assert (await type_in(pilot, app, "read")).paths == {morning.path, evening.path}
        await pilot.press("enter")
        await settled(pilot, lambda: bool(app.of(SearchSubmitted)))
        [submitted] = app.of(SearchSubmitted)
        assert submitted.paths == {morning.path}  # whole words, as `reader search` finds them
        assert bar.query_shown == submitted.query and bar.searching
        assert app.of(SearchEnded) == []
        bar.close()
        await settled(pilot, lambda: bool(app.of(SearchEnded)))
        assert not bar.is_open and not bar.searching and bar.query_shown is None
        assert bar.text == "" and bar.region.height == 0
        bar.close()  # nothing to end any more
        await pilot.pause()
        assert len(app.of(SearchEnded)) == 1


async def test_enter_on_an_empty_box_submits_nothing(tmp_path: Path) -> None:
    bar = bar_for(library(tmp_path))
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.of(SearchSubmitted) == [] and bar.query_shown is None


async def test_stale_results_stop_in_the_bar(tmp_path: Path) -> None:
    morning, evening = library(tmp_path)
    bar = bar_for([morning, evening])
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        await type_in(pilot, app, "notes")
        before = len(app.of(SearchResults))
        # Results for an older text (a keystroke ago) never reach the app...
        bar.post_message(SearchResults("note", frozenset({morning.path})))
        await pilot.pause()
        assert len(app.of(SearchResults)) == before
        # ...while those for the box's text do,
        bar.post_message(SearchResults("notes", frozenset({evening.path})))
        await settled(pilot, lambda: len(app.of(SearchResults)) == before + 1)
        # ...until Enter: the exact matches replace the word-beginning ones.
        await pilot.press("enter")
        await settled(pilot, lambda: bool(app.of(SearchSubmitted)))
        bar.post_message(SearchResults("notes", frozenset({evening.path})))
        await pilot.pause()
        assert len(app.of(SearchResults)) == before + 1
