"""The command line in the user's language, shaped on a terminal, logical in a pipe.

`--ui`, else config.toml's `ui`, else the locale picks the language of `--help`, of argparse's
own words ("usage:", "error:", "unrecognized arguments", …) and of our messages; on a terminal
that does not shape, help, errors and `reader list`'s fields go through the engine; piped or
`--json`, the text stays logical and JSON does not change with the language.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import select
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import i18n
from reader.cli import VERBS, main
from reader.commands.language import argparse_words, choose, option_value
from reader.commands.shaped import Shaper, shaping_mode
from reader.text import prepare
from tests.support import reader_on_pty

ROOT = Path(__file__).resolve().parents[2]
TITLE = "خبر عاجل من بغداد"
LANGUAGES = ("en", "ar", "fa", "ur")


def _cli(language: str, message: str) -> str:
    return i18n.catalog(language, "cli").gettext(message)


def _visual(text: str) -> str:
    return prepare(text, bidi="app", fallback="ltr").lines(10_000)[0].text


@pytest.fixture(autouse=True)
def _english_afterwards(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No config.toml or locale of the machine running the tests; English again afterwards."""
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "READER_STATE"):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.use("en")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("verb", [*VERBS, "feeds add", None])
def test_every_verbs_help_is_in_the_language(
    capsys: pytest.CaptureFixture[str], verb: str | None, language: str
) -> None:
    words = [*(verb.split() if verb else []), "--ui", language, "--help"]
    code, out, _ = _run(capsys, *words)
    assert code == 0
    usage, options, help_word = (
        _cli(language, "usage: "),
        _cli(language, "options"),
        _cli(language, "show this help message and exit"),
    )
    assert out.startswith(usage) and f"\n{options}:\n" in out and help_word in out
    if language != "en":
        assert usage != "usage: " and "show this help message" not in out


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("words", "message", "value"),
    [
        (["list", "--bogus"], "unrecognized arguments: %s", "--bogus"),
        (["search"], "the following arguments are required: %s", "QUERY, PATH"),
        (["render", "x.txt", "--width"], "expected one argument", None),
        (
            ["render", "x.txt", "--harakat", "loud"],
            "invalid choice: %(value)r (choose from %(choices)s)",
            None,
        ),
        (["feeds", "jump"], "invalid choice: %(value)r (choose from %(choices)s)", None),
        (["refresh", "--json", "x"], "unrecognized arguments: %s", "x"),
    ],
)
def test_usage_errors_in_the_language(
    capsys: pytest.CaptureFixture[str],
    language: str,
    words: list[str],
    message: str,
    value: str | None,
) -> None:
    code, out, err = _run(capsys, *words, "--ui", language)
    assert code == 2 and out == ""
    said = _cli(language, message)
    shown = said % value if value is not None else said.split("%")[0]
    assert err.startswith(_cli(language, "usage: "))
    error = _cli(language, "%(prog)s: error: %(message)s\n").split("%(message)s")[0]
    assert error.replace("%(prog)s", "reader " + words[0]) in err
    assert shown.strip() in err, err


def test_argparse_keeps_its_own_words_outside_our_parsers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _run(capsys, "list", "--ui", "ar", "--bogus")
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_usage().startswith("usage: ")
    i18n.use("fa")
    with argparse_words():
        assert argparse.ArgumentParser(prog="x").format_usage().startswith(_cli("fa", "usage: "))


def test_the_language_is_the_command_line_then_config_then_the_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "fa_IR.UTF-8")
    assert _run(capsys, "list", "--help")[1].startswith(_cli("fa", "usage: "))
    config = tmp_path / "config.toml"
    config.write_text('ui = "ur"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert _run(capsys, "list", "--help")[1].startswith(_cli("ur", "usage: "))
    assert _run(capsys, "list", "--ui=ar", "--help")[1].startswith(_cli("ar", "usage: "))
    assert _run(capsys, "list", "--ui", "en", "--help")[1].startswith("usage: ")
    assert choose(["--ui", "xx"], {"LC_ALL": "ar_EG.UTF-8"}) == "ar"
    assert option_value(["--", "--ui", "ar"], "ui") is None


def test_our_messages_and_numbers_are_in_the_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "list", "--ui", "ar", str(tmp_path / "missing"))
    assert code == 2
    said = _cli("ar", "no such file or folder: {path}").split("{path}")[0]
    assert said != "no such file or folder: " and said in err
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TITLE}\n\nفقرة أولى فيها ست كلمات هنا.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "list", "--ui", "fa", str(folder))
    assert code == 0
    fields = out.rstrip("\n").split("\t")
    assert fields[0] == TITLE  # piped: logical
    assert fields[3] == i18n.localize_digits(
        str(int(fields[3].translate(_latin()))), "fa", "native"
    )
    assert not any(c.isascii() and c.isdigit() for c in fields[3])


