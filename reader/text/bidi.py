"""The Unicode Bidirectional Algorithm (UAX #9): paragraph levels once, reordering per line.

Levels (rules P2–I2) are resolved once over a whole paragraph; they do not depend on the width, so
the layout caches them. Two sources give the same answer: `reader.text.uax9` (our own, fast, for
paragraphs without explicit embeddings or isolates) and python-bidi's Rust core through its debug
print (for everything else). Both are checked against the Unicode conformance data.

Each wrapped line is then reordered here with L1–L4: trailing whitespace back to the paragraph
level, reversal of runs, combining marks after their base, mirrored glyphs at odd levels.
Levels are `bytes`, one byte (the level number) per character.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache

from bidi import get_display
from bidi.mirror import MIRRORED

from reader.model import Direction

from .cells import zero_width_chars

_STRONG_RTL = frozenset(("R", "AL"))
_ISOLATE_OPEN = frozenset(("LRI", "RLI", "FSI"))

# Characters whose original class makes L1 reset them to the paragraph level at a line's end.
_L1_TRAILING = frozenset(
    ("WS", "LRI", "RLI", "FSI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF")
)
_SEGMENT_SEPARATORS = re.compile("[\t\x0b\x1f\n\r\x1c-\x1e\x85\u2029]")

MIRROR_TABLE = {ord(a): b for a, b in MIRRORED.items()}
_MIRRORED_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(MIRRORED)) + "]")


def _mirror(chunk: str) -> str:
    """L4 for a run at an odd level."""
    return chunk.translate(MIRROR_TABLE) if _MIRRORED_RE.search(chunk) else chunk


@lru_cache(maxsize=8192)
def bidi_class(char: str) -> str:
    """The Bidi_Class of a character, with the defaults UAX #9 gives unassigned code points."""
    cls = unicodedata.bidirectional(char)
    if cls:
        return cls
    cp = ord(char)
    if 0x0590 <= cp <= 0x05FF or 0x07C0 <= cp <= 0x085F or 0xFB1D <= cp <= 0xFB4F:
        return "R"
    if 0x10800 <= cp <= 0x10FFF or 0x1E800 <= cp <= 0x1EFFF:
        return "AL" if 0x10D00 <= cp <= 0x10D3F or 0x10F30 <= cp <= 0x10F6F else "R"
    if (
        0x0600 <= cp <= 0x07BF
        or 0x0860 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDCF
        or 0xFDF0 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or 0x1EC70 <= cp <= 0x1EEFF
    ):
        return "AL"
    if 0x20A0 <= cp <= 0x20CF:
        return "ET"
    if unicodedata.category(char) == "Cn" and (
        0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE or 0xE0000 <= cp <= 0xE0FFF
    ):
        return "BN"
    return "L"


def first_strong(text: str) -> Direction | None:
    """UAX #9 P2–P3: the direction of the first strong letter outside isolates, or None."""
    depth = 0
    for char in text:
        cls = bidi_class(char)
        if cls == "L" and depth == 0:
            return "ltr"
        if cls in _STRONG_RTL and depth == 0:
            return "rtl"
        if cls in _ISOLATE_OPEN:
            depth += 1
        elif cls == "PDI" and depth:
            depth -= 1
    return None


# --- levels from python-bidi's debug print -----------------------------------------------------

_LEVEL_ENTRY = re.compile(rb"Level\(\s*(\d+),")
# UTF-8 continuation bytes become 0x80, lead bytes 0x00 (for the OR trick below).
_CONTINUATION = bytes(0x80 if 0x80 <= b <= 0xBF else 0 for b in range(256))
_HIGH_BYTES = bytes(range(0x80, 0x100))


def crate_levels(text: str, rtl: bool) -> bytes:
    """Resolved levels (before L1) per character, from the unicode-bidi crate."""
    if not text:
        return b""
    debug: str = get_display(text, base_dir="R" if rtl else "L", debug=True)
    data = debug.encode("utf-8", "surrogatepass")
    start = data.index(b"levels: [")
    end = data.index(b"paragraphs: [", start)
    per_byte = bytes(int(m) for m in _LEVEL_ENTRY.findall(data, start, end))
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):  # pragma: no cover - the crate's print changed
        raise RuntimeError("python-bidi debug print has an unexpected shape")
    if len(encoded) == len(text):
        return per_byte
    # Keep the level of each character's lead byte: mark continuation bytes with the high bit and
    # delete every byte with it set (levels are < 126 so never have it themselves).
    marked = int.from_bytes(per_byte, "big") | int.from_bytes(
        encoded.translate(_CONTINUATION), "big"
    )
    return marked.to_bytes(len(per_byte), "big").translate(None, _HIGH_BYTES)


# --- L1–L4 on one line --------------------------------------------------------------------------


