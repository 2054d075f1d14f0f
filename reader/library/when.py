"""The headline list's date words (pure): one style, in the interface's language.

Within the last day a time is said relative to `now` ("2 hours ago", "منذ ساعتين"); older
ones, and dates without a time, as day, month name and year ("18 April 2021",
"18 أبريل 2021"). The date as the source wrote it stays in the details pane.
"""

from __future__ import annotations

import datetime as dt

DAY = 24 * 3600
MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}
#: Arabic counted nouns: (one, two, three to ten, eleven and more).
_AR_UNITS = {
    "minute": ("دقيقة", "دقيقتين", "دقائق", "دقيقة"),
    "hour": ("ساعة", "ساعتين", "ساعات", "ساعة"),
}


def date_words(
    when: float | None,
    date: dt.date | None,
    language: str,
    now: float,
    tz: dt.tzinfo | None = None,
) -> str:
    """The list's words for a headline's `when` (POSIX time) and written `date`; "" when it has
    neither. `tz`: the zone days are counted in (None: the local one)."""
    if when is not None:
        moment = dt.datetime.fromtimestamp(when, tz)
        if date is None or moment.date() == date:
            age = now - when
            if 0 <= age < DAY:
                return relative(int(age), language)
            return day_words(moment.date(), language)
    if date is not None:
        return day_words(date, language)
    return ""


def day_words(day: dt.date, language: str) -> str:
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def relative(seconds: int, language: str) -> str:
    """`seconds` ago (under a day) in words."""
    if seconds < 60:
        return "الآن" if language == "ar" else "just now"
    unit, count = ("minute", seconds // 60) if seconds < 3600 else ("hour", seconds // 3600)
    if language == "ar":
        one, two, few, many = _AR_UNITS[unit]
        if count == 1:
            return f"منذ {one}"
        if count == 2:
            return f"منذ {two}"
        return f"منذ {count} {few if count <= 10 else many}"
    return f"{count} {unit}{'' if count == 1 else 's'} ago"
