"""Test-wide settings.

Under CI (`CI` set, as `.ci/run` is run) hypothesis runs derandomized: the same examples every run,
so a submission is judged on the code, not on the luck of a draw. Locally it explores freely.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from pytest_httpserver import HTTPServer

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

#: The hostile-input runner also provides the `home` and `folder` fixtures.
pytest_plugins = ["tests.hostile"]


@pytest.fixture
def feed_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """A pytest-httpserver on 127.0.0.1 (threaded: one stalled handler holds no other), reached
    directly (the environment's proxy settings dropped: loopback is never proxied)."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
