"""The saved settings file: TOML in, TOML out, nothing invalid accepted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reader.ui.config import default_config_path, load_config, save_config

ROOT = Path(__file__).resolve().parents[2]


def test_missing_or_broken_files_give_no_settings(tmp_path: Path) -> None:
    assert load_config(None) == {}
    assert load_config(tmp_path / "absent.toml") == {}
    broken = tmp_path / "broken.toml"
    broken.write_text("bidi = [unclosed", encoding="utf-8")
    assert load_config(broken) == {}


def test_invalid_values_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('bidi = "sideways"\nlayout = "ltr"\nother = "x"\nharakat = 3\n', "utf-8")
    assert load_config(path) == {"layout": "ltr"}


def test_save_merges_and_writes_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_config(path, {"layout": "rtl"})
    save_config(path, {"bidi": "terminal", "bogus": "x"})
    assert load_config(path) == {"layout": "rtl", "bidi": "terminal"}
    assert tomllib.loads(path.read_text("utf-8")) == {"bidi": "terminal", "layout": "rtl"}
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_default_path_honours_the_override_and_xdg(tmp_path: Path) -> None:
    assert default_config_path({"READER_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
    path = default_config_path({})
    assert path.name == "config.toml" and path.parent.name == "reader"


# --- hostile settings files (issue #9, case 9) --------------------------------------------------


def _load_warned(path: Path) -> tuple[dict[str, str], list[str]]:
    warned: list[str] = []
    return load_config(path, warn=warned.append), warned


def test_a_deeply_nested_file_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("bidi = " + "[" * 100_000 + "\n", encoding="utf-8")
    settings, warned = _load_warned(path)
    assert settings == {}
    assert len(warned) == 1 and "was not used" in warned[0] and "defaults" in warned[0]


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
    settings, warned = _load_warned(path)
    assert settings == {}
    assert len(warned) == 1 and reason in warned[0]


def test_a_missing_file_is_no_warning(tmp_path: Path) -> None:
    assert _load_warned(tmp_path / "absent.toml") == ({}, [])


def test_a_fifo_never_blocks_the_start(tmp_path: Path) -> None:
    """A FIFO as config.toml blocked start-up forever (nobody writes to it): checked in a child
    with a generous timeout, so a hang fails the test instead of hanging the suite."""
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    code = (
        "import json, sys; from pathlib import Path; from reader.ui.config import load_config; "
        "warned = []; settings = load_config(Path(sys.argv[1]), warn=warned.append); "
        "print(json.dumps([settings, warned]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    settings, warned = json.loads(result.stdout)
    assert settings == {} and len(warned) == 1 and "not a regular file" in warned[0]


def test_the_warning_reaches_the_first_screen(tmp_path: Path) -> None:
    from reader.ui.app import Options, make_app

    path = tmp_path / "config.toml"
    path.write_text("layout = " + "[" * 100_000, encoding="utf-8")
    app = make_app([tmp_path], Options(config=path))
    assert any("settings file" in warning for warning in app.state.store.warnings)
    assert app.layout_choice == "auto"


# --- never written into an article folder (issue #9, case 8) ------------------------------------


def test_save_refuses_a_file_inside_an_article_folder(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    link = home / "config.toml"
    link.symlink_to(articles / "config.toml")  # READER_CONFIG pointing into the folder
    for path in (articles / "config.toml", link, articles / "deep" / "config.toml"):
        with pytest.raises(PermissionError):
            save_config(path, {"bidi": "terminal"}, article_folders=[articles])
    assert sorted(p.name for p in articles.iterdir()) == []
    save_config(home / "other.toml", {"bidi": "terminal"}, article_folders=[articles])
    assert load_config(home / "other.toml") == {"bidi": "terminal"}


def test_the_d_key_does_not_save_into_an_article_folder(tmp_path: Path) -> None:
    from reader.ui.app import Options, make_app

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("عنوان\n\nنص", encoding="utf-8")
    app = make_app([articles], Options(config=articles / "config.toml"))
    assert app.switch_bidi() is False  # switched, not saved
    assert sorted(p.name for p in articles.iterdir()) == ["a.txt"]
    app.state.store.close()
    outside = tmp_path / "config.toml"
    app = make_app([articles], Options(config=outside))
    assert app.switch_bidi() is True
    assert outside.exists()
    app.state.store.close()
