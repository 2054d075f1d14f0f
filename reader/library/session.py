"""One run of the reader: its folders, its reading state and its current settings.

The app makes one `Session` and passes it down to the main screen, which passes what each widget
needs on to it: nothing in the UI imports the App to reach these. The display settings change at
run time (`d`, `h`, `L`); `toggle` is the one place that changes one and writes it into
config.toml (`reader.config.save_setting`: comments, order and unknown keys kept), where the next
start reads it. The state database keeps reading state only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from reader.i18n import Translator, use
from reader.library.reading import ReadingState, reading_folder
from reader.locations import index_path

if TYPE_CHECKING:
    from reader.feeds.items import ItemsStore
    from reader.feeds.options import FeedOptions
    from reader.feeds.subscriptions import Subscription
    from reader.model import Direction
    from reader.settings import LayoutChoice, UiLanguage
    from reader.text import BidiMode, Harakat


class Settings(NamedTuple):
    """The display settings in force (`auto` already decided), and the reading workflow's."""

    layout: Direction
    bidi: BidiMode
    harakat: Harakat
    #: Seconds an article is shown before it becomes read ("0": at once; "never": only `u`).
    mark_read: str = "2"
    #: The sources pane: "show" or "hide".
    sources: str = "show"
    #: The headline list's order: "date", "title" or "source".
    sort: str = "date"
    #: The headline list's share of the width in percent; 0: as much as its titles need.
    list_width: int = 0
    #: The longest body line in cells (a wider pane centres the text); 0: the pane's width.
    measure: int = 90
    #: The interface's digits: "auto", "latin" or "native" (`reader.i18n.digit_style`).
    digits: str = "auto"


class Feeds(NamedTuple):
    """The feeds this run reads: the subscriptions, the store of their items, when to refresh."""

    subscriptions: tuple[Subscription, ...]
    store: ItemsStore
    #: The subscriptions file (a 301 moves a feed there); None for `reader URL`, which
    #: subscribes to nothing.
    urls: Path | None
    #: Refresh every this many minutes (at start when the last refresh is older); 0: never.
    refresh_minutes: int = 30
    #: Refresh as soon as the first screen is painted, however recent the last refresh.
    refresh_at_start: bool = False
    #: Read items a feed keeps at most, and for how many days (0: no limit).
    keep_items: int = 0
    keep_days: int = 0
    #: Each feed's own options (config.toml's `[feeds."URL"]`), by its subscribed address.
    options: Mapping[str, FeedOptions] = MappingProxyType({})


#: Each toggle's two values: pressing the key goes from one to the other.
TOGGLES: dict[str, tuple[str, str]] = {
    "layout": ("rtl", "ltr"),
    "bidi": ("app", "terminal"),
    "harakat": ("keep", "strip"),
    "sources": ("show", "hide"),
}


class Session:
    """What the app, its main screen and their widgets share for one run."""

    def __init__(
        self,
        paths: Sequence[Path],
        state: ReadingState,
        settings: Settings,
        *,
        language: UiLanguage,
        layout_choice: LayoutChoice = "auto",
        config_path: Path | None = None,
        feeds: Feeds | None = None,
    ) -> None:
        self.paths = list(paths)
        #: The folder whose "last opened" article is remembered.
        self.folder = reading_folder(self.paths)
        self.state = state
        self.settings = settings
        self.language: UiLanguage = language
        self.config_path = config_path
        #: The feeds read in this run, None when only files are.
        self.feeds = feeds
        #: True while `--layout auto` may still choose the layout by the articles' direction.
        self.layout_is_auto = layout_choice == "auto"
        self.tr = Translator(language, settings.bidi, settings.digits)
        # The module-level `_()` (the library's and the sources' messages) speaks it too.
        use(language, settings.digits)
        #: The article last opened from `folder` (read before the first screen).
        self.resume = state.last_opened(self.folder)
        #: The search index file beside the state database (None: in memory, like the state).
        store_path = state.store.path
        self.index_path = index_path(store_path) if store_path is not None else None

    @property
    def warnings(self) -> list[str]:
        """What the first screen says (a corrupt database moved aside, a bad settings file)."""
        return self.state.store.warnings

    def use_layout(self, layout: Direction) -> bool:
        """`--layout auto` decided by the articles (not saved); True when it changed."""
        if layout == self.settings.layout:
            return False
        self.settings = self.settings._replace(layout=layout)
        return True

    def use_layout_of(self, directions: Iterable[Direction]) -> bool:
        """`--layout auto`: the direction most articles have; True when it changed."""
        counts = Counter(directions)
        return self.use_layout("ltr" if counts["ltr"] > counts["rtl"] else "rtl")

    def toggle(self, name: str) -> tuple[str, bool | None]:
        """Switch setting `name` (layout, bidi or harakat) to its other value and write it into
        config.toml. Returns the new value and whether it was saved (None: there is no
        settings file; False: a file that would land in an article folder, one that exists
        but cannot be parsed — the user's, never replaced — or a failed write)."""
        first, second = TOGGLES[name]
        value = second if getattr(self.settings, name) == first else first
        self.settings = self.settings._replace(**{name: value})  # type: ignore[arg-type]
        if name == "layout":
            self.layout_is_auto = False
        if name == "bidi":
            self.tr = Translator(self.language, value, self.settings.digits)
        return value, self._save(name, value)

    def choose(self, name: str, value: str | int) -> bool | None:
        """Set setting `name` (one of `Settings`' fields but the engine's: sort, list_width,
        sources, mark_read) to `value` and write it into config.toml; whether it was saved, as
        `toggle` says."""
        if name not in ("sort", "list_width", "sources", "mark_read"):
            raise ValueError(f"not a setting chosen at run time: {name}")
        self.settings = self.settings._replace(**{name: value})  # type: ignore[arg-type]
        return self._save(name, value)

    def _save(self, name: str, value: str | int) -> bool | None:
        if self.config_path is None:
            return None
        from reader.config import save_setting

        try:
            save_setting(self.config_path, name, value, article_folders=self.paths)
        except (OSError, ValueError):
            return False
        return True