def _latin() -> dict[int, int]:
    return str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def test_json_does_not_change_with_the_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TITLE}\n\nفقرة.\n", encoding="utf-8")
    outputs = [_run(capsys, "list", "--json", "--ui", lang, str(folder))[1] for lang in LANGUAGES]
    assert all(output == outputs[0] for output in outputs)
    assert json.loads(outputs[0])["articles"][0]["title"] == TITLE


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_shaping_is_for_terminals_that_do_not_reorder() -> None:
    assert shaping_mode(_Tty(False), "app") == "terminal"
    assert shaping_mode(_Tty(True), "terminal") == "terminal"
    assert shaping_mode(_Tty(True), "auto", {}) == "app"
    assert shaping_mode(_Tty(True), "auto", {"KONSOLE_VERSION": "230800"}) == "terminal"
    assert shaping_mode(_Tty(True), "app", {"KONSOLE_VERSION": "230800"}) == "app"


def test_rows_keep_their_fields_in_order_each_shaped() -> None:
    shaper = Shaper("app")
    assert shaper.fields(TITLE, "2021-04-18", "a.txt") == f"{_visual(TITLE)}\t2021-04-18\ta.txt"
    assert Shaper("terminal").fields(TITLE, "x") == f"{TITLE}\tx"


def test_help_columns_keep_options_left_and_rtl_text_right_aligned() -> None:
    shaper = Shaper("app", rtl=True)
    help_text = (
        "گزینه‌ها:\n  --json                یک شیء JSON چاپ کن\n                        ادامه\n"
    )
    lines = shaper.block(help_text, 60).split("\n")
    assert lines[0] == " " * (60 - len(_visual("گزینه‌ها:"))) + _visual("گزینه‌ها:")
    assert lines[1].startswith("  --json  ") and lines[1].endswith(_visual("یک شیء JSON چاپ کن"))
    assert len(lines[1]) == 60 and len(lines[2]) == 60 and lines[2].endswith(_visual("ادامه"))
    assert lines[3] == ""
    assert Shaper("terminal").block(help_text, 60) == help_text


def _in_pty(args: list[str], tmp_path: Path, **env: str) -> str:
    """What `reader ARGS` writes on a pseudo-terminal (stdout and stderr)."""
    config = str(tmp_path / "absent.toml")
    process, master = reader_on_pty(
        args, tmp_path, {"READER_CONFIG": config, "COLUMNS": "300", **env}
    )
    out = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            out.extend(data)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return out.decode("utf-8").replace("\r\n", "\n")


def test_list_on_a_terminal_is_shaped_and_logical_with_bidi_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TITLE}\n\nفقرة.\n", encoding="utf-8")
    shown = _in_pty(["list", "--ui", "ar", str(folder)], tmp_path)
    assert _visual(TITLE) in shown and TITLE not in shown
    logical = _in_pty(["list", "--bidi", "terminal", str(folder)], tmp_path)
    assert TITLE in logical


def test_help_and_errors_on_a_terminal_are_shaped(tmp_path: Path) -> None:
    description = _cli("ar", "Search articles in files and folders, with Arabic-aware matching.")
    shown = _in_pty(["search", "--ui", "ar", "--help"], tmp_path)
    assert _visual(description) in shown and description not in shown
    error = _in_pty(["search", "--ui", "ar", "--limit", "0", "x", "."], tmp_path)
    said = _cli("ar", "--limit must be at least 1")
    assert _visual(f"reader search: {said}") in error and said not in error
