"""Shaping: the configuration the issue asks for, and the index map through it."""

from __future__ import annotations

import os
from array import array

import pytest
from arabic_reshaper import ArabicReshaper
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import prepare, render_lines
from reader.text.shaping import shape

ARABIC = st.lists(
    st.sampled_from([*"ابتجحدرسعفقكلمنهويأإآةى ", "\u064e", "\u0651", "\u200d", "ـ"]),
    max_size=60,
).map(lambda letters: "ب" + "".join(letters))  # text without Arabic skips the reshaper


def test_lam_alef_is_ligated() -> None:
    shaped, origin = shape("لا")
    assert shaped == "\ufefb"
    assert list(origin) == [0]


def test_allah_is_not_ligated() -> None:
    shaped, _ = shape("الله")
    assert "\ufdf2" not in shaped and len(shaped) == 4


def test_no_other_ligature() -> None:
    # The reshaper's default would ligate lam+meem etc. only when enabled: here never.
    shaped, _ = shape("لم لح لج")
    assert all(0xFE70 <= ord(c) <= 0xFEFF or c == " " for c in shaped)


def test_harakat_keep_and_strip() -> None:
    kept, kept_map = shape("بِ")
    stripped, stripped_map = shape("بِ", "strip")
    assert kept == "\ufe8f\u0650" and list(kept_map) == [0, 1]
    assert stripped == "\ufe8f" and list(stripped_map) == [0]


def test_persian_and_urdu_letters_shape() -> None:
    shaped, _ = shape("پژوهش گچ ے")
    assert shaped == "ﭘﮋﻭﻫﺶ ﮔﭻ ﮮ"


def test_environment_configuration_file_is_ignored(tmp_path: object, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE", "/nonexistent.ini")
    shape.__globals__["reshaper"].cache_clear()
    try:
        assert shape("لا")[0] == "\ufefb"
    finally:
        shape.__globals__["reshaper"].cache_clear()


@given(ARABIC, st.sampled_from(["keep", "strip"]))
def test_output_matches_the_reshaper_and_the_map_is_total(text: str, harakat: str) -> None:
    shaped, origin = shape(text, harakat)  # type: ignore[arg-type]
    if "\u200d" not in text:  # with a ZWJ the reshaper itself is wrong (see the test below)
        config = {"delete_harakat": harakat == "strip", "ARABIC LIGATURE ALLAH": False}
        reference = ArabicReshaper(configuration=config, configuration_file=os.devnull)
        assert shaped == reference.reshape(text)
    assert len(origin) == len(shaped)
    assert all(0 <= o < len(text) for o in origin)


def test_zwj_before_lam_alef_does_not_break_the_reshaper() -> None:
    # arabic-reshaper 3.1.0 alone: IndexError on "\u200dلا", wrong letters on "\u200dلاا".
    assert shape("\u200dلا") == ("\ufefc", array("i", [1]))
    assert shape("\u200dلاا") == ("\ufefc\ufe8d", array("i", [1, 3]))
    assert shape("ب\u200dلا")[0] == "\ufe91\ufefc"


@given(ARABIC, st.sampled_from(["keep", "strip"]))
def test_our_lam_alef_join_equals_the_reshaper_s(text: str, harakat: str) -> None:
    from reader.text.shaping import _join_lam_alef, reshaper

    expected = reshaper(harakat).reshape(text.replace("\u200d", ""))  # type: ignore[arg-type]
    ours = reshaper(harakat, ligatures=False).reshape(text.replace("\u200d", ""))  # type: ignore[arg-type]
    assert _join_lam_alef(ours) == expected


def test_long_text_is_shaped_in_pieces_exactly_as_a_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.text import shaping

    text = "لا يتجاوز 2500، وهو بِسْمِ اللَّه \u200dلا " * 40
    whole = shape(text)
    monkeypatch.setattr(shaping, "CHUNK", 50)
    pieces = shape(text)
    assert pieces[0] == whole[0]
    assert list(pieces[1]) == list(whole[1])


# --- text that already holds presentation forms (issue #10) -------------------------------------

PRESENTATION_FORMS = st.one_of(
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
)
MIXED_WITH_FORMS = st.lists(
    st.one_of(
        PRESENTATION_FORMS,
        st.sampled_from(
            [*"ابتجحدرسعفقكلمنهويأإآةىءپچژکگیے ", "\u200d", "\u200c", "ـ", "\ufefb", "\ufefc"]
        ),
        st.sampled_from(["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u06ed"]),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=50,
).map("".join)


def test_lam_alef_form_before_a_joining_letter() -> None:
    # Text pasted from a PDF: a precomposed lam-alef followed by yeh raised AssertionError.
    for text in ("\ufefbي", "\ufee3و\ufefbي", "ﻣوﻻي ﻻي ﻻي ﻻي ﻻي ﻻي ﻻي ﻻي ﻻي ﻻي"):
        for harakat in ("keep", "strip"):
            shaped, origin = shape(text, harakat)  # type: ignore[arg-type]
            assert len(origin) == len(shaped)
            assert all(0 <= o < len(text) for o in origin)


def test_presentation_forms_shape_as_their_letters() -> None:
    # The letters of a PDF's pre-shaped text join as the letters would.
    assert shape("\ufee3و\ufefbي")[0] == shape("مولاي")[0] == "\ufee3\ufeee\ufefb\ufef1"
    assert shape("ب\ufefbي")[0] == shape("بلاي")[0] == "\ufe91\ufefc\ufef1"
    shaped, origin = shape("ب\ufefbي")
    assert list(origin) == [0, 1, 2]
    # ALLAH as one presentation form is shown as its four letters (fonts draw the ligature wide).
    shaped, origin = shape("\ufdf2")
    assert shaped == shape("الله")[0] and list(origin) == [0, 0, 0, 0]


@settings(max_examples=300, deadline=None)
@given(MIXED_WITH_FORMS, st.sampled_from(["keep", "strip"]))
def test_presentation_forms_never_break_shaping(text: str, harakat: str) -> None:
    shaped, origin = shape(text, harakat)  # type: ignore[arg-type]
    assert len(origin) == len(shaped)
    assert all(0 <= o < len(text) for o in origin)


@settings(max_examples=150, deadline=None)
@given(MIXED_WITH_FORMS, st.sampled_from(["keep", "strip"]))
def test_presentation_forms_in_long_text_shape_as_in_short(text: str, harakat: str) -> None:
    # Past BY_WORDS characters the text is shaped word by word: same letters, same map.
    from reader.text import shaping

    long_text = "ب " + (text + " ") * (shaping.BY_WORDS // (len(text) + 1) + 2)
    words, words_map = shape(long_text, harakat)  # type: ignore[arg-type]
    saved = shaping.BY_WORDS
    shaping.BY_WORDS = len(long_text)  # now shaped as one text
    try:
        whole, whole_map = shape(long_text, harakat)  # type: ignore[arg-type]
    finally:
        shaping.BY_WORDS = saved
    assert words == whole
    assert list(words_map) == list(whole_map)


@settings(max_examples=150, deadline=None)
@given(MIXED_WITH_FORMS, st.sampled_from(["keep", "strip"]), st.sampled_from([1, 7, 40]))
def test_presentation_forms_display_at_every_width(text: str, harakat: str, width: int) -> None:
    prepared = prepare(text, harakat=harakat)  # type: ignore[arg-type]
    for line in prepared.lines(width):
        assert len(line.sources) == len(line.text)
        assert all(0 <= o < len(text) for o in line.sources)
    assert isinstance(render_lines(text, width, harakat=harakat), list)  # type: ignore[arg-type]
