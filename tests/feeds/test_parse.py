"""reader.feeds.parse: real feed excerpts, RSS/Atom, encodings, hostile XML, item identity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.feeds.parse import Item, ParsedFeed, parse_feed
from reader.text.sanitize import clean_line

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
URL = "https://news.example/feed.xml"


def _rss(items: str, *, head: str = "", title: str = "أخبار اليوم", extra: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}'
        f'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"{extra}><channel>'
        f"<title>{title}</title><link>https://news.example/</link><language>ar</language>"
        f"{items}</channel></rss>"
    ).encode()


def _one(data: bytes) -> Item:
    parsed = parse_feed(data, URL)
    assert len(parsed.items) == 1, parsed
    return parsed.items[0]


# The four real excerpts (tests/data/feeds, from ../shared/realnews/feeds; SOURCES.md there).


def test_akhbarona_last_rfc822_date_in_the_publishers_zone() -> None:
    parsed = parse_feed((DATA / "akhbarona-last-427459.rss").read_bytes(), URL)
    assert parsed.problem is None
    assert parsed.title == "أخبارنا : جريدة الكترونية مغربية"
    assert parsed.link == "https://www.akhbarona.com/"
    (item,) = parsed.items
    article = item.article
    assert article.title.startswith("حدث تاريخي استثنائي.. السعودية تعلن عن كشف أثري")
    # SOURCES.md: RFC 822 pubDate +0200 -> the day as written, ordered by the UTC instant.
    assert article.date == dt.date(2026, 6, 13)
    assert article.date_text == "Sat, 13 Jun 2026 19:18:00 +0200"
    assert item.published == "2026-06-13T17:18:00+00:00"
    assert item.key == "link:https://www.akhbarona.com/mobile/last/427459.html"
    assert article.url == "https://www.akhbarona.com/mobile/last/427459.html"
    assert article.tags == ("الأخـيـرة",)
    assert article.caption.endswith("IMG_0800_1781371118.webp")  # media:content image
    assert article.source == parsed.title
    assert (article.language, article.direction, article.format) == ("ar", "rtl", "feed")
    assert article.path is None
    assert article.paragraphs[0].text.startswith("أعلنت هيئة التراث في المملكة العربية السعودية")


def test_akhbarona_national_entity_escaped_quotes_and_cut_content() -> None:
    (item,) = parse_feed((DATA / "akhbarona-national-424125.rss").read_bytes(), URL).items
    assert item.article.title == (
        'صفعة أخرى لكابرانات الجزائر.. مالي تعلن سحب اعترافها بـ "الجمهورية الصحراوية" المزعومة'
    )
    assert item.article.date == dt.date(2026, 4, 10)
    assert item.article.tags == ("أخبار وطنية",)
    text = " ".join(p.text for p in item.article.paragraphs)
    assert text.startswith("أعلنت جمهورية مالي، اليوم، أنه")
    assert "<span" not in text and "font-family" not in text


def test_akhbarona_world() -> None:
    (item,) = parse_feed((DATA / "akhbarona-world-425995.rss").read_bytes(), URL).items
    assert item.article.title.startswith("بعد هجوم السمارة الإرهابي..")
    assert item.article.date == dt.date(2026, 5, 18)
    assert item.published == "2026-05-18T15:15:00+00:00"
    assert item.article.tags == ("دولية",)


def test_aaj_english_feed_with_an_urdu_tweet() -> None:
    parsed = parse_feed((DATA / "aaj-english-30248508-urdu-tweet.rss").read_bytes(), URL)
    assert (parsed.title, parsed.language) == ("Aaj TV English News - News", "en")
    (item,) = parsed.items
    article = item.article
    assert article.title == "Opposition should stop playing the lives of the people: Shibli Faraz"
    assert (article.date, item.published) == (None, "")  # the item has no pubDate
    assert article.direction == "ltr"
    first, *_, quote = article.paragraphs
    assert first.text.startswith("ISLAMABAD: Information Minister")
    assert first.spans[0].style == "bold"
    urdu = [p for p in article.paragraphs if p.text.startswith("کوروناکی دوسری شدید لہر")]
    assert urdu and urdu[0].kind == "quote"
    assert '"متضاد سمتوں کے مسافر منزل پر نہیں پہنچتے"' in urdu[0].text
    link = [s for s in quote.spans if s.style == "link"]
    assert link and link[0].url is not None and link[0].url.startswith("https://twitter.com/")


# Formats and encodings.

ARABIC_ITEMS = """
<item><title>الحكومة تعلن خطة جديدة للنقل</title><link>https://news.example/1</link>
<guid isPermaLink="false">item-1</guid><pubDate>Sun, 18 Apr 2021 09:00:00 +0300</pubDate>
<author>desk@news.example (ليلى يوسف)</author><category>اقتصاد</category><category>نقل</category>
<description>&lt;p&gt;الفقرة &lt;b&gt;الأولى&lt;/b&gt;.&lt;/p&gt;
&lt;p&gt;الثانية.&lt;/p&gt;</description>
<enclosure url="https://news.example/a.jpg" type="image/jpeg" length="10"/>
<media:credit>رويترز</media:credit></item>
<item><title>خبر ثان</title><link>https://news.example/2</link>
<pubDate>الأحد، 18 أبريل/ نيسان 2021</pubDate><description>نص</description></item>
"""


def test_arabic_rss2() -> None:
    parsed = parse_feed(_rss(ARABIC_ITEMS), URL)
    assert (parsed.title, parsed.language, parsed.problem) == ("أخبار اليوم", "ar", None)
    first, second = parsed.items
    assert first.key == "guid:item-1"
    assert first.article.authors == ("ليلى يوسف",)
    assert first.article.tags == ("اقتصاد", "نقل")
    assert (first.article.caption, first.article.credit) == (
        "https://news.example/a.jpg",
        "رويترز",
    )
    assert [p.text for p in first.article.paragraphs] == ["الفقرة الأولى.", "الثانية."]
    assert first.article.paragraphs[0].spans[0].style == "bold"
    assert first.article.date == dt.date(2021, 4, 18)
    # An Arabic pubDate that RFC 822 rejects goes through the reader's date parser.
    assert second.article.date == dt.date(2021, 4, 18)
    assert second.article.date_text == "الأحد، 18 أبريل/ نيسان 2021"
    assert second.published == "2021-04-18"
    assert second.key == "link:https://news.example/2"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fa">
  <title>خبرگزاری</title><link href="https://fa.example/"/><id>urn:feed</id>
  <updated>2024-03-01T10:00:00Z</updated>
  <entry><title type="html">&lt;b&gt;بازار&lt;/b&gt; تهران</title><id>urn:e1</id>
    <link rel="alternate" href="/news/1"/>
    <updated>2024-03-01T23:30:00-05:00</updated>
    <author><name>مریم</name></author><category term="اقتصاد"/>
    <content type="html">&lt;h2&gt;تیتر&lt;/h2&gt;
      &lt;ul&gt;&lt;li&gt;یک&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
</feed>"""


