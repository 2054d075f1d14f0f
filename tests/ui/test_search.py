"""The search flow: `/`, the list narrowing as you type, Enter, highlighted hits, n/N, Escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from reader import cli
from reader.text import prepare
from tests.ui.conftest import HARAKAT_TITLE, SEED_TITLE, MakeApp
from tests.ui.helpers import indexed, opened, reading, shown_titles, wait_for
from tests.ui.widgets.host import reversed_runs


async def test_typing_narrows_the_list_with_arabic_rules(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        await pilot.press("slash")
        assert screen.search_bar.display and screen.query_one("#search", Input).has_focus
        # ى for ي: still the seed's الكاظمي.
        await pilot.press(*"الكاظمى")
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE])
        # The box shows the query as the engine does (shaped, in visual order, at its right
        # edge), and the count beside it.
        box = screen.query_one("#search", Input)
        cells = "".join(segment.text for segment in box.render_line(0))
        assert cells.rstrip().endswith(prepare("الكاظمى").lines(100)[0].text)
        await wait_for(pilot, lambda: str(screen.query_one("#search-count").render()) == "(1)")
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(screen.headlines.shown) == 3)
        assert not screen.search_bar.display


async def test_the_index_finds_body_text_with_arabic_indic_digits(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library])) as (pilot, screen):
        await indexed(pilot, screen)
        await pilot.press("slash", *"٢٥٠٠")  # "2500" is in two bodies, in no title
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE, HARAKAT_TITLE])


async def test_enter_opens_the_first_match_and_n_moves_between_hits(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        await indexed(pilot, screen)
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("slash", *"داعش")  # only in the seed (title block and body)
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE])
        await pilot.press("enter")
        await opened(pilot, SEED_TITLE)
        body = screen.body
        await wait_for(pilot, lambda: len(body.hits()) > 2)
        assert screen.focused is body
        hits = body.hits()
        first = body.scroll_offset.y
        positions = [first]
        for _ in range(len(hits) - 1):
            await pilot.press("n")
            positions.append(body.scroll_offset.y)
        assert positions == sorted(positions) and positions[-1] > positions[0]
        await pilot.press("N")
        assert body.scroll_offset.y == positions[-2]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.panes.highlight is None
        assert body.hits() == []
        await pilot.press("n")  # n is "next unread" again
        await opened(pilot, HARAKAT_TITLE)


async def test_every_hit_reaches_the_screen_reversed(make: MakeApp, library: Path) -> None:
    """The cells of each hit are drawn reversed, and no others: the highlight goes through the
    body's blocks, the engine's reordering and the view's drawing to the screen."""
    async with reading(make([library])) as (pilot, screen):
        await indexed(pilot, screen)
        await pilot.press("slash", *"داعش")
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE])
        await pilot.press("enter")
        await opened(pilot, SEED_TITLE)
        body = screen.body
        await wait_for(pilot, lambda: len(body.hits()) > 2)
        hits = body.hits()
        lines: dict[int, int] = {}  # line number: hits on it
        for block, offset in hits:
            line = body.line_of(block, offset)
            assert line is not None
            lines[line] = lines.get(line, 0) + 1
        word = prepare("داعش").lines(100)[0].text  # its four letters, shaped alone
        for _ in hits:
            top = int(body.scroll_offset.y)
            height = body.scrollable_content_region.height
            for line in range(top, top + height):
                runs = reversed_runs(body, line - top)
                # Each hit is one reversed run of its four letters; a line without a hit has none.
                assert len(runs) == lines.get(line, 0)
                assert all(len(run) == len(word) for run in runs)
            await pilot.press("n")
        await pilot.press("escape")
        await pilot.pause()
        assert not any(reversed_runs(body, y) for y in range(body.scrollable_content_region.height))


async def test_letters_and_spaces_typed_in_the_box_are_text_not_keys(
    make: MakeApp, library: Path
) -> None:
    app = make([library])
    async with reading(app) as (pilot, screen):
        await pilot.press("slash", *"reading hall qnpmdLhj")
        assert screen.query_one("#search", Input).value == "reading hall qnpmdLhj"
        assert app.is_running and screen.metadata.display
        assert app.settings.layout == "rtl" and app.settings.harakat == "keep"
        assert screen.article is not None and screen.article.title == SEED_TITLE


async def test_enter_shows_exactly_what_reader_search_finds(
    make: MakeApp, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """While typing, the last word is a word beginning; after Enter it is whole, as on the
    command line: the list then holds `reader search`'s result set."""
    (library / "olive.md").write_text("# زيت\n\nموسم قطاف الزيتون.\n", encoding="utf-8")
    (library / "school.md").write_text("# مدرسة\n\nمدرسة الزيتونة.\n", encoding="utf-8")
    assert cli.main(["search", "الزيتون", str(library), "--json"]) == 0
    expected = sorted(r["title"] for r in json.loads(capsys.readouterr().out)["results"])
    assert expected == ["زيت"]
    async with reading(make([library])) as (pilot, screen):
        await indexed(pilot, screen)
        await pilot.press("slash", *"الزيتون")
        await wait_for(pilot, lambda: sorted(shown_titles(screen)) == ["زيت", "مدرسة"])
        await pilot.press("enter")
        await opened(pilot, "زيت")
        assert sorted(shown_titles(screen)) == expected
        await pilot.pause()
        assert sorted(shown_titles(screen)) == expected  # no late word-beginning results


async def test_the_list_title_counts_what_the_search_and_the_filter_leave(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        headlines = screen.headlines

        def title() -> str:
            return str(headlines.border_title)

        await wait_for(pilot, lambda: title() == "Headlines · 3/3")
        await pilot.press("u")  # the seed read
        await wait_for(pilot, lambda: title() == "Headlines · 2/3")
        await pilot.press("slash", *"الكاظمى")
        await wait_for(pilot, lambda: shown_titles(screen) == [SEED_TITLE])
        await wait_for(pilot, lambda: title() == "Headlines · 0/1 · search")
        await pilot.press("escape")
        await wait_for(pilot, lambda: title() == "Headlines · 2/3")
        await pilot.press("f")  # unread only
        await wait_for(pilot, lambda: title() == "Headlines · 2/2 · unread")
