"""From a paragraph of logical text to display lines for a width in terminal cells.

The pipeline (issue #2): sanitize → base direction → shape → levels over the whole paragraph →
wrap the shaped *logical* text → reorder each line (L1–L4) → drop invisible controls → align.
Everything up to the levels is width-independent and done once per paragraph (`prepare`, cached);
`PreparedParagraph.lines(width)` only wraps and reorders, cached per width.

Every displayed character carries the offset of its source in the original text (`sources`), so
styles and search hits given as offsets into the article's text land on the right cells.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple, TypedDict, Unpack

from rich.cells import cell_len, get_character_cell_size

from reader.model import Direction

from . import bidi as bidi_module
from . import uax9
from .cells import one_cell_chars
from .sanitize import INVISIBLE_BMP, is_invisible, sanitize_with_map
from .shaping import Harakat, shape

#: Who shapes and reorders: the reader (`app`) or the terminal (logical text).
BidiMode = Literal["app", "terminal"]

ELLIPSIS = "…"


class DisplayLine(NamedTuple):
    """One line as the terminal shows it, left to right."""

    text: str
    pad: int
    sources: Sequence[int]  # compact (array or range): a 1 MB article has a million of them
    cells: int

    @property
    def padded(self) -> str:
        return " " * self.pad + self.text


def _single_cell_chars() -> frozenset[str]:
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0x2FF),
        (0x370, 0x482),
        (0x5BE, 0x5BE),
        (0x5C0, 0x5C0),
        (0x5C3, 0x5C3),
        (0x5C6, 0x5C6),
        (0x5D0, 0x5F4),
        (0x600, 0x6FF),
        (0x750, 0x77F),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x20A0, 0x20C0),
        (0xFB1D, 0xFDFF),
        (0xFE70, 0xFEFE),
    ]
    # The scripts the reader is for: a word of these alone is as many cells as characters.
    return one_cell_chars(ranges) - INVISIBLE_BMP


_SINGLE_CELL = _single_cell_chars()
_is_single_cell_text = _SINGLE_CELL.issuperset


@lru_cache(maxsize=64)
def _wrap_re(width: int) -> re.Pattern[str]:
    # Greedy: as many characters as fit, ending before a space or at the end; else (a word wider
    # than the line) exactly `width` characters of it.
    return re.compile(rf"(.{{1,{width}}})(?: |\Z)|([^ ]{{{width}}})", re.DOTALL)


def _wrap_uniform(text: str, width: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _wrap_re(width).finditer(text):
        group = 1 if match.start(1) >= 0 else 2
        spans.append((match.start(group), match.end(group)))
    return spans


def _visible(text: str) -> str:
    return "".join(c for c in text if not is_invisible(c))


def _cut_word(text: str, start: int, end: int, width: int) -> list[tuple[int, int, int]]:
    """Cut an over-long word every `width` cells, never between a letter and its marks."""
    pieces: list[tuple[int, int, int]] = []
    piece_start = start
    cells = 0
    for i in range(start, end):
        char = text[i]
        size = 0 if is_invisible(char) else get_character_cell_size(char)
        if size and cells + size > width and cells > 0:
            pieces.append((piece_start, i, cells))
            piece_start = i
            cells = 0
        cells += size
    pieces.append((piece_start, end, cells))
    return pieces


_WORD = re.compile("[^ ]+")


def _wrap_general(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy wrap at U+0020 with cell widths (wide, zero-width and invisible characters)."""
    spans: list[tuple[int, int]] = []
    line_start = -1
    line_end = 0
    line_cells = 0
    # Word by word from the text (not `split`: a list of 6 million words for a 30 MB paragraph).
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        cells = cell_len(_visible(word)) if not _is_single_cell_text(word) else len(word)
        pieces = [(start, end, cells)] if cells <= width else _cut_word(text, start, end, width)
        for piece_start, piece_end, piece_cells in pieces:
            if line_start >= 0 and line_cells + 1 + piece_cells <= width:
                line_end = piece_end
                line_cells += 1 + piece_cells
                continue
            if line_start >= 0:
                spans.append((line_start, line_end))
            line_start, line_end, line_cells = piece_start, piece_end, piece_cells
    if line_start >= 0:
        spans.append((line_start, line_end))
    return spans


