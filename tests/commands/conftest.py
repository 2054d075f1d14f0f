"""Fixtures of the command tests: a loopback HTTP server for the feed verbs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def feed_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver on 127.0.0.1 (not `localhost`, which may resolve elsewhere first)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
