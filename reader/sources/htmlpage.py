"""Saved web pages (`.html`): the text through trafilatura, an optional extra.

Only what the page states is kept: the title from `og:title`, `<h1>` or `<title>`; the date from
`article:published_time`, `<time datetime>`, `<meta name="date">`, JSON-LD `datePublished` or a
date line just after an `<h1>`; the authors from `<meta name="author">`, `article:author`
or JSON-LD `author`. trafilatura's own date and author guesses (it reads dates out of copyright
lines) are not used. A site's comment rules and its "the views below are the commenters' own" note
at the end of the text are dropped.
"""

from __future__ import annotations

import contextlib
import json
import re
from html.parser import HTMLParser
from typing import Any

from reader.i18n import N_
from reader.model import Article, ArticleError, Paragraph
from reader.sources.dates import date_line_in_html, parse_date
from reader.sources.detect import article_direction, guess_language

MISSING_EXTRA = (
    "HTML pages need the optional 'html' extra (trafilatura): pip install 'rtl-news-reader[html]'"
)
BROKEN_EXTRA = (
    "HTML pages need the optional 'html' extra (trafilatura), which is installed but cannot be"
    " imported: {reason}: pip install 'rtl-news-reader[html]'"
)
_DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "pubdate")
_AUTHOR_META = ("author", "article:author", "dc.creator")


class _Metadata(HTMLParser):
    """Stated metadata only: meta tags, <time datetime>, the first <h1>, <title>, JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.authors: list[str] = []
        self.times: list[str] = []
        self.title = ""
        self.h1 = ""
        self.ld: list[Any] = []
        self.language = ""
        self.direction = ""
        self._capture: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "html":
            self.language = values.get("lang", "").split("-")[0].lower()[:8]
            self.direction = values.get("dir", "").lower()
        elif tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            content = values.get("content", "").strip()
            if name and content:
                if name in _AUTHOR_META:
                    self.authors.append(content)
                self.meta.setdefault(name, content)
        elif tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])
        elif (tag == "title" and not self.title) or (tag == "h1" and not self.h1):
            self._capture, self._buffer = tag, []
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._capture, self._buffer = "ld", []

    def handle_endtag(self, tag: str) -> None:
        if self._capture is None or tag not in (self._capture, "script"):
            return
        text = "".join(self._buffer)
        if self._capture == "ld":
            with contextlib.suppress(ValueError, RecursionError):
                self.ld.append(json.loads(text))
        elif self._capture == "title":
            self.title = " ".join(text.split())
        else:
            self.h1 = " ".join(text.split())
        self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._buffer.append(data)


def _ld_objects(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(value, list):
        return [o for item in value for o in _ld_objects(item, depth + 1)]
    if isinstance(value, dict):
        return [value, *_ld_objects(value.get("@graph"), depth + 1)]
    return []


def _ld_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [i.get("name") if isinstance(i, dict) else i for i in items]
    return [n.strip() for n in names if isinstance(n, str) and n.strip()]


# The end of a page's text that is the site's, not the article's: its rules for comments (they
# name the comments and the site's policies together) and its disclaimer for what readers write.
_COMMENTS = re.compile(r"تعليق|التعليقات|\bcomments?\b", re.IGNORECASE)
_POLICIES = re.compile(
    r"سياسة الخصوصية|شروط (?:ال)?استخدام|إرشادات الاستخدام|قواعد النشر"
    r"|privacy policy|terms of (?:use|service)|community (?:guidelines|standards)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"(?:الآراء|التعليقات) (?:الواردة|المنشورة).{0,40}لا (?:تعبر|تعبّر|يعبر) عن (?:رأي|وجهة نظر)"
    r"|(?:views|opinions|comments) expressed .{0,60}(?:do not|don't) (?:necessarily )?reflect",
    re.IGNORECASE,
)
#: Longer paragraphs are never taken for boilerplate.
BOILERPLATE_MAX = 500


def _is_boilerplate(text: str) -> bool:
    if len(text) > BOILERPLATE_MAX:
        return False
    return bool(_COMMENTS.search(text) and _POLICIES.search(text)) or bool(_DISCLAIMER.search(text))


def _drop_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the site's comment rules at their end (one paragraph always stays)."""
    end = len(paragraphs)
    while end > 1 and _is_boilerplate(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]


def _import_error(error: ImportError) -> str:
    """The one-line message for trafilatura missing, or installed without a module it needs."""
    if error.name == "trafilatura":
        return MISSING_EXTRA
    text = str(error)
    if error.name:
        reason = f"module '{error.name}' is missing"
    elif "lxml_html_clean" in text:  # lxml 5.2+ moved lxml.html.clean out; justext imports it
        reason = "module 'lxml_html_clean' is missing"
    else:
        reason = " ".join(text.split())[:200] or type(error).__name__
    return BROKEN_EXTRA.format(reason=reason)


def parse_html(text: str, *, fallback_title: str = "") -> Article:
    """An article from a saved page. ArticleError without the extra or without any text."""
    try:
        import trafilatura
    except ImportError as error:
        raise ArticleError(_import_error(error)) from None
    if not text.strip():
        raise ArticleError(N_("empty file (no text)"))
    page = _Metadata()
    try:
        page.feed(text)
        page.close()
    except (AssertionError, ValueError):
        pass  # a broken page: keep what was read before the break
    ld = [o for item in page.ld for o in _ld_objects(item)]
    title = page.meta.get("og:title") or page.h1 or page.title
    date_text = next((page.meta[k] for k in _DATE_META if page.meta.get(k)), "")
    date_text = date_text or next((t for t in page.times if t), "")
    date_text = date_text or next(
        (o["datePublished"] for o in ld if isinstance(o.get("datePublished"), str)), ""
    )
    date_text = date_text or date_line_in_html(text)  # a date only in the page text
    authors = page.authors or [n for o in ld for n in _ld_names(o.get("author"))]
    extracted = trafilatura.extract(text, include_comments=False, include_tables=False)
    if not isinstance(extracted, str) or not extracted.strip():
        raise ArticleError(N_("no article text found in the page"))
    lines = [line.rstrip() for line in extracted.split("\n") if line.strip()]
    paragraphs = tuple(Paragraph(line) for line in _drop_trailing_boilerplate(lines))
    warnings: list[str] = []
    if not title:
        title = fallback_title
        warnings.append("the page states no title; used the file name")
    date = parse_date(date_text) if date_text else None
    if date_text and date is None:
        warnings.append(f"date not understood, kept as written: {date_text[:80]}")
    texts = [title, *(p.text for p in paragraphs)]
    return Article(
        title=title,
        paragraphs=paragraphs,
        date=date,
        date_text=date_text[:200],
        source=page.meta.get("og:site_name", ""),
        authors=tuple(dict.fromkeys(authors)),
        caption=page.meta.get("og:image:alt", ""),
        language=page.language or guess_language(texts),
        direction="rtl"
        if page.direction == "rtl"
        else "ltr"
        if page.direction == "ltr"
        else article_direction(texts),
        format="html",
        url=page.meta.get("og:url", ""),
        warnings=tuple(warnings),
    )
