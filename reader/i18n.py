"""The interface's own words, in English, Arabic, Persian and Urdu, from gettext catalogs.

The message ids are the English texts themselves. Translations live in `.po` files a translator
can edit (`reader/locale/<language>/LC_MESSAGES/<domain>.po`), compiled to the `.mo` files read
here by the standard library's `gettext`; `python -m tests.i18n.catalogs` (`make catalogs`)
extracts the ids from the source with Babel, updates every `.po` and compiles it, and
`tests/i18n` checks that every id has a translation in every catalog, that placeholders match
and that each `.mo` is current. Two domains: `reader` (the app, the help, the library's and the
sources' messages) and `cli` (the command line, argparse's own words included), which falls back
to `reader`.

Strings are marked for extraction by the call that translates them: `_()`, `ngettext()`,
`pgettext()`, a `Translator` called (`tr(...)`, `self.t(...)`) or its `.visual(...)`. A string
declared in a table and translated later is marked with `N_()`, which returns it unchanged
(`NC_(context, message)` when it is translated in a context).

Translated strings are logical text: `Translator.visual` sends them through the same engine as
the articles, so they are shaped and ordered in `app` bidi mode and left logical in `terminal`
mode. Numbers given as values are written in the language's digits when the digit setting says
so (Persian ۰–۹ by default, Arabic ٠–٩ when asked). Pure Python: no Textual import; the engine
is imported on first use of `visual`.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from reader.settings import UiLanguage

LOCALE_DIR = Path(__file__).with_name("locale")
#: The interface languages, English first (the message ids themselves).
LANGUAGES: tuple[UiLanguage, ...] = ("en", "ar", "fa", "ur")
RTL_LANGUAGES = frozenset({"ar", "fa", "ur"})
DOMAINS = ("reader", "cli")

DigitStyle = Literal["latin", "native"]
#: The digit setting: `auto` is the language's usual digits (Persian's own, Western otherwise).
DigitChoice = Literal["auto", "latin", "native"]
DIGIT_CHOICES: tuple[str, ...] = get_args(DigitChoice)

#: Each language's own digits: Arabic-Indic for Arabic, Extended Arabic-Indic for Persian and
#: Urdu (the same code points; Urdu fonts draw some differently).
NATIVE_DIGITS = {
    "ar": "٠١٢٣٤٥٦٧٨٩",
    "fa": "۰۱۲۳۴۵۶۷۸۹",
    "ur": "۰۱۲۳۴۵۶۷۸۹",
}
#: Where the language usually writes its own digits when the setting is `auto`.
NATIVE_BY_DEFAULT = frozenset({"fa"})
COMMAS = {"en": ", ", "ar": "، ", "fa": "، ", "ur": "، "}


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark `message` for extraction in `context` (translated later with `pgettext`)."""
    return message


@lru_cache(maxsize=16)
def catalog(language: str, domain: str = "reader") -> gettext.NullTranslations:
    """The translations of one language and domain (`cli` falls back to `reader`); English and
    an unknown language get the ids back unchanged."""
    if language not in RTL_LANGUAGES:
        return gettext.NullTranslations()
    found = gettext.translation(domain, LOCALE_DIR, [language], fallback=True)
    if domain != "reader":
        found.add_fallback(catalog(language, "reader"))
    return found


def digit_style(language: str, choice: str = "auto") -> DigitStyle:
    """The digits numbers are written in, for a language and the `digits` setting."""
    if language not in NATIVE_DIGITS:
        return "latin"
    if choice == "auto":
        return "native" if language in NATIVE_BY_DEFAULT else "latin"
    return "native" if choice == "native" else "latin"


@lru_cache(maxsize=8)
def _digit_table(language: str) -> dict[int, int]:
    return str.maketrans("0123456789", NATIVE_DIGITS[language])


def localize_digits(text: str, language: str, style: DigitStyle) -> str:
    """`text` with its ASCII digits written in the language's own, when `style` is native."""
    if style != "native" or language not in NATIVE_DIGITS:
        return text
    return text.translate(_digit_table(language))


class _Active:
    language: str = "en"
    digits: DigitStyle = "latin"


