"""The terminal question: which requests each mode sends, and that they are always undone."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from reader.terminal import (
    BDSM_EXPLICIT,
    BDSM_IMPLICIT,
    MLTERM_CTL_OFF,
    MLTERM_CTL_ON,
    VTE_AUTODETECT_OFF,
    VTE_AUTODETECT_ON,
    TerminalKind,
    TerminalModes,
    enter_sequences,
    exit_sequences,
    resolve_bidi,
    switch_sequences,
)

PLAIN = TerminalKind()
VTE = TerminalKind(vte=True)
MLTERM = TerminalKind(mlterm=True)
KONSOLE = TerminalKind(konsole=True)


def test_sequences_are_the_documented_bytes() -> None:
    assert BDSM_EXPLICIT == "\x1b[8l"
    assert BDSM_IMPLICIT == "\x1b[8h"
    assert MLTERM_CTL_OFF == "\x1b]5379;use_ctl=false\x07"
    assert MLTERM_CTL_ON == "\x1b]5379;use_ctl=true\x07"
    assert VTE_AUTODETECT_ON == "\x1b[?2501h"
    assert VTE_AUTODETECT_OFF == "\x1b[?2501l"


def test_detect_reads_the_environment() -> None:
    assert TerminalKind.detect({}) == PLAIN
    assert TerminalKind.detect({"VTE_VERSION": "7600"}) == VTE
    assert TerminalKind.detect({"MLTERM": "3.9.3"}) == MLTERM
    assert TerminalKind.detect({"KONSOLE_VERSION": "230805"}) == KONSOLE


@pytest.mark.parametrize(
    ("choice", "kind", "mode"),
    [
        ("auto", PLAIN, "app"),
        ("auto", VTE, "app"),
        ("auto", MLTERM, "app"),
        ("auto", KONSOLE, "terminal"),
        ("app", KONSOLE, "app"),
        ("terminal", PLAIN, "terminal"),
    ],
)
def test_resolve_bidi(choice: str, kind: TerminalKind, mode: str) -> None:
    assert resolve_bidi(choice, kind) == mode  # type: ignore[arg-type]


def test_app_mode_asks_terminals_to_stand_down() -> None:
    assert enter_sequences("app", PLAIN) == BDSM_EXPLICIT
    assert enter_sequences("app", VTE) == BDSM_EXPLICIT
    assert enter_sequences("app", MLTERM) == BDSM_EXPLICIT + MLTERM_CTL_OFF
    assert exit_sequences("app", PLAIN) == BDSM_IMPLICIT
    assert exit_sequences("app", MLTERM) == BDSM_IMPLICIT + MLTERM_CTL_ON


def test_terminal_mode_lets_the_terminal_reorder() -> None:
    assert enter_sequences("terminal", PLAIN) == BDSM_IMPLICIT
    assert enter_sequences("terminal", VTE) == BDSM_IMPLICIT + VTE_AUTODETECT_ON
    assert exit_sequences("terminal", VTE) == VTE_AUTODETECT_OFF
    assert exit_sequences("terminal", PLAIN) == ""


def test_switch_undoes_the_old_mode_then_enters_the_new() -> None:
    assert switch_sequences("app", "app", VTE) == ""
    assert switch_sequences("app", "terminal", VTE) == (
        BDSM_IMPLICIT + BDSM_IMPLICIT + VTE_AUTODETECT_ON
    )
    assert switch_sequences("terminal", "app", MLTERM) == BDSM_EXPLICIT + MLTERM_CTL_OFF


def test_context_manager_enters_switches_and_restores() -> None:
    stream = io.StringIO()
    with TerminalModes("app", MLTERM, stream) as modes:
        assert stream.getvalue() == BDSM_EXPLICIT + MLTERM_CTL_OFF
        written: list[str] = []
        modes.switch("terminal", written.append)
        assert written == [BDSM_IMPLICIT + MLTERM_CTL_ON + BDSM_IMPLICIT]
    # The exit undoes the mode in force at the end, not the one at the start.
    # (terminal mode in mlterm has nothing to undo: use_ctl was already switched back on.)
    assert stream.getvalue() == BDSM_EXPLICIT + MLTERM_CTL_OFF


def test_restore_runs_once_even_after_an_exception() -> None:
    stream = io.StringIO()
    with pytest.raises(RuntimeError), TerminalModes("app", PLAIN, stream) as modes:
        raise RuntimeError("crash")
    assert stream.getvalue() == BDSM_EXPLICIT + BDSM_IMPLICIT
    modes.restore()
    assert stream.getvalue() == BDSM_EXPLICIT + BDSM_IMPLICIT


def _child(body: str) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(
        """
        import sys, time
        from reader.terminal import TerminalKind, TerminalModes
        modes = TerminalModes("app", TerminalKind(mlterm=True), sys.stdout)
        modes.__enter__()
        sys.stdout.write("READY\\n"); sys.stdout.flush()
        """
    ) + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, cwd=os.getcwd()
    )


def test_a_crash_still_restores_the_terminal() -> None:
    child = _child("raise SystemExit('crashed without leaving the with block')")
    out, _ = child.communicate(timeout=60)
    assert out.endswith((BDSM_IMPLICIT + MLTERM_CTL_ON).encode())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_still_restores_the_terminal(signum: int) -> None:
    child = _child("time.sleep(60)")
    assert child.stdout is not None
    assert child.stdout.readline() == (BDSM_EXPLICIT + MLTERM_CTL_OFF + "READY\n").encode()
    child.send_signal(signum)
    out, _ = child.communicate(timeout=60)
    assert out == (BDSM_IMPLICIT + MLTERM_CTL_ON).encode()
    assert child.returncode == -signum
