"""The title line: the app's name and where the article shown comes from (its folder, or its
feed), drawn through the engine in the interface's language. (A one-line Static is all
Textual's Header gave here, at a fraction of its start-up cost.)"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.library.session import Session
from reader.model import Article


class TitleBar(Static):
    """`reader — /news/folder`: the where isolated (LRI…PDI), so that its slashes stay with it
    in a right-to-left title."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.where = ""

    def show(self, article: Article | None) -> str:
        """The title for `article` shown (None: the folders opened); returns the where."""
        self.where = self._where(article)
        tr = self.session.tr
        title = tr("reader")
        text = f"{title} — \u2066{self.where}\u2069" if self.where else title
        self.update(Content(tr.display(text)))
        return self.where

    def _where(self, article: Article | None) -> str:
        if article is not None and article.path is not None:
            if self.session.state.is_item(article.path):
                return article.source  # a feed item: its feed
            return str(article.path.parent)
        paths = self.session.paths
        if paths:
            return str(paths[0] if paths[0].is_dir() else paths[0].parent)
        return ""
