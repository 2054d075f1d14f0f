"""Normalization rules, one visible test each, and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search.normalize import (
    iter_words,
    normalize,
    normalize_with_map,
    query_word,
    word_forms,
    words,
)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("أحمد", "احمد"),  # alef with hamza above
        ("إسلام", "اسلام"),  # alef with hamza below
        ("آمال", "امال"),  # alef with madda
        ("ٱلله", "الله"),  # alef wasla
    ],
)
def test_alef_forms_become_bare_alef(written: str, normalized: str) -> None:
    assert normalize(written) == normalized


def test_alef_maksura_becomes_yeh() -> None:
    assert normalize("الكاظمى") == "الكاظمي"
    assert normalize("على") == normalize("علي")


def test_teh_marbuta_becomes_heh() -> None:
    assert normalize("مدرسة") == "مدرسه"


def test_tashkeel_is_removed() -> None:
    # fatha, damma, kasra, sukun, shadda, tanween, dagger alef
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("كِتَابٍ") == "كتاب"
    assert normalize("هٰذا") == "هذا"
    assert normalize("قُلْ") == "قل"


def test_tatweel_is_removed() -> None:
    assert normalize("جمـــيل") == "جميل"


@pytest.mark.parametrize(
    ("written", "normalized"),
    [("٢٠٢١", "2021"), ("۱۴۰۰", "1400"), ("٣.٥٪", "3.5%"), ("2021", "2021")],
)
def test_arabic_indic_and_persian_digits_become_ascii(written: str, normalized: str) -> None:
    assert normalize(written) == normalized


def test_latin_is_casefolded() -> None:
    assert normalize("Reuters BBC") == "reuters bbc"
    assert normalize("STRASSE") == normalize("Straße")


def test_persian_kaf_and_yeh_fold_to_arabic() -> None:
    assert normalize("کتاب") == normalize("كتاب")  # keheh → kaf
    assert normalize("ایران") == normalize("ايران")  # Farsi yeh → Arabic yeh
    assert normalize("خانۀ") == normalize("خانه")  # heh with yeh above → heh


def test_zwnj_joins_and_zero_width_space_separates() -> None:
    assert normalize("می\u200cخواهم") == normalize("میخواهم")
    assert words(normalize("كلمة\u200bأخرى")) == ["كلمه", "اخري"]


def test_bidi_controls_are_invisible_to_matching() -> None:
    assert normalize("\u202bقال\u202c\u200f") == "قال"


def test_presentation_forms_become_letters() -> None:
    assert normalize("\ufefb") == "لا"  # lam-alef ligature
    assert normalize("\ufe8d\ufedf") == "ال"  # isolated alef, initial lam


def test_hamza_seats_fold_together() -> None:
    # Writers disagree on the seat: each pair is one word to search.
    for first, second in [("مسئولية", "مسؤولية"), ("هيئة", "هيأة"), ("شئون", "شؤون")]:
        assert normalize(first) == normalize(second), (first, second)
    assert normalize("جزء") == normalize("جزأ")  # bare hamza too
    assert len(normalize("مسؤولية")) == len("مسؤولية")  # one letter for one: spans stay exact


def test_persian_and_urdu_letters_fold_to_their_arabic_twins() -> None:
    assert normalize("ی") == normalize("ي") == normalize("ى")
    assert normalize("ک") == normalize("ك")
    assert normalize("ہ") == normalize("ه") == normalize("ة") == normalize("ۀ") == normalize("ھ")
    assert normalize("ے") == normalize("ۓ") == normalize("ي")
    assert normalize("پاکستانی ہے") == normalize("پاكستاني هي")


def test_numbers_keep_decimals_thousands_and_percent_as_one_word() -> None:
    assert normalize("٥٫٤٪ ١٬٠٠٠") == "5.4% 1,000"
    text = normalize("5.4% و1,000 في 2021. 5.a 3-4 ٥٫٤")
    assert words(text) == ["5.4%", "و1,000", "في", "2021", "5", "a", "3", "4", "5.4"]
    assert words("5%% x") == ["5%", "x"]


def test_a_number_glued_to_a_letter_is_found_alone() -> None:
    assert words(normalize("١٤٤١هـ")) == ["1441ه"]
    assert word_forms("1441ه") == ("1441",)
    assert word_forms("2021م") == ("2021",)
    assert word_forms("و5.4%") == ("5.4%", "5.4")
    assert word_forms("5.4") == ()


def test_query_words_lose_the_prefixes_before_their_article() -> None:
    assert query_word("والعنب") == "العنب"
    assert query_word("بالعنب") == query_word("للعنب") == query_word("وبالعنب") == "العنب"
    assert query_word("والله") == "الله"
    # a conjunction or preposition alone stays: ولد is not لد, والي (a governor) is not إلى
    for word in ("وزير", "ولد", "والي", "العنب", "لله"):
        assert query_word(word) == word


def test_words_split_at_punctuation_not_at_marks() -> None:
    assert words(normalize("قالَ: «مرحباً»، وَذهب.")) == ["قال", "مرحبا", "وذهب"]
    assert words(normalize("e\u0301t\u00e9")) == ["et\u00e9"]  # a separate mark is ignored
    assert words(normalize("snake_case")) == ["snake", "case"]


def test_word_forms_strip_attached_prefixes() -> None:
    assert word_forms("وقال") == ("قال",)
    assert "الكاظمي" in word_forms("والكاظمي")
    assert "كاظمي" in word_forms("والكاظمي")
    assert "الكاظمي" in word_forms("للكاظمي")  # ل + ال written لل
    assert "الكاظمي" in word_forms("بالكاظمي")
    assert "قال" in word_forms("فقال")
    assert "كتاب" in word_forms("وبالكتاب")


def test_word_forms_keep_stems_of_two_letters_or_more() -> None:
    assert word_forms("بل") == ()  # ل alone is not a word
    assert word_forms("ولا") == ("لا",)


# --- the offset map ---------------------------------------------------------------------------


def test_map_is_identity_without_deletions() -> None:
    text = "قال الكاظمي"
    mapped = normalize_with_map(text)
    assert mapped.text == text
    assert mapped.to_original(4, 11) == (4, 11)


def test_map_skips_harakat_and_covers_trailing_ones() -> None:
    text = "وَقَالَ الكاظمي"
    mapped = normalize_with_map(text)
    assert mapped.text == "وقال الكاظمي"
    start, end = mapped.to_original(0, 4)
    assert text[start:end] == "وَقَالَ"
    start, end = mapped.to_original(5, 12)
    assert text[start:end] == "الكاظمي"


def test_map_through_tatweel_and_expansion() -> None:
    text = "جمـــيل Straße"
    mapped = normalize_with_map(text)
    assert mapped.text == "جميل strasse"
    assert text[slice(*mapped.to_original(0, 4))] == "جمـــيل"
    assert text[slice(*mapped.to_original(5, 12))] == "Straße"
    assert text[slice(*mapped.to_original(5, 10))] == "Straß"  # half of "ss" is the whole ß


def test_map_at_the_end_includes_trailing_marks() -> None:
    text = "كتابٌ"
    mapped = normalize_with_map(text)
    assert mapped.to_original(0, len(mapped.text)) == (0, len(text))


_ARABIC_HEAVY = st.text(
    alphabet=st.sampled_from(
        [
            *"اأإآٱبتةثجحخدذرزسشصضطظعغفقكلمنهويىئؤء",
            *["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640", "\u200c", "\u200f"],
            *"٠١٢۳۴ ،.:aBßİ",
            *["\ufefb", "\U0001d400", "\U000e0041"],
        ]
    ),
    max_size=40,
)


@given(st.one_of(_ARABIC_HEAVY, st.text(max_size=40)))
def test_mapped_and_plain_normalization_agree(text: str) -> None:
    mapped = normalize_with_map(text)
    assert mapped.text == normalize(text)
    assert len(mapped.origin) == len(mapped.text)
    assert list(mapped.origin) == sorted(mapped.origin)
    assert all(0 <= o < len(text) for o in mapped.origin)


@given(_ARABIC_HEAVY)
def test_every_word_maps_back_to_text_that_normalizes_to_it(text: str) -> None:
    mapped = normalize_with_map(text)
    for start, end in iter_words(mapped.text):
        first, stop = mapped.to_original(start, end)
        assert normalize(text[first:stop]) == mapped.text[start:end]
