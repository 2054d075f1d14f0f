"""End to end in tmux, the feeds: subscribe to a loopback feed, refresh it from the command line,
read it in `reader`, quit, stop the server, start again offline: the same items, the read mark kept.

The screen tmux shows must hold an item's title and first paragraph exactly as the engine lays
them out (visual order, shaped), on consecutive rows.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.document import render_article
from reader.feeds.items import ItemsStore, items_path
from reader.model import Article
from tests.commands.feedsupport import feed_env, reader
from tests.ui.test_feeds import MIDDLE, NEWEST, NEWS, OLDEST
from tests.ui.test_tmux import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

#: The variables the reader in tmux is started with (the rest of the environment is left out).
_KEPT = ("HOME", "PATH", "LANG", "TERM", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "NO_PROXY")


def _find_block(screen: list[str], expected: list[str]) -> bool:
    """True when the `expected` lines are on consecutive rows (each within its row)."""
    wanted = [line.strip() for line in expected]
    return any(
        all(want in screen[row + i] for i, want in enumerate(wanted))
        for row in range(len(screen) - len(wanted) + 1)
    )


def shows(screen: list[str], article: Article) -> bool:
    """The body shows `article`: its title block and the start of its first paragraph, as the
    engine lays them out at some body width."""
    for width in range(20, 100):
        lines = render_article(article, width, bidi="app")
        blank = lines.index("", 1)  # the title block ends at the first blank line
        end = lines.index("", blank + 1) if "" in lines[blank + 1 :] else len(lines)
        paragraph = lines[blank + 1 : min(end, blank + 4)]
        if _find_block(screen, lines[:blank]) and _find_block(screen, paragraph):
            return True
    return False


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """A loopback server the test itself stops (to go offline)."""
    monkeypatch.delenv("READER_ITEMS", raising=False)
    http = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    http.start()
    try:
        yield http
    finally:
        if http.is_running():
            http.stop()


def test_subscribe_refresh_read_and_restart_offline(tmp_path: Path, server: HTTPServer) -> None:
    home = tmp_path
    state = home / "state.sqlite3"
    server.expect_request("/news.rss").respond_with_data(NEWS, content_type="application/rss+xml")
    url = server.url_for("/news.rss")
    added = reader(home, "feeds", "add", url)
    assert added.code == 0, added.describe()
    refreshed = reader(home, "refresh", "--state", state)
    assert refreshed.code == 0, refreshed.describe()
    where = items_path(state)
    assert where is not None
    with ItemsStore.open(where) as store:
        paths = [entry.path for entry in store.headlines()]
        newest, middle, oldest = (store.article(path) for path in paths)
    assert [newest.title, middle.title, oldest.title] == [NEWEST[0], MIDDLE[0], OLDEST[0]]

    env = {k: v for k, v in feed_env(home).items() if k.startswith("XDG_") or k in _KEPT}
    # Read once shown (the delay is the app tests' business): the marks are what is checked.
    options = ["--ui", "en", "--bidi", "app", "--state", str(state), "--mark_read", "0"]
    variables = [f"{k}={v}" for k, v in env.items()]
    command = shlex.join(["env", "-i", *variables, sys.executable, "-m", "reader", *options])
    tmux = Tmux(f"reader-feeds-e2e-{os.getpid()}")

    def start() -> None:
        tmux("new-session", "-d", "-s", "reader", "-x", "100", "-y", "30", "-c", str(home), command)
        tmux("set-option", "-t", "reader", "remain-on-exit", "on")

    def quit_reader() -> None:
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait(lambda s: tmux("display-message", "-p", "-t", "reader", "#{pane_dead}") == "1\n")
        tmux("kill-session", "-t", "reader")

    try:
        start()
        tmux.wait(lambda s: shows(s, newest))  # the newest item, opened, shaped
        tmux("send-keys", "-t", "reader", "j")
        tmux.wait(lambda s: shows(s, middle) and not shows(s, newest))
        quit_reader()
        with ItemsStore.open(where) as store:  # read: the two shown, not the third
            assert [store.marks(paths)[path][0] for path in paths] == [True, True, False]
        fetched = len(server.log)
        server.stop()  # offline from now on

        start()
        screen = tmux.wait(lambda s: shows(s, newest))
        assert not any("Traceback" in line for line in screen)
        tmux("send-keys", "-t", "reader", "j", "j")
        tmux.wait(lambda s: shows(s, oldest))
        quit_reader()
    finally:
        tmux("kill-server")
    assert len(server.log) == fetched
    with ItemsStore.open(where) as store:
        marks = store.marks(paths)
    assert [marks[path][0] for path in paths] == [True, True, True]
