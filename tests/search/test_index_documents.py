"""Documents without a file behind them (the stored feed items): `SearchIndex.sync_documents`
keeps them in step with their versions, and a files `sync` with `spare` leaves them alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.model import Article, ArticleError, Paragraph
from reader.search.index import SearchIndex
from reader.search.match import Query

ROOT = Path("/reader-feed-item")
FIRST, SECOND = ROOT / "1" / "1.item", ROOT / "1" / "2.item"


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.open(None)


def loader(texts: dict[Path, str], reads: list[Path]) -> Callable[[Path], Article]:
    def load(path: Path) -> Article:
        reads.append(path)
        if path not in texts:
            raise ArticleError("this feed item is no longer stored")
        return Article("headline", (Paragraph(texts[path]),), path=path)

    return load


def found(index: SearchIndex, word: str) -> set[Path]:
    return {hit.path for hit in index.search(Query.parse(word))}


def test_new_changed_fresh_and_dropped_documents(index: SearchIndex) -> None:
    texts = {FIRST: "olives from the north", SECOND: "oranges from the south"}
    reads: list[Path] = []
    stats = index.sync_documents({FIRST: "a", SECOND: "a"}, loader(texts, reads), under=ROOT)
    assert (stats.indexed, stats.unchanged) == (2, 0)
    assert found(index, "olives") == {FIRST} and found(index, "oranges") == {SECOND}
    # Same versions: nothing read again.
    reads.clear()
    stats = index.sync_documents({FIRST: "a", SECOND: "a"}, loader(texts, reads), under=ROOT)
    assert reads == [] and stats.unchanged == 2
    # An edited item (new version) is read again; its old words go.
    texts[FIRST] = "lemons from the north"
    index.sync_documents({FIRST: "b", SECOND: "a"}, loader(texts, reads), under=ROOT)
    assert reads == [FIRST]
    assert found(index, "olives") == set() and found(index, "lemons") == {FIRST}
    # A fresh one (its full text came: same version) is read again too.
    texts[SECOND] = "grapes from the south"
    reads.clear()
    index.sync_documents(
        {FIRST: "b", SECOND: "a"}, loader(texts, reads), under=ROOT, fresh=[SECOND]
    )
    assert reads == [SECOND] and found(index, "grapes") == {SECOND}
    # A dropped one leaves the index.
    stats = index.sync_documents({SECOND: "a"}, loader(texts, reads), under=ROOT)
    assert stats.removed == 1 and found(index, "lemons") == set() and len(index) == 1


def test_an_item_that_cannot_be_read_is_reported_not_raised(index: SearchIndex) -> None:
    stats = index.sync_documents({FIRST: "a"}, loader({}, []), under=ROOT)
    assert stats.errors == [(FIRST, "this feed item is no longer stored")]
    assert len(index) == 0


def test_a_cancelled_sync_drops_nothing(index: SearchIndex) -> None:
    texts = {FIRST: "olives", SECOND: "oranges"}
    index.sync_documents({FIRST: "a", SECOND: "a"}, loader(texts, []), under=ROOT)
    stats = index.sync_documents({}, loader(texts, []), under=ROOT, cancelled=lambda: True)
    assert stats.removed == 0 and len(index) == 2


def test_paths_outside_the_root_are_neither_indexed_nor_dropped(
    index: SearchIndex, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Walnuts\n\nwalnuts in the market\n", encoding="utf-8")
    index.add(Article("x", (Paragraph("pears"),), path=tmp_path / "b.txt"))
    reads: list[Path] = []
    stats = index.sync_documents(
        {FIRST: "a", tmp_path / "c.txt": "a"}, loader({FIRST: "olives"}, reads), under=ROOT
    )
    assert reads == [FIRST] and stats.files == 1 and stats.removed == 0
    assert found(index, "pears") == {tmp_path / "b.txt"}


def test_a_files_sync_spares_the_documents_under_its_spare_root(
    index: SearchIndex, tmp_path: Path
) -> None:
    from reader.sources import load_all

    article = tmp_path / "a.txt"
    article.write_text("Walnuts\n\nwalnuts in the market\n", encoding="utf-8")
    index.sync_documents({FIRST: "a"}, loader({FIRST: "olives"}, []), under=ROOT)
    index.sync([article], load_all, spare=ROOT)
    assert found(index, "olives") == {FIRST} and found(index, "walnuts") == {article}
    stats = index.sync([article], load_all)  # without it, the index mirrors the files only
    assert stats.removed == 1 and found(index, "olives") == set()
