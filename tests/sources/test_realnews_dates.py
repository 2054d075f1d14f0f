"""Every hand-read date of the real-news corpus (`tests/data/realnews/SOURCES.md`) is read.

The table's `expected date` column is the publication date read by hand; "—" means the source
states none, and then no date may be found either. A date line the reader cannot tell apart is
kept as written (`KEPT`), never guessed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from reader.model import Article
from reader.sources import load_all
from reader.sources.dates import date_line_in_html, parse_date

ROOT = Path(__file__).resolve().parent.parent / "data" / "realnews"
ARTICLES = ROOT / "articles"
#: Date lines that state the date ambiguously: kept as written, with no date.
KEPT = {
    # "نُشر: 25/04/18 20:45": a two-digit year, so 25 April 2018 or 18 April 2025.
    "ar-kularab-trump-gulf.txt": "نُشر: 25/04/18 20:45,  حُتلن: 09:54",
}


def _expected() -> dict[str, dt.date | None]:
    """file name -> hand-read date (None for "—"), from the `## Articles` table."""
    rows: dict[str, dt.date | None] = {}
    text = (ROOT / "SOURCES.md").read_text(encoding="utf-8")
    table = text.split("## Articles", 1)[1].split("\n## ", 1)[0]
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("file", "---"):
            continue
        rows[cells[0]] = None if cells[3] == "—" else dt.date.fromisoformat(cells[3])
    return rows


EXPECTED = _expected() if (ROOT / "SOURCES.md").is_file() else {}
needs_corpus = pytest.mark.skipif(
    not EXPECTED, reason="tests/data/realnews (the real-news corpus) is not in this checkout"
)
HAS_HTML = importlib.util.find_spec("trafilatura") is not None


def _article(name: str) -> Article:
    if name.endswith((".html", ".htm")) and not HAS_HTML:
        pytest.skip("HTML pages need the optional 'html' extra (trafilatura)")
    found = load_all(ARTICLES / name)
    assert found and isinstance(found[0], Article), found
    return found[0]


@needs_corpus
def test_the_table_lists_every_article() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in ARTICLES.iterdir() if p.is_file())
    assert sum(date is not None for date in EXPECTED.values()) >= 15


@needs_corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hand_read_date(name: str) -> None:
    article = _article(name)
    if name in KEPT:
        assert article.date is None
        assert article.date_text == KEPT[name]
        assert any("kept as written" in w for w in article.warnings)
    else:
        assert article.date == EXPECTED[name], article.date_text


@needs_corpus
def test_ninety_percent_right_and_none_wrong() -> None:
    dated = [name for name, date in EXPECTED.items() if date is not None]
    if not HAS_HTML:
        dated = [name for name in dated if not name.endswith((".html", ".htm"))]
    right = wrong = 0
    for name in dated:
        date = _article(name).date
        right += date == EXPECTED[name]
        wrong += date is not None and date != EXPECTED[name]
    assert wrong == 0
    assert right >= 0.9 * len(dated)


@needs_corpus
@pytest.mark.parametrize(
    "name", [n for n, date in EXPECTED.items() if date and n.endswith((".html", ".htm"))]
)
def test_the_date_line_of_a_page_without_the_extra(name: str) -> None:
    """The date a page prints only in its text (CNN Arabic) is found without trafilatura."""
    line = date_line_in_html((ARTICLES / name).read_text(encoding="utf-8", errors="replace"))
    assert parse_date(line) == EXPECTED[name], line
