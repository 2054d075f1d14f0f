"""Issue #14's footer and details pane in the app: the focused pane's keys first, Help and
Quit visible at 60 columns in every language; a link cut, never wrapped."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.i18n import LANGUAGES, Translator
from reader.model import Article, Paragraph
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.metadata import MetadataView
from tests.ui.conftest import SEED_TITLE, MakeApp
from tests.ui.helpers import opened, reading
from tests.ui.widgets.host import Host, settled


async def test_the_list_s_keys_come_first(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app, size=(120, 30)) as (pilot, screen):
        screen.headlines.focus()
        await pilot.pause()
        footer = screen.query_one(KeyFooter)
        keys = [key for key, _, _ in footer.items()]
        assert keys[:7] == ["j", "space", "u", "s", "slash", "question_mark", "q"]
        shown = [(shown, description) for _, shown, description in footer.items()]
        assert shown[:7] == [
            ("j/k", "Move"),
            ("Space", "Page"),
            ("u", "Read/unread"),
            ("s", "Bookmark"),
            ("/", "Search"),
            ("?", "Help"),
            ("q", "Quit"),
        ]
        screen.body.focus()
        await pilot.pause()
        shown = [(shown, description) for _, shown, description in footer.items()]
        assert shown[:3] == [("j/k", "Scroll"), ("Space", "Page"), ("n", "Next unread")]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_help_and_quit_stay_visible_at_60_columns(
    make: MakeApp, library: Path, language: str
) -> None:
    app = make([library], ui=language)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await opened(pilot, SEED_TITLE)
        for pane in (screen.headlines, screen.body):
            pane.focus()
            await pilot.pause()
            footer = screen.query_one(KeyFooter)
            text = footer.render_line(0).text
            tr = Translator(language)
            assert cell_len(text.rstrip()) <= 60
            assert f"{tr.visual('Help')}" in text and f"{tr.visual('Quit')}" in text
            assert " ? " in text and " q " in text


async def test_a_long_link_is_cut_with_an_ellipsis_not_wrapped() -> None:
    url = "https://www.example.com/news/2024/05/01/a-very-long-address-of-an-article.html"
    article = Article("Title", (Paragraph("one two"),), direction="ltr", url=url)
    view = MetadataView()
    async with Host(view).run_test(size=(30, 40)) as pilot:
        view.show_article(article, Translator("en"))
        await settled(pilot, lambda: view.laid_out)
        text = view.all_text()
        line = text[text.index("Link") + 1]
        width = view.scrollable_content_region.width
        assert line.endswith("…") and cell_len(line) == width
        assert url.startswith(line[:-1])
        assert text[text.index("Link") + 2] == ""  # nothing of it on the next line
