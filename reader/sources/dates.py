"""Dates as news sites print them, read with a month table (no dateparser: it misses نيسان).

`parse_date` either returns the exact date the text states or None; it never guesses. A numeric
date such as 04/05/2021 is read only when it is unambiguous (one of the first two numbers is over
12, or both are equal), because Arabic sites write D/M/Y and English ones often M/D/Y. Solar Hijri
dates with Persian month names (۲۹ فروردین ۱۴۰۰) are converted exactly to the Gregorian calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

_HARAKAT_AND_TATWEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ۍ": "ي",
        "ک": "ك",  # Persian keheh
        "ة": "ه",
        "ۀ": "ه",
        "ئ": "ي",
        "ؤ": "و",
        "\u00a0": " ",
        "\u202f": " ",
        "،": " ",
        ",": " ",
        "٫": " ",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian (Extended Arabic-Indic) digits
    }
)
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _norm(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _HARAKAT_AND_TATWEEL.sub("", text).translate(_FOLD).lower()
    return " ".join(text.split())


_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "جانفي", "ژانویه", "جنوری", "january", "jan", "ינואר"),
    2: ("فبراير", "شباط", "فيفري", "فوریه", "فروری", "february", "feb", "פברואר"),
    3: ("مارس", "آذار", "مارچ", "march", "mar", "מרץ", "מרס"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل", "آوریل", "اپریل", "april", "apr", "אפריל"),
    5: ("مايو", "أيار", "ماي", "مه", "مئی", "may", "מאי"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "ژوئن", "جون", "june", "jun", "יוני"),
    7: ("يوليو", "يوليه", "يوليوز", "تموز", "جويلية", "ژوئیه", "جولائی", "july", "jul", "יולי"),
    8: ("أغسطس", "آب", "أوت", "غشت", "اگست", "august", "aug", "אוגוסט"),
    9: ("سبتمبر", "أيلول", "شتنبر", "سپتامبر", "ستمبر", "september", "sep", "sept", "ספטמבר"),
    10: ("أكتوبر", "تشرين الأول", "اکتبر", "اکتوبر", "october", "oct", "אוקטובר"),
    11: ("نوفمبر", "تشرين الثاني", "نونبر", "نوامبر", "نومبر", "november", "nov", "נובמבר"),
    12: ("ديسمبر", "كانون الأول", "دجنبر", "دسامبر", "دسمبر", "december", "dec", "דצמבר"),
}
# Solar Hijri (Iranian) months: converted, not read as Gregorian.
_JALALI_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

_MONTHS: dict[str, int] = {}
for _number, _names in _MONTH_NAMES.items():
    for _name in _names:
        _MONTHS[_norm(_name)] = _number
        if "\u05d0" <= _name[0] <= "\u05ea":
            _MONTHS[_norm("ב" + _name)] = _number  # Hebrew "in April": באפריל
_JALALI: dict[str, int] = {_norm(name): i for i, name in enumerate(_JALALI_NAMES, 1)}


_WEEKDAYS = {
    *("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"),
    *("یکشنبه", "دوشنبه", "سه\u200cشنبه", "سهشنبه", "چهارشنبه", "پنجشنبه", "پنج\u200cشنبه"),
    *("جمعه", "شنبه", "اتوار", "پیر", "منگل", "بدھ", "جمعرات", "ہفتہ"),
    *("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"),
    *("sun", "mon", "tue", "wed", "thu", "fri", "sat"),
    *("יום ראשון", "יום שני", "יום שלישי", "יום רביעי", "יום חמישי", "יום שישי", "שבת"),
}


def _alternation(names: Iterable[str]) -> str:
    # Longest first, so "sunday" wins over "sun"; spaces inside names may vary.
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


# Labels sites put before the date, and the weekday: both are dropped, by a pattern of their
# own (`_PREFIX`), before the date patterns are tried.
_LABEL = (
    r"(?:(?:تاريخ\s+النشر|نشر\s+في|نشر|اخر\s+تحديث|تم\s+التحديث|تحديث|بتاريخ|published(?:\s+on)?"
    r"|updated(?:\s+on)?|posted(?:\s+on)?|on|date)\s*:?\s*)?"
)
_WEEKDAY = "(?:" + _alternation({_norm(w) for w in _WEEKDAYS}) + ")"
_PREFIX = re.compile(rf"(?:{_LABEL})(?:(?:يوم\s+)?{_WEEKDAY}\.?\s*)?")

# A month name is matched as a word (two for the Levantine "كانون الثاني" months), then looked
# up in the tables above: an alternation of every name, compiled into the patterns, took 6 ms
# of the reader's start-up.
_MONTH = r"[^\W\d_]+(?![^\W\d_])(?:\s+(?:الاول|الثاني))?\.?"
# The double style: "أبريل/ نيسان", "أبريل (نيسان)", "نيسان - أبريل".
_DOUBLE = rf"(?P<m1>{_MONTH})(?:\s*(?:/|-|–|\()\s*(?P<m2>{_MONTH})\s*\)?)?"
# The time after the date is dropped too.
_TIME = (
    r"(?:\s*(?:-|–|\||ـ|t|at|الساعه|في)?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?:am|pm|ص|م|صباحا|مساء|ظهرا))?"
    r"(?:\s*(?:z|gmt|utc|[+-]\d{2}:?\d{2}|\(?[a-z]{2,5}\)?|بتوقيت\s+\S+(?:\s+\S+)?))?)?"
)
_END = rf"{_TIME}\s*\.?$"
_YEAR = r"(?P<y>\d{4})(?:\s*م(?![\u0621-\u064a]))?"  # "2021م": the Gregorian year marker

#: The date patterns, tried in this order. Each is compiled when first needed (`_pattern`), and
#: only those that can match the text's first character are tried: one that starts with a
#: letter (a month name) or those that start with a digit.
_SOURCES = (
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:من\s+)?(?:of\s+)?{_DOUBLE}\s*(?:سنه\s+|عام\s+)?{_YEAR}{_END}",
    rf"{_DOUBLE}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*{_YEAR}{_END}",
    rf"{_YEAR}(?P<s>[-/])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_END}",
    rf"(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-]{_YEAR}{_END}",
)
_STARTS_WITH_DIGIT = (0, 2, 3)
_STARTS_WITH_LETTER = (1,)


@cache
def _pattern(index: int) -> re.Pattern[str]:
    return re.compile(_SOURCES[index])


def _candidates(norm: str) -> tuple[int, ...]:
    """The patterns that can match `norm`: each begins with a digit (`\\d`) or a letter."""
    first = norm[:1]
    if first.isdecimal():
        return _STARTS_WITH_DIGIT
    if first.isalnum():
        return _STARTS_WITH_LETTER
    return ()


def _month_number(name: str) -> tuple[int, bool] | None:
    """(month, is_jalali) for a normalized month name."""
    key = " ".join(name.rstrip(".").split())
    if key in _MONTHS:
        return _MONTHS[key], False
    if key in _JALALI:
        return _JALALI[key], True
    return None


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Solar Hijri date (the arithmetic 33-year rule), or None."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    days = (
        -355668
        + 365 * (year + 1595)
        + ((year + 1595) // 33) * 8
        + (((year + 1595) % 33) + 3) // 4
        + day
        + ((month - 1) * 31 if month < 7 else (month - 7) * 30 + 186)
    )
    # `days` counts from 1 January of the proleptic year 0 (a leap year of 366 days).
    try:
        result = dt.date(1, 1, 1) + dt.timedelta(days=days - 366)
    except OverflowError:
        return None
    if month == 12 and day == 30:
        following = jalali_to_gregorian(year + 1, 1, 1)
        if following is None or following <= result:
            return None  # 30 Esfand in a common year does not exist
    return result


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1000 <= year <= 2999:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The date a date line states, or None when it is not a date this table knows."""
    if len(text) > 200:
        return None
    norm = _norm(text)
    start = _PREFIX.match(norm)
    end = start.end() if start is not None else 0
    found = _parse(norm[end:])
    if found is _NO_MATCH and end:
        found = _parse(norm)  # what looked like a label or a weekday belongs to the date
    return found if isinstance(found, dt.date) else None


