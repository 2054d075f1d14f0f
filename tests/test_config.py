"""config.toml: every problem reported with its line, a toggle's write keeps the user's file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.config import (
    Loaded,
    UnusableConfig,
    default_config_path,
    key_line,
    load_config,
    save_setting,
)
from reader.settings import Choices
from tests.support import run_python

USER_FILE = """\
# my reader settings
layout = "ltr"   # the list on the left

colour = "green"  # not the reader's: kept anyway
[theme]
name = "dark"
"""


def test_no_file_is_no_settings_and_no_problem(tmp_path: Path) -> None:
    assert load_config(None) == Loaded()
    assert load_config(tmp_path / "absent.toml") == Loaded()


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'layout = "ltr"\nbidi = "terminal"\nui = "ar"\nharakat = "strip"\nstate = "s.db"\n', "utf-8"
    )
    assert load_config(path) == Loaded(
        Choices(layout="ltr", bidi="terminal", ui="ar", harakat="strip", state=Path("s.db"))
    )


def test_bad_keys_and_values_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# comment\nlayout = "up"\nbidi = "app"\n"colour" = "red"\nharakat = 3\n[extra]\nx = 1\n',
        "utf-8",
    )
    loaded = load_config(path)
    assert loaded.choices == Choices(bidi="app")  # the good line is still used
    assert loaded.problems == (
        f"{path}:2: layout must be one of rtl, ltr, auto, not 'up'",
        f"{path}:4: unknown key 'colour'",
        f"{path}:5: harakat must be one of keep, strip in quotes, not 3",
        f"{path}:6: unknown key 'extra'",
    )


def test_invalid_toml_gives_the_defaults_and_one_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('layout = "ltr"\n\nbidi = [unclosed\n', "utf-8")
    loaded = load_config(path)
    assert loaded.choices == Choices()
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(f"{path}:3: not valid TOML: ")
    assert loaded.problems[0].endswith("; the defaults are used")


def test_key_line_finds_plain_quoted_dotted_and_table_keys() -> None:
    text = 'a = 1\n  "b" = 2\nc.d = 3\n[e]\n[[f]]\ng=1\n'
    assert [key_line(text, key) for key in "abcefg"] == [1, 2, 3, 4, 5, 6]
    assert key_line(text, "zz") is None
    assert key_line("ab = 1\nb = 2\n", "b") == 2  # not the end of another key
    assert key_line('x = 1\n"k\\u0065y" = 2\n', "key") == 2  # spelled with an escape


def test_default_path_honours_the_override_and_xdg(tmp_path: Path) -> None:
    assert default_config_path({"READER_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
    path = default_config_path({})
    assert path.name == "config.toml" and path.parent.name == "reader"


# --- writing ---------------------------------------------------------------------------------


def test_a_save_keeps_comments_order_blank_lines_and_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, "utf-8")
    save_setting(path, "layout", "rtl")
    save_setting(path, "bidi", "terminal")
    text = path.read_text("utf-8")
    assert text == (
        "# my reader settings\n"
        'layout = "rtl"   # the list on the left\n'
        "\n"
        'colour = "green"  # not the reader\'s: kept anyway\n'
        'bidi = "terminal"\n'  # a new key goes after the other top-level keys
        "\n"
        "[theme]\n"
        'name = "dark"\n'
    )
    assert load_config(path).choices == Choices(layout="rtl", bidi="terminal")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no temporary left


def test_a_save_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_setting(path, "harakat", "strip")
    assert load_config(path) == Loaded(Choices(harakat="strip"))


def test_a_hand_edit_is_read_at_the_next_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_setting(path, "bidi", "terminal")
    path.write_text(path.read_text("utf-8").replace("terminal", "app"), "utf-8")
    assert load_config(path).choices.bidi == "app"


def test_a_save_through_a_symlink_writes_the_linked_file(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "reader.toml"
    real.parent.mkdir()
    real.write_text("# mine\n", "utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_setting(link, "layout", "ltr")
    assert link.is_symlink()
    assert real.read_text("utf-8") == '# mine\nlayout = "ltr"\n'


@pytest.mark.parametrize(
    "content", [b"bidi = [unclosed", b"\xff\xfe\x00", b"x = " + b"[" * 100_000]
)
def test_an_unusable_file_is_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    with pytest.raises(UnusableConfig):
        save_setting(path, "bidi", "app")
    assert path.read_bytes() == content


def test_a_value_outside_the_table_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    for name, value in (("bidi", "sideways"), ("colour", "red")):
        with pytest.raises(ValueError, match=name):
            save_setting(path, name, value)
    assert not path.exists()


def test_save_refuses_a_file_inside_an_article_folder(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    link = home / "config.toml"
    link.symlink_to(articles / "config.toml")  # READER_CONFIG pointing into the folder
    for path in (articles / "config.toml", link, articles / "deep" / "config.toml"):
        with pytest.raises(PermissionError):
            save_setting(path, "bidi", "terminal", article_folders=[articles])
    assert sorted(p.name for p in articles.iterdir()) == []
    save_setting(home / "other.toml", "bidi", "terminal", article_folders=[articles])
    assert load_config(home / "other.toml").choices == Choices(bidi="terminal")


# --- hostile settings files (issue #9, case 9) -----------------------------------------------


def test_a_deeply_nested_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("bidi = " + "[" * 100_000 + "\n", encoding="utf-8")
    loaded = load_config(path)
    assert loaded.choices == Choices()
    assert len(loaded.problems) == 1 and "the defaults are used" in loaded.problems[0]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\xff" * 1000, "not UTF-8"),
        (b'bidi = "app"\n' + b"# padding\n" * 8000, "larger than 64 KB"),
        (b"bidi = [unclosed", "not valid TOML"),
    ],
)
def test_unusable_files_are_said_once(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    loaded = load_config(path)
    assert loaded.choices == Choices()
    assert len(loaded.problems) == 1 and reason in loaded.problems[0]
    assert loaded.problems[0].startswith(str(path))


def test_a_fifo_never_blocks_the_start(tmp_path: Path) -> None:
    """A FIFO as config.toml blocked start-up forever (nobody writes to it): checked in a child
    with a generous timeout, so a hang fails the test instead of hanging the suite."""
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    code = (
        "import json, sys; from pathlib import Path; from reader.config import load_config; "
        "loaded = load_config(Path(sys.argv[1])); "
        "print(json.dumps([loaded.choices, loaded.problems]))"
    )
    result = run_python(code, str(fifo))
    assert result.returncode == 0, result.stderr
    choices, problems = json.loads(result.stdout)
    assert choices == [None] * len(Choices._fields)
    assert len(problems) == 1 and "not a regular file" in problems[0]
