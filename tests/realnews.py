"""The real-news corpus of issue #10 (tests/data/realnews/, copied from the team's shared folder so
a clean clone needs nothing else), and the hand-read dates of its SOURCES.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "data" / "realnews"
ARTICLES = ROOT / "articles"
SOURCES = ROOT / "SOURCES.md"


def article_files() -> list[Path]:
    """Every article file of the corpus, sorted by name."""
    return sorted(path for path in ARTICLES.iterdir() if path.is_file())


def expected_dates() -> dict[str, dt.date | None]:
    """SOURCES.md's article table: file name -> the publication date read by hand from the source
    (None where the table says `—`: the source states no date)."""
    dates: dict[str, dt.date | None] = {}
    section = ""
    columns: list[str] = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, columns = line[3:].strip(), []
            continue
        if section != "Articles" or not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not columns:
            columns = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the header's rule
        row = dict(zip(columns, cells, strict=False))
        written = row.get("expected date", "")
        dates[row["file"]] = dt.date.fromisoformat(written) if written[:1].isdigit() else None
    return dates
