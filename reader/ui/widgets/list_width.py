"""How wide the headline list is: the `list_width` setting, `<` and `>`.

`list_width` is the list's share of the screen's width in percent (20 to 80); 0 asks for as much
as the titles need: the longest title of the first screen with its marks, at least `AUTO_MIN`
cells and at most `AUTO_SHARE` of the room beside the sources pane. The width is set as a
fraction of the room the list and the article share (the article's width is `1fr`), computed so
that the list has its cells while the details pane is shown: hiding the details pane then gives
its room to both, in proportion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.css.scalar import Scalar, Unit
from textual.widget import Widget

from reader.ui.bindings import saved_words
from reader.ui.widgets.headline_row import MARK_CELLS

if TYPE_CHECKING:
    from reader.i18n import Translator
    from reader.library.session import Session

#: The first titles the list shows (the argument: how many).
TitlesSource = Callable[[int], list[str]]
#: The titles (the first ones listed) whose longest sets the width when `list_width` is 0: as
#: many as a tall screen shows, the same before the first layout and after it.
TITLES = 40
#: The bounds of a chosen width, and the step of `<` / `>` (percent of the screen).
LEAST, MOST, STEP = 20, 80, 5
#: Bounds of the titles' own width (0): cells, and share of the screen.
AUTO_MIN, AUTO_SHARE = 24, 0.35
#: The cells around the titles: the border (2), the scrollbar (1) and a space.
CHROME = 4
#: The details pane's width when shown (reader.tcss `#metadata`), and the article's least.
DETAILS = 24
BODY_MIN = 20


def clamp_percent(percent: int) -> int:
    """A chosen share within LEAST..MOST; 0 (the titles' width) stays 0."""
    return 0 if percent == 0 else max(LEAST, min(MOST, percent))


def titles_cells(titles: Iterable[str], screen: int) -> int:
    """The cells the titles ask for (list_width 0): the longest with its marks and the
    border, within AUTO_MIN and AUTO_SHARE of `screen` (the room it is given)."""
    longest = max((cell_len(title) for title in titles), default=0)
    return max(AUTO_MIN, min(int(screen * AUTO_SHARE), longest + MARK_CELLS + CHROME))


def list_cells(percent: int, screen: int, titles: Iterable[str]) -> int:
    """The list's width in cells on a screen `screen` cells wide."""
    if percent == 0:
        return titles_cells(titles, screen)
    return round(screen * clamp_percent(percent) / 100)


def list_fraction(cells: int, room: int, details: int = DETAILS) -> float:
    """The list's `fr` against the article's `1fr` that gives it `cells` of `room` (the width
    list, article and details share) while the details pane (`details` cells) is shown."""
    shared = max(1, room - details)
    cells = max(1, min(cells, shared - BODY_MIN))
    return (cells + 1e-6) / max(1, shared - cells)  # (a hair more: Textual floors the cells)


def step_percent(percent: int, cells: int, screen: int, step: int) -> int:
    """`<` / `>` from `percent` (0: the titles' width, `cells` wide now): the next share."""
    if percent == 0:
        now = round(cells * 100 / max(1, screen) / STEP) * STEP
        return clamp_percent(now + step)
    return clamp_percent(percent + step)


def width_notice(tr: Translator, percent: int, saved: bool | None) -> str:
    """What `<` / `>` say: the new width, and whether it was saved (logical text)."""
    text = tr("List width: {percent}%", percent=percent)
    if saved is not None:
        text += " " + saved_words(tr, saved)
    return text


class ListWidth:
    """The width of one headline list (its `sizer`): the setting, applied on every resize.
    `set(percent)` applies `list_width`; `step(session, ±1)` is `<` / `>`."""

    def __init__(self, view: Widget, titles: TitlesSource) -> None:
        self.view = view
        self.titles = titles
        #: The setting (percent, 0: the titles' width); None: the stylesheet's width.
        self.percent: int | None = None
        #: The first screen's titles, read before the list has its entries (the first frame
        #: has the list at its width).
        self.first_titles: list[str] = []

    def set(self, percent: int) -> None:
        """Use `percent` (see the module); applied now when the list is laid out."""
        self.percent = clamp_percent(percent)
        self.fit()

    def fit(self, screen: int | None = None, room: int | None = None) -> None:
        """Apply the setting to the current screen and room (on resize too: idempotent).
        Before the first layout the screen's width and the room the panes will have are
        given (`screen`, `room`), so that the first frame has the list at its width."""
        view, parent = self.view, self.view.parent
        if self.percent is None:
            return
        if screen is None or room is None:
            if not view.is_mounted or not isinstance(parent, Widget):
                return
            screen, room = view.screen.size.width, parent.size.width
        if screen <= 0 or room <= 0:
            return
        titles = self.titles(TITLES) or self.first_titles
        if self.percent == 0:  # (the titles' width, within a share of the room beside it)
            cells = titles_cells(titles, room)
        else:
            cells = list_cells(self.percent, screen, titles)
        fraction = list_fraction(cells, room)
        width = view.styles.width
        if width is None or width.unit != Unit.FRACTION or width.value != fraction:
            view.styles.width = Scalar(fraction, Unit.FRACTION, Unit.WIDTH)

    def step(self, session: Session, direction: int) -> str:
        """`<` (direction -1) / `>` (+1): the share `STEP` narrower or wider, applied and
        saved; the notice."""
        percent = step_percent(
            self.percent or 0,
            self.view.outer_size.width,
            self.view.screen.size.width,
            direction * STEP,
        )
        saved = session.choose("list_width", percent)
        self.set(percent)
        return session.tr.display(width_notice(session.tr, percent, saved))
