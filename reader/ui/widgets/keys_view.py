"""The help screen's list of keys: one "value" block per key, a "label" per section, drawn by
`LinesView`."""

from __future__ import annotations

from typing import ClassVar

from reader.ui.widgets.lines_view import LinesView


class KeysView(LinesView):
    """The keys and what they do, in the interface's direction."""

    # Only the style its blocks use (Textual styles every component class of a widget).
    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-view--value", "lines-view--label"}
