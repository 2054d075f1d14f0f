"""Refreshing 200 feeds (issue #12): the reader's refresh vs newsboat on the same loopback feeds.

Builds 200 RSS 2.0 feeds of 50 Arabic items each (~56 KB a feed: titles and descriptions taken
from the Arabic feed excerpts in tests/data/feeds and the bundled articles, varied per item, with
a GUID, a pubDate and a category), and serves them from a separate process (so the server does
not compete for the measured process's GIL) that holds every response 100 ms, as a network round
trip would, answers `If-None-Match`/`If-Modified-Since` with a bare 304, and counts the requests
(so each run is checked to have really fetched every feed).

Each feed is on its own loopback host, 127.0.0.2 … 127.0.0.201 (one port each): 200 subscriptions
are, in the real world, on ~200 different servers, and the reader bounds fetches per host
(`Limits.per_host` = 4) as well as overall (16). All 200 on 127.0.0.1 would measure the per-host
bound instead; that case is timed too and printed as an aside. Then, in one run:

    first refresh   `reader.feeds.refresh.refresh` with the default Limits into a fresh items
                    database on disk, vs `newsboat -x reload` (2.21, fresh cache each run) with
                    `reload-threads 1` (its default) and 8.
                    Targets: faster than newsboat at 8 threads, and >= 5x faster than at 1.
    304 refresh     the same refresh again, every feed answering 304 (nothing parsed or written
                    but the check), vs the same conditional requests made bare with httpx at the
                    same concurrency (16). Target: <= 1.2x.
    stored items    20,000 items (400 feeds x 50) vs 100: in a fresh child process, opening the
                    items database and the first screen's 14 items (`ItemsStore.iter_headlines`,
                    as the TUI reads them before its first paint; the rest after it, in the
                    scan's worker), then the whole list, and the child's peak RSS.
                    Targets: <= 1.3x the 100-item figure; memory <= 250 MB.
    full text       `bench/fulltext.py`: 50 stored news pages (real Arabic, Persian and Urdu
                    articles inside a site's boilerplate), extraction time per page (median, p95)
                    and the one-time import of trafilatura; skipped when it is not installed.

The reader's modules are imported before the clock starts (a `reader refresh` from cron pays
~0.2 s more, once). Usage: python bench/feeds.py [--runs N] [--skip-newsboat]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from email.utils import formatdate
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.feeds.fetch import Fetched, Limits  # noqa: E402
from reader.feeds.items import ItemsStore  # noqa: E402
from reader.feeds.parse import parse_feed  # noqa: E402
from reader.feeds.refresh import refresh  # noqa: E402
from reader.feeds.subscriptions import Subscription  # noqa: E402

FEEDS = 200
ITEMS = 50
DELAY = 0.1
NEWSBOAT = "/usr/bin/newsboat"
#: The 304 refresh and its bare baseline are timed this many times each, alternately.
ROUNDS_304 = 5
_ARABIC = re.compile(r"[\u0621-\u064a]")
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_TAG = re.compile(r"<(title|description|category)>(.*?)</\1>", re.S)


# -- the feeds --------------------------------------------------------------------------------


def _texts() -> tuple[list[str], list[str], list[str]]:
    """Arabic titles, paragraphs and categories from the feed excerpts and bundled articles."""
    titles: list[str] = []
    paragraphs: list[str] = []
    categories: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "feeds").glob("akhbarona-*.rss")):
        found = _TAG.findall(path.read_text(encoding="utf-8"))
        for tag, value in found[3:]:  # after the channel's own title and description
            text = html.unescape(value).strip()
            {"title": titles, "description": paragraphs, "category": categories}[tag].append(text)
    for path in sorted((ROOT / "articles").glob("*.txt")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        if any(_PERSIAN.search(line) for line in lines):  # Arabic only
            continue
        for line in lines:
            if _ARABIC.search(line) and len(line) > 80:
                paragraphs.append(line.strip())
            elif _ARABIC.search(line) and 20 < len(line) <= 80:
                titles.append(line.strip())
    return titles, paragraphs, categories


def feed_body(number: int, texts: tuple[list[str], list[str], list[str]]) -> bytes:
    """Feed `number`: RSS 2.0, 50 items, ~56 KB; deterministic."""
    titles, paragraphs, categories = texts
    rng = random.Random(number)
    base = 1_780_000_000 - number * 600
    items: list[str] = []
    for index in range(ITEMS):
        words = rng.choice(titles).split()
        rng.shuffle(words)
        title = " ".join(words[:14]) + f" ({index + 1})"
        text = ""
        while len(text.encode()) < 600:
            paragraph = rng.choice(paragraphs)
            start = rng.randrange(max(1, len(paragraph) // 2))
            text += f"<p>{html.escape(paragraph[start:][:500])}</p>"
        items.append(
            "<item>"
            f"<title>{html.escape(title)}</title>"
            f"<link>https://news{number}.example/article/{index}.html</link>"
            f'<guid isPermaLink="false">news{number}-{index}</guid>'
            f"<category>{html.escape(rng.choice(categories))}</category>"
            f"<pubDate>{formatdate(base - index * 3600, usegmt=True)}</pubDate>"
            f"<description>{html.escape(text)}</description>"
            "</item>"
        )
    channel = (
        f"<title>أخبار {number}</title><link>https://news{number}.example/</link>"
        "<description>جريدة إلكترونية</description><language>ar</language>"
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{channel}'
    return (xml + "".join(items) + "</channel></rss>\n").encode()


# -- the server (a separate process) ----------------------------------------------------------

_LAST_MODIFIED = formatdate(1_780_000_000, usegmt=True)


class _Counts:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.requests = self.ok = self.not_modified = self.in_flight = self.peak = 0


async def _serve(hosts: list[str], bodies: list[bytes], pipe: Connection) -> None:
    counts = _Counts()

    def reply(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        length = f"Content-Length: {len(body)}\r\n"
        return f"HTTP/1.1 {status}\r\n{head}{length}\r\n".encode() + body

    async def answer(target: str, headers: dict[str, str]) -> bytes:
        if target == "/_stats":
            stats = {name: getattr(counts, name) for name in ("requests", "ok", "not_modified")}
            return reply("200 OK", {}, json.dumps({**stats, "peak": counts.peak}).encode())
        if target == "/_reset":
            counts.reset()
            return reply("200 OK", {})
        match = re.fullmatch(r"/feed/(\d+)\.rss", target)
        if match is None or int(match[1]) >= len(bodies):
            return reply("404 Not Found", {})
        number = int(match[1])
        counts.requests += 1
        counts.in_flight += 1
        counts.peak = max(counts.peak, counts.in_flight)
        try:
            await asyncio.sleep(DELAY)
        finally:
            counts.in_flight -= 1
        etag = f'"feed{number}-v1"'
        validators = {"ETag": etag, "Last-Modified": _LAST_MODIFIED}
        if headers.get("if-none-match") == etag or (
            "if-none-match" not in headers and headers.get("if-modified-since") == _LAST_MODIFIED
        ):
            counts.not_modified += 1
            return reply("304 Not Modified", validators)
        counts.ok += 1
        kind = {"Content-Type": "application/rss+xml; charset=utf-8"}
        return reply("200 OK", {**validators, **kind}, bodies[number])

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                target = line.decode("latin-1").split(" ")[1]
                headers: dict[str, str] = {}
                while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                writer.write(await answer(target, headers))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, IndexError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(connection, host, 0, backlog=512) for host in hosts]
    ports = [server.sockets[0].getsockname()[1] for server in servers]
    pipe.send(ports)
    await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # until told to stop


def _server_main(hosts: list[str], bodies: list[bytes], pipe: Connection) -> None:
    asyncio.run(_serve(hosts, bodies, pipe))


class Server:
    """The feeds served from another process; `hosts[i]` serves feed i (a host may repeat)."""

    def __init__(self, hosts: list[str], bodies: list[bytes]) -> None:
        unique = list(dict.fromkeys(hosts))
        self._pipe, child = multiprocessing.Pipe()
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_server_main, args=(unique, bodies, child))
        self._process.start()
        port = dict(zip(unique, self._pipe.recv(), strict=True))
        self.urls = [f"http://{h}:{port[h]}/feed/{n}.rss" for n, h in enumerate(hosts)]
        self._control = f"http://{unique[0]}:{port[unique[0]]}"

    def stats(self) -> dict[str, int]:
        with urllib.request.urlopen(self._control + "/_stats", timeout=5) as answer:
            stats: dict[str, int] = json.loads(answer.read())
        return stats

    def reset(self) -> None:
        urllib.request.urlopen(self._control + "/_reset", timeout=5).close()

    def stop(self) -> None:
        self._pipe.send("stop")
        self._process.join(5)
        if self._process.is_alive():
            self._process.terminate()


# -- the measurements -------------------------------------------------------------------------


def _check(server: Server, what: str, ok: int, not_modified: int = 0) -> dict[str, int]:
    stats = server.stats()
    if stats["ok"] != ok or stats["not_modified"] != not_modified:
        print(f"  !! {what}: expected {ok} full answers and {not_modified} 304s, got {stats}")
    server.reset()
    return stats


def reader_refresh(server: Server, folder: Path) -> tuple[float, ItemsStore, dict[str, int]]:
    """A refresh with the default Limits into a fresh items database in `folder`."""
    folder.mkdir(parents=True)
    store = ItemsStore.open(folder / "items.sqlite3")
    subscriptions = [Subscription(url) for url in server.urls]
    server.reset()
    start, cpu = time.perf_counter(), time.process_time()
    results = refresh(subscriptions, store)
    elapsed = time.perf_counter() - start
    stats = _check(server, "reader", len(server.urls))
    stats["cpu_ms"] = round((time.process_time() - cpu) * 1000)
    bad = [r for r in results if r.status != "ok" or r.new != ITEMS]
    if bad:
        print(f"  !! reader: {len(bad)} feeds not refreshed in full, e.g. {bad[0]}")
    return elapsed, store, stats


def newsboat(server: Server, folder: Path, threads: int) -> tuple[float, int, dict[str, int]]:
    """`newsboat -x reload` on a fresh cache: seconds, items in its cache, server counts."""
    folder.mkdir(parents=True)
    urls, cache, config = folder / "urls", folder / "cache.db", folder / "config"
    urls.write_text("".join(url + "\n" for url in server.urls))
    config.write_text(f"reload-threads {threads}\n")
    argv = [NEWSBOAT, "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    env = {"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"}
    server.reset()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  !! newsboat exited {done.returncode}: {done.stderr.decode()[-300:]}")
    stats = _check(server, f"newsboat {threads}", len(server.urls))
    import sqlite3

    with sqlite3.connect(cache) as conn:
        stored = int(conn.execute("SELECT count(*) FROM rss_item").fetchone()[0])
    return elapsed, stored, stats


async def _bare(server: Server, validators: list[tuple[str, str | None, str | None]]) -> None:
    """The 304 refresh's requests, bare: same headers, same concurrency, one fresh client."""
    import httpx

    limits = Limits()
    pool = httpx.Limits(max_connections=limits.concurrency)
    overall = asyncio.Semaphore(limits.concurrency)
    async with httpx.AsyncClient(limits=pool, trust_env=True) as client:

        async def one(url: str, etag: str | None, modified: str | None) -> None:
            headers = {"If-None-Match": etag or "", "If-Modified-Since": modified or ""}
            async with overall:
                answer = await client.get(url, headers=headers)
                await answer.aread()

        await asyncio.gather(*(one(*request) for request in validators))


