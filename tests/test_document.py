"""The article as blocks, the one blank-line rule, and `reader render`'s lines built from both."""

from __future__ import annotations

import datetime as dt

from reader.document import (
    FSI,
    PDI,
    Block,
    article_blocks,
    gap_before,
    highlighted,
    isolate,
    join_fields,
    render_article,
)
from reader.model import Article, Paragraph, Span
from reader.search import Query

ARTICLE = Article(
    title="Title",
    paragraphs=(
        Paragraph("First paragraph.", (Span(0, 5, "bold"),)),
        Paragraph("A heading", kind="heading"),
        Paragraph("Second paragraph."),
    ),
    date=dt.date(2024, 5, 1),
    source="Paper",
    caption="A caption",
    authors=("Ann", "Bob"),
    language="en",
    direction="ltr",
)


def test_an_article_is_a_title_block_then_its_paragraphs_then_its_contributors() -> None:
    blocks = article_blocks(ARTICLE)
    assert [b.role for b in blocks] == [
        "title",
        "meta",
        "caption",
        "body",
        "heading",
        "body",
        "contributors",
    ]
    # Only paragraphs and the contributors start a group; only paragraphs carry their index.
    assert [b.starts_group for b in blocks] == [False, False, False, True, True, True, True]
    assert [b.paragraph for b in blocks] == [None, None, None, 0, 1, 2, None]
    assert blocks[1].text == join_fields(("2024-05-01", "Paper"))
    assert blocks[3].spans == (Span(0, 5, "bold"),)
    assert blocks[-1].text == "Contributors: " + join_fields(("Ann", "Bob"), ", ")


def test_each_joined_field_is_isolated_without_its_own_bidi_controls() -> None:
    assert isolate("a\u202eb\u2069c") == FSI + "abc" + PDI
    assert join_fields(("x", "", "  ", "y"), "|") == FSI + "x" + PDI + "|" + FSI + "y" + PDI


def test_a_highlight_adds_a_span_on_every_hit_and_keeps_the_others() -> None:
    article = ARTICLE._replace(
        paragraphs=(Paragraph("read, reread and read", (Span(0, 4, "bold"),)),)
    )
    body = article_blocks(article, Query.parse("read"))[3]
    assert body.spans[0] == Span(0, 4, "bold")
    hits = [s for s in body.spans if s.style == "highlight"]
    assert [body.text[s.start : s.end] for s in hits] == ["read", "read"]
    assert [s.start for s in hits] == [0, 17]
    # A block without a hit is returned as it was.
    block = Block("nothing here")
    assert highlighted(block, Query.parse("read")) is block


def test_a_gap_only_before_a_group_with_lines_and_never_at_the_top() -> None:
    group = Block("x", starts_group=True)
    assert gap_before(group, has_lines=True, started=True) == 1
    assert gap_before(group, has_lines=True, started=False) == 0  # the very top
    assert gap_before(group, has_lines=False, started=True) == 0  # a block with no lines
    assert gap_before(Block("x"), has_lines=True, started=True) == 0


def test_render_puts_one_blank_line_between_groups_and_none_for_an_empty_paragraph() -> None:
    article = Article(
        title="",
        paragraphs=(Paragraph("one"), Paragraph(""), Paragraph("two")),
        direction="ltr",
    )
    # An empty title: no blank line at the top; an empty paragraph: no second blank line.
    assert render_article(article, 20) == ["one", "", "two"]
