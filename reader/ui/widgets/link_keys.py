"""The keys that take a link or the text out of the reader (a widget that draws nothing): `o`
opens the article's link in the browser, `y` copies it and `Y` copies the article's logical
text, both through OSC 52 (`App.copy_to_clipboard`); the links screen (`l`) opens and copies
its numbered links through the same methods, and shows them in a `LinksView`. What happens is
said in a notice.

The browser starts in a thread worker (`reader.library.links.open_url`: `$BROWSER`, else the
platform's graphical opener), so a slow opener never holds the screen; tests inject `spawn`
and `platform_open`.
"""

from __future__ import annotations

import os
from typing import ClassVar

from textual import work
from textual.widget import Widget

from reader.i18n import N_
from reader.library.links import (
    LinkError,
    PlatformOpen,
    Spawn,
    graphical_open,
    logical_text,
    open_url,
    safe_url,
    spawn_detached,
)
from reader.library.session import Session
from reader.model import Article
from reader.text.sanitize import clean_line
from reader.ui.widgets.lines_view import LinesView


class LinksView(LinesView):
    """The links screen's numbered links, one "value" block each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-view--value"}


class LinkKeys(Widget):
    """`o`, `y`, `Y` and the links screen's open and copy, with their notices."""

    def __init__(
        self,
        session: Session,
        *,
        browser: str | None = None,
        spawn: Spawn = spawn_detached,
        platform_open: PlatformOpen = graphical_open,
        id: str | None = None,
    ) -> None:
        """`browser`: the `$BROWSER` setting (None: the environment's, read at each open);
        `spawn` starts a browser command, `platform_open` is the fallback opener."""
        super().__init__(id=id)
        self.display = False
        self.session = session
        self.browser = browser
        self.spawn = spawn
        self.platform_open = platform_open

    @classmethod
    def on(cls, host: Widget, session: Session) -> LinkKeys:
        """The LinkKeys among `host`'s children, mounted there on first use."""
        found = host.query_children(LinkKeys)
        if found:
            return found.first()
        keys = cls(session)
        host.mount(keys)
        return keys

    # Opening ---------------------------------------------------------------------------------

    def open_article(self, article: Article | None) -> bool:
        """`o`: the article's own link in the browser; False (with a notice) without one."""
        url = self._link_of(article)
        return bool(url) and self.open_url(url)

    def open_url(self, url: str) -> bool:
        """Open `url` in the browser, in a worker; False (with a notice) for a link that is not
        http or https."""
        checked = self._web_link(url)
        if checked is None:
            return False
        browser = self.browser if self.browser is not None else os.environ.get("BROWSER")
        self._open(checked, browser)
        return True

    @work(thread=True, group="open-link")
    def _open(self, url: str, browser: str | None) -> None:
        try:
            name = open_url(url, browser, spawn=self.spawn, platform_open=self.platform_open)
        except LinkError as error:
            self.app.call_from_thread(self._say, str(error), warning=True)
        else:
            self.app.call_from_thread(self._say, N_("Opened in {name}"), name)

    def _say(self, key: str, name: str = "", *, warning: bool = False) -> None:
        tr = self.session.tr
        text = tr.display(tr(key, name=clean_line(name)) if name else tr(key))
        self.notify(text, severity="warning" if warning else "information", markup=False)

    # Copying ---------------------------------------------------------------------------------

    def copy_article_link(self, article: Article | None) -> bool:
        """`y`: the article's own link to the clipboard."""
        url = self._link_of(article)
        return bool(url) and self.copy_url(url)

    def copy_url(self, url: str) -> bool:
        """`url` to the clipboard (OSC 52) when it is a web link."""
        checked = self._web_link(url)
        if checked is None:
            return False
        self.app.copy_to_clipboard(checked)
        self.notify(self.session.tr.visual("Link copied"), markup=False)
        return True

    # Checks ----------------------------------------------------------------------------------

    def _link_of(self, article: Article | None) -> str:
        """The article's own link ("" with a notice: none)."""
        url = article.url if article is not None else ""
        if not url:
            self.notify(self.session.tr.visual("This article has no link"), markup=False)
        return url

    def _web_link(self, url: str) -> str | None:
        """`url` checked (`safe_url`); None, with a notice, when it is not http or https."""
        checked = safe_url(url)
        if checked is None:
            self.notify(self.session.tr.visual("Not a web link"), severity="warning", markup=False)
        return checked

    def copy_text(self, article: Article | None) -> bool:
        """`Y`: the article's logical text (title and paragraphs) to the clipboard."""
        tr = self.session.tr
        if article is None:
            self.notify(tr.visual("No article to copy"), markup=False)
            return False
        text = logical_text(article)
        self.app.copy_to_clipboard(text)
        copied = tr.plural(
            "Text copied: {count} character", "Text copied: {count} characters", len(text)
        )
        self.notify(tr.display(copied), markup=False)
        return True
