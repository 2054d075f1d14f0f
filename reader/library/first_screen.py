"""The first screen, read before it is painted: the first headlines and the article to open.

Starting the scan in a worker and opening the first article when its headline arrives costs a
"Loading…" frame, a frame of headlines without their article, and the pacing between them; the
reader would paint three screens before the one the user came for. Instead, the first screen's
content is read here, on the UI thread before the first paint, within bounds: as many headlines
as the list can show (or `budget` seconds of reading by `clock`, whichever comes first), their
read and bookmark marks, and the article to open unless its file is large (`SYNC_ARTICLE_BYTES`).
The rest of the scan goes on in a worker from where this stopped (`FirstScreen.rest`), once the
first screen is painted.

Pure Python (no Textual): the screen applies the result. The clock is injected, so the budget
rule is tested with a fake clock rather than with the machine's speed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.reading import Failed, Opened, open_article
from reader.library.scan import PAUSE, Stamps, parsed_whole, scan
from reader.model import Headline

if TYPE_CHECKING:
    from reader.library.cache import HeadlineCache
    from reader.library.reading import Marks, ReadingState
    from reader.model import Article

#: How long the first screen may spend reading headlines (seconds): a slow disk or a folder of
#: huge JSON lists does not hold the first paint up for longer.
SCAN_BUDGET = 0.03
#: An article file larger than this is opened in a worker after the first paint (with a
#: "Loading…" notice), not before it.
SYNC_ARTICLE_BYTES = 256 * 1024


class FirstScreen:
    """What the first paint shows, and where the scan goes on from."""

    def __init__(self) -> None:
        #: The headlines read so far, in scan order.
        self.entries: list[Headline] = []
        #: The rest of the scan (a generator to resume in the worker); None when it is done.
        self.rest: Iterator[Headline] | None = None
        #: Every article file found so far with its stamp; the rest of the scan adds to it.
        self.stamps: Stamps = {}
        #: Read/bookmark marks of `entries`.
        self.marks: dict[Path, Marks] = {}
        #: The position in `entries` of the one to open; -1: none yet (the scan will find it).
        self.selected = -1
        #: The article at `selected`, when it was read here (else it is opened in a worker).
        self.article: Article | None = None
        #: Its saved position (a paragraph number).
        self.position = 0
        #: Why the article at `selected` cannot be read, when it cannot.
        self.failure: str | None = None

    @property
    def done(self) -> bool:
        """True when the whole scan was read here (a small folder)."""
        return self.rest is None


def _slow(path: Path, size: int) -> bool:
    return parsed_whole(path, size, SYNC_ARTICLE_BYTES)


def _is(path: Path, resume: Path | None, absolute_resume: Path | None) -> bool:
    if resume is None:
        return False
    return path == resume or Path(os.path.abspath(path)) == absolute_resume


def _file_size(headline: Headline) -> int:
    try:
        return os.stat(headline.file or headline.path).st_size
    except OSError:
        return 0  # reading it will give the reason


def read_first_screen(
    paths: list[Path],
    state: ReadingState,
    *,
    rows: int,
    resume: Path | None,
    folder: Path,
    cache: HeadlineCache | None = None,
    clock: Callable[[], float] = time.monotonic,
    budget: float = SCAN_BUDGET,
    items: Iterable[Headline] = (),
    order: str = "",
) -> FirstScreen:
    """Read the first `rows` headlines (or what `budget` seconds by `clock` allow) and the
    article to open: `resume` when it is among them, else the first one. With `resume` not
    found yet and more to scan, nothing is opened: the screen waits for the scan to find it.
    `cache` answers for the files it knows unchanged (`reader.library.cache.HeadlineCache`).
    `items`: the stored feed items, listed after the files (read as far as the first screen
    needs; the scan's worker reads the rest). `order`: the list's sort order (`sort`), in
    which the headlines read are listed and the first of them opened."""
    first = FirstScreen()
    entries = first.entries
    # A file whose headline means parsing it whole (a large JSON list or HTML page) is left to
    # the scan's worker: the first screen shows what came before it.
    found = chain(scan(paths, first.stamps, cache, pause=_slow), items)
    deadline = clock() + budget
    resume_at = -1
    absolute_resume = Path(os.path.abspath(resume)) if resume is not None else None
    for headline in found:
        if headline is PAUSE:
            first.rest = found
            break
        entries.append(headline)
        if resume_at < 0 and _is(headline.path, resume, absolute_resume):
            resume_at = len(entries) - 1
        if len(entries) >= rows and (resume is None or resume_at >= 0):
            first.rest = found
            break
        if clock() > deadline:
            first.rest = found
            break
    if order and entries:
        from reader.library.ordering import sort_headlines

        wanted = entries[resume_at].path if resume_at >= 0 else None
        entries[:] = sort_headlines(entries, order)
        if wanted is not None:
            resume_at = next(i for i, entry in enumerate(entries) if entry.path == wanted)
    readable = [headline.path for headline in entries if headline.error is None]
    if readable:
        first.marks = state.marks(readable)
    if resume_at >= 0:
        first.selected = resume_at
    elif entries and (resume is None or first.done):
        first.selected = 0
    if first.selected >= 0:
        _open(first, state, folder)
    return first


def _open(first: FirstScreen, state: ReadingState, folder: Path) -> None:
    headline = first.entries[first.selected]
    if headline.error is not None:
        first.failure = headline.error
        return
    if _file_size(headline) > SYNC_ARTICLE_BYTES:
        return  # opened in a worker, after the first paint
    result = open_article(headline.path, state, folder)
    if isinstance(result, Failed):
        first.failure = result.reason
    elif isinstance(result, Opened):
        first.article, first.position = result
