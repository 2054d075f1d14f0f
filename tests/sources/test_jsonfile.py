"""JSON articles: one object, a list, wrong types, hostile structure."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reader.model import Article, ArticleError, Paragraph
from reader.sources.jsonfile import parse_json, parse_json_all

ONE = {
    "title": "انتخابات بلدية في تونس",
    "date": "الأحد، 18 أبريل/ نيسان 2021",
    "source": "وكالة محلية",
    "authors": ["ليلى يوسف"],
    "language": "ar",
    "direction": "rtl",
    "caption": "مركز اقتراع",
    "credit": "رويترز",
    "url": "https://example.org/a",
    "tags": ["تونس", "انتخابات"],
    "body": "الفقرة الأولى.\n\nالفقرة الثانية\nتكملة.\n  \nالثالثة.",
}


def test_one_object() -> None:
    article = parse_json(json.dumps(ONE, ensure_ascii=False))
    assert article.title == ONE["title"]
    assert article.date == dt.date(2021, 4, 18)
    assert article.date_text == ONE["date"]
    assert article.authors == ("ليلى يوسف",)
    assert article.tags == ("تونس", "انتخابات")
    assert (article.caption, article.credit, article.url) == ("مركز اقتراع", "رويترز", ONE["url"])
    assert [p.text for p in article.paragraphs] == [
        "الفقرة الأولى.",
        "الفقرة الثانية\nتكملة.",
        "الثالثة.",
    ]
    assert article.format == "json" and article.warnings == ()


def test_body_as_list_with_kinds() -> None:
    data = {
        "title": "T",
        "body": ["a", {"text": "H", "kind": "heading"}, {"text": "q", "kind": "x"}],
    }
    article = parse_json(json.dumps(data))
    assert article.paragraphs == (
        Paragraph("a"),
        Paragraph("H", (), "heading"),
        Paragraph("q", (), "body"),
    )


def test_list_of_articles_and_index() -> None:
    text = json.dumps([{"title": "one", "body": "x"}, 7, {"title": "three", "body": ["y"]}])
    results = parse_json_all(text, fallback_title="f")
    assert isinstance(results[0], Article) and results[0].title == "one"
    assert isinstance(results[1], ArticleError) and "found a number" in str(results[1])
    assert isinstance(results[2], Article) and results[2].title == "three"
    assert parse_json(text, index=2).title == "three"
    with pytest.raises(ArticleError, match="found a number"):
        parse_json(text, index=1)
    with pytest.raises(ArticleError, match="no article #5"):
        parse_json(text, index=5)


def test_articles_wrapper() -> None:
    text = json.dumps({"articles": [{"title": "a"}, {"title": "b"}]})
    assert [r.title for r in parse_json_all(text) if isinstance(r, Article)] == ["a", "b"]


def test_wrong_types_are_warnings() -> None:
    data = {"title": ["x"], "date": 5, "authors": 3, "body": 12, "direction": "sideways"}
    article = parse_json(json.dumps(data), fallback_title="file")
    assert article.title == "file" and article.paragraphs == () and article.date is None
    assert len(article.warnings) == 6  # title, date, authors, direction, body, no title
    assert any("'body' should be text or a list" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("{", "invalid JSON"),
        ("[]", "no articles"),
        ('"just a string"', "found text"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        parse_json(text)


def test_deep_nesting_inside_a_field_is_ignored() -> None:
    deep = "[" * 500 + "]" * 500
    article = parse_json(f'{{"title": "t", "body": "b", "extra": {deep}, "tags": {deep}}}')
    assert article.title == "t" and article.tags == ()


def test_claimed_lengths_of_a_gigabyte_are_not_trusted() -> None:
    # Length-like fields are never read; a 5,000-digit number is not a Python error either.
    huge = "9" * 5000
    text = f'{{"title": "t", "length": 1073741824, "size": {huge}, "words": 1e999, "body": "b"}}'
    article = parse_json(text)
    assert article.words == 1 and len(article.paragraphs) == 1
