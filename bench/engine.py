"""Engine throughput on ~1 MB of Arabic text vs arabic-reshaper's `reshape` alone, in one run.

Prints three figures and their ratios to reshaping alone (higher is better):
- reshape: arabic-reshaper's default `reshape` over every paragraph;
- engine: the whole engine (sanitize, shape, levels, wrap, reorder, align) at width 80;
- rewrap: a width change with levels cached (wrap + reorder only) at width 100.
Targets (issue #2): engine >= 0.5x reshape, rewrap >= 5x reshape.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabic_reshaper import reshape  # noqa: E402

from reader.text.layout import PreparedParagraph  # noqa: E402

SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"


def corpus(size: int = 1_000_000) -> list[str]:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    out: list[str] = []
    total = 0
    n = 0
    while total < size:
        # Vary each copy a little so no cache can help: a number that changes per copy.
        p = f"{paragraphs[n % len(paragraphs)]} {n}"
        out.append(p)
        total += len(p.encode("utf-8"))
        n += 1
    return out


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    paragraphs = corpus()
    megabytes = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    t_reshape = best_of(3, lambda: [reshape(p) for p in paragraphs])
    prepared: list[PreparedParagraph] = []

    def engine() -> None:
        prepared.clear()
        for p in paragraphs:
            pp = PreparedParagraph(p)
            pp.lines(80)
            prepared.append(pp)

    t_engine = best_of(3, engine)

    def rewrap() -> None:
        for pp in prepared:
            pp._cache.clear()
            pp.lines(100)

    t_rewrap = best_of(3, rewrap)
    print(f"text: {megabytes:.2f} MB, {len(paragraphs)} paragraphs")
    print(f"reshape alone : {megabytes / t_reshape:6.2f} MB/s")
    print(
        f"whole engine  : {megabytes / t_engine:6.2f} MB/s  ratio {t_reshape / t_engine:.2f}x"
        " (target >= 0.5x)"
    )
    print(
        f"re-wrap only  : {megabytes / t_rewrap:6.2f} MB/s  ratio {t_reshape / t_rewrap:.2f}x"
        " (target >= 5x)"
    )


if __name__ == "__main__":
    main()
