"""Issue #9 case 4: a very large article is rendered in bounded time and memory.

`reader render` lays out and writes one paragraph at a time; the engine keeps one byte per
character of class state (no per-character Python objects, no quadratic bracket pairing), so its
peak stays within a small multiple of the article. Checked in a child process, with its address
space capped (`RLIMIT_AS`) and a generous timeout, never with a clock inside the test process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"

#: The size of the test article (bytes) and of the address space its render may use: ten
#: times the article, over what the interpreter and the reader's imports take by themselves.
ARTICLE_BYTES = 6 * 1024 * 1024
BASELINE = 96 * 1024 * 1024
LIMIT = BASELINE + 10 * ARTICLE_BYTES
TIMEOUT = 180


def _words() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [word for line in text.splitlines() if len(line) > 80 for word in line.split()]


def _one_paragraph_article(path: Path) -> None:
    """A title, then one paragraph of ARTICLE_BYTES of Arabic news words, with what made it
    slow or fatal: bracket pairs around left-to-right text every few words (pairing them
    looked back over the whole paragraph each time), lam-alef already in presentation form
    (a traceback), numbers, Latin words and harakat."""
    words = _words()
    extra = ["(AFP)", "«مصدر»", "[2021]", "مُصْطَفَى", "(Getty)", "\ufefbجئ", "٢٠٢١"]
    out: list[str] = []
    size = 0
    index = 0
    while size < ARTICLE_BYTES:
        word = extra[index % len(extra)] if index % 3 == 0 else words[index % len(words)]
        out.append(word)
        size += len(word.encode("utf-8")) + 1
        index += 1
    path.write_text("مقال من فقرة واحدة\n\n" + " ".join(out) + "\n", encoding="utf-8")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def test_a_one_paragraph_article_of_6_mb_renders_in_bounded_time_and_memory(tmp_path: Path) -> None:
    article = tmp_path / "big.txt"
    _one_paragraph_article(article)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "render", str(article), "--width", "60"],
        capture_output=True,
        cwd=ROOT,
        preexec_fn=_cap_memory,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stderr == b""
    assert result.returncode == 0
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert lines[0].strip() == "ﺓﺪﺣﺍﻭ ﺓﺮﻘﻓ ﻦﻣ ﻝﺎﻘﻣ"  # the title, shaped and reordered
    assert lines[1] == ""
    # The paragraph is over a million characters: it is shown as paragraphs of about 100,000
    # (separated by blank lines). Every character is on some line: 6 MB of two-byte letters in
    # lines of at most 60 cells.
    body = [line for line in lines[2:-1] if line]
    assert len(lines[2:-1]) - len(body) < ARTICLE_BYTES // 100_000 + 2
    assert len(body) > ARTICLE_BYTES // 2 // 60
    assert all(cell_len(line) <= 60 for line in body)


def test_the_memory_cap_is_real(tmp_path: Path) -> None:
    """The cap above does stop a process that needs more (so the test above can fail)."""
    script = f"data = bytearray({LIMIT}); print(len(data))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        preexec_fn=_cap_memory,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode != 0
    assert b"MemoryError" in result.stderr
