"""reader.library.links: which links are listed, opened and copied, and how a browser starts."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from reader.library.links import (
    MAX_LINKS,
    Link,
    LinkError,
    article_links,
    browser_commands,
    command_for,
    logical_text,
    open_url,
    safe_url,
)
from reader.model import Article, Paragraph, Span

HOSTILE = "https://example.com/a?q=1;rm${IFS}-rf&x=$(touch${IFS}pwned)`id`|cat'\"<>"


def link(text: str, url: str) -> Paragraph:
    return Paragraph(text, (Span(0, len(text), "link", url),))


@pytest.mark.parametrize(
    "url",
    ["https://example.com/x", "http://example.com", "HTTPS://EXAMPLE.COM/a?b=c#d", " http://a.b/ "],
)
def test_web_links_are_safe(url: str) -> None:
    assert safe_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/",
        "https://",
        "https://exa mple.com/",
        "https://example.com/\x1b]52;c;AAAA\x07",
        "https://example.com/\u202e",
        "https://example.com/\ud800",
        "https://example.com/" + "a" * 9000,
    ],
)
def test_other_links_are_refused(url: str) -> None:
    assert safe_url(url) is None


def test_links_are_numbered_in_reading_order_each_url_once() -> None:
    article = Article(
        "t",
        (
            Paragraph(
                "see one and two",
                (
                    Span(4, 7, "link", "https://one.example/"),
                    Span(8, 11, "bold"),
                    Span(12, 15, "link", "javascript:alert(1)"),
                ),
            ),
            link("الرابط الثاني", "https://two.example/"),
            link("again", "https://one.example/"),
        ),
    )
    assert article_links(article) == [
        Link(1, "one", "https://one.example/"),
        Link(2, "الرابط الثاني", "https://two.example/"),
    ]


def test_links_are_capped() -> None:
    paragraphs = tuple(link("x", f"https://e.example/{n}") for n in range(MAX_LINKS + 5))
    links = article_links(Article("t", paragraphs))
    assert len(links) == MAX_LINKS
    assert links[-1].number == MAX_LINKS


def test_logical_text_is_the_source_text_not_the_shaped_lines() -> None:
    title = "الكاظمي: نجحنا"
    body = "قال (Getty) إن 2,500 كتاب"
    text = logical_text(Article(title, (Paragraph(body), Paragraph("second\nline"))))
    assert text == f"{title}\n\n{body}\n\nsecond\nline"
    assert not any("\ufb50" <= char <= "\ufeff" for char in text)  # no presentation forms


def test_logical_text_drops_escapes_controls_and_overrides() -> None:
    article = Article(
        "a\x1b]52;c;ZXZpbA==\x07b\x9b31m", (Paragraph("\u202eevil\u202c \u200cok\ud800"),)
    )
    assert logical_text(article) == "ab\n\nevil \u200cok\ufffd"


def test_browser_setting_is_split_into_commands() -> None:
    assert browser_commands("firefox --new-tab %s:'my browser' -x:: :") == [
        ["firefox", "--new-tab", "%s"],
        ["my browser", "-x"],
    ]
    assert browser_commands(None) == []
    assert browser_commands("'unclosed:lynx") == [["lynx"]]


def test_the_url_is_one_argument_whatever_it_holds() -> None:
    assert command_for(["firefox", "%s"], HOSTILE) == ["firefox", HOSTILE]
    assert command_for(["b", "--url=%s"], HOSTILE) == ["b", "--url=" + HOSTILE]
    assert command_for(["b", "-x"], HOSTILE) == ["b", "-x", HOSTILE]


class Spawned:
    """A fake `spawn`: records each argv; commands named in `missing` cannot start."""

    def __init__(self, *missing: str) -> None:
        self.missing = missing
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> None:
        self.calls.append(list(argv))
        if argv[0] in self.missing:
            raise FileNotFoundError(argv[0])


def no_platform(url: str) -> bool:
    raise AssertionError("the platform opener was used")


def test_the_first_browser_that_starts_opens_the_link() -> None:
    spawn = Spawned("nope")
    name = open_url(HOSTILE, "nope %s:firefox", spawn=spawn, platform_open=no_platform)
    assert name == "firefox"
    assert spawn.calls == [["nope", HOSTILE], ["firefox", HOSTILE]]


def test_no_browser_that_starts_is_an_error() -> None:
    with pytest.raises(LinkError, match="No browser could be started"):
        open_url("https://a.example/", "nope", spawn=Spawned("nope"), platform_open=no_platform)


def test_without_browser_setting_the_platform_opener_is_used() -> None:
    opened: list[str] = []

    def platform(url: str) -> bool:
        opened.append(url)
        return True

    assert open_url("https://a.example/", None, spawn=Spawned(), platform_open=platform)
    assert opened == ["https://a.example/"]
    with pytest.raises(LinkError, match="No browser found"):
        open_url("https://a.example/", "", spawn=Spawned(), platform_open=lambda url: False)


def test_only_web_links_are_opened() -> None:
    spawn = Spawned()
    with pytest.raises(LinkError, match="Not a web link"):
        open_url("file:///etc/passwd", "firefox", spawn=spawn, platform_open=no_platform)
    assert spawn.calls == []
