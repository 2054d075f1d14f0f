"""The interface's words: language from the locale, Arabic shaped by the engine."""

from __future__ import annotations

from reader.i18n import Translator, catalog
from reader.text import prepare
from reader.ui.bindings import HELP_BINDINGS, LIST_BINDINGS, SCREEN_BINDINGS


def test_every_key_description_has_a_translation_in_every_language() -> None:
    for language in ("ar", "fa", "ur"):
        translations = catalog(language)
        for binding in (*SCREEN_BINDINGS, *LIST_BINDINGS, *HELP_BINDINGS):
            assert translations.gettext(binding.description) != binding.description, (
                language,
                binding.description,
            )


def test_arabic_is_shaped_in_app_mode_and_logical_in_terminal_mode() -> None:
    tr = Translator("ar", "app")
    assert tr("Quit") == "خروج"
    assert tr.visual("Quit") == prepare("خروج").lines(100)[0].text
    assert tr.visual("Quit") != "خروج"
    assert Translator("ar", "terminal").visual("Quit") == "خروج"


def test_english_is_unchanged_and_placeholders_are_filled() -> None:
    tr = Translator("en")
    assert tr.visual("Quit") == "Quit"
    assert tr("Scanning… {count}", count=3) == "Scanning… 3"
    assert Translator("ar").plural("{count} min", "{count} min", 2) == "دقيقتان"
    assert Translator("ar").plural("{count} min", "{count} min", 5) == "5 دقائق"
    assert Translator("ar", digits="native").plural("{count} min", "{count} min", 15) == "١٥ دقيقة"


def test_untrusted_values_in_messages_cannot_reach_the_terminal_raw() -> None:
    tr = Translator("en")
    shown = tr.visual(
        "Cannot read {name}: {reason}", name="a\x1b]52;c;SGVsbG8=\x07.txt", reason="x"
    )
    assert "\x1b" not in shown and "\x07" not in shown
