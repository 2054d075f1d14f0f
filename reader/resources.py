"""Where the bundled files are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def stylesheet_path() -> Path:
    """`reader.tcss`: inside the package when installed from a wheel, at the top of a checkout."""
    return _first_existing(_PACKAGE / "reader.tcss", _PACKAGE.parent / "reader.tcss")


def bundled_articles_dir() -> Path:
    """The bundled `articles/` folder (the seed article among them)."""
    return _first_existing(_PACKAGE / "articles", _PACKAGE.parent / "articles")
