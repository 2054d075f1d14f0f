"""`SearchBar` with stored feed items: they are indexed with the files once the scan's list is
given, follow their versions on each `sync()`, and an item made fresh is read again."""

from __future__ import annotations

from pathlib import Path

from reader.i18n import Translator
from reader.model import Article, ArticleError, Paragraph
from reader.search import Query
from reader.ui.widgets.search_bar import SearchBar
from tests.ui.widgets.host import Recorder, settled
from tests.ui.widgets.test_search_bar import SIZE, library

ITEM = Path("/reader-feed-item/1/1.item")


class Items:
    """A made-up items store: {path: (version, body)}."""

    def __init__(self) -> None:
        self.stored: dict[Path, tuple[str, str]] = {ITEM: ("v1", "olives from the north")}

    def stamps(self) -> dict[Path, str]:
        return {path: version for path, (version, _body) in self.stored.items()}

    def load(self, path: Path) -> Article:
        if path not in self.stored:
            raise ArticleError("this feed item is no longer stored")
        return Article("An item", (Paragraph(self.stored[path][1]),), path=path)


def found(bar: SearchBar, word: str) -> frozenset[Path]:
    return bar.matching(Query.parse(word))


async def test_items_are_indexed_with_the_files_and_follow_their_versions(
    tmp_path: Path,
) -> None:
    morning, evening = library(tmp_path)
    items = Items()
    bar = SearchBar(
        None,
        Translator("en"),
        titles=lambda: [morning, evening],
        reuse=lambda path: None,
        items=items.stamps,
        load_item=items.load,
    )
    app = Recorder(bar)
    async with app.run_test(size=SIZE) as pilot:
        bar.sync()  # before the scan's list: nothing yet (titles are matched)
        await pilot.pause()
        assert bar.index is None
        bar.sync([morning.path, evening.path])
        await settled(pilot, lambda: bar.index is not None and bool(found(bar, "olives")))
        assert found(bar, "olives") == {ITEM} and found(bar, "coffee") == {morning.path}
        items.stored[ITEM] = ("v2", "lemons from the north")  # edited upstream
        bar.sync()
        await settled(pilot, lambda: found(bar, "lemons") == {ITEM})
        assert found(bar, "olives") == frozenset() and found(bar, "coffee") == {morning.path}
        items.stored[ITEM] = ("v2", "the page's full text about grapes")  # same version
        bar.sync()
        await pilot.pause()
        bar.sync(fresh=ITEM)
        await settled(pilot, lambda: found(bar, "grapes") == {ITEM})
        del items.stored[ITEM]  # dropped by retention
        bar.sync()
        await settled(pilot, lambda: found(bar, "grapes") == frozenset())
        assert found(bar, "coffee") == {morning.path}
