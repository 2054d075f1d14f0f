"""Pilot tests of the link keys: `o` starts `$BROWSER` with the URL as one argument, `y`/`Y`
send the link and the article's logical text through OSC 52, `l` lists the links by number."""

from __future__ import annotations

import base64
import json
import re
import stat
import sys
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from reader.library.links import logical_text
from reader.sources import load_article
from reader.ui.screens.links import LinksScreen
from reader.ui.widgets.link_keys import LinksView
from tests.ui.conftest import MakeApp
from tests.ui.helpers import reading, record_notifications, wait_for

TITLE = "روابط المقال"
URL = "https://news.example/article?id=7&x=$(touch${IFS}pwned)`id`;ls|cat"
ARTICLE = f"""+++
title = "{TITLE}"
url = "{URL}"
+++

اقرأ [التقرير الكامل](https://news.example/report) ثم [the data](https://data.example/set.csv).

Again [the report](https://news.example/report), and [a script](javascript:alert(1)).
"""
OSC52 = re.compile("\x1b\\]52;c;([A-Za-z0-9+/=]*)\x07")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "links.md").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture
def browser(tmp_path: Path) -> Path:
    """A fake browser: writes its arguments (JSON) to `opened.json` beside it (whole, at once)."""
    script = tmp_path / "fake-browser"
    record = tmp_path / "opened.json"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        f"open({str(record)!r} + '.part', 'w').write(json.dumps(sys.argv[1:]))\n"
        f"os.replace({str(record)!r} + '.part', {str(record)!r})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def terminal_output(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything the app writes to its (headless) terminal."""
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    return written


def osc52_payloads(written: list[str]) -> list[str]:
    """The texts sent to the clipboard, decoded."""
    found = OSC52.findall("".join(written))
    return [base64.b64decode(payload).decode("utf-8") for payload in found]


async def test_o_starts_browser_with_the_url_as_one_argument(
    make: MakeApp, folder: Path, browser: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", f"/nonexistent/browser %s:{browser} --new-tab %s")
    record = browser.parent / "opened.json"
    app = make([folder])
    async with reading(app, TITLE) as (pilot, _):
        notices = record_notifications(app)
        await pilot.press("o")
        await wait_for(pilot, record.exists)
        await wait_for(pilot, lambda: bool(notices))
    assert json.loads(record.read_text(encoding="utf-8")) == ["--new-tab", URL]
    assert notices == [f"Opened in {browser}"]


async def test_o_says_when_no_browser_starts(
    make: MakeApp, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "/nonexistent/browser")
    app = make([folder])
    async with reading(app, TITLE) as (pilot, _):
        notices = record_notifications(app)
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(notices))
    assert notices == ["No browser could be started"]


async def test_y_and_Y_copy_the_link_and_the_logical_text(
    make: MakeApp, folder: Path, terminal_output: list[str]
) -> None:
    app = make([folder])
    async with reading(app, TITLE) as (pilot, screen):
        notices = record_notifications(app)
        await pilot.press("y")
        await pilot.press("Y")
        await pilot.pause()
        article = screen.article
    expected = logical_text(load_article(folder / "links.md"))
    assert article is not None and logical_text(article) == expected
    assert osc52_payloads(terminal_output) == [URL, expected]
    assert expected.startswith(TITLE + "\n\nاقرأ التقرير الكامل ثم the data.")
    assert notices == ["Link copied", f"Text copied: {len(expected)} characters"]


async def test_l_lists_the_links_and_opens_or_copies_them_by_number(
    make: MakeApp,
    folder: Path,
    browser: Path,
    terminal_output: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BROWSER", str(browser))
    record = browser.parent / "opened.json"
    app = make([folder])
    async with reading(app, TITLE) as (pilot, _):
        notices = record_notifications(app)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        view = app.screen.query_one(LinksView)
        await wait_for(pilot, lambda: view.laid_out)
        texts = [block.text for block in view.blocks]
        assert len(texts) == 2  # each URL once; the script link is not listed
        assert texts[0].startswith("[1] ") and "https://news.example/report" in texts[0]
        assert texts[1].startswith("[2] ") and "https://data.example/set.csv" in texts[1]
        await pilot.press("2", "y")
        await pilot.press("9", "enter")
        await pilot.press("1", "enter")
        await wait_for(pilot, record.exists)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LinksScreen))
    assert osc52_payloads(terminal_output) == ["https://data.example/set.csv"]
    assert json.loads(record.read_text(encoding="utf-8")) == ["https://news.example/report"]
    assert notices[:2] == ["Link copied", "No link 9"]


async def test_l_without_links_says_so(make: MakeApp, library: Path) -> None:
    app = make([library])
    async with reading(app) as (pilot, _):
        notices = record_notifications(app)
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, LinksScreen)
    assert notices == ["No links in this article"]


async def test_links_screen_in_arabic_draws_through_the_engine(make: MakeApp, folder: Path) -> None:
    app = make([folder], ui="ar")
    async with reading(app, TITLE) as (pilot, _):
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        view = app.screen.query_one(LinksView)
        await wait_for(pilot, lambda: view.laid_out)
        lines = view.all_text()
        assert any("https://data.example/set.csv" in line for line in lines)
        assert all(char not in "\u2068\u2069\x1b" for line in lines for char in line)
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, LinksScreen))