def test_atom() -> None:
    parsed = parse_feed(ATOM.encode(), "https://fa.example/atom")
    assert (parsed.title, parsed.language) == ("خبرگزاری", "fa")
    (item,) = parsed.items
    assert item.key == "guid:urn:e1"
    assert item.article.title == "بازار تهران"  # an HTML title loses its tags
    assert item.article.url == "https://fa.example/news/1"
    assert item.article.authors == ("مریم",) and item.article.tags == ("اقتصاد",)
    # 23:30 at -05:00 is the next day in UTC: the date is the one written.
    assert item.article.date == dt.date(2024, 3, 1)
    assert item.published == "2024-03-02T04:30:00+00:00"
    assert [(p.text, p.kind) for p in item.article.paragraphs] == [
        ("تیتر", "heading"),
        ("• یک", "list"),
    ]


def test_windows_1256_declared_and_undeclared() -> None:
    body = _rss(ARABIC_ITEMS).decode().replace('encoding="utf-8"', 'encoding="windows-1256"')
    declared = parse_feed(body.encode("cp1256"), URL)
    assert declared.title == "أخبار اليوم"
    assert declared.items[0].article.title == "الحكومة تعلن خطة جديدة للنقل"
    assert declared.items[0].article.encoding == "cp1256"
    bare = body.replace(' encoding="windows-1256"', "").encode("cp1256")
    undeclared = parse_feed(bare, URL)
    assert undeclared.items[0].article.title == "الحكومة تعلن خطة جديدة للنقل"


