"""`MetadataView` on its own: labels and values, each group after a blank line."""

from __future__ import annotations

from reader.i18n import Translator
from reader.model import Article, Paragraph
from reader.ui.widgets.metadata import MetadataView
from tests.ui.widgets.host import Host, settled


async def test_labels_and_values_in_groups_and_nothing_when_asked() -> None:
    article = Article("Title", (Paragraph("one two"),), direction="ltr", source="Paper")
    view = MetadataView()
    async with Host(view).run_test(size=(40, 40)) as pilot:
        view.show_article(article, Translator("en"))
        await settled(pilot, lambda: view.laid_out)
        text = view.all_text()
        assert text[:8] == ["Title", "Title", "", "Source", "Paper", "", "Words", "2"]
        view.show_nothing()
        await pilot.pause()
        assert view.all_text() == []
