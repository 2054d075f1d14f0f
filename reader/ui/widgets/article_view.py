"""The article body: the title block, the paragraphs, the contributors — as `reader render` prints.

The content comes from `reader.document` (shared with `reader render`); drawing, lazy layout
and caching are `LinesView`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from reader import document
from reader.model import Article, Span
from reader.ui.widgets.lines_view import Block, LinesView

if TYPE_CHECKING:
    from reader.search import Query


def article_blocks(article: Article, highlight: Query | None = None) -> list[Block]:
    """The body as `reader render` prints it (`reader.document`), as blocks for the view.

    With `highlight`, every hit of that search is a "highlight" span: it follows the letters
    through shaping and reordering like any other style.
    """
    if highlight:
        from reader.search import find_spans  # the search layer loads when a search is made
    blocks = []
    for block in document.article_blocks(article):
        spans = block.spans
        if highlight:
            hits = find_spans(block.text, highlight)
            spans = (*spans, *(Span(start, end, "highlight") for start, end in hits))
        blocks.append(
            Block(
                block.text,
                block.role,
                spans,
                gap=1 if block.starts_group else 0,
                paragraph=block.paragraph,
            )
        )
    return blocks


class ArticleView(LinesView):
    """The middle pane."""

    # Only the styles an article's blocks use: Textual styles every component class of a
    # widget each time the widget is styled (at start-up, on focus changes).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"lines-view--{role}" for role in (*document.ROLES, "notice")
    }

    def show_article(
        self,
        article: Article,
        paragraph: int = 0,
        *,
        highlight: Query | None = None,
        blocks: list[Block] | None = None,
    ) -> None:
        """Show `article`, scrolled so that paragraph number `paragraph` is at the top.
        `blocks`: `article_blocks(article, highlight)`, when made already (in a worker)."""
        if blocks is None:
            blocks = article_blocks(article, highlight)
        anchor = 0
        if paragraph > 0:
            anchor = next((i for i, b in enumerate(blocks) if b.paragraph == paragraph), 0)
        self.set_blocks(blocks, fallback=article.direction, anchor=anchor)

    def top_paragraph(self) -> int:
        """The paragraph shown at the top (0 in the title block): a width-independent position."""
        blocks = self.blocks
        if not blocks:
            return 0
        paragraph = blocks[min(self.top_block(), len(blocks) - 1)].paragraph
        return paragraph or 0

    def show_notice(self, text: str) -> None:
        """A message in place of an article (loading, a file that cannot be read)."""
        self.set_blocks([Block(text, "notice")])

    def hits(self) -> list[tuple[int, int]]:
        """Every highlighted hit as (block index, offset in the block's text), in order."""
        return [
            (index, span.start)
            for index, block in enumerate(self.blocks)
            for span in block.spans
            if span.style == "highlight"
        ]

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)
