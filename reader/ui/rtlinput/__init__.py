"""A text input for right-to-left and mixed text on terminals that neither shape nor reorder.

`RTLInput` is a `textual.widgets.Input` (drop it in anywhere an Input is) that draws its line
through a `Layout`: the logical text in, a `Visual` out (the display string left to right and the
source index of each displayed character). `RTLInputMixin` gives any Input subclass the same
behaviour. The package is independent of the reader but for `engine`, the one adapter to the
reader's text engine (`engine_layout`); `caret` (cursor geometry) and `editing` (graphemes,
words, edits) are pure logic.
"""

from .caret import Caret, Layout, Visual, logical_layout
from .widget import RTLInput, RTLInputMixin

__all__ = ["Caret", "Layout", "RTLInput", "RTLInputMixin", "Visual", "logical_layout"]
