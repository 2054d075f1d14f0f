"""`reader [PATH ...]` refuses bad paths before the app starts: one line, exit 2."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from reader.commands import tui
from reader.ui.entries import check_paths
from tests.ui.conftest import DATA


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reader")
    tui.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_arguments_and_defaults() -> None:
    args = _parse()
    assert (args.paths, args.layout, args.bidi, args.ui, args.harakat, args.state) == (
        [],
        None,  # layout: the saved choice, else auto
        None,  # bidi: the saved choice, else auto
        None,  # ui: from the locale
        None,  # harakat: the saved choice, else keep
        None,
    )
    args = _parse("a", "b", "--layout", "ltr", "--bidi", "terminal", "--ui", "ar", "--state", "s")
    assert args.paths == [Path("a"), Path("b")]
    assert (args.layout, args.bidi, args.ui, args.state) == ("ltr", "terminal", "ar", Path("s"))


def test_bad_choice_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        _parse("--bidi", "sideways")
    assert exit_info.value.code == 2


def test_missing_path_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tui.run(_parse(str(tmp_path / "nope"))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err and "Traceback" not in err


def test_folder_with_nothing_readable_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert tui.run(_parse(str(tmp_path))) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: nothing readable in") and err.count("\n") == 1


def test_single_unreadable_file_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert tui.run(_parse(str(binary))) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: cannot read") and err.count("\n") == 1


def test_readable_paths_pass_the_check() -> None:
    assert check_paths([DATA]) is None
    assert check_paths([DATA / "000_seed.txt"]) is None


def test_suffixes_match_the_sources_layer() -> None:
    from reader.sources.files import FORMATS
    from reader.ui.entries import SUFFIXES

    assert set(FORMATS) == SUFFIXES


def test_the_run_uses_a_short_switch_interval_and_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Frames reach the terminal through Textual's writer thread: while the reader runs, the
    interpreter switches threads every `SWITCH_INTERVAL`, so a frame does not wait for the GIL."""
    import gc
    import sys

    seen: list[tuple[float, bool]] = []

    def fake_run(args: argparse.Namespace) -> int:
        seen.append((sys.getswitchinterval(), gc.isenabled()))
        return 0

    monkeypatch.setattr(tui, "_run", fake_run)
    before = sys.getswitchinterval()
    assert tui.run(_parse()) == 0
    assert seen == [(pytest.approx(tui.SWITCH_INTERVAL), False)]
    assert sys.getswitchinterval() == before and gc.isenabled()


_WORDS = [
    "a",
    "b c",
    "",
    "-",
    "--",
    "-x",
    "--ui",
    "--ui=en",
    "--ui=",
    "ar",
    "en",
    "xx",
    "--bidi",
    "app",
    "terminal",
    "--layout=ltr",
    "--lay",
    "rtl",
    "--harakat",
    "strip",
    "--state",
    "--state=s.db",
    "--state=",
    "--help",
    "-h",
    "-1",
]


@pytest.mark.parametrize("seed", range(40))
def test_the_plain_reading_agrees_with_argparse(seed: int) -> None:
    """`parse_plain` reads what argparse reads, the same way; anything else is left to it."""
    import random

    rng = random.Random(seed)
    agreed = 0
    for _ in range(300):
        argv = [rng.choice(_WORDS) for _ in range(rng.randint(0, 6))]
        plain = tui.parse_plain(argv)
        if plain is None:
            continue
        agreed += 1
        assert plain._asdict() == vars(_parse(*argv)), argv
    assert agreed > 0


def test_the_plain_reading_covers_the_usual_command_lines() -> None:
    assert tui.parse_plain([]) == tui.Arguments([])
    assert tui.parse_plain(["news", "--ui", "en", "--bidi=app"]) == tui.Arguments(
        [Path("news")], ui="en", bidi="app"
    )
    assert tui.parse_plain(["--state", "s.db", "a", "b"]) == tui.Arguments(
        [Path("a"), Path("b")], state=Path("s.db")
    )
    for unusual in (["--help"], ["--ui", "fr"], ["a", "--ui", "en", "b"], ["--lay", "rtl"]):
        assert tui.parse_plain(unusual) is None, unusual


def test_a_bad_option_is_still_explained_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--ui", "fr"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_state_database_inside_the_article_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The reader never writes into an article folder: not its state, not its search index."""
    from tests.support import tree_hash

    folder = tmp_path / "news"
    shutil.copytree(DATA, folder)
    before = tree_hash(folder)
    inside = folder / "sub" / "state.sqlite3"
    if how == "option":
        args = _parse(str(folder), "--state", str(inside))
    else:
        monkeypatch.setenv("READER_STATE", str(inside))
        args = _parse(str(folder))
    assert tui.run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: the state database") and "never writes" in err
    assert err.count("\n") == 1
    assert tree_hash(folder) == before