def test_http_charset_is_used_when_the_document_is_silent() -> None:
    data = _rss(ARABIC_ITEMS).decode().replace(' encoding="utf-8"', "").encode("iso-8859-6")
    parsed = parse_feed(data, URL, content_type="application/rss+xml; charset=ISO-8859-6")
    assert parsed.items[0].article.title == "الحكومة تعلن خطة جديدة للنقل"


# Hostile and broken input.


def test_malformed_xml_keeps_the_items() -> None:
    data = _rss(
        "<item><title>أول & خبر</title><link>https://news.example/1</link></item>"
        "<item><title>ثان <b>مفتوح</title><link>https://news.example/2</link></item>"
    )[: -len("</channel></rss>")]
    parsed = parse_feed(data, URL)
    assert [i.article.url for i in parsed.items] == [
        "https://news.example/1",
        "https://news.example/2",
    ]
    assert parsed.problem is not None and "malformed XML" in parsed.problem


def test_not_a_feed() -> None:
    for data in (b"", b"   ", b"<html><body><p>page</p></body></html>", b"\x89PNG\r\n\x1a\n"):
        parsed = parse_feed(data, URL)
        assert parsed.items == () and parsed.problem is not None
        assert parsed.problem.startswith("not a feed")


def test_bytes_naming_a_local_file_are_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(_rss("<item><title>SECRET-CONTENT</title></item>").decode())
    parsed = parse_feed(str(secret).encode(), URL)
    assert parsed.items == () and parsed.problem == "not a feed"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb &lol9;</title>
