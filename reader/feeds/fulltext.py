"""The full text of a feed item: its page fetched and its text extracted (trafilatura).

Most Arabic news feeds ship only a summary. `fetch_full_texts` fetches each item's page through the
same fetcher and limits as the feeds (`reader.feeds.fetch.fetch_each`: bounded overall and per
host, capped, http/https only), extracts the text in a worker thread and stores it with the item
(`ItemsStore.set_full_text`). trafilatura is an optional dependency, imported only inside
`extract_paragraphs`; where it is missing, each result carries `FULL_TEXT_HINT`. The page is
untrusted: trafilatura's HTML goes through the same `html_paragraphs` as a feed's summary (scripts,
`javascript:` links, escape and bidi controls never get through).
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.feeds.arrivals import each_answer, error_words
from reader.feeds.fetch import DEFAULT_LIMITS, Fetched, Limits, Request
from reader.model import Paragraph
from reader.text.sanitize import clean_line

if TYPE_CHECKING:
    from reader.feeds.items import ItemsStore

FULL_TEXT_HINT = "full text needs trafilatura: pip install trafilatura (make run installs it)"
#: The most of a page read for its text (the fetch itself is capped by `Limits.max_bytes`).
MAX_PAGE_BYTES = 4 * 1024 * 1024
NO_LINK = "the item has no link"
NO_TEXT = "no text found on the page"
NOT_STORED = "this feed item is no longer stored"
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.I
)
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


class FullTextMissing(Exception):
    """trafilatura cannot be imported; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(FULL_TEXT_HINT)


class FullTextResult(NamedTuple):
    path: Path
    status: str  # "ok" | "error"
    error: str | None  # in plain words
    paragraphs: int  # how many were stored


def full_text_available() -> bool:
    """Whether trafilatura can be found (without importing it)."""
    try:
        return importlib.util.find_spec("trafilatura") is not None
    except (ImportError, ValueError):
        return False


def _decode(page: bytes, content_type: str | None) -> str:
    """The page's text: the charset its HTTP header or a `<meta>` near its start names, else
    the feeds' decoding (a byte-order mark, UTF-8, then detection)."""
    from reader.feeds.xmltext import decode_feed

    meta = _META_CHARSET.search(page[:4096])
    if meta and not (content_type and "charset" in content_type.lower()):
        content_type = f"text/html; charset={meta.group(1).decode('ascii')}"
    return decode_feed(page, content_type)[0]


def extract_paragraphs(
    page: bytes, url: str, content_type: str | None = None
) -> tuple[Paragraph, ...]:
    """The paragraphs of the article on `page` (an HTML page fetched from `url`), sanitised as
    a feed's HTML is; () when no text was found. Raises FullTextMissing without trafilatura."""
    try:
        import trafilatura
    except ImportError:
        raise FullTextMissing() from None
    from reader.feeds.html import html_paragraphs

    text = _decode(page[:MAX_PAGE_BYTES], content_type)
    if not text.strip():
        return ()
    extracted = trafilatura.extract(
        text,
        url=url or None,
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_comments=False,
        include_images=False,
    )
    if not isinstance(extracted, str) or not extracted.strip():
        return ()
    return tuple(p for p in html_paragraphs(extracted, url) if p.text.strip())


def _page_problem(fetched: Fetched) -> str | None:
    """Why a fetched answer holds no page to read, in plain words; None when it does."""
    if fetched.status != "ok":
        return fetched.error or "the page could not be fetched"
    kind = (fetched.content_type or "").split(";")[0].strip().lower()
    if kind and kind not in _PAGE_TYPES:
        return f"not a web page ({clean_line(kind)[:60]})"
    return None


