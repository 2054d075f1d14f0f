"""Fixtures for the UI tests: a fixed article folder, the app factory, readable snapshots."""

from __future__ import annotations

import asyncio
import inspect
import pickle
import shutil
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import (
    PseudoApp,
    PseudoConsole,
    SVGImageExtension,
    node_to_report_path,
)
from rich.console import Console
from syrupy import SnapshotAssertion
from textual.app import App
from textual.pilot import Pilot

from reader.feeds.items import ItemsStore
from reader.settings import Choices
from reader.ui.app import ReaderApp, make_app
from tests.ui.svg import bidi_override

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SEED_TITLE = "الكاظمي: نجحنا بفرض آليات قانونية وزمنية لانسحاب التحالف الدولي"
HARAKAT_TITLE = "مَدِينَةُ الكُتُبِ تَفْتَحُ أَبْوَابَهَا"
ENGLISH_TITLE = "Library opens a reading hall"
#: The terminal size of the Pilot tests.
SIZE = (100, 30)

MakeApp = Callable[..., ReaderApp]
SnapCompare = Callable[..., bool]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed for Pilot)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]


def screenshot(
    app: App[Any],
    terminal_size: tuple[int, int],
    run_before: RunBefore | None = None,
    press: Iterable[str] = (),
) -> str:
    """The app's SVG screenshot once `run_before` and `press` are done, with bidi-override.

    The same steps as pytest-textual-snapshot's own screenshot (headless run, then wait for
    animations), through Textual's public `App.run(auto_pilot=...)` and `export_screenshot`
    instead of the private `textual._doc`.
    """

    async def auto_pilot(pilot: Pilot[Any]) -> None:
        if run_before is not None:
            result = run_before(pilot)
            if inspect.isawaitable(result):
                await result
        await pilot.pause()
        await pilot.press(*press)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        svg = pilot.app.export_screenshot(title=pilot.app.title, simplify=True)
        pilot.app.exit(svg)

    svg = app.run(headless=True, auto_pilot=auto_pilot, size=terminal_size)
    assert isinstance(svg, str), "the app ended before its screenshot was taken"
    return bidi_override(svg)


@pytest.fixture
def snap_compare(snapshot: SnapshotAssertion, request: pytest.FixtureRequest) -> SnapCompare:
    """pytest-textual-snapshot's `snap_compare`, storing SVGs readable in a browser.

    Overrides the plugin's fixture of the same name: the snapshots are stored with the
    bidi-override style (see tests/ui/svg.py), so they can be checked by eye. A mismatch still
    goes into the plugin's HTML report.
    """
    svg_snapshot = snapshot.use_extension(SVGImageExtension)

    def compare(
        app: App[Any],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool:
        actual = screenshot(app, terminal_size, run_before, press)
        result = svg_snapshot == actual
        execution = svg_snapshot.executions.get(svg_snapshot.num_executions - 1)
        exists = execution is not None and execution.final_data is not None
        console = Console(legacy_windows=False, force_terminal=True)
        path, line, name = request.node.reportinfo()
        report = (
            result,
            str(svg_snapshot),
            actual,
            PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
            path,
            line,
            name,
            inspect.getdoc(request.node.function) or "",
            "",
            exists,
        )
        node_to_report_path(request.node).write_bytes(pickle.dumps(report))
        return result

    return compare


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
            # In the fixtures' file order (a test of the default order asks for "date").
            "sort": "name",
            # Nothing turns read by the clock (a snapshot on a loaded machine would differ):
            # the tests of the delay give their own.
            "mark_read": "never",
            "config": tmp_path / "config" / "config.toml",
        }
        options.update(changes)
        config = options.pop("config")
        environ = options.pop("environ")
        feeds = options.pop("feeds", None)
        return make_app(paths, Choices(**options), config=config, environ=environ, feeds=feeds)

    return factory


def fixture_copy(name: str, target: Path) -> Path:
    return Path(shutil.copy(DATA / name, target / name))


@pytest.fixture
def items(tmp_path: Path) -> Iterator[ItemsStore]:
    """An items store on disk, for the feeds' app tests."""
    store = ItemsStore.open(tmp_path / "items.sqlite3")
    try:
        yield store
    finally:
        store.close()
