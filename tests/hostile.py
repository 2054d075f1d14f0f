"""Running the real `reader` on hostile input: a child process with bounded time and memory.

`run` starts `python -m reader ARGS` with pipes (or on a pseudo-terminal with `keys` typed into
it), with `RLIMIT_AS` set in the child and a timeout after which it is killed, and returns its exit
code, output, wall time and peak resident memory (from `wait4`, the child's own figure). Nothing is
asserted here about time: a test passes a generous `timeout` (a hang or a super-linear parse needs
minutes; the fixed code needs a second or two), so a loaded machine cannot fail it.

`Snapshot` records what a folder holds (names, types, modes, sizes, mtimes, bytes hashed in
chunks, link targets) without following links or reading special files, so a test can check the
reader left an article folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pty
import select
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

REPO = Path(__file__).resolve().parents[1]

#: A short Arabic article in the plain-text scrape format.
ARTICLE = "عنوان الخبر\n\n18 ابريل 2021\n\nالفقرة الأولى من الخبر. وفيها كلام.\n"

#: Bytes of the injected payloads that must never reach a terminal, on stdout or stderr.
INJECTED = (
    b"\x1b]0;",
    b"\x1b]52;",
    b"\x1b]8;",
    b"UFdORUQ",  # base64 of the OSC 52 payload "PWNED"
    b"PWN",
    b"\xc2\x9b",  # U+009B (C1 CSI) as UTF-8
    b"\x9b31m",
    b"\x1b[2J",
    b"\xe2\x80\xae",  # U+202E RIGHT-TO-LEFT OVERRIDE
)


class Result(NamedTuple):
    code: int
    out: bytes
    err: bytes
    seconds: float
    peak_mb: float
    timed_out: bool

    def describe(self) -> str:
        return (
            f"exit {self.code}{' (killed: timeout)' if self.timed_out else ''}, "
            f"{self.seconds:.1f} s, {self.peak_mb:.0f} MB\n"
            f"stdout: {self.out[-1500:]!r}\nstderr: {self.err[-3000:]!r}"
        )

    def injected(self) -> list[bytes]:
        """The injected payload fragments found in the output (should be none)."""
        both = self.out + self.err
        return [fragment for fragment in INJECTED if fragment in both]


def environment(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: state and config under `home`, an English UTF-8 locale, xterm."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("READER_", "XDG_", "KONSOLE", "VTE_", "MLTERM", "LC_"))
    }
    env.update(
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        LANG="C.UTF-8",
        TERM="xterm-256color",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


#: Started instead of the reader: it forks the reader, capped in memory, and waits for it, then
#: writes the reader's own peak resident size (KiB) to the file named first and ends as the
#: reader did. A child's `ru_maxrss` counts the memory of the process it was forked from (kept
#: across `exec`, even after `vfork`): forked straight from a test process that has grown, a
#: small command would show that process's size. Forked from this small launcher, it does not.
_LAUNCH = """
import os, resource, signal, sys
pid = os.fork()
if pid == 0:
    limit = int(sys.argv[2]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(sys.argv[3], sys.argv[3:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
os._exit(os.waitstatus_to_exitcode(status))
"""


def _limited(memory_mb: int, command: list[bytes], peak: Path) -> list[bytes]:
    """`command` started with its address space capped at `memory_mb`; its peak goes to `peak`."""
    launch = [sys.executable.encode(), b"-c", _LAUNCH.encode(), os.fsencode(peak)]
    return [*launch, str(memory_mb).encode(), *command]


def _reap(pid: int, timeout: float, peak: Path) -> tuple[int, float, bool]:
    """Wait for `pid` (killing its group after `timeout`): exit code, peak RSS in MB, timed out."""
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    finally:
        timer.cancel()
    try:
        peak_kib = int(peak.read_text())
    except (OSError, ValueError):  # killed before it could say: the launcher's figure
        peak_kib = usage.ru_maxrss
    return os.waitstatus_to_exitcode(status), peak_kib / 1024, killed.is_set()


def run(
    args: Sequence[str | os.PathLike[str] | bytes],
    *,
    home: Path,
    timeout: float = 60.0,
    memory_mb: int = 2048,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Result:
    """`python -m reader ARGS` with pipes; stdin is /dev/null."""
    command = [sys.executable.encode(), b"-m", b"reader", *map(os.fsencode, args)]
    started = time.monotonic()
    peak = Path(tempfile.gettempdir()) / f"reader-peak-{os.getpid()}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        _limited(memory_mb, command, peak),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env or environment(home),
        cwd=cwd or home,
        start_new_session=True,
    )
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: object) -> None:
        assert hasattr(stream, "read")
        chunks[name] = stream.read()

    threads = [
        threading.Thread(target=drain, args=(name, stream), daemon=True)
        for name, stream in (("out", process.stdout), ("err", process.stderr))
    ]
    for thread in threads:
        thread.start()
    code, peak_mb, timed_out = _reap(process.pid, timeout, peak)
    peak.unlink(missing_ok=True)
    process.returncode = code  # reaped here: Popen must not wait again
    for thread in threads:
        thread.join(10)
    return Result(
        code,
        chunks.get("out", b""),
        chunks.get("err", b""),
        time.monotonic() - started,
        peak_mb,
        timed_out,
    )


def _read(fd: int, out: bytearray, until: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            out.extend(data)
        elif until():
            return


def run_tui(
    args: Sequence[str | os.PathLike[str] | bytes],
    *,
    home: Path,
    keys: Sequence[bytes] = (),
    ready: bytes = b"Headlines",
    timeout: float = 60.0,
    memory_mb: int = 2048,
    env: dict[str, str] | None = None,
    quit_key: bytes = b"q",
    size: tuple[int, int] = (100, 30),
    tui: bool = True,
) -> Result:
    """`python -m reader ARGS --ui en` on a pseudo-terminal: wait for `ready` (the app's first
    frame), type `keys`, then `quit_key`; everything written to the terminal is returned as `out`
    (stdout and stderr share the terminal). `seconds` is the time from the quit key to the exit.
    With `tui=False` (a script verb on a terminal) nothing is typed: the output is read to the end.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    command = [sys.executable.encode(), b"-m", b"reader", *map(os.fsencode, args)]
    if tui:
        command += [b"--ui", b"en"]
    peak_file = Path(tempfile.gettempdir()) / f"reader-peak-{os.getpid()}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        _limited(memory_mb, command, peak_file),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env or environment(home),
        cwd=home,
        start_new_session=True,
    )
    os.close(slave)
    out = bytearray()
    result: list[tuple[int, float, bool]] = []
    quit_at = [time.monotonic()]

    def reap() -> None:
        result.append(_reap(process.pid, timeout, peak_file))

    waiter = threading.Thread(target=reap, daemon=True)
    waiter.start()
    try:
        if not tui:
            _read(master, out, lambda: bool(result), timeout)
        _read(master, out, lambda: ready in out or bool(result), timeout)
        for key in keys:
            if result:
                break
            os.write(master, key)
            _read(master, out, lambda: bool(result), 0.3)
        if not result:
            quit_at[0] = time.monotonic()
            os.write(master, quit_key)
        while waiter.is_alive():
            _read(master, out, lambda: bool(result), 0.2)
        _read(master, out, lambda: True, 0.2)
    finally:
        waiter.join(timeout + 5)
        os.close(master)
    process.returncode = result[0][0] if result else -9
    code, peak, timed_out = result[0] if result else (-9, 0.0, True)
    peak_file.unlink(missing_ok=True)
    return Result(code, bytes(out), b"", time.monotonic() - quit_at[0], peak, timed_out)


#: Larger files (a sparse 500 MB file) are compared by size and mtime only.
HASHED_BYTES = 128 * 2**20


class Snapshot(NamedTuple):
    """What a folder holds, compared with ==; links and special files are not followed."""

    entries: tuple[tuple[bytes, int, int, int, str], ...]

    @classmethod
    def of(cls, folder: Path) -> Snapshot:
        rows: list[tuple[bytes, int, int, int, str]] = []
        for root, dirs, files in os.walk(os.fsencode(folder)):
            dirs.sort()
            for name in sorted(dirs + files):
                path = os.path.join(root, name)
                info = os.lstat(path)
                detail = ""
                if stat.S_ISLNK(info.st_mode):
                    detail = os.fsdecode(os.readlink(path))
                elif stat.S_ISREG(info.st_mode) and info.st_size <= HASHED_BYTES:
                    detail = _digest(path)
                relative = os.path.relpath(path, os.fsencode(folder))
                rows.append((relative, info.st_mode, info.st_size, info.st_mtime_ns, detail))
        return cls(tuple(rows))


def _digest(path: bytes) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# Fixtures (tests/conftest.py loads this module as a plugin) ----------------------------------
@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    return articles
