"""`reader list` in a real terminal multiplexer shows its titles shaped and in visual order.

tmux neither shapes nor reorders: what its pane holds is what the reader wrote. The title of an
Arabic article must be there exactly as the engine lays it out (presentation forms, words right
to left), with the other fields in their columns; `--bidi terminal` leaves it logical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.text import prepare

ROOT = Path(__file__).resolve().parents[2]
TITLE = "خبر عاجل من بغداد 2024"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _tmux(socket: str, *args: str) -> str:
    result = subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, check=False
    )
    return result.stdout


DONE = "__reader_list_done__"


def _pane_after(socket: str, command: str, cwd: Path) -> list[str]:
    """The pane's lines once `command` has written everything (a marker line after it; the
    shell then waits, so the pane is read while it is alive)."""
    shell = f"{command}; echo {DONE}; sleep 60"
    _tmux(socket, "new-session", "-d", "-s", "cli", "-x", "200", "-y", "10", "-c", str(cwd), shell)
    try:
        for _ in range(600):
            lines = _tmux(socket, "capture-pane", "-p", "-t", "cli").splitlines()
            if DONE in lines:
                return lines
            time.sleep(0.1)
        raise AssertionError(_tmux(socket, "capture-pane", "-p", "-t", "cli"))
    finally:
        _tmux(socket, "kill-server")


@pytest.mark.parametrize("bidi", ["app", "terminal"])
def test_reader_list_in_tmux(tmp_path: Path, bidi: str) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TITLE}\n\nفقرة أولى.\n", encoding="utf-8")
    env = {
        "PYTHONPATH": str(ROOT),
        "READER_CONFIG": str(tmp_path / "absent.toml"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    command = " ".join(f"{k}={v}" for k, v in env.items())
    command += f" {sys.executable} -m reader list --ui ar --bidi {bidi} {folder}"
    lines = _pane_after(f"reader-cli-{os.getpid()}-{bidi}", command, tmp_path)
    rows = [line for line in lines if "a.txt" in line]
    assert len(rows) == 1, lines
    shaped = prepare(TITLE, bidi="app", fallback="ltr").lines(1000)[0].text
    expected = shaped if bidi == "app" else TITLE
    assert rows[0].startswith(expected), (rows[0], expected)
    assert rows[0].rstrip().endswith(str(folder / "a.txt"))
