"""`LinesView` on its own, in a small host App: styled spans reach the screen, gaps follow the
one rule of `reader.document.gap_before`."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style

from reader.document import Block
from reader.model import Span
from reader.ui.widgets.lines_view import LinesView
from tests.ui.widgets.host import Host, cells, settled

TEXT = "plain bold italic link hit end"


def span(word: str, style: str) -> Span:
    start = TEXT.index(word)
    return Span(start, start + len(word), style)


class BodyView(LinesView):
    """A view of body blocks (each subclass names the roles it draws)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-view--body"}


def showing(blocks: list[Block]) -> LinesView:
    view = BodyView()
    view.set_blocks(blocks, fallback="ltr")
    return view


def styles_of(line: list[tuple[str, Style]], word: str) -> list[Style]:
    text = "".join(char for char, _ in line)
    start = text.index(word)
    return [style for _, style in line[start : start + len(word)]]


async def test_every_span_style_is_drawn_on_the_cells_of_its_characters() -> None:
    spans = (
        span("bold", "bold"),
        span("italic", "italic"),
        span("link", "link"),
        span("hit", "highlight"),
    )
    view = showing([Block(TEXT, spans=spans)])
    async with Host(view).run_test(size=(60, 5)) as pilot:
        await settled(pilot, lambda: view.laid_out)
        line = cells(view, 0)
        assert all(style.bold for style in styles_of(line, "bold"))
        assert all(style.italic for style in styles_of(line, "italic"))
        assert all(style.underline for style in styles_of(line, "link"))
        assert all(style.reverse for style in styles_of(line, "hit"))
        for word in ("plain", "end"):
            assert not any(
                s.bold or s.italic or s.underline or s.reverse for s in styles_of(line, word)
            )


async def test_spans_follow_the_letters_through_reordering() -> None:
    # Right to left: the styled word is drawn where the engine puts it, not at its offset.
    text = "كلمة عريضة هنا"
    start = text.index("عريضة")
    view = showing([Block(text, spans=(Span(start, start + 5, "bold"),), direction="rtl")])
    async with Host(view).run_test(size=(40, 5)) as pilot:
        await settled(pilot, lambda: view.laid_out)
        line = [(char, style) for char, style in cells(view, 0) if char.strip()]
        bold = [char for char, style in line if style.bold]
        # Five letters bold, contiguous on screen, none of the other words'.
        assert len(bold) == 5
        flags = [style.bold for _, style in line]
        first = flags.index(True)
        assert flags[first : first + 5] == [True] * 5 and flags.count(True) == 5


async def test_a_blank_line_between_groups_but_not_at_the_top_nor_for_an_empty_block() -> None:
    blocks = [
        Block("", starts_group=True),
        Block("one", starts_group=True),
        Block("two"),
        Block("", starts_group=True),
        Block("three", starts_group=True),
    ]
    view = showing(blocks)
    async with Host(view).run_test(size=(40, 10)) as pilot:
        await settled(pilot, lambda: view.laid_out)
        assert view.all_text() == ["one", "two", "", "three"]
        assert view.line_count == 4
