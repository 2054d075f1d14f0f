"""Fetching feeds with httpx within every limit, never raising.

Redirects are followed here (at most `max_redirects`, http/https only; a run of 301/308 from the
requested URL is `moved_to`), and gzip/deflate are inflated here in 64 KB pieces, so a gigabyte
gzip bomb stops at `max_bytes` in bounded memory. The total timeout covers the whole fetch. httpx
is imported only when a `Fetcher` is made."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from http import HTTPStatus
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.text.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"reader/{__version__} (rtl-news-reader; terminal news reader)"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_WEB = ("http", "https")
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml, text/xml, */*;q=0.8"
_ENCODINGS = "gzip, deflate"
_PIECE = 64 * 1024  # the most one inflate step returns
_FEEDS = "application/rss+xml application/atom+xml application/rdf+xml application/feed+json"
_FEED_TYPES = frozenset((*_FEEDS.split(), "application/xml", "text/xml"))
_KNOWN = frozenset(status.value for status in HTTPStatus)
_WORDS = {410: "gone: the feed was removed", 500: "server error", 401: "login required"}


class Limits(NamedTuple):
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 16
    per_host: int = 4


class Request(NamedTuple):
    url: str
    etag: str | None = None
    last_modified: str | None = None


class Fetched(NamedTuple):
    url: str  # as requested
    status: str  # "ok" | "not-modified" | "error"
    body: bytes = b""  # decompressed, at most max_bytes
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # final URL after permanent (301/308) redirects only
    error: str | None = None  # in plain words
    http_status: int | None = None
    retry_after: float | None = None  # seconds, from Retry-After (429/503)
    content_type: str | None = None
    final_url: str | None = None  # where the body came from (for relative links)


DEFAULT_LIMITS = Limits()


class _Failure(Exception):
    """A fetch that ends in an error: args are (message, HTTP status or None)."""


def size_words(size: int) -> str:
    """`10485760` -> "10 MB", `2048` -> "2 KB", `1000` -> "1000 bytes"."""
    for unit, name in ((1024 * 1024, "MB"), (1024, "KB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size} bytes"


def status_words(code: int) -> str:
    """An HTTP error status in plain words: "404 not found", "500 server error"."""
    if code in _WORDS or code in _KNOWN:
        return f"{code} {_WORDS.get(code) or HTTPStatus(code).phrase.lower()}"
    if 400 <= code < 600:
        return f"{code} {'server error' if code >= 500 else 'refused by the server'}"
    return f"{code} unexpected answer"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or an HTTP date), within [0, 7 days]."""
    text = (value or "").strip()
    if not text or len(text) > 64:
        return None
    if text.isascii() and text.isdigit():
        seconds = float(int(text))
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp() - now
    return min(max(seconds, 0.0), 7 * 24 * 3600.0)


def _header(value: str | None) -> str | None:
    """A header value safe to store and send back: printable ASCII, not too long."""
    value = (value or "").strip()
    ok = value and len(value) <= 1024 and all(" " <= c <= "~" for c in value)
    return value if ok else None


def _scheme_problem(scheme: str, host: str, redirected: bool) -> str | None:
    if scheme in _WEB:
        return None if host else "not a web address (no host)"
    shown = "".join(c for c in scheme if c.isascii() and (c.isalnum() or c in "+.-"))[:16]
    if not shown:
        return "not a web address (no http:// or https://)"
    return f"{'redirected to a non-web' if redirected else 'not a web'} address ({shown}:)"


