"""The headline list's date words (pure): one style, in the interface's language.

Within the last day a time is said relative to `now` ("2 hours ago", "منذ ساعتين", "۲ ساعت
پیش"); older ones, and dates without a time, as day, month name and year ("18 April 2021",
"18 أبريل 2021", "۱۸ آوریل ۲۰۲۱"). The words come from the catalogs (the month names in the
context "month", the counted words in each language's plural forms: Arabic has six) and the
numbers are in the digits the interface uses. The date as the source wrote it stays in the
details pane.
"""

from __future__ import annotations

import datetime as dt

from reader.i18n import NC_, Translator

DAY = 24 * 3600
#: The months, English ids translated in the context "month" (`May` the month, not the verb).
MONTHS = (
    NC_("month", "January"),
    NC_("month", "February"),
    NC_("month", "March"),
    NC_("month", "April"),
    NC_("month", "May"),
    NC_("month", "June"),
    NC_("month", "July"),
    NC_("month", "August"),
    NC_("month", "September"),
    NC_("month", "October"),
    NC_("month", "November"),
    NC_("month", "December"),
)


def translator(language: str | Translator) -> Translator:
    """`language` as a Translator (a language code gets its usual digits)."""
    return language if isinstance(language, Translator) else Translator(language)


def date_words(
    when: float | None,
    date: dt.date | None,
    language: str | Translator,
    now: float,
    tz: dt.tzinfo | None = None,
) -> str:
    """The list's words for a headline's `when` (POSIX time) and written `date`; "" when it has
    neither. `language`: the interface's Translator (its digit setting followed), or a language
    code. `tz`: the zone days are counted in (None: the local one)."""
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


def month_name(month: int, language: str | Translator) -> str:
    """The name of `month` (1 to 12) in the interface's language."""
    return translator(language).context("month", MONTHS[month - 1])


def day_words(day: dt.date, language: str | Translator) -> str:
    """`18 April 2021`: day, month name and year, in the interface's language and digits."""
    tr = translator(language)
    return f"{tr.number(day.day)} {month_name(day.month, tr)} {tr.number(day.year)}"


def relative(seconds: int, language: str | Translator) -> str:
    """`seconds` ago (under a day) in words."""
    tr = translator(language)
    if seconds < 60:
        return tr("just now")
    if seconds < 3600:
        return tr.plural("{count} minute ago", "{count} minutes ago", seconds // 60)
    return tr.plural("{count} hour ago", "{count} hours ago", seconds // 3600)
