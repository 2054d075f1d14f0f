"""The saved settings file: TOML in, TOML out, nothing invalid accepted."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.ui.config import default_config_path, load_config, save_config


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
