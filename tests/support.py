"""Helpers shared by tests in several folders."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.library.reading import ReadingState


def tree_hash(folder: Path) -> str:
    """Names, bytes and modes of everything below `folder`: equal before and after means the
    reader wrote nothing there."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(os.fsencode(path.relative_to(folder)))
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
        digest.update(oct(path.lstat().st_mode).encode())
    return digest.hexdigest()


def memory_state() -> Iterator[ReadingState]:
    """A reading state over a state database in memory (the `state` fixture of the library's
    and the widgets' tests)."""
    from reader.library.reading import ReadingState
    from reader.store import Store

    store = Store.open(None)
    yield ReadingState(store)
    store.close()


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -c code args…` in a child, from the repository (a hang fails after 60 s rather
    than hanging the suite)."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        check=False,
    )


def reader_on_pty(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], size: tuple[int, int] | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """`python -m reader ARGS` from `cwd` with a pseudo-terminal (`size`: rows, columns) as its
    stdin, stdout and stderr: the process and the terminal's master side (the caller reads it
    and closes it). The environment is this one with the repository on PYTHONPATH,
    LANG=C.UTF-8 and `env`, without KONSOLE_VERSION (a terminal that reorders by itself)."""
    root = Path(__file__).resolve().parents[1]
    master, slave = pty.openpty()
    if size is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    environ = {**os.environ, "PYTHONPATH": str(root), "LANG": "C.UTF-8", **env}
    environ.pop("KONSOLE_VERSION", None)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            cwd=cwd,
            start_new_session=True,
        )
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    return process, master
