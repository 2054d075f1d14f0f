"""Issue #9 cases 3 and 4, the UI half: a large article never holds the UI or the exit.

- `q` ends the reader at once even while a worker is inside a call that cannot stop midway (a
  parse of a 60 MB article): the app's thread workers run in `reader.ui.app`, whose
  shutdown does not wait for them (asyncio's own executor waited for every one at exit);
- the first screen, read on the UI thread, stops before a file whose headline means parsing it
  whole (a large JSON list): the scan's worker reads it;
- the body pane keeps line counts, not lines: the lines drawn are made when drawn.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.worker import Worker, get_current_worker

import reader.sources
from reader.document import render_article
from reader.library.first_screen import SYNC_ARTICLE_BYTES, read_first_screen
from reader.library.reading import ReadingState
from reader.library.scan import PAUSE
from reader.model import Article, ArticleError
from reader.store import Store
from reader.ui.app import make_app
from tests.ui.conftest import DATA, SIZE
from tests.ui.helpers import main_screen, wait_for

#: How long the test waits for the app (in a thread) to have ended: generous, for a loaded
#: machine; the worker it must not wait for sleeps far longer.
ENDED_WITHIN = 60.0
WORKER_SLEEPS = 600.0


def _large_text_article(folder: Path, size: int) -> Path:
    seed = (DATA / "000_seed.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in seed.splitlines() if len(line) > 40]
    lines = ["مقال كبير", ""]
    total = 0
    while total < size:
        for paragraph in paragraphs:
            lines.append(paragraph)
            total += len(paragraph.encode("utf-8")) + 1
    path = folder / "big.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_quitting_does_not_wait_for_a_worker_that_cannot_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _large_text_article(folder, 2 * SYNC_ARTICLE_BYTES)  # opened in a worker
    started = threading.Event()
    release = threading.Event()
    workers: list[Worker[None]] = []

    def parse_forever(path: Path) -> Article:
        # A parse of a huge file: one call, no point where it could look at `is_cancelled`.
        workers.append(get_current_worker())
        started.set()
        release.wait(WORKER_SLEEPS)
        raise ArticleError("never reached in this test")

    monkeypatch.setattr(reader.sources, "load_article", parse_forever)
    app = make_app([folder])
    ended = threading.Event()

    async def session() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, started.is_set)
            await pilot.press("q")

    def run() -> None:
        # `asyncio.run` shuts the loop's default executor down as a real run does.
        asyncio.run(session())
        ended.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        thread.join(ENDED_WITHIN)
        assert ended.is_set(), "the exit waited for the busy worker"
        assert app.return_code == 0
        assert workers and workers[0].is_cancelled
        assert not release.is_set()  # the worker was still inside its call
    finally:
        release.set()


@pytest.fixture
def state() -> Iterator[ReadingState]:
    store = Store.open(None)
    yield ReadingState(store)
    store.close()


def test_the_first_screen_leaves_a_large_json_file_to_the_worker(
    tmp_path: Path, state: ReadingState, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("خبر قصير\n\nفقرة.\n", encoding="utf-8")
    body = "فقرة طويلة من خبر. " * 2000
    items = [{"title": f"خبر {n}", "body": body} for n in range(20)]
    (folder / "b.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    assert (folder / "b.json").stat().st_size > SYNC_ARTICLE_BYTES
    read: list[str] = []
    original = reader.sources.read_headlines

    def recording(path: Path) -> list[reader.sources.Headline | reader.sources.SourceError]:
        read.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(reader.sources, "read_headlines", recording)
    first = read_first_screen(
        [folder], state, rows=10, resume=None, folder=folder, budget=float("inf")
    )
    assert [entry.path.name for entry in first.entries] == ["a.txt"]
    assert first.article is not None and first.article.title == "خبر قصير"
    assert read == ["a.txt"]  # the JSON list was not parsed on the UI thread
    assert first.rest is not None
    rest = [entry for entry in first.rest if entry is not PAUSE]
    assert read == ["a.txt", "b.json"]  # the worker reads it, from where the screen stopped
    assert [entry.title for entry in rest] == [f"خبر {n}" for n in range(20)]


async def test_the_body_of_a_large_article_shows_what_render_prints(tmp_path: Path) -> None:
    """Lines made when drawn (not kept for the whole article) are the lines `reader render`
    prints, from the top to the bottom."""
    folder = tmp_path / "news"
    folder.mkdir()
    path = _large_text_article(folder, 400_000)
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.article is not None and screen.body.laid_out)
        width = screen.body.scrollable_content_region.width
        expected = render_article(reader.sources.load_article(path), width)
        assert screen.body.line_count == len(expected)
        assert screen.body.visible_text() == expected[: len(screen.body.visible_text())]
        screen.body.focus()
        await pilot.press("G")
        await pilot.pause()
        shown = screen.body.visible_text()
        assert shown == expected[len(expected) - len(shown) :]
