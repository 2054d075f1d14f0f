"""A feed document read by feedparser: the path for everything the fast path (`fastfeed`) is not
sure of. feedparser is only ever given bytes (wrapped in a stream: given a string or bytes it may
open a file or a URL of that name), never lets fetch anything, and sees a document already made
safe by `parse` (decoded, without its DOCTYPE, capped). Malformed XML is read by feedparser's
loose parser: the items it finds are kept, and the problem says so."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from reader.text.sanitize import valid_text


def read_feedparser(
    text: str, declared: bool
) -> tuple[Mapping[str, Any], list[Any], bool, str | None]:
    """(channel, entries, whether feedparser knew the format, problem) of `text`: a document
    without its XML declaration; `declared`: its DOCTYPE declared entities (not read)."""
    body = ('<?xml version="1.0" encoding="utf-8"?>' + text).encode("utf-8", "replace")
    import feedparser

    # No base address for feedparser: it would resolve a GUID against it, and an item's key
    # would change with the feed's address (a 301). Links are resolved by `parse` (`safe_url`).
    headers = {"content-type": "application/xml; charset=utf-8"}
    # (Not sanitized nor made absolute by feedparser: `html_paragraphs` keeps only what it
    # knows and `safe_url` resolves links; doing both twice cost 27 ms a 56 KB feed.)
    result = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    channel = result.get("feed") or {}
    entries = list(result.get("entries") or [])
    return channel, entries, bool(result.get("version")), _problem(result, declared)


def _problem(result: Mapping[str, Any], declared: bool) -> str | None:
    error = result.get("bozo_exception")
    if not result.get("bozo") or error is None:
        return None
    import xml.sax

    if not isinstance(error, xml.sax.SAXException):
        return None  # an encoding or content-type remark: the feed was read as it should be
    where = ""
    line = getattr(error, "getLineNumber", None)
    if callable(line):
        where = f" at line {line()}"
    message = getattr(error, "getMessage", lambda: str(error))()
    what = " ".join(valid_text(str(message)[:400]).split())[:200]
    if declared:
        return f"the feed declares its own entities (not read, for safety); malformed XML{where}"
    return f"malformed XML{where} ({what}); what could be read was kept"
