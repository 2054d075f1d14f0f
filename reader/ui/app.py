"""The reader's App, the factory that builds it (for `reader` and the tests alike), and the
thread pool its workers run in.

The app makes the session (`reader.library.session`: folders, reading state, settings) and the
main screen with it, and handles what the screen says up to it: the first screen is painted
(the start-up is over), the bidi mode changed (the terminal must be told).

The pool (`DaemonExecutor`): daemon threads for the app's thread workers, and an exit that
does not wait for them.

Textual runs a thread worker in the event loop's default executor, and `asyncio.run` ends by
shutting that executor down with `wait=True` (the interpreter joins its threads again at exit).
A worker busy on a 60 MB article — parsing it, laying it out, indexing it — held `q` for as long
as it had work left (58 s). Workers check `is_cancelled` where they can; this executor makes
sure that a call that cannot stop midway (one parse) does not hold the exit either: shutting
down waits at most `EXIT_WAIT` seconds for the calls still running (enough for a state write
to land), then leaves them; they are daemon threads and end with the process.
"""

from __future__ import annotations

import asyncio
import gc
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, ParamSpec, TypeVar

from textual import on
from textual.app import App

from reader.config import Loaded, load_config
from reader.library.reading import ReadingState
from reader.library.session import Feeds, Session, Settings
from reader.resources import stylesheet_path
from reader.settings import Choices, resolve
from reader.store import Store
from reader.terminal import TerminalKind, TerminalModes, resolve_bidi
from reader.ui.messages import BidiChanged, FirstScreenPainted
from reader.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.model import Direction


def _reader_commands() -> type[Provider]:
    # Imported when the palette opens, not at start-up.
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[int]):
    CSS_PATH = stylesheet_path()
    TITLE = "reader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_reader_commands}
    COMMAND_PALETTE_DISPLAY = "^p"

    def __init__(self, session: Session, terminal: TerminalKind) -> None:
        super().__init__()
        self.session = session
        self.terminal = terminal
        #: Set by `reader.commands.tui.run` around the real run; None in tests.
        self.terminal_modes: TerminalModes | None = None

    @property
    def settings(self) -> Settings:
        """The display settings in force."""
        return self.session.settings

    def on_load(self) -> None:
        # Thread workers run in the loop's default executor: this one never holds the exit
        # for a worker that cannot stop midway (a parse of a 60 MB article).
        asyncio.get_running_loop().set_default_executor(DaemonExecutor())

    def get_default_screen(self) -> MainScreen:
        # The main screen is the first screen itself: pushing it over Textual's empty default
        # screen would compose, lay out and paint that one first, for nothing.
        return MainScreen(self.session)

    @on(FirstScreenPainted)
    def end_startup(self) -> None:
        """The first screen is painted: the collector, paused for the start-up by
        `reader.commands.tui.run`, resumes, with every object made so far frozen out of its
        reach (they live as long as the app; scanning them again would only cost pauses)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def action_help_quit(self) -> None:  # H2
        """Ctrl+C: the reader does not quit on it; say, in the interface's words, what does."""
        tr = self.session.tr
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                text = tr.visual("Press {keys} to quit the app", keys=key)
                self.notify(text, title=tr.visual("Do you want to quit?"), markup=False)
                return

    def action_command_palette(self) -> None:  # H1
        """Ctrl+P: the palette, its box showing Arabic shaped and in visual order."""
        from textual.command import CommandPalette  # H1: imported when it first opens

        from reader.ui.palette import ReaderPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(ReaderPalette(self.session.tr, id="--command-palette"))

    @on(BidiChanged)
    def _bidi_changed(self, message: BidiChanged) -> None:
        """`d`: the terminal is asked to reorder, or to stand down, between two frames."""
        if self.terminal_modes is not None:
            self.terminal_modes.switch(message.mode, self._write_to_terminal)

    def _write_to_terminal(self, data: str) -> None:
        # Textual has no public way to send raw bytes; the driver's writer keeps them between
        # frames (writing to stdout directly could land inside a frame).
        driver = self._driver
        if driver is not None:
            driver.write(data)
            driver.flush()