def not_modified_rounds(server: Server, store: ItemsStore) -> tuple[list[float], list[float]]:
    subscriptions = [Subscription(url) for url in server.urls]
    validators = [(s.url, s.etag, s.last_modified) for s in store.feeds()]
    reader_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(ROUNDS_304):
        server.reset()
        start = time.perf_counter()
        results = refresh(subscriptions, store)
        reader_times.append(time.perf_counter() - start)
        if any(r.status != "not-modified" for r in results):
            print("  !! 304 refresh: some feeds were not 'not-modified'")
        _check(server, "reader 304", 0, len(server.urls))
        start = time.perf_counter()
        asyncio.run(_bare(server, validators))
        bare_times.append(time.perf_counter() - start)
        _check(server, "bare 304", 0, len(server.urls))
    return reader_times, bare_times


_CHILD = """
import json, resource, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
start = time.perf_counter()
from reader.feeds.items import ItemsStore
imported = time.perf_counter()
store = ItemsStore.open(Path(sys.argv[1]))
opened = time.perf_counter()
from itertools import islice
screen = len(list(islice(store.iter_headlines(), 14)))
first = time.perf_counter()
count = len(store.headlines())
whole = time.perf_counter()
again = []
for _ in range(5):
    t = time.perf_counter(); store.headlines(); again.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"count": count, "import": imported - start, "open": opened - imported,
                  "first": first - opened, "whole": whole - first,
                  "again": statistics.median(again), "peak_mb": peak}))
"""


