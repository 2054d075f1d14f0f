"""Unread that stays unread: when the article shown becomes read, `n`/`p`, `A` and its undo (a
widget that draws nothing).

The panes tell it which article is shown (`shown`, `left`) and when the body is scrolled
(`engaged`); the rule is `reader.library.marking.ReadTimer`'s, its delay the `mark_read` setting,
its clock Textual's timers (`timer.schedule`, replaceable in tests). The marks are written by the
library's workers; the list shows them at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widget import Widget

from reader.i18n import N_
from reader.library.marking import ReadTimer, first_unread, next_unread
from reader.library.reading import Marks
from reader.library.session import Session
from reader.settings import mark_read_delay
from reader.ui.widgets.headline_list import HeadlineList
from reader.ui.widgets.library import Library


class ReadingKeys(Widget):
    """Marks articles read as they are read; finds the next unread; `A` and its undo."""

    def __init__(self, session: Session, library: Library, headlines: HeadlineList) -> None:
        super().__init__()
        self.display = False
        self.session = session
        self.library = library
        self.headlines = headlines
        self.timer = ReadTimer(
            self._mark, self._schedule, mark_read_delay(session.settings.mark_read)
        )
        #: The marks `A` changed, as they were before it (None: nothing to undo).
        self.undoable: dict[Path, Marks] | None = None
        #: True from `A` until another key: `u` then undoes it.
        self.just_marked = False
        #: Past the last unread of the source the list is narrowed to: choose the next source
        #: with unread (`step` 1 or -1); False when there is none (the sources pane sets it).
        self.other_sources: Callable[[int], bool] | None = None

    def _schedule(self, seconds: float, call: Callable[[], None]) -> Callable[[], None]:
        return self.set_timer(seconds, call).stop

    def _mark(self, path: Path) -> None:
        self.headlines.mark_read(path)
        state = self.session.state
        self.library.write(lambda: state.mark_read(path))

    # The article shown -----------------------------------------------------------------------

    def shown(self, path: Path, *, chosen: bool) -> None:
        """The article at `path` is on screen (`chosen`: Enter, a click, the palette)."""
        self.timer.delay = mark_read_delay(self.session.settings.mark_read)
        self.timer.shown(path, chosen=chosen, read=path in self.headlines.read)

    def left(self) -> None:
        self.timer.left()

    def scrolled(self, *, at_end: bool = False) -> None:
        """The body was scrolled or paged: its article is read now. `at_end`: Space at its
        end: the next unread."""
        if at_end:
            self.go_unread(+1)
        else:
            self.timer.engaged()

    # Next unread -----------------------------------------------------------------------------

    def next_unread(self, step: int, *, wrap: bool = False) -> bool:
        """Select the next (`step` 1) or previous (-1) unread headline the list shows (with
        `wrap`, round the end); False when there is none."""
        headlines = self.headlines
        entries = headlines.shown_entries
        found = next_unread(entries, headlines.cursor, headlines.read, step)
        if found is None and wrap:
            found = first_unread(entries, headlines.read, step, skip=headlines.cursor)
        if found is None:
            return False
        headlines.select(found)
        return True

    def go_unread(self, step: int) -> bool:
        """`n`/`p`, Space at the end: the next unread; past the last one of a feed or folder
        the list is narrowed to, the next source with unread (`other_sources`); else round
        the end of the list; a notice when there is none."""
        if self.next_unread(step):
            return True
        if self.other_sources is not None and self.other_sources(step):
            self.next_unread(step, wrap=True)
            return True
        tr = self.session.tr
        if self.next_unread(step, wrap=True):  # H4: going round the end is said
            last = N_("No more unread below: back to the first unread")
            first = N_("No more unread above: back to the last unread")
            self.notify(tr.visual(last if step > 0 else first), markup=False)
            return True
        self.notify(tr.visual("No unread articles"), markup=False)
        return False

    # A and its undo --------------------------------------------------------------------------

    def mark_listed(self) -> int:
        """`A`: every readable headline the list shows marked read (one transaction); the
        count of those that were unread."""
        headlines = self.headlines
        paths = [entry.path for entry in headlines.shown_entries if entry.error is None]
        # The marks as the list shows them (what the user undoes to).
        previous = {
            path: Marks(path in headlines.read, path in headlines.bookmarked) for path in paths
        }
        self.timer.left()
        headlines.mark_read(*paths)
        state = self.session.state
        self.library.change_marks(lambda: state.mark_all(paths), paths)
        self.undoable, self.just_marked = previous, True
        return sum(1 for marks in previous.values() if not marks.read)

    def mark_listed_and_say(self) -> None:
        count = self.mark_listed()
        tr = self.session.tr
        text = tr.display(
            tr.plural(
                "{count} marked read (ctrl+z undoes)", "{count} marked read (ctrl+z undoes)", count
            )
        )
        self.notify(text, markup=False)

    def undo_and_say(self) -> None:
        count = self.undo()
        tr = self.session.tr
        text = tr.visual("Nothing to undo") if count is None else tr.visual("Marks restored")
        self.notify(text, markup=False)

    def key_pressed(self, key: str) -> bool:
        """Every key on the main screen, before its action: True when it is `u` right after
        `A` (it undid `A`; `u` must not toggle the mark too)."""
        if key == "u" and self.just_marked:
            self.undo_and_say()
            return True
        self.just_marked = False
        return False

    def undo(self) -> int | None:
        """Put back the marks the last `A` changed; how many (None: nothing to undo)."""
        previous, self.undoable = self.undoable, None
        self.just_marked = False
        if previous is None:
            return None
        headlines = self.headlines
        headlines.mark_read(*(path for path, marks in previous.items() if marks.read))
        headlines.mark_read(*(path for path, m in previous.items() if not m.read), read=False)
        state = self.session.state
        self.library.change_marks(lambda: state.restore(previous), list(previous))
        return sum(1 for marks in previous.values() if not marks.read)

    def toggle_mark(self, which: str) -> None:
        """`u` (`which` "read") or `s` ("bookmark") on the current entry: the state flips in a
        worker; the notice says how."""
        entry = self.headlines.current
        if entry is None or entry.error is not None:
            return
        marked = self.headlines.read if which == "read" else self.headlines.bookmarked
        notices = (N_("Marked unread"), N_("Marked read"))
        if which != "read":
            notices = (N_("Bookmark removed"), N_("Bookmarked"))
        was_marked = entry.path in marked
        self.library.toggle_mark(entry.path, which)
        notice = notices[0] if was_marked else notices[1]
        self.notify(self.session.tr.visual(notice), markup=False)
