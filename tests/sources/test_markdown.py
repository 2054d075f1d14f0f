"""Markdown: front matter, blocks, inline styles as spans on the text without its markup."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from reader.model import Paragraph, Span
from reader.sources.markdown import inline, parse_markdown

TOML_ARTICLE = """+++
title = "ارتفاع أسعار القمح"
date = 2023-03-14
source = "وكالة الأنباء"
authors = ["سارة علي", "محمد حسن"]
tags = ["اقتصاد"]
caption = "حقول القمح قرب حلب"
credit = "AFP"
url = "https://example.org/wheat"
+++

ارتفعت أسعار **القمح** في الأسواق
العالمية هذا الأسبوع.

## الأسباب

قال *المحلل* إن [التقرير](https://example.org/r) صدر أمس.
"""


def test_toml_front_matter() -> None:
    article = parse_markdown(TOML_ARTICLE)
    assert article.title == "ارتفاع أسعار القمح"
    assert article.date == dt.date(2023, 3, 14)
    assert article.date_text == "2023-03-14"
    assert article.source == "وكالة الأنباء"
    assert article.authors == ("سارة علي", "محمد حسن")
    assert article.tags == ("اقتصاد",)
    assert (article.caption, article.credit) == ("حقول القمح قرب حلب", "AFP")
    assert article.url == "https://example.org/wheat"
    assert article.format == "markdown" and article.direction == "rtl"
    assert article.warnings == ()


def test_blocks_join_lines_and_keep_spans() -> None:
    first, heading, last = parse_markdown(TOML_ARTICLE).paragraphs
    assert first == Paragraph(
        "ارتفعت أسعار القمح في الأسواق العالمية هذا الأسبوع.", (Span(13, 18, "bold"),)
    )
    assert first.text[13:18] == "القمح"
    assert heading == Paragraph("الأسباب", (), "heading")
    assert last.text == "قال المحلل إن التقرير صدر أمس."
    italic, link = last.spans
    assert last.text[italic.start : italic.end] == "المحلل" and italic.style == "italic"
    assert last.text[link.start : link.end] == "التقرير"
    assert (link.style, link.url) == ("link", "https://example.org/r")


def test_first_heading_is_the_title_without_front_matter() -> None:
    article = parse_markdown("# Wheat prices rise\n\nPrices rose.\n\n# Second\n")
    assert article.title == "Wheat prices rise"
    assert [p.text for p in article.paragraphs] == ["Prices rose.", "Second"]
    assert article.paragraphs[1].kind == "heading"
    assert article.direction == "ltr" and article.language == "en"


def test_no_title_anywhere_uses_the_file_name() -> None:
    article = parse_markdown("just text", fallback_title="note")
    assert article.title == "note"
    assert any("no title" in w for w in article.warnings)


def test_inline_markup() -> None:
    assert inline("a `x*y*` b") == ("a x*y* b", (Span(2, 6, "code"),))
    assert inline(r"\*not italic\*") == ("*not italic*", ())
    assert inline("snake_case_name") == ("snake_case_name", ())
    assert inline("<https://a.org>") == ("https://a.org", (Span(0, 13, "link", "https://a.org"),))
    assert inline("![خريطة](map.png) هنا") == ("خريطة هنا", ())
    text, spans = inline("**bold *and italic***")
    assert text == "bold and italic"
    assert spans == (Span(0, 15, "bold"), Span(5, 15, "italic"))


def test_unclosed_markup_stays_as_text() -> None:
    assert inline("2 * 3 = 6 and **open") == ("2 * 3 = 6 and **open", ())


def test_lists_quotes_code_and_rules() -> None:
    text = (
        "# T\n\n- one\n- two\n  continued\n3. three\n\n"
        "> quoted\n> more\n\n---\n\n```\ncode *x*\n```\n"
    )
    kinds = [(p.kind, p.text) for p in parse_markdown(text).paragraphs]
    assert kinds == [
        ("list", "• one"),
        ("list", "• two continued"),
        ("list", "3. three"),
        ("quote", "quoted more"),
        ("body", "code *x*"),
    ]
    assert parse_markdown(text).paragraphs[-1].spans == (Span(0, 8, "code"),)


def test_invalid_toml_is_a_warning_and_the_body_is_kept() -> None:
    article = parse_markdown('+++\ntitle = "unclosed\n+++\n\n# Heading\n\nBody.\n')
    assert any("invalid TOML front matter" in w for w in article.warnings)
    assert article.title == "Heading"
    assert [p.text for p in article.paragraphs] == ["Body."]


def test_wrong_types_in_front_matter_are_warnings() -> None:
    article = parse_markdown('+++\ntitle = 5\nauthors = 3\ndate = [1]\ndirection = "up"\n+++\nB\n')
    assert article.title == "5"
    assert len(article.warnings) == 3
    assert article.authors == () and article.date is None


@pytest.mark.skipif(importlib.util.find_spec("yaml") is not None, reason="PyYAML is installed")
def test_yaml_front_matter_without_pyyaml() -> None:
    article = parse_markdown("---\ntitle: عنوان\n---\n\n# عنوان الخبر\n\nنص.\n")
    assert any("PyYAML" in w for w in article.warnings)
    assert article.title == "عنوان الخبر"
    assert [p.text for p in article.paragraphs] == ["نص."]


@pytest.mark.skipif(importlib.util.find_spec("yaml") is None, reason="PyYAML is not installed")
def test_yaml_front_matter_with_pyyaml() -> None:
    article = parse_markdown("---\ntitle: عنوان\ndate: 2021-04-18\n---\n\nنص.\n")
    assert article.title == "عنوان" and article.date == dt.date(2021, 4, 18)


def test_a_lone_rule_is_not_front_matter() -> None:
    article = parse_markdown("---\n# Title\n\nText.\n")
    assert article.title == "Title" and article.warnings == ()


def test_huge_paragraph_skips_inline_parsing() -> None:
    article = parse_markdown("# T\n\n" + "**x** " * 30_000)
    assert article.paragraphs[0].spans == ()
    assert any("inline markup was not read" in w for w in article.warnings)


def test_commonmark_inline_markup() -> None:
    assert inline("a\n   b  \nc\\\nd") == ("a b c d", ())  # soft and hard breaks: one space
    assert inline("&amp; &#1575; \\* \\_") == ("& ا * _", ())
    text, spans = inline("***x*** __y__ _z_ ``  a ` b  ``")
    assert text == "x y z  a ` b "
    assert spans == (
        Span(0, 1, "italic"),  # `***x***` is <em><strong>x</strong></em>: the outer span first
        Span(0, 1, "bold"),
        Span(2, 3, "bold"),
        Span(4, 5, "italic"),
        Span(6, 13, "code"),
    )
    assert inline("<mailto:a@b.org>") == (
        "mailto:a@b.org",
        (Span(0, 14, "link", "mailto:a@b.org"),),
    )
    assert inline("[![صورة *خريطة*](m.png)](https://a.org)") == (
        "صورة خريطة",
        (Span(0, 10, "link", "https://a.org"),),
    )


def test_link_urls_are_percent_encoded_and_scripts_are_not_links() -> None:
    text, spans = inline("[قمح](https://ar.org/قمح) [x](javascript:alert(1))")
    assert text == "قمح [x](javascript:alert(1))"
    assert spans == (Span(0, 3, "link", "https://ar.org/%D9%82%D9%85%D8%AD"),)


def test_reference_links() -> None:
    article = parse_markdown('# T\n\n[الخبر] و[Ref][]\n\n[REF]: https://r.org "T"\n[الخبر]: /a\n')
    [paragraph] = article.paragraphs
    assert paragraph == Paragraph(
        "الخبر وRef", (Span(0, 5, "link", "/a"), Span(7, 10, "link", "https://r.org"))
    )


def test_raw_html_is_shown_as_written() -> None:
    assert inline("a <b>x</b>") == ("a <b>x</b>", ())
    article = parse_markdown("# T\n\n<div>\nنص\n</div>\n")
    assert [p.text for p in article.paragraphs] == ["<div> نص </div>"]


def test_blocks_in_lists_and_quotes() -> None:
    text = (
        "Title\n=====\n\nSub\n---\n\n- # h\n- > q\n\n> # qh\n\n"
        "1. a\n\n   second\n\n       code\n3) c\n\n* * *\n\n> - x\n>   y\n"
    )
    article = parse_markdown(text)
    assert article.title == "Title"
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("heading", "Sub"),
        ("list", "• h"),
        ("list", "• q"),
        ("heading", "qh"),
        ("list", "1. a"),
        ("body", "second"),  # a list item's next paragraphs carry no marker
        ("body", "code"),
        ("list", "3. c"),
        ("list", "• x y"),
    ]
    assert article.paragraphs[-3].spans == (Span(0, 4, "code"),)


def test_spans_of_a_list_item_follow_its_marker() -> None:
    [item] = parse_markdown("# T\n\n12. **قمح** و`x`\n").paragraphs
    assert item == Paragraph("12. قمح وx", (Span(4, 7, "bold"), Span(9, 10, "code")), "list")


def test_a_heading_in_a_quote_is_not_the_title() -> None:
    article = parse_markdown("> # Quoted\n\n# Title\n", fallback_title="f")
    assert article.title == "f"
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("heading", "Quoted"),
        ("heading", "Title"),
    ]


def test_nesting_past_the_limit_is_shown_as_text() -> None:
    article = parse_markdown("# T\n\n" + "> " * 30 + "*عميق*\n\n" + "- " * 30 + "x\n\nبعد\n")
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("quote", "*عميق*"),  # as written, without its quote markers
        ("body", "x"),
        ("body", "بعد"),
    ]
    assert any("nested more than 20 levels" in w for w in article.warnings)


def test_a_long_article_reads_the_same_as_its_parts() -> None:
    """A long article is parsed in pieces of about 64 K characters, cut between blocks: a fenced
    code block, a list and a quote that run across a cut come out whole, and a reference defined
    before a cut still works after it."""
    paragraphs = [f"فقرة {i} فيها **كلمة**" for i in range(1_000)]  # about 25 K characters
    code = "\n".join(["print(1)", "", "- not an item", "", "# not a heading", ""] * 600)
    items = [f"- بند {i}" for i in range(6_000)]
    quote = [f"> سطر {i}" for i in range(6_000)]
    article = parse_markdown(
        "# T\n\n[r]: https://r.org\n\n"
        + "\n\n".join(paragraphs)
        + f"\n\n```\n{code}\n```\n\n"
        + "\n".join(items)
        + "\n\n"
        + "\n".join(quote)
        + "\n\n[r]\n"
    )
    assert len(article.paragraphs) == 1_000 + 1 + 6_000 + 1 + 1
    assert article.paragraphs[999] == Paragraph("فقرة 999 فيها كلمة", (Span(14, 18, "bold"),))
    assert article.paragraphs[1_000] == Paragraph(
        code.rstrip(), (Span(0, len(code.rstrip()), "code"),)
    )
    assert [p.text for p in article.paragraphs[1_001:7_001]] == [f"• بند {i}" for i in range(6_000)]
    assert article.paragraphs[7_001] == Paragraph(
        " ".join(f"سطر {i}" for i in range(6_000)), (), "quote"
    )
    assert article.paragraphs[7_002] == Paragraph("r", (Span(0, 1, "link", "https://r.org"),))
