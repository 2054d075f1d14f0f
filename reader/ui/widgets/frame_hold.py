"""One frame per switch of article: the repaint held until the body has the article.

The list's cursor moves at once and the article is read in a worker; without a hold the cursor
would be painted one frame (16 ms) before its article. `FrameHold` holds the app's screen
updates (`App.batch_update`) until `release` or `HOLD_FRAME` seconds at the latest.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.timer import Timer
from textual.widget import Widget

#: Longest time the list's cursor waits for its article before it is painted alone (seconds).
HOLD_FRAME = 0.1


class FrameHold:
    """The held repaint of one widget's app; its timer runs on that widget."""

    def __init__(self, owner: Widget) -> None:
        self.owner = owner
        self._held: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        """True while a repaint is held for an article on its way."""
        return self._held is not None

    def hold(self) -> None:
        """Hold the repaint until `release`, or `HOLD_FRAME` from now."""
        if self._held is None:
            self._held = self.owner.app.batch_update()
            self._held.__enter__()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(HOLD_FRAME, self._expired)

    def _expired(self) -> None:
        """Nothing came in time: what changed meanwhile is painted now. (Measured: a failure
        shown during a hold that ran out stayed unpainted until the next unrelated repaint,
        the 2 s read timer's.)"""
        self.release()
        self.owner.screen.refresh()

    def release(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
