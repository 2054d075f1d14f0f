"""A 60 MB article (issue #9, case 4): time and peak memory of `reader render`, `reader search`
and the TUI, as ratios to the article's size measured in the same run.

Builds, in a temporary directory, a plain-text article of SIZE MB from the paragraphs of the
bundled articles (many paragraphs), and one of a single paragraph of the same words, then:

    reader render FILE            wall time, peak RSS / file size          (target <= 10x)
    reader search WORD FOLDER     wall time, peak RSS / file size          (target <= 10x)
    reader FOLDER (the TUI)       opens the article, `/` + a word at once, waits WAIT s,
                                  then `q`: seconds from `q` to exit (immediate), peak RSS

Peak RSS is the child's own (`wait4`). Usage: python bench/large.py [--size MB] [--wait S]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import Result, run, run_tui  # noqa: E402

WORD = "الحكومة"


def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [line for line in text.splitlines() if len(line) > 80]
    return found


def build(folder: Path, size: int, *, single: bool) -> Path:
    folder.mkdir(parents=True)
    source = paragraphs()
    parts: list[str] = []
    total = 0
    while total < size:
        for paragraph in source:
            parts.append(paragraph)
            total += len(paragraph.encode()) + 2
    separator = " " if single else "\n\n"
    path = folder / "big.txt"
    path.write_text(f"مقال كبير فيه {WORD}\n\n" + separator.join(parts) + "\n", encoding="utf-8")
    return path


def line(name: str, result: Result, size: int, *, quit_time: bool = False) -> str:
    ratio = result.peak_mb * 2**20 / size
    timing = f"quit {result.seconds:5.2f} s" if quit_time else f"{result.seconds:6.1f} s"
    status = "ok" if result.code == 0 and not result.timed_out else f"exit {result.code}"
    return f"  {name:<28} {timing}   peak {result.peak_mb:6.0f} MB = {ratio:4.1f}x   {status}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=60, help="article size in MB")
    parser.add_argument("--wait", type=float, default=3.0, help="seconds before q in the TUI")
    args = parser.parse_args()
    size = args.size * 2**20
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        for single in (False, True):
            folder = Path(tmp) / ("single" if single else "paragraphs")
            article = build(folder, size, single=single)
            actual = article.stat().st_size
            kind = "one paragraph" if single else "many paragraphs"
            print(f"{actual / 2**20:.0f} MB article, {kind}:")
            rendered = run(["render", article], home=home, timeout=1800, memory_mb=8192)
            print(line("reader render", rendered, actual))
            found = run(["search", WORD, folder], home=home, timeout=1800, memory_mb=8192)
            print(line("reader search", found, actual))
            keys = [b"/", *[c.encode() for c in WORD]]
            keys += [b""] * int(args.wait / 0.3)  # each "key" is followed by 0.3 s of reading
            keys.append(b"\x1b")  # the search box has the focus: Escape, then `q`
            tui = run_tui([folder], home=home, keys=keys, timeout=600, memory_mb=8192)
            print(line(f"TUI, q after {args.wait:.0f} s", tui, actual, quit_time=True))
    print("targets: peak <= 10x the article; the TUI quits at once")


if __name__ == "__main__":
    main()
