"""`reader [PATH ...]`: bad paths refused before the app starts (one line, exit 2); the
settings from the command line, then config.toml, whose problems are said on stderr."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from reader.commands import tui
from reader.library.scan import check_paths
from reader.settings import Choices
from tests.ui.conftest import DATA, MakeApp
from tests.ui.helpers import reading, wait_for


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
        assert plain == tui.arguments_of(_parse(*argv)), argv
    assert agreed > 0


def test_the_plain_reading_covers_the_usual_command_lines() -> None:
    assert tui.parse_plain([]) == tui.Arguments([])
    assert tui.parse_plain(["news", "--ui", "en", "--bidi=app"]) == tui.Arguments(
        [Path("news")], Choices(ui="en", bidi="app")
    )
    assert tui.parse_plain(["--state", "s.db", "a", "b"]) == tui.Arguments(
        [Path("a"), Path("b")], Choices(state=Path("s.db"))
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


# --- config.toml ---------------------------------------------------------------------------


def test_config_problems_go_to_stderr_cleaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('layout = "ltr"\n"\u202ecol\\u001b[31m" = 1\nbidi = "up"\n', "utf-8")
    loaded = tui.read_config(path)
    assert loaded.choices == Choices(layout="ltr")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"reader: {path}:2: unknown key ")
    assert lines[1] == f"reader: {path}:3: bidi must be one of app, terminal, auto, not 'up'"
    assert not any(char in "".join(lines) for char in "\x1b\u202e")


def test_a_config_state_inside_the_article_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`state` in config.toml is a setting like `--state`: it too never lands in the folder."""
    folder = tmp_path / "news"
    shutil.copytree(DATA, folder)
    config = tmp_path / "config.toml"
    config.write_text(f'state = "{folder / "state.sqlite3"}"\n', "utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert tui.run(_parse(str(folder))) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: the state database") and "config.toml" in err
    assert not (folder / "state.sqlite3").exists()


def test_the_config_state_path_is_used(tmp_path: Path, make: MakeApp) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'state = "{tmp_path / "chosen.sqlite3"}"\n', "utf-8")
    app = make([DATA], config=config)
    assert app.session.state.store.path == tmp_path / "chosen.sqlite3"
    app.session.state.store.close()


async def test_d_keeps_the_users_comments_and_the_next_start_reads_the_file(
    make: MakeApp, library: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# chosen for my terminal\nbidi = "app"  # d changes this\n', "utf-8")
    app = make([library], config=config, bidi=None)
    assert app.settings.bidi == "app"
    async with reading(app) as (pilot, screen):
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert app.settings.bidi == "terminal"
    assert config.read_text("utf-8") == (
        '# chosen for my terminal\nbidi = "terminal"  # d changes this\n'
    )
    assert make([library], config=config, bidi=None).settings.bidi == "terminal"
    # A hand edit is the next start's choice; the command line still wins over the file.
    config.write_text('bidi = "app"\nharakat = "strip"\nlayout = "ltr"\n', "utf-8")
    again = make([library], config=config, bidi=None, harakat=None, layout=None)
    assert (again.settings.bidi, again.settings.harakat, again.settings.layout) == (
        "app",
        "strip",
        "ltr",
    )
    assert make([library], config=config, bidi="terminal").settings.bidi == "terminal"


async def test_h_and_l_write_the_file_not_the_state_database(
    make: MakeApp, library: Path, tmp_path: Path, state: Path
) -> None:
    config = tmp_path / "config.toml"
    app = make([library], config=config, state=state)
    async with reading(app) as (pilot, screen):
        await pilot.press("h", "L")
        await wait_for(pilot, lambda: screen.body.laid_out)
    assert config.read_text("utf-8") == 'harakat = "strip"\nlayout = "ltr"\n'
    # The state database no longer carries a setting: without the file, the defaults again.
    config.unlink()
    again = make([library], config=config, state=state, layout=None)
    assert again.settings.harakat == "keep" and again.session.layout_is_auto
    again.session.state.store.close()


async def test_a_toggle_never_replaces_a_file_it_cannot_parse(
    make: MakeApp, library: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('bidi = "app\n# half-typed by hand\n', "utf-8")
    app = make([library], config=config)
    assert any(str(config) in warning for warning in app.session.state.store.warnings)
    async with reading(app) as (pilot, screen):
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.body.laid_out)
        assert app.settings.bidi == "terminal"  # switched for this run, not saved
    assert config.read_text("utf-8") == 'bidi = "app\n# half-typed by hand\n'


def test_a_bad_config_reaches_the_first_screen(make: MakeApp, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('layout = "ltr"\ncolour = "red"\n', encoding="utf-8")
    app = make([DATA], config=path, layout=None)
    assert f"{path}:2: unknown key 'colour'" in app.session.state.store.warnings
    assert app.settings.layout == "ltr"  # the file's good lines are still used
    assert not app.session.layout_is_auto
    app.session.state.store.close()


def test_the_d_key_does_not_save_into_an_article_folder(make: MakeApp, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("عنوان\n\nنص", encoding="utf-8")
    app = make([articles], config=articles / "config.toml")
    assert app.session.toggle("bidi") == ("terminal", False)  # switched, not saved
    assert sorted(p.name for p in articles.iterdir()) == ["a.txt"]
    app.session.state.store.close()
    outside = tmp_path / "config.toml"
    app = make([articles], config=outside)
    assert app.session.toggle("bidi") == ("terminal", True)
    assert outside.exists()
    app.session.state.store.close()
