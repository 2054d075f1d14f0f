"""The wheel carries what an installed `reader` needs outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

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
    assert "reader/text/widths.txt" in names  # the cell-width table
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


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in lines]


def test_every_installed_dependency_is_in_its_declared_range() -> None:
    outside = [
        f"{req.name} {metadata.version(req.name)} not in {req.specifier}"
        for req in _requirements()
        if not req.specifier.contains(metadata.version(req.name), prereleases=True)
    ]
    assert not outside, "\n".join(outside)


def test_every_floor_is_the_version_the_tests_ran_with() -> None:
    """A floor below the installed version would promise versions no test has run with."""
    drifted: list[str] = []
    for req in _requirements():
        floors = [spec.version for spec in req.specifier if spec.operator in (">=", "==")]
        installed = Version(metadata.version(req.name))
        if len(floors) != 1 or Version(floors[0]) != installed:
            drifted.append(f"{req.name}: floor {floors or 'none'}, tested with {installed}")
    assert not drifted, "\n".join(drifted)