class _Inflate:
    """One gzip or deflate layer: fed raw pieces, gives pieces of at most 64 KB."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._decoder = zlib.decompressobj(31)
        self._choose = not self._gzip  # deflate: the first two bytes tell zlib-wrapped from raw
        self._head, self._done = b"", False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._choose:
            self._head += data
            if len(self._head) < 2:
                return
            wrapped = self._head[0] & 0x0F == 8 and int.from_bytes(self._head[:2]) % 31 == 0
            self._decoder = zlib.decompressobj(15 if wrapped else -15)
            data, self._head, self._choose = self._head, b"", False
        while data and not self._done:
            out = self._decoder.decompress(data, _PIECE)
            if out:
                yield out
            if self._decoder.eof:  # another gzip member may follow; anything else is ignored
                data = self._decoder.unused_data
                self._done = not (self._gzip and data.startswith(b"\x1f\x8b"))
                self._decoder = zlib.decompressobj(31)
                continue
            data = self._decoder.unconsumed_tail
            while not data and len(out) == _PIECE:  # output still held inside zlib
                out = self._decoder.decompress(b"", _PIECE)
                if out:
                    yield out


def _through(layer: _Inflate, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from layer.feed(piece)


def _layers(header: str | None) -> list[_Inflate]:
    """The decoders for a Content-Encoding header, in decoding order."""
    names = [name.strip().lower() for name in (header or "").split(",")]
    names = [name for name in names if name not in ("", "identity")]
    if len(names) > 3 or not set(names) <= {"gzip", "x-gzip", "deflate"}:
        raise _Failure(f"unsupported content encoding ({clean_line(header or '')[:40]})", None)
    return [_Inflate(name) for name in reversed(names)]


def _describe(exc: BaseException) -> str:
    """An exception from the network in plain words."""
    import socket
    import ssl

    import httpx

    kinds = type[BaseException] | tuple[type[BaseException], ...]
    causes: tuple[tuple[kinds, str], ...] = (
        (ssl.SSLCertVerificationError, "TLS error (certificate not trusted)"),
        (ssl.SSLError, "TLS error"),
        (socket.gaierror, "no such host"),
        (ConnectionRefusedError, "connection refused"),
        (zlib.error, "could not decompress the body (broken gzip/deflate data)"),
        ((httpx.TimeoutException, TimeoutError), "timed out"),
        (httpx.ProxyError, "proxy error"),
        (httpx.ConnectError, "could not connect"),
        ((httpx.InvalidURL, httpx.UnsupportedProtocol), "not a valid web address"),
        ((httpx.RemoteProtocolError, httpx.ReadError), "the server broke the connection"),
    )
    chain: list[BaseException] = [exc]
    while len(chain) < 10 and (link := chain[-1].__cause__ or chain[-1].__context__):
        chain.append(link)
    for kind, words in causes:
        if any(isinstance(item, kind) for item in chain):
            return words
    first = clean_line(str(exc).partition("\n")[0])[:120]
    return f"could not fetch ({type(exc).__name__}{': ' + first if first else ''})"


class Fetcher:
    """One httpx.AsyncClient for many fetches; `fetch` never raises."""

    def __init__(
        self,
        limits: Limits = DEFAULT_LIMITS,
        *,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        import httpx

        self._limits = limits
        total, pool = max(limits.total_timeout, 0.001), max(1, limits.concurrency)
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            trust_env=True,
            transport=transport,
            timeout=httpx.Timeout(total, connect=max(min(limits.connect_timeout, total), 0.001)),
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            headers={"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": _ENCODINGS},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, request: Request) -> Fetched:
        """The answer to `request`, as a status and plain words; never raises."""
        try:
            async with asyncio.timeout(max(self._limits.total_timeout, 0.001)):
                return await self._fetch(request)
        except _Failure as failure:
            message, status = failure.args
            return Fetched(request.url, "error", error=message, http_status=status)
        except Exception as exc:  # untrusted network: every failure becomes a status
            return Fetched(request.url, "error", error=_describe(exc))

    async def _fetch(self, request: Request) -> Fetched:
        import httpx

        try:
            url = httpx.URL(request.url.strip())
        except (httpx.InvalidURL, TypeError, ValueError):
            raise _Failure("not a valid web address", None) from None
        if problem := _scheme_problem(url.scheme, url.host, redirected=False):
            raise _Failure(problem, None)
        headers: dict[str, str] = {}
        if etag := _header(request.etag):
            headers["If-None-Match"] = etag
        if last_modified := _header(request.last_modified):
            headers["If-Modified-Since"] = last_modified
        moved_to: str | None = None
        permanent = True
        for _ in range(max(self._limits.max_redirects, 0) + 1):
            request_ = self._client.build_request("GET", url, headers=headers)
            answer = await self._client.send(request_, stream=True)
            try:
                code = answer.status_code
                if code not in _REDIRECTS:
                    fetched = await self._answer(request, answer, str(url))
                    if fetched.status == "error" or moved_to == request.url:
                        return fetched
                    return fetched._replace(moved_to=moved_to)
                if not (location := answer.headers.get("location", "").strip()):
                    raise _Failure(f"{code} redirect without a location", code)
                try:
                    url = url.join(location)
                except (httpx.InvalidURL, TypeError, ValueError):
                    raise _Failure("redirected to an invalid address", code) from None
                if problem := _scheme_problem(url.scheme, url.host, redirected=True):
                    raise _Failure(problem, code)
                permanent = permanent and code in _PERMANENT
                moved_to = str(url) if permanent else moved_to
            finally:
                await answer.aclose()
        raise _Failure("too many redirects", None)

    async def _answer(self, request: Request, answer: httpx.Response, final: str) -> Fetched:
        code = answer.status_code
        content_type = answer.headers.get("content-type")
        base = Fetched(
            request.url,
            "error",
            etag=_header(answer.headers.get("etag")),
            last_modified=_header(answer.headers.get("last-modified")),
            http_status=code,
            content_type=None if content_type is None else clean_line(content_type)[:200],
            final_url=final,
        )
        if code == 304:
            return base._replace(
                status="not-modified",
                etag=base.etag or _header(request.etag),
                last_modified=base.last_modified or _header(request.last_modified),
            )
        if not 200 <= code < 300:
            retry = None
            if code in (429, 503):
                retry = parse_retry_after(answer.headers.get("retry-after"), time.time())
            return base._replace(error=status_words(code), retry_after=retry)
        return base._replace(status="ok", body=await self._body(answer, code))

    async def _body(self, answer: httpx.Response, code: int) -> bytes:
        """The body, inflated while it streams, or a "too large" failure past max_bytes."""
        cap = max(self._limits.max_bytes, 0)
        too_large = _Failure(f"too large (over {size_words(cap)})", code)
        layers = _layers(answer.headers.get("content-encoding"))
        length = answer.headers.get("content-length", "").strip()
        if not layers and length.isascii() and length.isdigit() and int(length) > cap:
            raise too_large
        body = bytearray()
        async for raw in answer.aiter_raw():
            pieces: Iterable[bytes] = (raw,)
            for layer in layers:
                pieces = _through(layer, pieces)
            for piece in pieces:
                if len(body) + len(piece) > cap:
                    raise too_large
                body += piece
        return bytes(body)


async def fetch_each(
    requests: Iterable[Request], limits: Limits = DEFAULT_LIMITS, *, fetcher: Fetcher | None = None
) -> AsyncIterator[Fetched]:
    """Each answer as it completes; at most `limits.concurrency` fetches at once, `per_host` to
    one host. A `fetcher` given is used (left open), else one is made with `limits` (and closed)."""
    client = Fetcher(limits) if fetcher is None else fetcher
    overall = asyncio.Semaphore(max(1, limits.concurrency))
    hosts: dict[str, asyncio.Semaphore] = {}

    async def one(request: Request) -> Fetched:
        host = hosts.setdefault(_host(request.url), asyncio.Semaphore(max(1, limits.per_host)))
        async with host, overall:  # the host first: a fetch waiting for its host holds no slot
            return await client.fetch(request)

    tasks = [asyncio.create_task(one(request)) for request in requests]
    try:
        for done in asyncio.as_completed(tasks):
            yield await done
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if fetcher is None:
            await client.aclose()


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


class _FeedLinks(HTMLParser):
    """`<link rel="alternate" type="application/rss+xml" href=...>` in a page's head."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self.links: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "").strip() for name, value in attrs}
        href = values.get("href", "")
        self.done = self.done or tag == "body"
        if self.done or not href or any(c < " " or c == "\x7f" for c in href):
            return
        if tag == "base":
            self.base = urljoin(self.base, href)
        kind = values.get("type", "").lower().partition(";")[0].strip()
        if tag == "link" and "alternate" in values.get("rel", "").lower().split():
            url = urljoin(self.base, href) if kind in _FEED_TYPES else ""
            if urlsplit(url).scheme.lower() in _WEB and url not in self.links:
                self.links.append(url)

    def handle_endtag(self, tag: str) -> None:
        self.done = self.done or tag == "head"


def find_feed_links(html: bytes, base_url: str) -> list[str]:
    """The feeds a web page names in its head, as absolute http(s) URLs, in page order."""
    text = html[: 1024 * 1024].decode("utf-8", "replace")
    parser = _FeedLinks(base_url)
    try:
        for start in range(0, len(text), _PIECE):  # stop feeding once the head is over
            parser.feed(text[start : start + _PIECE])
            if parser.done:
                break
        parser.close()
    except (AssertionError, ValueError):  # html.parser on broken markup; urljoin on a bad URL
        pass
    return parser.links[:20]
