"""The links screen (`l`): the article's links numbered, w3m and newsboat style, `[1] text — url`.

Type a link's number, then Enter (or `o`) opens it in the browser and `y` copies it; Backspace
takes a digit back; Escape (or `q`, `l`) closes. The texts and addresses are the article's,
untrusted: each line is cleaned and drawn through the engine, and only web links are listed
(`reader.library.links.article_links`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from reader.document import Block, isolate
from reader.i18n import N_
from reader.library.links import Link, article_links
from reader.library.session import Session
from reader.model import Article
from reader.text.sanitize import clean_line
from reader.ui.widgets.link_keys import LinkKeys, LinksView

#: Digits a link number may have (MAX_LINKS has 4).
MAX_DIGITS = 4

LINKS_BINDINGS: tuple[Binding, ...] = (
    Binding("enter,o", "open", N_("Open link"), id="links-open"),
    Binding("y", "copy", N_("Copy link"), id="links-copy"),
    Binding("backspace", "erase", N_("Erase a digit"), show=False, id="links-erase"),
    Binding("escape,q,l", "close", N_("Close"), id="links-close"),
)


def link_line(link: Link) -> str:
    """`[n] text — url` in logical text, each field isolated (its direction cannot reorder the
    others); the text alone when it is the address itself."""
    text = clean_line(link.text)
    number = f"[{link.number}]"
    if not text or text == link.url:
        return f"{number} {isolate(link.url)}"
    return f"{number} {isolate(text)} — {isolate(link.url)}"


def run_link_key(host: Widget, session: Session, key: str, article: Article | None) -> None:
    """The main screen's link keys: "open" (`o`), "copy" (`y`), "text" (`Y`), "list" (`l`)."""
    if key == "list":
        LinksScreen.show(host, session, article)
        return
    keys = LinkKeys.on(host, session)
    if key == "open":
        keys.open_article(article)
    elif key == "copy":
        keys.copy_article_link(article)
    elif key == "text":
        keys.copy_text(article)
    else:
        raise ValueError(f"no link key {key!r}")


class LinksScreen(ModalScreen[None]):
    # (The dialog's look is reader.tcss's `.dialog` rules, shared with the help screen.)
    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
        #links-dialog {
            width: 90%;
        }
        #links-lines {
            max-height: 30;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LINKS_BINDINGS)

    def __init__(
        self, session: Session, links: list[Link], keys: LinkKeys, article: Article
    ) -> None:
        """`links` numbered from 1; `keys` opens and copies them; `article` gives their
        direction."""
        super().__init__()
        self.session = session
        self.links = links
        self.keys = keys
        self.article = article
        #: The number typed so far.
        self.typed = ""

    @classmethod
    def show(cls, host: Widget, session: Session, article: Article | None) -> bool:
        """`l`: push the links screen of `article` above `host`'s screen; False (with a
        notice) when the article has no web link."""
        links = article_links(article) if article is not None else []
        if article is None or not links:
            host.notify(session.tr.visual("No links in this article"), markup=False)
            return False
        host.app.push_screen(cls(session, links, LinkKeys.on(host, session), article))
        return True

    def compose(self) -> ComposeResult:
        tr, settings = self.session.tr, self.session.settings
        blocks = [
            Block(link_line(link), "value", direction=self.article.direction) for link in self.links
        ]
        view = LinksView(
            id="links-lines", classes="dialog-lines", harakat=settings.harakat, bidi=settings.bidi
        )
        view.set_blocks(blocks, fallback=self.article.direction)
        view.border_title = Content(tr.visual("Links"))
        with Vertical(id="links-dialog", classes="dialog -ui-rtl" if tr.rtl else "dialog"):
            yield view
            yield Static(self._prompt(), id="links-prompt", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(LinksView).focus()

    def _prompt(self) -> Content:
        tr = self.session.tr
        if self.typed:
            return Content(tr.visual("Link {number}: Enter opens, y copies", number=self.typed))
        return Content(tr.visual("Type a link's number: Enter opens, y copies, Escape closes"))

    def _set_typed(self, typed: str) -> None:
        self.typed = typed
        self.query_one("#links-prompt", Static).update(self._prompt())

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character in "0123456789":
            event.stop()
            event.prevent_default()
            if len(self.typed) < MAX_DIGITS:
                self._set_typed((self.typed + event.character).lstrip("0"))

    def chosen(self) -> Link | None:
        """The link whose number was typed (None, with a notice, when there is none); the
        number is cleared."""
        typed = self.typed
        self._set_typed("")
        if not typed:
            self.notify(self.session.tr.visual("Type a link's number first"), markup=False)
            return None
        number = int(typed)
        if not 1 <= number <= len(self.links):
            self.notify(self.session.tr.visual("No link {number}", number=number), markup=False)
            return None
        return self.links[number - 1]

    def action_open(self) -> None:
        link = self.chosen()
        if link is not None:
            self.keys.open_url(link.url)

    def action_copy(self) -> None:
        link = self.chosen()
        if link is not None:
            self.keys.copy_url(link.url)

    def action_erase(self) -> None:
        self._set_typed(self.typed[:-1])

    def action_close(self) -> None:
        self.dismiss(None)
