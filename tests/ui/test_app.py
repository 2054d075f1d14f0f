"""Pilot tests: navigation, pane focus, toggles, layout flip, help, mouse, big articles."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from textual import events

from reader.config import load_config
from reader.document import render_article
from reader.sources import load_article
from reader.text import fit, prepare
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.headline_list import BOOKMARK, UNREAD
from reader.ui.widgets.key_footer import KeyFooter
from tests.ui.conftest import DATA, ENGLISH_TITLE, HARAKAT_TITLE, SEED_TITLE, SIZE, MakeApp
from tests.ui.helpers import (
    expected_body,
    main_screen,
    opened,
    reading,
    record_notifications,
    wait_for,
)


async def test_first_article_opens_as_render_prints_it(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (_, screen):
        assert [e.title for e in screen.headlines.entries] == [
            SEED_TITLE,
            HARAKAT_TITLE,
            ENGLISH_TITLE,
        ]
        assert screen.body.all_text() == expected_body(screen)
        assert screen.focused is screen.headlines


async def test_j_k_and_arrows_move_in_the_list_and_open(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("down")
        await opened(pilot, ENGLISH_TITLE)
        assert screen.body.all_text() == expected_body(screen)
        await pilot.press("k")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("up")
        await opened(pilot, SEED_TITLE)
        assert screen.headlines.cursor == 0


async def test_n_and_p_work_from_the_body(make: MakeApp, library: Path) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        await pilot.press("tab")
        assert screen.focused is screen.body
        await pilot.press("n")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("n", "p", "p")
        await opened(pilot, SEED_TITLE)
        assert screen.focused is screen.body


async def test_tab_cycles_panes_in_reading_order(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(screen.focused)
        assert seen == [screen.body, screen.metadata, screen.headlines]
        await pilot.press("shift+tab")
        assert screen.focused is screen.metadata
        await pilot.press("m")  # hiding the focused metadata pane moves focus to the body
        assert not screen.metadata.display
        assert screen.focused is screen.body
        await pilot.press("tab", "tab")
        assert screen.focused is screen.body


async def test_m_toggles_the_metadata_pane(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        width = screen.body.size.width
        await pilot.press("m")
        await pilot.pause()
        assert not screen.metadata.display
        assert screen.body.size.width > width
        await pilot.press("m")
        await pilot.pause()
        assert screen.metadata.display


async def test_layout_flips_pane_order(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, screen):
        x = {w.id: w.region.x for w in (screen.headlines, screen.body, screen.metadata)}
        assert x["metadata"] < x["body"] < x["headlines"]  # RTL: the list on the right
        await pilot.press("L")
        await pilot.pause()
        assert app.settings.layout == "ltr"
        x = {w.id: w.region.x for w in (screen.headlines, screen.body, screen.metadata)}
        assert x["headlines"] < x["body"] < x["metadata"]
        assert screen.has_class("-ltr") and not screen.has_class("-rtl")


async def test_auto_layout_follows_most_articles(make: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "english"
    folder.mkdir()
    shutil.copy(DATA / "020_english.md", folder)
    app = make([folder], layout="auto")
    async with reading(app, ENGLISH_TITLE) as (pilot, screen):
        await wait_for(pilot, lambda: app.settings.layout == "ltr")
        assert screen.headlines.region.x < screen.body.region.x


async def test_h_toggles_harakat(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, screen):
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        fatha = "\u064e"
        assert any(fatha in line for line in screen.body.all_text())
        await pilot.press("h")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert app.settings.harakat == "strip"
        assert not any(fatha in line for line in screen.body.all_text())
        assert screen.body.all_text() == expected_body(screen)
        await pilot.press("h")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert any(fatha in line for line in screen.body.all_text())


async def test_d_switches_bidi_mode_and_saves_it(
    make: MakeApp, library: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "config.toml"
    app = make([library], config=config)
    async with reading(app) as (pilot, screen):
        shaped_title = screen.body.all_text()[0]
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert app.settings.bidi == "terminal"
        assert screen.body.all_text() == expected_body(screen)
        # Logical text now: the title's first word is there as typed, not shaped or reversed.
        assert "الكاظمي" in screen.body.all_text()[0]
        assert "الكاظمي" not in shaped_title
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert app.settings.bidi == "app"
    assert load_config(config).choices.bidi == "app"
    # A saved choice is the default next time (the command line still wins).
    app = make([library], config=config, bidi=None)
    assert app.settings.bidi == "app"
    config.write_text('bidi = "terminal"\n', encoding="utf-8")
    assert make([library], config=config, bidi=None).settings.bidi == "terminal"
    assert make([library], config=config, bidi="app").settings.bidi == "app"


async def test_bidi_auto_uses_terminal_mode_in_konsole(make: MakeApp, library: Path) -> None:
    app = make([library], bidi=None, environ={"KONSOLE_VERSION": "230805"})
    assert app.settings.bidi == "terminal"
    app = make([library], bidi=None, environ={"VTE_VERSION": "7600"})
    assert app.settings.bidi == "app"


async def test_paging_keys_move_the_body(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        body = screen.body
        await pilot.press("space")
        assert body.scroll_offset.y == body.scrollable_content_region.height
        await pilot.press("b")
        assert body.scroll_offset.y == 0
        # g/G, j/k, PgUp/PgDn act on the focused pane: in the body they scroll it.
        body.focus()
        await pilot.pause()
        await pilot.press("pagedown")
        assert body.scroll_offset.y > 0
        await pilot.press("pageup")
        assert body.scroll_offset.y == 0
        await pilot.press("G")
        assert body.scroll_offset.y == body.max_scroll_y > 0
        assert body.visible_text()[-1] == expected_body(screen)[-1]
        await pilot.press("g")
        assert body.scroll_offset.y == 0
        await pilot.press("j", "j")
        assert body.scroll_offset.y == 2
        await pilot.press("k")
        assert body.scroll_offset.y == 1
        await pilot.press("end")
        assert body.scroll_offset.y == body.max_scroll_y
        await pilot.press("home")
        assert body.scroll_offset.y == 0


async def test_g_and_G_in_the_list_move_the_list_not_the_body(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        headlines = screen.headlines
        assert headlines.has_focus and len(headlines.shown) > 2
        await pilot.press("G")
        assert headlines.cursor == len(headlines.shown) - 1
        assert screen.body.scroll_offset.y == 0
        await pilot.press("g")
        assert headlines.cursor == 0
        await pilot.press("pagedown")
        assert headlines.cursor > 1
        assert screen.body.scroll_offset.y == 0


async def test_help_screen_lists_every_key(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, _):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(app.screen.query_one("#help-lines").all_text())  # type: ignore[attr-defined]
        for words in ("Next", "Previous", "Flip layout", "Harakat", "Bidi mode", "Quit", "Ctrl+P"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)


async def test_click_on_a_headline_opens_it(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, _):
        # Third entry: rows 4-5 of the list's content, below the top border.
        await pilot.click("#headlines", offset=(5, 1 + 4))
        await opened(pilot, ENGLISH_TITLE)


async def test_wheel_scrolls_the_body(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        body = screen.body
        region = body.region
        event = events.MouseScrollDown(
            body, 3, 3, 0, 1, 0, False, False, False, screen_x=region.x + 3, screen_y=region.y + 3
        )
        body.post_message(event)
        await wait_for(pilot, lambda: body.scroll_offset.y > 0)


async def test_unread_mark_clears_when_opened(make: MakeApp, library: Path) -> None:
    async with reading(make([library], mark_read="0")) as (pilot, screen):
        headlines = screen.headlines
        assert UNREAD not in headlines.row_text(0)  # (0: read as soon as shown)
        assert UNREAD in headlines.row_text(2)
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        assert UNREAD not in headlines.row_text(2)


async def test_skimming_leaves_the_articles_unread(make: MakeApp, library: Path) -> None:
    async with reading(make([library], mark_read="never")) as (pilot, screen):
        headlines = screen.headlines
        assert UNREAD in headlines.row_text(0)  # the first screen's article too
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)
        await pilot.press("k")
        await opened(pilot, SEED_TITLE)
        assert headlines.read == set()


async def test_long_rtl_title_keeps_its_beginning_ellipsis_on_the_left(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library])) as (_, screen):
        row = screen.headlines.row_text(0)
        width = screen.headlines.scrollable_content_region.width
        expected = fit(SEED_TITLE, width - 3, fallback="rtl")  # beside two mark columns
        assert expected.text.startswith("…")
        assert expected.text in row
        # The title's first word (shaped) is at the right end, next to the mark column.
        first_word = prepare("الكاظمي:").lines(100)[0].text
        assert row.rstrip(f" {UNREAD}{BOOKMARK}").endswith(first_word)  # whatever its marks


async def test_unreadable_file_is_listed_with_its_reason(make: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(DATA / "000_seed.txt", folder)
    (folder / "001_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    app = make([folder])
    shown = record_notifications(app)
    async with reading(app) as (pilot, screen):
        await wait_for(pilot, lambda: len(screen.headlines.entries) == 2)
        broken = screen.headlines.entries[1]
        assert broken.error
        assert any(broken.path.name in message for message in shown)  # the failure was announced
        await pilot.press("j")
        await wait_for(pilot, lambda: screen.article is None)
        assert any(broken.path.name in line for line in screen.body.all_text())


async def test_bidi_override_in_one_metadata_field_stays_in_it(
    make: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "rlo"
    folder.mkdir()
    (folder / "a.md").write_text(
        '+++\ntitle = "Hostile fields"\nsource = "evil\u202e source"\n'
        'caption = "Caption text"\ncredit = "AFP"\n+++\n\nBody text.\n',
        encoding="utf-8",
    )
    app = make([folder], layout="ltr")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "Hostile fields")
        lines = screen.metadata.all_text()
        assert "Caption text" in lines
        assert "AFP" in lines
        assert not any("\u202e" in line for line in lines)


async def test_a_1mb_article_opens_at_once_and_lays_out_in_the_background(
    make: MakeApp, tmp_path: Path
) -> None:
    seed = (DATA / "000_seed.txt").read_text(encoding="utf-8")
    head, _, body = seed.partition("+ الخط -")
    paragraphs = [line for line in body.splitlines() if len(line) > 40]
    big = tmp_path / "big"
    big.mkdir()
    text = head + "+ الخط -\n"
    while len(text.encode()) < 1_000_000:
        text += "\n".join(paragraphs) + "\n"
    (big / "big.txt").write_text(text, encoding="utf-8")
    async with reading(make([big])) as (pilot, screen):
        body_view = screen.body
        assert body_view.line_count > 1000
        body_view.focus()
        await pilot.press("G")
        assert body_view.scroll_offset.y == body_view.max_scroll_y
        article = load_article(big / "big.txt")
        width = body_view.scrollable_content_region.width
        assert body_view.all_text() == render_article(article, width)


async def test_resize_rewraps_the_body(make: MakeApp, library: Path) -> None:
    async with reading(make([library])) as (pilot, screen):
        before = screen.body.scrollable_content_region.width
        await pilot.resize_terminal(130, 30)
        await wait_for(pilot, lambda: screen.body.scrollable_content_region.width != before)
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert screen.body.all_text() == expected_body(screen)


async def test_arabic_interface_is_shaped_and_logical_in_terminal_mode(
    make: MakeApp, library: Path
) -> None:
    app = make([library], ui="ar")
    async with reading(app) as (pilot, screen):
        shaped = prepare("العناوين", fallback="rtl").lines(100)[0].text
        # The list's title: its name and unread/total of what it lists.
        total = len(screen.headlines.shown)
        assert str(screen.headlines.border_title) == f"{total}/{total} · {shaped}"
        assert shaped != "العناوين"
        await pilot.press("d")
        await pilot.pause()
        assert str(screen.headlines.border_title) == f"العناوين · {total}/{total}"
        main_screen(app).notify("x")  # notifications keep working in either mode


async def test_footer_lists_main_keys_in_reading_order_and_clicks_them(
    make: MakeApp, library: Path
) -> None:
    async with reading(make([library], ui="ar")) as (pilot, screen):
        footer = screen.query_one(KeyFooter)
        keys = [key for key, _, _ in footer.items()]
        # The list has the focus: its keys first, Help and Quit among them.
        assert keys[:7] == ["j", "space", "u", "s", "slash", "question_mark", "q"]
        line = footer.render().plain
        # Arabic interface: the first key is at the right end, its description to its left.
        assert line.rstrip().endswith(prepare("تنقّل").lines(50)[0].text + " j/k")
        start = next(span[0] for span in footer.spans if span[2] == "question_mark")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))


async def test_start_up_ends_once_the_first_article_is_painted(
    make: MakeApp, library: Path
) -> None:
    """`reader` pauses the collector for the start-up; the app resumes it after the first paint,
    and only then does the scan read past the first file."""
    app = make([library])
    gc.disable()  # as `reader.commands.tui.run` does
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(pilot, SEED_TITLE)
            await wait_for(pilot, screen.panes.library.first_shown.is_set)
            assert gc.isenabled()
            assert len(screen.headlines.entries) == 3
    finally:
        gc.enable()


async def test_the_first_paint_is_the_complete_first_screen(
    make: MakeApp, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No "Loading…" frame, no list without its article: the first frame painted already shows
    every headline and the first article's text (`reader.library.first_screen`)."""
    painted: list[tuple[str | None, list[str], int]] = []
    original = MainScreen._compositor_refresh

    def paint(self: MainScreen) -> None:
        if not painted:
            title = self.article.title if self.article is not None else None
            painted.append((title, self.body.visible_text(), len(self.headlines.entries)))
        original(self)

    monkeypatch.setattr(MainScreen, "_compositor_refresh", paint)
    async with reading(make([library])) as (_, screen):
        title, lines, count = painted[0]
        assert title == SEED_TITLE and count == 3
        assert lines and lines == screen.body.visible_text()