def line_levels(text: str, levels: bytes, para_level: int) -> bytes:
    """L1: whitespace at the line end and before segment separators back to the paragraph level."""
    n = len(text)
    end = n
    while end > 0 and bidi_class(text[end - 1]) in _L1_TRAILING:
        end -= 1
    if end == n and not _SEGMENT_SEPARATORS.search(text):
        return levels
    out = bytearray(levels)
    for i in range(end, n):
        out[i] = para_level
    for match in _SEGMENT_SEPARATORS.finditer(text):
        j = match.start()
        out[j] = para_level
        while j > 0 and bidi_class(text[j - 1]) in _L1_TRAILING:
            j -= 1
            out[j] = para_level
    return bytes(out)


_RUN = re.compile(rb"(.)\1*", re.DOTALL)


def _runs(levels: bytes) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), levels[m.start()]) for m in _RUN.finditer(levels)]


def visual_runs(levels: bytes) -> list[tuple[int, int, int]]:
    """L2: the level runs of a line, (start, end, level), in visual order left to right.

    A run is shown reversed when its level is odd.
    """
    runs = _runs(levels)
    if len(runs) <= 1:
        return runs
    highest = max(r[2] for r in runs)
    lowest_odd = min(r[2] for r in runs) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][2] >= level:
                j = i
                while j < len(runs) and runs[j][2] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return runs


def visual_indices(levels: bytes) -> list[int]:
    """The logical index of each visual position (L2 only), for conformance tests."""
    order: list[int] = []
    for start, end, level in visual_runs(levels):
        span = range(start, end)
        order.extend(reversed(span) if level & 1 else span)
    return order


def reorder(
    text: str,
    levels: bytes,
    para_level: int,
    sources: Sequence[int],
    marks: bool = True,
) -> tuple[str, Sequence[int]]:
    """L1–L4 for one line: its visual text and, per visual character, its entry of `sources`.

    `marks=False` promises the line has no combining marks (L3 has nothing to do).
    """
    if levels and levels.count(levels[0]) == len(levels) and levels[0] == para_level:
        # One run at the paragraph level (a line of plain Arabic, or of plain English): L1 has
        # nothing to change, L2 reverses at most the whole line.
        if not para_level & 1:
            return text, sources
        chunk = _mirror(text[::-1])
        if marks and not marks_of(chunk).isdisjoint(chunk):
            return _marks_after_base(chunk, list(sources)[::-1])
        return chunk, sources[::-1]
    levels = line_levels(text, levels, para_level)
    parts: list[str] = []
    origin = array("i")
    for start, end, level in visual_runs(levels):
        where: Sequence[int]
        if level & 1:
            chunk = _mirror(text[start:end][::-1])
            where = sources[start:end][::-1]
            if marks and not marks_of(chunk).isdisjoint(chunk):
                chunk, where = _marks_after_base(chunk, list(where))
        else:
            chunk = text[start:end]
            where = sources[start:end]
        parts.append(chunk)
        origin.extend(where)
    return "".join(parts), origin


@lru_cache(maxsize=1)
def mark_chars() -> frozenset[str]:
    """The characters L3 keeps after their base: those a terminal draws on the cell before
    (zero cells wide: the combining marks), less the invisible controls.

    Built once, from the width table of `reader.text.cells` (a scan of the planes that hold
    marks, some 30 ms: only text with an astral character needs more than the BMP part).
    """
    from .sanitize import is_invisible

    astral = set(zero_width_chars(0x10000, 0x10FFFF))
    astral.difference_update([c for c in astral if is_invisible(c)])
    return bmp_mark_chars() | astral


@lru_cache(maxsize=1)
def bmp_mark_chars() -> frozenset[str]:
    """The part of `mark_chars` in the BMP: all a line without astral characters needs, and
    quicker to build (most zero-width code points are astral: plane 14 alone has 4,096)."""
    from .sanitize import INVISIBLE_BMP

    zero = set(zero_width_chars(0, 0xFFFF) - INVISIBLE_BMP)
    zero.discard("\x00")
    # Surrogates and private use are invisible too (`is_invisible` compares them as a range):
    # dropped, should the width table ever count one as zero-width.
    return frozenset(c for c in zero if not "\ud800" <= c < "\uf900")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def marks_of(text: str) -> frozenset[str]:
    """The mark table `text` needs: `bmp_mark_chars()` unless it has an astral character."""
    return mark_chars() if _ASTRAL.search(text) else bmp_mark_chars()


def _marks_after_base(chunk: str, where: list[int]) -> tuple[str, list[int]]:
    """L3: in a reversed run marks precede their base; put each group after it, logically."""
    marks = marks_of(chunk)
    chars = list(chunk)
    out_chars: list[str] = []
    out_where: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        j = i
        while j < n and chars[j] in marks:
            j += 1
        if j > i and j < n:
            out_chars.append(chars[j])
            out_where.append(where[j])
            out_chars.extend(reversed(chars[i:j]))
            out_where.extend(reversed(where[i:j]))
            i = j + 1
        elif j > i:  # marks with no base on this line: keep them, in logical order
            out_chars.extend(reversed(chars[i:j]))
            out_where.extend(reversed(where[i:j]))
            i = j
        else:
            out_chars.append(chars[i])
            out_where.append(where[i])
            i += 1
    return "".join(out_chars), out_where
