"""`ArticleView` on its own: an article's blocks, its search hits on screen, a notice."""

from __future__ import annotations

from reader.document import render_article
from reader.model import Article, Paragraph
from reader.search import Query
from reader.ui.widgets.article_view import ArticleView
from tests.ui.widgets.host import Host, reversed_runs, settled

ARTICLE = Article(
    title="A title",
    paragraphs=(
        Paragraph("The first paragraph reads well."),
        Paragraph("A second one, which reads too."),
    ),
    direction="ltr",
)


async def test_the_body_shows_what_reader_render_prints() -> None:
    view = ArticleView()
    async with Host(view).run_test(size=(40, 10)) as pilot:
        view.show_article(ARTICLE)
        await settled(pilot, lambda: view.laid_out)
        width = view.scrollable_content_region.width
        assert view.all_text() == render_article(ARTICLE, width)
        assert view.hits() == []


async def test_every_hit_is_drawn_reversed_where_it_is() -> None:
    view = ArticleView()
    async with Host(view).run_test(size=(40, 10)) as pilot:
        view.show_article(ARTICLE, highlight=Query.parse("reads"))
        await settled(pilot, lambda: view.laid_out)
        hits = view.hits()
        assert [block for block, _ in hits] == [1, 2]
        for block, offset in hits:
            line = view.line_of(block, offset)
            assert line is not None
            assert reversed_runs(view, line) == ["reads"]
        view.show_notice("Loading")
        await pilot.pause()
        assert view.all_text() == ["Loading"] and view.hits() == []
        assert reversed_runs(view, 0) == []
