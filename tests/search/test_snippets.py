"""Snippets: one cleaned line around the first hit, cut on word boundaries, spans on the hits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search import terms
from reader.search.match import Query
from reader.search.snippets import clean_with_map, make_snippet
from reader.text import clean_line
from tests.search.samples import LARGE_BODY


def test_snippet_is_cut_around_the_hit_on_word_boundaries() -> None:
    body = " ".join(f"كلمة{n}" for n in range(40)) + " الهدف " + " ".join("نص" for _ in range(40))
    snippet, spans = make_snippet("t", body, Query.parse("الهدف"))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert [snippet[a:b] for a, b in spans] == ["الهدف"]
    assert len(snippet) < 160
    inner = snippet[2:-2].split(" ")
    assert all(w in body.split(" ") for w in inner)  # no word cut in half


def test_snippet_is_the_paragraph_of_the_first_hit() -> None:
    snippet, spans = make_snippet("t", "مقدمة\nوقال الكاظمي إن قال\nقال أخيرا", Query.parse("قال"))
    assert snippet == "وقال الكاظمي إن قال"
    assert [snippet[a:b] for a, b in spans] == ["وقال", "قال"]


def test_snippet_falls_back_to_the_title() -> None:
    snippet, spans = make_snippet("الكاظمي يتحدث", "نص بلا ذكر", Query.parse("الكاظمي"))
    assert snippet == "الكاظمي يتحدث"
    assert spans == ((0, 7),)


def test_no_hit_anywhere_is_an_empty_snippet() -> None:
    assert make_snippet("عنوان", "نص بلا ذكر", Query.parse("الكاظمي")) == ("", ())


def test_snippet_removes_escapes_and_bidi_controls_and_keeps_spans_right() -> None:
    body = "\x1b]52;c;ZXZpbA==\x07تحذير \u202eقال\u202c \x1b[31mالوزير"
    snippet, spans = make_snippet("t", body, Query.parse("قال الوزير"))
    assert "\x1b" not in snippet and "\u202e" not in snippet and "\x07" not in snippet
    assert [snippet[a:b] for a, b in spans] == ["قال", "الوزير"]


def test_snippet_keeps_persian_zwnj_like_clean_line() -> None:
    snippet, spans = make_snippet("t", "کتابخانه\u200cها \u202eباز\u202c شد", Query.parse("باز"))
    assert snippet == "کتابخانه\u200cها باز شد"
    assert [snippet[a:b] for a, b in spans] == ["باز"]


@given(
    st.text(
        alphabet=st.sampled_from(list("ab قال \t\n\x1b[]\x07\u202e\u200c\u2066\x9b")), max_size=40
    )
)
def test_snippet_cleaning_is_clean_line_with_a_map(text: str) -> None:
    cleaned, origin = clean_with_map(text)
    assert cleaned == clean_line(text)
    assert len(origin) == len(cleaned) and list(origin) == sorted(origin)
    assert all(text[o] == c for c, o in zip(cleaned, origin, strict=True) if c != " ")


@pytest.mark.parametrize("size", [7, 64, 1000, None])
def test_snippet_of_a_large_body_in_pieces(
    monkeypatch: pytest.MonkeyPatch, size: int | None
) -> None:
    """(None: the real piece size, where a window's edge can fall inside an escape sequence:
    its payload's text must not show.)"""
    if size is not None:
        monkeypatch.setattr(terms, "PIECE_CHARS", size)
    snippet, spans = make_snippet("t", LARGE_BODY, Query.parse("الكاظمي"))
    assert spans and "الكاظمي" in snippet
    assert all(snippet[a:b] == "الكاظمي" for a, b in spans)
    assert "52;c" not in snippet and "مخفي" not in snippet
    assert make_snippet("t", LARGE_BODY, Query.parse("مخفي")) == ("", ())


def test_snippet_of_a_long_paragraph_is_a_window_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "PIECE_CHARS", 500)
    body = "كلام " * 1000 + "الهدف " + "كلام " * 1000
    snippet, spans = make_snippet("t", body, Query.parse("الهدف"))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert [snippet[a:b] for a, b in spans] == ["الهدف"]
    assert len(snippet) < 200
