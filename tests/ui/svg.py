"""SVG screenshots that read right in a browser.

Rich's SVG export puts each run of text in a `<text>` element; a browser would apply the bidi
algorithm to those runs and reverse the reader's already-visual Arabic a second time. Forcing
`direction: ltr; unicode-bidi: bidi-override` on the text shows the cells exactly as the terminal
does.
"""

from __future__ import annotations

import re

BIDI_OVERRIDE = "direction: ltr; unicode-bidi: bidi-override;"
_STYLE_END = re.compile(r"</style>")


def bidi_override(svg: str) -> str:
    """`svg` with a style rule that stops browsers from reordering its text (idempotent)."""
    if BIDI_OVERRIDE in svg:
        return svg
    return _STYLE_END.sub(f"    text {{ {BIDI_OVERRIDE} }}\n    </style>", svg, count=1)