_OUTSIDE_BMP_TABLE = re.compile("[\ud800-\uf8ff\U00010000-\U0010ffff]")


def _may_hide(text: str) -> bool:
    """False when no character of `text` is invisible (the common case: one set lookup in C)."""
    return not INVISIBLE_BMP.isdisjoint(text) or _OUTSIDE_BMP_TABLE.search(text) is not None


class PreparedParagraph:
    """The width-independent work for one paragraph; `lines(width)` for each width asked."""

    __slots__ = (
        "_cache",
        "_marks",
        "_spans",
        "_uniform",
        "bidi",
        "levels",
        "para_level",
        "rtl",
        "shaped",
        "sources",
    )

    def __init__(
        self,
        text: str,
        *,
        direction: Direction | None = None,
        fallback: Direction = "rtl",
        harakat: Harakat = "keep",
        bidi: BidiMode = "app",
    ) -> None:
        clean, to_raw = sanitize_with_map(text)
        found = direction or bidi_module.first_strong(clean)
        self.rtl: bool = (found or fallback) == "rtl"
        self.para_level = 1 if self.rtl else 0
        self.bidi: BidiMode = bidi
        if bidi == "app":
            shaped, to_clean = shape(clean, harakat)
            self.sources: Sequence[int] = _compose(to_raw, to_clean)
            self.levels: bytes = resolve_levels(shaped, self.rtl)
        else:
            shaped = clean
            self.sources = to_raw
            self.levels = b""
        self.shaped: str = shaped
        self._uniform = _is_single_cell_text(shaped)
        self._marks = not self._uniform and not bidi_module.marks_of(shaped).isdisjoint(shaped)
        self._cache: OrderedDict[int, tuple[DisplayLine, ...]] = OrderedDict()
        self._spans: tuple[int, list[tuple[int, int]]] | None = None  # (width, its wrap)

    def wrap(self, width: int) -> list[tuple[int, int]]:
        """Logical (start, end) spans of the shaped text, one per line."""
        if self._uniform:
            return _wrap_uniform(self.shaped, width)
        return _wrap_general(self.shaped, width)

    def lines(self, width: int) -> tuple[DisplayLine, ...]:
        width = max(1, width)
        cached = self._cache.get(width)
        if cached is not None:
            self._cache.move_to_end(width)
            return cached
        result = tuple(self._line(start, end, width) for start, end in self.wrap(width))
        self._cache[width] = result
        if len(self._cache) > 4:
            self._cache.popitem(last=False)
        return result

    def line_count(self, width: int) -> int:
        """How many lines `lines(width)` has, without laying them out (wrapping only)."""
        width = max(1, width)
        cached = self._cache.get(width)
        return len(cached) if cached is not None else len(self._wrapped(width))

    def line_at(self, number: int, width: int) -> DisplayLine:
        """`lines(width)[number]`, laying out that line alone (a view shows a few lines of a
        paragraph of millions of characters without making all its lines)."""
        width = max(1, width)
        cached = self._cache.get(width)
        if cached is not None:
            return cached[number]
        start, end = self._wrapped(width)[number]
        return self._line(start, end, width)

    def _wrapped(self, width: int) -> list[tuple[int, int]]:
        spans = self._spans
        if spans is None or spans[0] != width:
            spans = self._spans = (width, self.wrap(width))
        return spans[1]

    def iter_lines(self, width: int) -> Iterator[DisplayLine]:
        """`lines(width)` one at a time, without keeping them (`reader render` prints a huge
        paragraph this way, in the memory of one line)."""
        width = max(1, width)
        cached = self._cache.get(width)
        if cached is not None:
            yield from cached
            return
        for start, end in self.wrap(width):
            yield self._line(start, end, width)

    def _line(self, start: int, end: int, width: int, suffix: str = "") -> DisplayLine:
        text = self.shaped[start:end]
        sources: Sequence[int] = self.sources[start:end]
        if suffix:
            # An appended neutral at the logical end takes the paragraph level.
            text += suffix
            sources = [*sources, sources[-1] if len(sources) else 0]
        if self.bidi == "app":
            levels = self.levels[start:end]
            if suffix:
                levels += bytes((self.para_level,))
            text, sources = bidi_module.reorder(text, levels, self.para_level, sources, self._marks)
        if not self._uniform and _may_hide(text):
            keep = [i for i, c in enumerate(text) if not is_invisible(c)]
            if len(keep) != len(text):
                text = "".join(text[i] for i in keep)
                sources = [sources[i] for i in keep]
        cells = len(text) if self._uniform else cell_len(text)
        pad = max(0, width - cells) if self.rtl else 0
        return DisplayLine(text, pad, _compact(sources), cells)

    def fit(self, width: int) -> DisplayLine:
        """One line keeping the text's beginning; `…` at its logical end when it is cut."""
        width = max(1, width)
        spans = self.wrap(width)
        if len(spans) <= 1:
            start, end = spans[0] if spans else (0, 0)
            return self._line(start, end, width)
        ellipsis_width = 1
        spans = self.wrap(max(1, width - ellipsis_width))
        start, end = spans[0]
        return self._line(start, end, width, suffix=ELLIPSIS)

    def locate(self, offset: int, width: int) -> tuple[int, int] | None:
        """(line, cell) of the character at `offset` in the original text, or None if not shown."""
        for number, line in enumerate(self.lines(width)):
            if offset in line.sources:
                index = line.sources.index(offset)
                return number, line.pad + cell_len(line.text[:index])
        return None


