"""The reader keeps what the headline cache learnt (`reader.library.cache`), however short the
session: the UI flushes it."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from reader.library.first_screen import read_first_screen
from reader.store import Store
from reader.ui.app import make_app
from reader.ui.widgets import library


async def test_the_reader_keeps_the_cache_even_when_quit_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The headlines a session learnt are in the state database after it, however short.
    (No scan budget: the first screen reads the whole folder whatever the machine's load.)"""
    unbounded = partial(read_first_screen, budget=float("inf"))
    monkeypatch.setattr(library, "read_first_screen", unbounded)
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("خبر أول\n\n18 أبريل 2021\n\nنص الخبر.\n", encoding="utf-8")
    (folder / "b.md").write_text('+++\ntitle = "Second"\n+++\n\nBody text.\n', encoding="utf-8")
    items = [{"title": "واحد", "body": "نص"}, {"title": "Two", "body": "Text"}]
    (folder / "c.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n binary")
    db = tmp_path / "state.sqlite3"
    with Store.open(db) as store:
        app = make_app([folder], config=None, store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("q")
    with Store.open(db) as store:
        rows = store.read("SELECT COUNT(*) FROM headlines")[0][0]
    assert rows == 4  # a.txt, b.md, the two items of c.json (d.txt failed: not cached)
