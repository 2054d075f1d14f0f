"""Time to first complete screen: `reader` on the bundled articles vs a minimal Textual app.

Both run on a pseudo-terminal (100x30) in the same run, alternately, several times; the clock
stops when the last thing each paints is on the terminal: for the reader, a word of the seed's
first paragraph in the body (the body and metadata are painted by the same message, after the
list and the chrome); for the minimal app, its one Static. Prints the medians and their ratio.
Target (issue #3): reader <= 1.3x the minimal app.

The reader is timed as it is normally started: again, on a folder it has read before (its state
database kept between the runs, so the headline cache knows the unchanged files). The first run
on a folder, with no state at all, is timed too and printed beside it.

The reader's modules are byte-compiled first, as `pip install` does: Textual's are, and with
PYTHONDONTWRITEBYTECODE set (as here) the reader would otherwise be compiled from source on every
run, which measures the compiler rather than the app (~35 ms here).

Also the pty helpers `bench/switch.py` uses.
"""

from __future__ import annotations

import compileall
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 31
#: Seconds a timed reader runs on after its first frame before it is stopped (not timed).
SETTLE = 0.4
SIZE = (100, 30)

MINIMAL_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

class Minimal(App):
    BINDINGS = [Binding("n", "change", "change")]

    def compose(self):
        yield Static("MINIMAL-READY", id="s")

    def action_change(self):
        self.query_one("#s", Static).update("MINIMAL-CHANGED")

Minimal().run()
"""


class PtyApp:
    """A program on a pseudo-terminal; `wait_for` reads its output until a marker appears."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        columns, rows = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        environment.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
        )
        os.close(slave)
        self.fd = master
        self.output = bytearray()

    def wait_for(self, marker: bytes, since: int = 0, timeout: float = 60.0) -> float:
        """Read until `marker` appears after offset `since`; the perf_counter time it did."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output[since:]:
            if time.perf_counter() > deadline:
                raise TimeoutError(marker)
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    self.output.extend(os.read(self.fd, 1 << 16))
                except OSError:
                    raise TimeoutError(marker) from None
        return time.perf_counter()

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.output.extend(os.read(self.fd, 1 << 16))
                except OSError:
                    return

    def press(self, key: bytes) -> tuple[int, float]:
        """Send a key; (output offset, perf_counter time) at the moment it was sent."""
        self.drain(0.0)
        offset = len(self.output)
        sent = time.perf_counter()
        os.write(self.fd, key)
        return offset, sent

    def peak_rss_kib(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.fd)


def visual(text: str) -> bytes:
    """A word as the reader paints it (shaped, visual order), for matching terminal output."""
    from reader.text import prepare

    return prepare(text).lines(1000)[0].text.encode()


#: A word of the seed's first paragraph (it is only ever painted in the body).
BODY_WORD = "الوزراء"


def reader_argv(*paths: str) -> list[str]:
    # By file name: the bundled seed (000_…) is the article the first screen shows, as it was
    # before the list was sorted by date (figures stay comparable).
    argv = [sys.executable, "-m", "reader", *paths, "--ui", "en", "--bidi", "app"]
    return [*argv, "--sort", "name"]


def reader_env(config_dir: str) -> dict[str, str]:
    return {
        "READER_CONFIG": str(Path(config_dir) / "config.toml"),
        "READER_STATE": str(Path(config_dir) / "state.sqlite3"),
        "LANG": "C.UTF-8",
    }


def time_minimal() -> float:
    app = PtyApp([sys.executable, "-c", MINIMAL_APP])
    try:
        return app.wait_for(b"MINIMAL-READY") - app.started
    finally:
        app.close()


def time_reader(config_dir: str) -> float:
    app = PtyApp(reader_argv(), reader_env(config_dir))
    try:
        painted = app.wait_for(visual(BODY_WORD)) - app.started
        # A session lasts longer than its first frame: what the reader saves for the next start
        # (reading state, headline cache) is written once that frame is out. Not timed.
        app.drain(SETTLE)
        return painted
    finally:
        app.close()


def main() -> None:
    compileall.compile_dir(ROOT / "reader", quiet=1)
    minimal: list[float] = []
    reader: list[float] = []
    cold: list[float] = []
    with tempfile.TemporaryDirectory() as config_dir:
        time_minimal()  # warm the OS file cache for both
        time_reader(config_dir)
        for _ in range(RUNS):
            minimal.append(time_minimal())
            reader.append(time_reader(config_dir))
            with tempfile.TemporaryDirectory() as fresh:
                cold.append(time_reader(fresh))
    m, r, c = statistics.median(minimal), statistics.median(reader), statistics.median(cold)
    print(f"first complete screen, median of {RUNS} runs on a {SIZE[0]}x{SIZE[1]} pty")
    print(f"  minimal Textual app (one Static):   {m * 1000:7.1f} ms")
    print(f"  reader, a restart (state kept):     {r * 1000:7.1f} ms")
    print(f"  reader, first run (no state yet):   {c * 1000:7.1f} ms   ({c / m:.2f}x)")
    print(f"  ratio reader restart / minimal:     {r / m:7.2f}x   (target <= 1.3x)")


if __name__ == "__main__":
    main()
