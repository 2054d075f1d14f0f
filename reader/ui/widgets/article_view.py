"""The article body: the title block, the paragraphs, the contributors — as `reader render` prints.

The content comes from `reader.document` (shared with `reader render`); drawing, lazy layout
and caching are `LinesView`'s.
"""

from __future__ import annotations

from reader import document
from reader.model import Article
from reader.ui.widgets.lines_view import Block, LinesView


def article_blocks(article: Article) -> list[Block]:
    """The body as `reader render` prints it (`reader.document`), as blocks for the view."""
    return [
        Block(
            block.text,
            block.role,
            block.spans,
            gap=1 if block.starts_group else 0,
            paragraph=block.paragraph,
        )
        for block in document.article_blocks(article)
    ]


class ArticleView(LinesView):
    """The middle pane."""

    def show_article(self, article: Article, paragraph: int = 0) -> None:
        """Show `article`, scrolled so that paragraph number `paragraph` is at the top."""
        blocks = article_blocks(article)
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

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)
