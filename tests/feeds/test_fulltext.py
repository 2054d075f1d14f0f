"""Full text of feed items: pages served on 127.0.0.1, extracted by the real trafilatura."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.feeds import fulltext
from reader.feeds.fetch import Fetched, Limits
from reader.feeds.fulltext import (
    FULL_TEXT_HINT,
    NO_LINK,
    NO_TEXT,
    NOT_STORED,
    FullTextMissing,
    extract_paragraphs,
    fetch_full_texts,
    full_text_available,
)
from reader.feeds.fulltextstore import FULL_TEXT_FORMAT
from reader.feeds.itemcodec import item_path
from reader.feeds.items import ItemsStore
from reader.feeds.parse import Item, ParsedFeed
from reader.model import Article, Paragraph
from reader.text.sanitize import clean_line

FEED = "http://127.0.0.1:1/feed.xml"
NOW = 1_700_000_000.0
LIMITS = Limits(connect_timeout=10.0, total_timeout=20.0)
HTML = "text/html; charset=utf-8"
SENTENCES = (
    "أعلنت وزارة الصحة اليوم عن خطة جديدة لتوسيع الرعاية الأولية في المناطق الريفية",
    "وقال المتحدث باسم الوزارة إن الخطة تشمل بناء عشرين مركزا صحيا خلال العامين المقبلين",
    "وأضاف أن التمويل يأتي من الموازنة العامة ومن قرض ميسر قدمه البنك الدولي للبلاد",
    "ورحب نواب في البرلمان بالخطة لكنهم طالبوا بجدول زمني واضح لتنفيذ المشاريع المعلنة",
)
PARAGRAPHS = [
    f"{s}، {SENTENCES[(i + 1) % 4]}، {SENTENCES[(i + 2) % 4]}." for i, s in enumerate(SENTENCES)
]


def news_page(title: str = "خطة لتوسيع الرعاية الصحية", *, extra: str = "") -> str:
    """An Arabic news page with the usual boilerplate around its article."""
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:-1])
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | الأخبار</title><script>var tracker = "SCRIPT-TEXT";</script>
<style>.ad {{ color: red }}</style></head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/culture">ثقافة</a></li></ul></nav></header>
<div class="ad advertisement">إعلان ممول: اشترك الآن واحصل على خصم</div>
<main><article><h1>{title}</h1><div class="byline">القاهرة - 12 مارس 2024</div>
{body}<p>{PARAGRAPHS[-1]} <a href="/related/1">تقرير سابق</a> و<a href="javascript:alert(1)">رابط
خطر</a>.</p>{extra}</article></main>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a">خبر أول</a></li><li><a href="/b">خبر ثان</a></li>
</ul></aside><footer><p>جميع الحقوق محفوظة © 2024 موقع الأخبار</p></footer></body></html>"""


def text_of(paragraphs: tuple[Paragraph, ...]) -> str:
    return "\n".join(p.text for p in paragraphs)


needs_trafilatura = pytest.mark.skipif(not full_text_available(), reason="needs trafilatura")


@needs_trafilatura
def test_extract_keeps_the_article_and_drops_the_boilerplate() -> None:
    page = news_page(extra="<p>نص فيه \x1b[31mتسلسل هروب\x1b[0m وعلامة \u202eاتجاه.</p>")
    paragraphs = extract_paragraphs(page.encode(), "https://news.example/2024/health", HTML)
    text = text_of(paragraphs)
    for sentence in SENTENCES:
        assert sentence in text
    for boilerplate in ("SCRIPT-TEXT", "إعلان ممول", "جميع الحقوق", "الأكثر قراءة", "الرئيسية"):
        assert boilerplate not in text
    # Kept raw like every source's text; what is shown of it never holds a control.
    assert not any(c in clean_line(p.text) for p in paragraphs for c in "\x1b\u202e")
    assert "تسلسل هروب" in text
    links = [span.url for p in paragraphs for span in p.spans if span.style == "link"]
    assert "https://news.example/related/1" in links  # made absolute against the page
    assert not any(url and url.startswith("javascript") for url in links)


@needs_trafilatura
def test_extract_reads_a_windows_1256_page_by_its_meta_charset() -> None:
    page = news_page().replace('charset="utf-8"', 'charset="windows-1256"')
    paragraphs = extract_paragraphs(page.encode("cp1256", errors="replace"), "http://x.example/")
    assert SENTENCES[0] in text_of(paragraphs)


@needs_trafilatura
def test_extract_finds_nothing_on_an_empty_page() -> None:
    assert extract_paragraphs(b"", "http://x.example/") == ()
    page = b"<html><head><title>t</title></head><body><script>x()</script><img src=a.png>"
    assert extract_paragraphs(page, "http://x.example/") == ()


