"""Hostile file names: nothing a name carries reaches the terminal raw (issue #9, case 5).

A file name may hold escape sequences (OSC 0 sets the window title, OSC 52 the clipboard), C1
controls (U+009B is CSI), bidi overrides that disguise an extension, or thousands of combining
marks piled onto one letter. Every verb quotes names in its output and its messages, argparse
quotes the command line in its errors, and the TUI shows them: each is checked here, in-process
and on a pseudo-terminal, for the bytes of the injected sequences.
"""

from __future__ import annotations

import json
import pty
import re
import unicodedata
from pathlib import Path

import pytest

from reader.cli import main
from reader.model import Article
from reader.text import render_lines
from reader.text.sanitize import MAX_MARKS
from tests.hostile import run_tui

#: The issue's name: OSC 0 (window title) and OSC 52 (clipboard: base64 of "PWNED").
OSC_NAME = "e\x1b]0;PWN\x07\x1b]52;c;UFdORUQ=\x07.txt"
C1_NAME = "c\u009b31m\u0085.txt"
RLO_NAME = "live-rlo\u202etxt.exe.txt"
#: As many marks as a file name can hold (255 bytes, two per U+0301).
MARKS_NAME = "z" + "\u0301" * 120 + ".txt"
HOSTILE_NAMES = (OSC_NAME, C1_NAME, RLO_NAME, MARKS_NAME)

#: Bytes of the injected sequences that must never be written, in any stream. (ESC and BEL are
#: checked apart: the TUI writes sequences of its own, OSC 22 ending in BEL among them.)
FORBIDDEN = (b"\x1b]0;PWN", b"\x1b]52", b"UFdORUQ", b"PWN", b"\xc2\x9b", b"\xc2\x85")
_MARK_PILE = re.compile(f"\u0301{{{MAX_MARKS + 1},}}")


def assert_clean(text: str) -> None:
    """No ESC, BEL, C1 control, bidi control or pile of marks in text meant for a terminal."""
    bad = [c for c in text if c in "\x1b\x07" or "\x80" <= c <= "\x9f" or c in "\u202a\u202e"]
    assert not bad, (bad, text[-2000:])
    assert not _MARK_PILE.search(text), "more than MAX_MARKS marks on one letter"


def assert_clean_json(value: object) -> None:
    """Every string of a decoded JSON document is clean (what `jq -r` would print)."""
    if isinstance(value, str):
        assert_clean(value)
        assert not any(unicodedata.category(c) == "Cc" for c in value), value
    elif isinstance(value, list):
        for item in value:
            assert_clean_json(item)
    elif isinstance(value, dict):
        for item in value.values():
            assert_clean_json(item)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    assert_clean(captured.out)
    assert_clean(captured.err)
    return code, captured.out, captured.err


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of readable articles under every hostile name, two of them without a title."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (folder / name).write_text("Title\n\nSome words in the body of x.\n", encoding="utf-8")
    (folder / f"{OSC_NAME}.json").write_text('{"body": "x untitled"}', encoding="utf-8")
    (folder / f"{MARKS_NAME}.md").write_text("+++\n+++\n\nx untitled\n", encoding="utf-8")
    (folder / "lang.json").write_text(
        json.dumps({"title": "t", "language": "\x1b]52;c;UFdORUQ=\x07ar\u009b", "body": "x"}),
        encoding="utf-8",
    )
    return folder


# --- messages that quote a path -----------------------------------------------------------


@pytest.mark.parametrize("name", [OSC_NAME, C1_NAME, RLO_NAME, MARKS_NAME])
def test_render_names_a_missing_or_unreadable_file_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    missing = tmp_path / name
    code, out, err = _run(capsys, "render", str(missing))
    assert (code, out) == (1, "")
    assert err.startswith(f"reader render: {tmp_path}/") and "no such file" in err
    missing.write_bytes(b"")
    code, out, err = _run(capsys, "render", str(missing))
    assert (code, out) == (1, "") and err.endswith(": empty file\n")


