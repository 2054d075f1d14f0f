"""The command palette: every action of the key table, and "open article by title".

The list's and the article's keys run on their own widget (`target`), the others on the screen.

Names are matched on normalized logical text (tashkeel and tatweel ignored, alef forms folded,
case folded), then shown through the engine: a palette entry reads right in Arabic too.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from reader.ui.bindings import BODY_BINDINGS, LIST_BINDINGS, PALETTE_BINDINGS, key_display

if TYPE_CHECKING:
    from textual.widget import Widget

    from reader.ui.screens.main import MainScreen

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def _local_normalize(text: str) -> str:
    return _TASHKEEL.sub("", text).translate(_ALEF).casefold()


@cache
def _normalizer() -> Callable[[str], str]:
    """The search layer's normalizer (the same rules as `/` search), when it is installed.

    Imported on first use: the palette is opened long after the first screen is painted.
    """
    try:
        module = importlib.import_module("reader.search.normalize")
    except ImportError:
        return _local_normalize
    return cast(Callable[[str], str], module.normalize)


def normalize(text: str) -> str:
    """Text for matching: tashkeel and tatweel removed, alef forms → ا, case folded."""
    return _normalizer()(text)


def matches(query: str, name: str) -> bool:
    """True when every word of the query occurs in the name (both normalized)."""
    target = normalize(name)
    return all(word in target for word in normalize(query).split())


Command = tuple[str, str, Callable[[], object]]


def target(main: MainScreen, binding: Binding) -> Widget:
    """Where a palette entry's action runs: the list's keys on the headline list, the
    article's on the article, every other on the screen."""
    if any(binding is b for b in LIST_BINDINGS):
        return main.headlines
    if any(binding is b for b in BODY_BINDINGS):
        return main.body
    return main


class ReaderCommands(Provider):
    """Actions and articles of the main screen."""

    def _main(self) -> MainScreen | None:
        from reader.ui.screens.main import MainScreen

        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _actions(self, main: MainScreen) -> Iterator[Command]:
        tr = main.session.tr
        for binding in PALETTE_BINDINGS:
            yield (
                tr(binding.description),
                key_display(binding),
                partial(target(main, binding).run_action, binding.action),
            )

    def _articles(self, main: MainScreen) -> Iterator[Command]:
        tr = main.session.tr
        for entry in main.headlines.entries:
            if entry.error is None:
                yield (
                    tr("Open: {title}", title=entry.title),
                    tr("Open the article"),
                    partial(main.panes.open_entry, entry, focus_list=True),
                )

    def _hit_parts(self, main: MainScreen, name: str, help_text: str) -> tuple[Content, str]:
        return Content(main.session.tr.display(name)), escape(main.session.tr.display(help_text))

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for name, help_text, callback in self._actions(main):
            display, help_shown = self._hit_parts(main, name, help_text)
            yield DiscoveryHit(display, callback, text=name, help=help_shown)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(normalize(query))
        for name, help_text, callback in (*self._actions(main), *self._articles(main)):
            if matches(query, name):
                score = 0.5 + matcher.match(normalize(name)) / 2
            else:
                score = matcher.match(normalize(name)) / 4
            if score > 0:
                display, help_shown = self._hit_parts(main, name, help_text)
                yield Hit(score, display, callback, text=name, help=help_shown)