<item><title>خبر &lol9;</title><link>https://news.example/1</link>
<description>&lol9;</description></item></channel></rss>"""


def test_entity_expansion_bomb_is_not_expanded() -> None:
    parsed = parse_feed(BOMB.encode(), URL)
    (item,) = parsed.items
    assert item.article.url == "https://news.example/1"
    shown = [parsed.title, item.article.title, *(p.text for p in item.article.paragraphs)]
    assert all("lollol" not in text and len(text) < 100 for text in shown)
    assert parsed.problem is not None and "entities" in parsed.problem


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET-MARKER")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>'
        '<rss version="2.0"><channel><title>t &xxe;</title><item><title>x &xxe;</title>'
        "<link>https://news.example/1</link><description>&xxe;</description></item>"
        "</channel></rss>"
    ).encode()
    parsed = parse_feed(data, URL)
    assert len(parsed.items) == 1
    assert "SECRET-MARKER" not in repr(parsed)


def test_escape_sequences_and_bidi_overrides_in_titles() -> None:
    title = "عاجل \x1b]52;c;cGF5bG9hZA==\x07خبر \x1b[2J\u202eexe.txt\u202c \x9b31m"
    item = _one(_rss(f"<item><title>{title}</title><link>https://news.example/1</link></item>"))
    shown = clean_line(item.article.title)  # what `reader list` and the UI show of a title
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e\u202c")
    assert "cGF5bG9hZA" not in shown
    assert shown.startswith("عاجل") and "خبر" in shown


# Identity and digests.


def test_duplicate_guids_keep_the_first() -> None:
    parsed = parse_feed(
        _rss(
            "<item><title>أ</title><guid>same</guid></item>"
            "<item><title>ب</title><guid>same</guid></item>"
            "<item><title>ج</title><guid>other</guid></item>"
        ),
        URL,
    )
    assert [(i.key, i.article.title) for i in parsed.items] == [
        ("guid:same", "أ"),
        ("guid:other", "ج"),
    ]


def test_identity_without_guid_link_then_hash() -> None:
    parsed = parse_feed(
        _rss(
            "<item><title>برابط</title><link>https://news.example/x</link></item>"
            "<item><title>بلا رابط</title><pubDate>Sun, 18 Apr 2021 09:00:00 +0300</pubDate>"
            "</item><item><title>بلا رابط</title></item>"
        ),
        URL,
    )
    keys = [i.key for i in parsed.items]
    assert keys[0] == "link:https://news.example/x"
    assert keys[1].startswith("hash:") and keys[2].startswith("hash:") and keys[1] != keys[2]
    again = parse_feed(_rss("<item><title>بلا رابط</title></item>"), URL)
    assert again.items[0].key == keys[2]  # stable from one fetch to the next


def test_an_item_edited_upstream_keeps_its_key_and_changes_its_digest() -> None:
    item = "<item><guid>g</guid><title>{}</title><description>{}</description></item>"
    before = _one(_rss(item.format("عنوان", "نص أول")))
    same = _one(_rss(item.format("عنوان", "نص أول")))
    after = _one(_rss(item.format("عنوان", "نص معدل")))
    retitled = _one(_rss(item.format("عنوان جديد", "نص أول")))
    assert before.key == after.key == retitled.key == "guid:g"
    assert before.digest == same.digest
    assert len({before.digest, after.digest, retitled.digest}) == 3


def test_parsed_feed_shape() -> None:
    parsed = parse_feed(_rss(""), URL)
    assert isinstance(parsed, ParsedFeed)
    assert (parsed.title, parsed.items, parsed.problem) == ("أخبار اليوم", (), None)


def test_an_overlong_author_is_emptied_and_a_short_one_kept() -> None:
    from reader.feeds.xmltext import MAX_AUTHOR, without_long_authors

    long = "a." * MAX_AUTHOR
    text = (
        f"<item><author>desk@x.test (فريق)</author><dc:creator>{long}</dc:creator>"
        f'<author role="x" />kept<managingEditor a="1">{long}</managingEditor></item>'
    )
    assert without_long_authors(text) == (
        "<item><author>desk@x.test (فريق)</author><dc:creator></dc:creator>"
        '<author role="x" />kept<managingEditor a="1"></managingEditor></item>'
    )
    assert without_long_authors(f"<a><webMaster>{long}") == "<a><webMaster>"  # never closed
    assert without_long_authors("<author>short") == "<author>short"
    assert (
        without_long_authors("plain <authority>x</authority>") == "plain <authority>x</authority>"
    )


@pytest.mark.parametrize("tag", ["author", "dc:creator", "managingEditor", "webMaster"])
def test_a_feed_with_a_megabyte_author_is_read_in_linear_time(tmp_path: Path, tag: str) -> None:
    # feedparser (and the fast path, which mirrors it) look for an e-mail address in an author
    # with a regular expression that is quadratic on a long word: 40,000 letters took 10 s, so
    # a megabyte would take days. The fixed reader lists this feed in about a second.
    from tests.hostile import run

    word = "a." * 500_000
    feed = tmp_path / "long.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>t</title><item><title>عنوان</title><{tag}>{word}</{tag}>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    result = run(["list", "--json", feed], home=tmp_path, timeout=120)
    assert result.code == 0 and not result.timed_out, result.describe()
    assert "عنوان" in result.out.decode("utf-8")
