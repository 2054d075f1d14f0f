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


async def _screenshot(path: str, size: tuple[int, int]) -> None:
    from pathlib import Path

    from reader.settings import Choices
    from reader.ui.app import make_app
    from tests.ui.helpers import main_screen, wait_for

    # The default order (newest first), the sources pane shown (wide enough), read after 2 s.
    choices = Choices(ui="ar", bidi="app", layout="rtl", mark_read="never")
    app = make_app([Path("articles")], choices, environ={})  # run from the repository's top level
    async with app.run_test(size=size) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.article is not None and screen.sources.sources != [])
        await pilot.pause(0.5)
        svg = app.export_screenshot(title="reader")
    with open(path, "w", encoding="utf-8") as out:
        out.write(bidi_override(svg))


if __name__ == "__main__":
    # python -m tests.ui.svg docs/screenshot.svg — the README's screenshot of the real app.
    import asyncio
    import sys

    asyncio.run(_screenshot(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.svg", (130, 34)))
