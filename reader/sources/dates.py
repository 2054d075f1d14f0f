"""Dates as news sites print them, read with a month table (no dateparser: it misses نيسان).

`parse_date` either returns the exact date the text states or None; it never guesses. A numeric
date such as 04/05/2021 is read only when it is unambiguous (one of the first two numbers is over
12, or both are equal), because Arabic sites write D/M/Y and English ones often M/D/Y. Solar Hijri
dates with Persian month names (۲۹ فروردین ۱۴۰۰) are converted exactly to the Gregorian calendar;
lunar Hijri dates (20 جمادى أول 1446 هـ, 1427/4/9 هـ) by the Umm al-Qura calendar of the
`hijridate` package, imported only when a Hijri date is read. The written form is the article's
`date_text`, so both calendars can be shown. A line may hold the time, the time zone, or the Hijri
date after the Gregorian one; in a "... هـ - الموافق ... م" pair the Gregorian side wins.
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

# Lunar Hijri months, with the variants sites write (folded: ى/ي, ة/ه and hamza seats are one).
_HIJRI_NAMES: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول", "ربيع الاول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أول", "جمادى الاولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى آخر", "جمادى ثاني", "جمادى الثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

_MONTHS: dict[str, int] = {}
for _number, _names in _MONTH_NAMES.items():
    for _name in _names:
        _MONTHS[_norm(_name)] = _number
        if "\u05d0" <= _name[0] <= "\u05ea":
            _MONTHS[_norm("ב" + _name)] = _number  # Hebrew "in April": באפריל
_JALALI: dict[str, int] = {_norm(name): i for i, name in enumerate(_JALALI_NAMES, 1)}
_HIJRI: dict[str, int] = {_norm(n): m for m, names in _HIJRI_NAMES.items() for n in names}


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


# Labels sites put before the date, the weekday, and a publication name written before the
# weekday ("الصباح / الخميس، 13 نونبر 2025"): all are dropped, by patterns of their own
# (`_PUBLICATION`, `_prefix`), before the date patterns are tried.
_LABEL = (
    r"(?:(?:تاريخ\s+النشر|نشر\s+في|نشر|اخر\s+تحديث|تم\s+التحديث|تحديث|بتاريخ|published(?:\s+on)?"
    r"|updated(?:\s+on)?|posted(?:\s+on)?|on|date)\s*:?\s*)?"
)
_WEEKDAY = "(?:" + _alternation({_norm(w) for w in _WEEKDAYS}) + ")"
_PUBLICATION = r"[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*[/|–-]\s*"  # dropped if a weekday follows
_PREFIX = rf"(?:{_LABEL})(?:(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\.?\s*)?"

# A month name is matched as a word (two for "كانون الثاني", "جمادى الأولى", "ذو الحجة"), then
# looked up in the tables above: an alternation of every name, compiled into the patterns, took
# 6 ms of the reader's start-up.
_MONTH = (
    r"[^\W\d_]+(?![^\W\d_])"
    r"(?:\s+(?:الاول|الثاني|الاولي|الاخر|الاخره|الثانيه|اول|ثاني|اخر|القعده|الحجه)(?!\w))?\.?"
)
# The double style: "أبريل/ نيسان", "أبريل (نيسان)", "نيسان - أبريل".
_DOUBLE = rf"(?P<m1>{_MONTH})(?:\s*(?:/|-|–|\()\s*(?P<m2>{_MONTH})\s*\)?)?"
_SEP = r"\s*(?:[/–-]\s*)?"  # "18/نوفمبر/2023", "28 فبراير - 2025"
# The era after the year: "م" Gregorian, "هـ" (folded to "ه") Hijri.
_ERA = r"(?:\s*(?P<era>ميلاديه|ميلادي|م|هجريه|هجري|ه)(?![\u0621-\u064a]))?"
_YEAR = rf"(?P<y>\d{{4}}){_ERA}"
# What may follow the date on its line, each piece dropped: separators, times ("10:46 صـ",
# "الساعة 09 صباحاً", "T09:30:00Z"), time zones ("GMT+0400", "بتوقيت مكة", "(مكة المكرمة)"),
# "آخر تحديث", and a Hijri date after the Gregorian one (the Gregorian date wins).
_HIJRI_TAIL = (
    r"\d{1,2}\s*(?:[/–-]\s*)?[^\W\d_]+(?:\s+[^\W\d_]+)?\s*(?:[/–-]\s*)?\d{4}\s*(?:هجريه|هجري|ه)"
    r"|\d{4}/\d{1,2}/\d{1,2}\s*(?:هجريه|هجري|ه)"
)
_TAIL_PIECE = (
    r"[-–—|/.]|ـ"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"|الساعه\s+\d{1,2}(?![\d:])"
    r"|(?:am|pm|a\.m\.|p\.m\.|ص|م|صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا)(?![^\W\d_])"
    r"|(?:gmt|utc|z)?[+-]\d{2}:?\d{2}|gmt|utc|z(?![a-z])|t(?=\d)"
    r"|\([^()]{0,40}\)"
    r"|بتوقيت\s+[^\W\d_]+(?:\s+(?:المكرمه|المنوره|غرينتش|[a-z]+))?"
    r"|(?:اخر\s+تحديث|محدث|تحديث|توقيت|مكه\s+المكرمه|مكه|غرينتش|الساعه|at|في)(?![^\W\d_])"
    r"|[a-z]{2,5}(?![a-z])"
    rf"|{_HIJRI_TAIL}"
)
_END = rf"(?:\s*(?>{_TAIL_PIECE}))*+\s*$"

#: The date patterns, tried in this order. Each is compiled when first needed (`_pattern`), and
#: only those that can match the text's first character are tried: one that starts with a
#: letter (a month name) or those that start with a digit.
_SOURCES = (
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_SEP}(?:من\s+)?(?:of\s+)?{_DOUBLE}{_SEP}"
    rf"(?:سنه\s+|عام\s+)?{_YEAR}{_END}",
    rf"{_DOUBLE}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*{_YEAR}{_END}",
    rf"{_YEAR}(?P<s>[-/])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_ERA.replace('era', 'era2')}{_END}",
    rf"(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-]{_YEAR}{_END}",
)
_STARTS_WITH_DIGIT = (0, 2, 3)
_STARTS_WITH_LETTER = (1,)
# "... 1427/4/9 هـ - الموافق 8/5/2006 م": the two sides of a Hijri-Gregorian pair.
_AGREEING = re.compile(r"\s*[-–|/]?\s*\(?\s*(?:الموافق|الموافق\s+ل|الموافق\s+لـ|الموافقه)\s*:?\s*")


@cache
def _pattern(index: int) -> re.Pattern[str]:
    return re.compile(_SOURCES[index])


@cache
def _prefix() -> re.Pattern[str]:
    return re.compile(_PREFIX)  # compiled when first needed too


def _candidates(norm: str) -> tuple[int, ...]:
    """The patterns that can match `norm`: each begins with a digit (`\\d`) or a letter."""
    first = norm[:1]
    if first.isdecimal():
        return _STARTS_WITH_DIGIT
    if first.isalnum():
        return _STARTS_WITH_LETTER
    return ()


def _month_number(name: str) -> tuple[int, str] | None:
    """(month, calendar) for a normalized month name: calendar "g", "j" (Solar) or "h" (lunar)."""
    key = " ".join(name.rstrip(".").split())
    if key in _MONTHS:
        return _MONTHS[key], "g"
    if key in _JALALI:
        return _JALALI[key], "j"
    if key in _HIJRI:
        return _HIJRI[key], "h"
    return None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a lunar Hijri date by the Umm al-Qura calendar (years 1343-1500
    AH, the range it is tabulated for), or None."""
    from hijridate import Hijri  # imported here: start-up does not pay for it

    try:
        found = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(found.year, found.month, found.day)  # a plain date, not hijridate's subclass


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
    pair = _AGREEING.search(norm)
    if pair is not None:
        return _pair(_line(norm[: pair.start()]), _line(norm[pair.end() :]))
    found = _line(norm)
    return found if isinstance(found, dt.date) else None


