"""Nothing from an article reaches the terminal as an escape sequence.

The real `reader` runs on a pseudo-terminal over articles whose titles, fields and bodies carry
ESC sequences, OSC 52 (clipboard), OSC 8 (hyperlink), a DCS string and C1 controls; every byte the
app writes while it shows them (both bidi modes, the help screen, every article) is scanned.
"""

from __future__ import annotations

import os
import pty
import select
from pathlib import Path

import pytest

from tests.support import reader_on_pty

OSC52 = "\x1b]52;c;UFdORUQtQ0xJUEJPQVJE\x07"  # base64 of PWNED-CLIPBOARD
OSC8 = "\x1b]8;;https://evil.example/PWNED-LINK\x1b\\click\x1b]8;;\x1b\\"
TITLE_SET = "\x1b]0;PWNED-TITLE\x07"
DCS = "\x1bP+qPWNED-DCS\x1b\\"
CSI_CLEAR = "\x1b[2J\x1b[31m"
C1_CSI = "\u009b31m"

#: What must never appear in the app's output, in any form.
FORBIDDEN = [
    b"\x1b]52",
    b"UFdORUQtQ0xJUEJPQVJE",
    b"\x1b]8;",
    b"PWNED",
    b"\x1b[2J",
    b"\xc2\x9b",  # U+009B (C1 CSI) as UTF-8
    b"\x9b31m",
]


def _articles(folder: Path) -> None:
    (folder / "a_hostile.txt").write_text(
        f"خبر{OSC52} عاجل{TITLE_SET}\n\n18 ابريل 2021\n"
        f"تعليق الصورة {DCS}(Getty{C1_CSI})\n\n"
        f"الفقرة الأولى{CSI_CLEAR} فيها رابط {OSC8} ونص.\n"
        f"Second paragraph {OSC52} with a clipboard payload {C1_CSI}.\n",
        encoding="utf-8",
    )
    (folder / "b_fields.md").write_text(
        "+++\n"
        'title = "Fields \\u001b]52;c;UFdORUQtQ0xJUEJPQVJE\\u0007 title"\n'
        'source = "Wire \\u001b]0;PWNED-TITLE\\u0007"\n'
        'authors = ["A \\u001b]8;;https://evil.example/PWNED-LINK\\u001b\\\\B"]\n'
        'caption = "Cap \\u009b31m tion"\n'
        "+++\n\nBody \u202eoverride\u202c and \x1b[2J clear.\n",
        encoding="utf-8",
    )


def _read_until(fd: int, out: bytearray, needle: bytes | None, limit: int = 3000) -> None:
    """Read what the app writes until `needle` shows up (or it goes quiet / exits)."""
    for _ in range(limit):
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            out.extend(data)
        elif needle is None or needle in out:
            return


def test_no_escape_sequence_from_an_article_reaches_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    _articles(folder)
    process, master = reader_on_pty(
        [str(folder), "--ui", "en"],
        tmp_path,
        {
            "TERM": "xterm-256color",
            "READER_CONFIG": str(tmp_path / "config.toml"),
            "READER_STATE": str(tmp_path / "state.sqlite3"),
        },
        size=(30, 100),
    )
    out = bytearray()
    try:
        _read_until(master, out, b"Headlines")
        # (The help screen is closed with `?`: a lone ESC followed quickly by a key would be
        # read as Alt+key on a loaded machine.)
        for key in (b"j", b"k", b"d", b"j", b"m", b"d", b"?", b"?", b"G", b"L"):
            before = len(out)
            os.write(master, key)
            _read_until(master, out, None, limit=20)
            assert process.poll() is None, bytes(out[before:])[-2000:]
        os.write(master, b"q")
        for _ in range(1200):  # keep reading: a full pty would block the app's last writes
            _read_until(master, out, None, limit=1)
            if process.poll() is not None:
                break
        _read_until(master, out, None, limit=20)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    assert b"Headlines" in out
    assert b"Fields" in out  # the hostile articles were shown
    for forbidden in FORBIDDEN:
        assert forbidden not in out, forbidden
    # `d` twice: implicit mode requested at the switch, explicit again when switching back.
    assert out.count(b"\x1b[8l") >= 2
    # Our own requests are there, and undone: BDSM explicit at start, implicit at the end.
    assert out.startswith(b"\x1b[8l") or b"\x1b[8l" in out[:200]
    assert out.rstrip().endswith(b"\x1b[8h") or b"\x1b[8h" in out[-200:]


if not hasattr(pty, "openpty"):  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="no pseudo-terminals on this platform")
