"""The article body: the title block, the paragraphs, the contributors — as `reader render` prints.

The content comes from `article_blocks`; drawing, lazy layout and caching are `LinesView`'s.
"""

from __future__ import annotations

from reader.model import Article
from reader.ui.widgets.lines_view import Block, LinesView

#: Separator between the date, the source and the credit on the title block's second line.
META_SEPARATOR = " · "


def article_blocks(article: Article) -> list[Block]:
    """The body as blocks: title, a date/source/credit line, caption, paragraphs, contributors.

    The same content and spacing as `reader render`: the title block, one blank line, paragraphs
    separated by one blank line, then (when the article names them) the contributors.
    """
    blocks = [Block(article.title, "title")]
    parts = (article.date_text or _iso(article), article.source, article.credit)
    meta = META_SEPARATOR.join(part for part in parts if part)
    if meta:
        blocks.append(Block(meta, "meta"))
    if article.caption:
        blocks.append(Block(article.caption, "caption"))
    for paragraph in article.paragraphs:
        style = paragraph.kind if paragraph.kind != "body" else "body"
        blocks.append(Block(paragraph.text, style, paragraph.spans, gap=1))
    if article.authors:
        blocks.append(Block("، ".join(article.authors), "contributors", gap=1))
    return blocks


def _iso(article: Article) -> str:
    return article.date.isoformat() if article.date else ""


class ArticleView(LinesView):
    """The middle pane."""

    def show_article(self, article: Article) -> None:
        self.set_blocks(article_blocks(article), fallback=article.direction)

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
