"""HTML pages: a clear message without the optional extra; stated metadata only with it."""

from __future__ import annotations

import datetime as dt
import importlib.abc
import importlib.util
import sys
import types
from pathlib import Path

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


class _BrokenImport(importlib.abc.MetaPathFinder):
    """`import trafilatura` fails inside it, as it does with lxml >= 5.2 and no lxml_html_clean."""

    def __init__(self, error: ImportError) -> None:
        self.error = error

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "trafilatura":
            raise self.error


@pytest.mark.parametrize(
    ("error", "named"),
    [
        (
            ImportError(
                "lxml.html.clean module is now a separate project lxml_html_clean.\n"
                "Install lxml[html-clean] or lxml_html_clean directly."
            ),
            "module 'lxml_html_clean' is missing",
        ),
        (ModuleNotFoundError("No module named 'justext'", name="justext"), "module 'justext'"),
        (ImportError("cannot import name 'x' from 'y'\nmore"), "cannot import name 'x' from 'y'"),
    ],
)
def test_extra_installed_but_broken_names_the_missing_module(
    monkeypatch: pytest.MonkeyPatch, error: ImportError, named: str
) -> None:
    monkeypatch.delitem(sys.modules, "trafilatura", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_BrokenImport(error), *sys.meta_path])
    with pytest.raises(ArticleError) as caught:
        htmlpage.parse_html(PAGE)
    message = str(caught.value)
    assert named in message and "installed but cannot be imported" in message
    assert "pip install 'rtl-news-reader[html]'" in message
    assert "\n" not in message


# The end of trafilatura's text for the CNN Arabic page of the real-news corpus (2013).
CNN_BODY = "وشدد الائتلاف على ضرورة الابتعاد عن الأعمال الاستفزازية بكافة أشكالها."
CNN_POLICY = (
    "ترحب شبكة CNN بالنقاش الحيوي والمفيد، وكي لا نضطر في موقع CNN بالعربية إلى مراجعة التعليقات"
    " قبل نشرها. ننصحك بمراجعة إرشادات الاستخدام للتعرف إليها جيداً. وللعلم فان جميع مشاركاتك"
    " يمكن استخدامها، مع اسمك وصورتك، استنادا إلى سياسة الخصوصية بما يتوافق مع شروط استخدام"
    " الموقع."
)
CNN_DISCLAIMER = (
    "الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها فقط."
)


def test_comment_policy_at_the_end_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_trafilatura(
        monkeypatch, "\n".join(["الفقرة الأولى.", CNN_BODY, CNN_POLICY, CNN_DISCLAIMER])
    )
    article = htmlpage.parse_html(PAGE)
    assert [p.text for p in article.paragraphs] == ["الفقرة الأولى.", CNN_BODY]
    english = "Comments are moderated; see our privacy policy and terms of use."
    _fake_trafilatura(monkeypatch, f"Body.\n{english}\nViews expressed here do not reflect ours.")
    assert [p.text for p in htmlpage.parse_html(PAGE).paragraphs] == ["Body."]


def test_article_text_like_a_policy_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the end of the text, only short paragraphs, and never the last one left.
    quoted = "وقال الوزير إن هذه التصريحات لا تعبر عن رأي الحكومة."
    policy_first = [CNN_POLICY, "الفقرة الأولى.", quoted]
    _fake_trafilatura(monkeypatch, "\n".join(policy_first))
    assert [p.text for p in htmlpage.parse_html(PAGE).paragraphs] == policy_first
    _fake_trafilatura(monkeypatch, CNN_POLICY)
    assert [p.text for p in htmlpage.parse_html(PAGE).paragraphs] == [CNN_POLICY]
    long_news = "نشر الموقع تعليقات القراء على سياسة الخصوصية الجديدة. " * 12
    _fake_trafilatura(monkeypatch, f"الفقرة الأولى.\n{long_news.strip()}")
    assert len(htmlpage.parse_html(PAGE).paragraphs) == 2


@pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None, reason="the html extra is not installed"
)
def test_cnn_page_without_its_comment_policy() -> None:
    page = (
        Path(__file__).resolve().parents[1] / "data/realnews/articles/ar-cnnarabic-2013-syria.html"
    )
    article = htmlpage.parse_html(page.read_text(encoding="utf-8"))
    texts = [p.text for p in article.paragraphs]
    assert texts[-1].startswith("وشدد الائتلاف")
    assert not any("CNN بالعربية" in text for text in texts)
