"""The details pane: every field of the article (`reader.details`), drawn by `LinesView`."""

from __future__ import annotations

from typing import ClassVar

from reader.details import Labels, metadata_blocks
from reader.document import Block
from reader.model import Article
from reader.ui.widgets.lines_view import LinesView


class MetadataView(LinesView):
    """The details pane."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lines-view--label",
        "lines-view--value",
        "lines-view--warning",
    }

    def show_article(self, article: Article, tr: Labels, blocks: list[Block] | None = None) -> None:
        """Show the fields of `article` with labels in `tr`'s words; `blocks`: those
        `metadata_blocks(article, tr)` gives, when made already (in a worker)."""
        if blocks is None:
            blocks = metadata_blocks(article, tr)
        self.set_blocks(blocks, fallback="rtl" if tr.rtl else "ltr")

    def show_nothing(self) -> None:
        self.set_blocks([])
