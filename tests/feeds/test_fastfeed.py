"""reader.feeds.fastfeed: the ElementTree path reads every feed exactly as feedparser's path does
(a differential test over real feeds, the bench's feed and generated RSS), is really taken on
plain RSS 2.0, and gives way to feedparser on whatever it is not sure of."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.feeds.fastfeed import read_fast
from reader.feeds.parse import parse_feed

ROOT = Path(__file__).resolve().parents[2]
URL = "https://news.example/feed.xml"
REAL = sorted((ROOT / "tests" / "data" / "feeds").glob("*")) + sorted(
    (ROOT.parent / "shared" / "realnews" / "feeds").glob("*")
)
HEAD = (
    '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
)


def _same(data: bytes, url: str = URL) -> None:
    fast, slow = parse_feed(data, url), parse_feed(data, url, fast=False)
    assert fast == slow


def _bench_feed() -> bytes:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import feeds as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return bench.feed_body(7, bench._texts())


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_real_feed_reads_the_same(path: Path) -> None:
    _same(path.read_bytes())


def test_the_bench_feed_takes_the_fast_path_and_reads_the_same() -> None:
    data = _bench_feed()
    assert read_fast(data.decode().split("?>", 1)[1]) is not None
    parsed = parse_feed(data, URL)
    assert len(parsed.items) == 50
    _same(data)


def _doc(items: str, channel: str = "<title>أخبار</title><link>https://n.example/</link>") -> str:
    return f"{HEAD}<channel>{channel}{items}</channel></rss>"


@pytest.mark.parametrize(
    "text",
    [
        _doc("<item><title>x</title>"),  # malformed
        _doc("<item><title>a &nbsp; b</title></item>"),  # an undeclared entity
        _doc("<item><pubDate>الأحد 31 مايو 2026</pubDate></item>"),  # a date form it leaves
        _doc("<item><pubDate>Sun, 1 May 2026 10:00 GMT</pubDate></item>"),
        _doc("<item><source url='https://s.example/'>S</source></item>"),  # an element unknown
        _doc("<item><title type='html'>x</title></item>"),  # an attribute that matters
        _doc("<item><title>a</title><title>b</title></item>"),  # a duplicate field
        _doc("<item xml:lang='en'><title>a</title></item>"),
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',  # Atom: feedparser
    ],
)
def test_what_it_is_not_sure_of_goes_to_feedparser(text: str) -> None:
    assert read_fast(text) is None
    _same(text.encode())


def test_a_plain_document_is_read_fast() -> None:
    text = _doc("<item><title>a</title><pubDate>Sun, 31 May 2026 10:00:00 +0300</pubDate></item>")
    found = read_fast(text)
    assert found is not None
    assert found.entries[0]["published_parsed"][:4] == (2026, 5, 31, 7)


# -- generated documents --------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "أخبار اليوم",
        "  مسافة  ",
        "News",
        "<b>عاجل</b>",
        "a &amp; b",
        "&lt;p&gt;فقرة&lt;/p&gt;",
        "<script>x</script>",
        "&copy; 2026",
        "Ã©tÃ©",
        "\x93quoted\x94",
        "x < y",
        "<p>one</p><p>two</p>",
        "<img src='/a.jpg'>",
        "",
        "ۋ ی ک",
        "<a href='https://x.example/?a=1&b=2'>لينك</a>",
    ]
)
DATES = st.sampled_from(
    [
        "Sun, 31 May 2026 12:00:00 GMT",
        "31 May 2026 23:59:59 +0330",
        "Mon, 01 Jun 2026 00:00:00 -0500",
        "Sun, 31 May 2026 12:00 GMT",
        "2026-05-31T12:00:00Z",
        "2026-05-31T12:00:00+03:00",
        "2026-05-31",
        "31/05/2026",
        "الأحد، 31 مايو 2026",
        "Sun, 31 Feb 2026 12:00:00 GMT",
        "",
    ]
)
LINKS = st.sampled_from(
    [
        "https://n.example/a?x=1&amp;y=2",
        "/relative/path",
        "  https://n.example/b  ",
        "javascript:alert(1)",
        "",
        "http:///n.example/c",
    ]
)


def _text(value: str, cdata: bool) -> str:
    if cdata and "]]>" not in value:
        return f"<![CDATA[{value}]]>"
    return escape(value, quote=False)


@st.composite
def items(draw: st.DrawFn) -> str:
    parts: list[str] = []
    cdata = draw(st.booleans())
    if draw(st.booleans()):
        parts.append(f"<title>{_text(draw(WORDS) + draw(WORDS), cdata)}</title>")
    if draw(st.booleans()):
        parts.append(f"<link>{draw(LINKS)}</link>")
    if draw(st.booleans()):
        permalink = draw(st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"']))
        guid = draw(st.sampled_from(["g-1", "https://n.example/g", "/g/2", "", "g-1"]))
        parts.append(f"<guid{permalink}>{guid}</guid>")
    if draw(st.booleans()):
        parts.append(f"<pubDate>{draw(DATES)}</pubDate>")
    if draw(st.booleans()):
        parts.append(f"<dc:date>{draw(DATES)}</dc:date>")
    for _ in range(draw(st.integers(0, 3))):
        domain = draw(st.sampled_from(["", ' domain="d"']))
        parts.append(f"<category{domain}>{_text(draw(WORDS), cdata)}</category>")
    if draw(st.booleans()):
        body = " ".join(draw(st.lists(WORDS, max_size=4)))
        parts.append(f"<description>{_text(body, cdata)}</description>")
    if draw(st.booleans()):
        body = " ".join(draw(st.lists(WORDS, max_size=4)))
        parts.append(f"<content:encoded>{_text(body, cdata)}</content:encoded>")
    for _ in range(draw(st.integers(0, 2))):
        tag = draw(st.sampled_from(["author", "dc:creator"]))
        who = draw(st.sampled_from(["desk@n.example (محرر)", "Ali", "a@b.example", "", "محرر"]))
        parts.append(f"<{tag}>{escape(who)}</{tag}>")
    media = draw(st.sampled_from(["", "image/jpeg", "IMAGE/PNG", "audio/mpeg"]))
    where = draw(st.sampled_from(["https://n.example/i.jpg", "/i.png", "https://n.example/a"]))
    if draw(st.booleans()):
        parts.append(f'<enclosure url="{where}" type="{media}" length="1"/>')
    if draw(st.booleans()):
        medium = draw(st.sampled_from(["", ' medium="image"', ' medium="video"']))
        parts.append(f'<media:content url="{where}" type="{media}"{medium}/>')
    if draw(st.booleans()):
        attribute = draw(st.sampled_from(["", f' url="{where}"']))
        parts.append(f"<media:thumbnail{attribute}>{draw(LINKS)}</media:thumbnail>")
    if draw(st.booleans()):
        parts.append(f"<media:credit>{_text(draw(WORDS), cdata)}</media:credit>")
    if draw(st.booleans()):
        parts.append("<comments>https://n.example/c</comments>")
    order = draw(st.permutations(parts))
    return "<item>" + "".join(order) + "</item>"


@st.composite
def documents(draw: st.DrawFn) -> str:
    channel = []
    if draw(st.booleans()):
        channel.append(f"<title>{_text(draw(WORDS), draw(st.booleans()))}</title>")
    if draw(st.booleans()):
        channel.append(f"<link>{draw(LINKS)}</link>")
    if draw(st.booleans()):
        channel.append(f"<language>{draw(st.sampled_from(['ar', 'en-US', 'fa', '']))}</language>")
    if draw(st.booleans()):
        channel.append("<image><url>/logo.png</url><title>شعار</title><link>/</link></image>")
    if draw(st.booleans()):
        channel.append('<atom:link href="https://n.example/feed" rel="self"/>')
    if draw(st.booleans()):
        channel.append("<lastBuildDate>Sun, 31 May 2026 12:00:00 GMT</lastBuildDate>")
    entries = draw(st.lists(items(), max_size=4))
    order = draw(st.permutations(channel + entries))
    return f"{HEAD}<channel>{''.join(order)}</channel></rss>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from([URL, "", "https://other.example/x/"]))
def test_generated_rss_reads_the_same_both_ways(text: str, url: str) -> None:
    _same(('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode(), url)
