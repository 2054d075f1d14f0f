"""The interface's words in each language: digits, the list comma, month names, counted forms
(Arabic's six, Persian's and Urdu's two), the relative dates of the headline list."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.i18n import LANGUAGES, Translator, digit_style, localize_digits
from reader.library.when import date_words, day_words, month_name, relative

UTC = dt.UTC
NOW = dt.datetime(2024, 5, 10, 12, tzinfo=UTC).timestamp()


def test_persian_writes_its_own_digits_by_default_and_arabic_only_when_asked() -> None:
    assert Translator("fa")("Scanning… {count}", count=42) == "در حال پویش… ۴۲"
    assert Translator("fa", digits="latin")("Scanning… {count}", count=42).endswith("42")
    assert Translator("ar")("Scanning… {count}", count=42).endswith("42")
    assert Translator("ar", digits="native")("Scanning… {count}", count=42).endswith("٤٢")
    assert Translator("ur", digits="native").number(1990) == "۱۹۹۰"
    assert Translator("en", digits="native").number(7) == "7"
    assert digit_style("fa") == "native" and digit_style("ur") == "latin"
    assert localize_digits("v2 (10)", "ar", "native") == "v٢ (١٠)"


def test_text_values_keep_their_digits_only_numbers_are_localized() -> None:
    shown = Translator("fa")("Open: {title}", title="G20 2024")
    assert shown == "باز کردن: G20 2024"


def test_lists_are_joined_with_the_languages_comma() -> None:
    assert Translator("en").join(["a", "b"]) == "a, b"
    for language in ("ar", "fa", "ur"):
        assert Translator(language).join(["أ", "ب"]) == "أ، ب"


def test_persian_and_urdu_interfaces_are_right_to_left_too() -> None:
    assert [Translator(language).rtl for language in LANGUAGES] == [False, True, True, True]


@pytest.mark.parametrize(
    ("language", "january", "may", "december"),
    [
        ("en", "January", "May", "December"),
        ("ar", "يناير", "مايو", "ديسمبر"),
        ("fa", "ژانویه", "مه", "دسامبر"),
        ("ur", "جنوری", "مئی", "دسمبر"),
    ],
)
def test_month_names(language: str, january: str, may: str, december: str) -> None:
    assert [month_name(m, language) for m in (1, 5, 12)] == [january, may, december]


def test_days_are_written_in_the_interfaces_digits() -> None:
    day = dt.date(2021, 4, 18)
    assert day_words(day, "en") == "18 April 2021"
    assert day_words(day, "ar") == "18 أبريل 2021"
    assert day_words(day, Translator("ar", digits="native")) == "١٨ أبريل ٢٠٢١"
    assert day_words(day, "fa") == "۱۸ آوریل ۲۰۲۱"
    assert day_words(day, Translator("fa", digits="latin")) == "18 آوریل 2021"
    assert date_words(None, day, "ur", NOW, UTC) == "18 اپریل 2021"


@pytest.mark.parametrize(
    ("count", "arabic"),
    [
        (1, "منذ دقيقة"),
        (2, "منذ دقيقتين"),
        (3, "منذ 3 دقائق"),
        (10, "منذ 10 دقائق"),
        (11, "منذ 11 دقيقة"),
        (59, "منذ 59 دقيقة"),
    ],
)
def test_arabic_counts_minutes_in_its_own_forms(count: int, arabic: str) -> None:
    assert relative(count * 60, "ar") == arabic


def test_arabic_has_six_forms_persian_and_urdu_two() -> None:
    tr = Translator("ar")
    singular, plural = "Text copied: {count} character", "Text copied: {count} characters"
    forms = {tr.plural(singular, plural, n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) == 6
    assert Translator("ur").plural("{count} hour ago", "{count} hours ago", 1) == "1 گھنٹہ پہلے"
    assert Translator("ur").plural("{count} hour ago", "{count} hours ago", 5) == "5 گھنٹے پہلے"
    assert Translator("fa").plural("{count} hour ago", "{count} hours ago", 5) == "۵ ساعت پیش"
    assert Translator("en").plural("{count} hour ago", "{count} hours ago", 1) == "1 hour ago"


def test_relative_dates_in_each_language() -> None:
    assert relative(30, "fa") == "همین حالا"
    assert relative(30, "ur") == "ابھی ابھی"
    assert relative(7200, "en") == "2 hours ago"
    assert relative(7200, "fa") == "۲ ساعت پیش"
    assert relative(7200, Translator("fa", digits="latin")) == "2 ساعت پیش"
    assert date_words(NOW - 120, None, "ur", NOW, UTC) == "2 منٹ پہلے"


def test_an_empty_text_stays_empty_not_the_catalog_header() -> None:
    from reader import i18n

    assert Translator("ar")("") == ""
    i18n.use("fa")
    try:
        assert i18n._("") == ""
    finally:
        i18n.use("en")
