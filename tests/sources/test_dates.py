"""Dates as Arabic, Persian, Hebrew and English sites print them; unknown stays unknown."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from reader.sources.dates import (
    date_line_in_html,
    hijri_to_gregorian,
    jalali_to_gregorian,
    looks_like_date,
    parse_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 ابريل 2021", D(2021, 4, 18)),
        ("18 أبريل 2021", D(2021, 4, 18)),
        ("18 إبريل 2021", D(2021, 4, 18)),
        ("١٨ أبريل ٢٠٢١", D(2021, 4, 18)),
        ("۱۸ آوریل ۲۰۲۱", D(2021, 4, 18)),
        ("18 نيسان 2021", D(2021, 4, 18)),
        ("18 أبريل/ نيسان 2021", D(2021, 4, 18)),
        ("18 نيسان (أبريل) 2021", D(2021, 4, 18)),
        ("الأحد 18 أبريل 2021", D(2021, 4, 18)),
        ("الأحد، 18 أبريل/ نيسان 2021", D(2021, 4, 18)),
        ("آخر تحديث: الأحد 18 أبريل 2021 - 10:30 بتوقيت مكة", D(2021, 4, 18)),
        ("1 كانون الثاني 2020", D(2020, 1, 1)),
        # Month names are read as words and looked up: two-word names, labels, weekdays.
        ("كانون الثاني 29 2021م", D(2021, 1, 29)),
        ("on april 18 2021", D(2021, 4, 18)),
        ("sat 18 mar 2021", D(2021, 3, 18)),
        ("Sunday April 18 2021", D(2021, 4, 18)),
        ("sunrise 18 April 2021", None),
        ("18 Aprilis 2021", None),
        ("18 أبريل / مايو 2021", None),
        ("2 شباط 2020", D(2020, 2, 2)),
        ("3 آذار 2020", D(2020, 3, 3)),
        ("5 أيار 2020", D(2020, 5, 5)),
        ("6 حزيران 2020", D(2020, 6, 6)),
        ("7 تموز 2020", D(2020, 7, 7)),
        ("8 آب 2020", D(2020, 8, 8)),
        ("9 أيلول 2020", D(2020, 9, 9)),
        ("10 تشرين الأول 2020", D(2020, 10, 10)),
        ("11 تشرين الثاني 2020", D(2020, 11, 11)),
        ("12 كانون الأول 2020", D(2020, 12, 12)),
        ("12 كانون الاول 2020", D(2020, 12, 12)),
        ("1 جانفي 2019", D(2019, 1, 1)),
        ("2 فيفري 2019", D(2019, 2, 2)),
        ("3 أفريل 2019", D(2019, 4, 3)),
        ("4 ماي 2019", D(2019, 5, 4)),
        ("5 جوان 2019", D(2019, 6, 5)),
        ("6 جويلية 2019", D(2019, 7, 6)),
        ("7 أوت 2019", D(2019, 8, 7)),
        ("1 يناير 2022", D(2022, 1, 1)),
        ("28 فبراير 2022", D(2022, 2, 28)),
        ("15 أغسطس 2022", D(2022, 8, 15)),
        ("31 ديسمبر 2022", D(2022, 12, 31)),
        ("2021-04-18", D(2021, 4, 18)),
        ("2021-04-18T09:30:00+03:00", D(2021, 4, 18)),
        ("2021-04-18T09:30:00Z", D(2021, 4, 18)),
        ("Sun, 18 Apr 2021 09:30:00 +0000", D(2021, 4, 18)),
        ("Sun, 18 Apr 2021 09:30:00 GMT", D(2021, 4, 18)),
        ("April 18, 2021", D(2021, 4, 18)),
        ("18 April 2021", D(2021, 4, 18)),
        ("18/04/2021", D(2021, 4, 18)),
        ("۲۹ فروردین ۱۴۰۰", D(2021, 4, 18)),  # Solar Hijri, converted
        ("22 بهمن 1357", D(1979, 2, 11)),
        ("18 באפריל 2021", D(2021, 4, 18)),
        ("18 اپریل 2021", D(2021, 4, 18)),
        ("18 أبريل 2021م", D(2021, 4, 18)),
        ("السبت 17 نيسان/أبريل 2021 - 11:52 ص", D(2021, 4, 17)),
        ("18th of April 2021", D(2021, 4, 18)),
        ("April 18th, 2021 at 10:30 am", D(2021, 4, 18)),
        ("18 Apr. 2021", D(2021, 4, 18)),
        # Real date lines (issue #10): separators, times, names and calendars around the date.
        ("18/نوفمبر/2023", D(2023, 11, 18)),
        ("السبت 18/نوفمبر/2023 - 02:33 م", D(2023, 11, 18)),
        ("28 يناير 2023 الساعة 09 صباحاً", D(2023, 1, 28)),
        ("السبت 28 يناير-كانون الثاني 2023 الساعة 09 صباحاً", D(2023, 1, 28)),
        ("28 فبراير - 2025", D(2025, 2, 28)),
        ("الجمعة, 28 فبراير - 2025", D(2025, 2, 28)),
        ("الصباح / الخميس، 13 نونبر 2025", D(2025, 11, 13)),
        ("الخميس 21 نوفمبر 2024 10:46 صـ 20 جمادى أول 1446 هـ", D(2024, 11, 21)),
        ("الخميس 21 نوفمبر 2024 10:46 ص", D(2024, 11, 21)),
        ("الخميس 21 نوفمبر 2024 10:46 مـ", D(2024, 11, 21)),
        ("21 نوفمبر 2024 22:46", D(2024, 11, 21)),
        ("21 نوفمبر 2024 - 10:30 توقيت مكة", D(2024, 11, 21)),
        (
            "الاثنين 1427/4/9 هـ - الموافق 8/5/2006 م (آخر تحديث) الساعة 17:51 (مكة المكرمة)، "
            "14:51 (غرينتش)",
            D(2006, 5, 8),  # 8/5 alone is ambiguous: the Hijri side (7 May) decides
        ),
        ("10 ربيع الأول 1445 هـ الموافق 25 سبتمبر 2023 م", D(2023, 9, 25)),  # Gregorian wins
        ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)", D(2013, 8, 28)),
        # Hijri dates, by the Umm al-Qura calendar.
        ("6 رمضان 1442", D(2021, 4, 18)),
        ("6 رمضان 1442هـ", D(2021, 4, 18)),
        ("20 جمادى أول 1446 هـ", D(2024, 11, 22)),
        ("20 جمادى الأولى 1446 هـ", D(2024, 11, 22)),
        ("15 ربيع الآخر 1445", D(2023, 10, 30)),
        ("15 ربيع الثاني 1445", D(2023, 10, 30)),
        ("3 ذو الحجة 1444 هـ", D(2023, 6, 21)),
        ("١٤٤٦/٥/٢٠ هـ", D(2024, 11, 22)),
        ("1427/4/9 هـ", D(2006, 5, 7)),
        # Maghrebi month names.
        ("1 دجنبر 2020", D(2020, 12, 1)),
        ("5 غشت 2019", D(2019, 8, 5)),
        ("5 يوليوز 2019", D(2019, 7, 5)),
        ("5 ماي 2019", D(2019, 5, 5)),
    ],
)
def test_known_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "أبريل 2021",  # no day: never guessed
        "04/05/2021",  # D/M or M/D: ambiguous
        "31 فبراير 2021",  # no such day
        "18 أبريل/ أيار 2021",  # the two names disagree
        "6 رمضان 1442م",  # a Hijri month with the Gregorian era: contradictory
        "20 جمادى أول 1200 هـ",  # outside the Umm al-Qura table (1343-1500 AH)
        "8/5/2006 م",  # D/M or M/D, and no Hijri side to decide
        "الاثنين 1427/4/9 هـ - الموافق 4/6/2006 م",  # neither reading is near the Hijri date
        "نُشر: 25/04/18 20:45",  # a two-digit year: 25 April 2018 or 18 April 2025
        "28 يناير 2023 الساعة 09 صباحاً قال الوزير",  # a sentence after the time
        "الصباح / 13 نونبر 2025",  # a name before the date, with no weekday between
        "30 اسفند 1400",  # 1400 is a common Solar Hijri year
        "في 18 أبريل 2021 قال الوزير إن",  # a sentence, not a date line
        "hello world",
        "18 ابريل",
    ],
)
def test_unknown_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_jalali_leap_years() -> None:
    assert jalali_to_gregorian(1399, 12, 30) == D(2021, 3, 20)
    assert jalali_to_gregorian(1400, 1, 1) == D(2021, 3, 21)
    assert jalali_to_gregorian(1403, 1, 1) == D(2024, 3, 20)
    assert jalali_to_gregorian(1400, 12, 30) is None


def test_hijri_dates_are_plain_dates() -> None:
    found = parse_date("6 رمضان 1442")
    assert type(found) is dt.date  # not hijridate's subclass: stored and compared as a date
    assert hijri_to_gregorian(1446, 13, 1) is None
    assert hijri_to_gregorian(1600, 1, 1) is None


def test_hijri_package_is_not_imported_with_the_module() -> None:
    code = (
        "import sys, reader.sources.dates as d; "
        "assert 'hijridate' not in sys.modules; "
        "d.parse_date('18 أبريل 2021'); assert 'hijridate' not in sys.modules; "
        "d.parse_date('6 رمضان 1442'); assert 'hijridate' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_two_digit_year_line_is_kept_as_written() -> None:
    assert looks_like_date("نُشر: 25/04/18 20:45,  حُتلن: 09:54")
    assert not looks_like_date("نشر الوزير بيانا")


def test_date_line_in_html() -> None:
    page = (
        "<html><h1>logo</h1><div>menu</div><h1>عنوان الخبر</h1><div class=x>"
        "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)</div><p>نص</p></html>"
    )
    assert date_line_in_html(page) == "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)"
    assert date_line_in_html("<h1>عنوان</h1><p>نص بلا تاريخ 2013</p>") == ""
    assert date_line_in_html("<p>28 آب 2013</p>") == ""  # no heading: nothing is looked for
