"""A folder of 10,000 articles: `reader list` throughput, the TUI's first screen, peak memory.

Generates the folder in a temporary directory (a mix of plain-text scrapes, Markdown with front
matter, JSON, Windows-1256 and UTF-16 files, sizes from a headline to ~20 KB), then, in one run:

    reader list --json  over the folder vs over one article
        per-article cost = (folder - single) / articles -> articles/s   (target >= 2,000)
    reader (the TUI) on a 100x30 pseudo-terminal, folder vs one article:
        time until the first headline is painted (every title starts with "NEWS-")
        ratio folder / one article                                      (target <= 2x)
    peak RSS of each run, the TUI's measured once its scan has finished (target <= 250 MB)

Usage: python bench/folder.py [--articles N] [--keep DIR] [--no-tui]
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pty
import random
import resource
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
                [
                    f"NEWS-{number:05d} {title}",
                    "",
                    date,
                    "صورة من الأرشيف (Getty)",
                    "+ الخط -",
                    *body,
                ]
            )
            name.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
        elif kind < 7:
            front = f'+++\ntitle = "{title} {number}"\ndate = "{date}"\nsource = "bench"\n+++\n\n'
            text = front + "\n\n".join(f"**{p[:20]}**{p[20:]}" for p in body)
            name.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
        elif kind == 7:
            obj = {"title": f"NEWS-{number:05d} {title}", "date": date, "body": body}
            name.with_suffix(".json").write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
        elif kind == 8:
            text = "\n".join([f"NEWS-{number:05d} {title}", date, *body])
            name.with_suffix(".txt").write_bytes(text.encode("cp1256"))
        else:
            text = "\n".join([f"NEWS-{number:05d} Persian and English", _PERSIAN, _ENGLISH] * size)
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


MARKER = b"NEWS-"
PTY_SIZE = (100, 30)


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _tui(paths: list[Path], home: Path, timeout: float = 120.0) -> tuple[float, float, float]:
    """Seconds to the first painted headline, seconds until the output goes quiet (the scan is
    over), and the peak RSS in MB at that point."""
    master, slave = pty.openpty()
    columns, rows = PTY_SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "READER_STATE": str(home / "state.sqlite"),
        "READER_CONFIG": str(home / "config.toml"),
        "XDG_STATE_HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "XDG_DATA_HOME": str(home),
    }
    command = [sys.executable, "-m", "reader", *map(str, paths), "--ui", "en", "--bidi", "app"]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output = bytearray()
    first: float | None = None
    try:
        deadline = start + timeout
        quiet_since = time.perf_counter()
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            now = time.perf_counter()
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    break
                output.extend(chunk)
                quiet_since = now
                if first is None and MARKER in output:
                    first = now - start
            elif first is not None and now - quiet_since > 1.5:
                break  # the scan is over: nothing repaints any more
        settled = time.perf_counter() - start
        rss = _peak_rss_mb(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        os.close(master)
    if first is None:
        raise SystemExit(f"the TUI never painted a headline: {bytes(output[-400:])!r}")
    return first, settled, rss


def _tui_figures(folder: Path, single: Path, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="reader-bench-home-") as home:
        _tui([single], Path(home))  # warm caches
        one = statistics.median(_tui([single], Path(home))[0] for _ in range(runs))
        timings = [_tui([folder], Path(home)) for _ in range(runs)]
    many = statistics.median(t for t, _, _ in timings)
    settled = statistics.median(s for _, s, _ in timings)
    rss = max(r for _, _, r in timings)
    print(
        f"TUI first headline, 1    {one * 1000:8.1f} ms   (median of {runs}, {PTY_SIZE[0]}x"
        f"{PTY_SIZE[1]} pty)"
    )
    print(f"TUI first headline, all  {many * 1000:8.1f} ms")
    print(f"ratio folder/single      {many / one:8.2f}x   (target <= 2x)")
    print(f"TUI quiet (scan over)    {settled * 1000:8.1f} ms")
    print(f"TUI peak RSS after scan  {rss:8.1f} MB   (target <= 250 MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--no-tui", action="store_true", help="measure `reader list` only")
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
        per_article = (many - one) / max(1, listed)
        rate = 1 / per_article if per_article > 0 else float("inf")
        print(f"articles listed          {listed:,} of {args.articles:,}")
        print(f"reader list, 1 article   {one * 1000:8.1f} ms")
        print(f"reader list, folder      {many * 1000:8.1f} ms")
        print(f"per-article cost         {per_article * 1e6:8.1f} us  ->  {rate:,.0f} articles/s")
        print(f"reader list peak RSS     {rss_mb:8.1f} MB")
        if not args.no_tui:
            _tui_figures(folder, single)
        unchanged = _tree_hash(folder) == before
    print(f"folder unchanged         {unchanged}")
    return 0 if unchanged else 1


if __name__ == "__main__":
    raise SystemExit(main())