_NO_MATCH = object()


def _parse(norm: str) -> dt.date | object | None:
    """The date `norm` states, None for a date that does not exist (or is ambiguous), or
    `_NO_MATCH` when no pattern reads it."""
    for index in _candidates(norm):
        match = _pattern(index).match(norm)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["y"])
        if groups.get("m1") is not None:
            first = _month_number(groups["m1"])
            second = _month_number(groups["m2"]) if groups.get("m2") else first
            if first is None or second is None:
                continue  # a word where the month goes that is no month name
            if first != second:
                return None  # the two names of a double date disagree
            month, jalali = first
            day = int(groups["d"])
            if jalali:
                return jalali_to_gregorian(year, month, day) if 1200 <= year <= 1600 else None
            return _valid(year, month, day)
        if groups.get("m") is not None:
            return _valid(year, int(groups["m"]), int(groups["d"]))
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b or a == b:
            return _valid(year, b, a)
        if b > 12 >= a:
            return _valid(year, a, b)
        return None  # 04/05/2021: day and month cannot be told apart
    return _NO_MATCH


def looks_like_date(text: str) -> bool:
    """A short line with a four-digit year and a day number: a date line even if unreadable."""
    if len(text) > 120:
        return False
    norm = _norm(text)
    if len(norm) > 60 or len(norm.split()) > 8:
        return False
    return bool(re.search(r"(?<!\d)\d{4}(?!\d)", norm)) and bool(
        re.search(r"(?<!\d)\d{1,2}(?!\d)", norm)
    )
