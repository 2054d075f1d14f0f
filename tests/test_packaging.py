"""The wheel carries what an installed `reader` needs outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [built] = out.glob("*.whl")
    return built


def test_wheel_ships_the_stylesheet_and_the_bundled_articles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reader/reader.tcss" in names
    assert "reader/articles/000_a322a2262cb437ac.txt" in names
    assert "reader/text/layout.py" in names
    assert not any(name.startswith("tests/") for name in names)


def test_distribution_is_not_named_reader(wheel: Path) -> None:
    assert wheel.name.startswith("rtl_news_reader-")


def test_installed_wheel_renders_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from reader.resources import stylesheet_path, bundled_articles_dir; "
        "print(stylesheet_path()); print(bundled_articles_dir())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    stylesheet, articles = result.stdout.split()
    assert Path(stylesheet).is_file() and Path(stylesheet).is_relative_to(target)
    assert (Path(articles) / "000_a322a2262cb437ac.txt").is_file()
