"""Shared by the feed verbs' tests: an RSS document, the child's environment, its JSON output.

The feeds are served by pytest-httpserver on 127.0.0.1; the child `reader` reaches them directly
(proxy settings of the test's own environment are dropped, loopback is never proxied).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tests.hostile import Result, environment, run

_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def rss(
    title: str, items: Sequence[tuple[str, str]], *, link: str = "http://example.com/"
) -> bytes:
    """An RSS 2.0 document: `items` are (title, description) pairs, newest first."""
    entries = "".join(
        f"<item><title>{escape(name)}</title><link>{link}{number}</link>"
        f"<guid>{link}{number}</guid><pubDate>Sun, 1{number} Apr 2021 10:00:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for number, (name, text) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{link}</link><language>ar</language>"
        f"{entries}</channel></rss>"
    ).encode()


def feed_env(home: Path, **extra: str) -> dict[str, str]:
    """`tests.hostile.environment` without the test run's proxy settings."""
    env = {k: v for k, v in environment(home, **extra).items() if k.lower() not in _PROXIES}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


def reader(home: Path, *args: str | Path, **extra: str) -> Result:
    """`python -m reader ARGS` in a child, with its state, config and data under `home`."""
    result = run(list(args), home=home, env=feed_env(home, **extra), timeout=120.0)
    assert not result.timed_out, result.describe()
    assert b"Traceback" not in result.err, result.describe()
    return result


def document(result: Result) -> dict[str, Any]:
    loaded = json.loads(result.out.decode("utf-8"))
    assert isinstance(loaded, dict), result.describe()
    return loaded


def urls_path(home: Path) -> Path:
    """The default urls file for a child run by `reader` (XDG config dir under `home`)."""
    return home / "config" / "reader" / "urls"
