"""Feed HTML (an item's summary or content) to the reader's paragraphs, safely.

Feed HTML is untrusted. It is read with the standard library's `html.parser` in one pass (linear
in its length, capped): `<script>`, `<style>`, `<iframe>`, `<form>`, `<object>`, `<embed>` and
the like are dropped with everything inside them; attributes are never read except a link's
`href`, so event handlers (`onclick=`) cannot matter; a link keeps its URL only when it is
`http`, `https` or `mailto` (a `javascript:` or `data:` link is plain text). Headings, quotes and
list items become `Paragraph.kind` (list items start with "•" or "3." as Markdown's do); bold,
italic, code and links become `Span`s over the paragraph's logical text. Text is kept raw (valid
Unicode) like every source's: the text engine sanitizes escape and bidi controls at display.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from reader.model import Paragraph, ParagraphKind, Span
from reader.text.sanitize import valid_text

#: Characters of a fragment read; the rest is dropped (no feed item is a megabyte of HTML).
MAX_CHARS = 1_000_000
#: Paragraphs kept from one fragment.
MAX_PARAGRAPHS = 5_000
#: Spans kept in one paragraph.
MAX_SPANS = 1_000
#: Block and inline elements open at once; deeper ones are read as their text.
MAX_DEPTH = 64
#: Characters of a link's URL; a longer one is dropped (the text stays).
MAX_URL = 2_000

#: Elements dropped with their whole content.
DROPPED = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "form", "object", "embed", "applet"}
    | {"noscript", "template", "svg", "math", "select", "textarea", "button", "head", "title"}
    | {"audio", "video", "canvas", "map", "noembed", "noframes"}
)
#: Dropped elements that have no end tag (their content is nothing).
_VOID = frozenset({"embed", "br", "img", "hr", "input", "wbr", "meta", "link", "area", "source"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure"}
    | {"figcaption", "table", "thead", "tbody", "tr", "td", "th", "caption", "dl", "dt", "dd"}
    | {"center", "address", "hr", "br", "pre", "ul", "ol", "li", "blockquote", "details"}
    | {"summary", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "a": "link",
}
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
_UNSAFE_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe_url(href: str, base_url: str = "") -> str | None:
    """`href` made absolute against `base_url`, when it is an http, https or mailto URL free
    of spaces and controls; None otherwise (a `javascript:` link, `data:`, a relative link
    without a base, one too long)."""
    href = valid_text(href.strip())
    if not href or len(href) > MAX_URL:
        return None
    try:
        url = urljoin(base_url, href) if base_url else href
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # "http://[" and the like
        return None
    if scheme not in _SAFE_SCHEMES or len(url) > MAX_URL or _UNSAFE_URL.search(url):
        return None
    return url


class _Open(NamedTuple):
    tag: str
    start: int
    style: str
    url: str | None


class _Paragraphs(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out: list[Paragraph] = []
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[Span] = []
        self.inline: list[_Open] = []
        self.blocks: list[str] = []  # open headings, quotes, lists and items, pre
        self.numbers: list[int] = []  # per open list: the next number (0 for bullets)
        self.marker = ""
        self.skipping: list[str] = []

    # Blocks -----------------------------------------------------------------------------

    def kind(self) -> ParagraphKind:
        if self.marker:
            return "list"
        if any(tag in _HEADINGS for tag in self.blocks):
            return "heading"
        return "quote" if "blockquote" in self.blocks else "body"

    def flush(self) -> None:
        """End the paragraph being read (if it has text); open inline styles carry over."""
        raw = "".join(self.parts)
        text = raw.strip(" ")
        lead = len(raw) - len(raw.lstrip(" "))
        still = [span._replace(end=self.size) for span in self._open_spans()]
        if text and len(self.out) < MAX_PARAGRAPHS:
            spans = [
                s._replace(start=max(s.start - lead, 0), end=min(s.end - lead, len(text)))
                for s in (*self.spans, *still)
            ]
            kept = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))
            marker = self.marker
            if marker:
                shift = len(marker) + 1
                text = f"{marker} {text}"
                kept = [s._replace(start=s.start + shift, end=s.end + shift) for s in kept]
            self.out.append(Paragraph(text, tuple(kept[:MAX_SPANS]), self.kind()))
            self.marker = ""
        self.parts, self.size, self.spans = [], 0, []
        self.inline = [o._replace(start=0) for o in self.inline]

    def _open_spans(self) -> list[Span]:
        return [Span(o.start, self.size, o.style, o.url) for o in self.inline if o.style]

    # Parser events ----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] or (tag in DROPPED and tag not in _VOID):
                self.skipping.append(tag)
            return
        if tag in DROPPED:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol") and len(self.numbers) < MAX_DEPTH:
                self.numbers.append(1 if tag == "ol" else 0)
            elif tag == "li":
                number = self.numbers[-1] if self.numbers else 0
                self.marker = f"{number}." if number else "•"
                if number:
                    self.numbers[-1] += 1
            if tag not in ("br", "hr") and len(self.blocks) < MAX_DEPTH:
                self.blocks.append(tag)
            return
        style = _STYLES.get(tag)
        if style is None or len(self.inline) >= MAX_DEPTH:
            return
        url = None
        if tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), None)
            url = None if href is None else safe_url(href, self.base_url)
            if url is None:
                style = ""  # a link without a safe URL is plain text
        self.inline.append(_Open(tag, self.size, style, url))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in ("br", "hr"):
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self.flush()
            if tag in self.blocks:
                while self.blocks and self.blocks.pop() != tag:
                    pass
            if tag in ("ul", "ol") and self.numbers:
                self.numbers.pop()
            return
        for index in range(len(self.inline) - 1, -1, -1):
            if self.inline[index].tag == tag:
                opened = self.inline.pop(index)
                if opened.style and self.size > opened.start and len(self.spans) < MAX_SPANS:
                    self.spans.append(Span(opened.start, self.size, opened.style, opened.url))
                return

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        data = valid_text(data)
        if "pre" not in self.blocks:
            data = _SPACE.sub(" ", data)
            if not self.parts or self.parts[-1].endswith(" "):
                data = data.lstrip(" ")
        else:
            data = data.replace("\r\n", "\n").replace("\n", " ")
        if data:
            self.parts.append(data)
            self.size += len(data)


def _balanced(text: str) -> str:
    """`text` with what `html.parser` would rescan again and again removed, in one pass: an
    unterminated comment or CDATA section and a final `<` that no `>` closes (the Python 3.11
    parser takes quadratic time on a run of them). Comments are dropped, CDATA becomes text."""
    out: list[str] = []
    done = 0
    while True:
        start = text.find("<", done)
        if start < 0:
            out.append(text[done:])
            break
        out.append(text[done:start])
        if text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            if end < 0:
                break  # the rest is a comment
            done = end + 3
            continue
        if text.startswith("<![CDATA[", start):
            end = text.find("]]>", start + 9)
            inner = text[start + 9 : len(text) if end < 0 else end]
            out.append(inner.replace("&", "&amp;").replace("<", "&lt;"))
            if end < 0:
                break
            done = end + 3
            continue
        end = text.find(">", start + 1)
        if end < 0:
            out.append(text[start:].replace("<", "&lt;"))
            break
        out.append(text[start : end + 1])
        done = end + 1
    return "".join(out)


def html_paragraphs(fragment: str, base_url: str = "") -> list[Paragraph]:
    """The paragraphs of an HTML fragment (an item's summary or content); never raises.

    Links are made absolute against `base_url` (the item's or the feed's address).
    """
    parser = _Paragraphs(base_url)
    try:
        parser.feed(_balanced(valid_text(fragment[:MAX_CHARS])))
        parser.close()
    except (AssertionError, ValueError, RecursionError):  # html.parser's own complaints
        pass
    parser.flush()
    return parser.out
