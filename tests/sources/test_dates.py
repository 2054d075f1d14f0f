"""Dates as Arabic, Persian, Hebrew and English sites print them; unknown stays unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.sources.dates import jalali_to_gregorian, parse_date

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
        "6 رمضان 1442",  # Hijri lunar: not in the table
        "6 رمضان 1442هـ",
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
