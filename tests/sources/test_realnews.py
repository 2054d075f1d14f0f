"""The real-news corpus of issue #10 as a regression test: 52 articles from 20-odd outlets.

Every file loads (an HTML page without the optional extra: a clear one-line error), every
article renders at widths 20-120 with harakat kept and stripped, and where a paragraph fits on
one line GNU FriBidi reorders it as we do (skipped without the `fribidi` binary). The hand-read
dates are checked elsewhere (tests/realnews.py reads them from SOURCES.md).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from reader.document import render_article
from reader.model import Article, ArticleError
from reader.sources import load_all
from tests.realnews import ARTICLES, article_files, expected_dates
from tests.text.test_against_fribidi import one_line

FILES = article_files()
HAS_HTML_EXTRA = importlib.util.find_spec("trafilatura") is not None
WIDTHS = (20, 40, 72, 100, 120)


@cache
def articles(path: Path) -> tuple[Article, ...]:
    """The file's articles; () for an HTML page without the extra (its error is tested apart)."""
    try:
        loaded = load_all(path)
    except ArticleError as error:
        if path.suffix == ".html" and not HAS_HTML_EXTRA:
            return ()
        raise AssertionError(f"{path.name}: {error}") from None
    found = [item for item in loaded if isinstance(item, Article)]
    refused = [str(item) for item in loaded if not isinstance(item, Article)]
    assert not refused, refused
    return tuple(found)


def test_the_corpus_is_all_here() -> None:
    assert len(FILES) == 52
    assert sorted(expected_dates()) == [path.name for path in FILES]
    assert {path.name[:3] for path in FILES} == {"ar-", "fa-", "ur-"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_file_loads(path: Path) -> None:
    if path.suffix == ".html" and not HAS_HTML_EXTRA:
        with pytest.raises(ArticleError, match=r"optional 'html' extra") as caught:
            load_all(path)
        assert "\n" not in str(caught.value)
        return
    loaded = articles(path)
    assert loaded
    for article in loaded:
        assert article.title.strip()
        assert article.paragraphs
        assert article.direction == "rtl"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_article_renders_at_every_width(path: Path) -> None:
    for article in articles(path):
        for harakat in ("keep", "strip"):
            for width in WIDTHS:
                lines = render_article(article, width, harakat=harakat)  # type: ignore[arg-type]
                assert lines and lines[0].strip()


def test_reader_render_in_a_subprocess(tmp_path: Path) -> None:
    # Text pasted from a PDF (presentation forms; ﻣوﻻي: a lam-alef form before a joining letter)
    # once ended `reader render` with a traceback and exit 1. It shows as its letters would.
    path = ARTICLES / "ar-nissaa-alhaouz-presentation-forms.txt"
    text = path.read_text(encoding="utf-8")
    assert "\ufee3\u0648\ufefb\u064a" in text
    letters = tmp_path / path.name
    letters.write_text(
        "".join(unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufeff" else c for c in text),
        encoding="utf-8",
    )
    (expected,) = load_all(letters)
    assert isinstance(expected, Article)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "render",
            "--width",
            "40",
            "--harakat",
            "strip",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == render_article(expected, 40, harakat="strip")


@pytest.mark.skipif(shutil.which("fribidi") is None, reason="fribidi not installed")
def test_every_one_line_paragraph_matches_fribidi() -> None:
    compared = 0
    for path in FILES:
        for article in articles(path):
            texts = [article.title, article.caption, *(p.text for p in article.paragraphs)]
            for text in texts:
                pair = one_line(text, article.direction) if text.strip() else None
                if pair is not None:
                    ours, theirs = pair
                    assert ours == theirs, f"{path.name}: {text}"
                    compared += 1
    assert compared > 300