class _Ambiguous(tuple[dt.date, dt.date]):
    """The two readings of a numeric date such as 8/5/2006 (D/M and M/D)."""


_NO_MATCH = object()


def _pair(hijri: object, gregorian: object) -> dt.date | None:
    """The date of a "... الموافق ..." pair: the Gregorian side, unless it is missing or
    ambiguous, where the other side decides (within two days: sighting and Umm al-Qura differ)."""
    if isinstance(gregorian, dt.date):
        return gregorian
    if not isinstance(hijri, dt.date):
        return None
    if isinstance(gregorian, _Ambiguous):
        near = [d for d in gregorian if abs((d - hijri).days) <= 2]
        return near[0] if len(near) == 1 else None
    return hijri if gregorian is _NO_MATCH else None


def _line(norm: str) -> dt.date | object | None:
    norm = norm.strip(" -–|/")
    publication = re.match(_PUBLICATION, norm)
    if publication is not None:
        after = _prefix().match(norm, publication.end())
        if after is not None and after.group("weekday"):
            norm = norm[publication.end() :]
    start = _prefix().match(norm)
    end = start.end() if start is not None else 0
    found = _parse(norm[end:])
    if found is _NO_MATCH and end:
        found = _parse(norm)  # what looked like a label or a weekday belongs to the date
    return found


