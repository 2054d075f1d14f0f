"""reader.feeds.fetch against loopback servers (pytest-httpserver on 127.0.0.1), with short
injected timeouts. Handlers that stall wait on an event the test sets when it ends, so a stalled
server thread never outlives its test."""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WRequest
from werkzeug import Response

from reader import __version__
from reader.feeds.fetch import (
    USER_AGENT,
    Fetched,
    Fetcher,
    Limits,
    Request,
    fetch_each,
    find_feed_links,
    parse_retry_after,
    status_words,
)

#: Generous for a loaded machine: only the stall tests use SHORT.
LIMITS = Limits(connect_timeout=5.0, total_timeout=20.0)
SHORT = Limits(connect_timeout=0.5, total_timeout=0.5)
MB = 1024 * 1024
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>\xd8\xae</title></channel></rss>'


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


@pytest.fixture
def http(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set when the test ends: stalled handlers return then."""
    event = threading.Event()
    yield event
    event.set()


def fetch(request: Request | str, limits: Limits = LIMITS, **options: Any) -> Fetched:
    async def run() -> Fetched:
        fetcher = Fetcher(limits, **options)
        try:
            return await fetcher.fetch(Request(request) if isinstance(request, str) else request)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def test_an_etag_makes_the_second_fetch_a_304(http: HTTPServer) -> None:
    def answer(request: WRequest) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        headers = {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 10:00:00 GMT"}
        return Response(FEED, headers=headers, content_type="application/rss+xml")

    http.expect_request("/feed").respond_with_handler(answer)
    url = http.url_for("/feed")
    first = fetch(url)
    assert (first.status, first.body, first.http_status) == ("ok", FEED, 200)
    assert (first.etag, first.last_modified) == ('"v1"', "Wed, 01 Jan 2025 10:00:00 GMT")
    assert first.content_type is not None and first.content_type.startswith("application/rss+xml")
    assert (first.url, first.final_url, first.moved_to, first.error) == (url, url, None, None)
    second = fetch(Request(url, etag=first.etag, last_modified=first.last_modified))
    assert (second.status, second.body, second.http_status) == ("not-modified", b"", 304)
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    sent = http.log[-1][0].headers
    assert sent["If-Modified-Since"] == "Wed, 01 Jan 2025 10:00:00 GMT"


def test_a_hostile_stored_etag_is_not_sent(http: HTTPServer) -> None:
    http.expect_request("/feed").respond_with_data(FEED)
    got = fetch(Request(http.url_for("/feed"), etag='"a"\r\nX-Evil: 1', last_modified="\x1b[2J"))
    assert got.status == "ok"
    sent = http.log[-1][0].headers
    assert "If-None-Match" not in sent and "If-Modified-Since" not in sent and "X-Evil" not in sent


@pytest.mark.parametrize(
    ("code", "words"),
    [(404, "404 not found"), (410, "410 gone: the feed was removed"), (500, "500 server error")],
)
def test_http_errors_in_plain_words(http: HTTPServer, code: int, words: str) -> None:
    http.expect_request("/feed").respond_with_data("nope", status=code)
    got = fetch(http.url_for("/feed"))
    assert (got.status, got.error, got.http_status, got.body) == ("error", words, code, b"")
    assert got.retry_after is None


def test_status_words() -> None:
    assert status_words(403) == "403 forbidden"
    assert status_words(503) == "503 service unavailable"
    assert status_words(599) == "599 server error"
    assert status_words(499) == "499 refused by the server"


def test_429_with_retry_after_in_seconds(http: HTTPServer) -> None:
    http.expect_request("/feed").respond_with_data("slow down", 429, {"Retry-After": "120"})
    got = fetch(http.url_for("/feed"))
    assert (got.status, got.error, got.retry_after) == ("error", "429 too many requests", 120.0)


def test_503_with_retry_after_as_a_date(http: HTTPServer) -> None:
    past = "Thu, 01 Jan 1970 00:01:00 GMT"
    http.expect_request("/feed").respond_with_data("later", 503, {"Retry-After": past})
    got = fetch(http.url_for("/feed"))
    assert (got.error, got.retry_after) == ("503 service unavailable", 0.0)


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0  # 2023-11-14T22:13:20Z
    assert parse_retry_after("Tue, 14 Nov 2023 22:15:20 GMT", now) == 120.0
    assert parse_retry_after(" 30 ", now) == 30.0
    assert parse_retry_after("99999999999", now) == 7 * 24 * 3600.0
    for bad in (None, "", "soon", "-5", "1e9", "٣"):
        assert parse_retry_after(bad, now) is None


def test_a_server_that_never_answers_times_out(http: HTTPServer, release: threading.Event) -> None:
    def stall(request: WRequest) -> Response:
        release.wait(30)
        return Response(FEED)

    http.expect_request("/feed").respond_with_handler(stall)
    got = fetch(http.url_for("/feed"), SHORT)
    assert (got.status, got.error, got.body) == ("error", "timed out", b"")


def test_a_server_that_drips_a_byte_at_a_time_times_out(
    http: HTTPServer, release: threading.Event
) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(600):  # 30 s at most, far longer than the total timeout
            if release.wait(0.05):
                return
            yield b"x"

    http.expect_request("/feed").respond_with_response(Response(drip()))
    got = fetch(http.url_for("/feed"), SHORT)
    assert (got.status, got.error, got.body) == ("error", "timed out", b"")


def peak_memory(action: Callable[[], Fetched]) -> tuple[Fetched, int]:
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_body_stops_at_max_bytes(http: HTTPServer, release: threading.Event) -> None:
    def body() -> Iterator[bytes]:
        chunk = b"<item>" * (64 * 1024 // 6)
        for _ in range(50 * MB // len(chunk)):
            if release.is_set():
                return
            yield chunk

    http.expect_request("/feed").respond_with_response(Response(body()))  # chunked: no length
    limits = LIMITS._replace(max_bytes=MB)
    got, peak = peak_memory(lambda: fetch(http.url_for("/feed"), limits))
    assert (got.status, got.error, got.body) == ("error", "too large (over 1 MB)", b"")
    assert peak < 16 * MB


def test_a_stated_length_over_max_bytes_is_refused(http: HTTPServer) -> None:
    http.expect_request("/feed").respond_with_data(b"x" * (2 * MB))
    got = fetch(http.url_for("/feed"), LIMITS._replace(max_bytes=MB))
    assert (got.status, got.error, got.http_status) == ("error", "too large (over 1 MB)", 200)


def gigabyte_gzip() -> bytes:
    """A ~1 MB gzip of 1 GiB of zeros, built in a fraction of a second: one full-flushed deflate
    block of 1 MiB of zeros is byte-identical each time, so it is repeated."""
    zeros = bytes(MB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * 1024 + deflate.flush() + struct.pack("<II", crc, 0)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = gigabyte_gzip()
    assert zlib.decompressobj(31).decompress(data, 4 * MB) == bytes(4 * MB)
    return data


def test_a_gzip_bomb_stops_at_max_bytes(http: HTTPServer, bomb: bytes) -> None:
    http.expect_request("/feed").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    got, peak = peak_memory(lambda: fetch(http.url_for("/feed"), LIMITS._replace(max_bytes=MB)))
    assert (got.status, got.error, got.body) == ("error", "too large (over 1 MB)", b"")
    assert peak < 16 * MB


class Chunks(httpx.AsyncByteStream):
    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.size):
            yield self.data[start : start + self.size]


def test_a_gzip_bomb_read_in_large_pieces_inflates_in_bounded_memory(bomb: bytes) -> None:
    """Deterministic network reads of 256 KB: inflated at once, each would be 256 MB."""

    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, stream=Chunks(bomb, 256 * 1024))

    limits = LIMITS._replace(max_bytes=MB)
    transport = httpx.MockTransport(answer)
    got, peak = peak_memory(lambda: fetch("https://feeds.example/rss", limits, transport=transport))
    assert (got.status, got.error, got.body) == ("error", "too large (over 1 MB)", b"")
    assert peak < 16 * MB


def test_a_40_kb_double_gzip_of_a_gigabyte_stops_at_max_bytes(
    http: HTTPServer, bomb: bytes
) -> None:
    twice = gzip.compress(bomb, 9)
    assert len(twice) < 40 * 1024
    headers = {"Content-Encoding": "gzip, gzip"}
    http.expect_request("/feed").respond_with_data(twice, headers=headers)
    got, peak = peak_memory(lambda: fetch(http.url_for("/feed"), LIMITS._replace(max_bytes=MB)))
    assert (got.status, got.error, got.body) == ("error", "too large (over 1 MB)", b"")
    assert peak < 16 * MB


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(FEED, mtime=0)),
        (
            "gzip",
            gzip.compress(FEED[:20], mtime=0) + gzip.compress(FEED[20:], mtime=0),
        ),  # two members
        ("deflate", zlib.compress(FEED)),
        ("deflate", zlib.compress(FEED)[2:-4]),  # raw deflate, as some servers send it
        ("identity", FEED),
    ],
)
def test_compressed_bodies_are_inflated(http: HTTPServer, encoding: str, data: bytes) -> None:
    http.expect_request("/feed").respond_with_data(data, headers={"Content-Encoding": encoding})
    got = fetch(http.url_for("/feed"))
    assert (got.status, got.body) == ("ok", FEED)
    assert http.log[-1][0].headers["Accept-Encoding"] == "gzip, deflate"


def test_an_unknown_encoding_and_broken_gzip_are_errors(http: HTTPServer) -> None:
    http.expect_oneshot_request("/br").respond_with_data(b"xx", headers={"Content-Encoding": "br"})
    got = fetch(http.url_for("/br"))
    assert (got.status, got.error) == ("error", "unsupported content encoding (br)")
    http.expect_oneshot_request("/bad").respond_with_data(
        b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"}
    )
    got = fetch(http.url_for("/bad"))
    assert got.status == "error" and got.error is not None
    assert got.error.startswith("could not decompress")


def test_a_redirect_loop_ends(http: HTTPServer) -> None:
    loop = http.url_for("/loop")
    http.expect_request("/loop").respond_with_data("", 302, {"Location": "/loop"})
    got = fetch(loop, LIMITS._replace(max_redirects=3))
    assert (got.status, got.error, got.moved_to) == ("error", "too many redirects", None)
    assert len(http.log) == 4  # the request and 3 redirects


def test_a_redirect_to_a_file_is_refused(http: HTTPServer) -> None:
    http.expect_request("/feed").respond_with_data("", 302, {"Location": "file:///etc/passwd"})
    got = fetch(http.url_for("/feed"))
    assert (got.status, got.error) == ("error", "redirected to a non-web address (file:)")
    assert (got.body, got.http_status, got.final_url) == (b"", 302, None)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "not a web address (file:)"),
        ("javascript:alert(1)", "not a web address (javascript:)"),
        ("feeds.example/rss", "not a web address (no http:// or https://)"),
        ("http://", "not a web address (no host)"),
        ("http://[::1", "not a valid web address"),
    ],
)
def test_addresses_that_are_not_web_addresses(url: str, words: str) -> None:
    got = fetch(url)
    assert (got.url, got.status, got.error) == (url, "error", words)


def test_a_chain_of_permanent_redirects_is_reported_as_moved(http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data("", 301, {"Location": "/b"})
    http.expect_request("/b").respond_with_data("", 308, {"Location": http.url_for("/c")})
    http.expect_request("/c").respond_with_data(FEED)
    got = fetch(http.url_for("/a"))
    assert (got.status, got.body) == ("ok", FEED)
    assert got.moved_to == got.final_url == http.url_for("/c")
    assert got.url == http.url_for("/a")


def test_a_temporary_redirect_is_not_a_move(http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data("", 302, {"Location": "/c"})
    http.expect_request("/c").respond_with_data(FEED)
    got = fetch(http.url_for("/a"))
    assert (got.status, got.moved_to, got.final_url) == ("ok", None, http.url_for("/c"))


def test_a_move_stops_at_the_first_temporary_redirect(http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data("", 301, {"Location": "/b"})
    http.expect_request("/b").respond_with_data("", 307, {"Location": "/c"})
    http.expect_request("/c").respond_with_data(FEED)
    got = fetch(http.url_for("/a"))
    assert (got.status, got.moved_to, got.final_url) == ("ok", http.url_for("/b"), got.final_url)
    assert got.final_url == http.url_for("/c")


def test_a_move_to_a_missing_feed_is_not_followed(http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data("", 301, {"Location": "/gone"})
    http.expect_request("/gone").respond_with_data("", 404)
    got = fetch(http.url_for("/a"))
    assert (got.status, got.error, got.moved_to) == ("error", "404 not found", None)


def test_the_user_agent_names_the_reader(http: HTTPServer) -> None:
    http.expect_request("/feed").respond_with_data(FEED)
    assert fetch(http.url_for("/feed")).status == "ok"
    assert http.log[-1][0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith(f"reader/{__version__} ")


def test_the_proxy_from_the_environment_is_used(
    http: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{http.port}")
    http.expect_request("/rss").respond_with_data(FEED)
    got = fetch("http://feeds.example.invalid/rss")  # answered by the loopback "proxy"
    assert (got.status, got.body) == ("ok", FEED)
    assert http.log[-1][0].headers["Host"] == "feeds.example.invalid"


def test_a_closed_port_is_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    got = fetch(f"http://127.0.0.1:{port}/feed")
    assert (got.status, got.error) == ("error", "connection refused")


class Failing(httpx.AsyncBaseTransport):
    def __init__(self, cause: Exception) -> None:
        self.cause = cause

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(str(self.cause)) from self.cause


@pytest.mark.parametrize(
    ("cause", "words"),
    [
        (socket.gaierror(-2, "Name or service not known"), "no such host"),
        (
            ssl.SSLCertVerificationError("certificate verify failed"),
            "TLS error (certificate not trusted)",
        ),
        (ssl.SSLError("wrong version number"), "TLS error"),
        (OSError("\x1b[2Jsomething odd\nsecond line"), "could not connect"),
    ],
)
def test_network_failures_in_plain_words(cause: Exception, words: str) -> None:
    got = fetch("https://feeds.example/rss", transport=Failing(cause))
    assert (got.status, got.error) == ("error", words)


def test_an_unexpected_failure_is_a_status_too() -> None:
    class Broken(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise RuntimeError("\x1b]0;owned\x07boom\nmore")

    got = fetch("https://feeds.example/rss", transport=Broken())
    assert got.status == "error" and got.error is not None
    assert got.error.startswith("could not fetch (RuntimeError") and "\x1b" not in got.error


def test_fetch_each_bounds_concurrency_overall_and_per_host(server: HTTPServer) -> None:
    server.clear()
    lock = threading.Lock()
    active: dict[str, int] = {}
    peaks: dict[str, int] = {}

    def count(request: WRequest) -> Response:
        host = request.headers["Host"].partition(":")[0]
        with lock:
            active[host] = active.get(host, 0) + 1
            active["*"] = active.get("*", 0) + 1
            for key in (host, "*"):
                peaks[key] = max(peaks.get(key, 0), active[key])
        time.sleep(0.05)
        with lock:
            active[host] -= 1
            active["*"] -= 1
        return Response(FEED)

    server.expect_request("/feed").respond_with_handler(count)
    port = server.port
    # One host's requests first: without the per-host bound they would take every slot.
    urls = [
        f"http://{host}:{port}/feed?{n}" for host in ("127.0.0.1", "localhost") for n in range(8)
    ]
    limits = LIMITS._replace(concurrency=3, per_host=2)

    async def run() -> list[Fetched]:
        fetcher = Fetcher(LIMITS._replace(concurrency=50))  # its own pool bounds nothing here
        requests = [Request(url) for url in urls]
        try:
            return [fetched async for fetched in fetch_each(requests, limits, fetcher=fetcher)]
        finally:
            await fetcher.aclose()

    results = asyncio.run(run())
    assert sorted(result.url for result in results) == sorted(urls)
    assert {result.status for result in results} == {"ok"}
    assert peaks["127.0.0.1"] <= 2 and peaks["localhost"] <= 2
    assert peaks["*"] <= 3
    server.clear()


def test_fetch_each_gives_answers_as_they_complete(
    http: HTTPServer, release: threading.Event
) -> None:
    def slow(request: WRequest) -> Response:
        release.wait(30)
        return Response(FEED)

    http.expect_request("/slow").respond_with_handler(slow)
    http.expect_request("/fast").respond_with_data(FEED)
    requests = [Request(http.url_for("/slow")), Request(http.url_for("/fast"))]

    async def run() -> list[str]:
        fetcher = Fetcher(LIMITS)
        order = []
        async for fetched in fetch_each(requests, LIMITS, fetcher=fetcher):
            order.append(fetched.url.rpartition("/")[2])
            release.set()
        await fetcher.aclose()
        return order

    assert asyncio.run(run()) == ["fast", "slow"]


PAGE = b"""<!doctype html><html><head><base href="https://news.example/ar/">
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="text/html" hreflang="en" href="/en/">
<link rel="alternate" type="application/rss+xml" title="\xd8\xa7\xd9\x84" href="rss.xml">
<LINK REL="Alternate feed" TYPE="application/atom+xml; charset=utf-8" HREF="//news.example/atom">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
<link rel="alternate" type="application/rss+xml" href="/a\x1b[2Jb">
</head><body><link rel="alternate" type="application/rss+xml" href="/in-body.xml"></body></html>"""


def test_find_feed_links() -> None:
    links = find_feed_links(PAGE, "https://news.example/page")
    assert links == ["https://news.example/ar/rss.xml", "https://news.example/atom"]
    bare = b'<link rel=alternate type="application/atom+xml" href="/f">'
    assert find_feed_links(bare, "http://x.example/a/b") == ["http://x.example/f"]
    assert find_feed_links(b"\xff\xfe<html><link", "http://x.example/") == []
    assert find_feed_links(b"<link rel=alternate type=application/rss+xml href=//[x>", "") == []
