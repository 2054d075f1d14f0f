"""The settings table: one definition that the command line, config.toml and the app all follow."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

import pytest

from reader.commands import tui
from reader.settings import (
    SETTINGS,
    BidiChoice,
    Choices,
    LayoutChoice,
    Resolved,
    UiLanguage,
    add_arguments,
    check_value,
    choices_from,
    language_from_environment,
    resolve,
)
from reader.text import Harakat

#: A value of each setting that is not its default, and a second one.
OTHER: dict[str, tuple[object, object]] = {
    "layout": ("ltr", "rtl"),
    "bidi": ("terminal", "app"),
    "ui": ("ar", "en"),
    "digits": ("native", "latin"),
    "harakat": ("strip", "keep"),
    "state": (Path("cli.db"), Path("config.db")),
    "urls": (Path("cli-urls"), Path("config-urls")),
    "refresh": (5, 0),
    "keep_items": (200, 50),
    "keep_days": (30, 7),
    "mark_read": ("never", "5"),
    "sources": ("hide", "show"),
    "sort": ("title", "source"),
    "list_width": (40, 60),
    "measure": (72, 0),
}


def test_the_table_and_the_records_name_the_same_settings() -> None:
    names = tuple(setting.name for setting in SETTINGS)
    assert names == Choices._fields == Resolved._fields
    assert set(OTHER) == set(names)


def test_the_choice_types_are_the_tables_values() -> None:
    table = {setting.name: setting.choices for setting in SETTINGS}
    assert table["layout"] == get_args(LayoutChoice)
    assert table["bidi"] == get_args(BidiChoice)
    assert set(table["ui"]) == set(get_args(UiLanguage))
    assert table["harakat"] == get_args(Harakat)  # the engine's own type
    assert table["state"] == table["urls"] == table["refresh"] == table["keep_days"] == ()


def test_the_toggles_are_declared_with_their_settings() -> None:
    toggles = {setting.name: setting.toggle for setting in SETTINGS if setting.toggle}
    assert toggles == {"layout": "L", "bidi": "d", "harakat": "h", "sources": "S", "sort": "O"}


def test_defaults_when_nothing_is_given() -> None:
    resolved = resolve(Choices(), Choices(), {"LANG": "ar_EG.UTF-8"})
    assert resolved == Resolved(
        layout="auto",
        bidi="auto",
        ui="ar",
        digits="auto",
        harakat="keep",
        state=None,
        urls=None,
        refresh=30,
        keep_items=0,
        keep_days=0,
        mark_read="2",
        sources="show",
        sort="date",
        list_width=0,
        measure=90,
    )
    assert resolve(Choices(), Choices(), {}).ui == "en"


@pytest.mark.parametrize("name", list(OTHER))
def test_the_command_line_wins_then_config_then_the_default(name: str) -> None:
    first, second = OTHER[name]  # `first` is not the default; the two differ
    environ = {"LANG": "C"}

    def resolved(cli: object, config: object) -> object:
        given = (Choices(**({} if value is None else {name: value})) for value in (cli, config))
        return getattr(resolve(*given, environ), name)  # type: ignore[arg-type]

    default = resolved(None, None)
    assert default != first and first != second
    assert resolved(first, second) == first
    assert resolved(second, first) == second
    assert resolved(None, first) == first
    assert resolved(None, second) == second
    assert resolved(first, None) == first


def test_the_language_follows_the_locale() -> None:
    assert language_from_environment({}) == "en"
    assert language_from_environment({"LANG": "ar_EG.UTF-8"}) == "ar"
    assert language_from_environment({"LANG": "ar_EG.UTF-8", "LC_ALL": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LC_ALL": "ar_SA.UTF-8", "LANG": "C"}) == "ar"
    assert language_from_environment({"LC_MESSAGES": "ar_JO", "LANG": "en_GB"}) == "ar"


def test_check_value_explains_in_one_line() -> None:
    assert check_value("layout", "ltr") is None
    assert check_value("state", "~/x.db") is None
    assert check_value("colour", "red") == "unknown key 'colour'"
    assert check_value("layout", "up") == "layout must be one of rtl, ltr, auto, not 'up'"
    assert check_value("harakat", 3) == "harakat must be one of keep, strip in quotes, not 3"
    assert check_value("state", True) == "state must be a path in quotes, not True"
    assert check_value("state", " ") == "state must be a path, not an empty string"


def test_choices_from_keeps_the_settings_only() -> None:
    values = {"layout": "ltr", "state": "s.db", "paths": [Path("x")], "width": 3, "ui": None}
    assert choices_from(values) == Choices(layout="ltr", state=Path("s.db"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_arguments(parser)
    return parser


def test_every_setting_reaches_argparse() -> None:
    parser = _parser()
    defaults = vars(parser.parse_args([]))
    help_text = " ".join(parser.format_help().split())
    for setting in SETTINGS:
        assert defaults[setting.name] is None
        assert " ".join(setting.help.split()) in help_text
        values = setting.choices or (("25", *setting.words) if setting.unit else ("x/y.db",))
        for value in values:
            parsed = vars(parser.parse_args([f"--{setting.name}", value]))[setting.name]
            if setting.unit:
                assert parsed == (value if setting.words else int(value))
            else:
                assert parsed == (value if setting.choices else Path(value))
        if setting.choices:
            with pytest.raises(argparse.ArgumentError):
                parser.parse_args([f"--{setting.name}", "no-such-value"])


def test_argparse_refuses_a_value_outside_the_table() -> None:
    parser = _parser()
    for setting in SETTINGS:
        if setting.choices:
            with pytest.raises(argparse.ArgumentError):
                parser.parse_args([f"--{setting.name}", "nonsense"])


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_parse_plain_and_argparse_agree_on_every_value(setting: object) -> None:
    assert hasattr(setting, "name")
    name: str = setting.name  # type: ignore[attr-defined]
    values: tuple[str, ...] = setting.choices or (  # type: ignore[attr-defined]
        ("25", *setting.words) if setting.unit else ("some/state.db",)  # type: ignore[attr-defined]
    )
    parser = argparse.ArgumentParser()
    tui.add_arguments(parser)
    for value in values:
        for argv in (["news", f"--{name}", value], [f"--{name}={value}", "news"]):
            plain = tui.parse_plain(argv)
            assert plain is not None, argv
            assert plain == tui.arguments_of(parser.parse_args(argv)), argv
            expected: object = value
            if setting.unit and not setting.words:  # type: ignore[attr-defined]
                expected = int(value)
            elif not setting.choices and not setting.unit:  # type: ignore[attr-defined]
                expected = Path(value)
            assert getattr(plain.choices, name) == expected


def test_minutes_are_whole_non_negative_numbers() -> None:
    assert check_value("refresh", 15) is None and check_value("refresh", "0") is None
    huge = (1_000_000_001, 99999999999999999999, "1000000001", "99999999999999999999")
    for bad in (-1, "ten", 1.5, True, "", *huge):
        assert "must be a whole number of minutes" in (check_value("refresh", bad) or ""), bad
    assert choices_from({"refresh": "7"}).refresh == 7
    assert check_value("keep_items", 1_000_000_000) is None
    assert check_value("keep_days", "99999999") is None
    parser = _parser()
    assert vars(parser.parse_args(["--refresh", "45"]))["refresh"] == 45
    with pytest.raises(argparse.ArgumentError):
        parser.parse_args(["--refresh", "soon"])
    assert tui.parse_plain(["--refresh", "soon"]) is None
    plain = tui.parse_plain(["--refresh", "12"])
    assert plain is not None and plain.choices.refresh == 12


def test_mark_read_takes_seconds_or_never_and_list_width_a_share() -> None:
    from reader.settings import mark_read_delay

    assert check_value("mark_read", "never") is None and check_value("mark_read", 0) is None
    assert "whole number of seconds or 'never'" in (check_value("mark_read", "soon") or "")
    assert mark_read_delay("never") is None and mark_read_delay("3") == 3.0
    assert choices_from({"mark_read": 4}).mark_read == "4"
    assert check_value("list_width", 0) is None and check_value("list_width", 80) is None
    for bad in (10, 81, "90"):
        assert "0 or a number from 20 to 80" in (check_value("list_width", bad) or ""), bad
    assert tui.parse_plain(["--list_width", "10"]) is None
    assert tui.parse_plain(["--mark_read", "never"]) is not None