def _parse(norm: str) -> dt.date | object | None:
    """The date `norm` states, None for a date that does not exist, an `_Ambiguous` pair of
    readings, or `_NO_MATCH` when no pattern reads it."""
    for index in _candidates(norm):
        match = _pattern(index).match(norm)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["y"])
        era = groups.get("era") or groups.get("era2") or ""
        hijri_era = era.startswith("ه")
        if groups.get("m1") is not None:
            first = _month_number(groups["m1"])
            second = _month_number(groups["m2"]) if groups.get("m2") else first
            if first is None or second is None:
                continue  # a word where the month goes that is no month name
            if first != second:
                return None  # the two names of a double date disagree
            month, calendar = first
            day = int(groups["d"])
            if calendar == "j":
                return jalali_to_gregorian(year, month, day) if 1200 <= year <= 1600 else None
            if calendar == "h":
                return None if era.startswith("م") else hijri_to_gregorian(year, month, day)
            return None if hijri_era else _valid(year, month, day)
        if groups.get("m") is not None:
            month, day = int(groups["m"]), int(groups["d"])
            return hijri_to_gregorian(year, month, day) if hijri_era else _valid(year, month, day)
        a, b = int(groups["a"]), int(groups["b"])
        convert = hijri_to_gregorian if hijri_era else _valid
        if a > 12 >= b or a == b:
            return convert(year, b, a)
        if b > 12 >= a:
            return convert(year, a, b)
        first_reading, second_reading = convert(year, b, a), convert(year, a, b)
        if first_reading is not None and second_reading is not None:
            return _Ambiguous((first_reading, second_reading))
        return None  # 04/05/2021: day and month cannot be told apart
    return _NO_MATCH


def looks_like_date(text: str) -> bool:
    """A short line with a four-digit year and a day number, or a "نشر:" label and numbers:
    a date line even if unreadable."""
    if len(text) > 120:
        return False
    norm = _norm(text)
    if len(norm) > 60 or len(norm.split()) > 8:
        return False
    if re.match(r"(?:نشر|تاريخ\s+النشر|published|posted)\s*:?\s*\d{1,4}[/.-]\d", norm):
        return True
    return bool(re.search(r"(?<!\d)\d{4}(?!\d)", norm)) and bool(
        re.search(r"(?<!\d)\d{1,2}(?!\d)", norm)
    )


def date_line_in_html(page: str) -> str:
    """The first short text just after a heading (`<h1>`) of the page that reads as a date, or
    "": for pages that print the date only in their text (CNN Arabic)."""
    import html

    for heading in list(re.finditer(r"<h1[\s>]", page, re.I))[:3]:
        part = page[heading.start() : heading.start() + 20_000]
        nodes = re.finditer(r">([^<>]{1,400})<", part)
        texts = (" ".join(html.unescape(m.group(1)).split()) for m in nodes)
        for count, line in enumerate(t for t in texts if t):
            if count >= 8:
                break
            if len(line) <= 200 and parse_date(line) is not None:
                return line
    return ""
