"""`LinkKeys` on its own: the browser it starts (injected), the notices, the clipboard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.library.reading import ReadingState
from reader.library.session import Session, Settings
from reader.model import Article, Paragraph
from reader.ui.widgets.link_keys import LinkKeys
from tests.ui.widgets.host import Host, settled


class Notices(Host):
    """The host, keeping every notice it shows."""

    def __init__(self, keys: LinkKeys) -> None:
        super().__init__(keys)
        self.notices: list[tuple[str, str]] = []

    def notify(self, message: str, **options: object) -> None:  # type: ignore[override]
        self.notices.append((message, str(options.get("severity", "information"))))


def keys_for(state: ReadingState, tmp_path: Path, **options: object) -> LinkKeys:
    session = Session([tmp_path], state, Settings("ltr", "app", "keep"), language="en")
    return LinkKeys(session, **options)  # type: ignore[arg-type]


async def test_o_starts_the_browser_and_says_so(state: ReadingState, tmp_path: Path) -> None:
    started: list[list[str]] = []

    def spawn(argv: Sequence[str]) -> None:
        started.append(list(argv))

    keys = keys_for(state, tmp_path, browser="my-browser --tab %s", spawn=spawn)
    app = Notices(keys)
    async with app.run_test() as pilot:
        assert keys.open_article(Article("t", url="https://a.example/x"))
        await settled(pilot, lambda: bool(app.notices))
    assert started == [["my-browser", "--tab", "https://a.example/x"]]
    assert app.notices == [("Opened in my-browser", "information")]


async def test_the_platform_opener_failing_is_a_warning(
    state: ReadingState, tmp_path: Path
) -> None:
    keys = keys_for(state, tmp_path, browser="", platform_open=lambda url: False)
    app = Notices(keys)
    async with app.run_test() as pilot:
        assert keys.open_url("https://a.example/")
        await settled(pilot, lambda: bool(app.notices))
    assert app.notices == [("No browser found: set $BROWSER", "warning")]


async def test_nothing_starts_for_a_missing_or_hostile_link(
    state: ReadingState, tmp_path: Path
) -> None:
    def spawn(argv: Sequence[str]) -> None:
        raise AssertionError("a browser was started")

    keys = keys_for(state, tmp_path, browser="b", spawn=spawn)
    app = Notices(keys)
    async with app.run_test() as pilot:
        assert not keys.open_article(Article("t"))
        assert not keys.open_article(None)
        assert not keys.open_url("javascript:alert(1)")
        assert not keys.copy_url("file:///etc/passwd")
        await pilot.pause()
        assert app.clipboard == ""
    assert [notice for notice, _ in app.notices] == [
        "This article has no link",
        "This article has no link",
        "Not a web link",
        "Not a web link",
    ]


async def test_copy_puts_the_link_and_the_logical_text_on_the_clipboard(
    state: ReadingState, tmp_path: Path
) -> None:
    keys = keys_for(state, tmp_path)
    app = Notices(keys)
    article = Article("عنوان", (Paragraph("نص \x1b[31mأحمر"),), url="https://a.example/")
    async with app.run_test():
        assert keys.copy_article_link(article)
        assert app.clipboard == "https://a.example/"
        assert keys.copy_text(article)
        assert app.clipboard == "عنوان\n\nنص أحمر"
        assert not keys.copy_text(None)
    assert [notice for notice, _ in app.notices] == [
        "Link copied",
        "Text copied: 14 characters",
        "No article to copy",
    ]
