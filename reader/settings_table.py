"""Every setting of the reader, declared once: its name, allowed values, default and help.

The table only; `reader.settings` reads it (the command line, config.toml, the precedence, the
checks). Help texts and units are marked for the catalogs and translated where they are shown
(`reader.settings.add_arguments`, `reader.settings.check_value`, given a gettext function).
"""

from __future__ import annotations

from typing import NamedTuple


def N_(message: str) -> str:
    """Mark `message` for the catalogs (as `reader.i18n.N_`, which this module cannot import:
    `reader.i18n` names this module's types); it is translated where it is shown."""
    return message


#: What each whole-number setting counts, for the messages (marked for the catalogs).
UNITS = {
    "minutes": N_("minutes"),
    "items": N_("items"),
    "days": N_("days"),
    "seconds": N_("seconds"),
    "percent": N_("percent"),
    "cells": N_("cells"),
}


class Setting(NamedTuple):
    """One setting: `--name VALUE` on the command line and `name = "VALUE"` in config.toml."""

    name: str
    #: The allowed values; empty for a path.
    choices: tuple[str, ...]
    #: The default value; None when it comes from the environment (`ui`, `state`).
    default: str | None
    #: The command line's help.
    help: str
    #: The key that changes it while the reader runs (and saves it in config.toml), if any.
    toggle: str | None = None
    #: For a whole number rather than a choice or a path: what it counts ("minutes", "items").
    unit: str | None = None
    #: Words a whole-number setting also takes (`mark_read = "never"`); such a setting's value
    #: stays a string ("2", "never").
    words: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "layout",
        ("rtl", "ltr", "auto"),
        "auto",
        N_(
            "pane order: list on the right (rtl) or left (ltr); auto: as most articles read "
            "(default: config.toml, else auto)"
        ),
        toggle="L",
    ),
    Setting(
        "bidi",
        ("app", "terminal", "auto"),
        "auto",
        N_(
            "who shapes and reorders: the reader (app) or the terminal; "
            "default: config.toml, else auto (terminal in Konsole, else app)"
        ),
        toggle="d",
    ),
    Setting(
        "ui",
        ("ar", "fa", "ur", "en"),
        None,
        N_(
            "interface language: Arabic, Persian, Urdu or English (default: config.toml, else "
            "from LC_ALL/LC_MESSAGES/LANG)"
        ),
    ),
    Setting(
        "digits",
        ("auto", "latin", "native"),
        "auto",
        N_(
            "the interface's digits: the language's own (native: ٠١٢ in Arabic, ۰۱۲ in Persian "
            "and Urdu) or 0-9 (latin); auto: Persian's own, else 0-9 (default: auto)"
        ),
    ),
    Setting(
        "harakat",
        ("keep", "strip"),
        "keep",
        N_("show or hide Arabic short vowels (harakat); default: config.toml, else keep"),
        toggle="h",
    ),
    Setting(
        "state",
        (),
        None,
        N_(
            "reading-state database (default: config.toml, else $READER_STATE, else the XDG "
            "state dir)"
        ),
    ),
    Setting(
        "urls",
        (),
        None,
        N_(
            "the subscriptions file, newsboat's format (default: config.toml, else $READER_URLS, "
            "else the XDG config dir's reader/urls)"
        ),
    ),
    Setting(
        "refresh",
        (),
        "30",
        N_(
            "refresh the feeds every N minutes: at start when the last refresh is older, and while "
            "the reader is open; 0: only with r/R (default: config.toml, else 30)"
        ),
        unit="minutes",
    ),
    Setting(
        "keep_items",
        (),
        "0",
        N_(
            "per feed, keep at most N read items (unread and bookmarked ones are always kept); "
            "0: keep every item (default: config.toml, else 0)"
        ),
        unit="items",
    ),
    Setting(
        "keep_days",
        (),
        "0",
        N_(
            "drop read items older than N days (unread and bookmarked ones are always kept); "
            "0: keep every item (default: config.toml, else 0)"
        ),
        unit="days",
    ),
    Setting(
        "mark_read",
        (),
        "2",
        N_(
            "an article shown becomes read after N seconds on screen (0: at once; never: only "
            "with u); scrolling it or opening it with Enter reads it at once (default: 2)"
        ),
        unit="seconds",
        words=("never",),
    ),
    Setting(
        "sources",
        ("show", "hide"),
        "show",
        N_("the sources pane: all, unread, bookmarked, each feed and folder (default: show)"),
        toggle="S",
    ),
    Setting(
        "sort",
        ("date", "title", "source", "name"),
        "date",
        N_(
            "the headline list's order: newest first, by title, by source, or by file name "
            "(default: date)"
        ),
        toggle="O",
    ),
    Setting(
        "list_width",
        (),
        "0",
        N_(
            "the headline list's share of the screen's width in percent (20 to 80); 0: as much as "
            "the titles need (default: 0)"
        ),
        unit="percent",
    ),
    Setting(
        "measure",
        (),
        "90",
        N_(
            "the longest body line in cells; a wider article pane centres its text "
            "(0: as wide as the pane; default: 90)"
        ),
        unit="cells",
    ),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
