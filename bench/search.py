"""Search over 10,000 articles: index build vs a parse-everything pass, query vs a LIKE scan.

Generates (once; later runs reuse it) a folder of plain-text Arabic articles in the seed's
format, with a Zipf-distributed vocabulary (the bundled articles' words plus synthetic ones),
attached prefixes (و، ال، بال …) and occasional harakat, so that queries range from rare to
common words. Then, in one run, it measures:

    parse pass    every article read and parsed (`discover` + `load_all`, what `reader list` does)
    reader list   `reader list --json` as a subprocess over the same folder
    index build   a cold `SearchIndex.sync` into a fresh file (parsing included)
    re-sync       the same sync again with nothing changed (the start-up cost of a warm index)
    queries       median latency of `search`: all matches ranked, no snippets; the first 20
                  with snippets (the CLI, a result page); the first 3 or 1 letters of the query
                  as a word beginning, unranked (the UI narrowing its list as you type) —
                  versus a plain LIKE scan of the stored article text for the same word

Target: median query <= 50 ms and <= 0.1x the scan.

Usage: python bench/search.py [--articles N] [--folder DIR] [--queries N]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.search import SearchIndex  # noqa: E402
from reader.search.normalize import match_text, words  # noqa: E402
from reader.sources import discover, load_all  # noqa: E402
from reader.statedb import path_from_key  # noqa: E402

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإىة"
_PREFIXES = ["و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "فال"]
_HARAKAT = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652"]
_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "حزيران", "تموز", "آب", "أيلول"]


def _vocabulary(rng: random.Random, synthetic: int) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((ROOT / "articles").glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for word in re.findall(r"[\u0621-\u064a]{2,}", text):
            found[word] = None
    while len(found) < synthetic:
        found["".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 8)))] = None
    vocabulary = list(found)
    rng.shuffle(vocabulary)
    return vocabulary


def _zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


def generate(folder: Path, count: int, seed: int = 11) -> None:
    """`count` plain-text articles in 100 sub-folders; deterministic for a seed."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 30_000)
    weights = _zipf_weights(len(vocabulary))
    for number in range(count):
        sub = folder / f"{number % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        chosen = rng.choices(vocabulary, weights, k=rng.randint(150, 600) + 8)
        decorated = []
        for word in chosen:
            if rng.random() < 0.25:
                word = rng.choice(_PREFIXES) + word
            if rng.random() < 0.05:
                word = word[:1] + rng.choice(_HARAKAT) + word[1:]
            decorated.append(word)
        title = " ".join(decorated[:8])
        body = decorated[8:]
        paragraphs = [" ".join(body[i : i + 60]) + "." for i in range(0, len(body), 60)]
        date = f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2015, 2024)}"
        text = "\n".join([title, "", title, "", date, "صورة من الأرشيف", "+ الخط -", *paragraphs])
        (sub / f"{number:05d}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / ".complete").write_text(f"{count} {seed}\n")


def _folder(args: argparse.Namespace) -> Path:
    folder = (
        Path(args.folder)
        if args.folder
        else Path(tempfile.gettempdir()) / f"reader-bench-search-{args.articles}"
    )
    marker = folder / ".complete"
    if marker.exists() and marker.read_text().split()[0] == str(args.articles):
        print(f"reusing {folder}")
    else:
        print(f"generating {args.articles} articles in {folder} …", flush=True)
        generate(folder, args.articles)
    return folder


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _parse_pass(folder: Path) -> int:
    count = 0
    for path in discover([folder]):
        count += sum(1 for _ in load_all(path))
    return count


def _queries(index_words: list[str], rng: random.Random, count: int) -> list[str]:
    """Single words over the frequency range, and pairs; written un-normalized as users type."""
    ranked = index_words
    picks = []
    for n in range(count):
        band = n % 3  # common, middling, rare
        pool = (
            ranked[: len(ranked) // 100 or 1]
            if band == 0
            else (
                ranked[len(ranked) // 100 : len(ranked) // 10]
                if band == 1
                else ranked[len(ranked) // 10 :]
            )
        )
        word = rng.choice(pool)
        if n % 4 == 3:
            word += " " + rng.choice(ranked[: len(ranked) // 10])
        picks.append(word)
    return picks


def like_scan(conn: sqlite3.Connection, needle: str) -> list[Path]:
    """Articles whose stored title or text contains `needle`, by a plain LIKE scan.

    The baseline the index is measured against, on a connection of its own to the index file
    (the tables of `reader.search.tables`); it knows no Arabic rules and reads every stored
    article, which is why it is not part of the reader.
    """
    pattern = "%" + needle.replace("%", "").replace("_", "") + "%"
    rows = conn.execute(
        "SELECT d.path FROM docs d JOIN doc_text t ON t.id = d.id "
        "WHERE d.title LIKE ? OR t.body LIKE ?",
        (pattern, pattern),
    ).fetchall()
    return [path_from_key(bytes(r[0])) for r in rows]


def _median_ms(action: Callable[[str], object], queries: list[str]) -> float:
    times = []
    for query in queries:
        start = time.perf_counter()
        action(query)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--folder", default=None, help="reuse or create the article folder here")
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    folder = _folder(args)

    parse_s, parsed = _timed(lambda: _parse_pass(folder))
    list_s, _ = _timed(
        lambda: subprocess.run(
            [sys.executable, "-m", "reader", "list", "--json", str(folder)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            check=False,
        )
    )
    with tempfile.TemporaryDirectory() as scratch:
        index = SearchIndex.open(Path(scratch) / "index.sqlite3")
        build_s, stats = _timed(lambda: index.sync(discover([folder]), load_all))
        resync_s, _ = _timed(lambda: index.sync(discover([folder]), load_all))
        scan_conn = sqlite3.connect(f"file:{index.path}?mode=ro", uri=True)
        size_mb = sum(p.stat().st_size for p in Path(scratch).iterdir()) / 1e6

        # Words ranked by how many articles hold them, from a sample of the folder.
        frequency: dict[str, int] = {}
        for path in list(discover([folder]))[:: max(1, args.articles // 500)]:
            for article in load_all(path):
                if isinstance(article, Exception):
                    continue
                text = " ".join(p.text for p in article.paragraphs)
                for word in sorted(set(words(match_text(text)))):
                    frequency[word] = frequency.get(word, 0) + 1
        ranked = sorted(frequency, key=lambda w: -frequency[w])
        queries = _queries(ranked, random.Random(5), args.queries)

        for query in queries[:5]:  # warm the page cache and the statement cache
            index.search(query, snippets=False)
            like_scan(scan_conn, query.split()[0])
        all_ms = _median_ms(lambda q: index.search(q, snippets=False), queries)
        page_ms = _median_ms(lambda q: index.search(q, limit=20), queries)
        partial_ms = _median_ms(
            lambda q: index.search(q[:3], partial=True, snippets=False, ranked=False), queries
        )
        first_ms = _median_ms(
            lambda q: index.search(q[:1], partial=True, snippets=False, ranked=False), queries
        )
        scan_ms = _median_ms(lambda q: like_scan(scan_conn, q.split()[0]), queries)
        matches = statistics.median(len(index.search(q, snippets=False)) for q in queries)
        scan_conn.close()
        index.close()

    articles = stats.files  # type: ignore[attr-defined]
    rows = [
        ("parse pass (discover + load_all)", f"{parse_s:7.2f} s", ""),
        ("reader list --json (subprocess)", f"{list_s:7.2f} s", ""),
        (
            "index build (cold, parse incl.)",
            f"{build_s:7.2f} s",
            f"{build_s / parse_s:.2f}x the parse pass, {build_s / list_s:.2f}x reader list",
        ),
        ("re-sync, nothing changed", f"{resync_s:7.2f} s", f"{resync_s / parse_s:.3f}x the parse"),
        (
            "search: all matches, no snippets",
            f"{all_ms:7.2f} ms",
            f"{all_ms / scan_ms:.3f}x the scan",
        ),
        (
            "search: first 20 with snippets",
            f"{page_ms:7.2f} ms",
            f"{page_ms / scan_ms:.3f}x the scan",
        ),
        (
            "as-you-type: 3 letters, unranked",
            f"{partial_ms:7.2f} ms",
            f"{partial_ms / scan_ms:.3f}x",
        ),
        ("as-you-type: 1 letter, unranked", f"{first_ms:7.2f} ms", f"{first_ms / scan_ms:.3f}x"),
        ("LIKE scan of the article table", f"{scan_ms:7.2f} ms", ""),
    ]
    print(f"\narticles: {parsed} parsed, {articles} files indexed, index {size_mb:.0f} MB")
    print(f"queries: {len(queries)} (median {matches:.0f} matching articles), medians:")
    for label, value, ratio in rows:
        print(f"  {label:<34}{value:>11}   {ratio}")
    ok = all_ms <= 50 and all_ms <= 0.1 * scan_ms and page_ms <= 50 and page_ms <= 0.1 * scan_ms
    print(f"target (median <= 50 ms and <= 0.1x the scan): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