def use(language: str, digits: str = "auto") -> None:
    """Make `language` the one `_()` and `ngettext()` translate into (the command line sets it
    once, from `--ui`, before it builds its parser; the app from its settings)."""
    _Active.language = language if language in LANGUAGES else "en"
    _Active.digits = digit_style(_Active.language, digits)


def active_language() -> str:
    return _Active.language


def _(message: str, domain: str = "reader") -> str:
    """`message` in the active language (logical text)."""
    # gettext's empty id is the catalog's header, never a message.
    return catalog(_Active.language, domain).gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int, domain: str = "reader") -> str:
    """The form of a counted message for `count` in the active language (Arabic has six)."""
    return catalog(_Active.language, domain).ngettext(singular, plural, count)


def pgettext(context: str, message: str, domain: str = "reader") -> str:
    """`message` in the active language, for a context that tells apart a word's senses."""
    return catalog(_Active.language, domain).pgettext(context, message)


def reason(text: str) -> str:
    """A failure reason (English, as the sources keep it) in the active language
    (`Translator.reason`)."""
    return Translator(_Active.language, digits=_Active.digits).reason(text)


def number(value: int | float | str) -> str:
    """A number in the active language's digits."""
    return localize_digits(str(value), _Active.language, _Active.digits)


@lru_cache(maxsize=2048)
def _visual(text: str, bidi: str) -> str:
    from reader.text import prepare  # the engine, on first use (not at start-up)

    mode: Literal["app", "terminal"] = "terminal" if bidi == "terminal" else "app"
    lines = prepare(text, bidi=mode, fallback="ltr").lines(10_000)
    return " ".join(line.text for line in lines)


class Translator:
    """Looks words up for one interface language, bidi mode and digit style."""

    def __init__(self, language: UiLanguage | str, bidi: str = "app", digits: str = "auto") -> None:
        self.language: str = language if language in LANGUAGES else "en"
        self.bidi = bidi
        self.digits: DigitStyle = digit_style(self.language, digits)
        self._catalog = catalog(self.language)

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def comma(self) -> str:
        """The language's list separator, with its space (`، ` in Arabic, Persian and Urdu)."""
        return COMMAS.get(self.language, ", ")

    def join(self, items: Iterable[str]) -> str:
        return self.comma.join(items)

    def number(self, value: int | float | str) -> str:
        return localize_digits(str(value), self.language, self.digits)

    def _values(self, values: dict[str, object]) -> dict[str, object]:
        if self.digits != "native":
            return values
        return {
            name: self.number(value)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
            for name, value in values.items()
        }

    def __call__(self, key: str, **values: object) -> str:
        """The logical text for `key`, formatted with `values` (numbers in the language's
        digits)."""
        text = self._catalog.gettext(key) if key else key  # "" is the catalog's header
        return text.format(**self._values(values)) if values else text

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form for `count` of a counted message, formatted with `count` and `values`."""
        text = self._catalog.ngettext(singular, plural, count)
        return text.format(**self._values({"count": count, **values}))

    def context(self, context: str, key: str, **values: object) -> str:
        """`key` in one of its senses (`tr.context("month", "May")`)."""
        text = self._catalog.pgettext(context, key)
        return text.format(**self._values(values)) if values else text

    def reason(self, text: str) -> str:
        """A failure reason or warning (English, as the sources and feeds keep it) in the
        interface's language: a message id translated, a reason with values through its
        template (`reader.reasons`), anything else as it is."""
        if not text or self.language == "en":
            return text
        exact = self._catalog.gettext(text)
        if exact != text:
            return exact
        from reader.reasons import match  # on the first failure shown, not at start-up

        found = match(text)
        if found is None:
            return text
        template, values = found
        shown = {
            name: self.number(value) if value.isdigit() else self._catalog.gettext(value)
            for name, value in values.items()
        }
        return self._catalog.gettext(template).format(**shown)

    def visual(self, key: str, **values: object) -> str:
        """`key` translated and made ready for the terminal (one line, display order)."""
        return self.display(self(key, **values))

    def display(self, text: str) -> str:
        """Any logical one-line text made ready for the terminal through the engine."""
        return _visual(text, self.bidi)
