"""The article body: the title block, the paragraphs, the contributors — as `reader render` prints.

The content comes from `reader.document` (shared with `reader render`), search highlights
included; drawing, lazy layout and caching are `LinesView`'s. The view keeps the hits of the
search it shows and moves between them (`n`/`N` while a search is on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Unpack

from textual.binding import BindingType

from reader import document
from reader.document import Block, article_blocks
from reader.library.reading import position_of, split_position
from reader.model import Article
from reader.ui.bindings import BODY_BINDINGS
from reader.ui.messages import BodyScrolled
from reader.ui.widgets.engine_view import ViewOptions
from reader.ui.widgets.lines_view import LinesView

if TYPE_CHECKING:
    from reader.search import Query


class ArticleView(LinesView):
    """The middle pane."""

    BINDINGS: ClassVar[list[BindingType]] = list(BODY_BINDINGS)

    # Only the styles an article's blocks use: Textual styles every component class of a
    # widget each time the widget is styled (at start-up, on focus changes).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"lines-view--{role}" for role in (*document.ROLES, "notice")
    }

    def __init__(self, **options: Unpack[ViewOptions]) -> None:
        super().__init__(**options)
        self._hits: list[tuple[int, int]] = []
        self._hit = -1

    def show_article(
        self,
        article: Article,
        position: int = 0,
        *,
        highlight: Query | None = None,
        blocks: list[Block] | None = None,
    ) -> None:
        """Show `article`, scrolled so that the line of the saved `position`
        (`reader.library.reading.position_of`: a paragraph, and a character in it) is at the
        top. `blocks`: `article_blocks(article, highlight)`, when made already (in a worker)."""
        if blocks is None:
            blocks = article_blocks(article, highlight)
        paragraph, offset = split_position(position)
        anchor = 0
        if paragraph > 0:
            anchor = next((i for i, b in enumerate(blocks) if b.paragraph == paragraph), 0)
        self.set_blocks(
            blocks, fallback=article.direction, anchor=anchor, offset=offset if anchor else 0
        )
        self._hits, self._hit = [], -1

    def top_paragraph(self) -> int:
        """The paragraph shown at the top (0 in the title block): a width-independent position."""
        blocks = self.blocks
        if not blocks:
            return 0
        paragraph = blocks[min(self.top_block(), len(blocks) - 1)].paragraph
        return paragraph or 0

    def top_position(self) -> int:
        """The line at the top as a saved position (`position_of`): its paragraph and the
        offset of its first character, so that it comes back to the line at any width."""
        blocks = self.blocks
        if not blocks:
            return 0
        block, offset = self.top_line()
        paragraph = blocks[min(block, len(blocks) - 1)].paragraph
        return position_of(paragraph, offset) if paragraph else 0

    def show_notice(self, text: str) -> None:
        """A message in place of an article (loading, a file that cannot be read)."""
        self.set_blocks([Block(text, "notice")])
        self._hits, self._hit = [], -1

    def hits(self) -> list[tuple[int, int]]:
        """Every highlighted hit as (block index, offset in the block's text), in order."""
        return [
            (index, span.start)
            for index, block in enumerate(self.blocks)
            for span in block.spans
            if span.style == "highlight"
        ]

    def first_hit(self) -> bool:
        """Scroll to the first highlighted hit; False when the article has none."""
        self._hits, self._hit = self.hits(), -1
        return self.jump_to_hit(+1)

    def jump_to_hit(self, step: int) -> bool:
        """Scroll to the next (`step` 1) or previous (-1) hit, round the end; False when the
        article shows no hit."""
        if not self._hits:
            return False
        self._hit = (self._hit + step) % len(self._hits)
        block, offset = self._hits[self._hit]
        line = self.line_of(block, offset)
        if line is not None:
            self.scroll_to_line(line)
        return True

    def engaged(self) -> None:
        """The user scrolled or paged the article (`BodyScrolled`: it is read at once)."""
        self.post_message(BodyScrolled())

    def action_page_down(self) -> None:
        """Space, PgDn: a page on; at the article's end already, the next unread."""
        if self.laid_out and self.scroll_y >= self.max_scroll_y:
            self.post_message(BodyScrolled(at_end=True))
            return
        self.scroll_page_down(animate=False)
        self.engaged()

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
        self.engaged()

    def on_mouse_scroll_down(self) -> None:
        self.engaged()

    def on_mouse_scroll_up(self) -> None:
        self.engaged()

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)
        self.engaged()

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)
        self.engaged()

    def action_top(self) -> None:
        self.scroll_home(animate=False)
        self.engaged()

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)
        self.engaged()
