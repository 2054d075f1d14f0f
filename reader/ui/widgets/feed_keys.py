"""The feed keys and what they say (a widget that draws nothing): `r`/`R` refresh the feeds in
the library's worker, `t` fetches the full text of the item shown in a worker of its own
(`reader.feeds.fulltext`), and their outcomes become notices in plain words.

`FullTextFetched` goes up from here: the panes show the item again with its full text when it
is still the one on screen, and the screen has the search index read it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.widget import Widget
from textual.worker import get_current_worker

from reader.library.feedwork import feed_state
from reader.library.session import Session
from reader.model import Headline
from reader.ui.messages import FeedStatusFound, FullTextFetched
from reader.ui.widgets.library import Library
from reader.ui.widgets.metadata import MetadataView

if TYPE_CHECKING:
    from reader.feeds.refresh import FeedResult

#: Failed feeds announced one by one after a refresh (the details say the rest).
MAX_FEED_NOTICES = 3


class FeedKeys(Widget):
    """`r`, `R` and `t`, and their notices."""

    def __init__(
        self, session: Session, library: Library, details: MetadataView, *, id: str | None = None
    ) -> None:
        """`library` refreshes the feeds; `details` shows the feed status of the item shown."""
        super().__init__(id=id)
        self.display = False
        self.session = session
        self.library = library
        self.details = details
        self._fetching: set[Path] = set()

    @property
    def fetching(self) -> bool:
        """True while a full text is being fetched."""
        return bool(self._fetching)

    # Refresh ---------------------------------------------------------------------------------

    def refresh_feeds(self, entry: Headline | None, *, every: bool = False) -> None:
        """`R` (`every`): every feed; `r`: the feed of `entry` (every feed from a file's)."""
        feeds = self.session.feeds
        url = feeds.store.feed_url(entry.path) if feeds and entry and not every else None
        tr = self.session.tr
        if feeds is None:
            self.notify(tr.visual("No feeds here: reader feeds add URL"), markup=False)
        elif not self.library.refresh_feeds(url):
            self.notify(tr.visual("The feeds are refreshing already"), markup=False)

    def say_refreshed(self, results: Sequence[FeedResult]) -> None:
        """The new items counted, each failed feed said (a few: the details say the rest, and
        show the status of the item's feed as it is now)."""
        shown = self.details.shown_path
        if shown is not None and self.session.state.is_item(shown):
            self.find_status(shown)
        tr = self.session.tr
        new = sum(result.new for result in results)
        text = tr.plural("Feeds refreshed: {count} new", "Feeds refreshed: {count} new", new)
        self.notify(tr.display(text), markup=False)
        failed = [result for result in results if result.status == "error"]
        for result in failed[:MAX_FEED_NOTICES]:
            reason = tr.reason(result.error or "")
            text = tr("Feed {name}: {reason}", name=result.title or result.url, reason=reason)
            self.notify(tr.display(text), severity="warning", markup=False)

    @work(thread=True, group="feed-status")
    def find_status(self, path: Path) -> None:
        """The status of the feed of the item at `path`, read in a worker, into the details."""
        state = feed_state(self.session.feeds, path)
        if state is not None:
            self.post_message(FeedStatusFound(path, state))

    @on(FeedStatusFound)
    def _status_found(self, message: FeedStatusFound) -> None:
        message.stop()
        self.details.show_feed(message.path, message.state)

    # Full text -------------------------------------------------------------------------------

    def full_text(self, entry: Headline | None) -> bool:
        """`t`: fetch the page of the feed item `entry` and keep its text (in a worker); False,
        with a notice saying why, when there is nothing to fetch."""
        tr, state = self.session.tr, self.session.state
        if entry is None or self.session.feeds is None or not state.is_item(entry.path):
            self.notify(tr.visual("Full text is for feed items"), markup=False)
            return False
        from reader.feeds.fulltext import FULL_TEXT_HINT, full_text_available

        if not full_text_available():
            self.notify(tr.display(FULL_TEXT_HINT), severity="warning", markup=False)
            return False
        if entry.path in self._fetching:
            return False
        self._fetching.add(entry.path)
        self.notify(tr.visual("Fetching the full text…"), markup=False)
        self._fetch(entry.path)
        return True

    @work(thread=True, group="full-text")
    def _fetch(self, path: Path) -> None:
        from reader.feeds.fulltext import FullTextResult, fetch_full_texts

        worker = get_current_worker()
        feeds = self.session.feeds
        assert feeds is not None
        results = fetch_full_texts(feeds.store, [path], cancelled=lambda: worker.is_cancelled)
        result = results[0] if results else FullTextResult(path, "error", "cancelled", 0)
        self.post_message(FullTextFetched(path, result))

    @on(FullTextFetched)
    def _fetched(self, message: FullTextFetched) -> None:
        # (Not stopped: the panes show the item again, the screen re-indexes it.)
        self._fetching.discard(message.path)
        tr, result = self.session.tr, message.result
        if result.status == "ok":
            count = result.paragraphs
            text = tr.plural("Full text: {count} paragraph", "Full text: {count} paragraphs", count)
            self.notify(tr.display(text), markup=False)
        else:
            why = tr.reason(result.error) if result.error else tr("not found")
            text = tr("Full text: {reason}", reason=why)
            self.notify(tr.display(text), severity="warning", markup=False)
