"""The search box is an `RTLInput`: an Arabic query typed key by key shows shaped, in visual
order and right-aligned in the box itself, with the cursor where the next letter goes; under
`--bidi terminal` the box holds the logical text; the count of matches sits beside it."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from reader.i18n import Translator
from reader.model import Headline
from reader.text import prepare
from reader.ui.rtlinput import RTLInput
from reader.ui.widgets.search_bar import SearchBar
from tests.ui.widgets.host import Recorder, settled

SIZE = (40, 5)


def bar_for(folder: Path, tr: Translator) -> SearchBar:
    path = folder / "iraq.txt"
    path.write_text("أخبار العراق اليوم\n\nنص.\n", encoding="utf-8")
    headlines = [Headline(path, "أخبار العراق اليوم", direction="rtl")]
    return SearchBar(None, tr, titles=lambda: headlines, reuse=lambda path: None)


def box_row(box: RTLInput) -> tuple[str, int | None]:
    """The box's cells, and the cell the cursor's colours are on."""
    cursor = box.get_component_rich_style("input--cursor").bgcolor
    text, at = "", None
    for segment in box.render_line(0):
        if (segment.style or Style()).bgcolor == cursor and at is None:
            at = len(text)
        text += segment.text
    return text, at


async def test_arabic_query_is_shaped_in_the_box_as_it_is_typed(tmp_path: Path) -> None:
    bar = bar_for(tmp_path, Translator("ar"))
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        box = bar.query_one("#search", RTLInput)
        box.cursor_blink = False
        await pilot.pause()
        width = box.scrollable_content_region.width
        # The placeholder, in Arabic, at the right.
        assert box_row(box)[0].rstrip().endswith(prepare(bar.placeholder()).lines(99)[0].text)
        typed = ""
        for char in "العراق":
            await pilot.press(char)
            typed += char
            line = prepare(typed).lines(99)[0].text
            assert box_row(box) == (line.rjust(width), width - len(line) - 1)
        await settled(pilot, lambda: bar.text == "العراق")
        bar.show_count(1)
        await pilot.pause()
        assert not bar.query("#search-echo")  # no shaped copy far away: the box shows it
        assert (
            str(bar.query_one("#search-count").render()) == "(1)"
        )  # Arabic: 0-9 unless native digits are asked for


async def test_terminal_bidi_keeps_the_query_logical(tmp_path: Path) -> None:
    bar = bar_for(tmp_path, Translator("ar", "terminal"))
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        await bar.open()
        box = bar.query_one("#search", RTLInput)
        box.cursor_blink = False
        await pilot.press(*"عراق 1")
        assert box_row(box)[0].startswith("عراق 1") and box_row(box)[1] == 6
        # The app's own shaping again (d): the box follows the translator.
        bar.set_translator(Translator("ar"))
        await pilot.pause()
        line = prepare("عراق 1").lines(99)[0].text
        assert box_row(box)[0].rstrip().endswith(line)