async def test_a_first_article_that_cannot_be_opened_is_shown_as_failed(
    make: MakeApp, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its headline was read, the article was not (removed or spoilt in between): the first
    screen shows why, marks the entry and says so; the next article opens as usual."""
    import reader.sources
    from reader.sources import SourceError

    original = reader.sources.load_article
    seed = library / "000_seed.txt"

    def load(path: Path) -> object:
        if Path(path) == seed:
            raise SourceError(path, "spoilt while we looked away")
        return original(path)

    monkeypatch.setattr(reader.sources, "load_article", load)
    app = make([library])
    shown = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.panes.library.first_shown.is_set())
        assert screen.article is None
        assert screen.headlines.entries[0].error == "spoilt while we looked away"
        assert any("spoilt" in line for line in screen.body.all_text())
        assert any("spoilt" in message for message in shown)
        await pilot.press("j")
        await opened(pilot, HARAKAT_TITLE)


async def test_less_and_greater_than_step_the_list_width_by_five_percent_and_save_it(
    make: MakeApp, library: Path, tmp_path: Path
) -> None:
    config = tmp_path / "width" / "config.toml"
    app = make([library], list_width=30, config=config)
    shown = record_notifications(app)
    async with reading(app) as (pilot, screen):
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: "List width: 35% (saved)" in shown)
        await pilot.press("less_than_sign", "less_than_sign")
        await wait_for(pilot, lambda: "List width: 25% (saved)" in shown)
        assert screen.headlines.sizer.percent == 25
    assert load_config(config).choices.list_width == 25
