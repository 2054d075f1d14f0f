"""The details pane: every field of the article (`reader.details`), drawn by `LinesView`."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len

from reader.details import Labels, metadata_blocks
from reader.document import Block
from reader.model import Article
from reader.ui.widgets.lines_view import LinesView

if TYPE_CHECKING:
    from reader.feeds.items import FeedState


class MetadataView(LinesView):
    """The details pane."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lines-view--label",
        "lines-view--heading",
        "lines-view--value",
        "lines-view--warning",
    }

    #: The article shown, with the labels' translator (None: nothing shown).
    _shown: tuple[Article, Labels] | None = None
    #: The link shown: cut to the pane's width, never wrapped mid-address.
    _link: str | None = None

    def show_article(
        self,
        article: Article,
        tr: Labels,
        blocks: list[Block] | None = None,
        feed: FeedState | None = None,
    ) -> None:
        """Show the fields of `article` with labels in `tr`'s words (and, for a feed item,
        its `feed`'s status); `blocks`: those `metadata_blocks(article, tr, feed)` gives,
        when made already (in a worker)."""
        self._shown = (article, tr)
        if blocks is None:
            blocks = metadata_blocks(article, tr, feed)
        label = tr("Link")
        self._link = next(
            (after.text for block, after in itertools.pairwise(blocks) if block.text == label), None
        )
        self.set_blocks(blocks, fallback="rtl" if tr.rtl else "ltr")

    def fit(self, block: Block, width: int) -> Block:
        """The link on one line: cut with an ellipsis at the pane's width."""
        if block.text != self._link or cell_len(block.text) <= width:
            return block
        return block._replace(text=cut(block.text, width))

    @property
    def shown_path(self) -> Path | None:
        """The path of the article whose fields are shown (None: nothing shown)."""
        return None if self._shown is None else self._shown[0].path

    def show_feed(self, path: Path, feed: FeedState) -> None:
        """The feed status of the item at `path` as it is now, when its fields are shown."""
        if self._shown is not None and self._shown[0].path == path:
            self.show_article(self._shown[0], self._shown[1], feed=feed)

    def show_nothing(self) -> None:
        self._shown = self._link = None
        self.set_blocks([])


def cut(text: str, width: int) -> str:
    """`text` cut to `width` cells, an ellipsis as its last cell."""
    kept, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > max(0, width - 1):
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"
