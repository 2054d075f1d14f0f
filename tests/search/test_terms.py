"""The terms: what is indexed for an article, in bounded pieces, and what a query looks for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.model import Article, Paragraph
from reader.search import terms
from reader.search.match import Query
from reader.search.normalize import match_text, words
from reader.search.terms import (
    SyncCancelled,
    article_text,
    body_match_text,
    fts_expression,
    index_terms,
    pieces,
)
from tests.search.samples import LARGE_BODY


def test_each_word_is_followed_by_its_prefix_forms() -> None:
    assert index_terms("وقال الكاظمي") == "وقال قال الكاظمي كاظمي"
    assert index_terms(" ،. ") == ""


def test_query_words_are_anded_and_the_last_one_is_a_prefix_when_partial() -> None:
    assert fts_expression(Query.parse("قال الكاظ", partial=True)) == '"قال" AND "الكاظ"*'
    assert fts_expression(Query.parse("قال الكاظ")) == '"قال" AND "الكاظ"'


def test_body_match_text_strips_escapes_per_paragraph() -> None:
    body = "قال \x1b]52;c;سر\nالوزير"  # an unterminated sequence ends with its paragraph
    assert body_match_text(body).split("\n")[1] == match_text("الوزير")
    terminated = "قال \x1b]52;c;سر مخفي\x07 هنا\nالوزير"
    assert words(body_match_text(terminated)) == ["قال", "هنا", "الوزير"]
    assert body_match_text("وقال\nالرَّئِيسُ") == match_text("وقال") + "\n" + match_text("الرئيس")


def test_large_text_is_indexed_in_pieces_exactly_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = index_terms(LARGE_BODY)
    assert "مخفي" not in whole.split()  # the escape's payload is not a word, whole or in pieces
    for size in (7, 64, 1000):
        monkeypatch.setattr(terms, "PIECE_CHARS", size)
        assert index_terms(LARGE_BODY) == whole


def test_pieces_cut_at_line_breaks_then_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "PIECE_CHARS", 10)
    found = list(pieces("كلام " * 6 + "\nنص قصير\n" + "ab" * 20))
    assert found[0] == ("كلام كلام", False, False, True)  # a long paragraph, cut at a space
    assert all(not whole and before for _, whole, before, _ in found[1:3])
    assert found[3] == ("نص قصير", True, False, False)  # whole paragraphs, raw
    assert found[4] == ("ab" * 20, False, False, False)  # no space: one longer part
    assert " ".join(p.strip() for p, *_ in found[:3]).split() == ["كلام"] * 6


def test_a_long_paragraph_with_escapes_is_stripped_before_it_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(terms, "PIECE_CHARS", 20)
    found = list(pieces("قال الوزير \x1b]52;c;سر مخفي\x07 اليوم في بغداد والبصرة"))
    assert len(found) > 1
    assert all("\x1b" not in p and "52;c" not in p for p, *_ in found)


def test_cancelled_is_polled_between_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "PIECE_CHARS", 100)
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 2

    with pytest.raises(SyncCancelled):
        index_terms("وقال الكاظمي " * 200, cancelled)
    assert len(polls) == 3
    assert index_terms("قال", lambda: False) == "قال"


def test_article_text_holds_the_other_fields_after_the_paragraphs() -> None:
    article = Article(
        title="الكاظمي",
        paragraphs=(Paragraph("نص المقال"), Paragraph("فقرة\nثانية")),
        date=dt.date(2021, 4, 18),
        date_text="18 ابريل 2021",
        caption="صورة من بغداد",
        credit="",
        source="العربي الجديد",
        authors=("مصطفى سالم",),
        tags=("العراق",),
        path=Path("/seed.txt"),
    )
    assert article_text(article).split("\n") == [
        "نص المقال",
        "فقرة ثانية",
        "18 ابريل 2021",
        "2021-04-18",
        "صورة من بغداد",
        "العربي الجديد",
        "مصطفى سالم",
        "العراق",
    ]
