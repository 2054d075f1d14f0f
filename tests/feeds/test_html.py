"""reader.feeds.html: feed HTML to paragraphs and spans; hostile markup dropped, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.feeds.html import html_paragraphs, safe_url
from reader.model import Paragraph, Span


def _texts(fragment: str, base: str = "") -> list[str]:
    return [p.text for p in html_paragraphs(fragment, base)]


def test_blocks_become_kinds() -> None:
    paragraphs = html_paragraphs(
        "<h2>عنوان</h2><p>فقرة</p><blockquote><p>اقتباس</p></blockquote>"
        "<ul><li>أول</li><li>ثان</li></ul><ol><li>واحد<li>اثنان</ol>سطر<br>آخر"
    )
    assert [(p.text, p.kind) for p in paragraphs] == [
        ("عنوان", "heading"),
        ("فقرة", "body"),
        ("اقتباس", "quote"),
        ("• أول", "list"),
        ("• ثان", "list"),
        ("1. واحد", "list"),
        ("2. اثنان", "list"),
        ("سطر", "body"),
        ("آخر", "body"),
    ]


def test_inline_styles_are_spans_over_the_logical_text() -> None:
    (paragraph,) = html_paragraphs(
        '<p>  نص <b>عريض <i>ومائل</i></b> و<code>x=1</code> و<a href="/a">رابط</a> </p>',
        "https://news.example/feed/",
    )
    text = paragraph.text
    assert text == "نص عريض ومائل وx=1 ورابط"
    found = {(text[s.start : s.end], s.style, s.url) for s in paragraph.spans}
    assert found == {
        ("عريض ومائل", "bold", None),
        ("ومائل", "italic", None),
        ("x=1", "code", None),
        ("رابط", "link", "https://news.example/a"),
    }


def test_list_marker_shifts_spans() -> None:
    (paragraph,) = html_paragraphs("<ul><li><b>مهم</b> جدا</li></ul>")
    assert paragraph == Paragraph("• مهم جدا", (Span(2, 5, "bold"),), "list")


def test_scripts_styles_iframes_forms_and_handlers_are_dropped() -> None:
    fragment = (
        "<p onclick=\"alert('x')\" onmouseover=steal()>خبر</p>"
        "<script>document.write('SCRIPT')</script><style>p{color:red} STYLE</style>"
        '<iframe src="https://evil.example">IFRAME</iframe>'
        '<form action="https://evil.example"><input name=q>FORM<button>BUTTON</button></form>'
        '<object data="x.swf">OBJECT</object><embed src="x.swf">'
        "<noscript>NOSCRIPT</noscript><svg><text>SVG</text></svg><p>بعد</p>"
    )
    assert _texts(fragment) == ["خبر", "بعد"]


def test_javascript_and_other_unsafe_links_are_plain_text() -> None:
    (paragraph,) = html_paragraphs(
        '<p><a href="javascript:alert(1)">أ</a> <a href=" JaVaScRiPt:alert(1)">ب</a> '
        '<a href="data:text/html,x">ج</a> <a href="file:///etc/passwd">د</a> '
        '<a href="vbscript:x">ه</a> <a href="mailto:desk@news.example">و</a> '
        '<a href="https://ok.example/">ز</a></p>'
    )
    assert paragraph.text == "أ ب ج د ه و ز"
    assert [s.url for s in paragraph.spans] == [
        "mailto:desk@news.example",
        "https://ok.example/",
    ]


def test_safe_url() -> None:
    assert safe_url("/x?a=1", "https://site.example/a/b") == "https://site.example/x?a=1"
    assert safe_url("https://site.example/\x1b[2J") is None
    assert safe_url("https://site.example/\u202ecod.exe") is None
    assert safe_url("http://[") is None
    assert safe_url("relative/only") is None
    assert safe_url("https://x.example/" + "a" * 3000) is None


def test_entities_and_whitespace() -> None:
    assert _texts("<p>أ&amp;ب &quot;ج&quot;\n\n   د&nbsp;ه</p>") == ['أ&ب "ج" د\xa0ه']


def test_escape_sequences_stay_for_the_engine_to_remove() -> None:
    # Text is kept raw like every source's; the engine's sanitizer removes controls at display.
    from reader.text.sanitize import clean_line

    (text,) = _texts("<p>خبر \x1b]52;c;eA==\x07عاجل\u202e</p>")
    assert clean_line(text) == "خبر عاجل"


def test_unclosed_and_broken_markup() -> None:
    assert _texts("<p>أ<b>ب<p>ج") == ["أب", "ج"]
    assert _texts("<p>أ <!-- تعليق") == ["أ"]
    assert _texts("نص <![CDATA[<b>x</b>]]> بعد") == ["نص <b>x</b> بعد"]
    assert _texts("أ < ب") == ["أ < ب"]
    assert _texts("<script>never closed <p>لا") == []


def test_hostile_sizes_stay_bounded() -> None:
    deep = "<b><i>" * 10_000 + "نص" + "</i></b>" * 10_000
    (paragraph,) = html_paragraphs(deep)
    assert paragraph.text == "نص" and len(paragraph.spans) <= 1_000
    many = html_paragraphs("<p>س</p>" * 20_000)
    assert len(many) == 5_000
    assert html_paragraphs("<!--" * 50_000) == []  # a run html.parser rescans: cut in one pass


_TAGS = ["p", "b", "i", "a", "li", "ul", "ol", "h1", "blockquote", "script", "br", "code", "pre"]
_PIECES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["<", ">", "&", "&amp;", "&#x", "<!--", "-->", "<![CDATA[", "]]>", "</"]),
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
    st.builds(lambda h: f'<a href="{h}">', st.text(max_size=15)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["", "https://b.example/"]))
def test_never_raises_and_spans_stay_in_bounds(fragment: str, base: str) -> None:
    for paragraph in html_paragraphs(fragment, base):
        assert paragraph.text and paragraph.text == paragraph.text.strip(" ")
        assert paragraph.kind in ("body", "heading", "quote", "list")
        for span in paragraph.spans:
            assert 0 <= span.start < span.end <= len(paragraph.text)
            assert span.url is None or span.url.startswith(("http://", "https://", "mailto:"))
