"""The reader's App and the one factory that builds it, for `reader` and for the tests alike."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple, cast

from textual.app import App
from textual.content import Content

from reader.resources import stylesheet_path
from reader.store import Store, index_path
from reader.ui.config import load_config, save_config
from reader.ui.executor import DaemonExecutor
from reader.ui.i18n import Translator, UiLanguage, language_from_environment
from reader.ui.screens.main import MainScreen
from reader.ui.state import ReadingState
from reader.ui.terminal import BidiChoice, BidiMode, TerminalKind, TerminalModes, resolve_bidi

if TYPE_CHECKING:
    from textual.command import Provider

LayoutChoice = Literal["rtl", "ltr", "auto"]
Layout = Literal["rtl", "ltr"]
Harakat = Literal["keep", "strip"]


class Options(NamedTuple):
    """What the command line (or a test) asks for; `None` means "not given"."""

    layout: LayoutChoice | None = None
    bidi: BidiChoice | None = None
    ui: UiLanguage | None = None
    harakat: Harakat | None = None
    state: Path | None = None  # the state database; None keeps the state in memory
    config: Path | None = None  # where `d` saves the bidi choice; None: nowhere
    environ: Mapping[str, str] | None = None  # None: the process's environment


class Settings(NamedTuple):
    """The resolved, current display settings (they change at run time: L, h, d)."""

    layout: Layout
    bidi: BidiMode
    harakat: Harakat

    def replace(self, **changes: str) -> Settings:
        return self._replace(**changes)  # type: ignore[arg-type]


def _reader_commands() -> type[Provider]:
    # Imported when the palette opens, not at start-up.
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[int]):
    CSS_PATH = stylesheet_path()
    TITLE = "reader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_reader_commands}
    COMMAND_PALETTE_DISPLAY = "^p"

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        settings: Settings,
        language: UiLanguage,
        layout_choice: LayoutChoice,
        terminal: TerminalKind,
        config_path: Path | None,
        state: ReadingState,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.settings = settings
        self.layout_choice = layout_choice
        self.terminal = terminal
        self.config_path = config_path
        self.state = state
        #: The article last opened from the first path's folder (read before the app starts).
        self.resume = state.last_opened(reading_folder(self.paths))
        #: The search index file beside the state database (None: in memory, like the state).
        self.index_path = index_path(state.store.path) if state.store.path is not None else None
        self.tr = Translator(language, settings.bidi)
        #: Set by `reader.commands.tui.run` around the real run; None in tests.
        self.terminal_modes: TerminalModes | None = None

    def on_load(self) -> None:
        # Thread workers run in the loop's default executor: this one never holds the exit
        # for a worker that cannot stop midway (a parse of a 60 MB article).
        asyncio.get_running_loop().set_default_executor(DaemonExecutor())

    def get_default_screen(self) -> MainScreen:
        # The main screen is the first screen itself: pushing it over Textual's empty default
        # screen would compose, lay out and paint that one first, for nothing.
        return MainScreen(self.paths)

    def end_startup(self) -> None:
        """The first screen is painted: the collector, paused for the start-up by
        `reader.commands.tui.run`, resumes, with every object made so far frozen out of its
        reach (they live as long as the app; scanning them again would only cost pauses)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header through the engine: `القارئ — folder` reads right in both modes."""
        # The folder is isolated (LRI…PDI) so its slashes stay with it in a right-to-left title.
        text = f"{title} — \u2066{sub_title}\u2069" if sub_title else title
        return Content(self.tr.display(text))

    def switch_bidi(self) -> bool:
        """`d`: the other mode, the terminal told, the choice saved. True when it was saved."""
        mode: BidiMode = "terminal" if self.settings.bidi == "app" else "app"
        self.settings = self.settings.replace(bidi=mode)
        self.tr = Translator(self.tr.language, mode)
        if self.terminal_modes is not None:
            self.terminal_modes.switch(mode, self._write_to_terminal)
        if self.config_path is None:
            return False
        try:
            # Refused (PermissionError) when the file would land in an opened article folder.
            save_config(self.config_path, {"bidi": mode}, article_folders=self.paths)
        except OSError:
            return False
        return True

    def _write_to_terminal(self, data: str) -> None:
        # Textual has no public way to send raw bytes; the driver's writer keeps them between
        # frames (writing to stdout directly could land inside a frame).
        driver = self._driver
        if driver is not None:
            driver.write(data)
            driver.flush()


def reading_folder(paths: Sequence[Path]) -> Path:
    """The folder whose "last opened" article is remembered: the first path's."""
    path = paths[0] if paths else Path(".")
    return path if path.is_dir() else path.parent


def make_app(
    paths: Sequence[Path], options: Options | None = None, store: Store | None = None
) -> ReaderApp:
    """Build the reader for `paths`: settings resolved from options, config file, environment.
    `store`: the state database at `options.state`, when the caller has opened it already."""
    options = options or Options()
    state = ReadingState(store if store is not None else Store.open(options.state))
    # A settings file that cannot be used is said on the first screen, with the store's warnings.
    config = load_config(options.config, warn=state.store.warnings.append)
    environ = os.environ if options.environ is None else options.environ
    terminal = TerminalKind.detect(environ)
    # The command line first, then the choices saved in the state database, then the config file.
    bidi_choice = cast(
        BidiChoice, options.bidi or state.setting("bidi") or config.get("bidi", "auto")
    )
    layout_choice = cast(
        LayoutChoice, options.layout or state.setting("layout") or config.get("layout", "auto")
    )
    harakat = cast(
        Harakat, options.harakat or state.setting("harakat") or config.get("harakat", "keep")
    )
    if bidi_choice not in ("app", "terminal", "auto"):
        bidi_choice = "auto"
    if layout_choice not in ("rtl", "ltr", "auto"):
        layout_choice = "auto"
    if harakat not in ("keep", "strip"):
        harakat = "keep"
    language = options.ui or language_from_environment(environ)
    layout: Layout = "ltr" if layout_choice == "ltr" else "rtl"
    settings = Settings(layout=layout, bidi=resolve_bidi(bidi_choice, terminal), harakat=harakat)
    return ReaderApp(
        paths,
        settings=settings,
        language=language,
        layout_choice=layout_choice,
        terminal=terminal,
        config_path=options.config,
        state=state,
    )