def make_app(
    paths: Sequence[Path],
    choices: Choices | None = None,
    *,
    config: Path | None = None,
    loaded: Loaded | None = None,
    environ: Mapping[str, str] | None = None,
    store: Store | None = None,
    feeds: Feeds | None = None,
) -> ReaderApp:
    """Build the reader for `paths`, each setting from `choices` (the command line, or a test),
    else the settings file, else its default (`reader.settings.resolve`).

    `config`: the settings file, read here unless the caller has read it already (`loaded`)
    and written by the toggles; None: none. `environ`: the process's environment when None.
    `store`: the state database, when the caller has opened it already; else the one at the
    resolved `state`, or one in memory when no state path is given (tests). `feeds`: the
    subscriptions to read, with the store of their items.
    """
    if loaded is None:
        loaded = load_config(config)
    environ = os.environ if environ is None else environ
    resolved = resolve(choices or Choices(), loaded.choices, environ)
    items = feeds.store if feeds is not None else None
    state = ReadingState(store if store is not None else Store.open(resolved.state), items)
    # A settings file that cannot be used is said on the first screen, with the store's warnings.
    state.store.warnings.extend(loaded.problems)
    terminal = TerminalKind.detect(environ)
    layout: Direction = "ltr" if resolved.layout == "ltr" else "rtl"
    settings = Settings(
        layout=layout,
        bidi=resolve_bidi(resolved.bidi, terminal),
        harakat=resolved.harakat,
        mark_read=resolved.mark_read,
        sources=resolved.sources,
        sort=resolved.sort,
        list_width=resolved.list_width,
        measure=resolved.measure,
        digits=resolved.digits,
    )
    session = Session(
        paths,
        state,
        settings,
        language=resolved.ui,
        layout_choice=resolved.layout,
        config_path=config,
        feeds=feeds,
    )
    return ReaderApp(session, terminal)


P = ParamSpec("P")
T = TypeVar("T")

#: Longest time the exit waits for the calls still running (seconds).
EXIT_WAIT = 0.25


class DaemonExecutor(ThreadPoolExecutor):
    """`ThreadPoolExecutor`'s interface (asyncio accepts no other default executor), but its
    threads are daemon threads, kept and reused (starting a thread per call cost an article
    switch about 5 ms), one more started whenever every thread is busy; `shutdown` waits
    `EXIT_WAIT` at most for the calls still running."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="reader-worker")
        self._calls: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._daemons: list[threading.Thread] = []
        self._state_lock = threading.Lock()
        self._idle = 0
        self._busy = 0
        self._closed = False
        self._all_done = threading.Condition(self._state_lock)

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()

        def call() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # handed to whoever awaits the future
                future.set_exception(error)
            else:
                future.set_result(result)

        with self._state_lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._busy += 1
            if self._idle:
                self._idle -= 1
            else:
                thread = threading.Thread(target=self._serve, name="reader-worker", daemon=True)
                self._daemons.append(thread)
                thread.start()
        self._calls.put(call)
        return future

    def _serve(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            try:
                call()
            finally:
                with self._state_lock:
                    self._busy -= 1
                    self._idle += 1
                    self._all_done.notify_all()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._state_lock:
            self._closed = True
            threads = len(self._daemons)
        for _ in range(threads):
            self._calls.put(None)  # idle threads end; busy ones end after their call
        if not wait:
            return
        deadline = time.monotonic() + EXIT_WAIT
        with self._state_lock:
            while self._busy and (left := deadline - time.monotonic()) > 0:
                self._all_done.wait(left)

    @property
    def running(self) -> int:
        """How many calls are still running."""
        with self._state_lock:
            return self._busy