def test_the_readers_start_up_errors_name_files_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, OSC_NAME)
    assert (code, err) == (2, "reader: no such file or folder: e.txt\n")
    Path(OSC_NAME).write_bytes(b"")
    code, _, err = _run(capsys, OSC_NAME)
    assert (code, err) == (2, "reader: cannot read e.txt: empty file\n")
    Path(C1_NAME).write_bytes(b"")
    code, _, err = _run(capsys, OSC_NAME, C1_NAME)
    assert code == 2 and err.startswith("reader: nothing readable in e.txt, c.txt (supported:")


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "a", "b", OSC_NAME],  # unrecognized arguments
        ["render", "--bidi", OSC_NAME, "a"],  # invalid choice
        ["render", "--width", OSC_NAME, "a"],  # a type's error
        ["list", "--json", "--bogus", OSC_NAME, "x"],
        ["search", "--limit", MARKS_NAME, "q", "x"],
        ["--bidi", C1_NAME],  # the reader's own parser
        ["x", f"--{OSC_NAME}"],
        [MARKS_NAME, "--ui", RLO_NAME],
        ["a", "--state"],  # a missing value
    ],
)
def test_argparse_errors_are_cleaned(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("usage: reader") and "error: " in err


def test_unrecognized_arguments_are_quoted_without_their_escapes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, err = _run(capsys, "render", "a", "b", OSC_NAME)
    assert err.endswith("reader render: error: unrecognized arguments: b e.txt\n")


@pytest.mark.parametrize(
    "argv", [["--help"], ["render", "--help"], ["list", "-h"], ["search", "-h"]]
)
def test_help_is_printed_whole(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.startswith("usage: reader") and "\n\noptions:\n" in out


def test_render_shows_the_name_an_untitled_article_falls_back_to_safely(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "render", str(hostile / f"{OSC_NAME}.json"), "--width", "30")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].strip() == "e.txt"


# --- listings --------------------------------------------------------------------------------


def test_list_quotes_every_name_safely(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "list", str(hostile))
    assert (code, err) == (0, "")
    paths = sorted(line.split("\t")[-1] for line in out.splitlines())
    shown = ["c.txt", "e.txt", "e.txt.json", "lang.json", "live-rlotxt.exe.txt"]
    shown += ["z" + "\u0301" * MAX_MARKS + ".txt", "z" + "\u0301" * MAX_MARKS + ".txt.md"]
    assert paths == sorted(f"{hostile}/{name}" for name in shown)


def test_list_json_cleans_every_string(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "list", "--json", str(hostile))
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert_clean_json(document)
    (lang,) = (a for a in document["articles"] if a["path"].endswith("lang.json"))
    assert lang["language"] == "ar"
    titles = {a["title"] for a in document["articles"]}
    assert "e.txt" in titles  # the fallback title of the untitled JSON article, cleaned


def test_list_json_errors_name_files_safely(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (hostile / f"{RLO_NAME}.json").write_text("{broken", encoding="utf-8")
    code, out, err = _run(capsys, "list", "--json", str(hostile))
    assert (code, err) == (1, "")
    (error,) = json.loads(out)["errors"]
    assert error["path"] == f"{hostile}/live-rlotxt.exe.txt.json"
    code, _, err = _run(capsys, "list", str(hostile))
    assert code == 1 and err.startswith(f"reader list: {hostile}/live-rlotxt.exe.txt.json: ")


@pytest.mark.parametrize("as_json", [False, True])
def test_search_quotes_every_name_safely(
    hostile: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    (hostile / f"{OSC_NAME}.md").write_bytes(b"\x00\x01binary")
    argv = ["search", "x", str(hostile)] + (["--json"] if as_json else [])
    code, out, err = _run(capsys, *argv)
    assert code == 0
    if as_json:
        document = json.loads(out)
        assert_clean_json(document)
        assert len(document["results"]) == 7 and len(document["errors"]) == 1
    else:
        assert len(out.splitlines()) == 7
        assert err.startswith(f"reader search: {hostile}/e.txt.md: ")


# --- the details pane ----------------------------------------------------------------------


def test_the_details_pane_shows_a_path_as_left_to_right_text_without_its_override() -> None:
    from reader.details import metadata_blocks
    from reader.i18n import Translator

    article = Article(
        title="عنوان",
        path=Path("/h") / RLO_NAME,
        url="https://example.com/\u202eevil",
        direction="rtl",
    )
    for language in ("ar", "en"):
        tr = Translator(language, "app")
        blocks = {b.text: b for b in metadata_blocks(article, tr)}
        assert "/h/live-rlotxt.exe.txt" in blocks and "https://example.com/evil" in blocks
        for text in ("/h/live-rlotxt.exe.txt", "https://example.com/evil"):
            block = blocks[text]
            assert block.direction == "ltr"
            assert render_lines(block.text, 40, direction=block.direction) == [text]


# --- on a pseudo-terminal ------------------------------------------------------------------


def run_tui_on_pty(argv: list[str], tmp_path: Path, keys: bytes = b"") -> tuple[int, bytes]:
    """Run `reader ARGV` on a pty, press `keys` once the list is shown, quit with `q`; return
    the exit status and every byte the reader wrote (its stdout and stderr share the pty)."""
    result = run_tui(argv, home=tmp_path, keys=[bytes([key]) for key in keys])
    return result.code, result.out


def run_verb_on_pty(argv: list[str], tmp_path: Path) -> tuple[int, bytes]:
    """Run `reader ARGV` on a pty; return the exit status and every byte it wrote."""
    result = run_tui(argv, home=tmp_path, tui=False)
    return result.code, result.out


@pytest.mark.parametrize(
    "argv",
    [
        ["render", OSC_NAME],  # missing
        ["render", "empty", "--width", "40", C1_NAME],  # argparse
        [OSC_NAME],  # the reader: no such file
        ["list", "hostile"],
        ["list", "--json", "hostile"],
        ["search", "x", "hostile"],
        ["search", "--json", "x", "hostile"],
        ["search", "x", OSC_NAME],  # missing
    ],
)
def test_no_injected_byte_reaches_the_terminal_from_a_verb(
    hostile: Path, tmp_path: Path, argv: list[str]
) -> None:
    (tmp_path / "empty").write_bytes(b"")
    code, out = run_verb_on_pty(argv, tmp_path)
    assert b"Traceback" not in out, out[-3000:]
    for forbidden in (*FORBIDDEN, b"\x1b", b"\x07"):  # the verbs write no escape at all here
        assert forbidden not in out, (forbidden, out[-3000:])
    assert code in (0, 1, 2)


def test_no_injected_byte_reaches_the_terminal_from_the_reader(
    hostile: Path, tmp_path: Path
) -> None:
    (hostile / f"{OSC_NAME}.md").write_bytes(b"")  # a failed entry: named in a notification
    code, out = run_tui_on_pty([str(hostile)], tmp_path, keys=b"jjjjjjjjmjkk")
    assert b"Traceback" not in out, out[-3000:]
    assert code == 0
    for forbidden in FORBIDDEN:
        assert forbidden not in out, (forbidden, out[-3000:])
    assert not _MARK_PILE.search(out.decode("utf-8", "replace"))


if not hasattr(pty, "openpty"):  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="no pseudo-terminals on this platform")
