"""The articles shipped in articles/: each one shows a format, script or encoding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.model import Span
from reader.sources import discover, load_article

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def _load(name: str):  # type: ignore[no-untyped-def]
    return load_article(ARTICLES / name)


def test_every_bundled_article_loads_without_warnings() -> None:
    paths = list(discover([ARTICLES]))
    assert len(paths) >= 6
    for path in paths:
        assert load_article(path).warnings == (), path.name


def test_markdown_with_front_matter_and_emphasis() -> None:
    article = _load("010_maktabat_alzaytouna.md")
    assert article.format == "markdown" and article.date == dt.date(2024, 3, 10)
    assert article.authors == ("هدى الساعدي",) and article.tags == ("ثقافة", "مكتبات", "أرشيف")
    first = article.paragraphs[0]
    bold, italic = first.spans
    assert first.text[bold.start : bold.end] == "مكتبة بلدة الزيتونة العامة"
    assert first.text[italic.start : italic.end] == "ثمانية آلاف صفحة" and italic.style == "italic"
    kinds = [p.kind for p in article.paragraphs]
    assert kinds.count("heading") == 1 and kinds.count("list") == 3 and kinds.count("quote") == 1
    links = [s for p in article.paragraphs for s in p.spans if s.style == "link"]
    assert links == [
        Span(links[0].start, links[0].end, "link", "https://example.org/zaytouna-archive")
    ]


def test_persian() -> None:
    article = _load("020_ketabkhaneh_baghno.txt")
    assert article.language == "fa" and article.direction == "rtl"
    assert article.date == dt.date(2024, 4, 10)  # ۲۲ فروردین ۱۴۰۳
    assert article.credit == "عکس از مریم رضایی"
    assert "\u200c" in article.title  # ZWNJ kept for the shaper


def test_english_json() -> None:
    article = _load("030_harbour_ferry.json")
    assert (article.format, article.language, article.direction) == ("json", "en", "ltr")
    assert article.date == dt.date(2024, 4, 2)
    assert article.paragraphs[2].kind == "heading"


def test_arabic_mixed_with_english_numbers_and_a_url() -> None:
    article = _load("040_multaqa_alharf.txt")
    text = " ".join(p.text for p in article.paragraphs)
    for needle in (
        "62%",
        "18.5%",
        "Michael Brandt",
        "Python 3.12",
        "https://example.org/harf-2024",
    ):
        assert needle in text
    assert article.date == dt.date(2024, 5, 14)
    assert article.authors == ("رنا الخطيب", "سامي عودة")
    assert article.paragraphs[3].text.startswith("Unicode")  # a paragraph led by an English word


def test_windows_1256() -> None:
    path = ARTICLES / "050_qitaf_alzaytoun_cp1256.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    article = load_article(path)
    assert article.encoding == "cp1256"
    assert article.title == "موسم قطاف الزيتون يبدأ مبكراً في قرى الجبل"
    assert article.date == dt.date(2023, 10, 3)  # 3 تشرين الأول 2023
    assert len(article.paragraphs) == 5