def _compose(outer: Sequence[int], inner: Sequence[int]) -> Sequence[int]:
    """`outer[i] for i in inner`, without a Python loop when `outer` is a plain offset."""
    if isinstance(outer, range) and outer.step == 1:
        if outer.start == 0:
            return inner
        if isinstance(inner, range):
            return range(inner.start + outer.start, inner.stop + outer.start)
    return array("i", [outer[i] for i in inner])


def _compact(sources: Sequence[int]) -> Sequence[int]:
    return sources if isinstance(sources, array | range) else array("i", sources)


def resolve_levels(shaped: str, rtl: bool) -> bytes:
    """Paragraph levels: our fast resolver where it applies, the crate otherwise."""
    levels = uax9.resolve(shaped, 1 if rtl else 0)
    if levels is None:
        levels = bidi_module.crate_levels(shaped, rtl)
    return levels


class Options(TypedDict, total=False):
    """The engine's options, as keyword arguments of `prepare`, `render_lines` and `fit`."""

    direction: Direction | None  # force the paragraph's direction
    fallback: Direction  # for a paragraph without a strong letter: the article's direction
    harakat: Harakat
    bidi: BidiMode


@lru_cache(maxsize=2048)
def prepare(text: str, **options: Unpack[Options]) -> PreparedParagraph:
    """The prepared paragraph for these options (cached: a repaint never reshapes)."""
    return PreparedParagraph(text, **options)


def render_lines(text: str, width: int, **options: Unpack[Options]) -> list[str]:
    """Display strings for one paragraph, padded for alignment, no trailing spaces."""
    return [line.padded.rstrip(" ") for line in prepare(text, **options).lines(width)]


def fit(text: str, width: int, **options: Unpack[Options]) -> DisplayLine:
    """One display line of `text` that keeps its beginning (for headline lists)."""
    return prepare(text, **options).fit(width)


def base_direction(text: str) -> Direction | None:
    """The direction of the first strong letter (UAX #9 P2–P3), None when there is none."""
    return bidi_module.first_strong(text)