def test_without_trafilatura_the_hint(
    monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # the import fails as if not installed
    assert not full_text_available()
    with pytest.raises(FullTextMissing) as raised:
        extract_paragraphs(news_page().encode(), "http://x.example/")
    assert str(raised.value) == FULL_TEXT_HINT
    store = stored_items({"a": httpserver.url_for("/a")})
    [path] = paths(store)
    results = fetch_full_texts(store, [path], LIMITS)
    assert [(r.status, r.error) for r in results] == [("error", FULL_TEXT_HINT)]
    assert httpserver.log == []  # nothing fetched for nothing
    assert not store.has_full_text(path)


# -- fetch_full_texts against loopback pages ----------------------------------------------------


def stored_items(links: dict[str, str]) -> ItemsStore:
    """A store holding one feed item per key, each linking to its page."""
    store = ItemsStore.open(None)
    items = tuple(
        Item(
            key,
            Article(f"عنوان {key}", (Paragraph(f"ملخص {key}"),), format="feed", url=link),
            f"2024-01-0{n + 1}",
            f"d-{key}",
        )
        for n, (key, link) in enumerate(links.items())
    )
    store.save(FEED, Fetched(FEED, "ok"), ParsedFeed("أخبار", "", "ar", items, None), NOW)
    return store


def paths(store: ItemsStore) -> list[Path]:
    return [headline.path for headline in store.headlines(FEED)]


def by_title(store: ItemsStore) -> dict[str, Path]:
    return {store.article(path).title.split()[-1]: path for path in paths(store)}


@needs_trafilatura
def test_a_page_is_fetched_extracted_and_stored(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(news_page(), content_type=HTML)
    store = stored_items({"a": httpserver.url_for("/a")})
    [path] = paths(store)
    calls: list[tuple[int, int]] = []
    results = fetch_full_texts(store, [path], LIMITS, progress=lambda *a: calls.append(a))
    [result] = results
    assert (result.path, result.status, result.error) == (path, "ok", None)
    assert result.paragraphs >= len(SENTENCES) and calls == [(1, 1)]
    article = store.article(path)
    assert article.format == FULL_TEXT_FORMAT and article.title == "عنوان a"
    assert SENTENCES[2] in text_of(article.paragraphs)
    assert store.has_full_text(path) and store.lacking_full_text(FEED) == []


@needs_trafilatura
def test_each_failure_in_plain_words(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/empty").respond_with_data(
        "<html><head><title>عنوان</title></head><body><div> </div></body></html>", content_type=HTML
    )
    httpserver.expect_request("/pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    httpserver.expect_request("/script").respond_with_data(
        "<html><body><script>alert(1)</script></body></html>", content_type=HTML
    )
    links = {
        "missing": httpserver.url_for("/missing"),
        "empty": httpserver.url_for("/empty"),
        "pdf": httpserver.url_for("/pdf"),
        "script": httpserver.url_for("/script"),
        "nolink": "",
        "file": "file:///etc/passwd",
    }
    store = stored_items(links)
    found = by_title(store)
    gone = item_path(99, 99)
    wanted = [found[key] for key in links] + [gone]
    results = fetch_full_texts(store, wanted, LIMITS)
    assert [r.path for r in results] == wanted  # in the order asked
    errors = {key: result.error for key, result in zip([*links, "gone"], results, strict=True)}
    assert errors["missing"] == "404 not found"
    assert errors["empty"] == NO_TEXT and errors["script"] == NO_TEXT
    assert errors["pdf"] == "not a web page (application/pdf)"
    assert errors["nolink"] == NO_LINK and errors["gone"] == NOT_STORED
    assert errors["file"] is not None and "file" in errors["file"]
    assert all(r.status == "error" and r.paragraphs == 0 for r in results)
    assert not any(store.has_full_text(path) for path in wanted)
    assert store.article(found["missing"]).format == "feed"


@needs_trafilatura
def test_a_page_shared_by_two_items_is_fetched_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/same").respond_with_data(news_page(), content_type=HTML)
    link = httpserver.url_for("/same")
    store = stored_items({"a": link, "b": link})
    results = fetch_full_texts(store, paths(store) * 2, LIMITS)
    assert [r.status for r in results] == ["ok", "ok"]
    assert len(httpserver.log) == 1


@pytest.fixture
def stalled(httpserver: HTTPServer) -> Iterator[str]:
    """A page whose server never answers (until the test ends)."""
    release = threading.Event()

    def answer(request: object) -> str:
        release.wait(30)
        return "late"

    httpserver.expect_request("/stalled").respond_with_handler(answer)  # type: ignore[arg-type]
    yield httpserver.url_for("/stalled")
    release.set()


@needs_trafilatura
def test_cancel_stops_waiting_for_a_stalled_page(stalled: str) -> None:
    store = stored_items({"a": stalled})
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # cancelled once the run has been waiting a little

    results = fetch_full_texts(store, paths(store), LIMITS, cancelled=cancelled)
    assert results == [] and len(asked) > 3
    assert store.lacking_full_text(FEED) == paths(store)


def test_a_bug_is_a_result_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    store = stored_items({"a": "http://127.0.0.1:1/a"})

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom\x1b[31m")

    monkeypatch.setattr(fulltext, "full_texts_async", broken)
    [result] = fetch_full_texts(store, paths(store), LIMITS)
    assert result.status == "error" and result.error is not None
    assert "boom" in result.error and "\x1b" not in result.error
