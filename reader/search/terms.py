"""What the index holds for an article, and what a query looks for in it: the terms.

Kept apart from the index (`reader.search.index`) because both sides must agree on it exactly:
the words written into the FTS table, the words of a query, and the snippets
(`reader.search.snippets`), which find the first hit in the same pieces the terms were built from.

- **What is indexed.** Text is normalized (`reader.search.normalize`) and split into words in
  Python; each word is written followed by its attached-prefix forms (``وقال`` → ``وقال قال``),
  so the FTS table holds, for every word, every form a query word may equal. A query word then is
  a plain FTS term (``"قال"``, or ``"الكاظ"*`` for the word being typed) and finds ``وقال``
  through its stored form. FTS5 cannot put two tokens at one position from Python, so there are
  no phrase queries: the words of a query are ANDed.
- **What is searchable.** The title, the paragraphs, and the article's other text: its date as
  written and as a date (``2021-04-18``), caption, credit, source, authors and tags (front
  matter), stored after the paragraphs (`article_text`), so a year typed as ``2021`` or
  ``٢٠٢١`` finds an article whose only ``2021`` is its date line.
- **In pieces.** A long text is normalized in pieces of about `PIECE_CHARS` characters
  (`pieces`), cut between paragraphs or at spaces, never inside a word nor an escape sequence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from reader.model import Article
from reader.search.match import Query
from reader.search.normalize import match_text, normalize, word_forms, words
from reader.text.sanitize import strip_escapes

#: Text is normalized and split into words in pieces of about this many characters, so that a
#: 60 MB article never has a second normalized copy nor a list of all its words in memory, and
#: no single call holds the GIL for long (the UI thread runs between pieces).
PIECE_CHARS = 1 << 18

# Characters `strip_escapes` acts on (ESC, the other C0 controls but tab and line breaks, C1).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_FORMS_CACHE: dict[str, str] = {}
_FORMS_CACHE_MAX = 200_000


class SyncCancelled(Exception):
    """Raised between pieces of a large article when the sync is cancelled; a loader may raise
    it too (a sync then stops as when `cancelled` says so, and nothing is recorded for the file
    it was loading)."""


def article_text(article: Article) -> str:
    """The searchable body of `article`: its paragraphs, then its date line (as written and as
    an ISO date), caption, credit, source, authors and tags, one per line (line breaks inside
    any of them become spaces)."""
    lines = [p.text for p in article.paragraphs]
    lines += [article.date_text, article.date.isoformat() if article.date else ""]
    lines += [article.caption, article.credit, article.source, *article.authors, *article.tags]
    return "\n".join(line.replace("\n", " ") for line in lines if line.strip())


def body_match_text(body: str) -> str:
    """`match_text` of each paragraph of a stored body (paragraphs joined by line breaks).

    Per paragraph, so that an unterminated escape sequence cannot swallow the paragraphs after
    it; the line breaks stay, so a match's paragraph is the count of breaks before it.
    """
    if not _CONTROLS.search(body):
        return normalize(body)  # nothing to strip: one pass over the whole body
    return "\n".join(match_text(p) for p in body.split("\n"))


def _ranges(text: str) -> Iterator[tuple[int, int, int]]:
    """`text` (paragraphs joined by line breaks) as consecutive ranges of at most about
    `PIECE_CHARS` characters: (start, end, -1) for a run of whole paragraphs, cut at a line
    break; (start, end, begin) for a part of a longer paragraph that begins at `begin`, cut at a
    space (never inside a word; a word with no space for a whole piece makes a longer part)."""
    size = len(text)
    start = 0
    while start < size:
        stop = start + PIECE_CHARS
        if stop >= size:
            yield start, size, -1
            return
        cut = text.rfind("\n", start, stop)
        if cut >= start:
            yield start, cut, -1
            start = cut + 1
            continue
        begin = start
        end = text.find("\n", stop)
        end = size if end < 0 else end
        while start < end:  # one paragraph longer than a piece: its parts
            stop = start + PIECE_CHARS
            if stop >= end:
                yield start, end, begin
                break
            cut = text.rfind(" ", start, stop)
            if cut <= start:
                cut = text.find(" ", stop, end)
                cut = end if cut < 0 else cut
            yield start, cut, begin
            start = cut + 1
        start = end + 1


def pieces(text: str) -> Iterator[tuple[str, bool, bool, bool]]:
    """`text` (paragraphs joined by line breaks) cut into pieces of about `PIECE_CHARS`
    characters, each as (piece, whole, cut before, cut after): `whole` for a run of whole
    paragraphs (raw text, cut at line breaks), else a part of a long paragraph (cut at spaces)
    with its escape sequences already stripped (the paragraph is stripped before it is cut when
    it holds any, so no sequence is cut through)."""
    clean = stripped = -1  # where the long paragraph being cut begins, by what it holds
    for start, end, begin in _ranges(text):
        if begin < 0:
            yield text[start:end], True, False, False
            continue
        if begin == stripped:
            continue  # a later part of a paragraph that was stripped and cut whole
        more = text.startswith(" ", end)
        if begin == clean:
            yield text[start:end], False, True, more
            continue
        finish = text.find("\n", start)
        finish = len(text) if finish < 0 else finish
        if not _CONTROLS.search(text, start, finish):  # (the paragraph's first part)
            clean = begin
            yield text[start:end], False, False, more
            continue
        stripped = begin
        cleaned = strip_escapes(text[start:finish])
        for part_start, part_end, _ in _ranges(cleaned):
            yield cleaned[part_start:part_end], False, part_start > 0, part_end < len(cleaned)


def _match_pieces(text: str) -> Iterator[str]:
    """`body_match_text(text)` in pieces (`pieces`): the words of all the pieces, in order, are
    exactly the words of `body_match_text(text)`."""
    for piece, whole, _, _ in pieces(text):
        yield body_match_text(piece) if whole else normalize(piece)


def index_terms(text: str, cancelled: Callable[[], bool] | None = None) -> str:
    """The FTS column text for `text`: each normalized word followed by its prefix forms.

    Built piece by piece (`PIECE_CHARS`): memory stays a small multiple of the text, and
    `cancelled` is polled between pieces (raising `SyncCancelled`).
    """
    cache = _FORMS_CACHE
    parts: list[str] = []
    for piece in _match_pieces(text):
        if cancelled is not None and cancelled():
            raise SyncCancelled
        found = words(piece)
        if not found:
            continue
        if len(cache) >= _FORMS_CACHE_MAX:
            cache.clear()
        for word in set(found).difference(cache):
            cache[word] = " ".join((word, *word_forms(word)))
        parts.append(" ".join(map(cache.__getitem__, found)))
        del found
    if len(parts) == 1:
        return parts[0]
    return " ".join(parts)


def fts_expression(query: Query) -> str:
    """The FTS5 MATCH expression for `query`: its words ANDed, the word being typed a prefix."""
    # Words hold only letters, digits and marks: quoting makes them plain FTS terms.
    terms = [f'"{w}"' + ("*" if query.is_prefix(i) else "") for i, w in enumerate(query.words)]
    return " AND ".join(terms)
