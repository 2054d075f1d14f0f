"""OPML: nested outlines become tags, the export reads back the same, hostile input is refused."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from reader.feeds.opml import read_opml, write_opml
from reader.feeds.subscriptions import FeedError, Subscription

NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Exported</title></head>
  <body>
    <outline text="https://top.example/feed" type="rss" xmlUrl="https://top.example/feed"/>
    <outline text="أخبار" title="أخبار">
      <outline text="Al Jazeera" title="الجزيرة" type="rss" xmlUrl="https://www.aljazeera.net/rss"/>
      <outline title="Gulf">
        <outline text="Gulf News" xmlUrl="https://gulf.example/rss" category="/daily,ar"/>
      </outline>
      <outline text="Broken" type="rss" xmlUrl="file:///etc/passwd"/>
    </outline>
    <outline text="Tech">
      <outline text="again" type="rss" xmlURL=" https://www.aljazeera.net/rss "/>
      <outline text="Site" type="link" url="https://not-a-feed.example/"/>
    </outline>
  </body>
</opml>
"""


def test_nested_outlines_give_tags_from_their_folders() -> None:
    notices: list[str] = []
    subscriptions = read_opml(NESTED.encode(), notices=notices)
    assert subscriptions == [
        Subscription("https://top.example/feed"),
        Subscription("https://www.aljazeera.net/rss", ("أخبار", "Tech"), "الجزيرة"),
        Subscription("https://gulf.example/rss", ("أخبار", "Gulf", "daily", "ar"), "Gulf News"),
    ]
    assert len(notices) == 1 and "(file:)" in notices[0] and "skipped" in notices[0]


def test_export_is_opml_2_and_reads_back_the_same() -> None:
    subscriptions = [
        Subscription("https://a.example/f", ("news", "Middle East"), 'Quotes " & <tags>'),
        Subscription("https://b.example/f?x=1&y=2"),
        Subscription("https://c.example/f", ("tech",), "تقنية"),
        Subscription("https://d.example/f", ("news", "a/b")),
        Subscription("https://e.example/f", (), "Top"),
    ]
    text = write_opml(subscriptions, title="my feeds")
    root = ElementTree.fromstring(text)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "my feeds"
    folders = [o.get("text") for o in root.findall("body/outline") if o.get("xmlUrl") is None]
    assert folders == ["news", "tech", "news"]  # runs of a first tag, in the given order
    assert read_opml(text.encode()) == subscriptions


def test_export_never_holds_what_xml_or_a_terminal_cannot() -> None:
    text = write_opml(
        [
            Subscription(
                "https://a.example/f", ("t\x1b[31mag", "x\x00y"), "ti\x1b]0;pwn\x07tle\ud800"
            )
        ]
    )
    assert "\x1b" not in text and "\x00" not in text and "\ud800" not in text
    assert read_opml(text.encode("utf-8")) == [
        Subscription("https://a.example/f", ("tag", "xy"), "title\ufffd")
    ]


def test_escape_sequences_and_bidi_controls_in_titles_are_cleaned() -> None:
    # XML 1.0 refuses ESC itself (see below); C1 controls (CSI, OSC ... ST) are allowed in it.
    document = (
        '<opml version="2.0"><body><outline text="F&#x9b;2Jolder&#x202e;">'
        '<outline title="&#x9d;52;c;AAAA&#x9c;Ti&#x9b;6ntle&#x202e;&#x85;" xmlUrl="https://a.example/f"/>'
        "</outline></body></opml>"
    )
    (subscription,) = read_opml(document.encode())
    assert subscription.tags == ("Folder",)
    assert subscription.title == "Title"
    with pytest.raises(FeedError, match=r"^not valid XML: reference to invalid character"):
        read_opml(document.replace("&#x9b;", "&#x1b;[").encode())


def test_an_external_entity_naming_a_local_file_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><head><title>&xxe;</title></head><body>'
        '<outline text="x" xmlUrl="https://a.example/f"/></body></opml>'
    )
    with pytest.raises(FeedError) as raised:
        read_opml(document.encode())
    assert "declares XML entities or external references; refused" in str(raised.value)
    assert "TOP-SECRET-MARKER" not in str(raised.value)


def test_an_entity_expansion_bomb_is_refused_before_expanding() -> None:
    levels = ['<!ENTITY l0 "lollollollollollollollollollol">']
    levels += [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 30)]  # 10**30 lols
    document = (
        f'<?xml version="1.0"?><!DOCTYPE opml [{"".join(levels)}]>'
        '<opml version="2.0"><body><outline text="&l29;" xmlUrl="https://a.example/f"/>'
        "</body></opml>"
    )
    with pytest.raises(FeedError) as raised:
        read_opml(document.encode())
    assert "declares XML entities or external references; refused" in str(raised.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<opml><body><outline text='x'></body></opml>", "not valid XML: mismatched tag"),
        (b"", "not valid XML"),
        (b"\xff\xfe<\x00", "not valid XML"),
        (b"<opml><body>\x1b[2J</body></opml>", "not valid XML"),
        (b'<rss version="2.0"><channel/></rss>', "not an OPML file (it starts with <rss>)"),
        (b"<opml>" + b" " * (33 * 1024 * 1024) + b"</opml>", "larger than 32 MB"),
    ],
)
def test_unusable_documents_give_one_line(data: bytes, words: str) -> None:
    with pytest.raises(FeedError) as raised:
        read_opml(data)
    message = str(raised.value)
    assert words in message
    assert "\n" not in message and "\x1b" not in message


def test_deep_nesting_is_walked_without_recursion() -> None:
    depth = 50_000
    document = (
        "<opml><body>"
        + '<outline text="f">' * depth
        + '<outline xmlUrl="https://a.example/f"/>'
        + "</outline>" * depth
        + "</body></opml>"
    )
    (subscription,) = read_opml(document.encode())
    assert subscription.tags == ("f",)
