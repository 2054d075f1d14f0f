"""The terminal question: who shapes and reorders right-to-left text, the reader or the terminal?

Two modes. In `app` mode the reader shapes and reorders every line itself, so a terminal that
would reorder on its own must be asked to stand down, or the text is reversed twice: BDSM explicit
mode (`CSI 8 l`, the terminal-wg recommendation, understood by VTE) and, for mlterm, which ignores
BDSM, its private `OSC 5379 ; use_ctl=false BEL`. In `terminal` mode the reader sends logical text
to terminals that always reorder (Konsole, mintty); VTE is then asked to detect each paragraph's
direction (`CSI ? 2501 h`) so that right-to-left paragraphs are right-aligned.

Every request is undone on exit, also after a crash, Ctrl+C, SIGTERM or SIGHUP: a terminal left in
explicit mode would show every later program's Arabic reversed.

The functions here are pure (environment in, escape sequences out); `TerminalModes` is the small
stateful part that writes them and guarantees the undo.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Mapping
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from reader.settings import BidiChoice
    from reader.text import BidiMode

CSI = "\x1b["
BDSM_EXPLICIT = CSI + "8l"  # the terminal must not reorder: the application has done it
BDSM_IMPLICIT = CSI + "8h"  # the terminal reorders (the default state)
VTE_AUTODETECT_ON = CSI + "?2501h"  # VTE: detect each paragraph's direction, right-align RTL
VTE_AUTODETECT_OFF = CSI + "?2501l"
MLTERM_CTL_OFF = "\x1b]5379;use_ctl=false\x07"
MLTERM_CTL_ON = "\x1b]5379;use_ctl=true\x07"


class TerminalKind(NamedTuple):
    """What the environment says about the terminal emulator."""

    vte: bool = False
    mlterm: bool = False
    konsole: bool = False

    @classmethod
    def detect(cls, environ: Mapping[str, str]) -> TerminalKind:
        return cls(
            vte=bool(environ.get("VTE_VERSION")),
            mlterm=bool(environ.get("MLTERM")),
            konsole=bool(environ.get("KONSOLE_VERSION")),
        )


def resolve_bidi(choice: BidiChoice, kind: TerminalKind) -> BidiMode:
    """`auto` means `terminal` where the terminal always reorders and offers no stand-down."""
    if choice == "auto":
        return "terminal" if kind.konsole else "app"
    return choice


def enter_sequences(mode: BidiMode, kind: TerminalKind) -> str:
    """The requests that put the terminal in the state `mode` needs."""
    if mode == "app":
        return BDSM_EXPLICIT + (MLTERM_CTL_OFF if kind.mlterm else "")
    return BDSM_IMPLICIT + (VTE_AUTODETECT_ON if kind.vte else "")


def exit_sequences(mode: BidiMode, kind: TerminalKind) -> str:
    """The requests that undo `enter_sequences(mode, kind)`: the terminal's defaults again."""
    if mode == "app":
        return BDSM_IMPLICIT + (MLTERM_CTL_ON if kind.mlterm else "")
    return VTE_AUTODETECT_OFF if kind.vte else ""


def switch_sequences(old: BidiMode, new: BidiMode, kind: TerminalKind) -> str:
    """Leave `old`, enter `new` (nothing when they are the same)."""
    if old == new:
        return ""
    return exit_sequences(old, kind) + enter_sequences(new, kind)


Writer = Callable[[str], None]

_HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class TerminalModes:
    """Sends the requests for the current mode and undoes them however the process ends.

    Use as a context manager around the app's run. `switch` changes the mode at run time; pass the
    running app's writer so that the sequences go out between frames, not in the middle of one.
    """

    def __init__(self, mode: BidiMode, kind: TerminalKind, stream: TextIO | None = None) -> None:
        self.mode: BidiMode = mode
        self.kind = kind
        self._stream = stream
        self._active = False
        self._previous_handlers: dict[int, object] = {}

    def _write(self, data: str) -> None:
        stream = self._stream
        if not data or stream is None:
            return
        with contextlib.suppress(OSError, ValueError):
            stream.write(data)
            stream.flush()

    def __enter__(self) -> TerminalModes:
        self._active = True
        self._write(enter_sequences(self.mode, self.kind))
        atexit.register(self.restore)
        for signum in _HANDLED_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # not in the main thread: atexit only
                self._previous_handlers[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.restore()
        atexit.unregister(self.restore)
        for signum, handler in self._previous_handlers.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous_handlers.clear()

    def restore(self) -> None:
        """Undo the current mode's requests (idempotent)."""
        if self._active:
            self._active = False
            self._write(exit_sequences(self.mode, self.kind))

    def switch(self, mode: BidiMode, write: Writer | None = None) -> None:
        """Change mode while the app runs; `write` sends through the app's output thread."""
        if mode == self.mode:
            return
        data = switch_sequences(self.mode, mode, self.kind)
        self.mode = mode
        if not self._active:
            return
        if write is not None:
            write(data)
        else:
            self._write(data)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.restore()
        previous = self._previous_handlers.get(signum)
        if callable(previous):
            previous(signum, frame)
            return
        # Default action: die of the same signal, as the sender expects.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


def terminal_stream() -> TextIO | None:
    """The terminal the app draws on (Textual draws on stderr), or None when it is not a tty."""
    stream = sys.__stderr__
    if stream is None:
        return None
    try:
        return stream if stream.isatty() else None
    except (ValueError, OSError):
        return None