def build_store(path: Path, bodies: list[bytes], copies: int, items: int) -> int:
    """Items from `bodies` (parsed once each), each feed saved under `copies` URLs."""
    store = ItemsStore.open(path)
    saved = 0
    for number, body in enumerate(bodies):
        parsed = parse_feed(body, f"https://news{number}.example/feed")
        parsed = parsed._replace(items=parsed.items[:items])
        for copy in range(copies):
            url = f"https://news{number}.example/feed?copy={copy}"
            fetched = Fetched(url, "ok", body, etag='"x"', http_status=200)
            saved += store.save(url, fetched, parsed, 1_780_000_000.0)
    store.close()
    return saved


def costs(bodies: list[bytes]) -> dict[str, float]:
    """Milliseconds per feed, one after another: where the first refresh's CPU goes."""
    import io

    import feedparser

    def per_feed(action: Callable[[int, bytes], object]) -> float:
        start = time.perf_counter()
        for number, body in enumerate(bodies):
            action(number, body)
        return (time.perf_counter() - start) / len(bodies) * 1000

    parse_feed(bodies[0], "https://news0.example/feed")  # imports, caches
    parsed = [parse_feed(body, f"https://news{n}.example/feed") for n, body in enumerate(bodies)]
    store = ItemsStore.open(None)

    def save(number: int, body: bytes) -> None:
        url = f"https://news{number}.example/feed"
        store.save(url, Fetched(url, "ok", body, http_status=200), parsed[number], 1.0)

    result = {
        "parse_feed": per_feed(lambda n, b: parse_feed(b, f"https://news{n}.example/feed")),
        "feedparser": per_feed(lambda n, b: feedparser.parse(io.BytesIO(b))),
        "feedparser unsanitized": per_feed(
            lambda n, b: feedparser.parse(
                io.BytesIO(b), sanitize_html=False, resolve_relative_uris=False
            )
        ),
        "save (in memory)": per_feed(save),
    }
    store.close()
    return result


