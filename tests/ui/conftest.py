"""Fixtures for the UI tests: a fixed article folder, the app factory, readable snapshots."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import textual._doc

from reader.ui.app import Options, ReaderApp, make_app
from tests.ui.svg import bidi_override

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SEED_TITLE = "الكاظمي: نجحنا بفرض آليات قانونية وزمنية لانسحاب التحالف الدولي"
HARAKAT_TITLE = "مَدِينَةُ الكُتُبِ تَفْتَحُ أَبْوَابَهَا"
ENGLISH_TITLE = "Library opens a reading hall"
#: The terminal size of the Pilot tests.
SIZE = (100, 30)

MakeApp = Callable[..., ReaderApp]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed for Pilot)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def _readable_svg(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are stored with the bidi-override style, so they can be checked by eye."""
    original = textual._doc.take_svg_screenshot

    def take(*args: Any, **kwargs: Any) -> str:
        return bidi_override(original(*args, **kwargs))

    monkeypatch.setattr(textual._doc, "take_svg_screenshot", take)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from the repository root, so paths shown in snapshots are short and stable."""
    monkeypatch.chdir(REPO)
    yield REPO


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the fixture articles (the seed, an Arabic one with harakat, an English one)."""
    folder = tmp_path / "library"
    shutil.copytree(DATA, folder)
    return folder


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """A reading-state database file for the test (created by the app)."""
    return tmp_path / "state.sqlite3"


@pytest.fixture
def make(tmp_path: Path) -> MakeApp:
    """The app factory with hermetic defaults (no environment, config in tmp)."""

    def factory(paths: list[Path], **changes: Any) -> ReaderApp:
        options = {
            "environ": {},
            "ui": "en",
            "bidi": "app",
            "layout": "rtl",
            "config": tmp_path / "config" / "config.toml",
        }
        options.update(changes)
        return make_app(paths, Options(**options))

    return factory


def fixture_copy(name: str, target: Path) -> Path:
    return Path(shutil.copy(DATA / name, target / name))
