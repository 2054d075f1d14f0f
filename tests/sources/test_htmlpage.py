"""HTML pages: a clear message without the optional extra; stated metadata only with it."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

from reader.model import ArticleError
from reader.sources import htmlpage

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head>
<title>عنوان الصفحة | الموقع</title>
<meta property="og:title" content="عنوان الخبر">
<meta property="og:site_name" content="الموقع">
<meta property="article:published_time" content="2021-04-18T10:00:00+03:00">
<meta name="author" content="سارة علي">
</head><body><h1>عنوان الخبر</h1><p>الفقرة الأولى.</p><footer>© 2024 الموقع</footer></body></html>
"""


def test_without_trafilatura_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    with pytest.raises(ArticleError, match=r"optional 'html' extra .*pip install"):
        htmlpage.parse_html(PAGE)


def _fake_trafilatura(monkeypatch: pytest.MonkeyPatch, text: str | None) -> None:
    fake = types.ModuleType("trafilatura")
    fake.extract = lambda *args, **kwargs: text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "trafilatura", fake)


def test_stated_metadata_only(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_trafilatura(monkeypatch, "الفقرة الأولى.\nالفقرة الثانية.")
    article = htmlpage.parse_html(PAGE)
    assert article.title == "عنوان الخبر"
    assert article.date == dt.date(2021, 4, 18)
    assert article.authors == ("سارة علي",)
    assert article.source == "الموقع"
    assert article.language == "ar" and article.direction == "rtl"
    assert [p.text for p in article.paragraphs] == ["الفقرة الأولى.", "الفقرة الثانية."]


def test_no_date_or_author_is_invented(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_trafilatura(monkeypatch, "Body text.")
    page = (
        "<html><body><h1>Title</h1><p>Body text.</p><p>© 2024 Example, by Staff</p></body></html>"
    )
    article = htmlpage.parse_html(page)
    assert article.title == "Title"
    assert article.date is None and article.date_text == "" and article.authors == ()


def test_json_ld_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_trafilatura(monkeypatch, "Body.")
    page = (
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
        ' "datePublished": "2020-01-02", "author": [{"name": "A. Writer"}]}]}</script>'
        "</head><body><h1>T</h1></body></html>"
    )
    article = htmlpage.parse_html(page)
    assert article.date == dt.date(2020, 1, 2) and article.authors == ("A. Writer",)


def test_page_without_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_trafilatura(monkeypatch, None)
    with pytest.raises(ArticleError, match="no article text"):
        htmlpage.parse_html(PAGE)