def store_child(path: Path) -> dict[str, float]:
    code = [sys.executable, "-c", _CHILD, str(path), str(ROOT)]
    done = subprocess.run(code, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


# -- the report -------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _timed_runs(runs: int, action: Callable[[int], float]) -> list[float]:
    return [action(run) for run in range(runs)]


def _first_summary(reader_s: float, newsboat_s: dict[int, float]) -> None:
    print("\nsummary (medians)")
    print(f"   reader first refresh           {reader_s:6.2f} s")
    for threads, seconds in sorted(newsboat_s.items(), reverse=True):
        target = "< 1.0x" if threads == 8 else "<= 0.2x"
        print(
            f"   newsboat reload-threads {threads}     {seconds:6.2f} s   reader/newsboat "
            f"{reader_s / seconds:.2f}x (target {target})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="first refreshes timed (median)")
    parser.add_argument("--skip-newsboat", action="store_true")
    parser.add_argument(
        "--first-only", action="store_true", help="only part 1, the first refresh (and its summary)"
    )
    args = parser.parse_args()
    texts = _texts()
    bodies = [feed_body(number, texts) for number in range(FEEDS)]
    size = statistics.mean(len(body) for body in bodies) / 1024
    print(f"{FEEDS} feeds x {ITEMS} items, {size:.0f} KB each; every response held {DELAY:.1f} s")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at the start")
    hosts = [f"127.0.0.{number + 2}" for number in range(FEEDS)]
    temporary = Path(tempfile.mkdtemp(prefix="reader-bench-feeds-"))
    server = Server(hosts, bodies)
    try:
        print("\n1. first refresh (a host per feed; a fresh database/cache each run)")
        stores: list[ItemsStore] = []

        def one_reader(run: int) -> float:
            elapsed, store, stats = reader_refresh(server, temporary / f"reader{run}")
            stores.append(store)
            print(
                f"   reader      {elapsed:6.2f} s   (server: {stats['peak']} at once; CPU "
                f"{stats['cpu_ms'] / 1000:.2f} s in this process)"
            )
            return elapsed

        reader_s = _median(_timed_runs(args.runs, one_reader))
        newsboat_s: dict[int, float] = {}
        if not args.skip_newsboat and Path(NEWSBOAT).exists():
            for threads, runs in ((8, args.runs), (1, 1)):

                def one_newsboat(run: int, threads: int = threads) -> float:
                    where = temporary / f"newsboat{threads}-{run}"
                    elapsed, stored, stats = newsboat(server, where, threads)
                    print(
                        f"   newsboat {threads}  {elapsed:6.2f} s   (server: {stats['peak']} "
                        f"at once; {stored} items in its cache)"
                    )
                    return elapsed

                newsboat_s[threads] = _median(_timed_runs(runs, one_newsboat))

        print("\n   where the reader's time goes (ms per feed, one after another, 20 feeds):")
        for what, ms in costs(bodies[:20]).items():
            print(f"   {what:<24} {ms:6.1f} ms   (x {FEEDS} = {ms * FEEDS / 1000:.1f} s)")
        if args.first_only:
            for store in stores:
                store.close()
            _first_summary(reader_s, newsboat_s)
            shutil.rmtree(temporary, ignore_errors=True)
            return

        print("\n2. second refresh, every feed 304, vs the same requests bare (httpx, 16 at once)")
        reader_304, bare_304 = not_modified_rounds(server, stores[-1])
        for store in stores:
            store.close()
        print(f"   reader 304  {' '.join(f'{t:.2f}' for t in reader_304)} s")
        print(f"   bare httpx  {' '.join(f'{t:.2f}' for t in bare_304)} s")
    finally:
        server.stop()

    print("\n   aside: all 200 feeds on one host (127.0.0.1), per_host = 4")
    one_host = Server(["127.0.0.1"] * FEEDS, bodies)
    try:
        one_host_s, store, _ = reader_refresh(one_host, temporary / "one-host")
        store.close()
        print(f"   reader      {one_host_s:6.2f} s")
    finally:
        one_host.stop()

    print("\n3. stored items in a fresh process: open + the first screen's 14 items")
    print("   (`iter_headlines`, as the TUI's first screen reads them; the whole list after it)")
    big, small = temporary / "items-20000.sqlite3", temporary / "items-100.sqlite3"
    built = build_store(big, bodies, 2, ITEMS)
    build_store(small, bodies[:2], 1, ITEMS)
    children: dict[str, list[dict[str, float]]] = {"20000": [], "100": []}
    for _ in range(5):
        children["20000"].append(store_child(big))
        children["100"].append(store_child(small))
    figures = {
        name: {key: _median([run[key] for run in runs]) for key in runs[0]}
        for name, runs in children.items()
    }
    for figure in figures.values():
        print(
            f"   {int(figure['count']):>6} items: open {figure['open'] * 1000:6.1f} ms, first "
            f"screen {figure['first'] * 1000:6.1f} ms, whole list {figure['whole'] * 1000:.1f}"
            f" ms (again {figure['again'] * 1000:.1f} ms), peak RSS {figure['peak_mb']:.0f} MB"
        )
    if built != 20_000:
        print(f"   !! stored {built} items, not 20000")

    print("\n4. ", end="")
    import fulltext  # bench/fulltext.py, beside this file

    fulltext.main([])

    def screen(figure: dict[str, float]) -> float:
        return figure["open"] + figure["first"]

    bare_s, refresh_304_s = _median(bare_304), _median(reader_304)
    _first_summary(reader_s, newsboat_s)
    print(
        f"   304 refresh {refresh_304_s:.2f} s vs bare {bare_s:.2f} s: "
        f"{refresh_304_s / bare_s:.2f}x (target <= 1.2x)"
    )
    big_f, small_f = figures["20000"], figures["100"]
    print(
        f"   first screen (store) 20000 vs 100 items: {screen(big_f) * 1000:.1f} vs "
        f"{screen(small_f) * 1000:.1f} ms = {screen(big_f) / screen(small_f):.2f}x"
        f" (target <= 1.3x); peak RSS {big_f['peak_mb']:.0f} MB (target <= 250 MB)"
    )
    shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