def fetch_full_texts(
    store: ItemsStore,
    paths: Sequence[Path],
    limits: Limits = DEFAULT_LIMITS,
    *,
    cancelled: Callable[[], bool] | None = None,
    now: Callable[[], float] = time.time,
    progress: Callable[[int, int], None] | None = None,
) -> list[FullTextResult]:
    """Fetch, extract and store the full text of each item at `paths`; never raises.

    Runs its own event loop (callers run it in a thread). One result per item finished, in the
    order of `paths` (a path given twice counts once); `progress(done, total)` after each.
    Once `cancelled()` is true no further page is taken and only the finished items are in the
    result. Without trafilatura each result is an error with `FULL_TEXT_HINT`.
    """
    try:
        return asyncio.run(
            full_texts_async(store, paths, limits, cancelled=cancelled, now=now, progress=progress)
        )
    except Exception as error:  # a bug must not end the caller's worker with a traceback
        reason = error_words(error)
        return [FullTextResult(p, "error", f"internal error: {reason}", 0) for p in paths]


async def full_texts_async(
    store: ItemsStore,
    paths: Sequence[Path],
    limits: Limits = DEFAULT_LIMITS,
    *,
    cancelled: Callable[[], bool] | None = None,
    now: Callable[[], float] = time.time,
    progress: Callable[[int, int], None] | None = None,
) -> list[FullTextResult]:
    """`fetch_full_texts` on the running event loop (a refresh calls it on its own)."""
    wanted = list(dict.fromkeys(paths))
    results: dict[Path, FullTextResult] = {}

    def finish(result: FullTextResult) -> None:
        results[result.path] = result
        if progress is not None:
            progress(len(results), len(wanted))

    def stopped() -> bool:
        return cancelled is not None and cancelled()

    available = full_text_available()
    by_link: dict[str, list[Path]] = {}
    for path in wanted:
        link = store.item_link(path)
        if link is None:
            finish(FullTextResult(path, "error", _why_no_link(store, path), 0))
        elif not available:
            finish(FullTextResult(path, "error", FULL_TEXT_HINT, 0))
        else:
            by_link.setdefault(link, []).append(path)
    if by_link and not stopped():
        await _fetch_pages(store, by_link, limits, finish, stopped, now)
    return [results[path] for path in wanted if path in results]


def _why_no_link(store: ItemsStore, path: Path) -> str:
    return NO_LINK if store.feed_url(path) is not None else NOT_STORED


def _store_page(
    store: ItemsStore, paths: list[Path], fetched: Fetched, now: float
) -> list[FullTextResult]:
    """Extract one fetched page and store its text for each of `paths`: in a worker thread."""

    def failed(reason: str) -> list[FullTextResult]:
        return [FullTextResult(path, "error", reason, 0) for path in paths]

    if (problem := _page_problem(fetched)) is not None:
        return failed(problem)
    try:
        paragraphs = extract_paragraphs(
            fetched.body, fetched.final_url or fetched.url, fetched.content_type
        )
    except FullTextMissing:
        return failed(FULL_TEXT_HINT)
    except Exception as error:  # an untrusted page must not end the whole run
        return failed(f"could not read the page ({error_words(error)})")
    if not paragraphs:
        return failed(NO_TEXT)
    results = []
    for path in paths:
        if store.set_full_text(path, paragraphs, now):
            results.append(FullTextResult(path, "ok", None, len(paragraphs)))
        else:
            stored = store.feed_url(path) is not None
            reason = "could not save the full text" if stored else NOT_STORED
            results.append(FullTextResult(path, "error", reason, 0))
    return results


async def _fetch_pages(
    store: ItemsStore,
    by_link: dict[str, list[Path]],
    limits: Limits,
    finish: Callable[[FullTextResult], None],
    stopped: Callable[[], bool],
    now: Callable[[], float],
) -> None:
    loop = asyncio.get_running_loop()

    async def handle(fetched: Fetched) -> None:
        paths = by_link[fetched.url]
        for result in await loop.run_in_executor(None, _store_page, store, paths, fetched, now()):
            finish(result)

    requests = [Request(link) for link in by_link]
    await each_answer(requests, limits, handle, stopped)
