"""Snippets: the one cleaned line of a search hit, with the hits inside it as spans.

Apart from the index because a snippet is built from stored text alone, after the database
call and outside its lock, and because it is where a hit's raw text (escapes, bidi controls, a
12 MB paragraph) meets the screen: what makes it safe and bounded lives here, in one place.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from reader.search.match import Query
from reader.search.normalize import match_text_with_map, normalize
from reader.search.terms import body_match_text, pieces
from reader.text.sanitize import clean_line, sanitize_with_map

#: Around the first hit, this many characters of context on each side of a snippet.
SNIPPET_CONTEXT = 60


def clean_with_map(text: str) -> tuple[str, Sequence[int]]:
    """`clean_line(text)` and, for each of its characters, its offset in `text`.

    `clean_line` only drops characters of the sanitized text, and drops every copy of a dropped
    character, so walking both in step aligns them exactly.
    """
    sanitized, origin = sanitize_with_map(text)
    cleaned = clean_line(text)
    if len(cleaned) == len(sanitized):
        return cleaned, origin
    kept: list[int] = []
    for char, offset in zip(sanitized, origin, strict=True):
        if len(kept) < len(cleaned) and cleaned[len(kept)] == char:
            kept.append(offset)
    return cleaned, kept


def _hit_source(body: str, query: Query) -> tuple[str, bool, bool] | None:
    """The paragraph of `body` with the first hit, or for a paragraph longer than `PIECE_CHARS`
    the part of it (cut at spaces) with the hit, and whether text was cut before and after it.

    The body is normalized piece by piece up to the first hit only: a 60 MB article is never
    normalized whole, nor mapped character by character, for one snippet.
    """
    pattern = query.pattern
    for piece, whole, before, after in pieces(body):
        if not whole:
            if pattern.search(normalize(piece)):
                return piece, before, after
            continue
        normalized = body_match_text(piece)
        first = pattern.search(normalized)
        if first is None:
            continue
        start = 0
        for _ in range(normalized.count("\n", 0, first.start())):
            start = piece.index("\n", start) + 1
        stop = piece.find("\n", start)
        return piece[start : len(piece) if stop < 0 else stop], False, False
    return None


def make_snippet(title: str, body: str, query: Query) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A cleaned one-line excerpt around the first hit (body first, else the title), with spans."""
    found = _hit_source(body, query)
    source, before, after = found if found is not None else (title, False, False)
    normalized = match_text_with_map(source)
    spans = [normalized.to_original(*m.span()) for m in query.pattern.finditer(normalized.text)]
    if not spans:
        return "", ()
    # Cleaned whole before it is cut (`source` is one paragraph, or one bounded piece of a long
    # one): cut first, an escape sequence straddling the cut would leave its payload's text.
    cleaned, origin = clean_with_map(source)
    hits = [(bisect.bisect_left(origin, a), bisect.bisect_left(origin, b)) for a, b in spans]
    hits = [(a, b) for a, b in hits if a < b]
    if not hits:
        return "", ()  # every hit was inside what cleaning removes
    first, last = hits[0]
    start = max(0, first - SNIPPET_CONTEXT)
    end = min(len(cleaned), last + SNIPPET_CONTEXT)
    if start > 0:  # begin and end on word boundaries
        space = cleaned.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(cleaned):
        space = cleaned.rfind(" ", last, end)
        end = space if space >= 0 else end
    lead = "… " if start > 0 or before else ""
    tail = " …" if end < len(cleaned) or after else ""
    out = [
        (a - start + len(lead), b - start + len(lead)) for a, b in hits if start <= a and b <= end
    ]
    return lead + cleaned[start:end] + tail, tuple(out)
