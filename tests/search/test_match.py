"""Queries: word matching with attached prefixes, partial words, and hit spans in original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.search.match import Query, find_spans
from reader.search.normalize import words


def _hits(text: str, query: str, *, partial: bool = False) -> list[str]:
    return [text[a:b] for a, b in find_spans(text, Query.parse(query, partial=partial))]


def test_issue_examples() -> None:
    assert _hits("أكد الكاظمي أن", "الكاظمى") == ["الكاظمي"]
    assert _hits("وقال الكاظمي", "قال") == ["وقال"]


def test_each_attached_prefix() -> None:
    text = "قال وقال فقال بقال لقال"
    assert _hits(text, "قال") == ["قال", "وقال", "فقال", "بقال", "لقال"]


def test_article_and_combined_prefixes() -> None:
    text = "كتاب الكتاب والكتاب بالكتاب فالكتاب للكتاب وبالكتاب"
    assert _hits(text, "كتاب") == text.split()
    # a query with the article finds the article forms, لل (ل + ال) included
    assert _hits(text, "الكتاب") == [
        "الكتاب",
        "والكتاب",
        "بالكتاب",
        "فالكتاب",
        "للكتاب",
        "وبالكتاب",
    ]


def test_prefixes_are_not_suffixes_or_infixes() -> None:
    assert _hits("قالت مقال", "قال") == []


def test_query_prefix_is_not_stripped() -> None:
    # "وقال" in the query means that word; it does not find a bare "قال".
    assert _hits("قال", "وقال") == []


def test_matching_ignores_harakat_and_spans_cover_them() -> None:
    text = "وَقَالَ الرَّئِيسُ"
    assert _hits(text, "قال") == ["وَقَالَ"]
    assert _hits(text, "الرئيس") == ["الرَّئِيسُ"]


def test_persian_spelling_finds_arabic_spelling() -> None:
    assert _hits("كتاب عربي", "کتاب") == ["كتاب"]
    assert _hits("ایران", "ايران") == ["ایران"]


def test_digits_and_latin_case() -> None:
    assert _hits("عام ٢٠٢١ مع Reuters", "2021 reuters") == ["٢٠٢١", "Reuters"]


def test_partial_last_word_matches_word_beginnings() -> None:
    text = "أكد الكاظمي والكاظمية"
    assert _hits(text, "الكاظ", partial=True) == ["الكاظمي", "والكاظمية"]
    assert _hits(text, "الكاظ") == []
    # a finished word (trailing space) is matched whole even in partial mode
    assert _hits(text, "الكاظ ", partial=True) == []


def test_parse_drops_punctuation_and_duplicates() -> None:
    query = Query.parse("«قال»، قال!")
    assert query.words == ("قال",)
    assert not Query.parse(" ،.! ")


def test_spans_are_ordered_and_in_original_offsets() -> None:
    text = "\u202bقال\u202c: وقال ثم قالوا"
    spans = find_spans(text, Query.parse("قال"))
    assert spans == sorted(spans)
    assert [text[a:b].strip("\u202b\u202c") for a, b in spans] == ["قال", "وقال"]


_LETTERS = st.sampled_from(list("والبفكتقمي"))
_WORD = st.text(alphabet=_LETTERS, min_size=1, max_size=7)


@given(_WORD, _WORD, st.booleans())
def test_regex_agrees_with_word_forms(text_word: str, query_word: str, partial: bool) -> None:
    """The highlighter's regex and the index's forms define the same matches."""
    query = Query((query_word,), partial=partial)
    by_regex = bool(query.pattern.fullmatch(text_word))
    assert by_regex == query.matches_word(text_word)


@given(st.lists(_WORD, min_size=1, max_size=6), _WORD)
def test_spans_are_exactly_the_matching_words(text_words: list[str], query_word: str) -> None:
    text = " ".join(text_words)
    query = Query((query_word,))
    expected = [w for w in words(text) if query.matches_word(w)]
    assert [text[a:b] for a, b in find_spans(text, query)] == expected


def test_numbers_match_whole_and_glued_to_a_unit() -> None:
    text = "في ١٤٤١هـ و2021م ارتفع 5.4% و5 و4 بنسبة ٥٫٤٪ أي 1,000"
    assert _hits(text, "1441") == _hits(text, "١٤٤١") == ["١٤٤١هـ"]
    assert _hits(text, "2021") == ["و2021م"]
    assert _hits(text, "5.4") == _hits(text, "٥٫٤") == ["5.4%", "٥٫٤٪"]
    assert _hits(text, "5.4%") == ["5.4%", "٥٫٤٪"]
    assert _hits(text, "4") == []  # the 4 of 5.4 is not a word; و4 is too short a stem
    assert _hits(text, "1,000") == _hits(text, "١٬٠٠٠") == ["1,000"]
    assert _hits(text, "1441هـ") == ["١٤٤١هـ"]


def test_hamza_seats_and_query_prefixes_highlight_the_right_letters() -> None:
    text = "وعليها تقع المسؤولية، وهيأة الشؤون بالعنب والعنب"
    assert _hits(text, "مسئولية") == ["المسؤولية"]
    assert _hits(text, "هيئة شئون") == ["وهيأة", "الشؤون"]
    assert _hits(text, "والعنب") == ["بالعنب", "والعنب"]
    assert Query.parse("والعنب").words == ("العنب",)


_NUMBERISH = st.text(alphabet=st.sampled_from(list("والهم15.,%")), min_size=1, max_size=12)


@given(st.lists(_NUMBERISH, min_size=1, max_size=4), _NUMBERISH, st.booleans())
def test_spans_with_numbers_are_exactly_the_matching_words(
    parts: list[str], typed: str, partial: bool
) -> None:
    """Separators and percent signs inside numbers: the regex and the forms still agree."""
    text = " ".join(parts)
    query = Query.parse(typed, partial=partial)
    expected = [w for w in words(text) if query.matches_word(w)]
    assert [text[a:b] for a, b in find_spans(text, query)] == expected
