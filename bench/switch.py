"""Article switch: time from `n` to the new body painted, for the seed and a 1 MB article.

Each case runs `reader` on a pseudo-terminal over a folder of two articles: a short English one
(opened first) and the target. After the first article is on screen and the app is idle (its
background work done: scan, marks, search index), `n` is sent and the clock stops when a word
of the target's first paragraph reaches the terminal. The baseline ("bare repaint") is a
minimal Textual app whose `n` changes one Static. Peak RSS (VmHWM) is read once the target is
fully laid out. Fresh processes for every run; medians.

Targets (issue #3): seed switch within 16 ms of the bare repaint; the 1 MB article <= 3x the seed;
peak RSS with the 1 MB article open <= 2x the seed case.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import (
    BODY_WORD,
    MINIMAL_APP,
    ROOT,
    PtyApp,
    reader_argv,
    reader_env,
    visual,
)

RUNS = 5
#: Seconds the app is left alone before `n`: the search index of a 1 MB article is built then.
IDLE = 3.0
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"
OTHER = """+++
title = "A short English article"
+++

Opening paragraph with the word xylophone, shown before the switch.
"""


def big_article(size: int = 1_000_000) -> str:
    """The seed's title block and first paragraph, then seed paragraphs to `size` bytes.

    Every later paragraph is made unique (its words rotated, a number added) so that no cache
    of the engine can serve one paragraph for another: each is shaped and resolved afresh.
    """
    text = SEED.read_text(encoding="utf-8")
    head, _, body = text.partition("+ الخط -")
    paragraphs = [line.split() for line in body.splitlines() if len(line.split()) > 5]
    out = [head + "+ الخط -", " ".join(paragraphs[0])]
    total = sum(len(part.encode()) + 1 for part in out)
    copy = 0
    while total < size:
        copy += 1
        for words in paragraphs:
            shift = copy % len(words)
            line = " ".join([*words[shift:], *words[:shift], str(copy)])
            out.append(line)
            total += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def folder(root: Path, name: str, target: str) -> Path:
    path = root / name
    path.mkdir()
    (path / "a_other.md").write_text(OTHER, encoding="utf-8")
    (path / "b_target.txt").write_text(target, encoding="utf-8")
    return path


def switch_once(path: Path) -> tuple[float, int]:
    """One fresh reader (fresh settings and reading state: it opens the first article)."""
    with tempfile.TemporaryDirectory() as config_dir:
        return _switch(path, config_dir)


def _switch(path: Path, config_dir: str) -> tuple[float, int]:
    app = PtyApp(reader_argv(str(path)), reader_env(config_dir))
    try:
        app.wait_for(b"xylophone")
        app.drain(IDLE)  # let the background work (scan, marks, search index) finish
        offset, sent = app.press(b"n")
        painted = app.wait_for(visual(BODY_WORD), since=offset)
        app.drain(3.0)  # the rest of the article is laid out in the background
        return painted - sent, app.peak_rss_kib()
    finally:
        app.close()


def bare_repaint() -> float:
    app = PtyApp([sys.executable, "-c", MINIMAL_APP])
    try:
        app.wait_for(b"MINIMAL-READY")
        app.drain(0.5)
        offset, sent = app.press(b"n")
        return app.wait_for(b"MINIMAL-CHANGED", since=offset) - sent
    finally:
        app.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seed = folder(root, "seed", SEED.read_text(encoding="utf-8"))
        big = folder(root, "big", big_article())
        size = (big / "b_target.txt").stat().st_size
        bare: list[float] = []
        seed_runs: list[tuple[float, int]] = []
        big_runs: list[tuple[float, int]] = []
        switch_once(seed)  # warm the file cache
        for _ in range(RUNS):
            bare.append(bare_repaint())
            seed_runs.append(switch_once(seed))
            big_runs.append(switch_once(big))
        shutil.rmtree(root / "seed")
    b = statistics.median(bare)
    s = statistics.median(t for t, _ in seed_runs)
    g = statistics.median(t for t, _ in big_runs)
    s_rss = statistics.median(r for _, r in seed_runs)
    g_rss = statistics.median(r for _, r in big_runs)
    print(f"article switch (n -> body painted), median of {RUNS} fresh runs on a pty")
    print(f"  bare repaint (minimal app, one Static): {b * 1000:7.1f} ms")
    print(
        f"  seed article:                           {s * 1000:7.1f} ms"
        f"   (+{(s - b) * 1000:.1f} ms over bare; target <= +16 ms)"
    )
    print(
        f"  1 MB article ({size / 1e6:.2f} MB):             {g * 1000:7.1f} ms"
        f"   ({g / s:.2f}x the seed; target <= 3x)"
    )
    print(f"  peak RSS, seed open:                    {s_rss / 1024:7.1f} MiB")
    print(
        f"  peak RSS, 1 MB article open:            {g_rss / 1024:7.1f} MiB"
        f"   ({g_rss / s_rss:.2f}x; target <= 2x)"
    )


if __name__ == "__main__":
    main()
