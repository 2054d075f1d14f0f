"""End to end in a real terminal multiplexer: `reader` on the bundled articles at 100×30.

The screen tmux shows must hold the seed's title and first paragraph exactly as the engine lays
them out (visual order, shaped), for one body width, on consecutive rows; keys change it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.document import render_article
from reader.resources import bundled_articles_dir
from reader.sources import load_article
from reader.text import prepare
from tests.ui.conftest import REPO

SEED = bundled_articles_dir() / "000_a322a2262cb437ac.txt"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def screen(self) -> list[str]:
        return self("capture-pane", "-p", "-t", "reader").splitlines()

    def wait(self, condition: Callable[[list[str]], bool], tries: int = 300) -> list[str]:
        for _ in range(tries):
            lines = self.screen()
            if condition(lines):
                return lines
            time.sleep(0.1)
        raise AssertionError("\n".join(self.screen()))


def _find_block(screen: list[str], expected: list[str]) -> int | None:
    """The row where `expected` lines start, one per consecutive row (each a substring)."""
    stripped = [line.strip() for line in expected]
    for row in range(len(screen) - len(stripped) + 1):
        if all(want in screen[row + i] for i, want in enumerate(stripped)):
            return row
    return None


def _shows_seed(screen: list[str], bidi: str = "app") -> int | None:
    """The body width at which the seed's title block and first paragraph are on screen."""
    article = load_article(SEED)
    for width in range(20, 100):
        lines = render_article(article, width, bidi=bidi)  # type: ignore[arg-type]
        blank = lines.index("", 1)  # the title block ends at the first blank line
        paragraph_end = lines.index("", blank + 1)
        if _find_block(screen, lines[:blank]) is not None and (
            _find_block(screen, lines[blank + 1 : min(paragraph_end, blank + 8)]) is not None
        ):
            return width
    return None


def start_reader(
    tmux: Tmux, tmp_path: Path, language: str, config: str = 'sort = "name"\n'
) -> dict[str, str]:
    """`reader` on the bundled articles in a 100x30 tmux session named "reader"; its
    environment (config.toml, holding `config`, and the state in `tmp_path`)."""
    # The bundled articles by file name: the seed (000_…) is the article shown at start.
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    env = {
        "PYTHONPATH": str(REPO),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "READER_STATE": str(tmp_path / "state.sqlite3"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    command = " ".join(f"{k}={v}" for k, v in env.items())
    command += f" {sys.executable} -m reader --ui {language} --bidi app"
    tmux("new-session", "-d", "-s", "reader", "-x", "100", "-y", "30", "-c", str(tmp_path), command)
    return env


def test_reader_in_tmux(tmp_path: Path) -> None:
    tmux = Tmux(f"reader-e2e-{os.getpid()}")
    start_reader(tmux, tmp_path, "en")
    try:
        tmux("set-option", "-t", "reader", "remain-on-exit", "on")
        screen = tmux.wait(lambda s: _shows_seed(s) is not None)
        width = _shows_seed(screen)
        assert width is not None and width < 60  # three panes share 100 columns
        # m hides the metadata pane: the body is wider and re-wrapped.
        tmux("send-keys", "-t", "reader", "m")
        screen = tmux.wait(lambda s: (_shows_seed(s) or 0) > width)
        # d: the terminal reorders now; the reader sends logical text.
        tmux("send-keys", "-t", "reader", "d")
        screen = tmux.wait(lambda s: _shows_seed(s, bidi="terminal") is not None)
        assert any("الكاظمي: نجحنا" in line for line in screen)
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait(
            lambda s: tmux("display-message", "-p", "-t", "reader", "#{pane_dead}").strip() == "1"
        )
    finally:
        tmux("kill-server")


def test_skimming_with_j_leaves_the_articles_unread(tmp_path: Path) -> None:
    """`j` previews: the articles passed stay unread after a restart; `u` still marks one."""
    tmux = Tmux(f"reader-skim-{os.getpid()}")
    # A delay no loaded machine reaches while the test skims (the rule, not the clock).
    settings = 'mark_read = "600"\nsources = "hide"\nsort = "name"\n'
    env = start_reader(tmux, tmp_path, "en", settings)
    try:
        tmux("set-option", "-t", "reader", "remain-on-exit", "on")
        tmux.wait(lambda s: _shows_seed(s) is not None)
        tmux("send-keys", "-t", "reader", "j", "j", "j", "k", "j", "j")
        tmux.wait(lambda s: _shows_seed(s) is None)  # another article shown
        unread = sum(line.count("●") for line in tmux.screen())
        tmux("send-keys", "-t", "reader", "u")  # the one shown marked read by hand
        tmux.wait(lambda s: sum(line.count("●") for line in s) == unread - 1)
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait(
            lambda s: tmux("display-message", "-p", "-t", "reader", "#{pane_dead}").strip() == "1"
        )
    finally:
        tmux("kill-server")
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(bundled_articles_dir()), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
        cwd=tmp_path,
    )
    read = [article["read"] for article in json.loads(listed.stdout)["articles"]]
    assert len(read) >= 5 and sum(read) == 1  # only the one `u` marked


def test_an_arabic_query_typed_into_the_search_box_reads_back_shaped(tmp_path: Path) -> None:
    """`/` then an Arabic query, key by key through the terminal: the search bar shows it shaped
    and in visual order (the box itself, not a copy elsewhere)."""
    tmux = Tmux(f"reader-search-{os.getpid()}")
    start_reader(tmux, tmp_path, "ar")
    query = "الكاظمي"
    shaped = prepare(query).lines(100)[0].text
    try:
        tmux("set-option", "-t", "reader", "remain-on-exit", "on")
        screen = tmux.wait(lambda s: _shows_seed(s) is not None)

        def top(lines: list[str]) -> int:
            """The row of the panes' top border (the search bar opens above it)."""
            return next(row for row, line in enumerate(lines) if "╭" in line)

        closed = top(screen)
        tmux("send-keys", "-t", "reader", "/")
        tmux.wait(lambda s: top(s) == closed + 1)  # the box is there: the keys go to it
        for char in query:
            tmux("send-keys", "-t", "reader", "-l", char)
        screen = tmux.wait(lambda s: shaped in s[closed])
        # In the box's row, right-aligned, never the logical unshaped text anywhere.
        assert screen[closed].rstrip().endswith(shaped) or f"{shaped}  (" in screen[closed]
        assert not any(query in line for line in screen)
        tmux("send-keys", "-t", "reader", "Escape")
        tmux.wait(lambda s: top(s) == closed)  # closed (a q sent with it would read as alt+q)
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait(
            lambda s: tmux("display-message", "-p", "-t", "reader", "#{pane_dead}").strip() == "1"
        )
    finally:
        tmux("kill-server")
