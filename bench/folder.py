"""`reader list` over a folder of 10,000 articles versus one article, and peak memory.

Generates the folder in a temporary directory (a mix of plain-text scrapes, Markdown with front
matter, JSON, Windows-1256 and UTF-16 files, sizes from a headline to ~20 KB), then runs
`reader list --json` as a subprocess over the folder and over a single article, and prints:

    per-article cost = (folder time - single time) / articles  ->  articles per second (>= 2,000)
    peak RSS of the folder run (<= 250 MB)

The TUI's time to first screen (10,000 vs 1 article) belongs to the UI; it is measured by the UI's
own benchmark, not here.

Usage: python bench/folder.py [--articles N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"

_PERSIAN = (
    "پژوهشگران دانشگاه تهران گزارش دادند که مصرف آب در کشاورزی نسبت به سال گذشته کاهش یافته است."
)
_ENGLISH = "The ministry said the new bridge would open to traffic next spring, ahead of schedule."


def _paragraphs(rng: random.Random, pool: list[str], count: int) -> list[str]:
    return [rng.choice(pool) for _ in range(count)]


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """`count` articles in `folder`, spread over 100 sub-folders, deterministic for a seed."""
    rng = random.Random(seed)
    lines = [line.rstrip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    pool = [line for line in lines[8:] if len(line) > 80]
    title = lines[0]
    months = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "حزيران", "تموز", "آب", "أيلول"]
    for number in range(count):
        sub = folder / f"{number % 100:02d}"
        sub.mkdir(exist_ok=True)
        size = rng.choice((1, 3, 6, 10, 20, 40))
        date = f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(2015, 2024)}"
        kind = number % 10
        body = _paragraphs(rng, pool, size)
        name = sub / f"{number:05d}"
        if kind < 5:
            text = "\n".join(
                [f"{title} {number}", "", date, "صورة من الأرشيف (Getty)", "+ الخط -", *body]
            )
            name.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
        elif kind < 7:
            front = f'+++\ntitle = "{title} {number}"\ndate = "{date}"\nsource = "bench"\n+++\n\n'
            text = front + "\n\n".join(f"**{p[:20]}**{p[20:]}" for p in body)
            name.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
        elif kind == 7:
            obj = {"title": f"{title} {number}", "date": date, "body": body}
            name.with_suffix(".json").write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
        elif kind == 8:
            text = "\n".join([f"{title} {number}", date, *body])
            name.with_suffix(".txt").write_bytes(text.encode("cp1256"))
        else:
            text = "\n".join([f"Persian and English {number}", _PERSIAN, _ENGLISH] * size)
            name.with_suffix(".txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(paths: list[Path]) -> tuple[float, int]:
    """Seconds for `reader list --json PATHS` and the number of articles it listed."""
    command = [sys.executable, "-m", "reader", "list", "--json", *map(str, paths)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"reader list failed: {done.stderr.decode(errors='replace')}")
    result = json.loads(done.stdout)
    if result["errors"]:
        print(f"  ({len(result['errors'])} errors, first: {result['errors'][0]})")
    return elapsed, len(result["articles"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as temp:
        folder = args.keep or Path(temp) / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, args.articles)
        before = _tree_hash(folder)
        single = next(iter(sorted(folder.rglob("*.txt"))))
        _run([single])  # warm the page cache and the import cache
        one, _ = min(_run([single]) for _ in range(3))
        many, listed = _run([folder])
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        unchanged = _tree_hash(folder) == before
    per_article = (many - one) / max(1, listed)
    rate = 1 / per_article if per_article > 0 else float("inf")
    print(f"articles listed          {listed:,} of {args.articles:,}")
    print(f"reader list, 1 article   {one * 1000:8.1f} ms")
    print(f"reader list, folder      {many * 1000:8.1f} ms")
    print(f"per-article cost         {per_article * 1e6:8.1f} us  ->  {rate:,.0f} articles/s")
    print(f"ratio folder/single      {many / one:8.1f}x")
    print(f"peak RSS (children)      {rss_mb:8.1f} MB")
    print(f"folder unchanged         {unchanged}")
    print(f"targets: >= 2,000 articles/s: {rate >= 2000}; peak RSS <= 250 MB: {rss_mb <= 250}")
    return 0 if unchanged else 1


if __name__ == "__main__":
    raise SystemExit(main())
